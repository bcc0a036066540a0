"""The few pdfium functions the layout layer calls per glyph and per path segment, declared
with plain integer handles.

pypdfium2's own declarations return typed pointers, which cost a cast to compare or to use
as a dict key; a page of 500 glyphs and 800 rules makes some 10,000 such calls. These are
separate function objects of the same library, so pypdfium2's declarations stay as they are.
"""

from __future__ import annotations

import ctypes
from ctypes import POINTER, c_char_p, c_double, c_float, c_int, c_size_t, c_uint, c_void_p
from typing import Any

import pypdfium2.raw as pdfium_c
from pypdfium2_raw.bindings import _libs

_LIB = _libs["pdfium"]
Handle = c_void_p


def _declare(name: str, restype: Any, *argtypes: Any) -> Any:
    function = _LIB[name]  # a new function object each time: pypdfium2's is left alone
    function.restype = restype
    function.argtypes = argtypes
    return function


FLOAT = POINTER(c_float)
DOUBLE = POINTER(c_double)

page_count_objects = _declare("FPDFPage_CountObjects", c_int, Handle)
page_get_object = _declare("FPDFPage_GetObject", Handle, Handle, c_int)
page_get_mediabox = _declare("FPDFPage_GetMediaBox", c_int, Handle, FLOAT, FLOAT, FLOAT, FLOAT)
object_type = _declare("FPDFPageObj_GetType", c_int, Handle)
object_bounds = _declare("FPDFPageObj_GetBounds", c_int, Handle, FLOAT, FLOAT, FLOAT, FLOAT)
object_matrix = _declare("FPDFPageObj_GetMatrix", c_int, Handle, POINTER(pdfium_c.FS_MATRIX))
form_count_objects = _declare("FPDFFormObj_CountObjects", c_int, Handle)
form_get_object = _declare("FPDFFormObj_GetObject", Handle, Handle, c_uint)
path_count_segments = _declare("FPDFPath_CountSegments", c_int, Handle)
path_get_segment = _declare("FPDFPath_GetPathSegment", Handle, Handle, c_int)
segment_point = _declare("FPDFPathSegment_GetPoint", c_int, Handle, FLOAT, FLOAT)
segment_type = _declare("FPDFPathSegment_GetType", c_int, Handle)
segment_closes = _declare("FPDFPathSegment_GetClose", c_int, Handle)
text_count_chars = _declare("FPDFText_CountChars", c_int, Handle)
text_is_generated = _declare("FPDFText_IsGenerated", c_int, Handle, c_int)
text_unicode = _declare("FPDFText_GetUnicode", c_uint, Handle, c_int)
text_object = _declare("FPDFText_GetTextObject", Handle, Handle, c_int)
text_origin = _declare("FPDFText_GetCharOrigin", c_int, Handle, c_int, DOUBLE, DOUBLE)
text_object_font = _declare("FPDFTextObj_GetFont", Handle, Handle)
text_object_size = _declare("FPDFTextObj_GetFontSize", c_int, Handle, FLOAT)
font_base_name = _declare("FPDFFont_GetBaseFontName", c_size_t, Handle, c_char_p, c_size_t)
font_descent = _declare("FPDFFont_GetDescent", c_int, Handle, c_float, FLOAT)
font_is_embedded = _declare("FPDFFont_GetIsEmbedded", c_int, Handle)
font_glyph_width = _declare("FPDFFont_GetGlyphWidth", c_int, Handle, c_uint, c_float, FLOAT)

TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
PATH = pdfium_c.FPDF_PAGEOBJ_PATH
FORM = pdfium_c.FPDF_PAGEOBJ_FORM
MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO


def handle(pointer: Any) -> int:
    """The address behind one of pypdfium2's typed handles (a page, a text page)."""
    return ctypes.cast(pointer, c_void_p).value or 0
