"""The arithmetic a document's tables must obey, evaluated into Check records.

Every rule compares one printed cell (the total) with the sum of other printed cells (the
parts). Publishers round every cell on its own, so a difference no larger than half a unit of
the last printed digit per rounded cell is `rounding`, not `fail`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from budgetpdf.extractors.amounts import convert
from budgetpdf.extractors.assemble.rows import split_ordinal
from budgetpdf.extractors.codes import code_level, code_parent
from budgetpdf.extractors.result import CellRef, Check, DocumentResult, Row, Table
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.check_model import (
    CellSelector,
    ColumnsCheck,
    HierarchyCheck,
    ItemsCheck,
    OutlineCheck,
    RowsCheck,
    SumCheck,
)
from budgetpdf.table_specs.loader import SpecSet
from budgetpdf.table_specs.vocabulary import CodeScheme

STATUSES = ("pass", "rounding", "fail", "skipped")


@dataclass(frozen=True)
class _Cell:
    ref: CellRef
    step: Decimal  # one unit of the last printed digit, in ref.unit


class _Missing(Exception):
    """A cell a rule needs is not printed: the check is skipped with this reason."""


def run_checks(
    result: DocumentResult, specs: SpecSet, per_addend: Decimal | None = None
) -> list[Check]:
    """Evaluate each table's own checks, then the document-level checks across tables."""
    if per_addend is None:
        per_addend = specs.document_checks.rounding.per_addend
    ctx = _Context(result.tables, per_addend)
    checks: list[Check] = []
    for table in result.tables:
        spec = next((s for s in specs.specs if s.id == table.spec), None)
        for rule in spec.checks if spec else []:
            rule_id = f"{table.spec}.{rule.id}"
            if isinstance(rule, HierarchyCheck):
                known = rule.columns or spec.column_ids() if spec else []
                checks += ctx.check_hierarchy(rule_id, known, table)
            elif isinstance(rule, OutlineCheck):
                checks += ctx.check_outline(rule_id, rule, table)
            elif isinstance(rule, ColumnsCheck):
                checks += ctx.check_columns(rule_id, rule, table)
            elif isinstance(rule, ItemsCheck):
                checks += ctx.check_items(rule_id, rule, table)
            else:
                checks += ctx.check_sum(rule_id, rule, table)
    for doc_rule in specs.document_checks.checks:
        if isinstance(doc_rule, SumCheck):
            checks += ctx.check_sum(doc_rule.id, doc_rule, None)
        else:
            checks += ctx.check_rows(doc_rule.id, doc_rule)
    return checks


def count_statuses(checks: Iterable[Check]) -> dict[str, int]:
    counts = Counter(c.status for c in checks)
    return {status: counts.get(status, 0) for status in STATUSES}


def summary_line(checks: list[Check]) -> str:
    """`checks: 57 pass, 3 rounding, 1 fail` (skipped only when there are any)."""
    counts = count_statuses(checks)
    text = f"checks: {counts['pass']} pass, {counts['rounding']} rounding, {counts['fail']} fail"
    return text + (f", {counts['skipped']} skipped" if counts["skipped"] else "")


def row_label(row: Row) -> str:
    return " ".join(part for part in (row.code, row.name) if part) or "(unnamed row)"


def _plain_name(row: Row) -> str:
    """Names compared across tables: `（六）社会保障和就业支出` and `社会保障和就业支出` agree."""
    return normalize_text(split_ordinal(row.name)[1])


