"""A scanned page as the OCR engine and the table logic see it: rendered to grey pixels,
turned straight, and its ruling lines found.

A scanner feeds a page a little askew (half a degree turns a table's 2,000-pixel rule by 17
pixels end to end): the page is turned back first, so that rules are straight runs of dark
pixels and text lines are level. Rules are the dark runs far longer than any glyph's stroke,
kept by a morphological opening along each axis: printed tables need nothing cleverer.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium

# 200 dpi: the engine reads 10-point digits reliably, and a page costs about 2 MB of pixels.
DPI = 200
# Darker than this (of 255) is ink: scans print black on a light, noisy ground.
_INK = 150
# The skew angles tried, in degrees: a scanner's feed, not a photo at an angle.
_MAX_SKEW = 3.0
_SKEW_STEP = 0.05
_COARSE_STEP = 0.25
# A rule is longer than this (in points): a CJK glyph's longest stroke is about one em
# (10.5 pt in budget tables), a table's shortest rule spans a cell.
_MIN_RULE = 24.0


@dataclass(frozen=True)
class Rule:
    """A ruling line in page points, top-left origin: horizontal when top == bottom."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class ScannedPage:
    """A page's pixels, straightened, and what they show that is not text."""

    pixels: np.ndarray  # grey, uint8, height × width
    scale: float  # pixels per point
    skew: float  # degrees the scan was turned back by
    rules: list[Rule]


def render(page: pdfium.PdfPage, dpi: int = DPI) -> np.ndarray:
    """The page as grey pixels, /Rotate applied, as pdfplumber's coordinates see it."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        image = bitmap.to_numpy()
        return np.ascontiguousarray(image[:, :, 0] if image.ndim == 3 else image)
    finally:
        bitmap.close()


def _ink(pixels: np.ndarray) -> np.ndarray:
    return (pixels < _INK).astype(np.uint8)


def estimate_skew(pixels: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive) by which the page's lines slope: the
    one at which the row sums of its ink are most sharply peaked (text lines and rules fall
    into few rows when level). Read on a page of half the size: a quarter cannot tell
    0.45° from 0.6° on a sparse page, and a half costs half a second."""
    small = cv2.resize(_ink(pixels) * 255, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    small = (small > 40).astype(np.float32)
    if small.sum() == 0:
        return 0.0
    height, width = small.shape
    centre = (width / 2, height / 2)

    def sharpness(angle: float) -> float:
        turn = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, turn, (width, height), flags=cv2.INTER_NEAREST)
        rows = turned.sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    steps = round(_MAX_SKEW / _COARSE_STEP)
    coarse = [round(i * _COARSE_STEP, 2) for i in range(-steps, steps + 1)]
    best = max(coarse, key=sharpness)
    around = round(_COARSE_STEP / _SKEW_STEP)
    fine = [round(best + i * _SKEW_STEP, 2) for i in range(-around, around + 1)]
    # Ties go to the smallest turn: a level page stays untouched.
    return max(sorted(fine, key=abs), key=sharpness)


def straighten(pixels: np.ndarray, angle: float) -> np.ndarray:
    """The page turned by `angle` degrees about its centre, new corners white."""
    if angle == 0:
        return pixels
    height, width = pixels.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(pixels, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255,))


def find_rules(pixels: np.ndarray, scale: float) -> list[Rule]:
    """Horizontal and vertical rules: ink runs at least _MIN_RULE long along one axis, each
    connected run one rule at its middle line."""
    ink = _ink(pixels)
    # Noise and a thin rule's antialiasing break a rule into dashes: one pixel of closing
    # joins them without joining neighbouring glyphs into a rule.
    length = max(3, round(_MIN_RULE * scale))
    rules: list[Rule] = []
    for kernel, horizontal in (((length, 1), True), ((1, length), False)):
        bridged = cv2.morphologyEx(
            ink, cv2.MORPH_CLOSE, np.ones((1, 3) if horizontal else (3, 1), np.uint8)
        )
        runs = cv2.morphologyEx(bridged, cv2.MORPH_OPEN, np.ones(kernel[::-1], np.uint8))
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            if horizontal:
                middle = (y + h / 2) / scale
                rules.append(Rule(x / scale, middle, (x + w) / scale, middle))
            else:
                middle = (x + w / 2) / scale
                rules.append(Rule(middle, y / scale, middle, (y + h) / scale))
    return sorted(rules, key=lambda r: (r.top, r.x0, r.bottom, r.x1))


def scan(page: pdfium.PdfPage, dpi: int = DPI) -> ScannedPage:
    pixels = render(page, dpi)
    skew = estimate_skew(pixels)
    pixels = straighten(pixels, skew)
    scale = dpi / 72
    return ScannedPage(pixels, scale, skew, find_rules(pixels, scale))
