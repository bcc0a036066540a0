"""Double rules: some producers draw a second frame a few points inside every cell, or two
lines a few points apart between columns. pdfplumber's line strategy makes each such line a
row or column edge of its own, with slivers between them that no text can fit in, and a
header cell inside its frame then starts one column right of the data below it.

Edges closer together than a glyph is wide are read here as one border zone: a cell starts
in the row or column after the zone its near side lies in and ends at the zone its far side
lies in."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# No column narrower than a glyph and no row lower than a line of text holds anything of its
# own: edges this close to the one before belong to one border drawn as two or three lines.
COLUMN_GAP = 8.0
ROW_GAP = 6.0
# The tolerance of a cell's side against the edge it was cut at.
_SIDE = 1.5


@dataclass
class Zones:
    """The border zones of one axis, each by its first and last edge, the far end last."""

    firsts: list[float]
    lasts: list[float]

    @classmethod
    def of(cls, edges: list[float], end: float, gap: float) -> Zones:
        firsts: list[float] = []
        lasts: list[float] = []
        for edge in sorted({*edges, end}):
            if lasts and edge - lasts[-1] < gap:
                lasts[-1] = edge
            else:
                firsts.append(edge)
                lasts.append(edge)
        return cls(firsts, lasts)

    @property
    def count(self) -> int:
        """The rows or columns between the zones (the last zone closes the table)."""
        return max(1, len(self.firsts) - 1)

    @property
    def starts(self) -> list[float]:
        return self.firsts[: self.count]

    def span(self, start: float, end: float) -> tuple[int, int]:
        """The first row or column a side from start to end covers, and how many."""
        first = min(max(0, bisect_right(self.firsts, start + _SIDE) - 1), self.count - 1)
        last = min(bisect_left(self.lasts, end - _SIDE), self.count)
        return first, max(1, last - first)
