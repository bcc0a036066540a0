from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode
from conftest import SEED_PDF

pytestmark = pytest.mark.slow

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parent.parent / "extractors" / "output" / "document.schema.json"
    ).read_text(encoding="utf-8")
)
runner = CliRunner()


def test_extract_writes_document_tables_and_records(tmp_path, seed_result):
    out = tmp_path / "out"
    # The seed's narrative misstates one amount (tests/test_checks.py): extract exits 8 with
    # everything written.
    result = runner.invoke(app, ["extract", str(SEED_PDF), "-o", str(out)])
    # The seed's narrative states 基本支出 1,236.74 where its tables print 838.38: exit 8.
    assert result.exit_code == ExitCode.CHECKS_FAILED, result.output
    assert (
        "ok  武汉市人力资源和社会保障信息中心 2023 预算 (wuhan-hrss-info-center-2023.pdf): 11 tables"
        in result.output
    )
    assert "total: 1 documents, 1 read, 0 failed, 1 with failed checks, 11 tables" in result.output
    folder = out / SEED_PDF.stem
    document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    # The CLI writes exactly what the library returns.
    expected = json.loads(json.dumps(seed_result.to_dict(), ensure_ascii=False))
    assert document == expected
    assert {p.name for p in folder.glob("*.csv")} == {f"{t.spec}.csv" for t in seed_result.tables}
    with (out / "records.csv").open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    row = next(
        r
        for r in records
        if r["spec"] == "general_budget_expenditure"
        and r["code"] == "2080505"
        and r["column"] == "basic_personnel"
    )
    assert row == {
        "document": SEED_PDF.stem,
        "organization": "武汉市人力资源和社会保障信息中心",
        "year": "2023",
        "kind": "budget",
        "spec": "general_budget_expenditure",
        "page": "8",
        "side": "",
        "code": "2080505",
        "name": "机关事业单位基本养老保险缴费支出",
        "level": "3",
        "parent": "20805",
        "column": "basic_personnel",
        "header": "基本支出/人员经费",
        "value": "69.69",
        "unit": "万元",
        # The seed prints no units' blocks.
        "budget_unit": "",
    }


def test_extract_converts_units_exactly(tmp_path):
    out = tmp_path / "out"
    args = ["extract", str(SEED_PDF), "-o", str(out), "--unit", "元", "--allow-check-failures"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads((out / SEED_PDF.stem / "document.json").read_text(encoding="utf-8"))
    table = next(t for t in document["tables"] if t["spec"] == "expenditure_summary")
    assert (table["unit"], table["output_unit"]) == ("万元", "元")
    total = next(r for r in table["rows"] if r["is_total"])
    assert total["values"]["total"] == "12367400"


def test_table_csv_keeps_codes_and_plain_numbers(tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(SEED_PDF), "-o", str(out)])
    with (out / SEED_PDF.stem / "general_budget_expenditure.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["is_total"] == "true" and rows[0]["total"] == "1236.74"
    assert [r["code"] for r in rows[1:4]] == ["208", "20801", "2080150"]


def test_not_a_pdf_gets_one_line_and_its_code(tmp_path):
    fake = tmp_path / "page.pdf"
    fake.write_text("<html><body>404</body></html>", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(fake), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.UNREADABLE_PDF
    assert "page.pdf: not a PDF: no %PDF- header (it looks like an HTML page)" in result.output
    assert "Traceback" not in result.output


def test_failing_document_keeps_earlier_output(tmp_path):
    out = tmp_path / "out"
    pdf = tmp_path / SEED_PDF.name
    pdf.write_bytes(SEED_PDF.read_bytes())
    allowed = ["--allow-check-failures"]  # the seed's narrative slip is not what this tests
    assert runner.invoke(app, ["extract", str(pdf), "-o", str(out), *allowed]).exit_code == 0
    before = (out / SEED_PDF.stem / "document.json").read_bytes()
    pdf.write_bytes(SEED_PDF.read_bytes()[:2000])  # the file replaced by a truncated download
    result = runner.invoke(app, ["extract", str(pdf), "-o", str(out)])
    assert result.exit_code == ExitCode.UNREADABLE_PDF
    assert (out / SEED_PDF.stem / "document.json").read_bytes() == before
    assert not [p for p in out.iterdir() if p.suffix in (".tmp", ".old")]


def test_batch_with_one_bad_file_is_partial_failure(tmp_path):
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(SEED_PDF), str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.PARTIAL_FAILURE
    assert "empty.pdf: the file is empty" in result.output
    assert (tmp_path / "out" / "records.csv").exists()


def test_same_file_name_in_two_folders_keeps_both(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / SEED_PDF.name).write_bytes(SEED_PDF.read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["extract", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)],
    )
    assert result.exit_code == ExitCode.CHECKS_FAILED, result.output  # the seed's narrative
    assert (out / SEED_PDF.stem / "document.json").exists()
    assert (out / f"{SEED_PDF.stem}-2" / "document.json").exists()


def test_output_path_that_is_a_file(tmp_path):
    target = tmp_path / "out"
    (target).mkdir()
    (target / SEED_PDF.stem).write_text("not a folder")
    result = runner.invoke(app, ["extract", str(SEED_PDF), "-o", str(target)])
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert "exists and is not a folder" in result.output


def test_specs_list_show_validate():
    listed = runner.invoke(app, ["specs", "list"])
    assert listed.exit_code == 0
    assert "expenditure_summary" in listed.output and "项目支出表" in listed.output
    shown = runner.invoke(app, ["specs", "show", "expenditure_summary"])
    assert shown.exit_code == 0 and "id: expenditure_summary" in shown.output
    assert runner.invoke(app, ["specs", "validate"]).exit_code == 0
    unknown = runner.invoke(app, ["specs", "show", "nope"])
    assert unknown.exit_code == ExitCode.BAD_ARGS


def test_specs_validate_reports_every_problem_with_file_and_line(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "id: a\ntitle: A\ntitles: ['(']\ncolumns:\n  - id: t\n    headers: [x]\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "id: b\ntitle: B\ntitles: [x]\nbogus: 1\ncolumns: []\n", encoding="utf-8"
    )
    (tmp_path / "c.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["specs", "validate", str(tmp_path)])
    assert result.exit_code == ExitCode.BAD_SPEC
    assert "a.yaml:3: titles.0: regex '(' does not compile" in result.output
    assert "b.yaml:4: bogus: unknown key 'bogus'; expected one of: id, title," in result.output
    assert (
        "c.yaml:2: YAML syntax error" in result.output
        or "c.yaml:1: YAML syntax error" in result.output
    )


@pytest.mark.parametrize(
    "command", [["extract"], ["specs", "list"], ["specs", "show"], ["specs", "validate"]]
)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output or "example" in result.output.lower()


def test_a_closed_stdout_pipe_ends_the_run_quietly(tmp_path):
    """`budgetpdf extract … | head -0`: the reader is gone before the first line; no
    traceback and no 'internal error' on stderr."""
    script = "from budgetpdf.cli.main import app; app()"
    args = [sys.executable, "-c", script, "extract", str(SEED_PDF), "-o", str(tmp_path / "o")]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
