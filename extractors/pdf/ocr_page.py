"""A scanned page read by OCR, in the shape the table logic reads every page: pdfplumber's
chars (each with the engine's confidence) and lines, and the page's text for the text pass.

The engine gives a box per recognised word (a CJK character, or a number); its characters
share the box evenly. Characters of one detected line are made to abut where the ink leaves
a gap narrower than half an em, as a text layer's glyph boxes abut, so that pdfplumber puts
"科目编码" into one word and "7,651.71" into one amount; a wider gap stays a word break.
Rules found in the pixels become pdfplumber lines, so the ruled engine finds the grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

import pypdfium2 as pdfium

from budgetpdf.extractors.pdf import _pdfium_raw as raw
from budgetpdf.extractors.pdf.layout import Word, group_lines
from budgetpdf.extractors.pdf.ocr_engine import OcrLine, read_lines
from budgetpdf.extractors.pdf.ocr_image import Rule, ScannedPage, scan
from budgetpdf.extractors.pdf.pdfium_layout import PdfiumPage, page_frame

# OCR reads "0. 00" and "1 236.74" where the page prints one number.
_SPACE_IN_NUMBER = re.compile(r"(?<=[\d.,])\s+(?=[\d.,])")
# A gap narrower than this (in line heights) between two characters of a line is the
# spacing between glyphs, not a space.
_ABUT = 0.5


@dataclass
class OcrPage:
    """A page read by OCR: its layout for the engines and its text for the text pass."""

    layout: PdfiumPage
    text: str
    skew: float
    confidence: float | None  # the lowest line score on the page


@dataclass
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    score: float


def _line_glyphs(line: OcrLine) -> list[_Glyph]:
    """The characters of a line with their share of their word's box (pixels)."""
    glyphs: list[_Glyph] = []
    for word in line.words:
        text = _SPACE_IN_NUMBER.sub("", word.text)
        step = (word.x1 - word.x0) / max(len(text), 1)
        for i, char in enumerate(text):
            x0 = word.x0 + i * step
            glyphs.append(_Glyph(char, x0, x0 + step, word.top, word.bottom, word.score))
    return [g for g in glyphs if g.text.strip()]


def _abutted(glyphs: list[_Glyph], height: float) -> list[_Glyph]:
    """Close the narrow gaps between neighbours at their midpoint."""
    for left, right in zip(glyphs, glyphs[1:], strict=False):
        gap = right.x0 - left.x1
        if 0 < gap < _ABUT * height:
            middle = (left.x1 + right.x0) / 2
            left.x1 = right.x0 = middle
    return glyphs


def _char(glyph: _Glyph, size: float, scanned: ScannedPage, page: PdfiumPage) -> dict:
    scale = scanned.scale
    left, top_edge = page.bbox[0], page.bbox[1]
    x0, x1 = glyph.x0 / scale + left, glyph.x1 / scale + left
    top, bottom = glyph.top / scale + top_edge, glyph.bottom / scale + top_edge
    y0, y1 = page.height - (bottom - top_edge), page.height - (top - top_edge)
    return {
        "text": glyph.text,
        "fontname": "OCR",
        "adv": x1 - x0,
        "upright": True,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": bottom - top,
        "size": size,
        "top": top,
        "bottom": bottom,
        "doctop": page.frame.initial_doctop + top,
        "matrix": (1.0, 0.0, 0.0, 1.0, x0, y0),
        "object_type": "char",
        "page_number": page.page_number,
        # The engine's score for the word the character belongs to: 0 to 1.
        "confidence": round(glyph.score, 3),
    }


def _line(rule: Rule, page: PdfiumPage) -> dict:
    left, top_edge = page.bbox[0], page.bbox[1]
    x0, x1 = rule.x0 + left, rule.x1 + left
    top, bottom = rule.top + top_edge, rule.bottom + top_edge
    y0, y1 = page.height - (bottom - top_edge), page.height - (top - top_edge)
    return {
        "object_type": "line",
        "page_number": page.page_number,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": bottom - top,
        "top": top,
        "bottom": bottom,
        "doctop": page.frame.initial_doctop + top,
        "pts": [(x0, top), (x1, bottom)],
        "linewidth": 1.0,
        "stroke": True,
    }


def _text(chars: list[dict]) -> str:
    """The page's text as pdfium's text pass gives it: a line of words per text line."""
    words = [
        Word(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in chars if c["text"].strip()
    ]
    lines = []
    for line in group_lines(words):
        text = ""
        for before, word in zip([None, *line.words], line.words, strict=False):
            gap = word.x0 - before.x1 if before is not None else 0.0
            text += (" " if gap > 0.5 * (word.bottom - word.top) else "") + word.text
        lines.append(text)
    return "\n".join(lines)


def layout_of(scanned: ScannedPage, lines: list[OcrLine], empty: PdfiumPage) -> PdfiumPage:
    """The page's chars and rules on the frame of `empty` (the page with nothing on it)."""
    chars = []
    for line in lines:
        glyphs = _line_glyphs(line)
        if not glyphs:
            continue
        height = median(g.bottom - g.top for g in glyphs)
        size = height / scanned.scale
        chars += [_char(g, size, scanned, empty) for g in _abutted(glyphs, height)]
    objects = {
        "char": chars,
        "line": [_line(rule, empty) for rule in scanned.rules],
        "rect": [],
        "curve": [],
    }
    return PdfiumPage(empty.frame, objects)


def read_scanned_page(page: pdfium.PdfPage, page_no: int, initial_doctop: float = 0.0) -> OcrPage:
    """OCR one page: its layout for the table engines and its text."""
    frame = page_frame(raw.handle(page.raw), page.get_rotation(), page_no, initial_doctop)
    scanned = scan(page)
    lines = read_lines(scanned.pixels)
    layout = layout_of(scanned, lines, PdfiumPage(frame, {}))
    confidence = min((line.score for line in lines), default=None)
    return OcrPage(layout, _text(layout.chars), scanned.skew, confidence)
