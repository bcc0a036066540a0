"""pdfium's pages of a document, one at a time: the text pass reads a page's text, and the
same loaded page and text page are laid out when the page is worth a full parse."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from budgetpdf.extractors.pdf.pdfium_layout import PdfiumPage, lay_out
from budgetpdf.extractors.pdf.source import pdfium_error


class PdfiumPages:
    """An open pdfium document; `text(i)` loads page i (closing the one before) and
    `layout()` lays the loaded page out."""

    def __init__(self, path: Path, password: str = "") -> None:
        try:
            self.document: pdfium.PdfDocument | None = pdfium.PdfDocument(
                str(path), password=password or None
            )
        except pdfium.PdfiumError as exc:
            raise pdfium_error(exc, path, password) from exc
        self._page: pdfium.PdfPage | None = None
        self._textpage: pdfium.PdfTextPage | None = None
        self._page_no = 0

    def __len__(self) -> int:
        return len(self.document) if self.document is not None else 0

    def text(self, page_no: int) -> str | None:
        """The page's text in reading order, lines separated by newlines; None for a page
        pdfium cannot load (or a page number it does not have)."""
        self._close_page()
        if page_no > len(self):
            return None
        assert self.document is not None
        try:
            self._page = self.document[page_no - 1]
            self._textpage = self._page.get_textpage()
            text = str(self._textpage.get_text_range())
        except pdfium.PdfiumError:
            self._close_page()
            return None
        self._page_no = page_no
        return text.replace("\r\n", "\n")

    def layout(self, page_no: int, initial_doctop: float = 0.0) -> PdfiumPage:
        """The page last read by `text`, laid out; PdfiumError when it was not loaded."""
        if self._page is None or self._textpage is None or self._page_no != page_no:
            raise pdfium.PdfiumError(f"page {page_no} is not loaded")
        return lay_out(self._page, self._textpage, page_no, initial_doctop)

    def loaded(self, page_no: int) -> pdfium.PdfPage | None:
        """The page last read by `text`, when it is `page_no` (OCR renders it)."""
        return self._page if self._page_no == page_no else None

    def _close_page(self) -> None:
        if self._textpage is not None:
            self._textpage.close()
        if self._page is not None:
            self._page.close()
        self._page = self._textpage = None
        self._page_no = 0

    def close(self) -> None:
        self._close_page()
        if self.document is not None:
            self.document.close()
            self.document = None
