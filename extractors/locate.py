"""Finding tables by their titles: which text line of a page is a table title, and of which spec.

A title mentioned in the table of contents or in a sentence is rejected later, when no table
with the spec's header stands below it; here a line only has to look like a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetpdf.extractors.layout import Line
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


def strip_title(norm: str) -> str:
    core = _PREFIX.sub("", norm, count=1)
    core = _SUFFIX.sub("", core)
    return core


def is_title_like(line: Line) -> bool:
    norm = line.norm
    if not norm or len(norm) > MAX_TITLE_LENGTH:
        return False
    if _TOC_LEADER.search(line.text) or _SENTENCE.search(norm):
        return False
    return True


def match_title(line: Line, specs: tuple[TableSpec, ...]) -> TitleHit | None:
    """The spec whose title pattern matches the line over the longest stretch, if any."""
    if not is_title_like(line):
        return None
    core = strip_title(line.norm)
    if not _ENDS_AS_TITLE.search(core):
        # A header cell ("本年一般公共预算基本支出") or a narrative heading
        # ("六、财政拨款基本支出预算表情况说明") can match a pattern too; a title ends in 表.
        return None
    best: TitleHit | None = None
    for spec in specs:
        if any(re.search(p, core) for p in spec.exclude_titles):
            continue
        for pattern in spec.titles:
            match = re.search(pattern, core)
            if match and (best is None or len(match.group(0)) > best.match_length):
                best = TitleHit(spec, line, line.text, len(match.group(0)))
    return best


def find_titles(lines: list[Line], specs: tuple[TableSpec, ...]) -> list[TitleHit]:
    """Title lines of a page; a title wrapped over two lines ("…培训费支出预" + "算表") is
    matched as one line when the join matches more than either line alone (so a "表6" label
    above a title does not swallow the title's own second line)."""
    hits = []
    skip = False
    alone = [match_title(line, specs) for line in lines]
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
