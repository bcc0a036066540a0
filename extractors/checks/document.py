"""Rules that name their cells: a spec's `sum` checks and the cross-table identities of
`document_checks.yaml` (`sum` between named cells, `rows` pairing each 类 across tables)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from budgetpdf.extractors.checks.cells import (
    Cell,
    CheckContext,
    Missing,
    plain_name,
    row_label,
)
from budgetpdf.extractors.codes import code_level
from budgetpdf.extractors.result import Check, CheckStatus, Row, Table
from budgetpdf.table_specs.check_model import CellSelector, RowsCheck, SumCheck
from budgetpdf.table_specs.vocabulary import CodeScheme

# A part of a `rows` rule: a row of a part table, read in that table's column.
_Part = tuple[Table, str, Row]


def check_sum(
    ctx: CheckContext, rule: str, spec_rule: SumCheck, table: Table | None
) -> list[Check]:
    """One selected cell = Σ other selected cells; `table` is the spec's own (None across
    tables)."""
    message = spec_rule.description or rule
    try:
        total = select(ctx, spec_rule.total, table)
        parts: list[Cell] = []
        for selector in spec_rule.parts:
            try:
                parts.append(select(ctx, selector, table))
            except Missing:
                if not selector.optional:
                    raise
    except Missing as missing:
        return [ctx.skipped(rule, message, str(missing))]
    check = ctx.compare(rule, message, total, parts)
    return [check] if check else []


def select(ctx: CheckContext, selector: CellSelector, current: Table | None) -> Cell:
    """The cell a selector names, in `current` unless it names another table."""
    table = current if selector.table in (None, getattr(current, "spec", None)) else None
    if table is None:
        table = ctx.one_table(selector.table or "")
    column = ctx.column_of(table, selector.side, selector.column)
    rows = [r for r in table.rows if selector.side is None or r.side == selector.side]
    if selector.code is not None:
        row = next((r for r in rows if r.code == selector.code), None)
    elif selector.row == "@total":
        row = _total_row(rows)
    else:
        pattern = re.compile(selector.row)
        row = next((r for r in rows if pattern.search(plain_name(r))), None)
    if row is None:
        what = f"code {selector.code}" if selector.code else f"row {selector.row!r}"
        raise Missing(f"{table.spec} prints no {what}")
    return ctx.cell(table, row, column)


def _total_row(rows: list[Row]) -> Row | None:
    """The 合计 row; a table of one unnamed row (三公 in most templates) is its own total.
    Where units print their own totals, the one above them all (the department's, or a 合计
    the units name as their parent); none where several units stand side by side."""
    totals = [r for r in rows if r.is_total and r.parent is None]
    if len({r.budget_unit for r in totals if r.budget_unit is not None}) > 1:
        totals = [r for r in totals if r.budget_unit is None]
    total = totals[0] if totals else None
    if total is None and len(rows) == 1:
        return rows[0]
    return total


@dataclass(frozen=True)
class _Target:
    """Where a `rows` rule finds each 类's total: a column of the total table's rows."""

    table: Table
    column: str
    rows: list[Row]

    def row_for(self, part: Row) -> Row | None:
        """By code, or by name where the total table prints names only."""
        return next((r for r in self.rows if r.code == part.code), None) or next(
            (r for r in self.rows if plain_name(r) == plain_name(part)), None
        )


def check_rows(ctx: CheckContext, rule: str, spec_rule: RowsCheck) -> list[Check]:
    """Each coded row of the part tables = the row of the same 科目 in the total table."""
    description = spec_rule.description or rule
    try:
        target = _target(ctx, spec_rule)
        sources = _sources(ctx, spec_rule)
    except Missing as missing:
        return [ctx.skipped(rule, description, str(missing))]
    if not sources:
        return [ctx.skipped(rule, description, "none of the part tables is printed")]
    by_code, uncoded = _parts_by_code(sources, spec_rule.level)
    unknown = f"{', '.join(uncoded)} prints amounts but no level-{spec_rule.level} codes"
    if not by_code and uncoded:
        return [ctx.skipped(rule, description, unknown)]
    out: list[Check] = []
    for found in by_code.values():
        out += _check_code(ctx, rule, spec_rule, target, found, unknown if uncoded else None)
    return out


def _target(ctx: CheckContext, spec_rule: RowsCheck) -> _Target:
    selector = spec_rule.total
    table = ctx.one_table(selector.table)
    column = ctx.column_of(table, selector.side, selector.column)
    rows = [r for r in table.rows if selector.side is None or r.side == selector.side]
    return _Target(table, column, rows)


def _sources(ctx: CheckContext, spec_rule: RowsCheck) -> list[tuple[Table, str]]:
    """The part tables the document prints, each with its column; unprinted ones count 0."""
    sources: list[tuple[Table, str]] = []
    for part in spec_rule.parts:
        if part.table in ctx.by_spec:
            table = ctx.one_table(part.table)
            sources.append((table, ctx.column_of(table, part.side, part.column)))
    return sources


def _parts_by_code(
    sources: list[tuple[Table, str]], level: int
) -> tuple[dict[str, list[_Part]], list[str]]:
    """The part rows of the rule's level by code, and the part tables that print amounts but
    at no code of this level (西安 prints its 政府性基金 table as a 收支 overview, by name):
    what they spend on a 类 is unknown."""
    by_code: dict[str, list[_Part]] = defaultdict(list)
    uncoded: list[str] = []
    for table, column in sources:
        scheme = CodeScheme(table.code_scheme)
        coded = [r for r in table.rows if r.code and code_level(r.code, scheme) == level]
        if not coded and any(r.values.get(column) for r in table.rows):
            uncoded.append(table.spec)
        for row in coded:
            by_code[row.code].append((table, column, row))
    return by_code, uncoded


def _check_code(
    ctx: CheckContext,
    rule: str,
    spec_rule: RowsCheck,
    target: _Target,
    found: list[_Part],
    unknown: str | None,
) -> list[Check]:
    """One 科目: its total row = Σ its rows in the part tables. `unknown` says which part
    tables print amounts without codes, when some do."""
    first = found[0][2]
    message = f"{spec_rule.description or rule}: {row_label(first)}"
    match = target.row_for(first)
    if match is None:
        reason = f"{spec_rule.total.table} prints no row {first.code} or {first.name!r}"
        return [ctx.skipped(rule, message, reason)]
    check = ctx.compare(
        rule,
        message,
        ctx.cell(target.table, match, target.column),
        [ctx.cell(t, r, c) for t, c, r in found],
    )
    if check and check.status is CheckStatus.FAIL and unknown and (check.difference or 0) > 0:
        # Amounts are not negative: a 类 the coded parts fall short of may be made up
        # by the uncoded tables, one they match or exceed is decided without them.
        check = ctx.skipped(rule, message, unknown)
    return [check] if check else []
