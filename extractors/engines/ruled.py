"""Ruled tables: cells from the drawn grid, found by pdfplumber's line strategy."""

from __future__ import annotations

from bisect import bisect_left

from budgetpdf.extractors.engines.base import Engine, Region
from budgetpdf.extractors.grid import Cell, Grid, make_cell

_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def _span(edges: list[float], start: float, end: float) -> tuple[int, int]:
    first = bisect_left(edges, start - 1.5)
    last = bisect_left(edges, end - 1.5)
    return first, max(1, last - first)


class RuledEngine(Engine):
    name = "ruled"

    def has_rules(self, region: Region) -> bool:
        cropped = region.page.crop(region.bbox, strict=False)
        edges = cropped.edges
        vertical = sum(1 for e in edges if e["orientation"] == "v")
        horizontal = sum(1 for e in edges if e["orientation"] == "h")
        return vertical >= 2 and horizontal >= 3

    def find_grid(self, region: Region) -> Grid | None:
        cropped = region.page.crop(region.bbox, strict=False)
        tables = cropped.find_tables(_SETTINGS)
        if not tables:
            return None
        # The topmost table of reasonable size: a region holds one table, and a stray box
        # (a stamp, a framed note) is smaller than it.
        sized = [t for t in tables if len(t.rows) >= 2]
        if not sized:
            return None
        table = min(sized, key=lambda t: t.bbox[1])
        texts = table.extract(x_tolerance=2, y_tolerance=2)
        tops = sorted({round(row.bbox[1], 1) for row in table.rows})
        lefts = sorted({round(c[0], 1) for c in table.cells})
        cells: list[Cell] = []
        for r, row in enumerate(table.rows):
            for c, bbox in enumerate(row.cells):
                if bbox is None:
                    continue
                r0, rowspan = _span(tops, bbox[1], bbox[3])
                c0, colspan = _span(lefts, bbox[0], bbox[2])
                cells.append(
                    make_cell(r0, c0, texts[r][c], rowspan=rowspan, colspan=colspan, bbox=bbox)
                )
        return Grid(
            n_rows=len(tops),
            n_cols=len(lefts),
            cells=cells,
            page=region.page_no,
            bbox=table.bbox,
            engine=self.name,
            row_tops=tops,
        )
