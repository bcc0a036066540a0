"""What adds up where rows carry no codes: rows levelled by their layout (each row = the rows
one level below it that name it as their parent), and units' totals (a department's total =
the totals of the units that name it as their parent)."""

from __future__ import annotations

from budgetpdf.extractors.assemble.outline import breaks_outline
from budgetpdf.extractors.result import Row


def key(row: Row) -> str:
    """How a row is named as a parent: its code, else its name."""
    return row.code or row.name


def layout_pairs(rows: list[Row]) -> tuple[list[tuple[Row, list[Row]]], list[Row]]:
    """Each levelled row with the rows one level below it up to the next row of its level or
    total (those that name it as their parent), and the first-level rows. A row naming another
    parent than the row above it says the levels were not read from this layout: no pairs."""
    pairs: dict[int, tuple[Row, list[Row]]] = {}
    chain: dict[int, Row] = {}
    tops: list[Row] = []
    for row in rows:
        if breaks_outline(row):
            chain.clear()
            continue
        if row.code or row.level is None:
            continue
        level = row.level
        parent = chain.get(level - 1)
        if level == 1:
            tops.append(row)
        elif parent is None or key(parent) != row.parent:
            return [], []
        else:
            pairs.setdefault(id(parent), (parent, []))[1].append(row)
        chain[level] = row
        for deeper in [n for n in chain if n > level]:
            del chain[deeper]
    return list(pairs.values()), tops


def unit_pairs(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """Each total row with the units' totals below it that name it as their parent."""
    out: list[tuple[Row, list[Row]]] = []
    for index, row in enumerate(rows):
        if not row.is_total or row.code:
            continue
        kids = []
        for later in rows[index + 1 :]:
            if later.is_total and key(later) == key(row):
                break  # a second total of the same name totals its own units
            if later.is_total and later.budget_unit is not None and later.parent == key(row):
                kids.append(later)
        if kids:
            out.append((row, kids))
    return out
