"""The cheap text pass: pdfium's text of every page, to choose the pages worth a full parse.

Parsing a page with pdfplumber costs about 0.2 s; pdfium reads its text in about 2 ms. Most
pages of a budget PDF are narrative, so only pages with a line that could be a table title
(and pages right after a table, which may continue it) get the full parse.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetpdf.extractors.locate.titles import MAX_TITLE_LENGTH, ends_as_title, strip_title
from budgetpdf.extractors.pdf.source import open_pdfium
from budgetpdf.extractors.text import normalize_text


def has_page_objects(path: Path, password: str = "") -> bool:
    """Whether any page holds anything to show (text, image, path): a scan holds images,
    a file whose content streams are damaged holds nothing."""
    with open_pdfium(path, password) as document:
        for index in range(len(document)):
            try:
                page = document[index]
            except pdfium.PdfiumError:
                continue
            try:
                if pdfium_c.FPDFPage_CountObjects(page) > 0:
                    return True
            finally:
                page.close()
    return False


def title_shaped_lines(text: str) -> list[str]:
    """Short lines of a page's text that end as a title does ("2026年部门收支预算总表"): on a
    page the text pass skipped, titles that no spec's pattern knows."""
    lines = [normalize_text(line) for line in text.split("\n")]
    return [
        line
        for line in lines
        if line and len(line) <= MAX_TITLE_LENGTH and ends_as_title(strip_title(line))
    ]
