"""Finding tables by their titles: which text line of a page is a table title, and of which spec.

A title mentioned in the table of contents or in a sentence is rejected later, when no table
with the spec's header stands below it; here a line only has to look like a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetpdf.extractors.pdf.layout import Line
from budgetpdf.table_specs.model import TableSpec

# "表1：", "表5-1.", "附表3", "一、", "（一）", "1." before the title; "公开表一", "（续）" after it.
_PREFIX = re.compile(
    r"^((附件|附表)\d*[:：]?)?((公开)?表(\d+|[一二三四五六七八九十]+(?!般))([-—–.][0-9]+)?[:：.、．]?|公开\d+表[:：.、．]?)?"
    r"([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+[.、．](?!\d))?"
)
_SUFFIX = re.compile(r"(公开表[0-9一二三四五六七八九十]+|[(（]续[表]?[)）]|续表|单位[:：].*)$")
_TOC_LEADER = re.compile(r"(\.{4,}|…{2,}|·{4,}|-{4,})\s*\d*$")
_SENTENCE = re.compile(r"[。；;，,]|详见|见附|如下")
_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)(?![\u4e00-\u9fff])")
_YEAR = re.compile(r"^\d{4}年(度)?")

MAX_TITLE_LENGTH = 60
# "…表", "…表（按功能分类科目）", "…预算表（不含上年结转）"
_ENDS_AS_TITLE = re.compile(r"表([(（][^()（）]*[)）])*$")


@dataclass(frozen=True)
class TitleHit:
    spec: TableSpec
    line: Line
    text: str  # the title as printed (white space kept)
    match_length: int


@dataclass(frozen=True)
class TitleNote:
    """A line that a spec's title pattern matches but that was not taken as that spec's title,
    or a line shaped like a title that no spec matches: what `inspect` lists as near misses."""

    text: str
    spec: str | None
    reason: str


def strip_title(norm: str) -> str:
    core = _PREFIX.sub("", norm, count=1)
    core = _SUFFIX.sub("", core)
    return core


def ends_as_title(core: str) -> bool:
    return bool(_ENDS_AS_TITLE.search(core))


def _not_a_title(line: Line) -> str | None:
    """Why a line cannot be a title, or None when it can."""
    norm = line.norm
    if not norm:
        return "empty"
    if len(norm) > MAX_TITLE_LENGTH:
        return f"longer than {MAX_TITLE_LENGTH} characters"
    if _TOC_LEADER.search(line.text):
        return "a table-of-contents line (leader dots and a page number)"
    if _SENTENCE.search(norm):
        return "a sentence (punctuation or 详见/如下)"
    return None


def is_title_like(line: Line) -> bool:
    return _not_a_title(line) is None


def _candidates(core: str, specs: tuple[TableSpec, ...]) -> list[tuple[TableSpec, int, str | None]]:
    """Each spec with a title pattern found in the core: its longest match, and the
    exclude_titles pattern that vetoes it (None when none does)."""
    found = []
    for spec in specs:
        lengths = [len(m.group(0)) for p in spec.titles if (m := re.search(p, core))]
        if lengths:
            veto = next((p for p in spec.exclude_titles if re.search(p, core)), None)
            found.append((spec, max(lengths), veto))
    return found


def match_title(
    line: Line, specs: tuple[TableSpec, ...], notes: list[TitleNote] | None = None
) -> TitleHit | None:
    """The spec whose title pattern matches the line over the longest stretch, if any.

    With `notes`, the specs whose patterns matched but lost, and why, are appended to it.
    """
    reason = _not_a_title(line)
    core = strip_title(line.norm)
    if reason is None and not ends_as_title(core):
        # A header cell ("本年一般公共预算基本支出") or a narrative heading
        # ("六、财政拨款基本支出预算表情况说明") can match a pattern too; a title ends in 表.
        reason = "does not end in 表 (a header cell or a heading?)"
    if reason is not None:
        if notes is not None and reason != "empty":
            notes += [TitleNote(line.text, s.id, reason) for s, _, _ in _candidates(core, specs)]
        return None
    best: TitleHit | None = None
    candidates = _candidates(core, specs)
    for spec, length, veto in candidates:
        if veto is None and (best is None or length > best.match_length):
            best = TitleHit(spec, line, line.text, length)
    if notes is not None:
        notes += [
            _lost(line.text, spec, length, veto, best)
            for spec, length, veto in candidates
            if best is None or spec is not best.spec
        ]
        if not candidates:
            notes.append(
                TitleNote(line.text, None, "shaped like a title, but no spec's titles match")
            )
    return best


def _lost(
    text: str, spec: TableSpec, length: int, veto: str | None, best: TitleHit | None
) -> TitleNote:
    if veto is not None:
        return TitleNote(text, spec.id, f"exclude_titles /{veto}/ matches")
    assert best is not None  # a candidate no exclude_titles vetoes lost to a longer match
    return TitleNote(
        text, spec.id, f"its titles match {length} characters, {best.spec.id}'s {best.match_length}"
    )


def find_titles(
    lines: list[Line], specs: tuple[TableSpec, ...], notes: list[TitleNote] | None = None
) -> list[TitleHit]:
    """Title lines of a page; a title wrapped over two lines ("…培训费支出预" + "算表") is
    matched as one line when the join matches more than either line alone (so a "表6" label
    above a title does not swallow the title's own second line).

    With `notes`, the near misses of the lines not joined are appended to it.
    """
    hits = []
    skip = False
    line_notes: list[list[TitleNote]] = [[] for _ in lines]
    alone = [
        match_title(line, specs, line_notes[i] if notes is not None else None)
        for i, line in enumerate(lines)
    ]
    for i, (line, after) in enumerate(zip(lines, [*lines[1:], None], strict=False)):
        if skip:
            skip = False
            continue
        hit = alone[i]
        # "算表", "预算表（不含上年结转）" or "（按支出经济分类科目）" can continue a title on the next
        # line; the join must itself end as a title does, so a header line never joins.
        continues = after is not None and (len(after.norm) <= 30 or after.norm[:1] in "(（")
        if (
            after is not None
            and continues
            and is_title_like(line)
            and after.top - line.bottom < (line.bottom - line.top)
        ):
            joined = match_title(Line(line.words + after.words), specs)
            lengths = [h.match_length for h in (hit, alone[i + 1]) if h is not None]
            if joined is not None and joined.match_length > max(lengths, default=0):
                hit = TitleHit(joined.spec, after, line.text + after.text, joined.match_length)
                skip = True
        if notes is not None and not skip:
            notes += line_notes[i]
        if hit is not None:
            hits.append(hit)
    return hits


def find_unit(lines: list[Line]) -> str | None:
    """The unit printed in the lines ("单位：万元", "金额单位：元"); None when none is printed.

    "单位：武汉市…中心" names the reporting unit, not the currency unit, and is skipped.
    """
    for line in lines:
        match = _UNIT.search(line.norm)
        if match:
            return match.group(1)
    return None