class _Context:
    def __init__(self, tables: list[Table], per_addend: Decimal) -> None:
        self.per_addend = per_addend
        self.by_spec: dict[str, list[Table]] = defaultdict(list)
        for table in tables:
            self.by_spec[table.spec].append(table)

    # -- building blocks ---------------------------------------------------------------

    def cell(self, table: Table, row: Row, column: str) -> _Cell:
        ref = CellRef(
            table.spec,
            row_label(row),
            column,
            row.page,
            row.values.get(column),
            table.output_unit,
            row.side,
        )
        return _Cell(ref, _step(ref.value, table.amount_step))

    def compare(self, rule: str, message: str, total: _Cell, parts: list[_Cell]) -> Check | None:
        """total = Σ parts; None when every cell is blank (nothing printed to compare)."""
        cells = [total, *parts]
        if all(c.ref.value is None for c in cells):
            return None
        unit = total.ref.unit
        expected = sum(
            (convert(p.ref.value or Decimal(0), p.ref.unit, unit) for p in parts), Decimal(0)
        )
        found = total.ref.value or Decimal(0)
        # A blank or "-" cell is an exact zero; only printed digits were rounded.
        tolerance = self.per_addend * sum(
            (convert(c.step, c.ref.unit, unit) for c in cells if c.ref.value), Decimal(0)
        )
        difference = abs(found - expected)
        status = "pass" if difference == 0 else "rounding" if difference <= tolerance else "fail"
        return Check(
            rule=rule,
            status=status,
            message=message,
            total=total.ref,
            parts=[p.ref for p in parts],
            expected=expected,
            found=found,
            tolerance=tolerance,
        )

    @staticmethod
    def skipped(rule: str, message: str, reason: str) -> Check:
        return Check(rule=rule, status="skipped", message=message, reason=reason)

    @staticmethod
    def amount_columns(table: Table, side: str | None = None) -> list[str]:
        return [
            c.id for c in table.columns if c.kind == "amount" and (side is None or c.side == side)
        ]

    def one_table(self, spec: str) -> Table:
        tables = self.by_spec.get(spec, [])
        if not tables:
            raise _Missing(f"no {spec} table in the document")
        if len(tables) > 1:
            raise _Missing(f"{len(tables)} {spec} tables in the document; which one is meant?")
        return tables[0]

    def column_of(self, table: Table, side: str | None, wanted: list[str]) -> str:
        printed = self.amount_columns(table, side)
        found = next((c for c in wanted if c in printed), None)
        if found is None:
            where = f" ({side})" if side else ""
            raise _Missing(f"{table.spec}{where} prints none of the columns {', '.join(wanted)}")
        return found

    def select(self, selector: CellSelector, current: Table | None) -> _Cell:
        table = current if selector.table in (None, getattr(current, "spec", None)) else None
        if table is None:
            table = self.one_table(selector.table or "")
        column = self.column_of(table, selector.side, selector.column)
        rows = [r for r in table.rows if selector.side is None or r.side == selector.side]
        if selector.code is not None:
            row = next((r for r in rows if r.code == selector.code), None)
        elif selector.row == "@total":
            row = _total_row(rows)
        else:
            pattern = re.compile(selector.row)
            row = next((r for r in rows if pattern.search(_plain_name(r))), None)
        if row is None:
            what = f"code {selector.code}" if selector.code else f"row {selector.row!r}"
            raise _Missing(f"{table.spec} prints no {what}")
        return self.cell(table, row, column)

    # -- rule kinds --------------------------------------------------------------------

    def check_hierarchy(self, rule: str, known: list[str], table: Table) -> list[Check]:
        """Columns the spec does not name (`col7`) are left out: nobody said they add up."""
        scheme = CodeScheme(table.code_scheme)
        if scheme in (CodeScheme.ITEM, CodeScheme.PROJECT):
            return []
        columns = [c for c in self.amount_columns(table) if c in known]
        out: list[Check] = []
        blocks: dict[tuple[str | None, str | None], list[Row]] = defaultdict(list)
        for row in table.rows:
            blocks[(row.side, row.group)].append(row)
        for rows in blocks.values():
            coded = [r for r in rows if r.code and code_level(r.code, scheme)]
            repeated = [c for c, n in Counter(r.code for r in coded).items() if n > 1]
            if repeated:
                out.append(
                    self.skipped(
                        rule,
                        f"{table.spec}: 类/款/项 sums",
                        f"codes printed more than once: {', '.join(repeated[:5])}",
                    )
                )
                continue
            present = {r.code: r for r in coded}
            children: dict[str, list[Row]] = defaultdict(list)
            tops: list[Row] = []
            for row in coded:
                anchor = _present_ancestor(row.code, scheme, present)
                (children[anchor] if anchor else tops).append(row)
            pairs = [(present[code], kids) for code, kids in children.items()]
            totals = [r for r in rows if r.is_total and not r.code and tops]
            # 人员经费合计 and 公用经费合计 (决算 基本支出表) each total a part of the 类 rows;
            # which part is for the spec's `sum` checks to say.
            if len({_plain_name(r) for r in totals}) == 1:
                pairs += [(r, tops) for r in totals]
            for parent, kids in pairs:
                names = ", ".join(k.code for k in kids[:6]) + ("…" if len(kids) > 6 else "")
                for column in columns:
                    check = self.compare(
                        rule,
                        f"{table.spec}: {row_label(parent)} = Σ {names} [{column}]",
                        self.cell(table, parent, column),
                        [self.cell(table, k, column) for k in kids],
                    )
                    out += [check] if check else []
        return out

    def check_columns(self, rule: str, spec_rule: ColumnsCheck, table: Table) -> list[Check]:
        printed = set(self.amount_columns(table, spec_rule.side))
        if printed & set(spec_rule.unless_printed):
            return []
        message = f"{table.spec}: {spec_rule.total} = {' + '.join(spec_rule.parts)}"
        absent = [c for c in (spec_rule.total, *spec_rule.parts) if c not in printed]
        if absent:
            return [self.skipped(rule, message, f"column not printed: {', '.join(absent)}")]
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
            check = self.compare(
                rule,
                f"{table.spec}: {row_label(row)}: {spec_rule.total} = {' + '.join(parts)}",
                self.cell(table, row, spec_rule.total),
                [self.cell(table, row, c) for c in parts],
            )
            out += [check] if check else []
        return out

    def check_items(self, rule: str, spec_rule: ItemsCheck, table: Table) -> list[Check]:
        """The total = the shallowest numbered items above it (一、 before （一） before 1.),
        back to the previous row of the same total; where a subtotal is printed in between,
        that subtotal and the rows after it instead."""
        pattern = re.compile(spec_rule.total)
        message = f"{table.spec}: {spec_rule.total} = Σ the items above it"
        if spec_rule.column not in self.amount_columns(table, spec_rule.side):
            return [self.skipped(rule, message, f"column not printed: {spec_rule.column}")]
        out: list[Check] = []
        for rows in _blocks(table, spec_rule.side):
            start = 0
            for index, row in enumerate(rows):
                if not (row.is_total or _depth(row) == 0) or not pattern.search(_plain_name(row)):
                    continue
                above, start = rows[start:index], index + 1
                if spec_rule.after is not None:
                    kids = _after(above, re.compile(spec_rule.after))
                    if not kids:
                        out.append(self.skipped(rule, message, f"no row {spec_rule.after!r}"))
                        continue
                else:
                    kids = _after_subtotal(above) or _top_items(above)
                    if not kids:
                        # 杭州 lists 类, 款 and 项 by name alone: which rows add up is unknown.
                        reason = "the items are not numbered (一、二、…), so their level is unknown"
                        out.append(self.skipped(rule, message, reason))
                        continue
                check = self.compare(
                    rule,
                    f"{table.spec}: {row_label(row)} = Σ {len(kids)} items above it",
                    self.cell(table, row, spec_rule.column),
                    [self.cell(table, k, spec_rule.column) for k in kids],
                )
                out += [check] if check else []
        if not out and not any(pattern.search(_plain_name(r)) for r in table.rows):
            out.append(self.skipped(rule, message, "no such total row printed"))
        return out

    def check_outline(self, rule: str, spec_rule: OutlineCheck, table: Table) -> list[Check]:
        """A row followed by rows numbered one level deeper = the sum of those rows:
        `一、本年收入` = `（一）…` + `（二）…`; `“三公”经费` = `其中：（一）…` + `（二）…`."""
        out: list[Check] = []
        for rows in _blocks(table, spec_rule.side):
            columns = [
                c
                for c in self.amount_columns(table, rows[0].side)
                if c in (spec_rule.columns or [c])
            ]
            depths = [_depth(r) for r in rows]
            first_numbered = next((i for i, d in enumerate(depths) if d), len(rows))
            for index, row in enumerate(rows):
                if depths[index] == 0 and index > first_numbered:
                    # A plain row among numbered ones is a sub-item or a total (烟台:
                    # `一、财政拨款收入` then plain `国有资本经营预算收入`), never a heading.
                    continue
                kids: list[Row] = []
                for offset, depth in enumerate(depths[index + 1 :], start=index + 1):
                    if depth is None:
                        continue
                    if depth <= (depths[index] or 0) or rows[offset].is_total:
                        break
                    kids.append(rows[offset])
                if row.is_total or not kids or depths[index] is None:
                    continue
                shallowest = min(_depth(k) or 0 for k in kids)
                kids = [k for k in kids if _depth(k) == shallowest]
                for column in columns:
                    check = self.compare(
                        rule,
                        f"{table.spec}: {row_label(row)} = Σ {len(kids)} items below it [{column}]",
                        self.cell(table, row, column),
                        [self.cell(table, k, column) for k in kids],
                    )
                    out += [check] if check else []
        return out

    def check_sum(self, rule: str, spec_rule: SumCheck, table: Table | None) -> list[Check]:
        message = spec_rule.description or rule
        try:
            total = self.select(spec_rule.total, table)
            parts: list[_Cell] = []
            for selector in spec_rule.parts:
                try:
                    parts.append(self.select(selector, table))
                except _Missing:
                    if not selector.optional:
                        raise
        except _Missing as missing:
            return [self.skipped(rule, message, str(missing))]
        check = self.compare(rule, message, total, parts)
        return [check] if check else []

    def check_rows(self, rule: str, spec_rule: RowsCheck) -> list[Check]:
        description = spec_rule.description or rule
        try:
            total_table = self.one_table(spec_rule.total.table)
            total_column = self.column_of(total_table, spec_rule.total.side, spec_rule.total.column)
            sources: list[tuple[Table, str]] = []
            for part in spec_rule.parts:
                if part.table in self.by_spec:
                    table = self.one_table(part.table)
                    sources.append((table, self.column_of(table, part.side, part.column)))
        except _Missing as missing:
            return [self.skipped(rule, description, str(missing))]
        if not sources:
            return [self.skipped(rule, description, "none of the part tables is printed")]
        candidates = [
            r
            for r in total_table.rows
            if spec_rule.total.side is None or r.side == spec_rule.total.side
        ]
        by_code: dict[str, list[tuple[Table, str, Row]]] = defaultdict(list)
        # Part tables that print amounts but at no code of this level (西安 prints its
        # 政府性基金 table as a 收支 overview, by name): what they spend on a 类 is unknown.
        uncoded: list[str] = []
        for table, column in sources:
            scheme = CodeScheme(table.code_scheme)
            coded = [
                r for r in table.rows if r.code and code_level(r.code, scheme) == spec_rule.level
            ]
            if not coded and any(r.values.get(column) for r in table.rows):
                uncoded.append(table.spec)
            for row in coded:
                by_code[row.code].append((table, column, row))
        unknown = f"{', '.join(uncoded)} prints amounts but no level-{spec_rule.level} codes"
        if not by_code and uncoded:
            return [self.skipped(rule, description, unknown)]
        out: list[Check] = []
        for code, found in by_code.items():
            first = found[0][2]
            match = next((r for r in candidates if r.code == code), None) or next(
                (r for r in candidates if _plain_name(r) == _plain_name(first)), None
            )
            message = f"{description}: {row_label(first)}"
            if match is None:
                reason = f"{spec_rule.total.table} prints no row {code} or {first.name!r}"
                out.append(self.skipped(rule, message, reason))
                continue
            check = self.compare(
                rule,
                message,
                self.cell(total_table, match, total_column),
                [self.cell(t, r, c) for t, c, r in found],
            )
            if check and check.status == "fail" and uncoded and (check.difference or 0) > 0:
                # Amounts are not negative: a 类 the coded parts fall short of may be made up
                # by the uncoded tables, one they match or exceed is decided without them.
                check = self.skipped(rule, message, unknown)
            out += [check] if check else []
        return out


