"""`budgetpdf specs new`: a drafted spec, saved and loaded with --specs, reads its table as the
bundled spec does."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.document import extract_document
from budgetpdf.table_specs.loader import bundled_dir, load_file, load_specs
from budgetpdf.table_specs.model import TableSpec
from conftest import SAMPLES, SEED_PDF

pytestmark = pytest.mark.slow

runner = CliRunner()

# (sample, page, bundled spec): codes inside the names ("[2080505]…") on a landscape page;
# a two-sided 收支总表 on a /Rotate 90 page; codes split over 类 | 款 | 项 columns.
CASES = [
    ("guangzhou-meteorology-2026.pdf", 12, "general_budget_expenditure"),
    ("jiangsu-npc-office-2019-tables.pdf", 1, "income_expenditure_summary"),
    ("shanghai-finance-2026.pdf", 13, "general_budget_expenditure"),
]


def _cells(table: dict) -> dict[tuple, str]:
    """Every non-blank value of a table by page, side, code, name and printed header path:
    what must agree whichever ids the two specs give the columns."""
    headers = {(c.get("side"), c["id"]): c["header"] for c in table["columns"]}
    return {
        (row["page"], row.get("side"), row["code"], row["name"], headers[(row.get("side"), k)]): v
        for row in table["rows"]
        for k, v in row["values"].items()
        if v is not None
    }


@pytest.mark.parametrize(("sample", "page", "bundled"), CASES, ids=[c[0][:8] for c in CASES])
def test_drafted_spec_reads_its_table_as_the_bundled_spec(tmp_path, specs, sample, page, bundled):
    pdf = SAMPLES / sample
    folder = tmp_path / "my_specs"
    drafted = runner.invoke(
        app,
        ["specs", "new", "--from", str(pdf), "--page", str(page), "-o", str(folder / "mine.yaml")],
    )
    assert drafted.exit_code == 0, drafted.output
    assert f"wrote {folder / 'mine.yaml'}: spec mine from" in drafted.output
    spec, problems = load_file(folder / "mine.yaml")
    assert spec is not None and not problems
    assert runner.invoke(app, ["specs", "validate", "--specs", str(folder)]).exit_code == 0

    out = tmp_path / "out"
    # Checks aside (a drafted id is not a required table's, and the seed's narrative
    # misstates one amount): this compares the tables read.
    args = ["extract", str(pdf), "--specs", str(folder), "-o", str(out), "--allow-check-failures"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads((out / pdf.stem / "document.json").read_text(encoding="utf-8"))
    mine = [t for t in document["tables"] if t["spec"] == "mine"]
    assert [t["pages"][0] for t in mine] == [page]
    expected = next(
        t for t in extract_document(pdf, specs).tables if t.spec == bundled and page in t.pages
    )
    assert mine[0]["pages"] == expected.pages
    assert _cells(mine[0]) == _cells(json.loads(json.dumps(expected.to_dict())))
    assert len(_cells(mine[0])) >= 10


def _drafted(target: Path, sample: str, page: int) -> TableSpec:
    pdf = SAMPLES / sample
    result = runner.invoke(
        app, ["specs", "new", "--from", str(pdf), "-p", str(page), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    spec, problems = load_file(target)
    assert spec is not None, problems
    return spec


def test_draft_names_columns_the_bundled_specs_name(tmp_path):
    target = tmp_path / "gz.yaml"
    spec = _drafted(target, "guangzhou-meteorology-2026.pdf", 12)
    assert spec.titles == [r"一般公共预算支出情况表\(按功能分类科目\)"]
    assert spec.code_scheme.value == "function"  # from the codes in the names: 2xx
    assert [(c.id, c.headers) for c in spec.columns] == [
        ("total", ["^一般公共预算支出/小计$"]),
        ("basic", ["^一般公共预算支出/其中:基本支出$"]),
        ("project", ["^一般公共预算支出/项目支出$"]),
    ]
    assert spec.key_columns.name == ["功能科目名称$"]
    assert target.read_text(encoding="utf-8").startswith("# Drafted by `budgetpdf specs new`")


def test_draft_of_an_economic_table_split_over_lei_kuan(tmp_path):
    spec = _drafted(tmp_path / "econ.yaml", "shanghai-finance-2026.pdf", 17)
    assert spec.code_scheme.value == "economic"
    assert spec.key_columns.code_split == ["(^|/)类$", "(^|/)款$"]
    assert [c.id for c in spec.columns] == ["total", "personnel", "public"]


def test_new_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("kept\n", encoding="utf-8")
    args = ["specs", "new", "--from", str(SEED_PDF), "-p", "8", "-o", str(target)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == ExitCode.BAD_ARGS
    assert "exists; pass --force to replace it" in refused.output
    assert target.read_text(encoding="utf-8") == "kept\n"
    replaced = runner.invoke(app, [*args, "--force"])
    assert replaced.exit_code == 0, replaced.output
    assert "id: mine" in target.read_text(encoding="utf-8")


def test_new_on_a_page_without_a_table(tmp_path):
    args = ["specs", "new", "--from", str(SEED_PDF), "-p", "1", "-o", str(tmp_path / "x.yaml")]
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.NO_TABLES
    assert "no table below a title on page 1" in result.output
    assert not (tmp_path / "x.yaml").exists()
    args[4:6] = ["-p", "8"]
    too_many = runner.invoke(app, [*args, "-t", "2"])
    assert too_many.exit_code == ExitCode.BAD_ARGS
    assert "--table 2, but page 8 holds 1 table(s)" in too_many.output


def test_new_needs_an_id_it_can_use(tmp_path):
    args = ["specs", "new", "--from", str(SEED_PDF), "-p", "8", "-o", str(tmp_path / "表5.yaml")]
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.BAD_ARGS
    assert "name one with --id" in result.output
    assert runner.invoke(app, [*args, "--id", "table_five"]).exit_code == 0


def test_users_spec_wins_an_equal_title_match(tmp_path, specs):
    """A user's folder is on top: the seed's 一般公共预算支出表 matches the drafted pattern
    and the bundled one over the same length, and the user's spec takes it."""
    folder = tmp_path / "mine"
    args = ["specs", "new", "--from", str(SEED_PDF), "-p", "8", "-o", str(folder / "gb.yaml")]
    assert runner.invoke(app, args).exit_code == 0
    loaded = load_specs([bundled_dir(), folder])
    assert loaded.specs[0].id == "gb"
    tables = extract_document(SEED_PDF, loaded).tables
    table = next(t for t in tables if t.pages == [8])
    assert table.spec == "gb"
    total = next(r for r in table.rows if r.code == "2080505")
    assert total.values["basic_personnel"] == Decimal("69.69")
