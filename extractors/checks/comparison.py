"""Columns printed for comparison: 西安 prints 上年 | 当年 | 增减变化情况, each block with the
same sub-columns (合计, 小计, 因公出国(境)费, …). Only the budget year's block takes the spec's
column ids; the others keep positional ids, so no identity would reach them.

A block is told by the first level of its header path, its columns matched to the budget
year's by the rest of the path (`上年/会议费` ↔ `当年/会议费`): a match by printed header,
never by value.
"""

from __future__ import annotations

import re
from collections import defaultdict

from budgetpdf.extractors.checks.cells import CheckContext, amount_columns, row_label
from budgetpdf.extractors.checks.rows import check_columns
from budgetpdf.extractors.result import Check, CheckStatus, Table
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.check_model import ColumnsCheck, ComparisonCheck

# Block name -> {budget-year column id -> that block's column id}.
Blocks = dict[str, dict[str, str]]


def check_comparison(
    ctx: CheckContext,
    rule: str,
    spec_rule: ComparisonCheck,
    table: Table,
    identities: list[ColumnsCheck],
    spec_columns: set[str],
) -> list[Check]:
    blocks = comparison_blocks(table, spec_columns)
    out: list[Check] = []
    for mapping in blocks.values():
        for identity in identities:
            out += _block_identity(ctx, rule, identity, mapping, table)
    change = [b for b in blocks if re.search(spec_rule.change, b)]
    prior = [b for b in blocks if b not in change]
    if len(change) == 1 and len(prior) == 1:
        out += _current_is_prior_plus_change(ctx, rule, table, blocks[prior[0]], blocks[change[0]])
    return out


def comparison_blocks(table: Table, spec_columns: set[str]) -> Blocks:
    """The comparison blocks of a table whose every budget-year column sits under one
    first header level; empty when the headers do not line up so."""
    printed = set(amount_columns(table))
    current: dict[str, str] = {}
    heads = set()
    for column in table.columns:
        if column.id in spec_columns and column.id in printed and "/" in column.header:
            head, rest = _split(column.header)
            heads.add(head)
            current[rest] = column.id
    if len(heads) != 1:
        return {}
    blocks: Blocks = defaultdict(dict)
    for column in table.columns:
        if column.id in spec_columns or column.id not in printed or "/" not in column.header:
            continue
        head, rest = _split(column.header)
        if head not in heads and rest in current:
            blocks[head][current[rest]] = column.id
    return dict(blocks)


def _split(header: str) -> tuple[str, str]:
    head, rest = normalize_text(header).split("/", 1)
    return head, rest


def _block_identity(
    ctx: CheckContext, rule: str, identity: ColumnsCheck, mapping: dict[str, str], table: Table
) -> list[Check]:
    """The identity on the block's columns; not run (rather than skipped) where the block
    lacks a column it needs, as the budget year's own rule reports that layout."""
    if identity.total not in mapping or any(p not in mapping for p in identity.parts):
        return []
    if any(c in mapping for c in identity.unless_printed):
        return []
    mapped = identity.model_copy(
        update={
            "total": mapping[identity.total],
            "parts": [mapping[p] for p in identity.parts],
            "optional": [mapping[p] for p in identity.optional if p in mapping],
            "unless_printed": [],
        }
    )
    return [
        c for c in check_columns(ctx, rule, mapped, table) if c.status is not CheckStatus.SKIPPED
    ]


def _current_is_prior_plus_change(
    ctx: CheckContext, rule: str, table: Table, prior: dict[str, str], change: dict[str, str]
) -> list[Check]:
    out: list[Check] = []
    for column, before in prior.items():
        delta = change.get(column)
        if delta is None:
            continue
        for row in table.rows:
            check = ctx.compare(
                rule,
                f"{table.spec}: {row_label(row)}: {column} = {before} (prior) + {delta} (change)",
                ctx.cell(table, row, column),
                [ctx.cell(table, row, before), ctx.cell(table, row, delta)],
            )
            out += [check] if check else []
    return out
