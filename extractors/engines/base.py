"""The engine interface: `extract()` fixes the steps, subclasses supply `find_grid()`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdfplumber.page import Page

from budgetpdf.extractors.engines._confidence import score_cells
from budgetpdf.extractors.engines.grid import BBox, Grid
from budgetpdf.extractors.pdf.layout import Line


@dataclass
class Region:
    """Where on a page a table may stand: below its title (or the page top) down to the next
    title or the page bottom, with the page's text lines inside it."""

    page: Page
    page_no: int
    bbox: BBox
    lines: list[Line]
    pdf_path: Path
    # Per-page results shared by every region of the page (pdfplumber's table finder runs
    # once a page, not once a region: cropping re-filters every object of the page).
    page_cache: dict[str, Any] = field(default_factory=dict)
    # The top of a page continuing a table: its last row may stand alone in a ruled box.
    continuation: bool = False

    def overlaps(self, top: float, bottom: float) -> bool:
        return top < self.bbox[3] - 2 and bottom > self.bbox[1] + 2

    def horizontal_rules(self) -> list[dict]:
        if "hrules" not in self.page_cache:
            self.page_cache["hrules"] = [e for e in self.page.edges if e["orientation"] == "h"]
        return [e for e in self.page_cache["hrules"] if self.overlaps(e["top"] - 1, e["top"] + 1)]


class Engine(ABC):
    name = "base"

    def extract(self, region: Region) -> Grid | None:
        """A grid for the region, or None when this engine sees no table there."""
        if not region.lines:
            return None
        grid = self.find_grid(region)
        if grid is None or grid.n_cols < 2 or grid.n_rows < 1:
            return None
        score_cells(grid, region.page.chars)
        return grid

    @abstractmethod
    def find_grid(self, region: Region) -> Grid | None: ...
