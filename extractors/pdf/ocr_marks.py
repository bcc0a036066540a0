"""What OCR leaves on the result: a notice for each page it read (or could not read), and
`source: "ocr"` on each table read from such a page."""

from __future__ import annotations

from budgetpdf.extractors.notices import Notice, NoticeKind
from budgetpdf.extractors.pdf.ocr_engine import INSTALL_HINT
from budgetpdf.extractors.pdf.ocr_pages import Scans
from budgetpdf.extractors.result import Table

OCR_SOURCE = "ocr"


def ocr_notices(scans: Scans) -> list[Notice]:
    notices = [
        Notice.of(
            NoticeKind.OCR_PAGE,
            page=page_no,
            skew=abs(page.skew) if page.skew == 0 else page.skew,
            confidence=f"{page.confidence:.2f}" if page.confidence is not None else "(no text)",
        )
        for page_no, page in sorted(scans.pages.items())
    ]
    notices += [
        Notice.of(
            NoticeKind.OCR_UNAVAILABLE, page=page_no, reason=scans.unavailable, hint=INSTALL_HINT
        )
        for page_no in scans.without_engine
    ]
    return notices


def mark_ocr_tables(tables: list[Table], scans: Scans) -> None:
    """A table any of whose pages OCR read holds values OCR read."""
    for table in tables:
        if any(page in scans.pages for page in table.pages):
            table.source = OCR_SOURCE
