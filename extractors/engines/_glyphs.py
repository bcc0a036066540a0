"""Where a ruled table's glyphs stand, for reading each cell's text.

pdfplumber puts a glyph in the cell that holds the middle of its box. Two kinds of documents
defeat that: text wider than its cell spills glyphs into the next cell, and some fonts give
glyph boxes set off from the line they are printed on.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from pdfplumber import utils
from pdfplumber.table import CellGroup

from budgetpdf.extractors.pdf.layout import snapped

_CJK = re.compile(r"[\u3400-\u9fff]")
# Amount glyphs keep their own place: an amount may abut a name that overflows its cell
# ("19、自然资源海洋气象等支出" drawn up to "18803323.32" in the next cell).
_AMOUNT_GLYPH = re.compile(r"[\d.,+\-]")
# A glyph box reaching further below its baseline than this (in ems) comes from broken font
# metrics: real descenders reach about 0.3 em.
_MAX_DESCENT = 0.5
_DESCENT = 0.2


def _adjacent(a: dict, b: dict) -> bool:
    """Two glyphs of one size drawn one after the other, the second starting where the first
    ends."""
    return abs(a["size"] - b["size"]) < 0.1 and abs(b["x0"] - a["x1"]) <= 0.2 * a["size"]


def _reboxed(chars: list[dict]) -> list[dict]:
    """The glyphs with boxes from broken font metrics placed on their baselines.

    重庆市气象局 2026: the font of the digits and of "、", "：", "（）" gives every glyph a
    box from its baseline down to one em below it, where the other fonts' boxes stand
    0.2 em below and 0.8 em above; the page shows them on one line. A code and its amounts
    fell into the row below their name, a last row below the table's bottom rule, and "、"
    on a line of its own ("一 一般公共预算资金" over "、"). Such a glyph gets the box of a
    plain glyph of its size on its baseline.
    """
    moved = []
    for char in chars:
        a, b, c, d, _, baseline = char["matrix"]
        size = char["size"]
        # Only glyphs set plainly upright, whose matrix gives the baseline's height.
        plain = a > 0 and d > 0 and b == 0 and c == 0 and size > 0
        if not (plain and baseline - char["y0"] > _MAX_DESCENT * size):
            moved.append(char)
            continue
        shift = (baseline - _DESCENT * size) - char["y0"]
        moved.append({**char, "top": char["top"] - shift, "bottom": char["bottom"] - shift})
    return moved


def _centres(chars: list[dict]) -> list[float]:
    """The x at which each glyph is placed in a cell: its own centre, except in a run of CJK
    text (glyphs drawn one after another on one line, abutting) wider than its cell, whose
    glyphs all go where the run's middle is. 西安: the name "其中：专项资金列入部门预算的项目"
    overflows into the amount cell ("算0的.0项0 目" instead of "0.00"), and the header
    "政府预算支出经济科目（按大类）" into both neighbours ("预算数 政", "） 预算数")."""
    centres = [(c["x0"] + c["x1"]) / 2 for c in chars]
    start = 0
    for end in range(1, len(chars) + 1):
        if end < len(chars) and _in_run(chars[end - 1], chars[end]):
            continue
        printed = [c for c in chars[start:end] if c["text"].strip()]
        if len(printed) > 1 and any(_CJK.match(c["text"]) for c in printed):
            middle = (printed[0]["x0"] + printed[-1]["x1"]) / 2
            centres[start:end] = [middle] * (end - start)
        start = end
    return centres


def _in_run(a: dict, b: dict) -> bool:
    return (
        not _AMOUNT_GLYPH.match(a["text"])
        and not _AMOUNT_GLYPH.match(b["text"])
        and abs(a["top"] - b["top"]) < 0.5
        and _adjacent(a, b)
    )


def cell_texts(
    index: GlyphIndex, rows: list[CellGroup]
) -> list[list[tuple[str | None, float | None]]]:
    """Each cell's text, as pdfplumber's `Table.extract` gives it (the glyphs whose middle
    lies in the cell, read with x and y tolerance 2), but with glyph boxes of broken font
    metrics put on their baselines and a run of text wider than its cell kept whole; and
    the indent of its first line from the cell's left rule (None for an empty cell).

    `rows` are the rows to read (pdfplumber recomputes `Table.rows` on each access), `index`
    the page's glyphs (`GlyphIndex.of(page)`, made once a page)."""
    texts: list[list[tuple[str | None, float | None]]] = []
    for row in rows:
        texts.append([])
        for cell in row.cells:
            if cell is None:
                texts[-1].append((None, None))
                continue
            inside = index.inside(*cell)
            text = utils.extract_text(inside, x_tolerance=2, y_tolerance=2)
            left = first_line_left(inside)
            texts[-1].append((text, None if left is None else snapped(left - cell[0], 1)))
    return texts


def first_line_left(chars: list[dict]) -> float | None:
    """Where the first printed line of some glyphs starts: a wrapped name's second line
    ("机关事业单位基本养老保险缴 / 费") starts at the cell's edge whatever its indent."""
    printed = [c for c in chars if c["text"].strip()]
    if not printed:
        return None
    top = min(c["top"] for c in printed)
    return min(c["x0"] for c in printed if c["top"] - top < 0.5 * c["size"])


class GlyphIndex:
    """The glyphs sorted by the x they are placed at, so that a cell looks only at the
    glyphs of its own columns instead of every glyph of the page."""

    def __init__(self, chars: list[dict], centres: list[float]) -> None:
        order = sorted(range(len(chars)), key=lambda i: centres[i])
        self.chars = chars
        self.order = order
        self.xs = [centres[i] for i in order]
        self.middles = [(c["top"] + c["bottom"]) / 2 for c in chars]

    @classmethod
    def of(cls, chars: list[dict]) -> GlyphIndex:
        """The index of a page's glyphs, their boxes put right and their runs placed."""
        chars = _reboxed(chars)
        return cls(chars, _centres(chars))

    def inside(self, x0: float, top: float, x1: float, bottom: float) -> list[dict]:
        """The glyphs placed in the box, in the page's order (which decides ties)."""
        lo, hi = bisect_left(self.xs, x0), bisect_left(self.xs, x1)
        found = sorted(i for i in self.order[lo:hi] if top <= self.middles[i] < bottom)
        return [self.chars[i] for i in found]
