"""Comparing a document's output with a hand-made truth file (tests/golden/*_truth.json).

A truth entry names a table by spec id, a row by its key (科目编码, else the name as printed
without ordinal, "其中：" or spaces, "#2" for a name's second occurrence, "合计" for the
total row) and a column by its header path as printed; its value is the printed number.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from budgetpdf.extractors.assemble.rows import split_ordinal
from budgetpdf.extractors.text import normalize_text

_COUNT = re.compile(r"-?\d[\d,]*(\.\d+)?")
_QUOTES = str.maketrans({"“": '"', "”": '"'})


def header_key(text: str, side: str | None = None) -> str:
    """A header path as compared: for a side of a two-sided table, without the banner over
    that side's columns ("本年收入/预算数" is the 收入 side's "预算数"): the side says it."""
    key = normalize_text(text).translate(_QUOTES)
    head, _, rest = key.partition("/")
    return rest if side and rest and side in head else key


def name_key(name: str) -> str:
    _, rest = split_ordinal(re.sub(r"^其中[:：]", "", normalize_text(name)))
    return rest.translate(_QUOTES)


def output_cells(table: dict) -> dict[tuple, str]:
    """(side, row key, header) → value for every non-blank amount of an output table."""
    headers = {
        (c.get("side"), c["id"]): header_key(c["header"], c.get("side")) for c in table["columns"]
    }
    seen: Counter = Counter()
    cells = {}
    for row in table["rows"]:
        if row["code"] and row.get("code_source") != "dictionary":
            # Truth keys rows by what is printed: a code the dictionary gave is not.
            key = row["code"]
        elif row["is_total"] and name_key(row["name"]) in ("合计", "总计", ""):
            key = "合计"
        else:
            key = name_key(row["name"]) or "合计"
        seen[(row.get("side"), key)] += 1
        if seen[(row.get("side"), key)] > 1:
            key = f"{key}#{seen[(row.get('side'), key)]}"
        for column_id, value in row["values"].items():
            if value is not None:
                cells[(row.get("side"), key, headers[(row.get("side"), column_id)])] = value
        # A number printed in a text column (政府采购's 数量: a count, not money) is compared
        # as printed.
        for column_id, text in (row.get("texts") or {}).items():
            if (side_col := (row.get("side"), column_id)) in headers and _COUNT.fullmatch(text):
                cells[(row.get("side"), key, headers[side_col])] = text.replace(",", "")
    return cells


def truth_cells(truth: dict) -> int:
    """The cells compare() looks for."""
    return sum(len(v) for k, v in truth["tables"].items() if ":" not in k)


def compare(document: dict, truth: dict) -> tuple[int, list[str]]:
    """(cells right, descriptions of the cells missing or wrong)."""
    right = 0
    wrong = []
    for spec_id, entries in truth["tables"].items():
        if ":" in spec_id:  # "other:…": a table no spec covers yet, transcribed for later
            continue
        tables = [t for t in document["tables"] if t["spec"] == spec_id]
        cells = output_cells(tables[0]) if len(tables) == 1 else {}
        for entry in entries:
            side = entry.get("side")
            key = (side, name_key(entry["key"]), header_key(entry["header"], side))
            found = cells.get(key)
            if found is not None and Decimal(found) == Decimal(entry["value"]):
                right += 1
            else:
                wrong.append(f"{spec_id} {key}: expected {entry['value']}, found {found}")
    return right, wrong
