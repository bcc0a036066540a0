"""Page texts in, the sentences of the narrative out: lines joined across wraps and page
breaks, split at sentence ends, each with its page and the headings above it.

Only sentences that state an amount ("基本支出838.38万元") or that nothing is spent
("2023年没有使用政府性基金预算拨款安排的支出") are kept: the rest is never compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from budgetpdf.extractors.result import Sentence
from budgetpdf.extractors.text import normalize_text

_MAX_HEADING = 60
_NOTE_LENGTH = 80  # what is kept of a note on a table's page: its last words
_NOTE_START = re.compile(r".*(?:说明|注|备注)[::]")
# "- 3 -", "3", "第 3 页": page numbers between the lines of a sentence broken by a page.
_PAGE_NUMBER = re.compile(r"^(-?\d{1,3}-?|第\d+页(共\d+页)?)$")
_SENTENCE_END = re.compile(r"(?<=[。;!?])")
_STATES_AMOUNT = re.compile(r"\d(?:亿元|万元|元|%)")
_NO_SPENDING = re.compile(r"无|没有|未安排|未使用|为零|空表")
_TOP_LEVEL = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")


def narrative_sentences(
    texts: Iterable[tuple[int, str]], headings: str, skip_pages: set[int]
) -> list[Sentence]:
    """The kept sentences of the pages (page number, text). On `skip_pages` (the tables'
    pages) only notes that nothing is spent are kept ("说明:2023年没有使用政府性基金预算拨款
    安排的支出。" under an empty table), cut to their last words."""
    heading = re.compile(headings)
    sections: list[str] = []
    kept: list[Sentence] = []
    buffer, start = "", 0
    for page_no, text in texts:
        if buffer and (page_no in skip_pages or start in skip_pages):
            # A table's page ends what was read before it; its own notes end with it.
            kept += _kept(buffer, start, sections, skip_pages)
            buffer = ""
        for raw in text.split("\n"):
            line = normalize_text(raw)
            if not line or _PAGE_NUMBER.match(line):
                continue
            if len(line) <= _MAX_HEADING and "。" not in line and heading.match(line):
                kept += _kept(buffer, start, sections, skip_pages)
                buffer = ""
                sections = _enter(sections, line)
                continue
            if not buffer:
                start = page_no
            buffer += line
            if buffer.endswith("。"):
                kept += _kept(buffer, start, sections, skip_pages)
                buffer = ""
    return kept + _kept(buffer, start, sections, skip_pages)


def _enter(sections: list[str], line: str) -> list[str]:
    """The heading path after a heading line: a top-level heading (一、, 第三部分) starts a new
    path, a sub-heading ((一)) replaces the sub-heading under it."""
    if _TOP_LEVEL.match(line):
        return [line]
    return [*sections[:1], line]


def _kept(buffer: str, page: int, sections: list[str], skip_pages: set[int]) -> list[Sentence]:
    section = " / ".join(sections)
    texts = [t for t in _SENTENCE_END.split(buffer) if t]
    if page in skip_pages:
        return [Sentence(page, "", _note(t)) for t in texts if _NO_SPENDING.search(t)]
    return [
        Sentence(page, section, text)
        for text in texts
        if _STATES_AMOUNT.search(text) or _NO_SPENDING.search(text)
    ]


_HEADING_LINES = 8


def _note(text: str) -> str:
    """A note under a table, without the header text read before it on the page."""
    start = _NOTE_START.match(text)
    return text[start.end() :] if start else text[-_NOTE_LENGTH:]


def document_heading(texts: list[str | None]) -> str:
    """The first lines of the first page with text: what the document says it is
    ("2023年单位预算", "2022年度部门决算"), for choosing its required tables."""
    for text in texts:
        lines = [normalize_text(line) for line in (text or "").split("\n")]
        lines = [line for line in lines if line]
        if lines:
            return " ".join(lines[:_HEADING_LINES])[:300]
    return ""
