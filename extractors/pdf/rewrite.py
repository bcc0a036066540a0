"""pdfium's rewritten copy of a PDF: a new cross-reference table, each page's box and
rotation written in, no encryption. pdfplumber reads it where pdfminer cannot read or
misreads the file itself; camelot reads it for encrypted files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetpdf.errors import OutputError


class ScratchFolder:
    """A temporary folder for rewritten copies, made on first use (most files need none)."""

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def folder(self) -> Path:
        if self._folder is None:
            try:
                self._folder = tempfile.TemporaryDirectory(prefix="budgetpdf-")
            except OSError as exc:
                raise OutputError(
                    f"cannot create a temporary folder: {exc.strerror}", tempfile.gettempdir()
                ) from exc
        return Path(self._folder.name)

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()


def pdfium_rewrite(path: Path, password: str, scratch: ScratchFolder) -> Path | None:
    """A copy of the file written by pdfium, with a new cross-reference table and no
    encryption, or None when pdfium cannot open it either. pdfium rebuilds a damaged
    cross-reference table and page tree by scanning the file for objects, where pdfminer
    gives up on some (an unbalanced dictionary, a page tree whose /Kids were damaged)."""
    try:
        document = pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError:
        return None
    try:
        copy = scratch.folder() / "rewritten.pdf"
        for index in range(len(document)):
            _write_page_box(document, index)
        document.save(str(copy), flags=pdfium_c.FPDF_REMOVE_SECURITY)
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()
    return copy


def _write_page_box(document: pdfium.PdfDocument, index: int) -> None:
    """Write the box and rotation pdfium uses into the page itself: where /MediaBox is
    missing pdfium assumes US Letter and where /Rotate is not a number it assumes 0, while
    pdfplumber cannot make a page of either."""
    try:
        page = document[index]
    except pdfium.PdfiumError:
        return
    try:
        page.set_mediabox(*page.get_mediabox())
        page.set_rotation(page.get_rotation())
    finally:
        page.close()
