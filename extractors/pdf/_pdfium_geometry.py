"""Numbers and coordinates of pdfium made to agree with pdfminer's.

pdfium keeps every number of a content stream as a 32-bit float: `36.85` comes back as
36.849998474121094, where pdfminer parses the double 36.85. The decimal a producer wrote is
recovered as the shortest decimal that reads back as the same 32-bit float (`36.85`); page
coordinates are then computed in doubles, as pdfminer computes them, so the two layers agree
to the last bit wherever the producer wrote fewer than seven significant digits.

pdfium gives positions in the PDF's user space; pdfminer turns them by the page's /Rotate
and moves them by its MediaBox's lower-left corner (`PageFrame`), and pdfplumber then flips
them to a top-left origin.
"""

from __future__ import annotations

import math
import struct
from functools import lru_cache

Matrix = tuple[float, float, float, float, float, float]

_FLOAT32 = struct.Struct("f")
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def ulp(value: float) -> float:
    """The spacing of 32-bit floats around `value`."""
    return 2.0 ** (math.frexp(value)[1] - 24) if value else 2.0**-149


@lru_cache(maxsize=65536)
def written(value: float) -> float:
    """The decimal a producer wrote for a number pdfium holds as a 32-bit float:
    written(36.849998474121094) == 36.85.

    A coordinate pdfium computed in 32 bits (`re`'s x + width, a point times a matrix) may
    land one float beside the written sum (1030.5281 for 1030.528): the shortest decimal
    within one step of the float is taken."""
    if not math.isfinite(value):
        return value
    step = ulp(value)
    for digits in range(1, 10):
        candidate = float(f"{value:.{digits}g}")
        if abs(candidate - value) <= step:
            return candidate
    return value


def short(value: float, tolerance: float) -> float:
    """`value` with as few decimals as stay within `tolerance` of it: short(0.12500003, 1e-4)
    == 0.125; for a distance pdfium computed from two 32-bit positions."""
    for places in range(7):
        candidate = round(value, places)
        if abs(candidate - value) <= tolerance:
            return candidate
    return value


def written_matrix(a: float, b: float, c: float, d: float, e: float, f: float) -> Matrix:
    return (written(a), written(b), written(c), written(d), written(e), written(f))


def multiply(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 then m0, as pdfminer's mult_matrix."""
    (a1, b1, c1, d1, e1, f1) = m1
    (a0, b0, c0, d0, e0, f0) = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    (a, b, c, d, e, f) = m
    return a * x + c * y + e, b * x + d * y + f


class PageFrame:
    """A page's MediaBox and /Rotate, and the coordinates pdfplumber derives from them."""

    def __init__(
        self,
        mediabox: tuple[float, float, float, float],
        rotation: int,
        page_number: int,
        initial_doctop: float = 0.0,
    ) -> None:
        self.mediabox = mediabox  # as written, not normalised
        self.rotation = rotation
        self.page_number = page_number
        self.initial_doctop = initial_doctop
        self.ctm = _page_ctm(mediabox, rotation)
        self.bbox = _page_bbox(mediabox, rotation)
        self.width = self.bbox[2] - self.bbox[0]
        self.height = self.bbox[3] - self.bbox[1]

    def place(self, obj: dict) -> dict:
        """Add pdfplumber's top/bottom/doctop to an object with pdfminer's x0..y1, and move
        x by the MediaBox's left edge, as pdfplumber's Page.process_object does."""
        mb_x0, mb_top = self.bbox[0], self.bbox[1]
        obj["top"] = (self.height - obj["y1"]) + mb_top
        obj["bottom"] = (self.height - obj["y0"]) + mb_top
        obj["doctop"] = self.initial_doctop + obj["top"]
        if mb_x0 != 0:
            obj["x0"] += mb_x0
            obj["x1"] += mb_x0
        return obj

    def point(self, x: float, y: float) -> tuple[float, float]:
        """pdfplumber's point2coord."""
        return (self.bbox[0] + x, self.bbox[1] + self.height - y)


def _page_ctm(mediabox: tuple[float, float, float, float], rotation: int) -> Matrix:
    """pdfminer's initial transformation of the page (PDFPageInterpreter.process_page)."""
    (x0, y0, x1, y1) = mediabox
    if rotation == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotation == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotation == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def _page_bbox(
    mediabox: tuple[float, float, float, float], rotation: int
) -> tuple[float, float, float, float]:
    """pdfplumber's page box: the MediaBox normalised, turned and flipped."""
    (x0, y0, x1, y1) = mediabox
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    if rotation in (90, 270):
        x0, y0, x1, y1 = y0, x0, y1, x1
    height = y1 - y0
    return (x0, height - y1, x1, height - y0)
