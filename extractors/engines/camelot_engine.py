"""camelot as a selectable engine (`--engine camelot`): lattice where the page is ruled,
stream where it is not, restricted to the region below the title."""

from __future__ import annotations

import logging

import camelot

from budgetpdf.extractors.engines.base import Engine, Region
from budgetpdf.extractors.engines.ruled import RuledEngine
from budgetpdf.extractors.grid import Cell, Grid, make_cell


class CamelotEngine(Engine):
    name = "camelot"

    def find_grid(self, region: Region) -> Grid | None:
        page = region.page
        x0, top, x1, bottom = region.bbox
        # camelot wants PDF space (origin bottom left) for table_areas; pdfplumber's region is
        # top-left based and already rotated upright, which camelot's own parsing also does.
        area = f"{x0},{page.height - top},{x1},{page.height - bottom}"
        flavor = "lattice" if RuledEngine().has_rules(region) else "stream"
        kwargs: dict[str, object] = {"table_areas": [area]} if flavor == "stream" else {}
        if flavor == "lattice":
            # Merged header cells: copy their text into every spanned cell so each column's
            # header path names its parent; Grid.column_paths drops the repeats.
            kwargs["copy_text"] = ["h", "v"]
            kwargs["table_areas"] = [area]
        logging.getLogger("camelot").setLevel(logging.ERROR)
        tables = camelot.read_pdf(
            str(region.pdf_path), pages=str(region.page_no), flavor=flavor,
            suppress_stdout=True, **kwargs,
        )
        if tables.n == 0:
            return None
        frame = tables[0].df
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
