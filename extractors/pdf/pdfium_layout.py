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

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber import utils
from pdfplumber.container import Container
from pdfplumber.table import Table, TableFinder, TableSettings

from budgetpdf.extractors.pdf._pdfium_chars import (
    TextObject,
    char_dict,
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


def _handle(obj: ctypes.c_void_p) -> int:
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


class _Walk:
    """The page's objects in content-stream order, into forms, with their matrices."""

    def __init__(self, frame: PageFrame) -> None:
        self.frame = frame
        self.text_objects: dict[int, TextObject] = {}
        self.paths: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}

    def visit(self, obj: ctypes.c_void_p, outer: Matrix) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            matrix = multiply(object_matrix(obj), outer)
            self.text_objects[_handle(obj)] = TextObject(obj, matrix, len(self.text_objects))
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            matrix = multiply(multiply(object_matrix(obj), outer), self.frame.ctm)
            for name, painted in path_objects(obj, matrix, self.frame):
                self.paths[name].append(painted)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = multiply(object_matrix(obj), outer)
            for index in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                self.visit(pdfium_c.FPDFFormObj_GetObject(obj, index), inner)


def _frame(page: pdfium.PdfPage, page_number: int, initial_doctop: float) -> PageFrame:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        raise pdfium.PdfiumError("the page has no MediaBox")
    mediabox = (
        written(left.value),
        written(bottom.value),
        written(right.value),
        written(top.value),
    )
    return PageFrame(mediabox, page.get_rotation(), page_number, initial_doctop)


def lay_out(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    page_number: int,
    initial_doctop: float = 0.0,
) -> PdfiumPage:
    """The page's chars, lines, rects and curves as pdfplumber would give them."""
    frame = _frame(page, page_number, initial_doctop)
    walk = _Walk(frame)
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        walk.visit(pdfium_c.FPDFPage_GetObject(page, index), IDENTITY)
    fonts: dict = {}
    found = text_page_chars(textpage, walk.text_objects)
    chars = []
    for key, obj in walk.text_objects.items():
        drawn = found.get(key)
        glyphs = glyphs_of(obj, drawn, obj.matrix, fonts) if drawn else space_object(obj, fonts)
        page_matrix = multiply(obj.matrix, frame.ctm)
        chars += [char_dict(glyph, page_matrix, frame) for glyph in glyphs]
    return PdfiumPage(frame, {"char": chars, **walk.paths})
