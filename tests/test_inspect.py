"""`budgetpdf inspect`: the listing is the extract run's own trace, and the picture lines up."""

from __future__ import annotations

import ast
import re

import pytest
from PIL import Image
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.extractors.assemble.trace import Outcome
from budgetpdf.extractors.document import ExtractOptions
from budgetpdf.extractors.inspection.image import GRID, TABLE_BOX, draw_page
from budgetpdf.extractors.inspection.listing import listing
from budgetpdf.extractors.inspection.record import Inspection, inspect_document
from conftest import CORPUS, REPO, SAMPLES, SEED_PDF

pytestmark = pytest.mark.slow

runner = CliRunner()
JIANGSU = SAMPLES / "jiangsu-npc-office-2019-tables.pdf"  # every page /Rotate 90
# Its MediaBox is written upside down ([0 595.276 841.89 0]) on pages 39-84.
INVERTED = CORPUS / "calinchow-del__renwu__minzhengju_2026nianbumenyusuan_f5204630.pdf"


@pytest.fixture(scope="module")
def seed_listing() -> str:
    result = runner.invoke(app, ["inspect", str(SEED_PDF)])
    assert result.exit_code == 0, result.output
    return result.output


def _block(listing: str, page: int) -> str:
    """The lines of one page in the listing."""
    match = re.search(rf"^page {page}\n(.*?)(?=^page|\Z)", listing, re.S | re.M)
    assert match, f"no block for page {page}"
    return match.group(1)


@pytest.mark.parametrize("pdf", sorted(SAMPLES.glob("*.pdf")), ids=lambda p: p.stem)
def test_trace_tables_are_extracts_tables(pdf, specs):
    """The readings that became tables name exactly extract's tables, specs and pages."""
    inspection = inspect_document(pdf, specs)
    from_trace: dict[int, set[int]] = {}
    for page in inspection.pages:
        for reading in page.readings:
            if reading.outcome is Outcome.TABLE:
                assert reading.table is not None
                from_trace.setdefault(reading.table, set()).add(reading.page)
    tables = inspection.result.tables
    assert sorted(from_trace) == list(range(len(tables)))
    for index, table in enumerate(tables):
        # A title printed at a page foot gives its page to the table without a reading there.
        assert from_trace[index] <= set(table.pages)
        assert set(table.pages) - from_trace[index] <= {table.pages[0]}
        reading = next(r for p in inspection.pages for r in p.readings if r.table == index)
        assert reading.spec == table.spec
    # Every page's listing can be written, a page a table's ruling spills onto blank included.
    assert all(isinstance(line, str) for line in listing(inspection))


@pytest.fixture(scope="module")
def seed_inspection(specs) -> Inspection:
    return inspect_document(SEED_PDF, specs)


def test_inspect_runs_extract_itself(seed_inspection, seed_result):
    assert seed_inspection.result.to_dict() == seed_result.to_dict()


def test_cli_listing_is_the_librarys_listing(seed_inspection, seed_listing):
    assert seed_listing == "".join(f"{line}\n" for line in listing(seed_inspection))


def test_listing_says_whose_budget_and_where_it_reads_so(seed_inspection):
    cover = "'武汉市人力资源和社会保障信息中心 / 2023年单位预算'"
    assert listing(seed_inspection)[1:6] == [
        f"  organization: 武汉市人力资源和社会保障信息中心 (cover, p.1 {cover})",
        f"  year: 2023 (cover, p.1 {cover})",
        f"  kind: budget (cover, p.1 {cover})",
        f"  scope: unit (cover, p.1 {cover})",
        f"  title: 武汉市人力资源和社会保障信息中心2023年单位预算 (cover, p.1 {cover})",
    ]


def test_listing_of_one_page(seed_inspection):
    lines = listing(seed_inspection, page=8)
    assert lines[0].startswith("wuhan-hrss-info-center-2023.pdf: 15 pages, 11 tables")
    assert lines[1] == "page 8"
    assert not any(line.startswith("page") for line in lines[2:])
    # A page the text pass skipped is one line, as in a run of such pages.
    assert listing(seed_inspection, page=1)[1:] == [
        "page 1: not parsed, no line a spec's titles match (text pass)"
    ]


def test_listing_shows_tables_header_paths_and_spec_columns(seed_listing):
    assert seed_listing.startswith("wuhan-hrss-info-center-2023.pdf: 15 pages, 11 tables")
    page8 = _block(seed_listing, 8)
    assert "title '一般公共预算支出表' -> general_budget_expenditure" in page8
    assert "table 5 of 11: general_budget_expenditure, page 8, unit 万元 (printed)" in page8
    assert "ruled: 17 rows x 7 columns, 2 header rows" in page8
    assert re.search(r"c1 +科目编码 +key: code\n", page8)
    assert re.search(r"c2 +科目名称 +key: name\n", page8)
    assert re.search(r"c5 +基本支出/人员经费 +basic_personnel\n", page8)
    assert re.search(r"c7 +项目支出 +project\n", page8)
    assert "rows: 15, codes 208 … 2210203" in page8
    page11 = _block(seed_listing, 11)
    assert "continuing from the page before: general_budget_basic_expenditure" in page11
    assert "table 7 of 11: general_budget_basic_expenditure, pages 10-11" in page11
    assert "page 1: not parsed" in seed_listing


