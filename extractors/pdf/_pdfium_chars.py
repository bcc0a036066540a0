"""The characters of a page from pdfium's text page, as pdfplumber's char dicts.

pdfminer boxes a glyph from its origin: advance width wide, one font size tall, starting at
the font's descent below the baseline, the whole turned by the text matrix. pdfium's own
boxes are either tight around the drawn glyph or stretched by the font's ascent and descent
taken elsewhere, so the box is rebuilt here from pdfium's origin, matrix, font size, glyph
width and the font descriptor's /Descent, as pdfminer builds it.

pdfium's text page differs from the glyphs drawn in three ways:
- it leaves space glyphs out (a text object " " has no character at all, "a  b" gives "ab"):
  an object of spaces only gets its space back; a space inside an object stays out (the
  table logic reads words by their gaps, and a gap does not tell a space from positioning);
- it sorts the text objects of one line left to right: characters are put back in the order
  the content stream draws them (pdfminer's order, which decides ties between glyphs);
- it writes a hyphen at a line end as \\x02, and adds characters of its own (line breaks,
  spaces between words) that no glyph draws.
"""

from __future__ import annotations

import ctypes
import math
from ctypes import byref, c_double, c_float
from dataclasses import dataclass, field
from typing import Any

from pdfminer.fontmetrics import FONT_METRICS

from budgetpdf.extractors.pdf import _pdfium_raw as raw
from budgetpdf.extractors.pdf._pdfium_geometry import Matrix, PageFrame, short, ulp, written

# pdfium's code for a hyphen at a line end: "2021-" / "2022年" printed over two lines.
_SOFT_HYPHEN = {"\x02": "-"}
_OUT = c_float()
_X, _Y = c_double(), c_double()


@dataclass
class Font:
    """What pdfminer's box needs from a text object's font."""

    handle: int
    name: str
    descent: float  # per unit of font size, as pdfminer's get_descent
    widths: dict[int, float] = field(default_factory=dict)

    def width(self, code: int) -> float:
        """Advance of a character per unit of font size, as pdfminer's char_width."""
        width = self.widths.get(code)
        if width is None:
            ok = raw.font_glyph_width(self.handle, code, 1000.0, byref(_OUT))
            width = self.widths[code] = written(_OUT.value) * 0.001 if ok else 0.0
        return width


def _font(handle: int) -> Font:
    size = raw.font_base_name(handle, None, 0)
    buffer = ctypes.create_string_buffer(size)
    raw.font_base_name(handle, buffer, size)
    name = buffer.value.decode("utf-8", "replace")
    if name in FONT_METRICS:
        # pdfminer takes a standard font's metrics from its own AFM tables.
        metrics: dict[str, Any] = FONT_METRICS[name][0]
        descent = float(metrics["Descent"]) * 0.001
    else:
        raw.font_descent(handle, 1000.0, byref(_OUT))
        descent = written(_OUT.value) * 0.001
    return Font(handle, name, descent)


@dataclass
class TextObject:
    """A text object of the page: its matrix to user space and its place in the content."""

    handle: int
    matrix: Matrix
    order: int

    def font(self, fonts: dict[int, Font]) -> Font:
        key = raw.text_object_font(self.handle) or 0
        if key not in fonts:
            fonts[key] = _font(key)
        return fonts[key]

    @property
    def size(self) -> float:
        raw.text_object_size(self.handle, byref(_OUT))
        return written(_OUT.value)


# A character of the text page: its text and its origin in user space.
PageChar = tuple[str, float, float]


def text_page_chars(textpage: int, objects: dict[int, TextObject]) -> dict[int, list[PageChar]]:
    """The drawn characters of the text page grouped by their text object (its handle)."""
    by_object: dict[int, list[PageChar]] = {}
    x, y = _X, _Y
    px, py = byref(x), byref(y)
    generated, text_object, unicode, origin = (
        raw.text_is_generated,
        raw.text_object,
        raw.text_unicode,
        raw.text_origin,
    )
    for index in range(raw.text_count_chars(textpage)):
        if generated(textpage, index):
            continue
        key = text_object(textpage, index)
        if key in objects:
            text = chr(unicode(textpage, index))
            origin(textpage, index, px, py)
            by_object.setdefault(key, []).append((_SOFT_HYPHEN.get(text, text), x.value, y.value))
    return by_object


