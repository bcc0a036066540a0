"""A grid and a spec in, a TableMap out, or a HeaderMismatch when the grid is not that
table: its header lacks what the spec requires, or nothing below it is an amount."""

from __future__ import annotations

import re

from budgetpdf.extractors.amounts import is_amount
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.mapping.coded import map_coded, side_by_side_blocks
from budgetpdf.extractors.mapping.model import HeaderMismatch, TableMap
from budgetpdf.extractors.mapping.two_sided import map_two_sided
from budgetpdf.table_specs.model import TableSpec


def check_header(spec: TableSpec, paths: list[str]) -> None:
    header_text = " ".join(paths)
    for pattern in spec.header_requires:
        if not re.search(pattern, header_text):
            raise HeaderMismatch(
                f"header lacks /{pattern}/ (header: {header_text[:80]!r})", "header_requires"
            )
    for pattern in spec.header_excludes:
        if re.search(pattern, header_text):
            raise HeaderMismatch(
                f"header has /{pattern}/, which this spec excludes", "header_excludes"
            )


def map_table(spec: TableSpec, grid: Grid) -> TableMap:
    header_rows = grid.header_row_count()
    paths = grid.column_paths(header_rows)
    check_header(spec, paths)
    if spec.layout == "two_sided":
        tmap = TableMap(header_rows, paths, map_two_sided(spec, grid, header_rows, paths))
    else:
        blocks = side_by_side_blocks(spec, paths, list(range(grid.n_cols)))
        sides = [map_coded(spec, grid, header_rows, paths, cols) for cols in blocks]
        tmap = TableMap(header_rows, paths, sides)
    _check_is_table(spec, grid, tmap)
    return tmap


def _check_is_table(spec: TableSpec, grid: Grid, tmap: TableMap) -> None:
    """A table prints amounts, or (printed empty) at least two columns its spec names.

    What stands below a title in a table of contents or a narrative passes neither test.
    """
    amounts = [m.index for s in tmap.sides for m in s.columns if m.kind == "amount"]
    spec_patterns = [p for c in spec.columns for p in c.headers] + [
        p for side in spec.sides for c in side.columns for p in c.headers
    ]
    # Every header a spec column's pattern names counts, taken or not: an empty two-sided
    # template prints 预算数 over each of its blocks.
    named = [path for path in tmap.paths if path and any(re.search(p, path) for p in spec_patterns)]
    if spec.fallback:
        _check_fallback_header(grid, tmap)
        # The fallback names no columns: every printed header cell counts.
        named = [path for path in tmap.paths if path]
    for row in range(tmap.header_rows, grid.n_rows):
        if any(is_amount(grid.text(row, c)) for c in amounts):
            return
    # An empty table ("功能科目代码 | 功能科目名称 | 金额" and a 说明 line) still has a header
    # row of several cells that names its key column and a value column, or two value
    # columns. Lines of a table of contents stand one to a row.
    widest = max(
        (sum(1 for c in range(grid.n_cols) if grid.text(r, c)) for r in range(tmap.header_rows)),
        default=0,
    )
    key_patterns = [*spec.key_columns.code, *spec.key_columns.code_split]
    keyed = any(re.search(p, path) for p in key_patterns for path in tmap.paths if path)
    # A table of contents never numbers its columns: 杭州's empty 国有资本经营预算支出表 is
    # "功能分类科目名称 | 项目支出" over "** | 1" and a bare 合计.
    if named and any(grid.numbers_columns(r) for r in range(tmap.header_rows)):
        return
    if widest < 3 or (len(named) < 2 and not (keyed and named)):
        raise HeaderMismatch(
            "no amounts below the header and no header row that names the spec's columns",
            "no_amounts",
        )


# A header cell that names a table ("表11", "…支出表"): the grid is a list of tables.
_NAMES_A_TABLE = re.compile(r"(^|/)(附|公开)?表[0-9一二三四五六七八九十]+$|表$")


def _check_fallback_header(grid: Grid, tmap: TableMap) -> None:
    """A table no spec describes has a header that names its columns, not tables: a
    contents page drawn as a grid ("表11 | …上年结转资金支出表 | 是") is no table. A header
    over no rows is a table printed empty (西安's 上年结转资金支出表)."""
    if sum(1 for path in tmap.paths if path) < 2:
        raise HeaderMismatch("no header row naming its columns", "no_amounts")
    if any(_NAMES_A_TABLE.search(path) for path in tmap.paths if path):
        raise HeaderMismatch("its header cells name tables: a list of tables", "no_amounts")
