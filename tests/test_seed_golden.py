"""Every number of the seed document's tables, transcribed by hand from the seed text into
tests/golden/seed_truth.json, appears in the output at the right code/item and column."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.text import normalize_text
from conftest import SEED_PDF

TRUTH = json.loads(
    (Path(__file__).parent / "golden" / "seed_truth.json").read_text(encoding="utf-8")
)


def _header(text: str) -> str:
    # The PDF prints full-width brackets and curly quotes; the transcription may not.
    return normalize_text(text).replace("“", '"').replace("”", '"')


def _row_key(row: dict) -> str:
    if row["code"]:
        return row["code"]
    return (
        "合计"
        if row["is_total"] and normalize_text(row["name"]) in ("合计", "")
        else normalize_text(row["name"])
    )


def _cells(table: dict) -> dict[tuple, str]:
    # Two-sided tables print the side above its columns ("收入/预算数"); the truth keeps the
    # side in its own field, so the prefix is dropped for the comparison.
    headers = {
        (c.get("side"), c["id"]): _header(c["header"]).removeprefix(f"{c.get('side')}/")
        for c in table["columns"]
    }
    cells = {}
    for row in table["rows"]:
        key = _row_key(row) or "合计"
        for column_id, value in row["values"].items():
            if value is not None:
                cells[(row.get("side"), key, headers[(row.get("side"), column_id)])] = value
    return cells


def _check_numbers(result, spec_id):
    tables = [t for t in result.to_dict()["tables"] if t["spec"] == spec_id]
    assert len(tables) == 1, f"{spec_id}: expected one table, found {len(tables)}"
    cells = _cells(tables[0])
    missing = []
    for entry in TRUTH["tables"][spec_id]:
        key = (entry.get("side"), normalize_text(entry["key"]), _header(entry["header"]))
        found = cells.get(key)
        if found is None or Decimal(found) != Decimal(entry["value"]):
            missing.append(f"{key}: expected {entry['value']}, found {found}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("spec_id", sorted(TRUTH["tables"]))
def test_seed_numbers(seed_result, spec_id):
    _check_numbers(seed_result, spec_id)


@pytest.fixture(scope="module")
def seed_camelot(specs):
    return extract_document(SEED_PDF, specs, ExtractOptions(engine="camelot"))


# camelot's lattice assigns the seed's two-sided tables' text to the wrong cells (the 支出 item
# lands in the 收入 amount cell), so `--engine camelot` is held to the coded tables only.
@pytest.mark.parametrize(
    "spec_id",
    [
        "income_summary",
        "expenditure_summary",
        "general_budget_expenditure",
        "general_budget_basic_expenditure",
        "three_public_expenditure",
        "project_expenditure",
    ],
)
def test_seed_numbers_with_camelot(seed_camelot, spec_id):
    assert {t.extractor for t in seed_camelot.tables} == {"camelot"}
    _check_numbers(seed_camelot, spec_id)


def test_seed_has_no_extra_numbers(seed_result):
    """No number appears in the output that the transcription does not list (tables with truth)."""
    for spec_id, entries in TRUTH["tables"].items():
        table = next(t for t in seed_result.to_dict()["tables"] if t["spec"] == spec_id)
        nonzero = [v for v in _cells(table).values() if Decimal(v) != 0]
        assert len(nonzero) == len(entries), spec_id
