"""A coded table's columns: the key (a code column, or a code split over 类 | 款 | 项), the
name, and the value columns the spec names; side-by-side copies of one block read as one."""

from __future__ import annotations

import re

from budgetpdf.extractors.codes import clean_code
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.mapping.columns import (
    add_unmapped,
    assign_columns,
    comparison_columns,
    data_texts,
    first_matching,
    is_code_column,
    is_sequence,
    is_text_column,
)
from budgetpdf.extractors.mapping.model import MappedColumn, SideMap
from budgetpdf.table_specs.model import TableSpec
from budgetpdf.table_specs.vocabulary import CodeScheme

_TOTALS = {"合计", "总计", "合 计", "总 计"}


def side_by_side_blocks(spec: TableSpec, paths: list[str], cols: list[int]) -> list[list[int]]:
    """The columns of each block of a table printed as two or three identical blocks side by
    side (决算 基本支出表: `科目编码 | 科目名称 | 决算数` three times across the page), or all
    columns as one block. A block starts at each column the first key pattern names; the
    blocks must carry the same header paths, so a second, different code column (政府经济
    科目编码 beside 部门经济科目编码) never splits a table."""
    keys = spec.key_columns
    for pattern in [*keys.code_split[:1], *keys.code]:
        starts = [c for c in cols if paths[c] and re.search(pattern, paths[c])]
        if len(starts) >= 2:
            break
    else:
        return [cols]
    bounds = [*starts[1:], cols[-1] + 1]
    blocks = [[c for c in cols if a <= c < b] for a, b in zip(starts, bounds, strict=True)]
    shapes = {tuple(paths[c] for c in block) for block in blocks}
    if len(shapes) != 1 or len(blocks[0]) < 3:
        return [cols]
    blocks[0] = [c for c in cols if c < starts[1]]  # a 序号 column left of the first block
    return blocks


def _spanned_code(grid: Grid, header_rows: int, paths: list[str], col: int) -> list[int]:
    """A code header spanning two or three columns is a code split over 类 | 款 (| 项) whose
    labels stand in the first body row, beside the 合计 amounts (上海 决算: `科目编码` over
    `类 | 款 | 项 | 合计 | 2,946.25`): the columns, or [] when the header spans one."""
    lei = [clean_code(t) for t in data_texts(grid, header_rows, col)]
    if not is_code_column(grid, header_rows, col) or any(len(code) > 3 for code in lei):
        return []
    span = [col]
    while (
        len(span) < 3
        and span[-1] + 1 < grid.n_cols
        and paths[span[-1] + 1] == paths[col]
        and is_code_column(grid, header_rows, span[-1] + 1)
    ):
        span.append(span[-1] + 1)
    return span if len(span) > 1 else []


def map_coded(
    spec: TableSpec, grid: Grid, header_rows: int, paths: list[str], cols: list[int]
) -> SideMap:
    side = SideMap(side=None)
    all_cols = [c for c in cols if not is_sequence(paths[c])]
    seq_cols = [c for c in cols if c not in all_cols]
    _choose_key(spec, grid, header_rows, paths, all_cols, side)
    key_cols = {side.code_col, *side.split_cols}
    rest = [c for c in all_cols if c not in key_cols]
    _choose_name(spec, grid, header_rows, paths, rest, side)
    value_cols = [c for c in rest if c != side.name_col] + seq_cols
    _choose_values(spec, grid, header_rows, paths, value_cols, side)
    side.columns.sort(key=lambda m: m.index)
    return side


def _choose_key(
    spec: TableSpec, grid: Grid, header_rows: int, paths: list[str], cols: list[int], side: SideMap
) -> None:
    """The code column or the split code columns: by the spec's header patterns, a code
    header spanning 类 | 款 | 项, or else by content."""
    keys = spec.key_columns
    if len(keys.code_split) in (2, 3):
        split = [first_matching(paths, [p], cols) for p in keys.code_split]
        if all(c is not None for c in split):
            side.split_cols = [c for c in split if c is not None]
    named = None
    if not side.split_cols:
        named = first_matching(paths, keys.code, cols)
        side.code_col = named
        if named is not None and spec.code_scheme is not CodeScheme.PROJECT:
            side.split_cols = _spanned_code(grid, header_rows, paths, named)
    if side.split_cols:
        side.code_col = None
    else:
        _code_by_content(spec, grid, header_rows, paths, cols, side, named)
    if side.code_col is not None or side.split_cols:
        side.code_header = paths[side.code_col if side.code_col is not None else side.split_cols[0]]


