"""Ruled tables: cells from the drawn grid, found by pdfplumber's line strategy."""

from __future__ import annotations

from bisect import bisect_left

from pdfplumber.table import Table

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

    @staticmethod
    def tables_in(region: Region) -> list[Table]:
        """pdfplumber's ruled tables of the page that start inside the region, top first; a
        stray box (a stamp, a framed note) of fewer than two rows is not a table."""
        if "ruled" not in region.page_cache:
            region.page_cache["ruled"] = region.page.find_tables(_SETTINGS)
        found = [
            t for t in region.page_cache["ruled"]
            if len(t.rows) >= 2 and region.bbox[1] - 2 <= t.bbox[1] < region.bbox[3] - 2
        ]
        return sorted(found, key=lambda t: t.bbox[1])

    def has_rules(self, region: Region) -> bool:
        return bool(self.tables_in(region))

    def find_grid(self, region: Region) -> Grid | None:
        tables = self.tables_in(region)
        if not tables:
            return None
        table = tables[0]
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
