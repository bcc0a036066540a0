"""camelot as a selectable engine (`--engine camelot`): lattice where the page is ruled,
stream where it is not, restricted to the region below the title."""

from __future__ import annotations

import logging

from budgetpdf.extractors.engines.base import Engine, Region
from budgetpdf.extractors.engines.grid import Cell, Grid, make_cell
from budgetpdf.extractors.engines.ruled import RuledEngine


class CamelotEngine(Engine):
    name = "camelot"

    def find_grid(self, region: Region) -> Grid | None:
        # Imported here, not at the top: camelot brings OpenCV and pandas, about 70 MB of
        # resident memory and a second of start-up that every run would pay for an engine
        # only `--engine camelot` (or a spec's `engine: camelot`) uses.
        import camelot

        page = region.page
        x0, top, x1, bottom = region.bbox
        # camelot works in PDF space (origin bottom left); pdfplumber's region is top-left
        # based. Both see the page upright, /Rotate applied.
        area = (x0, page.height - bottom, x1, page.height - top)
        logging.getLogger("camelot").setLevel(logging.ERROR)
        if RuledEngine().has_rules(region):
            # Lattice finds the ruled tables of the whole page; the one inside the region is
            # ours. Restricting lattice to table_areas lets text outside the grid (a page
            # number, a 说明 line) be shifted into its edge cells. Merged header cells: their
            # text is copied into every spanned cell, and Grid.column_paths drops the repeats.
            tables = camelot.read_pdf(
                str(region.pdf_path),
                pages=str(region.page_no),
                flavor="lattice",
                copy_text=["h", "v"],
                suppress_stdout=True,
            )
        else:
            tables = camelot.read_pdf(
                str(region.pdf_path),
                pages=str(region.page_no),
                flavor="stream",
                table_areas=[",".join(f"{v:.1f}" for v in (area[0], area[3], area[2], area[1]))],
                suppress_stdout=True,
            )
        inside = [t for t in tables if _overlap(t._bbox, area) > 0.5]
        if not inside:
            return None
        table = max(inside, key=lambda t: _overlap(t._bbox, area))
        frame = table.df
        cells: list[Cell] = []
        for r in range(frame.shape[0]):
            for c in range(frame.shape[1]):
                text = str(frame.iat[r, c])
                if text:
                    cells.append(make_cell(r, c, text))
        return Grid(
            n_rows=frame.shape[0],
            n_cols=frame.shape[1],
            cells=cells,
            page=region.page_no,
            bbox=region.bbox,
            engine=self.name,
        )


def _overlap(
    bbox: tuple[float, float, float, float], area: tuple[float, float, float, float]
) -> float:
    """Share of the table's box that lies inside the area (both in PDF space)."""
    width = min(bbox[2], area[2]) - max(bbox[0], area[0])
    height = min(bbox[3], area[3]) - max(bbox[1], area[1])
    size = (bbox[2] - bbox[0]) * (bbox[3] - bbox[1])
    return max(0.0, width) * max(0.0, height) / size if size > 0 else 0.0
