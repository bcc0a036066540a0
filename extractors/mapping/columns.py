"""Matching a grid's columns to a spec: which column holds the code, the name, each amount."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetpdf.extractors.amounts import is_amount
from budgetpdf.extractors.codes import clean_code, clean_project_code
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.table_specs.model import ColumnSpec, TableSpec
from budgetpdf.table_specs.vocabulary import CodeScheme


@dataclass
class MappedColumn:
    index: int
    id: str
    header: str
    kind: str = "amount"  # amount | text
    positional: bool = False  # no spec column names it: kept as colN (or seq)


@dataclass
class SideMap:
    """The key and value columns of one table, or of one side of a two-sided table."""

    side: str | None
    code_col: int | None = None
    code_header: str = ""
    split_cols: list[int] = field(default_factory=list)
    name_col: int | None = None
    # Where a row blank in the name column takes its name, first non-blank first.
    name_fallback_cols: list[int] = field(default_factory=list)
    group: str | None = None
    columns: list[MappedColumn] = field(default_factory=list)


@dataclass
class TableMap:
    header_rows: int
    paths: list[str]
    sides: list[SideMap]


# "序号" / "栏次" number the rows or columns; they are neither keys nor amounts. A 序号 cell
# narrower than its text may keep only "序" (西安: "序" | "号单位编码").
_SEQUENCE = re.compile(r"^(序号?|行次|栏次|编号)$")
_YEAR = re.compile(r"(\d{4})年")
_TOTALS = {"合计", "总计", "合 计", "总 计"}
_POSITIONAL = re.compile(r"^col\d+$")


class HeaderMismatch(Exception):
    """The grid's header does not carry what the spec requires; the reason says what, and
    `rule` names the test that failed (header_requires, header_excludes, no_amounts,
    two_sided_items)."""

    def __init__(self, message: str, rule: str, fallback: TableMap | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        # A map the grid may be taken with all the same (a continuation page read as the
        # open table's columns); None rejects the grid.
        self.fallback = fallback


def _first(paths: list[str], patterns: list[str], candidates: list[int]) -> int | None:
    for pattern in patterns:
        for col in candidates:
            if paths[col] and re.search(pattern, paths[col]):
                return col
    return None


def _data_texts(grid: Grid, header_rows: int, col: int) -> list[str]:
    return [t for r in range(header_rows, grid.n_rows) if (t := grid.text(r, col))]


def _is_text_column(grid: Grid, header_rows: int, col: int) -> bool:
    texts = _data_texts(grid, header_rows, col)
    if not texts:
        return False
    words = sum(
        1 for t in texts if not is_amount(t) and not clean_code(t) and not clean_project_code(t)
    )
    return words >= max(1, len(texts) / 2)


def _is_code_column(grid: Grid, header_rows: int, col: int, project: bool = False) -> bool:
    texts = _data_texts(grid, header_rows, col)
    clean = clean_project_code if project else clean_code
    codes = sum(1 for t in texts if len(clean(t)) >= 2)
    return bool(texts) and codes >= 0.6 * len(texts)


def comparison_columns(paths: list[str], cols: list[int], secondary: list[str]) -> set[int]:
    """Columns that repeat the table's columns for comparison: under an earlier year than the
    latest one the header names (2021年 beside 2022年, the budget year), or under a header
    the spec calls secondary (增减变化情况)."""
    years = {c: [int(y) for y in _YEAR.findall(paths[c])] for c in cols}
    latest = max((y for found in years.values() for y in found), default=0)
    return {
        c
        for c in cols
        if (years[c] and max(years[c]) < latest) or any(re.search(p, paths[c]) for p in secondary)
    }


def assign_columns(
    paths: list[str],
    cols: list[int],
    specs: list[ColumnSpec],
    kind: str,
    taken: set[str],
    deferred: set[int] | frozenset[int] = frozenset(),
) -> list[MappedColumn]:
    """Each column in `cols`, left to right, goes to the first spec column not yet taken whose
    header pattern its path matches; the `deferred` columns (comparison columns) only after
    every other one, so a spec column takes them only when nothing else matches it."""
    mapped = []
    for col in sorted(cols, key=lambda c: c in deferred):
        for spec in specs:
            if spec.id in taken:
                continue
            if any(re.search(p, paths[col]) for p in spec.headers):
                mapped.append(MappedColumn(col, spec.id, paths[col], kind))
                taken.add(spec.id)
                break
    return mapped


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
        tmap = TableMap(header_rows, paths, _map_two_sided(spec, grid, header_rows, paths))
    else:
        blocks = _side_by_side_blocks(spec, paths, list(range(grid.n_cols)))
        sides = [_map_coded(spec, grid, header_rows, paths, cols) for cols in blocks]
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


def _side_by_side_blocks(spec: TableSpec, paths: list[str], cols: list[int]) -> list[list[int]]:
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
    lei = [clean_code(t) for t in _data_texts(grid, header_rows, col)]
    if not _is_code_column(grid, header_rows, col) or any(len(code) > 3 for code in lei):
        return []
    span = [col]
    while (
        len(span) < 3
        and span[-1] + 1 < grid.n_cols
        and paths[span[-1] + 1] == paths[col]
        and _is_code_column(grid, header_rows, span[-1] + 1)
    ):
        span.append(span[-1] + 1)
    return span if len(span) > 1 else []


def _map_coded(
    spec: TableSpec, grid: Grid, header_rows: int, paths: list[str], cols: list[int]
) -> SideMap:
    side = SideMap(side=None)
    all_cols = [c for c in cols if not _SEQUENCE.match(paths[c].split("/")[-1])]
    seq_cols = [c for c in cols if c not in all_cols]
    keys = spec.key_columns
    if len(keys.code_split) in (2, 3):
        split = [_first(paths, [p], all_cols) for p in keys.code_split]
        if all(c is not None for c in split):
            side.split_cols = [c for c in split if c is not None]
    if not side.split_cols:
        named = _first(paths, keys.code, all_cols)
        project = spec.code_scheme is CodeScheme.PROJECT
        side.code_col = named
        if named is not None and not project:
            side.split_cols = _spanned_code(grid, header_rows, paths, named)
    if side.split_cols:
        side.code_col = None
    else:
        # "合计" spanning the code and name cells says nothing about the column's content.
        printed = (
            [t for t in _data_texts(grid, header_rows, named) if t not in _TOTALS]
            if named is not None
            else []
        )
        # A named column of digits holds codes however short: 西安 项目支出表 prints 单位编码
        # "234001" on a unit's row and "1" on its funding line's.
        if (
            named is not None
            and printed
            and not _is_code_column(grid, header_rows, named, project)
            and not all(clean_code(t) for t in printed)
        ):
            # "项目" or "科目" headers can name a column of names: keep it as the name column.
            if _is_text_column(grid, header_rows, named):
                side.name_col = named
            side.code_col = None
        if side.code_col is None:
            # Whole amounts ("17159700") look like codes: a column the spec names as an amount
            # column is not the code column.
            amount_patterns = [p for column in spec.columns for p in column.headers]
            side.code_col = next(
                (
                    c
                    for c in all_cols[:3]
                    if c != side.name_col
                    and _is_code_column(grid, header_rows, c)
                    and not any(re.search(p, paths[c]) for p in amount_patterns)
                ),
                None,
            )
    if side.code_col is not None or side.split_cols:
        side.code_header = paths[side.code_col if side.code_col is not None else side.split_cols[0]]
    key_cols = {side.code_col, *side.split_cols}
    rest = [c for c in all_cols if c not in key_cols]
    if side.name_col is None:
        side.name_col = _first(paths, keys.name, rest)
        if side.name_col is None or not (
            _is_text_column(grid, header_rows, side.name_col)
            or not _data_texts(grid, header_rows, side.name_col)
        ):
            side.name_col = next((c for c in rest if _is_text_column(grid, header_rows, c)), None)
    side.name_fallback_cols = list(
        dict.fromkeys(
            c
            for pattern in keys.name_fallback
            for c in rest
            if c != side.name_col and re.search(pattern, paths[c])
        )
    )
    value_cols = [c for c in rest if c != side.name_col] + seq_cols
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
        if c not in text_mapped and any(re.search(p, paths[c]) for p in keys.code_split)
    }
    amount_cols = [c for c in value_cols if c not in text_mapped and c not in codes]
    side.columns += assign_columns(
        paths, amount_cols, list(spec.columns), "amount", taken, deferred
    )
    _add_unmapped(side, amount_cols, paths, grid, header_rows)
    side.columns += [
        MappedColumn(c, f"col{c + 1}", paths[c], "text", positional=True) for c in sorted(codes)
    ]
    side.columns.sort(key=lambda m: m.index)
    return side


def _add_unmapped(
    side: SideMap, cols: list[int], paths: list[str], grid: Grid, header_rows: int
) -> None:
    """Columns no spec column names are kept under a positional id, never dropped silently."""
    mapped = {m.index for m in side.columns}
    for col in cols:
        if col in mapped:
            continue
        if not paths[col] and not _data_texts(grid, header_rows, col):
            continue
        if _SEQUENCE.match(paths[col].split("/")[-1]):
            side.columns.append(MappedColumn(col, "seq", paths[col], "text", positional=True))
            continue
        kind = "text" if _is_text_column(grid, header_rows, col) else "amount"
        side.columns.append(MappedColumn(col, f"col{col + 1}", paths[col], kind, positional=True))


def _map_two_sided(
    spec: TableSpec, grid: Grid, header_rows: int, paths: list[str]
) -> list[SideMap]:
    seq = {c for c in range(grid.n_cols) if _SEQUENCE.match(paths[c].split("/")[-1])}
    item_cols = [
        c for c in range(grid.n_cols) if c not in seq and _is_text_column(grid, header_rows, c)
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
        _add_unmapped(side, cols, paths, grid, header_rows)
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