def test_listing_says_why_near_misses_were_rejected(seed_listing):
    # 财政拨款收支总表 also matches 收支总表's pattern; that spec's exclude_titles vetoes it.
    page7 = _block(seed_listing, 7)
    assert "near miss '财政拨款收支总表'" in page7
    assert "income_expenditure_summary: exclude_titles /财政拨款/ matches" in page7
    # The table of contents names every table; nothing with amounts stands below a line.
    toc = _block(seed_listing, 2)
    assert "title '表 10. 项目支出情况表' -> project_expenditure" in toc
    assert re.search(
        r"project_expenditure\n +-> rejected below its title: no table of project_expenditure"
        r" there\n +words: no amounts below the header .*\[no_amounts\]",
        toc,
    )
    assert "near miss '表 12. 项目支出绩效目标表'\n    shaped like a title, but no spec's" in toc
    # A header that lacks what the spec requires, with the header paths that were read.
    assert "header lacks /收入/" in toc and "[header_requires]" in toc


def test_listing_names_unmapped_columns():
    result = runner.invoke(app, ["inspect", str(JIANGSU), "--page", "2"])
    assert result.exit_code == 0, result.output
    assert re.search(r"c1 +项目名称 +key: name\n", result.output)
    assert re.search(r"c3 +金额 +col3: unmapped, no spec column names this header\n", result.output)
    assert "page 3" not in result.output


def _imported(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.append(node.module or "")
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def test_no_command_imports_another():
    """A command parses options, calls the library and prints; what it prints is laid out in
    the library (extractors/inspection/listing.py for inspect), never borrowed from a
    sibling command."""
    for source in sorted((REPO / "cli" / "commands").glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        siblings = [m for m in _imported(tree) if m.startswith("budgetpdf.cli.commands")]
        assert siblings == [], source.name


def _colour_count(image: Image.Image, colour: tuple[int, int, int]) -> int:
    counts = image.getcolors(maxcolors=image.width * image.height) or []
    return next((n for n, c in counts if c == colour), 0)


def _check_png(path, page_height_px_min: int) -> Image.Image:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(path)
    image.load()
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.width >= 1200 and image.height >= page_height_px_min
    assert 50_000 < path.stat().st_size < 5_000_000
    return image


def test_png_of_a_rotated_page(tmp_path):
    target = tmp_path / "page5.png"
    result = runner.invoke(app, ["inspect", str(JIANGSU), "-p", "5", "--png", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.output
    image = _check_png(target, 1000)
    # The table box and the cell grid were drawn on the page (not off it, not in the legend).
    page_area = image.crop((0, 0, image.width, image.height - 300))
    assert _colour_count(page_area, TABLE_BOX) > 2000
    assert _colour_count(page_area, GRID) > 2000


def test_png_of_a_words_engine_grid(tmp_path):
    target = tmp_path / "seed8.png"
    args = ["inspect", str(SEED_PDF), "-p", "8", "--png", str(target), "--engine", "words"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "words: " in result.output
    image = _check_png(target, 900)
    assert _colour_count(image, GRID) > 1000


def test_png_needs_a_page(tmp_path):
    result = runner.invoke(app, ["inspect", str(SEED_PDF), "--png", str(tmp_path / "x.png")])
    assert result.exit_code == 2
    assert "--png draws one page; give it with --page N" in result.output
    result = runner.invoke(app, ["inspect", str(SEED_PDF), "-p", "99"])
    assert result.exit_code == 2 and "the PDF has 15 pages" in result.output


@pytest.mark.corpus
@pytest.mark.skipif(not INVERTED.exists(), reason="corpus absent")
def test_png_of_a_page_with_an_inverted_mediabox(tmp_path, specs):
    """pdfminer puts this page's text a page height too low; the drawing lines up anyway."""
    # Pages 48-49 only: the table starts on 48 and continues on 49.
    inspection = inspect_document(INVERTED, specs, ExtractOptions(pages=frozenset({48, 49})))
    (reading, table), *_ = inspection.tables_on(49)
    attempt = reading.taken
    assert attempt is not None and attempt.grid is not None
    assert attempt.grid.bbox[1] > 595  # below the nominal page: the case at hand
    image = draw_page(inspection, 49)
    page_area = image.crop((0, 0, image.width, image.height - 300))
    assert _colour_count(page_area, TABLE_BOX) > 2000
