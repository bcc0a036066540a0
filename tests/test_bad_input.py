"""Broken, hostile and odd PDFs: each gets a clear one-line error and its own exit code, or,
when the file can be read after all, the same tables as the intact file.

Every input is made here: bytes of the seed cut or edited, or a PDF built by tests/odd_pdfs.py.
The cases and their messages are the README's "Bad input" table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import odd_pdfs
from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.result import DocumentResult
from conftest import SAMPLES, SEED_PDF

pytestmark = pytest.mark.slow

runner = CliRunner()
SEED = SEED_PDF.read_bytes()


def edited(old: bytes, new: bytes, data: bytes = SEED) -> bytes:
    assert data.count(old) == 1, old
    return data.replace(old, new)


def blanked_in_object(number: int, old: bytes, new: bytes = b"") -> bytes:
    """The seed with `old` replaced by `new`, padded with spaces to the same length so every
    byte offset holds, inside object `number` only."""
    start = SEED.index(b"\n%d 0 obj" % number)
    end = SEED.index(b"endobj", start)
    return SEED[:start] + edited(old, new.ljust(len(old)), SEED[start:end]) + SEED[end:]


def tables_of(result: DocumentResult, with_bbox: bool = True) -> list[dict]:
    tables = [t.to_dict() for t in result.tables]
    return tables if with_bbox else [{**t, "bbox": None} for t in tables]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    target = tmp_path / name
    target.write_bytes(data)
    return target


def cli_extract(pdf: Path, out: Path, *extra: str):  # noqa: ANN201
    result = runner.invoke(app, ["extract", str(pdf), "-o", str(out), *extra])
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    return result


# Each case: how to make the file, the exit code, and the words of the one-line message.
Maker = Callable[[Path], Path]
FAILING: dict[str, tuple[Maker, ExitCode, str]] = {
    "html page named .pdf": (
        lambda d: write(d, "page.pdf", b"<!DOCTYPE html>\n<html><body>Not found</body></html>"),
        ExitCode.UNREADABLE_PDF,
        "page.pdf: not a PDF: no %PDF- header (it looks like an HTML page)",
    ),
    "empty file": (
        lambda d: write(d, "empty.pdf", b""),
        ExitCode.UNREADABLE_PDF,
        "empty.pdf: the file is empty",
    ),
    "truncated download": (
        lambda d: write(d, "cut.pdf", SEED[: len(SEED) // 2]),
        ExitCode.UNREADABLE_PDF,
        "cut.pdf: truncated PDF, no %%EOF at its end (an interrupted download?): "
        "an object runs past the end of the file",
    ),
    "truncated real document": (
        lambda d: write(
            d, "cut.pdf", (SAMPLES / "shanghai-finance-2026.pdf").read_bytes()[:120_000]
        ),
        ExitCode.UNREADABLE_PDF,
        "cut.pdf: truncated PDF, no %%EOF at its end",
    ),
    "a header and nothing else": (
        lambda d: write(
            d, "hollow.pdf", b"%PDF-1.7\n" + b"Service unavailable\n" * 50 + b"%%EOF\n"
        ),
        ExitCode.UNREADABLE_PDF,
        "hollow.pdf: damaged PDF: it has no document catalog (/Root), so its pages cannot be found",
    ),
    "zero pages": (
        lambda d: odd_pdfs.no_pages(d / "nothing.pdf"),
        ExitCode.UNREADABLE_PDF,
        "nothing.pdf: the PDF has no pages",
    ),
    "page contents destroyed": (
        # Line ends converted to CRLF (a transfer in text mode) break every compressed stream.
        lambda d: write(
            d,
            "crlf.pdf",
            (SAMPLES / "xian-petition-bureau-2026-tables.pdf").read_bytes().replace(b"\n", b"\r\n"),
        ),
        ExitCode.UNREADABLE_PDF,
        "crlf.pdf: damaged PDF: none of its 16 pages shows anything, no text, image or drawing",
    ),
    "user password, none given": (
        lambda d: odd_pdfs.encrypted_seed(d / "locked.pdf", "secret", "owner"),
        ExitCode.ENCRYPTED_PDF,
        "locked.pdf: the PDF is encrypted with a user password; pass it with --password",
    ),
}


@pytest.mark.parametrize("case", FAILING)
def test_bad_file_gets_one_line_and_its_exit_code(tmp_path, case):
    make, code, message = FAILING[case]
    pdf = make(tmp_path)
    result = cli_extract(pdf, tmp_path / "out")
    assert result.exit_code == code, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("FAIL ")]
    assert len(lines) == 1
    assert message in lines[0]
    assert not (tmp_path / "out" / pdf.stem).exists()


def test_wrong_password_says_so(tmp_path):
    pdf = odd_pdfs.encrypted_seed(tmp_path / "locked.pdf", "secret", "owner")
    result = cli_extract(pdf, tmp_path / "out", "--password", "guess")
    assert result.exit_code == ExitCode.ENCRYPTED_PDF
    assert "locked.pdf: the password given with --password is wrong for this PDF" in result.output


def test_user_password_given_reads_the_same_tables(tmp_path, specs, seed_result):
    pdf = odd_pdfs.encrypted_seed(tmp_path / "locked.pdf", "secret", "owner")
    result = extract_document(pdf, specs, ExtractOptions(password="secret"))
    assert tables_of(result) == tables_of(seed_result)


def test_permission_only_encryption_just_works(tmp_path, specs, seed_result):
    # Empty user password, an owner password forbidding copying and changing: what many
    # government PDFs carry. No --password is needed and nothing is lost.
    pdf = odd_pdfs.encrypted_seed(tmp_path / "protected.pdf", "", "owner")
    assert b"/Encrypt" in pdf.read_bytes()
    result = extract_document(pdf, specs)
    assert tables_of(result) == tables_of(seed_result)
    assert not [w for w in result.warnings if w.slug in ("repaired", "page_unreadable")]


def test_encrypted_pdfs_work_with_camelot_too(tmp_path, specs):
    # camelot takes no password and refuses permission-only files (copying forbidden): it
    # reads a decrypted copy.
    pdf = odd_pdfs.encrypted_seed(tmp_path / "protected.pdf", "", "owner")
    result = extract_document(pdf, specs, ExtractOptions(engine="camelot"))
    assert {t.extractor for t in result.tables} == {"camelot"}
    assert len(result.tables) == 11


def _last_startxref(data: bytes) -> bytes:
    return re.findall(rb"startxref\s+\d+", data)[-1]


REPAIRABLE: dict[str, tuple[Callable[[], bytes], str | None]] = {
    # pdfminer finds no xref where startxref points and rebuilds it by scanning the objects.
    "startxref points nowhere": (
        lambda: edited(_last_startxref(SEED), b"startxref\n999999"),
        None,
    ),
    # An xref table of garbage: the same fallback.
    "xref table garbage": (
        lambda: (
            SEED[: SEED.index(b"xref\n") + 5]
            + b"0 37\nthis is not a cross-reference table\n"
            + SEED[SEED.index(b"trailer") :]
        ),
        None,
    ),
    # Every object one byte earlier than the xref says: pdfminer reads the content streams
    # as empty without complaint; pdfium's text shows it, and pdfium's rewrite is read.
    "offsets off by one byte": (
        lambda: edited(b"] /Type /Pages", b"]/Type /Pages"),
        "it reads no text on pages 2, 3, 4, 5, 6 and 8 more, where pdfium finds some",
    ),
    # A catalog with a key and no value: pdfminer gives up, pdfium parses it.
    "unbalanced catalog": (
        lambda: edited(b"/Type /Catalog\n>>", b"/Type /Catalog /Pages\n>>"),
        "damaged PDF: its structure is broken (Invalid dictionary construct",
    ),
    # Cross-reference table and trailer gone, %%EOF kept: pdfminer finds no catalog, pdfium
    # rebuilds the file from its objects.
    "no cross-reference table, no trailer": (
        lambda: SEED[: SEED.rindex(b"xref")] + b"%%EOF\n",
        "damaged PDF: it has no document catalog (/Root), so its pages cannot be found",
    ),
    # A page without /MediaBox (none inherited) or with a /Rotate that is not a number:
    # pdfplumber cannot make such a page; pdfium's rewrite writes in the box and rotation it
    # assumes (US Letter, 0). Found by bench/fuzz.py.
    "page 5 without /MediaBox": (
        lambda: blanked_in_object(8, b"/MediaBox [ 0 0 841.8898 595.2756 ]"),
        "damaged PDF: a page's size or rotation (/MediaBox, /Rotate) is missing or malformed",
    ),
    "page 5 /Rotate not a number": (
        lambda: blanked_in_object(8, b"/Rotate 0", b"/Rotate ()"),
        "damaged PDF: a page's size or rotation (/MediaBox, /Rotate) is missing or malformed",
    ),
    # A trailer naming a /Root that does not exist: pdfium refuses the file, pdfminer finds
    # the catalog by scanning; every page then gets the full parse.
    "trailer /Root points nowhere": (lambda: edited(b"/Root 19 0 R", b"/Root 99 0 R"), None),
}


# Damage only pdfminer's page layout suffers from: with the pdfium layout the pages are read
# from the file as it is, and no copy is needed.
PDFMINER_LAYOUT_REPAIRS = {"offsets off by one byte"}


@pytest.mark.parametrize("layout", ["pdfium", "pdfminer"])
@pytest.mark.parametrize("case", REPAIRABLE)
def test_repairable_damage_gives_the_intact_tables(tmp_path, specs, seed_result, case, layout):
    make, repaired = REPAIRABLE[case]
    if layout == "pdfium" and case in PDFMINER_LAYOUT_REPAIRS:
        repaired = None
    pdf = write(tmp_path, "damaged.pdf", make())
    result = extract_document(pdf, specs, ExtractOptions(layout=layout))
    # A page given US Letter for its missing box has its table at another height.
    assert tables_of(result, with_bbox=False) == tables_of(seed_result, with_bbox=False)
    notes = [w.message for w in result.warnings if w.slug == "repaired"]
    if repaired is None:
        assert notes == []
    else:
        assert len(notes) == 1 and repaired in notes[0]
        assert "read pdfium's rewritten copy instead" in notes[0]


def test_a_damaged_page_costs_only_its_own_table(tmp_path, seed_result):
    # One foreign byte in the ASCII85 content stream of page 5 (表2 收入总表).
    start = SEED.index(b"stream\n", SEED.index(b"\n26 0 obj")) + 7
    pdf = write(tmp_path, "page5.pdf", SEED[: start + 50] + b"\xa1" + SEED[start + 51 :])
    out = tmp_path / "out"
    cli = cli_extract(pdf, out)
    # 8: the seed's narrative misstates one amount (tests/test_checks.py); the 收入总表 on the
    # unreadable page is reported as not read, not as missing.
    assert cli.exit_code == ExitCode.CHECKS_FAILED
    assert (
        "ok  武汉市人力资源和社会保障信息中心 2023 预算 (page5.pdf): 10 tables on pages 4-15 of 15"
        in cli.output
    )
    assert "1 page unreadable" in cli.output
    document = json.loads((out / "page5" / "document.json").read_text(encoding="utf-8"))
    assert [t["spec"] for t in document["tables"]] == [
        t.spec for t in seed_result.tables if t.spec != "income_summary"
    ]
    assert [w for w in document["warnings"] if w["type"] == "page_unreadable"] == [
        {
            "type": "page_unreadable",
            "message": "page 5 cannot be parsed and was skipped: pdfminer stops on damaged data "
            "(ValueError: Non-Ascii85 digit found: ¡)",
            "page": 5,
            "spec": None,
            "row": None,
            "column": None,
        }
    ]


def test_narrative_only_document_reports_no_tables(tmp_path):
    # Cover, table of contents naming every table, narrative: the tables are elsewhere.
    pdf = odd_pdfs.pages_of([(SEED_PDF, [0, 1, 2])], tmp_path / "narrative.pdf")
    result = cli_extract(pdf, tmp_path / "out")
    assert result.exit_code == ExitCode.NO_TABLES
    assert (
        "NONE 武汉市人力资源和社会保障信息中心 2023 预算 (narrative.pdf): narrative only: its 3 pages name 10 standard tables "
        "(收支总表、收入总表、支出总表…) but print none; the tables are probably a separate attachment"
    ) in result.output
    # Its document.json still records what was seen: titles without tables.
    assert (tmp_path / "out" / "narrative" / "document.json").exists()


def test_document_without_table_titles_is_not_called_narrative(tmp_path):
    pdf = odd_pdfs.pages_of([(SEED_PDF, [0])], tmp_path / "cover.pdf")
    result = cli_extract(pdf, tmp_path / "out")
    assert result.exit_code == ExitCode.NO_TABLES
    assert (
        "NONE 武汉市人力资源和社会保障信息中心 2023 预算 (cover.pdf): no standard tables and no table titles in 1 page (a narrative without its tables, or not a budget document)"
    ) in result.output


def test_narrative_beside_good_documents_gives_its_own_code_not_partial_failure(tmp_path):
    narrative = odd_pdfs.pages_of([(SEED_PDF, [0, 1, 2])], tmp_path / "narrative.pdf")
    tables = odd_pdfs.pages_of([(SEED_PDF, [3])], tmp_path / "tables.pdf")
    result = runner.invoke(app, ["extract", str(narrative), str(tables), "-o", str(tmp_path / "o")])
    assert result.exit_code == ExitCode.NO_TABLES, result.output
    broken = write(tmp_path, "broken.pdf", SEED[:2000])
    result = runner.invoke(
        app, ["extract", str(narrative), str(tables), str(broken), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == ExitCode.PARTIAL_FAILURE, result.output


def test_only_some_standard_tables_are_extracted(tmp_path, specs, seed_result):
    # The first six pages: cover, contents, narrative, 收支总表, 收入总表, 支出总表.
    pdf = odd_pdfs.pages_of([(SEED_PDF, range(6))], tmp_path / "first.pdf")
    result = extract_document(pdf, specs)
    wanted = ["income_expenditure_summary", "income_summary", "expenditure_summary"]
    assert [t.spec for t in result.tables] == wanted
    assert tables_of(result) == [t for t in tables_of(seed_result) if t["spec"] in wanted]
    # The other required tables are named in the contents (p.2) but not printed: each is a
    # failing completeness check, so extract exits 8.
    missing = [c for c in result.checks if c.kind == "completeness" and c.status == "fail"]
    assert [c.rule.split(".")[-1] for c in missing] == [
        "fiscal_appropriation_summary",
        "general_budget_expenditure",
        "general_budget_basic_expenditure",
        "three_public_expenditure",
        "government_fund_expenditure",
    ]
    assert all("not printed; the document names it on p.2" in c.message for c in missing)
    cli = cli_extract(pdf, tmp_path / "out")
    assert cli.exit_code == ExitCode.CHECKS_FAILED
    assert (
        "ok  武汉市人力资源和社会保障信息中心 2023 预算 (first.pdf): 3 tables on pages 4-6 of 6"
        in cli.output
    )


def test_scan_among_text_pages_is_not_a_text_layer_error(tmp_path, specs):
    # A scanned table page inside a text document, OCR off: the text tables are read, the
    # scan is counted as a page without text (tests/test_ocr_scans.py reads it by OCR).
    scan = odd_pdfs.scanned(SEED_PDF, [4], tmp_path / "scan.pdf")
    pdf = odd_pdfs.pages_of([(SEED_PDF, range(4)), (scan, None)], tmp_path / "mixed.pdf")
    result = extract_document(pdf, specs, ExtractOptions(ocr="never"))
    assert [t.spec for t in result.tables] == ["income_expenditure_summary"]
    assert result.text_pages == 4 and result.pages == 5


# --- inputs only a time limit ends ------------------------------------------------------


def test_a_reference_cycle_that_hangs_pdfminer_is_cut_by_the_timeout(tmp_path):
    """pdfminer follows a /MediaBox reference cycle forever while opening the file: the
    per-document time limit stops it, the next document is read, nothing of it is written."""
    folder = tmp_path / "in"
    folder.mkdir()
    odd_pdfs.reference_cycle(folder / "cycle.pdf")
    odd_pdfs.pages_of([(SEED_PDF, [3])], folder / "one.pdf")  # one table: read in a second
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--timeout", "8"])
    assert result.exit_code == ExitCode.PARTIAL_FAILURE, result.output
    assert "cycle.pdf: stopped after 8 s (--timeout); the other documents went on" in result.output
    assert (out / "one" / "document.json").is_file()
    assert not (out / "cycle").exists()


def test_a_pathological_page_is_cut_by_the_timeout_not_by_memory(tmp_path):
    """Tens of thousands of tiny rules make pdfminer's layout work for minutes; the time
    limit ends the document with its own exit code, quickly. (pdfium lays the same page out
    in well under the limit, so the test asks for pdfminer's layout.)"""
    pdf = odd_pdfs.pathological_page(tmp_path / "segments.pdf", 40_000)
    args = ["extract", str(pdf), "-o", str(tmp_path / "out"), "--timeout", "2"]
    result = runner.invoke(app, [*args, "--layout", "pdfminer"])
    assert result.exit_code == ExitCode.WORKER_STOPPED, result.output
    assert "segments.pdf: stopped after 2 s (--timeout)" in result.output
