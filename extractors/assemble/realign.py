"""A ruled continuation page whose grid has other columns than the page before: the same
table, some of whose rules the producer drew on one page and not the other (a cell spanning
three columns of the first page, a rule left out). Where every column edge of the new page
stands on an edge of the table it continues, its cells are laid onto that table's columns."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from budgetpdf.extractors.engines.grid import Grid

# How far a rule may stand from the same rule on the page before (drawn by one template,
# placed by one producer: they differ by a line width or two).
_SAME_RULE = 6.0


def onto_columns(grid: Grid, previous: Grid) -> Grid:
    """`grid` with its cells on `previous`'s columns, or `grid` unchanged where the two
    do not share their column rules (then the page is judged as it was read)."""
    if grid.n_cols == previous.n_cols or grid.engine != "ruled" or previous.engine != "ruled":
        return grid
    new_edges, old_edges = grid.col_edges(), previous.col_edges()
    if not new_edges or not old_edges:
        return grid
    # The inner edges decide; the table's outer frame may be drawn wider on one page.
    if not all(_near(edge, old_edges) for edge in new_edges[1:-1]):
        return grid
    lefts = previous.col_lefts

    def column(x: float) -> int:
        return max(0, bisect_right(lefts, x + _SAME_RULE) - 1)

    cells = []
    for cell in grid.cells:
        first = column(new_edges[cell.col])
        end = min(cell.col + cell.colspan, grid.n_cols)
        last = column(new_edges[end]) if end < grid.n_cols else previous.n_cols
        cells.append(
            replace(cell, col=first, colspan=max(1, last - first), bbox=grid.cell_box(cell))
        )
    if len({(c.row, c.col) for c in cells}) < len(cells):
        return grid
    return Grid(
        n_rows=grid.n_rows,
        n_cols=previous.n_cols,
        cells=cells,
        page=grid.page,
        bbox=grid.bbox,
        engine=grid.engine,
        row_tops=grid.row_tops,
        col_lefts=lefts,
    )


def _near(x: float, edges: list[float]) -> bool:
    return any(abs(x - edge) <= _SAME_RULE for edge in edges)
