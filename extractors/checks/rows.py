"""Identities within one table's rows: a row's total column = its part columns (`columns`),
a total row = the items listed above it (`items`), a numbered row = the rows numbered one
level deeper below it (`outline`)."""

from __future__ import annotations

import re

from budgetpdf.extractors.checks.cells import (
    CheckContext,
    amount_columns,
    plain_name,
    row_blocks,
    row_label,
)
from budgetpdf.extractors.checks.numbering import (
    after_subtotal,
    depth,
    from_last,
    items_below,
    top_items,
)
from budgetpdf.extractors.result import Check, Row, Table
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.check_model import ColumnsCheck, ItemsCheck, OutlineCheck


def check_columns(
    ctx: CheckContext, rule: str, spec_rule: ColumnsCheck, table: Table
) -> list[Check]:
    printed = set(amount_columns(table, spec_rule.side))
    if printed & set(spec_rule.unless_printed):
        return []
    message = f"{table.spec}: {spec_rule.total} = {' + '.join(spec_rule.parts)}"
    absent = [c for c in (spec_rule.total, *spec_rule.parts) if c not in printed]
    if absent:
        return [ctx.skipped(rule, message, f"column not printed: {', '.join(absent)}")]
    # "其中/事业单位经营支出": an "of which" column is part of another, never an addend.
    breakdowns = {c.id for c in table.columns if normalize_text(c.header).startswith("其中")}
    parts = [
        *spec_rule.parts,
        *(c for c in spec_rule.optional if c in printed and c not in breakdowns),
    ]
    out: list[Check] = []
    for row in table.rows:
        if spec_rule.side is not None and row.side != spec_rule.side:
            continue
        check = ctx.compare(
            rule,
            f"{table.spec}: {row_label(row)}: {spec_rule.total} = {' + '.join(parts)}",
            ctx.cell(table, row, spec_rule.total),
            [ctx.cell(table, row, c) for c in parts],
        )
        out += [check] if check else []
    return out


def check_items(ctx: CheckContext, rule: str, spec_rule: ItemsCheck, table: Table) -> list[Check]:
    """The total = the shallowest numbered items above it (一、 before （一） before 1.),
    back to the previous row of the same total; where a subtotal is printed in between,
    that subtotal and the rows after it instead."""
    pattern = re.compile(spec_rule.total)
    if spec_rule.column not in amount_columns(table, spec_rule.side):
        reason = f"column not printed: {spec_rule.column}"
        return [ctx.skipped(rule, _items_message(spec_rule, table), reason)]
    out: list[Check] = []
    for rows in row_blocks(table, spec_rule.side):
        start = 0
        for index, row in enumerate(rows):
            if (row.is_total or depth(row) == 0) and pattern.search(plain_name(row)):
                above = rows[start:index]
                if index == 0 and spec_rule.after is None:
                    # 重庆 prints 合计 first, its items below it.
                    above = _until_total(rows[1:])
                out += _check_total(ctx, rule, spec_rule, table, row, above)
                start = index + 1
    if not out and not any(pattern.search(plain_name(r)) for r in table.rows):
        out.append(ctx.skipped(rule, _items_message(spec_rule, table), "no such total row printed"))
    return out


def _until_total(rows: list[Row]) -> list[Row]:
    """The rows up to the next total row."""
    end = next((i for i, row in enumerate(rows) if row.is_total), len(rows))
    return rows[:end]


def _items_message(spec_rule: ItemsCheck, table: Table) -> str:
    return f"{table.spec}: {spec_rule.total} = Σ the items above it"


def _check_total(
    ctx: CheckContext,
    rule: str,
    spec_rule: ItemsCheck,
    table: Table,
    total: Row,
    above: list[Row],
) -> list[Check]:
    """One total row of an `items` rule against the rows above it (since the previous one)."""
    if spec_rule.after is not None:
        kids = from_last(above, re.compile(spec_rule.after))
        reason = f"no row {spec_rule.after!r}"
    else:
        kids = after_subtotal(above) or top_items(above)
        # 杭州 lists 类, 款 and 项 by name alone: which rows add up is unknown.
        reason = "the items are not numbered (一、二、…), so their level is unknown"
    if not kids:
        return [ctx.skipped(rule, _items_message(spec_rule, table), reason)]
    message = f"{table.spec}: {row_label(total)} = Σ {len(kids)} items above it"
    return ctx.sum_of_rows(rule, message, table, total, kids, spec_rule.column)


def check_outline(
    ctx: CheckContext, rule: str, spec_rule: OutlineCheck, table: Table
) -> list[Check]:
    """A row followed by rows numbered one level deeper = the sum of those rows:
    `一、本年收入` = `（一）…` + `（二）…`; `“三公”经费` = `其中：（一）…` + `（二）…`."""
    out: list[Check] = []
    for rows in row_blocks(table, spec_rule.side):
        columns = [
            c for c in amount_columns(table, rows[0].side) if c in (spec_rule.columns or [c])
        ]
        for row, kids in _headings(rows):
            for column in columns:
                message = (
                    f"{table.spec}: {row_label(row)} = Σ {len(kids)} items below it [{column}]"
                )
                out += ctx.sum_of_rows(rule, message, table, row, kids, column)
    return out


def _headings(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """Each row of a block that heads numbered items, with those items."""
    depths = [depth(r) for r in rows]
    first_numbered = next((i for i, d in enumerate(depths) if d), len(rows))
    out: list[tuple[Row, list[Row]]] = []
    for index, row in enumerate(rows):
        if depths[index] == 0 and index > first_numbered:
            # A plain row among numbered ones is a sub-item or a total (烟台:
            # `一、财政拨款收入` then plain `国有资本经营预算收入`), never a heading.
            continue
        if row.is_total or depths[index] is None:
            continue
        kids = items_below(rows, depths, index)
        if kids:
            out.append((row, kids))
    return out
