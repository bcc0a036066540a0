"""Opening a PDF with pdfplumber and pdfium, and turning their failures into the library's
typed errors with a reason a user can act on."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFNoValidXRef, PDFPasswordIncorrect
from pdfminer.psexceptions import PSEOF, PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from budgetpdf.errors import (
    BudgetPdfError,
    EncryptedPdfError,
    UnreadablePdfError,
)
from budgetpdf.extractors.pdf.rewrite import ScratchFolder, pdfium_rewrite

# What pdfplumber raises when pdfminer cannot read an object, a page or the file: it wraps
# whatever pdfminer raised in PdfminerException, and raises MalformedPDFException for a
# page box that is not four numbers.
PDF_READ_ERRORS = (PdfminerException, MalformedPDFException)
# What pdfplumber's Page raises, unwrapped, on a page dictionary whose /MediaBox is missing
# or short or whose /Rotate is not a number.
PAGE_BOX_ERRORS = (TypeError, IndexError, ValueError)
MAX_DETAIL = 80


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


def _cut_off(path: Path) -> bool:
    """True when the file does not end with %%EOF: a download that stopped early."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 1024))
        return b"%%EOF" not in handle.read()


def password_error(path: Path, password: str) -> EncryptedPdfError:
    if password:
        return EncryptedPdfError("the password given with --password is wrong for this PDF", path)
    return EncryptedPdfError(
        "the PDF is encrypted with a user password; pass it with --password", path
    )


def _damaged(path: Path, reason: str) -> UnreadablePdfError:
    if _cut_off(path):
        return UnreadablePdfError(
            f"truncated PDF, no %%EOF at its end (an interrupted download?): {reason}", path
        )
    return UnreadablePdfError(f"damaged PDF: {reason}", path)


def describe_read_error(exc: Exception) -> str:
    """pdfminer's complaint in words, e.g. 'an object runs past the end of the file'."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, (PSEOF, PDFNoValidXRef)) and "EOF" in str(cause):
        return "an object runs past the end of the file"
    if "No /Root" in str(cause) or "Catalog not found" in str(cause):
        return "it has no document catalog (/Root), so its pages cannot be found"
    # pdfminer's own messages quote the damaged object whole: the start says enough.
    if isinstance(cause, PSException):
        return f"its structure is broken ({_shortened(str(cause))})"
    # Anything else pdfminer raised on data it did not expect (a stream that does not decode).
    return f"pdfminer stops on damaged data ({_shortened(f'{type(cause).__name__}: {cause}')})"


def _shortened(detail: str) -> str:
    return detail if len(detail) <= MAX_DETAIL else detail[: MAX_DETAIL - 1] + "…"


def pdfminer_error(exc: Exception, path: Path, password: str) -> BudgetPdfError:
    """The typed error for pdfminer failing to open or walk the file."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return password_error(path, password)
    if isinstance(cause, PDFEncryptionError):
        return EncryptedPdfError(
            f"the PDF is encrypted in a way budgetpdf cannot open ({cause}); "
            "decrypt it first, e.g. with qpdf --decrypt",
            path,
        )
    return _damaged(path, describe_read_error(exc))


def pdfium_error(exc: pdfium.PdfiumError, path: Path, password: str) -> BudgetPdfError:
    """The typed error for pdfium failing to open the file."""
    if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return password_error(path, password)
    if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedPdfError(
            "the PDF is encrypted in a way budgetpdf cannot open; "
            "decrypt it first, e.g. with qpdf --decrypt",
            path,
        )
    if exc.err_code == pdfium_c.FPDF_ERR_FILE:
        return UnreadablePdfError("cannot read the file", path)
    return _damaged(path, "pdfium cannot parse it")


def _pdfminer_open(path: Path, password: str, shown_as: Path) -> pdfplumber.PDF:
    """pdfplumber's PDF with its pages walked; errors name `shown_as`, the user's file."""
    try:
        pdf = pdfplumber.open(path, password=password)
    except PDF_READ_ERRORS as exc:
        raise pdfminer_error(exc, shown_as, password) from exc
    try:
        # Walking the page tree reads every page object: a damaged tree fails here.
        pages = pdf.pages
    except PDF_READ_ERRORS as exc:
        pdf.stream.close()
        raise pdfminer_error(exc, shown_as, password) from exc
    except PAGE_BOX_ERRORS as exc:
        pdf.stream.close()
        raise _damaged(
            shown_as, "a page's size or rotation (/MediaBox, /Rotate) is missing or malformed"
        ) from exc
    if not pages:
        pdf.close()
        raise UnreadablePdfError("the PDF has no pages", shown_as)
    return pdf


@dataclass
class OpenedPdf:
    pdf: pdfplumber.PDF
    # The file the other readers (pdfium's text pass, camelot) read: the input, or pdfium's
    # rewritten copy of a damaged or encrypted input.
    path: Path
    # Why pdfplumber reads the rewritten copy, when it does: pdfminer's trouble with the input.
    repaired: str | None = None


@contextmanager
def open_pdf(path: Path, password: str = "", rewrite_because: str = "") -> Iterator[OpenedPdf]:
    """Open a PDF for pdfplumber; raises UnreadablePdfError / EncryptedPdfError with a
    one-line reason.

    When pdfminer cannot read the file itself, or the caller found that it misreads it
    (`rewrite_because`), pdfplumber reads pdfium's rewritten copy instead.
    """
    _check_header(path)
    scratch = ScratchFolder()
    try:
        opened = _open(path, password, rewrite_because, scratch)
        try:
            yield opened
        finally:
            opened.pdf.close()
    finally:
        scratch.close()


def _open(path: Path, password: str, rewrite_because: str, scratch: ScratchFolder) -> OpenedPdf:
    failure: UnreadablePdfError | None = None
    if not rewrite_because:
        try:
            pdf = _pdfminer_open(path, password, path)
        except UnreadablePdfError as exc:
            failure, rewrite_because = exc, exc.message
        else:
            if pdf.doc.encryption is None:
                return OpenedPdf(pdf, path)
            # camelot takes no password and refuses a file whose permissions forbid copying
            # text (permission-only encryption): the other readers get a decrypted copy.
            return OpenedPdf(pdf, pdfium_rewrite(path, password, scratch) or path)
    copy = pdfium_rewrite(path, password, scratch)
    try:
        if copy is None:
            raise UnreadablePdfError(f"damaged PDF: {rewrite_because}", path)
        return OpenedPdf(_pdfminer_open(copy, "", path), copy, rewrite_because)
    except UnreadablePdfError as exc:
        raise (failure or exc) from None


@contextmanager
def open_pdfium(path: Path, password: str = "") -> Iterator[pdfium.PdfDocument]:
    try:
        document = pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        raise pdfium_error(exc, path, password) from exc
    try:
        yield document
    finally:
        document.close()
