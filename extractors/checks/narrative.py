"""The amounts the narrative states, checked against the cells they restate: checks of kind
`narrative`, each quoting its sentence and page, with the statement as the `total` cell
(table "narrative") and the table's cell as the part.

A statement whose cell no table prints, or whose possible cells disagree, is `skipped` with
the reason: a sentence is never tied to a cell by guess.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetpdf.extractors.amounts import convert
from budgetpdf.extractors.checks.cells import Cell, CheckContext, Missing, plain_name
from budgetpdf.extractors.checks.document import select
from budgetpdf.extractors.narrative.statements import Found
from budgetpdf.extractors.result import CellRef, Check, CheckKind, CheckStatus, Row, Table
from budgetpdf.table_specs.check_model import CellSelector

KIND = CheckKind.NARRATIVE
_HUNDRED = Decimal(100)
_PLACES = Decimal("0.000001")


def check_statements(ctx: CheckContext, found: list[Found], year: str | None) -> list[Check]:
    """A check per statement found (and per share printed beside one). `year` is the
    document's: a statement about another year is skipped."""
    repeated = _stated_differently(found)
    checks: list[Check] = []
    for statement in found:
        rule = f"narrative.{statement.statement.id}"
        reason = repeated.get(statement.statement.id) or _other_year(statement, year)
        if reason:
            checks.append(_narrative(ctx.skipped(rule, _message(statement), reason), statement))
            continue
        check = _check_amount(ctx, statement)
        checks.append(check)
        if statement.percent is not None and check.status is not CheckStatus.SKIPPED:
            checks.append(_check_share(ctx, statement, check.parts[0]))
    return checks


def _stated_differently(found: list[Found]) -> dict[str, str]:
    """Statements of one subject stated with different amounts ("人员经费675.90万元" under
    each 科目 in turn): about parts, not the table's total, so none is checked."""
    amounts: dict[str, set[Decimal]] = {}
    for statement in found:
        if not statement.statement.classified:
            amounts.setdefault(statement.statement.id, set()).add(
                convert(statement.amount, statement.unit, "元")
            )
    return {
        key: f"stated with {len(values)} different amounts in the document: about parts "
        "(each 科目 or unit in turn), not the table's total"
        for key, values in amounts.items()
        if len(values) > 1
    }


def _other_year(found: Found, year: str | None) -> str | None:
    """'2021年…“三公”经费预算支出31.08万元' in a 2022 document is last year's figure."""
    if year is None or found.year is None or found.year == year:
        return None
    return f"about {found.year}, not the document's year {year}"


def _stated(found: Found, column: str = "amount") -> Cell:
    """The statement as a cell. Its step is twice its last digit: a narrative cuts an amount
    to its printed digits as often as it rounds it (93664.78万元 for 936,647,884.33元), so it
    may be off by a whole unit of that digit, not half."""
    ref = CellRef("narrative", found.subject, column, found.sentence.page, found.amount, found.unit)
    return Cell(ref, 2 * Decimal(1).scaleb(int(found.amount.as_tuple().exponent)))


def _message(found: Found) -> str:
    return found.statement.description or found.statement.id


def _narrative(check: Check, found: Found) -> Check:
    check.kind, check.quote = KIND, found.quote
    return check


def _check_amount(ctx: CheckContext, found: Found) -> Check:
    rule = f"narrative.{found.statement.id}"
    try:
        cell = _the_cell(ctx, found)
    except Missing as missing:
        return _narrative(ctx.skipped(rule, _message(found), str(missing)), found)
    if cell.ref.value is None and found.amount:
        reason = f"{cell.ref.table} [{cell.ref.column}] is blank on p.{cell.ref.page}"
        return _narrative(ctx.skipped(rule, _message(found), reason), found)
    check = ctx.compare(rule, _message(found), _stated(found), [cell])
    if check is None:  # unreachable: the stated amount is never blank
        raise AssertionError(rule)
    return _narrative(check, found)


def _the_cell(ctx: CheckContext, found: Found) -> Cell:
    """The one cell the statement restates; Missing when none is printed or the printed
    ones disagree."""
    cells: list[Cell] = []
    reasons: list[str] = []
    for selector in found.statement.cells:
        try:
            cells.append(_select(ctx, selector, found))
        except Missing as missing:
            reasons.append(str(missing))
    if not cells:
        raise Missing("; ".join(reasons))
    values = {convert(c.ref.value or Decimal(0), c.ref.unit, "元") for c in cells}
    if len(values) > 1:
        read = ", ".join(f"{c.ref.table}[{c.ref.column}] {c.ref.value}" for c in cells)
        raise Missing(f"ambiguous: the cells it may restate differ ({read})")
    return cells[0]


def _select(ctx: CheckContext, selector: CellSelector, found: Found) -> Cell:
    if not found.statement.classified:
        return select(ctx, selector, None)
    table = ctx.one_table(selector.table or "")
    column = ctx.column_of(table, selector.side, selector.column)
    return ctx.cell(table, _classified_row(table, found.classes), column)


def _classified_row(table: Table, names: tuple[str, ...]) -> Row:
    """The row of the 类 / 款 / 项 the sentence names, each level under the one before; the
    类 name may carry words before it ("1.社会保障和就业支出(类)" reads the whole run)."""
    parent: Row | None = None
    for level, name in enumerate(names, start=1):
        if not name:
            continue
        wanted = re.sub(r"\s+", "", name)
        rows = [
            r
            for r in table.rows
            if r.level == level
            and (parent is None or r.parent == parent.code)
            and (wanted.endswith(plain_name(r)) if level == 1 else plain_name(r) == wanted)
            and plain_name(r)
        ]
        if len(rows) != 1:
            what = "no row" if not rows else f"{len(rows)} rows"
            raise Missing(f"{table.spec} prints {what} named {wanted!r} at level {level}")
        parent = rows[0]
    if parent is None:
        raise Missing("the sentence names no 类")
    return parent


def _check_share(ctx: CheckContext, found: Found, part: CellRef) -> Check:
    """The share printed beside the amount (占67.79%) = the cell / the whole it is of."""
    rule = f"narrative.{found.statement.id}.share"
    message = f"{_message(found)} ({found.subject}占{found.percent}%)"
    whole = None
    for selector in found.statement.share_of:
        try:
            whole = select(ctx, selector, None)
            break
        except Missing:
            continue
    if whole is None or not whole.ref.value or part.value is None:
        reason = "no cell of the whole it is a share of" if whole is None else "the whole is 0"
        return _narrative(ctx.skipped(rule, message, reason), found)
    value = convert(part.value, part.unit, whole.ref.unit)
    expected = (value * _HUNDRED / whole.ref.value).quantize(_PLACES)
    percent = found.percent or Decimal(0)
    step = Decimal(1).scaleb(int(percent.as_tuple().exponent))
    # Half the printed percentage's last digit (per_addend), plus what the rounding of the
    # two amounts can move the quotient.
    whole_step = whole.step
    tolerance = (ctx.per_addend * (step + _HUNDRED * 2 * whole_step / whole.ref.value)).quantize(
        _PLACES
    )
    difference = abs(percent - expected)
    status = (
        CheckStatus.PASS
        if difference == 0
        else CheckStatus.ROUNDING
        if difference <= tolerance
        else CheckStatus.FAIL
    )
    stated = CellRef(
        "narrative", f"{found.subject}占", "percent", found.sentence.page, percent, "%"
    )
    check = Check(
        rule=rule,
        status=status,
        message=message,
        total=stated,
        parts=[part, whole.ref],
        expected=expected,
        found=percent,
        tolerance=tolerance,
    )
    return _narrative(check, found)