def _step(value: Decimal | None, table_step: Decimal | None) -> Decimal:
    """A cell's last printed digit: its own ("786781502.8" in a table of cents prints 0.1),
    but never finer than the table's, which survives unit conversion ("7648900" 元 converted
    from 764.89 万元 is precise to 100 元)."""
    own = Decimal(1).scaleb(int(value.as_tuple().exponent)) if value else Decimal(0)
    return max(own, table_step or Decimal(0))


def _present_ancestor(code: str, scheme: CodeScheme, present: dict[str, Row]) -> str | None:
    """The nearest printed ancestor: a 项 row whose 款 is not printed belongs to its 类."""
    parent = code_parent(code, scheme)
    while parent and parent not in present:
        parent = code_parent(parent, scheme)
    return parent


def _total_row(rows: list[Row]) -> Row | None:
    """The 合计 row; a table of one unnamed row (三公 in most templates) is its own total."""
    total = next((r for r in rows if r.is_total), None)
    if total is None and len(rows) == 1:
        return rows[0]
    return total


_SUB_ITEM = re.compile(r"^(其中|含)[:：]?")
_DEPTHS = (
    (re.compile(r"^[一二三四五六七八九十廿]+、"), 1),
    (re.compile(r"^\([一二三四五六七八九十廿]+\)"), 2),
    (re.compile(r"^\d{1,2}[.、](?!\d)"), 3),
    (re.compile(r"^\(\d{1,2}\)"), 4),
)


