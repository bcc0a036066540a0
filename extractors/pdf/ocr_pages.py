"""Which pages of a document OCR reads (`--ocr auto|always|never`), and what it read.

`auto` reads the pages that have no text layer but show an image (a scan); a blank page
costs nothing. `always` reads every page from its pixels, its text layer ignored (a text
layer that is itself a poor OCR); `never` reads none. Without the engine installed, the
pages that needed it are named, and a document with no other text fails as before (exit 6)
with the install hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetpdf.extractors.pdf.ocr_engine import ocr_unavailable
from budgetpdf.extractors.pdf.pdfium_pages import PdfiumPages
from budgetpdf.table_specs.vocabulary import OcrChoice

if TYPE_CHECKING:
    from budgetpdf.extractors.pdf.ocr_page import OcrPage


@dataclass
class Scans:
    """The pages read by OCR, and those that needed it when the engine was missing."""

    pages: dict[int, OcrPage] = field(default_factory=dict)
    without_engine: list[int] = field(default_factory=list)
    # Why the engine cannot run, when a page needed it and it could not.
    unavailable: str | None = None

    def get(self, page_no: int) -> OcrPage | None:
        return self.pages.get(page_no)


def _shows_an_image(page: pdfium.PdfPage) -> bool:
    handle = page.raw
    for index in range(pdfium_c.FPDFPage_CountObjects(handle)):
        obj = pdfium_c.FPDFPage_GetObject(handle, index)
        if pdfium_c.FPDFPageObj_GetType(obj) in (
            pdfium_c.FPDF_PAGEOBJ_IMAGE,
            pdfium_c.FPDF_PAGEOBJ_FORM,
        ):
            return True
    return False


def _wanted(choice: OcrChoice, text: str | None, pages: PdfiumPages, page_no: int) -> bool:
    if choice is OcrChoice.NEVER:
        return False
    if choice is OcrChoice.ALWAYS:
        return True
    page = pages.loaded(page_no)
    return not (text or "").strip() and page is not None and _shows_an_image(page)


def scan_pages(
    pages: PdfiumPages,
    texts: list[str | None],
    choice: OcrChoice,
    only: frozenset[int] | None = None,
) -> Scans:
    """OCR the pages `choice` asks for (of `only`, when given); `texts` are their text
    layers (None: unreadable)."""
    scans = Scans()
    if choice is OcrChoice.NEVER:
        return scans
    wanted = [
        page_no
        for page_no, text in enumerate(texts, start=1)
        if (only is None or page_no in only)
        and pages.text(page_no) is not None
        and _wanted(choice, text, pages, page_no)
    ]
    if not wanted:
        return scans
    scans.unavailable = ocr_unavailable()
    if scans.unavailable:
        scans.without_engine = wanted
        return scans
    # numpy and OpenCV load only when a page is scanned: `budgetpdf --version` stays quick.
    from budgetpdf.extractors.pdf.ocr_page import read_scanned_page

    for page_no in wanted:
        pages.text(page_no)
        page = pages.loaded(page_no)
        assert page is not None
        scans.pages[page_no] = read_scanned_page(page, page_no)
    return scans
