"""类 = Σ 款, 款 = Σ 项 and 合计 = Σ 类, in every coded table and named amount column."""

from __future__ import annotations

from collections import Counter, defaultdict

from budgetpdf.extractors.checks.cells import (
    CheckContext,
    amount_columns,
    plain_name,
    row_blocks,
    row_label,
)
from budgetpdf.extractors.checks.numbering import depth
from budgetpdf.extractors.checks.outline_sums import layout_pairs, unit_pairs
from budgetpdf.extractors.codes import code_level, code_parent
from budgetpdf.extractors.result import Check, Row, Table
from budgetpdf.table_specs.vocabulary import CodeScheme


def check_hierarchy(
    ctx: CheckContext, rule: str, known: list[str], table: Table, outlined: bool = False
) -> list[Check]:
    """Columns the spec does not name (`col7`) are left out: nobody said they add up.
    `outlined`: the spec's `outline` rule adds up numbered rows (一、 = Σ 1.), so a row
    levelled by layout whose items are all numbered is left to it."""
    scheme = CodeScheme(table.code_scheme)
    # A two-sided table names its amount column alike on each side.
    columns = list(dict.fromkeys(c for c in amount_columns(table) if c in known))
    out: list[Check] = []
    for rows in row_blocks(table):
        if scheme in (CodeScheme.ITEM, CodeScheme.PROJECT):
            # Codes of no hierarchy: only rows levelled by their layout add up.
            rows = [r for r in rows if not r.code]
        out += _check_block(ctx, rule, table, rows, scheme, columns, outlined)
    out += _check_pairs(ctx, rule, table, unit_pairs(table.rows), columns)
    return out


def _check_pairs(
    ctx: CheckContext,
    rule: str,
    table: Table,
    pairs: list[tuple[Row, list[Row]]],
    columns: list[str],
) -> list[Check]:
    out: list[Check] = []
    for parent, kids in pairs:
        names = ", ".join(row_label(k) if not k.code else k.code for k in kids[:6])
        names += "…" if len(kids) > 6 else ""
        for column in columns:
            message = f"{table.spec}: {row_label(parent)} = Σ {names} [{column}]"
            out += ctx.sum_of_rows(rule, message, table, parent, kids, column)
    return out


def _check_block(
    ctx: CheckContext,
    rule: str,
    table: Table,
    rows: list[Row],
    scheme: CodeScheme,
    columns: list[str],
    outlined: bool = False,
) -> list[Check]:
    """The sums of one side and expenditure block, or why they cannot be told apart."""
    coded = [r for r in rows if r.code and code_level(r.code, scheme)]
    runs, repeated = _runs(coded, scheme)
    if len(runs) > 1 and not repeated:
        # Runs are told apart by their 类 rows alone: a code the scheme cannot place
        # (3010201 under an unprinted 30102) leaves a run's sums undecided.
        unplaced = [r.code for r in rows if r.code.isdigit() and not code_level(r.code, scheme)]
        repeated = sorted({r.code for r in coded if [x.code for x in coded].count(r.code) > 1})
        if not unplaced:
            repeated = []
    out: list[Check] = []
    if repeated:
        # 30208 printed for both 取暖费 and 物业管理费: 302's sum is undecided, 301's is not.
        reason = f"codes printed more than once: {', '.join(repeated[:5])}"
        out.append(ctx.skipped(rule, f"{table.spec}: 类/款/项 sums with those codes", reason))
        runs = [coded]
    pairs: list[tuple[Row, list[Row]]] = []
    tops: list[Row] = []
    for run in runs:
        run_pairs, run_tops = _sums(run, scheme)
        pairs += run_pairs
        tops += run_tops
    if not coded:
        pairs, tops = layout_pairs(rows)
        if outlined:
            pairs = [(p, kids) for p, kids in pairs if not _numbered([p, *kids])]
    if scheme not in (CodeScheme.ITEM, CodeScheme.PROJECT):
        # An item table's totals are its `items` rules' (收入总计 = 本年收入合计 + 上年结转).
        pairs += _total_pairs(rows, tops)
    if repeated:
        twice = set(repeated)
        pairs = [(p, kids) for p, kids in pairs if not {p.code, *(k.code for k in kids)} & twice]
    return out + _check_pairs(ctx, rule, table, pairs, columns)


def _numbered(rows: list[Row]) -> bool:
    return all((depth(r) or 0) > 0 for r in rows)


def _runs(coded: list[Row], scheme: CodeScheme) -> tuple[list[list[Row]], list[str]]:
    """The coded rows cut where a 类 is printed again: 烟台 lists 301 工资福利支出 once under
    政府经济分类 501 and once under 505, each with its own 款 rows. Every run is summed on
    its own, and 合计 over the 类 rows of all runs. A 款 or 项 printed again inside a run
    leaves the sums undecided: the codes repeated are returned."""
    runs: list[list[Row]] = [[]]
    seen: set[str] = set()
    for row in coded:
        if row.code in seen:
            if code_level(row.code, scheme) != 1:
                counts = Counter(r.code for r in coded)
                return [], [c for c, n in counts.items() if n > 1]
            runs.append([])
            seen = set()
        seen.add(row.code)
        runs[-1].append(row)
    return [run for run in runs if run], []


def _sums(coded: list[Row], scheme: CodeScheme) -> tuple[list[tuple[Row, list[Row]]], list[Row]]:
    """Each printed parent with the printed rows that add up to it (its children), and the
    top-level rows."""
    present = {r.code: r for r in coded}
    children: dict[str, list[Row]] = defaultdict(list)
    tops: list[Row] = []
    for row in coded:
        anchor = _present_ancestor(row.code, scheme, present)
        (children[anchor] if anchor else tops).append(row)
    return [(present[code], kids) for code, kids in children.items()], tops


def _total_pairs(rows: list[Row], tops: list[Row]) -> list[tuple[Row, list[Row]]]:
    """The block's 合计 with the top-level rows it adds up."""
    totals = [r for r in rows if r.is_total and not r.code and tops]
    # 人员经费合计 and 公用经费合计 (决算 基本支出表) each total a part of the 类 rows;
    # which part is for the spec's `sum` checks to say.
    if len({plain_name(r) for r in totals}) == 1:
        return [(r, tops) for r in totals]
    return []


def _present_ancestor(code: str, scheme: CodeScheme, present: dict[str, Row]) -> str | None:
    """The nearest printed ancestor: a 项 row whose 款 is not printed belongs to its 类."""
    parent = code_parent(code, scheme)
    while parent and parent not in present:
        parent = code_parent(parent, scheme)
    return parent
