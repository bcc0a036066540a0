"""How much of each table the checks prove: of its printed non-zero amounts, those that take
part in at least one evaluated sum identity (pass, rounding or fail; as the total or as a
part), read from the cells the checks quote, never worked out again.

A cell no check compares could be misread unseen; each is given the likeliest reason, so the
gaps can be closed by rule: `total not recognised` (a `总计：` row not marked as a total),
`duplicate key`, `items unnumbered`, `check skipped: …`, `no identity declared for the
column: col3`, `unit unknown`, or `no identity reaches the row`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from budgetpdf.extractors.coverage_model import Coverage
from budgetpdf.extractors.result import Check, CheckKind, CheckStatus, Row, Table
from budgetpdf.extractors.text import normalize_text

EVALUATED = (CheckStatus.PASS, CheckStatus.ROUNDING, CheckStatus.FAIL)
# A row whose name says it adds others up: 合计, 总计, 小计, 总计：, 支出合计 …
_TOTAL_LIKE = re.compile(r"(合计|总计|小计)[:：]?$")

TOTAL_NOT_RECOGNISED = "total not recognised"
DUPLICATE_KEY = "duplicate key"
ITEMS_UNNUMBERED = "items unnumbered"
CHECK_SKIPPED = "check skipped"
NO_IDENTITY = "no identity declared for the column"
UNIT_UNKNOWN = "unit unknown"
ROW_UNREACHED = "no identity reaches the row"


def covered_cells(checks: Iterable[Check]) -> set[tuple[int, str]]:
    """(id of the row, column) of every cell an evaluated arithmetic identity compares."""
    out: set[tuple[int, str]] = set()
    for check in checks:
        if not is_identity(check):
            continue
        for ref in [check.total, *check.parts]:
            if ref is not None and ref.origin is not None:
                out.add((id(ref.origin), ref.column))
    return out


def is_identity(check: Check) -> bool:
    """An evaluated sum over at least two cells: a total and one part or more."""
    return (
        check.kind is CheckKind.ARITHMETIC
        and check.status in EVALUATED
        and check.total is not None
        and bool(check.parts)
    )


def measure_coverage(tables: list[Table], checks: list[Check]) -> None:
    """Set each table's `coverage` from the checks just evaluated on these tables."""
    covered = covered_cells(checks)
    skipped: dict[str, list[str]] = {}
    for check in checks:
        if check.status is CheckStatus.SKIPPED and check.kind is CheckKind.ARITHMETIC:
            spec = check.rule.split(".", 1)[0] if "." in check.rule else ""
            skipped.setdefault(spec, []).append(check.reason or "")
    for table in tables:
        table.coverage = _table_coverage(table, covered, skipped.get(table.spec, []))


def _table_coverage(table: Table, covered: set[tuple[int, str]], skipped: list[str]) -> Coverage:
    amounts = [
        (row, column)
        for row in table.rows
        for column, value in row.values.items()
        if value and _is_amount_column(table, column)
    ]
    reached = {c for row, c in amounts if (id(row), c) in covered}
    coverage = Coverage(amounts=len(amounts))
    reasons: Counter[str] = Counter()
    for row, column in amounts:
        if (id(row), column) in covered:
            coverage.covered += 1
        else:
            reasons[_reason(table, row, column, column in reached, skipped)] += 1
    coverage.uncovered = dict(reasons)
    return coverage


def _is_amount_column(table: Table, column: str) -> bool:
    return any(c.id == column and c.kind == "amount" for c in table.columns)


def _reason(table: Table, row: Row, column: str, column_reached: bool, skipped: list[str]) -> str:
    """The likeliest reason no identity compares this cell, most specific first."""
    if not row.is_total and _TOTAL_LIKE.search(normalize_text(row.name)):
        return TOTAL_NOT_RECOGNISED
    for reason in skipped:
        if "more than once" in reason or "duplicate" in reason:
            return DUPLICATE_KEY
        if "number" in reason or "ordinal" in reason:
            return ITEMS_UNNUMBERED
    if not column_reached:
        # A rule of the table that could not be evaluated is the likelier cause than none.
        return f"{CHECK_SKIPPED}: {skipped[0]}" if skipped else f"{NO_IDENTITY}: {column}"
    if table.unit is None:
        return UNIT_UNKNOWN
    return ROW_UNREACHED


def coverage_phrase(coverage: Coverage | None) -> str:
    """`97% of amounts covered`, or "" when nothing was measured or nothing is printed."""
    if coverage is None or not coverage.amounts:
        return ""
    return f"{coverage.percent}% of amounts covered"
