"""The cheap text pass: pdfium's text of every page, to choose the pages worth a full parse.

Parsing a page with pdfplumber costs about 0.2 s; pdfium reads its text in about 2 ms. Most
pages of a budget PDF are narrative, so only pages with a line that could be a table title
(and pages right after a table, which may continue it) get the full parse.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetpdf.extractors.locate.titles import MAX_TITLE_LENGTH, ends_as_title, strip_title
from budgetpdf.extractors.pdf.source import open_pdfium
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.model import TableSpec


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


def may_hold_title(text: str, specs: tuple[TableSpec, ...]) -> bool:
    """True when some short line of the page matches a spec's title pattern.

    Deliberately looser than locate.match_title (no exclusions, no sentence test): pdfium may
    join a title with the table number or the unit on one line, and a page missed here is
    lost, while a page kept in vain only costs a parse.
    """
    if "表" not in text and "经费" not in text:
        return False
    patterns = _title_patterns(tuple(p for spec in specs for p in spec.titles))
    lines = [normalize_text(line) for line in text.split("\n")]
    # A title may wrap: each line is also tried joined to the next.
    for norm in [*lines, *(a + b for a, b in zip(lines, lines[1:], strict=False))]:
        if not norm or len(norm) > MAX_TITLE_LENGTH * 2:
            continue
        if any(pattern.search(strip_title(norm)) for pattern in patterns):
            return True
    return False


@lru_cache(maxsize=8)
def _title_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Every spec's title patterns as one regex (a page's lines are tried against a few
    hundred patterns); patterns that cannot be joined (a named group used twice) stay apart."""
    try:
        return (re.compile("|".join(f"(?:{p})" for p in patterns)),)
    except re.error:
        return tuple(re.compile(p) for p in patterns)


def title_shaped_lines(text: str) -> list[str]:
    """Short lines of a page's text that end as a title does ("2026年部门收支预算总表"): on a
    page the text pass skipped, titles that no spec's pattern knows."""
    lines = [normalize_text(line) for line in text.split("\n")]
    return [
        line
        for line in lines
        if line and len(line) <= MAX_TITLE_LENGTH and ends_as_title(strip_title(line))
    ]
