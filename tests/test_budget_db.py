"""The accumulating database (`extract --db`): one transaction per document, keyed by
organisation, year, kind and scope; a re-published version supersedes the earlier one; an
unchanged file is never added twice, so a second run gives the same database.

Extraction is faked here (tests/batch_fakes.py: `org=… year=… amount=…`); the README's SQL
runs on a database built from the real samples in test_budget_db_readme.py."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batch_fakes import fake_extract, fake_pdf, forked_workers  # noqa: F401 - autouse: workers see the fakes
from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.batch import read as batch
from budgetpdf.extractors.output.budget_db import BudgetDb, metadata_path
from budgetpdf.extractors.output.three_public import three_public
from budgetpdf.extractors.result import Column, DocumentResult, Row, Table
from conftest import REPO

runner = CliRunner()


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(batch, "extract_document", fake_extract)


def extract(*args: object):
    return runner.invoke(app, ["extract", *map(str, args)])


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def query(path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql, params).fetchall()


def test_twice_gives_the_same_database_as_once(tmp_path, fake):
    folder, db = tmp_path / "in", tmp_path / "budget.sqlite"
    fake_pdf(folder / "a.pdf", "org=甲局 year=2025 amount=1.00")
    fake_pdf(folder / "b.pdf", "org=乙局 year=2025 amount=2.00")
    fake_pdf(folder / "c.pdf", "none")
    assert extract(folder, "-o", tmp_path / "out", "--db", db).exit_code == ExitCode.NO_TABLES
    once = dump(db)
    assert extract(folder, "-o", tmp_path / "out", "--db", db).exit_code == ExitCode.NO_TABLES
    assert dump(db) == once
    # The same files into another output folder, --incremental or not: still no change.
    assert extract(folder, "-o", tmp_path / "other", "--db", db, "--incremental").exit_code
    assert dump(db) == once
    assert query(db, "SELECT organization, year, kind, status FROM documents ORDER BY 1") == [
        (None, None, None, "current"),
        ("乙局", 2025, "budget", "current"),
        ("甲局", 2025, "budget", "current"),
    ]


def test_a_republished_document_supersedes_the_earlier_version(tmp_path, fake):
    first, second, db = tmp_path / "week1", tmp_path / "week2", tmp_path / "budget.sqlite"
    fake_pdf(first / "2025年甲局部门预算.pdf", "org=甲局 year=2025 amount=1.00")
    fake_pdf(first / "乙局.pdf", "org=乙局 year=2025 amount=5.00")
    assert extract(first, "-o", tmp_path / "out", "--db", db).exit_code == 0
    fake_pdf(second / "附件2.pdf", "org=甲局 year=2025 amount=1.50")  # corrected, renamed
    fake_pdf(second / "甲局2024.pdf", "org=甲局 year=2024 amount=0.90")  # another year
    assert extract(second, "-o", tmp_path / "out", "--db", db).exit_code == 0
    documents = query(
        db, "SELECT document_id, name, year, status, superseded_by FROM documents ORDER BY 1"
    )
    assert documents == [
        (1, "2025年甲局部门预算", 2025, "superseded", 4),
        (2, "乙局", 2025, "current", None),
        (3, "甲局2024", 2024, "current", None),  # inputs in name order: 甲 before 附
        (4, "附件2", 2025, "current", None),
    ]
    # The earlier version's rows are gone; the views show current versions only.
    assert query(db, "SELECT count(*) FROM tables WHERE document_id = 1") == [(0,)]
    assert query(db, "SELECT count(*) FROM notices WHERE document_id = 1") == [(0,)]
    assert query(
        db,
        "SELECT year, value FROM budget_values WHERE organization = ? ORDER BY year",
        "甲局",
    ) == [(2024, "0.90"), (2025, "1.50")]
    # The run summary says what became of each document in the database.
    runs = sorted((tmp_path / "out").glob("run-*.json"), key=lambda p: p.stat().st_mtime)
    outcomes = json.loads(runs[-1].read_text(encoding="utf-8"))["outcomes"]
    assert [o["database"] for o in outcomes] == ["added", "superseded"]


def test_a_document_of_unknown_identity_supersedes_nothing(tmp_path, fake):
    folder, db = tmp_path / "in", tmp_path / "budget.sqlite"
    fake_pdf(folder / "a.pdf", "amount=1.00")
    fake_pdf(folder / "b.pdf", "amount=2.00")
    assert extract(folder, "-o", tmp_path / "out", "--db", db).exit_code == 0
    assert query(db, "SELECT status FROM documents") == [("current",), ("current",)]


def test_a_narrative_and_its_tables_are_parts_not_versions(tmp_path, fake):
    # Beijing: 附件1 the narrative, 附件2 the tables, one identity; in either order.
    folder, db = tmp_path / "in", tmp_path / "budget.sqlite"
    fake_pdf(folder / "1.pdf", "org=甲局 year=2026 amount=1.00")
    fake_pdf(folder / "2.pdf", "org=甲局 year=2026 none")
    fake_pdf(folder / "3.pdf", "org=甲局 year=2026 amount=1.00 other copy")
    extract(folder, "-o", tmp_path / "out", "--db", db)
    assert query(db, "SELECT name, status, superseded_by FROM documents") == [
        ("1", "superseded", 3),
        ("2", "current", None),
        ("3", "current", None),
    ]


def test_the_same_file_read_another_way_has_its_rows_replaced(tmp_path, fake):
    folder, db = tmp_path / "in", tmp_path / "budget.sqlite"
    fake_pdf(folder / "a.pdf", "org=甲局 year=2025 amount=1.00")
    assert extract(folder, "-o", tmp_path / "out", "--db", db).exit_code == 0
    reading = query(db, "SELECT reading FROM documents")
    assert extract(folder, "-o", tmp_path / "out", "--db", db, "--unit", "元").exit_code == 0
    assert query(db, "SELECT document_id, status FROM documents") == [(1, "current")]
    assert query(db, "SELECT reading FROM documents") != reading
    assert query(db, "SELECT count(*) FROM amounts") == [(1,)]


def test_documents_skipped_as_unchanged_are_read_back_into_a_new_database(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf", "org=甲局 year=2025 amount=1.00")
    assert extract(folder, "-o", out).exit_code == 0
    db = tmp_path / "budget.sqlite"
    result = extract(folder, "-o", out, "--incremental", "--db", db)
    assert result.exit_code == 0 and "skipped as unchanged" in result.output
    assert query(db, "SELECT organization, value FROM budget_values") == [("甲局", "1.00")]


def test_a_failure_mid_document_leaves_the_database_as_it_was(tmp_path, fake, monkeypatch):
    folder, db = tmp_path / "in", tmp_path / "budget.sqlite"
    fake_pdf(folder / "a.pdf", "org=甲局 year=2025 amount=1.00")
    assert extract(folder, "-o", tmp_path / "out", "--db", db).exit_code == 0
    before = dump(db)

    def killed(self, document_id, result):
        raise KeyboardInterrupt  # as if the run were stopped between two inserts

    monkeypatch.setattr(BudgetDb, "_insert_three_public", killed)
    fake_pdf(folder / "b.pdf", "org=甲局 year=2025 amount=2.00")
    extract(folder, "-o", tmp_path / "out", "--db", db)
    assert dump(db) == before


def test_a_database_of_something_else_is_refused(tmp_path, fake):
    fake_pdf(tmp_path / "in" / "a.pdf")
    db = tmp_path / "mine.sqlite"
    with sqlite3.connect(db) as handle:
        handle.execute("CREATE TABLE mine (x)")
    result = extract(tmp_path / "in", "-o", tmp_path / "out", "--db", db)
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert "is not a budgetpdf database" in result.output
    assert dump(db) == ["BEGIN TRANSACTION;", "CREATE TABLE mine (x);", "COMMIT;"]


def test_datasette_metadata_describes_what_the_database_holds(tmp_path):
    db = tmp_path / "budget.sqlite"
    BudgetDb(db, "reading").close()
    metadata = json.loads(metadata_path(db).read_text(encoding="utf-8"))
    described = metadata["databases"]["budget"]["tables"]
    with sqlite3.connect(db) as handle:
        names = {
            name
            for (name,) in handle.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            )
        }
        assert set(described) == names
        for name, description in described.items():
            columns = {row[1] for row in handle.execute(f"PRAGMA table_info({name})")}
            assert set(description.get("columns", {})) <= columns, name
        for canned in metadata["databases"]["budget"]["queries"].values():
            handle.execute(canned["sql"], {"organization": "x"}).fetchall()


def test_metadata_names_the_database_as_datasette_does(tmp_path):
    db = tmp_path / "城市预算.sqlite"
    BudgetDb(db, "reading").close()
    metadata = json.loads(metadata_path(db).read_text(encoding="utf-8"))
    assert list(metadata["databases"]) == ["城市预算"]
    assert metadata_path(db).name == "城市预算.metadata.json"


def test_datasette_is_not_a_dependency():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert not any("datasette" in d for d in project["project"]["dependencies"])
    assert project["project"]["optional-dependencies"]["datasette"] == ["datasette"]


def _three_public_table(rows, spec="three_public_expenditure"):
    columns = sorted({k for r in rows for k in r.values})
    return Table(
        spec, "三公", [9], "万元", "万元", "ruled", "item", [Column(c, c) for c in columns], rows, 1
    )


def test_three_public_per_item_form():
    def item(name, total):
        return Row("", name, None, None, False, 9, {"total": Decimal(total)})

    result = DocumentResult("x.pdf", "0" * 64, 10)
    result.tables = [
        _three_public_table(
            [
                item("机关运行经费", "523.62"),
                item("“三公”经费", "26.11"),
                item("其中：（一）因公出国（境）支出", "0.00"),
                item("（二）公务用车购置及运行维护支出", "24.80"),
                item("1.公务用车购置", "0.00"),
                item("2.公务用车运行维护", "24.80"),
                item("（三）公务接待支出", "1.31"),
            ]
        )
    ]
    found = three_public(result)
    assert found is not None
    assert {k: str(v) for k, v in found.amounts.items()} == {
        "total": "26.11",
        "overseas": "0.00",
        "vehicle_total": "24.80",
        "vehicle_purchase": "0.00",
        "vehicle_operation": "24.80",
        "reception": "1.31",
    }


def test_three_public_one_row_with_meetings_takes_the_three_public_subtotal():
    values = {"total": "2600.71", "three_public_total": "767.60", "overseas": "199.25"}
    row = Row("", "", None, None, False, 9, {k: Decimal(v) for k, v in values.items()})
    result = DocumentResult("x.pdf", "0" * 64, 10)
    result.tables = [_three_public_table([row], "final_three_public_expenditure")]
    found = three_public(result)
    assert found is not None
    assert (found.amounts["total"], found.amounts["overseas"]) == (
        Decimal("767.60"),
        Decimal("199.25"),
    )
