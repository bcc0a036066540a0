"""A budget PDF in, its identity and standard tables out: open it, read whose budget it is
and for which year (identity/), choose the pages worth a full parse, read them through the
stitching reader (locate → engines → mapping → assemble), then check the arithmetic of what
was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pypdfium2 import PdfiumError

from budgetpdf.errors import NoTextLayerError, UnreadablePdfError, printable
from budgetpdf.extractors.assemble.stitch import DocumentReader
from budgetpdf.extractors.assemble.trace import Trace
from budgetpdf.extractors.checks.run import run_checks
from budgetpdf.extractors.classification import annotate
from budgetpdf.extractors.identity.read import read_identity
from budgetpdf.extractors.locate.text_pass import has_page_objects
from budgetpdf.extractors.narrative.sentences import document_heading, narrative_sentences
from budgetpdf.extractors.narrative.statements import document_year
from budgetpdf.extractors.notices import Notice, NoticeKind
from budgetpdf.extractors.options import ExtractOptions
from budgetpdf.extractors.pdf.ocr_engine import require_engine
from budgetpdf.extractors.pdf.ocr_marks import mark_ocr_tables, ocr_notices
from budgetpdf.extractors.pdf.ocr_pages import Scans, scan_pages
from budgetpdf.extractors.pdf.pdfium_pages import PdfiumPages
from budgetpdf.extractors.pdf.source import (
    PDF_READ_ERRORS,
    describe_read_error,
    open_pdf,
    sha256_of,
)
from budgetpdf.extractors.result import DocumentResult
from budgetpdf.table_specs.loader import SpecSet
from budgetpdf.table_specs.vocabulary import LayoutChoice, OcrChoice

if TYPE_CHECKING:
    from budgetpdf.extractors.pdf.ocr_page import OcrPage

__all__ = ["ExtractOptions", "extract_document"]


@dataclass
class _PageLoop:
    """What the page loop saw besides tables: pages pdfminer parsed, could not parse, or
    read as empty although pdfium finds text on them."""

    parsed: int = 0
    unreadable: list[tuple[int, str]] = field(default_factory=list)
    misread: list[int] = field(default_factory=list)


def _read_pages(
    pdf: PDF,
    pdfium: PdfiumPages | None,
    reader: DocumentReader,
    result: DocumentResult,
    options: ExtractOptions,
    scans: Scans,
) -> _PageLoop:
    """Feed every page worth it to the reader."""
    loop = _PageLoop()
    for page_no, page in enumerate(pdf.pages, start=1):
        scanned = scans.get(page_no)
        if scanned is not None:
            _read_scanned(scanned, page_no, reader, result, options)
            page.close()
            continue
        # pdfium and pdfminer may count the pages of a damaged page tree differently; a
        # page pdfium did not see (or could not load) is parsed rather than skipped.
        text = pdfium.text(page_no) if pdfium is not None else None
        if text is not None and not text.strip():
            # pdfium finds no text: a scan, a blank page, or a content stream it gave up on
            # without a word. pdfminer's look at so empty a page is cheap and tells them apart.
            text = None
        try:
            wanted = reader.wants(text) and (options.pages is None or page_no in options.pages)
            loop.parsed += wanted
            result.text_pages += bool(text.strip()) if text is not None else bool(page.chars)
            if not wanted:
                reader.skip_page(page_no, text)
            elif text is not None and options.layout == LayoutChoice.PDFIUM:
                reader.read_page(_pdfium_page(pdfium, page, page_no, result), page_no)
            else:
                if text is not None and not page.chars:
                    loop.misread.append(page_no)
                reader.read_page(page, page_no)
        except PDF_READ_ERRORS as exc:
            # A damaged page (a content stream cut short) costs its own tables only.
            reader.skip_page(page_no, None)
            loop.unreadable.append((page_no, describe_read_error(exc)))
        finally:
            page.close()
    return loop


def _read_scanned(
    scanned: OcrPage,
    page_no: int,
    reader: DocumentReader,
    result: DocumentResult,
    options: ExtractOptions,
) -> None:
    """A page read by OCR goes through the same reader as a page with a text layer."""
    result.text_pages += bool(scanned.text.strip())
    wanted = reader.wants(scanned.text) and (options.pages is None or page_no in options.pages)
    if wanted:
        reader.read_page(cast(Page, scanned.layout), page_no)
    else:
        reader.skip_page(page_no, scanned.text)


def _pdfium_page(
    pdfium: PdfiumPages | None, page: Page, page_no: int, result: DocumentResult
) -> Page:
    """The page laid out by pdfium, or pdfminer's page where pdfium cannot lay it out."""
    assert pdfium is not None
    try:
        return cast(Page, pdfium.layout(page_no, page.initial_doctop))
    except PdfiumError as exc:
        result.warnings.append(Notice.of(NoticeKind.LAYOUT_FALLBACK, page=page_no, reason=str(exc)))
        return page