@dataclass
class Glyph:
    """One character of a text object: where along the object's baseline it starts."""

    text: str
    pos: float  # in text space from the object's origin, as pdfminer's render_string counts
    adv: float  # advance in text space: width × font size
    size: float  # the font size set (Tf)
    font: Font


def glyphs_of(obj: TextObject, chars: list[PageChar], fonts: dict[int, Font]) -> list[Glyph]:
    """The glyphs of one text object, placed as pdfminer places them: each after the advance
    of the one before, plus the character spacing or TJ adjustment pdfium's origins show
    (with as few decimals as pdfium's 32-bit origins allow). The space glyphs pdfium left
    out of an object are not put back: a gap of whole space widths is as often text set
    apart by positioning ("302" and "商品和服务支出" 15 ems apart, 江苏 2018)."""
    font, size = obj.font(fonts), obj.size
    (a, b, _, _, e, f) = obj.matrix
    scale = a * a + b * b
    if not scale:
        return []
    # pdfium's origins are known to a few 32-bit steps of the largest coordinate.
    largest = max(abs(e), abs(f), *(max(abs(x), abs(y)) for _, x, y in chars))
    tolerance = 8 * ulp(largest) / math.sqrt(scale)
    out: list[Glyph] = []
    end = 0.0
    for text, x, y in chars:
        at = ((x - e) * a + (y - f) * b) / scale  # the origin along the baseline
        gap = at - end
        pos = end if -tolerance <= gap <= tolerance else end + short(gap, tolerance)
        adv = font.width(ord(text[0])) * size
        out.append(Glyph(text, pos, adv, size, font))
        end = pos + adv
    return out


def space_object(obj: TextObject, fonts: dict[int, Font]) -> list[Glyph]:
    """A text object pdfium's text page shows nothing of: a space (pdfium drops them)."""
    font, size = obj.font(fonts), obj.size
    return [Glyph(" ", 0.0, font.width(0x20) * size, size, font)]


def char_dicts(glyphs: list[Glyph], matrix: Matrix, frame: PageFrame) -> list[dict]:
    """pdfplumber's char dicts for the glyphs of one text object, boxes as pdfminer's LTChar
    makes them; `matrix` is the object's, in pdfminer's page space."""
    (a, b, c, d, e0, f0) = matrix
    upright = a * d > 0 and b * c <= 0
    plain = b == 0 and c == 0
    height, mb_x0, mb_top, doctop = frame.height, frame.bbox[0], frame.bbox[1], frame.initial_doctop
    out = []
    for glyph in glyphs:
        size, adv = glyph.size, glyph.adv
        descent = glyph.font.descent * size
        # pdfminer's translate_matrix(matrix, (pos, 0)).
        e, f = glyph.pos * a + e0, glyph.pos * b + f0
        xs: tuple[float, ...]
        ys: tuple[float, ...]
        if plain:
            xs = (e, a * adv + e)
            ys = (d * descent + f, d * (descent + size) + f)
        else:
            corners = ((0, descent), (adv, descent), (adv, descent + size), (0, descent + size))
            xs = tuple(a * x + c * y + e for x, y in corners)
            ys = tuple(b * x + d * y + f for x, y in corners)
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        top = (height - y1) + mb_top
        out.append(
            {
                "text": glyph.text,
                "fontname": glyph.font.name,
                "adv": adv,
                "upright": upright,
                "x0": x0 + mb_x0,
                "y0": y0,
                "x1": x1 + mb_x0,
                "y1": y1,
                "width": x1 - x0,
                "height": y1 - y0,
                "size": y1 - y0,
                "top": top,
                "bottom": (height - y0) + mb_top,
                "doctop": doctop + top,
                "matrix": (a, b, c, d, e, f),
                "object_type": "char",
                "page_number": frame.page_number,
            }
        )
    return out
