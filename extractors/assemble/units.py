"""Which 预算单位 each row of a table belongs to, where a table prints several: a 部门预算
lists its department's total, then each subordinate unit's total row with that unit's rows
below it, naming the unit in a 预算单位 column (深圳 支出总表: "深圳市人力资源和社会保障局",
then "深圳市人力资源和社会保障局（本级）" and its 科目) or in the name column itself, above the
rows it totals and less indented than any of them (深圳 基本支出总表: "深圳市审计局", then
"工资福利支出", then "基本工资").

A unit's total row becomes a total (`is_total`) whose `budget_unit` is its own name, every
row below it takes that `budget_unit` until the next unit's total, and a unit's total under
a department's (less indented, or a 合计 printed above the units) names that total as its
`parent`: checks then add up each unit on its own, and the units into the department. A
预算单位 column naming a unit on rows that are not its total (深圳 三公 table: the unit on
the first of its 2025年 / 2026年 / 增减 rows) names the unit of those rows and the rows below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetpdf.extractors.assemble.regions import Part
from budgetpdf.extractors.assemble.rows import tidy_name
from budgetpdf.extractors.classification import known_name
from budgetpdf.extractors.mapping.model import SideMap
from budgetpdf.extractors.result import Row
from budgetpdf.extractors.text import normalize_text

# The header of a column naming each row's unit: "预算单位", "单位名称" (a path's last part).
UNIT_HEADER = re.compile(r"(^|/)(预算单位|预算单位名称|单位名称)$")
# How the name of a body that keeps a budget ends: 局, 委员会, 中心, 学院, 分局, "（本级）" …
_BODY = re.compile(
    r"(局|委员会|委|办公室|办公厅|院|中心|学校|大学|研究所|管理所|站|馆|队|厅|署|"
    r"协会|联合会|基金会|商会|总会|学会|(\(|（)本级(\)|）))$"
)
# Indents closer than this (points) are one indent: a glyph's box may differ a little.
INDENT_TOLERANCE = 1.5


@dataclass
class RowLayout:
    """What the page shows of a row beyond its text: its name's indent, and what its 预算单位
    column prints (empty where the table has none, or the cell is merged from above)."""

    indent: float | None = None
    unit_text: str = ""


def row_layouts(part: Part, side: SideMap, rows: list[Row]) -> list[RowLayout]:
    """The layout of rows read from one side of one page's grid."""
    grid, paths = part.grid, part.tmap.paths
    taken = {side.code_col, side.name_col, *side.split_cols}
    unit_col = next(
        (c for c in range(grid.n_cols) if c not in taken and UNIT_HEADER.search(paths[c])), None
    )
    out = []
    for row in rows:
        r = row.grid_row
        if r is None:
            out.append(RowLayout())
            continue
        unit = tidy_name(grid.text(r, unit_col)) if unit_col is not None else ""
        # The name's indent: the name column's, or the 预算单位 column's where the name
        # was taken from there (a unit's total row).
        name_cols = [side.name_col, *side.name_fallback_cols]
        cells = [grid.owner[r][c] for c in name_cols if c is not None]
        cell = next((c for c in cells if c is not None and c.row == r and c.text), None)
        out.append(RowLayout(cell.indent if cell is not None else None, unit))
    return out


def _names_a_body(text: str) -> bool:
    """What a 预算单位 column prints on a unit's rows, not on the table's 合计 row or on a
    funding line under it (西安: "全额")."""
    name = normalize_text(text)
    if name.endswith(("合计", "总计", "小计")):
        return False
    return len(name) >= 3 or name == "本级" or bool(_BODY.search(name))


def mark_budget_units(rows: list[Row], layouts: list[RowLayout]) -> None:
    """Set `budget_unit` (and the unit totals' `is_total` and `parent`) on a table's rows;
    nothing where the table prints no units."""
    for layout in layouts:
        if not _names_a_body(layout.unit_text):
            layout.unit_text = ""
    if any(layout.unit_text for layout in layouts):
        heads = _by_unit_column(rows, layouts)
    else:
        heads = _by_unit_names(rows, layouts)
    if not heads and not any(layout.unit_text for layout in layouts):
        return
    current: str | None = None
    for index, row in enumerate(rows):
        if index in heads:
            current = heads[index]
            row.is_total = row.is_total or not row.code
        elif layouts[index].unit_text:
            current = layouts[index].unit_text
        row.budget_unit = current
    if heads:
        _nest_units(rows, layouts, sorted(heads))


def _by_unit_column(rows: list[Row], layouts: list[RowLayout]) -> dict[int, str]:
    """The rows of a 预算单位 column that total a unit: the unit named there and no 科目 of
    their own (the name column blank, or the unit's name put there by `name_fallback`)."""
    heads = {}
    for index, (row, layout) in enumerate(zip(rows, layouts, strict=True)):
        unit = layout.unit_text
        if unit and not row.code and (not row.name or row.name == unit):
            heads[index] = unit
    return heads


def _by_unit_names(rows: list[Row], layouts: list[RowLayout]) -> dict[int, str]:
    """Rows named as a body (…局, …中心, …（本级）), printing amounts, no code, and less
    indented than every row of the table that is not such a name: the units' totals. A
    table whose names are not indented tells a unit from a 科目 by nothing but its name,
    which is not enough."""
    candidates = [
        i
        for i, row in enumerate(rows)
        if not row.code
        and row.side is None
        and _BODY.search(normalize_text(row.name))
        and not known_name(row.name)
        and any(v is not None for v in row.values.values())
        and layouts[i].indent is not None
    ]
    if not candidates:
        return {}
    others = [
        layouts[i].indent
        for i, row in enumerate(rows)
        if i not in candidates and not row.is_total and row.name and layouts[i].indent is not None
    ]
    deepest_unit = max(layouts[i].indent or 0.0 for i in candidates)
    if not others or deepest_unit + INDENT_TOLERANCE >= min(i for i in others if i is not None):
        return {}
    return {i: rows[i].name for i in candidates}


def _nest_units(rows: list[Row], layouts: list[RowLayout], heads: list[int]) -> None:
    """A unit's total printed under a less indented one (the department's) names it as its
    parent; where every unit stands at one indent, a 合计 printed above them all is theirs."""
    indents = [layouts[i].indent for i in heads]
    known = [i for i in indents if i is not None]
    shallowest = min(known, default=None)
    if shallowest is not None and any(i > shallowest + INDENT_TOLERANCE for i in known):
        department: Row | None = None
        for index, indent in zip(heads, indents, strict=True):
            if indent is not None and indent <= shallowest + INDENT_TOLERANCE:
                department = rows[index]
            elif department is not None:
                rows[index].parent = department.name
        return
    total = next((r for r in rows[: heads[0]] if r.is_total and not r.code), None)
    if total is not None:
        for index in heads:
            rows[index].parent = total.name
