"""A two-sided table (收支总表): an item column opens each block; the first block is the
income side, every later one the expenditure side."""

from __future__ import annotations

import re

from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.mapping.columns import (
    add_unmapped,
    assign_columns,
    is_sequence,
    is_text_column,
)
from budgetpdf.extractors.mapping.model import HeaderMismatch, SideMap
from budgetpdf.table_specs.model import TableSpec


def map_two_sided(spec: TableSpec, grid: Grid, header_rows: int, paths: list[str]) -> list[SideMap]:
    seq = {c for c in range(grid.n_cols) if is_sequence(paths[c])}
    item_cols = [
        c for c in range(grid.n_cols) if c not in seq and is_text_column(grid, header_rows, c)
    ]
    if len(item_cols) < 2:
        by_header = [c for c in range(grid.n_cols) if re.search(r"项目|科目|名称", paths[c])]
        item_cols = sorted(set(item_cols) | set(by_header))
    if len(item_cols) < 2:
        raise HeaderMismatch(
            "a two-sided table needs an item column on each side", "two_sided_items"
        )
    # Each item column opens a block: the first block is the income side, every later one
    # the expenditure side. Some publishers print the expenditure twice, by function and by
    # purpose or economic class ("支出功能分类 | 预算数 | 部门预算支出经济科目 | 预算数");
    # each block's rows carry the block's header as their group.
    sides = []
    bounds = [*item_cols, grid.n_cols]
    for number, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        side_spec = spec.sides[min(number, 1)]
        first = 0 if number == 0 else start  # a 序号 column left of the first block
        cols = [c for c in range(first, end) if c not in seq and c != start]
        side = SideMap(side=side_spec.side, name_col=start, group=paths[start] if number else None)
        side.columns = assign_columns(paths, cols, list(side_spec.columns), "amount", set())
        add_unmapped(side, cols, paths, grid, header_rows)
        if number >= 2:
            for column in side.columns:
                column.id = f"{column.id}_{number}"
        side.columns.sort(key=lambda m: m.index)
        sides.append(side)
    if len(sides) > 2:
        sides[1].group = paths[item_cols[1]]
    else:
        sides[1].group = None
    return sides
