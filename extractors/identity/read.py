"""Reading a document's identity from its own text: the cheap text of every page in, whose
budget it is, which year, 预算 or 决算, 部门 or 单位 and the title out, each with the page and
line it was read from.

Where each field is looked for, first hit wins:
1. the cover (the first page, of the first three, that prints a whole document title; its
   lines before 目录): "武汉市人力资源和社会保障信息中心 / 2023年单位预算";
2. label lines, on the cover and then anywhere in page order: "预算单位：上海市审计局",
   "部门：江苏省人大常委会办公厅 单位：万元" above a table, "部门名称 北京市财政局" in
   Beijing's 部门整体支出绩效目标表;
3. headings that state the year and kind ("2026年部门收支预算总表", "（2026年度）") and table
   titles that say 预算 or 决算 ("预算01表 收支总表");
4. the file name, as a last resort, marked so (`source: file_name`) with a notice.
A field still unknown is None, with a notice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from budgetpdf.extractors.identity.model import (
    IDENTITY_FIELDS,
    DocumentIdentity,
    DocumentKind,
    Evidence,
    Source,
)
from budgetpdf.extractors.identity.wording import (
    read_label,
    read_title,
    read_year_heading,
    without_prefix,
)
from budgetpdf.extractors.notices import Notice, NoticeKind
from budgetpdf.extractors.text import normalize_text

COVER_PAGES = 3  # a cover, a blank or a 附件 page, then the title page at the latest
_COVER_LINES = 12
_TITLE_LINES = 4  # a title wraps over up to four lines: "2026 年度 / 苏州市… / 部门预算公开"
_STOP = re.compile(r"^(报表)?目录$")
_NOISE = re.compile(r"^([-—–]*\d+[-—–]*|附件\d*[:]?|保密审查情况.*|部门主要负责人审签情况.*)$")
_TABLE_TITLE = re.compile(r"(预算|决算)[^,。;]{0,30}表$|^(预算|决算)\d+表")


@dataclass(frozen=True)
class _Line:
    page: int
    text: str  # normalised: NFKC, no white space
    printed: str  # as printed, stripped

    def evidence(self, source: Source) -> Evidence:
        return Evidence(source, self.printed, self.page)


def read_identity(
    texts: Sequence[str | None], file_name: str
) -> tuple[DocumentIdentity, list[Notice]]:
    """The identity of a document whose pages read `texts` (None for a page not read), and
    the notices for what it does not state."""
    pages = [_page_lines(number, text) for number, text in enumerate(texts, start=1)]
    identity = DocumentIdentity()
    _from_cover(identity, pages[:COVER_PAGES])
    _from_labels(identity, [line for page in pages for line in page])
    _from_headings(identity, [line for page in pages for line in page])
    from_file_name = _from_file_name(identity, file_name)
    return identity, _notices(identity, from_file_name, file_name)


def _page_lines(number: int, text: str | None) -> list[_Line]:
    lines = []
    for printed in (text or "").split("\n"):
        norm = normalize_text(printed)
        if norm:
            lines.append(_Line(number, norm, " ".join(printed.split())))
    return lines


def _set(identity: DocumentIdentity, name: str, value: object, evidence: Evidence) -> None:
    """Give field `name` its value, unless an earlier, better place gave it one."""
    if value is None or getattr(identity, name) is not None:
        return
    setattr(identity, name, value)
    identity.evidence[name] = evidence


def _cover_lines(lines: list[_Line]) -> list[_Line]:
    kept = []
    for line in lines[:_COVER_LINES]:
        if _STOP.match(line.text):
            break
        if not _NOISE.match(line.text):
            kept.append(line)
    return kept


def _title_run(lines: list[_Line]) -> list[_Line] | None:
    """The earliest run of lines that reads as a whole document title (the longest one
    starting there: "…2026年度部门预算" and "信息公开" on the next line)."""
    for start in range(len(lines)):
        for end in range(min(start + _TITLE_LINES, len(lines)), start, -1):
            if read_title("".join(line.text for line in lines[start:end])):
                return lines[start:end]
    return None


def _from_cover(identity: DocumentIdentity, pages: list[list[_Line]]) -> None:
    for lines in pages:
        cover = _cover_lines(lines)
        run = _title_run(cover)
        if run is None:
            continue
        title = without_prefix("".join(line.text for line in run))
        reading = read_title(title)
        assert reading is not None
        evidence = Evidence(Source.COVER, " / ".join(line.printed for line in run), run[0].page)
        _set(identity, "title", title, evidence)
        _set(identity, "organization", reading.organization, evidence)
        _set(identity, "year", reading.year, evidence)
        _set(identity, "kind", reading.kind, evidence)
        _set(identity, "scope", reading.scope, evidence)
        _from_labels(identity, cover)
        return


def _from_labels(identity: DocumentIdentity, lines: list[_Line]) -> None:
    for line in lines:
        label = read_label(line.text)
        if label is not None:
            name, scope = label
            _set(identity, "organization", name, line.evidence(Source.LABEL))
            _set(identity, "scope", scope, line.evidence(Source.LABEL))
            return


def _from_headings(identity: DocumentIdentity, lines: list[_Line]) -> None:
    for line in lines:
        if identity.year is not None and identity.kind is not None:
            return
        heading = read_year_heading(line.text)
        if heading is not None:
            year, kind = heading
            _set(identity, "year", year, line.evidence(Source.TABLE_TITLE))
            _set(identity, "kind", kind, line.evidence(Source.TABLE_TITLE))
        elif identity.kind is None and _TABLE_TITLE.search(line.text):
            kind = DocumentKind.FINAL_ACCOUNTS if "决算" in line.text else DocumentKind.BUDGET
            _set(identity, "kind", kind, line.evidence(Source.TABLE_TITLE))


def _from_file_name(identity: DocumentIdentity, file_name: str) -> list[str]:
    """Fill what is still unknown from the file name ("2026年北京市财政局部门预算.pdf");
    returns the fields it gave."""
    stem = normalize_text(unicodedata.normalize("NFKC", PurePath(file_name).stem))
    evidence = Evidence(Source.FILE_NAME, file_name)
    missing = [name for name in IDENTITY_FIELDS if getattr(identity, name) is None]
    reading = read_title(stem)
    if reading is not None:
        _set(identity, "organization", reading.organization, evidence)
        _set(identity, "scope", reading.scope, evidence)
    year = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", stem)
    _set(identity, "year", int(year.group()) if year else None, evidence)
    _set(identity, "kind", _file_name_kind(stem), evidence)
    return [name for name in missing if getattr(identity, name) is not None]


def _file_name_kind(stem: str) -> DocumentKind | None:
    # Pinyin names count too: "2026nianbumenyusuan", "2024niandubumenjuesuan".
    lowered = stem.lower()
    if "决算" in stem or "juesuan" in lowered:
        return DocumentKind.FINAL_ACCOUNTS
    if "预算" in stem or "yusuan" in lowered:
        return DocumentKind.BUDGET
    return None


def _notices(identity: DocumentIdentity, from_file_name: list[str], file_name: str) -> list[Notice]:
    notices = [
        Notice.of(NoticeKind.IDENTITY_FROM_FILE_NAME, field=name, file=file_name)
        for name in from_file_name
    ]
    notices += [
        Notice.of(NoticeKind.IDENTITY_NOT_STATED, field=name)
        for name in IDENTITY_FIELDS
        if getattr(identity, name) is None
    ]
    return notices
