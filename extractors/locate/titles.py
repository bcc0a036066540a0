"""Finding tables by their titles: which text line of a page is a table title, and of which spec.

A title mentioned in the table of contents or in a sentence is rejected later, when no table
with the spec's header stands below it; here a line only has to look like a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetpdf.extractors.pdf.layout import Line
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.loader import SpecSet
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
_UNIT_CUT = re.compile(r"单位[:：]\s*万?$")
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
    # Specs to try, in order, where the table's header does not fit `spec`: those whose
    # titles match as long a stretch, then the fallback spec (`other`).
    alternatives: tuple[TableSpec, ...] = ()

    @property
    def specs(self) -> tuple[TableSpec, ...]:
        return (self.spec, *self.alternatives)


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


class TitleMatcher:
    """Which spec a title line names: the specs' `titles` patterns are searched in the
    title's core as printed and in its meaning (title_words.yaml), the longer match counts,
    the longest match over all specs wins; specs matching as long a stretch, and the
    fallback spec, stay behind it as alternatives for the header to decide."""

    def __init__(self, specs: SpecSet) -> None:
        self.words = specs.title_words
        self.specs = tuple(s for s in specs.specs if not s.fallback)
        self.fallbacks = tuple(s for s in specs.specs if s.fallback)
        # Most lines of a page match no spec's title: one search of every pattern at once
        # tells them apart before each spec's patterns are tried (a tenth of a document's
        # time went to trying them one by one).
        self._screens = {id(group): _any_of(group) for group in (self.specs, self.fallbacks)}
        self._meanings: dict[str, str] = {}

    def match(self, line: Line, notes: list[TitleNote] | None = None) -> TitleHit | None:
        """The spec whose title pattern matches the line over the longest stretch, if any.

        With `notes`, the specs whose patterns matched but lost, and why, are appended to it.
        """
        reason = _not_a_title(line)
        core = strip_title(line.norm)
        if reason is None and not ends_as_title(core):
            # A header cell ("本年一般公共预算基本支出") or a narrative heading
            # ("六、财政拨款基本支出预算表情况说明") can match a pattern too; a title ends in 表.
            reason = "does not end in 表 (a header cell or a heading?)"
        candidates = self._candidates(core, self.specs)
        if reason is not None:
            if notes is not None and reason != "empty":
                notes += [TitleNote(line.text, s.id, reason) for s, _, _ in candidates]
            return None
        hit = self._best(line, candidates)
        if notes is not None:
            notes += [
                _lost(line.text, spec, length, veto, hit)
                for spec, length, veto in candidates
                if hit is None or spec is not hit.spec
            ]
        fallbacks = (
            tuple(s for s, _, veto in self._candidates(core, self.fallbacks) if not veto)
            if _set_as_one(line)
            else ()
        )
        if hit is not None:
            return TitleHit(
                hit.spec, line, line.text, hit.match_length, (*hit.alternatives, *fallbacks)
            )
        if notes is not None and not candidates:
            notes.append(
                TitleNote(line.text, None, "shaped like a title, but no spec's titles match")
            )
        if fallbacks:
            return TitleHit(fallbacks[0], line, line.text, 0, fallbacks[1:])
        return None

    def _candidates(
        self, core: str, specs: tuple[TableSpec, ...]
    ) -> list[tuple[TableSpec, int, str | None]]:
        """Each spec with a title pattern found in the core as printed or in its meaning:
        its longest match, and the exclude_titles pattern that vetoes it (None when none
        does)."""
        meaning = self._meanings.get(core)
        if meaning is None:
            meaning = self._meanings[core] = self.words.meaning(core)
        screen = self._screens.get(id(specs))
        if screen is not None and not (screen.search(core) or screen.search(meaning)):
            return []
        found = []
        for spec in specs:
            lengths = [
                len(m.group(0))
                for p in spec.titles
                for text in (core, meaning)
                if (m := re.search(p, text))
            ]
            if lengths:
                veto = next((p for p in spec.exclude_titles if re.search(p, core)), None)
                found.append((spec, max(lengths), veto))
        return found

    @staticmethod
    def _best(line: Line, candidates: list[tuple[TableSpec, int, str | None]]) -> TitleHit | None:
        allowed = [(spec, length) for spec, length, veto in candidates if veto is None]
        if not allowed:
            return None
        longest = max(length for _, length in allowed)
        tied = [spec for spec, length in allowed if length == longest]
        return TitleHit(tied[0], line, line.text, longest, tuple(tied[1:]))

    def find(self, lines: list[Line], notes: list[TitleNote] | None = None) -> list[TitleHit]:
        """Title lines of a page; a title wrapped over two lines ("…培训费支出预" + "算表") is
        matched as one line when the join matches more than either line alone (so a "表6"
        label above a title does not swallow the title's own second line).

        With `notes`, the near misses of the lines not joined are appended to it.
        """
        hits = []
        skip = False
        line_notes: list[list[TitleNote]] = [[] for _ in lines]
        alone = [
            self.match(line, line_notes[i] if notes is not None else None)
            for i, line in enumerate(lines)
        ]
        for i in range(1, len(lines)):
            if self._vetoed_tail(lines[i - 1], lines[i], alone[i]):
                alone[i] = None
        for i, (line, after) in enumerate(zip(lines, [*lines[1:], None], strict=False)):
            if skip:
                skip = False
                continue
            hit = alone[i]
            if after is not None and _may_continue(line, after):
                joined = self.match(Line(line.words + after.words))
                lengths = [h.match_length for h in (hit, alone[i + 1]) if h is not None]
                if joined is not None and joined.match_length > max(lengths, default=0):
                    hit = TitleHit(
                        joined.spec,
                        after,
                        line.text + after.text,
                        joined.match_length,
                        joined.alternatives,
                    )
                    skip = True
            if notes is not None and not skip:
                notes += line_notes[i]
            if hit is not None:
                hits.append(hit)
        return hits

    def _vetoed_tail(self, line: Line, after: Line, hit: TitleHit | None) -> bool:
        """Whether a line taken by the fallback alone ends a title wrapped from the line
        before that the fallback excludes: "项目支出绩" + "效目标表" is a 绩效 form."""
        if hit is None or not hit.spec.fallback or not _may_continue(line, after):
            return False
        core = strip_title(Line(line.words + after.words).norm)
        return any(veto is not None for _, _, veto in self._candidates(core, self.fallbacks))

    def may_hold_title(self, text: str) -> bool:
        """True when some short line of a page's text (pdfium's) matches a spec's title
        pattern, as printed or in its meaning, or has the shape of a title (the fallback).

        Deliberately looser than `match` (no exclusions, no sentence test): pdfium may join
        a title with the table number or the unit on one line, and a page missed here is
        lost, while a page kept in vain only costs a parse.
        """
        if "表" not in text and "经费" not in text:
            return False
        lines = [normalize_text(line) for line in text.split("\n")]
        # A title may wrap: each line is also tried joined to the next.
        for norm in [*lines, *(a + b for a, b in zip(lines, lines[1:], strict=False))]:
            if not norm or len(norm) > MAX_TITLE_LENGTH * 2:
                continue
            core = strip_title(norm)
            if self._candidates(core, self.specs):
                return True
            if len(norm) <= MAX_TITLE_LENGTH and any(
                veto is None for _, _, veto in self._candidates(core, self.fallbacks)
            ):
                return True
        return False


def _any_of(specs: tuple[TableSpec, ...]) -> re.Pattern[str] | None:
    """One pattern matching where any spec's title pattern matches; None where the patterns
    cannot be joined (a flag set inside one) and each is tried alone."""
    patterns = [p for spec in specs for p in spec.titles]
    if not patterns:
        return re.compile(r"(?!)")
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:
        return None


def _set_as_one(line: Line) -> bool:
    """Whether a line's words are set as one text, not spread over the cells of a form
    ("（10分）   标   调查表" is the last line of three cells of a 绩效 form): no gap wider
    than three characters."""
    height = max(line.bottom - line.top, 1.0)
    words = sorted(line.words, key=lambda w: w.x0)
    return all(b.x0 - a.x1 <= 3 * height for a, b in zip(words, words[1:], strict=False))


def _may_continue(line: Line, after: Line) -> bool:
    """Whether the next line may finish a title wrapped over two lines: "算表", "预算表（不含
    上年结转）" or "（按支出经济分类科目）"; the join must itself end as a title does, so a
    header line never joins."""
    short = len(after.norm) <= 30 or after.norm[:1] in "(（"
    close = after.top - line.bottom < (line.bottom - line.top)
    return short and close and is_title_like(line)


def _lost(
    text: str, spec: TableSpec, length: int, veto: str | None, best: TitleHit | None
) -> TitleNote:
    if veto is not None:
        return TitleNote(text, spec.id, f"exclude_titles /{veto}/ matches")
    assert best is not None  # a candidate no exclude_titles vetoes lost to a longer match
    if length == best.match_length:
        return TitleNote(
            text, spec.id, f"its titles match as long as {best.spec.id}'s: tried after it"
        )
    return TitleNote(
        text, spec.id, f"its titles match {length} characters, {best.spec.id}'s {best.match_length}"
    )


def find_unit(lines: list[Line]) -> str | None:
    """The unit printed in the lines ("单位：万元", "金额单位：元"); None when none is printed.

    "单位：武汉市…中心" names the reporting unit, not the currency unit, and is skipped.
    """
    for i, line in enumerate(lines):
        after = lines[i + 1] if i + 1 < len(lines) else None
        match = _UNIT.search(line.norm)
        if match is None and after is not None and _UNIT_CUT.search(line.norm):
            # A unit broken over two lines by a narrow cell: "单位：万" above "元".
            match = _UNIT.search(line.norm + after.norm)
        if match:
            return match.group(1)
    return None