def _code_by_content(
    spec: TableSpec,
    grid: Grid,
    header_rows: int,
    paths: list[str],
    cols: list[int],
    side: SideMap,
    named: int | None,
) -> None:
    """A column the header names as the code must hold codes; where it does not, or none is
    named, the first of the left columns that holds codes is the key."""
    project = spec.code_scheme is CodeScheme.PROJECT
    # "合计" spanning the code and name cells says nothing about the column's content.
    printed = (
        [t for t in data_texts(grid, header_rows, named) if t not in _TOTALS]
        if named is not None
        else []
    )
    # A named column of digits holds codes however short: 西安 项目支出表 prints 单位编码
    # "234001" on a unit's row and "1" on its funding line's.
    if (
        named is not None
        and printed
        and not is_code_column(grid, header_rows, named, project)
        and not all(clean_code(t) for t in printed)
    ):
        # "项目" or "科目" headers can name a column of names: keep it as the name column.
        if is_text_column(grid, header_rows, named):
            side.name_col = named
        side.code_col = None
    if side.code_col is None:
        # Whole amounts ("17159700") look like codes: a column the spec names as an amount
        # column is not the code column.
        amount_patterns = [p for column in spec.columns for p in column.headers]
        side.code_col = next(
            (
                c
                for c in cols[:3]
                if c != side.name_col
                and is_code_column(grid, header_rows, c)
                and not any(re.search(p, paths[c]) for p in amount_patterns)
            ),
            None,
        )


def _choose_name(
    spec: TableSpec, grid: Grid, header_rows: int, paths: list[str], rest: list[int], side: SideMap
) -> None:
    """The name column (by header, else the first column of text) and the columns that name
    a row left blank in it (`name_fallback`)."""
    keys = spec.key_columns
    if side.name_col is None:
        side.name_col = first_matching(paths, keys.name, rest)
        if side.name_col is None or not (
            is_text_column(grid, header_rows, side.name_col)
            or not data_texts(grid, header_rows, side.name_col)
        ):
            side.name_col = next((c for c in rest if is_text_column(grid, header_rows, c)), None)
    side.name_fallback_cols = list(
        dict.fromkeys(
            c
            for pattern in keys.name_fallback
            for c in rest
            if c != side.name_col and re.search(pattern, paths[c])
        )
    )


def _choose_values(
    spec: TableSpec,
    grid: Grid,
    header_rows: int,
    paths: list[str],
    value_cols: list[int],
    side: SideMap,
) -> None:
    """The spec's text columns, then its amount columns, then every other column under a
    positional id."""
    taken: set[str] = set()
    # A spec's text columns are taken by header alone: 政府经济科目编码 holds digits.
    deferred = comparison_columns(paths, value_cols, spec.secondary_headers)
    side.columns = assign_columns(
        paths, value_cols, list(spec.text_columns), "text", taken, deferred
    )
    text_mapped = {m.index for m in side.columns}
    # A column headed like a part of a split code but not the key holds codes, never
    # amounts: 烟台's 基本支出表 prints a second pair 政府经济分类 类 | 款 (501 | 01) beside
    # the key 301 | 01.
    codes = {
        c
        for c in value_cols
        if c not in text_mapped and any(re.search(p, paths[c]) for p in spec.key_columns.code_split)
    }
    amount_cols = [c for c in value_cols if c not in text_mapped and c not in codes]
    side.columns += assign_columns(
        paths, amount_cols, list(spec.columns), "amount", taken, deferred
    )
    add_unmapped(side, amount_cols, paths, grid, header_rows)
    side.columns += [
        MappedColumn(c, f"col{c + 1}", paths[c], "text", positional=True) for c in sorted(codes)
    ]
