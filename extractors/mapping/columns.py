"""What a grid column holds, read from its header path and its cells: text or codes, a
comparison column (an earlier year, 增减), and which spec column its header names."""

from __future__ import annotations

import re

from budgetpdf.extractors.amounts import is_amount
from budgetpdf.extractors.codes import clean_code, clean_project_code
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.mapping.model import MappedColumn, SideMap
from budgetpdf.table_specs.model import ColumnSpec

# "序号" / "栏次" number the rows or columns; they are neither keys nor amounts. A 序号 cell
# narrower than its text may keep only "序" (西安: "序" | "号单位编码").
_SEQUENCE = re.compile(r"^(序号?|行次|栏次|编号)$")
_YEAR = re.compile(r"(\d{4})年")


def is_sequence(path: str) -> bool:
    return bool(_SEQUENCE.match(path.split("/")[-1]))


def first_matching(paths: list[str], patterns: list[str], candidates: list[int]) -> int | None:
    for pattern in patterns:
        for col in candidates:
            if paths[col] and re.search(pattern, paths[col]):
                return col
    return None


def data_texts(grid: Grid, header_rows: int, col: int) -> list[str]:
    return [t for r in range(header_rows, grid.n_rows) if (t := grid.text(r, col))]


def is_text_column(grid: Grid, header_rows: int, col: int) -> bool:
    texts = data_texts(grid, header_rows, col)
    if not texts:
        return False
    words = sum(
        1 for t in texts if not is_amount(t) and not clean_code(t) and not clean_project_code(t)
    )
    return words >= max(1, len(texts) / 2)


def is_code_column(grid: Grid, header_rows: int, col: int, project: bool = False) -> bool:
    texts = data_texts(grid, header_rows, col)
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


def add_unmapped(
    side: SideMap, cols: list[int], paths: list[str], grid: Grid, header_rows: int
) -> None:
    """Columns no spec column names are kept under a positional id, never dropped silently."""
    mapped = {m.index for m in side.columns}
    for col in cols:
        if col in mapped:
            continue
        if not paths[col] and not data_texts(grid, header_rows, col):
            continue
        if is_sequence(paths[col]):
            side.columns.append(MappedColumn(col, "seq", paths[col], "text", positional=True))
            continue
        kind = "text" if is_text_column(grid, header_rows, col) else "amount"
        side.columns.append(MappedColumn(col, f"col{col + 1}", paths[col], kind, positional=True))
