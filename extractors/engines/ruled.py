"""Ruled tables: cells from the drawn grid, found by pdfplumber's line strategy."""

from __future__ import annotations

from pdfplumber.page import Page
from pdfplumber.table import CellGroup, Table

from budgetpdf.extractors.engines._frames import COLUMN_GAP, ROW_GAP, Zones
from budgetpdf.extractors.engines._glyphs import GlyphIndex, cell_texts
from budgetpdf.extractors.engines.base import Engine, Region
from budgetpdf.extractors.engines.grid import Cell, Grid, make_cell
from budgetpdf.extractors.pdf.layout import snapped

_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def page_tables(page: Page, cache: dict) -> list[tuple[Table, list[CellGroup]]]:
    """pdfplumber's ruled tables of the page with their rows, found once a page (`cache`
    is the page's)."""
    if "ruled" not in cache:
        cache["ruled"] = [(table, table.rows) for table in page.find_tables(_SETTINGS)]
    return cache["ruled"]


def _page_tables(region: Region) -> list[tuple[Table, list[CellGroup]]]:
    return page_tables(region.page, region.page_cache)


def _rows_of(region: Region, table: Table) -> list[CellGroup]:
    return next(rows for found, rows in _page_tables(region) if found is table)


class RuledEngine(Engine):
    name = "ruled"

    @staticmethod
    def tables_in(region: Region) -> list[tuple[Table, list[int]]]:
        """pdfplumber's ruled tables of the page with the indexes of their rows that lie in the
        region, top first. Two tables stacked on one page may share rules and come back as
        one table from the finder; the title between them splits it again here. A stray box
        (a stamp, a framed note) of fewer than two rows is not a table, except at the top of
        a page that continues one (无锡: the last row, 2210203 购房补贴, alone on its page)."""
        found = []
        for table, all_rows in _page_tables(region):
            rows = [
                i
                for i, row in enumerate(all_rows)
                if region.bbox[1] - 2 <= row.bbox[1] < region.bbox[3] - 2
            ]
            if len(rows) >= (1 if region.continuation else 2):
                found.append((table, rows, all_rows[rows[0]].bbox[1]))
        return [(table, rows) for table, rows, _ in sorted(found, key=lambda item: item[2])]

    def has_rules(self, region: Region) -> bool:
        return bool(self.tables_in(region))

    def find_grid(self, region: Region) -> Grid | None:
        tables = self.tables_in(region)
        if not tables:
            return None
        table, kept = tables[0]
        # Table.rows is a property pdfplumber recomputes on every access: read it once.
        rows = _rows_of(region, table)
        # Only the rows in the region: a page of two tables is read once a region.
        if "glyphs" not in region.page_cache:
            region.page_cache["glyphs"] = GlyphIndex.of(region.page.chars)
        read = cell_texts(region.page_cache["glyphs"], [rows[i] for i in kept])
        texts = dict(zip(kept, read, strict=True))
        bottom = max(rows[i].bbox[3] for i in kept)
        x1 = max(rows[i].bbox[2] for i in kept)
        row_zones = Zones.of([snapped(rows[i].bbox[1], 1) for i in kept], bottom, ROW_GAP)
        col_zones = Zones.of(
            [snapped(c[0], 1) for i in kept for c in rows[i].cells if c], x1, COLUMN_GAP
        )
        cells: dict[tuple[int, int], Cell] = {}
        for r in kept:
            for c, bbox in enumerate(rows[r].cells):
                if bbox is None:
                    continue
                r0, rowspan = row_zones.span(bbox[1], min(bbox[3], bottom))
                c0, colspan = col_zones.span(bbox[0], bbox[2])
                text, indent = texts[r][c]
                # A frame and the cell inside it start in one place: the one with text is
                # the cell.
                if (r0, c0) not in cells or not cells[r0, c0].text:
                    cells[r0, c0] = make_cell(
                        r0,
                        c0,
                        text,
                        rowspan=rowspan,
                        colspan=colspan,
                        bbox=bbox,
                        indent=indent,
                    )
        x0 = min(rows[i].bbox[0] for i in kept)
        tops, lefts = row_zones.starts, col_zones.starts
        return Grid(
            n_rows=len(tops),
            n_cols=len(lefts),
            cells=list(cells.values()),
            page=region.page_no,
            bbox=(x0, tops[0], x1, bottom),
            engine=self.name,
            row_tops=tops,
            col_lefts=lefts,
        )
