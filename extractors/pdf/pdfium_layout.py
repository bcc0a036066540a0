"""A page laid out by pdfium, in the shape pdfplumber gives it: the layout layer under the
table logic.

pdfminer's interpreter costs about 85 ms a parsed page in Python; pdfium reads the same page
in C in a few. `PdfiumPage` holds what the engines and pdfplumber's table finder read of a
page (chars with pdfminer's boxes, lines, rects and curves split as pdfminer splits paths, in
pdfplumber's coordinates with /Rotate and the MediaBox's origin applied) and answers the
calls our code makes of a pdfplumber Page: `chars`, `edges`, `width`/`height`,
`extract_words`, `dedupe_chars` and `find_tables` (pdfplumber's own TableFinder, fed these
objects). pdfminer stays the reference and the fallback (`--layout pdfminer`).
"""

from __future__ import annotations

from ctypes import byref, c_float
from typing import Any

import pypdfium2 as pdfium
from pdfplumber import utils
from pdfplumber.container import Container
from pdfplumber.table import Table, TableFinder, TableSettings

from budgetpdf.extractors.pdf import _pdfium_raw as raw
from budgetpdf.extractors.pdf._pdfium_chars import (
    Glyph,
    TextObject,
    char_dicts,
    glyphs_of,
    space_object,
    text_page_chars,
)
from budgetpdf.extractors.pdf._pdfium_geometry import (
    IDENTITY,
    Matrix,
    PageFrame,
    multiply,
    written,
)
from budgetpdf.extractors.pdf._pdfium_paths import object_matrix, path_objects


class PdfiumPage(Container):
    """The parts of pdfplumber's Page that budgetpdf reads, from pdfium."""

    def __init__(self, frame: PageFrame, objects: dict[str, list[dict]]) -> None:
        self.frame = frame
        self.page_number = frame.page_number
        self.bbox = frame.bbox
        self._objects = objects

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._objects

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    def find_tables(self, table_settings: dict[str, Any] | None = None) -> list[Table]:
        return TableFinder(self, TableSettings.resolve(table_settings)).tables  # type: ignore[arg-type]

    def extract_words(self, **kwargs: Any) -> list[dict]:
        return utils.extract_words(self.chars, **kwargs)

    def dedupe_chars(self, **kwargs: Any) -> PdfiumPage:
        objects = dict(self._objects)
        objects["char"] = utils.dedupe_chars(self.chars, **kwargs)
        return PdfiumPage(self.frame, objects)

    def close(self) -> None:
        self._objects = {}
        self.flush_cache()


class _Walk:
    """The page's objects in content-stream order, into forms, with their matrices."""

    def __init__(self, frame: PageFrame) -> None:
        self.frame = frame
        self.text_objects: dict[int, TextObject] = {}
        self.paths: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}

    def visit(self, obj: int, outer: Matrix) -> None:
        kind = raw.object_type(obj)
        if kind == raw.TEXT:
            matrix = multiply(object_matrix(obj), outer)
            self.text_objects[obj] = TextObject(obj, matrix, len(self.text_objects))
        elif kind == raw.PATH:
            matrix = multiply(multiply(object_matrix(obj), outer), self.frame.ctm)
            for name, painted in path_objects(obj, matrix, self.frame):
                self.paths[name].append(painted)
        elif kind == raw.FORM:
            inner = multiply(object_matrix(obj), outer)
            for index in range(raw.form_count_objects(obj)):
                self.visit(raw.form_get_object(obj, index), inner)


def page_frame(page: int, rotation: int, page_number: int, initial_doctop: float) -> PageFrame:
    left, bottom, right, top = (c_float() for _ in range(4))
    if not raw.page_get_mediabox(page, byref(left), byref(bottom), byref(right), byref(top)):
        raise pdfium.PdfiumError("the page has no MediaBox")
    mediabox = (
        written(left.value),
        written(bottom.value),
        written(right.value),
        written(top.value),
    )
    return PageFrame(mediabox, rotation, page_number, initial_doctop)


def lay_out(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    page_number: int,
    initial_doctop: float = 0.0,
) -> PdfiumPage:
    """The page's chars, lines, rects and curves as pdfplumber would give them."""
    page_handle = raw.handle(page.raw)
    frame = page_frame(page_handle, page.get_rotation(), page_number, initial_doctop)
    walk = _Walk(frame)
    for index in range(raw.page_count_objects(page_handle)):
        walk.visit(raw.page_get_object(page_handle, index), IDENTITY)
    fonts: dict = {}
    found = text_page_chars(raw.handle(textpage.raw), walk.text_objects)
    chars = []
    # Objects read so far by their matrix: where an object repeats one of them.
    drawn_at: dict[Matrix, list[tuple[TextObject, list[Glyph]]]] = {}
    for key, obj in walk.text_objects.items():
        drawn = found.get(key)
        if drawn:
            glyphs = glyphs_of(obj, drawn, fonts)
            drawn_at.setdefault(obj.matrix, []).append((obj, glyphs))
        elif (copied := _repeated(obj, drawn_at.get(obj.matrix, []))) is not None:
            glyphs = copied
        elif raw.font_is_embedded(raw.text_object_font(obj.handle)):
            # An object pdfium's text page shows nothing of: spaces, which it leaves out.
            glyphs = space_object(obj, fonts)
        else:
            # The same for glyphs of a font not embedded that pdfium cannot map to Unicode
            # (西安 民政局 2021: the "表" of "表8" in SimSun): pdfminer reads the page.
            (x, y) = obj.matrix[4:6]
            raise pdfium.PdfiumError(
                f"its text page leaves out the text drawn at x {x:.0f}, y {y:.0f} "
                "in a font that is not embedded"
            )
        chars += char_dicts(glyphs, multiply(obj.matrix, frame.ctm), frame)
    return PdfiumPage(frame, {"char": chars, **walk.paths})


def _repeated(
    obj: TextObject, candidates: list[tuple[TextObject, list[Glyph]]]
) -> list[Glyph] | None:
    """The glyphs of the object `obj` repeats at the same place: pdfium's text page leaves
    out such a repeat (a producer's fake bold prints each glyph up to six times,
    "222222000000"), which gets the glyphs of the one before."""
    if not candidates:
        return None
    place = _place(obj)
    return next((glyphs for other, glyphs in candidates if _place(other) == place), None)


def _place(obj: TextObject) -> tuple:
    """Where a text object is drawn, with what font."""
    left, bottom, right, top = _BOUNDS
    raw.object_bounds(obj.handle, byref(left), byref(bottom), byref(right), byref(top))
    box = (round(left.value, 2), round(bottom.value, 2), round(right.value, 2), round(top.value, 2))
    return (raw.text_object_font(obj.handle), obj.matrix, box)


_BOUNDS = tuple(c_float() for _ in range(4))
