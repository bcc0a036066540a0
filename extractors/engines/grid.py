"""A table as a grid of cells with spans, and its header rows resolved into column paths."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetpdf.extractors.amounts import is_amount
from budgetpdf.extractors.codes import clean_code
from budgetpdf.extractors.text import clean_cell, normalize_text

BBox = tuple[float, float, float, float]

# A row of column numbers under the header ("栏次 1 2 3", "甲 乙 1 2 3") is part of the header.
# "栏次 | 甲 | 乙 | 1 | 2 | 3": a row numbering the columns; some templates print "**" in the key cells.
_COLUMN_NUMBERS = re.compile(r"^(栏次|甲|乙|丙|丁|\d{1,2}|\*{1,3})$")


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    bbox: BBox | None = None
    # Printed over more than one line: a name wrapped at its cell's right edge.
    wrapped: bool = False
    # Where the text's first line starts, in points right of the cell's left rule (ruled
    # engine) or of the table's left edge (engines without rules): what tells "  工资福利支出"
    # from "    基本工资" where no code is printed. None where the engine cannot tell.
    indent: float | None = None
    # Read by OCR: the engine's confidence in the cell's text (0-1).
    confidence: float | None = None


@dataclass
class Grid:
    """Cells of one table region on one page; `owner[r][c]` is the cell covering (r, c)."""

    n_rows: int
    n_cols: int
    cells: list[Cell]
    page: int
    bbox: BBox
    engine: str
    # Where each row and column starts (engines that know it), for drawing the grid.
    row_tops: list[float] = field(default_factory=list)
    col_lefts: list[float] = field(default_factory=list)
    owner: list[list[Cell | None]] = field(init=False)

    def __post_init__(self) -> None:
        self.owner = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    self.owner[r][c] = cell

    def row_edges(self) -> list[float]:
        """The n_rows + 1 horizontal lines between rows, top to bottom; [] when the engine
        did not record where its rows start (camelot)."""
        if len(self.row_tops) != self.n_rows:
            return []
        return [*self.row_tops, self.bbox[3]]

    def col_edges(self) -> list[float]:
        """The n_cols + 1 vertical lines between columns, left to right; [] when unknown."""
        if len(self.col_lefts) != self.n_cols:
            return []
        return [*self.col_lefts, self.bbox[2]]

    def cell_box(self, cell: Cell) -> BBox | None:
        if cell.bbox is not None:
            return cell.bbox
        rows, cols = self.row_edges(), self.col_edges()
        if not rows or not cols:
            return None
        bottom = min(cell.row + cell.rowspan, self.n_rows)
        right = min(cell.col + cell.colspan, self.n_cols)
        return (cols[cell.col], rows[cell.row], cols[right], rows[bottom])

    def text(self, row: int, col: int) -> str:
        """Text of the cell at (row, col) only where the cell starts there: a merged cell's text
        belongs to its first row and column, so it is not counted twice."""
        cell = self.owner[row][col]
        if cell is None or cell.row != row or cell.col != col:
            return ""
        return cell.text

    def row_texts(self, row: int) -> list[str]:
        return [self.text(row, c) for c in range(self.n_cols)]

    def numbers_columns(self, row: int) -> bool:
        """A row of column numbers ("栏次 | 1 | 2 | 3", "** | 1")."""
        texts = [t for t in self.row_texts(row) if t]
        return bool(texts) and all(_COLUMN_NUMBERS.match(normalize_text(t)) for t in texts)

    def is_data_row(self, row: int) -> bool:
        texts = [t for t in self.row_texts(row) if t]
        if not texts:
            return False
        if self.numbers_columns(row):
            return False
        if any(is_amount(t) or clean_code(t) for t in texts):
            return True
        # "合计" also labels a header column; as the row key it stands in the first two
        # columns, and an empty table's total row has no amounts to tell it by.
        first = next(c for c in range(self.n_cols) if self.text(row, c))
        others = [self.text(row, c) for c in range(first + 1, self.n_cols) if self.text(row, c)]
        return (
            first <= 1 and normalize_text(self.text(row, first)) in ("合计", "总计") and not others
        )

    def header_row_count(self) -> int:
        """Rows above the first data row; column-number rows directly below count as header."""
        for row in range(self.n_rows):
            if self.is_data_row(row):
                return row
        return self.n_rows

    def column_paths(self, header_rows: int) -> list[str]:
        """One path a column: the texts of the header cells above it, parent first, '/'-joined.

        Vertically merged cells are counted once; a cell's own wrapped lines were joined by
        the engine. Column-number rows ("1 2 3") are left out.
        """
        paths = []
        for col in range(self.n_cols):
            parts: list[str] = []
            seen: set[int] = set()
            for row in range(header_rows):
                cell = self.owner[row][col]
                if cell is None or id(cell) in seen:
                    continue
                seen.add(id(cell))
                text = normalize_text(cell.text)
                # camelot copies a merged cell's text into each cell it spans: count it once.
                if text and not _COLUMN_NUMBERS.match(text) and (not parts or parts[-1] != text):
                    parts.append(text)
            paths.append("/".join(parts))
        return paths


def make_cell(row: int, col: int, text: str | None, **kwargs: object) -> Cell:
    wrapped = bool(text) and sum(1 for line in str(text).splitlines() if line.strip()) > 1
    return Cell(row, col, clean_cell(text), wrapped=wrapped, **kwargs)  # type: ignore[arg-type]
