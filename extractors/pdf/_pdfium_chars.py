"""The characters of a page from pdfium's text page, as pdfplumber's char dicts.

pdfminer boxes a glyph from its origin: advance width wide, one font size tall, starting at
the font's descent below the baseline, the whole turned by the text matrix. pdfium's own
boxes are either tight around the drawn glyph or stretched by the font's ascent and descent
taken elsewhere, so the box is rebuilt here from pdfium's origin, matrix, font size, glyph
width and the font descriptor's /Descent, as pdfminer builds it.

pdfium's text page differs from the glyphs drawn in three ways that are undone here:
- it leaves space glyphs out (a text object " " has no character at all, "a  b" gives "ab"):
  a gap of whole space widths between two glyphs of one object, and an object of spaces only,
  get their spaces back;
- it sorts the text objects of one line left to right: characters are put back in the order
  the content stream draws them (pdfminer's order, which decides ties between glyphs);
- it writes a hyphen at a line end as \\x02, and adds characters of its own (line breaks,
  spaces between words) that no glyph draws.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS

from budgetpdf.extractors.pdf._pdfium_geometry import Matrix, PageFrame, short, ulp, written

_SPACE = 0x20
# pdfium's code for a hyphen at a line end: "2021-" / "2022年" printed over two lines.
_SOFT_HYPHEN = {"\x02": "-"}


@dataclass
class _Font:
    """What pdfminer's box needs from a text object's font."""

    handle: ctypes.c_void_p
    name: str
    descent: float  # in text space units per unit of font size (pdfminer's get_descent)
    widths: dict[int, float] = field(default_factory=dict)

    def width(self, code: int) -> float:
        """Advance of a character, per unit of font size."""
        if code not in self.widths:
            out = ctypes.c_float()
            ok = pdfium_c.FPDFFont_GetGlyphWidth(self.handle, code, ctypes.c_float(1000), out)
            self.widths[code] = written(out.value) * 0.001 if ok else 0.0
        return self.widths[code]


def _font_of(text_object: ctypes.c_void_p, fonts: dict[int, _Font]) -> _Font:
    handle = pdfium_c.FPDFTextObj_GetFont(text_object)
    key = ctypes.cast(handle, ctypes.c_void_p).value or 0
    if key not in fonts:
        size = pdfium_c.FPDFFont_GetBaseFontName(handle, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFFont_GetBaseFontName(handle, buffer, size)
        name = buffer.value.decode("utf-8", "replace")
        if name in FONT_METRICS:
            # pdfminer takes a standard font's metrics from its own AFM tables.
            descent = float(FONT_METRICS[name][0]["Descent"]) * 0.001
        else:
            out = ctypes.c_float()
            pdfium_c.FPDFFont_GetDescent(handle, ctypes.c_float(1000), out)
            descent = written(out.value) * 0.001
        fonts[key] = _Font(handle, name, descent)
    return fonts[key]


@dataclass
class _Glyph:
    """One character of a text object: where along the object's baseline it starts."""

    text: str
    pos: float  # in text space from the object's origin, as pdfminer's render_string counts
    size: float  # the font size set (Tf)
    font: _Font


@dataclass
class TextObject:
    """A text object of the page: its matrix to pdfminer's page space, font and size."""

    handle: ctypes.c_void_p
    matrix: Matrix
    order: int

    def font(self, fonts: dict[int, _Font]) -> _Font:
        return _font_of(self.handle, fonts)

    @property
    def size(self) -> float:
        out = ctypes.c_float()
        pdfium_c.FPDFTextObj_GetFontSize(self.handle, out)
        return written(out.value)


def _origin(textpage: ctypes.c_void_p, index: int) -> tuple[float, float]:
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
    return x.value, y.value


# A character of the text page: its text and its origin in user space.
PageChar = tuple[str, tuple[float, float]]


def text_page_chars(
    textpage: ctypes.c_void_p, objects: dict[int, TextObject]
) -> dict[int, list[PageChar]]:
    """The drawn characters of the text page grouped by their text object (its handle)."""
    by_object: dict[int, list[PageChar]] = {}
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        if pdfium_c.FPDFText_IsGenerated(textpage, index):
            continue
        text = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
        key = ctypes.cast(pdfium_c.FPDFText_GetTextObject(textpage, index), ctypes.c_void_p).value
        if key in objects:
            by_object.setdefault(key, []).append(
                (_SOFT_HYPHEN.get(text, text), _origin(textpage, index))
            )
    return by_object


def glyphs_of(
    obj: TextObject,
    chars: list[PageChar],
    user_matrix: Matrix,
    fonts: dict[int, _Font],
) -> list[_Glyph]:
    """The glyphs of one text object, placed as pdfminer places them: each after the advance
    of the one before, plus the character spacing or TJ adjustment pdfium's origins show
    (with as few decimals as pdfium's 32-bit origins allow). The space glyphs pdfium left
    out of an object are not put back: a gap of whole space widths is as often text set
    apart by positioning ("302" and "商品和服务支出" 15 ems apart, 江苏 2018)."""
    font, size = obj.font(fonts), obj.size
    (a, b, _, _, e, f) = user_matrix
    scale = a * a + b * b
    out: list[_Glyph] = []
    end = 0.0
    for text, (x, y) in chars:
        # pdfium's origin along the baseline, in text space, known to a few 32-bit steps.
        at = ((x - e) * a + (y - f) * b) / scale if scale else 0.0
        tolerance = 2 * (ulp(x) + ulp(y) + ulp(e) + ulp(f)) / math.sqrt(scale) if scale else 0.0
        gap = short(at - end, tolerance)
        pos = end + gap
        out.append(_Glyph(text, pos, size, font))
        end = pos + font.width(ord(text[0])) * size
    return out


def space_object(obj: TextObject, fonts: dict[int, _Font]) -> list[_Glyph]:
    """A text object pdfium's text page shows nothing of: a space (pdfium drops them)."""
    return [_Glyph(" ", 0.0, obj.size, obj.font(fonts))]


def char_dict(glyph: _Glyph, matrix: Matrix, frame: PageFrame) -> dict:
    """pdfplumber's char dict for a glyph, its box as pdfminer's LTChar makes it; `matrix`
    is its text object's, in pdfminer's page space."""
    size = glyph.size
    adv = glyph.font.width(ord(glyph.text[0])) * size
    descent = glyph.font.descent * size
    (a, b, c, d, e, f) = matrix
    # pdfminer's translate_matrix(matrix, (pos, 0)).
    e, f = glyph.pos * a + e, glyph.pos * b + f
    corners = [(0, descent), (adv, descent), (adv, descent + size), (0, descent + size)]
    xs = [a * x + c * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    obj = {
        "text": glyph.text,
        "fontname": glyph.font.name,
        "adv": adv,
        "upright": a * d > 0 and b * c <= 0,
        "x0": min(xs),
        "y0": min(ys),
        "x1": max(xs),
        "y1": max(ys),
        "matrix": (a, b, c, d, e, f),
        "object_type": "char",
        "page_number": frame.page_number,
    }
    obj["width"] = obj["x1"] - obj["x0"]
    obj["height"] = obj["y1"] - obj["y0"]
    obj["size"] = obj["height"]
    return frame.place(obj)