def _pages_list(pages: list[int]) -> str:
    """'page 5', 'pages 2, 3, 4, 5, 6 and 8 more'."""
    shown = ", ".join(map(str, pages[:5])) + (
        f" and {len(pages) - 5} more" if len(pages) > 5 else ""
    )
    return f"page {shown}" if len(pages) == 1 else f"pages {shown}"


def _extract(
    path: Path, specs: SpecSet, options: ExtractOptions, trace: Trace, rewrite_because: str = ""
) -> tuple[DocumentResult, list[int]]:
    """One read of the document; returns its result and the pages pdfminer misread."""
    with open_pdf(path, options.password, rewrite_because) as opened:
        pdf = opened.pdf
        result = DocumentResult(path=printable(path), sha256=sha256_of(path), pages=len(pdf.pages))
        if opened.repaired:
            result.warnings.append(Notice.of(NoticeKind.REPAIRED, reason=opened.repaired))
        # camelot reads the file itself: the rewritten copy, when the input was damaged.
        reader = DocumentReader(opened.path, specs, options, trace)
        try:
            pdfium: PdfiumPages | None = PdfiumPages(opened.path, options.password)
        except UnreadablePdfError:
            # pdfminer reads the file but pdfium does not: every page gets the full parse.
            pdfium = None
        try:
            # Whose budget, which year: from the same cheap text, before the tables.
            texts = (
                [pdfium.text(n) for n in range(1, len(pdfium) + 1)] if pdfium is not None else []
            )
            scans = (
                scan_pages(pdfium, texts, OcrChoice(options.ocr), options.pages)
                if pdfium is not None
                else Scans()
            )
            texts = [scans.pages[n].text if n in scans.pages else t for n, t in enumerate(texts, 1)]
            result.warnings += ocr_notices(scans)
            result.identity, notices = read_identity(texts, path.name)
            result.warnings += notices
            loop = _read_pages(pdf, pdfium, reader, result, options, scans)
        finally:
            if pdfium is not None:
                pdfium.close()
        if loop.unreadable and len(loop.unreadable) == loop.parsed:
            page_no, reason = loop.unreadable[0]
            raise UnreadablePdfError(
                f"damaged PDF: none of the {loop.parsed} pages worth reading can be parsed "
                f"(page {page_no}: {reason})",
                path,
            )
        result.warnings += [
            Notice.of(NoticeKind.PAGE_UNREADABLE, page=n, reason=reason)
            for n, reason in loop.unreadable
        ]
        if result.text_pages == 0:
            if scans.without_engine:
                require_engine(path, result.pages)
            if not has_page_objects(opened.path, options.password):
                raise UnreadablePdfError(
                    f"damaged PDF: none of its {result.pages} pages shows anything, no text, "
                    "image or drawing (page contents damaged or missing)",
                    path,
                )
            raise NoTextLayerError(
                f"no text layer on any of its {result.pages} pages (a scan?); OCR it first, e.g. with ocrmypdf",
                path,
            )
        reader.finish(result)
        mark_ocr_tables(result.tables, scans)
        _read_text(result, texts, specs)
    return result, loop.misread


def _read_text(result: DocumentResult, texts: list[str | None], specs: SpecSet) -> None:
    """The sentences outside the tables that narrative and completeness checks read, and
    the 科目 dictionary's names (and codes, where only a name is printed) for the rows."""
    # A table no spec describes (`other`: 西安's 培训费明细表) may share its page with the
    # narrative's 三公 paragraph: only the standard tables' pages are left out.
    fallbacks = {spec.id for spec in specs.specs if spec.fallback}
    table_pages = {
        page for table in result.tables if table.spec not in fallbacks for page in table.pages
    }
    numbered = [(n, text) for n, text in enumerate(texts, start=1) if text]
    result.narrative = narrative_sentences(numbered, specs.narrative.headings, table_pages)
    result.heading = document_heading(texts)
    year = document_year(result.heading)
    annotate(result, int(year) if year else None)


def extract_document(
    path: Path, specs: SpecSet, options: ExtractOptions | None = None, trace: Trace | None = None
) -> DocumentResult:
    """Every standard table of one PDF, normalised; raises the library's typed errors for
    files that cannot be read at all. A `trace`, when given, records every decision taken on
    the way (what `inspect` shows)."""
    options = options or ExtractOptions()
    path = Path(path)
    result, misread = _extract(path, specs, options, trace or Trace(explain=False))
    if misread:
        # pdfminer reads no characters where pdfium finds text when the byte offsets of
        # the cross-reference table are off (a file edited in place, line ends converted):
        # it lands beside the content streams without an error. pdfium's copy is exact.
        reason = f"it reads no text on {_pages_list(misread)}, where pdfium finds some"
        result, _ = _extract(
            path, specs, options, trace or Trace(explain=False), rewrite_because=reason
        )
    result.checks = run_checks(result, specs, options.rounding_per_addend)
    return result
