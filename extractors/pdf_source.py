"""Opening a PDF with pdfplumber and turning its failures into the library's typed errors."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from budgetpdf.extractors.errors import EncryptedPdfError, UnreadablePdfError


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise UnreadablePdfError(f"cannot read the file: {exc.strerror}", path) from exc
    if not head:
        raise UnreadablePdfError("the file is empty", path)
    if b"%PDF-" not in head:
        hint = " (it looks like an HTML page)" if b"<html" in head.lower() else ""
        raise UnreadablePdfError(f"not a PDF: no %PDF- header{hint}", path)


@contextmanager
def open_pdf(path: Path, password: str = "") -> Iterator[pdfplumber.PDF]:
    """Open a PDF, raising UnreadablePdfError / EncryptedPdfError with a one-line reason."""
    _check_header(path)
    try:
        pdf = pdfplumber.open(path, password=password)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedPdfError(
                "the PDF is encrypted with a user password; pass it with --password", path
            ) from exc
        if isinstance(cause, PDFSyntaxError):
            raise UnreadablePdfError(f"broken PDF structure: {cause}", path) from exc
        raise UnreadablePdfError(f"cannot parse the PDF: {cause}", path) from exc
    try:
        if not pdf.pages:
            raise UnreadablePdfError("the PDF has no pages", path)
        yield pdf
    finally:
        pdf.close()