def _depth(row: Row) -> int | None:
    """Outline depth from the printed numbering: plain 0, 一、 1, （一） 2, 1. 3, (1) 4.

    None for rows outside the outline: blank spacer rows, and `其中：…` rows without a number,
    which break down the row above them rather than add to anything.
    """
    text = normalize_text((row.ordinal or "") + row.name)
    if not text:
        return None
    bare = _SUB_ITEM.sub("", text)
    depth = next((depth for pattern, depth in _DEPTHS if pattern.match(bare)), 0)
    return None if depth == 0 and bare != text else depth


def _top_items(rows: list[Row]) -> list[Row]:
    """The items a side's total adds up: the shallowest numbered ones (一、 before （一）)."""
    numbered = [r for r in rows if (_depth(r) or 0) > 0]
    shallowest = min((_depth(r) or 0 for r in numbered), default=0)
    return [r for r in numbered if _depth(r) == shallowest]


def _after_subtotal(rows: list[Row]) -> list[Row]:
    """A total printed under a subtotal (本年收入合计, then 上年结转, then 收入总计) adds up
    that subtotal and the items after it, numbered or not: 西安 prints 上年结转 without a
    number, so the numbered items alone leave it out. [] when no subtotal is printed."""
    subtotals = [i for i, r in enumerate(rows) if r.is_total]
    if not subtotals:
        return []
    rest = [r for r in rows[subtotals[-1] + 1 :] if _depth(r) is not None]
    return [rows[subtotals[-1]], *(_top_items(rest) or rest)]


def _after(rows: list[Row], pattern: re.Pattern[str]) -> list[Row]:
    """The last row matching `pattern` and the rows after it that are not 其中 breakdowns."""
    starts = [i for i, r in enumerate(rows) if pattern.search(_plain_name(r))]
    if not starts:
        return []
    rest = rows[starts[-1] + 1 :]
    return [rows[starts[-1]], *(r for r in rest if not _SUB_ITEM.match(normalize_text(r.name)))]


def _blocks(table: Table, side: str | None) -> list[list[Row]]:
    """Rows by side and expenditure block (`group`), in printed order."""
    blocks: dict[tuple[str | None, str | None], list[Row]] = defaultdict(list)
    for row in table.rows:
        if side is None or row.side == side:
            blocks[(row.side, row.group)].append(row)
    return list(blocks.values())
