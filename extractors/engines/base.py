"""The engine interface: `extract()` fixes the steps, subclasses supply `find_grid()`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from pdfplumber.page import Page

from budgetpdf.extractors.grid import BBox, Grid
from budgetpdf.extractors.layout import Line


@dataclass
class Region:
    """Where on a page a table may stand: below its title (or the page top) down to the next
    title or the page bottom, with the page's text lines inside it."""

    page: Page
    page_no: int
    bbox: BBox
    lines: list[Line]
    pdf_path: Path


class Engine(ABC):
    name = "base"

    def extract(self, region: Region) -> Grid | None:
        """A grid for the region, or None when this engine sees no table there."""
        if not region.lines:
            return None
        grid = self.find_grid(region)
        if grid is None or grid.n_cols < 2 or grid.n_rows < 1:
            return None
        return grid

    @abstractmethod
    def find_grid(self, region: Region) -> Grid | None: ...
