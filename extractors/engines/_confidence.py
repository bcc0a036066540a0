"""The OCR engine's confidence in each cell of a grid read from a scanned page: the lowest
confidence of the characters placed in the cell (a cell is as sure as its worst digit)."""

from __future__ import annotations

from budgetpdf.extractors.engines.grid import Grid


def score_cells(grid: Grid, chars: list[dict]) -> None:
    """Set `confidence` on each cell holding characters OCR read; chars of a text layer
    carry none, and leave the grid as it is."""
    scored = [c for c in chars if "confidence" in c]
    if not scored:
        return
    middles = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in scored]
    for cell in grid.cells:
        box = grid.cell_box(cell)
        if box is None or not cell.text:
            continue
        x0, top, x1, bottom = box
        inside = [c["confidence"] for x, y, c in middles if x0 <= x < x1 and top <= y < bottom]
        if inside:
            cell.confidence = min(inside)
