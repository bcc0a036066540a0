"""Grid rows → normalised rows: codes with level and parent, totals, ordinals, Decimal amounts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetpdf.extractors.amounts import (
    AmountError,
    convert,
    has_irregular_grouping,
    is_amount,
    parse_amount,
)
from budgetpdf.extractors.codes import (
    clean_code,
    clean_project_code,
    code_level,
    code_parent,
    join_split_code,
    split_code_from_name,
)
from budgetpdf.extractors.engines.grid import Cell, Grid
from budgetpdf.extractors.mapping.model import SideMap
from budgetpdf.extractors.notices import Notice, NoticeKind
from budgetpdf.extractors.result import Row
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.vocabulary import CodeScheme

# "一、", "（一）", "1、", "1." and, one level deeper, "(1)" (西安: "(1)工资福利支出").
_ORDINAL = re.compile(
    r"^\s*([一二三四五六七八九十廿]+、|[(（]([一二三四五六七八九十廿]+|\d{1,2})[)）]|\d{1,2}[.、．](?!\d))\s*"
)
# "总计：" (a colon after the word, 重庆) is a total as much as "总计".
_TOTAL = re.compile(r"(合计|总计)[:：]?$")
# A name's overflow starts at the left edge of the amount cell, before the right-aligned digits;
# the two may overlap when the overflow is clipped from view ("障中18心39311.66").
_OVERFLOW = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff\d,.-]*[-\d,.]$")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


def split_ordinal(name: str) -> tuple[str | None, str]:
    """`"（一）一般公共预算拨款"` → ("（一）", "一般公共预算拨款")."""
    match = _ORDINAL.match(name)
    if not match:
        return None, name
    return match.group(1), name[match.end() :].strip()


def is_total_name(name: str) -> bool:
    return bool(_TOTAL.search(normalize_text(name)))


def tidy_name(name: str) -> str:
    """Letter-spaced CJK ("支 出 总 计") loses its spaces; a space between words of Latin
    letters or digits stays."""
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", name).strip()


def _printed_across(grid: Grid, row: int, side: SideMap) -> tuple[Cell, bool] | None:
    """A name cell spanning side-by-side expenditure blocks: a total they share (江苏:
    `当年支出小计` across 功能分类 and 支出用途, its amount in the last column). Every block's
    row takes that name; a block whose amount column the span covers takes the amount right
    of the span (the bool)."""
    if side.side is None or side.name_col is None:
        return None
    cell = grid.owner[row][side.name_col]
    if cell is None or cell.colspan < 2 or not cell.text:
        return None
    amounts = [m.index for m in side.columns if m.kind == "amount"]
    covers = any(grid.owner[row][i] is cell for i in amounts)
    if covers and cell.col + cell.colspan >= grid.n_cols:
        return None
    return cell, covers


def _fallback_name(grid: Grid, row: int, side: SideMap) -> str:
    """The name of a row that leaves the name column blank, from the first of the spec's
    `name_fallback` columns printing text on it: 苏州's 政府采购 detail rows leave
    采购品目大类 blank and name the item bought under 采购品目名称."""
    for col in side.name_fallback_cols:
        text = tidy_name(grid.text(row, col))
        if text and not is_amount(text):
            return text
    return ""


@dataclass
class RowContext:
    """What every row of one table is read with."""

    scheme: CodeScheme
    unit: str
    output_unit: str
    notices: list[Notice]
    spec_id: str


def rows_from_grid(
    grid: Grid, header_rows: int, side: SideMap, context: RowContext, previous_code: str = ""
) -> list[Row]:
    """The rows of one side of a grid below its header; `previous_code` is the last code of
    the page before (a split code printed without its 类 continues it)."""
    rows: list[Row] = []
    last_code = previous_code
    for r in range(header_rows, grid.n_rows):
        code, name = _key(grid, r, side, context.scheme, last_code)
        across = _printed_across(grid, r, side)
        if across is not None:
            name = tidy_name(across[0].text)
        name, values, texts = _values(grid, r, side, context, (code, name), across)
        if not code and not name and not texts:
            if all(v is None for v in values.values()):
                continue
            if rows and _amounts_of_row_above(grid, r, side, rows[-1]):
                rows[-1].values = values
                continue
        ordinal = None
        if side.side is not None:
            ordinal, name = split_ordinal(name)
        if code:
            last_code = code
        rows.append(
            Row(
                code=code,
                name=name,
                level=code_level(code, context.scheme),
                parent=code_parent(code, context.scheme),
                is_total=not code and is_total_name(name),
                page=grid.page,
                values=values,
                texts=texts,
                side=side.side,
                ordinal=ordinal,
                group=side.group,
                grid_row=r,
            )
        )
    return rows


def _amounts_of_row_above(grid: Grid, r: int, side: SideMap, above: Row) -> bool:
    """Whether a row with amounts but no key holds the amounts of the row above: that row
    has none, and its key cell reaches down over this row (a tall 合计 cell whose amount
    sits in a frame of its own, lower than the cell's top)."""
    key_col = side.name_col if side.name_col is not None else side.code_col
    if key_col is None or above.grid_row != r - 1:
        return False
    if any(v is not None for v in above.values.values()):
        return False
    cell = grid.owner[r][key_col]
    return cell is not None and cell is grid.owner[r - 1][key_col]


def _key(grid: Grid, r: int, side: SideMap, scheme: CodeScheme, last_code: str) -> tuple[str, str]:
    """A row's code and name: from the code column, the 类 | 款 | 项 columns, or a code
    printed at the head of the name ("[2010401]行政运行")."""
    name = tidy_name(grid.text(r, side.name_col)) if side.name_col is not None else ""
    code = ""
    if side.split_cols:
        parts = [grid.text(r, c) for c in side.split_cols] + ["", ""]
        code = join_split_code(
            parts[0], parts[1], parts[2] if len(side.split_cols) == 3 else "", last_code
        )
        if not code and not name:
            name = tidy_name(" ".join(grid.text(r, c) for c in side.split_cols).strip())
    elif side.code_col is not None:
        raw = grid.text(r, side.code_col)
        # A project table's key column may hold unit codes: "234001", "1" (西安).
        code = (
            clean_project_code(raw) or clean_code(raw)
            if scheme is CodeScheme.PROJECT
            else clean_code(raw)
        )
        if not code and raw and not name:
            name = tidy_name(raw)  # "合计" printed across the code and name cells
    if not name:
        name = _fallback_name(grid, r, side)
    if not code and name and scheme is not CodeScheme.ITEM:
        found, rest = split_code_from_name(name)
        if found and (code_level(found, scheme) or scheme is CodeScheme.PROJECT):
            code, name = found, rest
    return code, name


def _values(
    grid: Grid,
    r: int,
    side: SideMap,
    context: RowContext,
    key: tuple[str, str],
    across: tuple[Cell, bool] | None,
) -> tuple[str, dict[str, Decimal | None], dict[str, str]]:
    """A row's amounts (converted to the output unit) and text columns; the name comes back
    too, lengthened by any of its glyphs that spilled into the first amount cell."""
    code, name = key
    values: dict[str, Decimal | None] = {}
    texts: dict[str, str] = {}
    for column in side.columns:
        raw = grid.text(r, column.index)
        if across is not None and across[1] and column.kind == "amount":
            raw = grid.text(r, across[0].col + across[0].colspan)
        if column.kind == "text":
            if raw:
                texts[column.id] = tidy_name(raw)
            continue
        if side.name_col is not None and column.index == side.name_col + 1:
            name, raw = _take_spill(name, raw)
        amount = _amount(raw, grid.page, name or code, column.header or column.id, context)
        values[column.id] = (
            convert(amount, context.unit, context.output_unit) if amount is not None else None
        )
    return name, values, texts


def _take_spill(name: str, raw: str) -> tuple[str, str]:
    """ "机关事业单位职业年金" is wider than its cell: its last glyph "金" lands in the amount
    cell to the right ("金43608.96"); it belongs to the name."""
    overflow = _OVERFLOW.match(normalize_text(raw)) if raw else None
    if overflow is None:
        return name, raw
    spill = "".join(_IDEOGRAPH.findall(overflow.group()))
    if len(spill) > 8:
        return name, raw
    return name + spill, _IDEOGRAPH.sub("", overflow.group())


def _amount(raw: str, page: int, row: str, column: str, context: RowContext) -> Decimal | None:
    """A cell's amount as printed; a cell that is no amount is noticed and left empty."""
    details: dict[str, object]
    try:
        amount = parse_amount(raw)
    except AmountError:
        kind, details = NoticeKind.NOT_AN_AMOUNT, {"text": raw}
        amount = None
    else:
        if amount is None or not has_irregular_grouping(raw):
            return amount
        kind, details = NoticeKind.IRREGULAR_SEPARATORS, {"text": raw, "amount": amount}
    context.notices.append(
        Notice.of(kind, page=page, spec=context.spec_id, row=row, column=column, **details)
    )
    return amount


def finishes_cut_name(last: Row, last_wrapped: bool, first: Row, first_data_row: int) -> bool:
    """Whether `first`, the first row of a continuation page, only prints the end of the name
    of `last`, the previous page's last row, which the page break cut: 杭州 收入总表 prints
    "杭州市综合 / 交通运输研究" with its amounts at the foot of one page and "中心" alone at the
    top of the next. Guarded: the cut name wrapped in its cell, and the continued row has
    no code, no ordinal, no amount and no other text."""
    return (
        last_wrapped
        and bool(first.name)
        and first.grid_row == first_data_row
        and first.side == last.side
        and not first.code
        and first.ordinal is None
        and not first.is_total
        and not first.texts
        and all(v is None for v in first.values.values())
        and not _ORDINAL.match(first.name)
    )
