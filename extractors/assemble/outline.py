"""Levels and parents of rows printed without codes, from how the page sets them out.

The expenditure side of a 收支总表 lists 类, 款 and 项 by name alone, each level indented a
step further ("一、一般公共服务支出" / "  审计事务" / "    行政运行"); a 基本支出总表 lists
工资福利支出 over an indented 基本工资. Such rows get `level` (the rank of their indent) and
`parent` (the key of the nearest row above one level up: its code, else its name), so the
hierarchy checks add them up as they add up codes.

A wrong parent makes a false failing check, so levels are set only where every sign agrees,
side by side of a table: no row printed with a code; two or three indents, a row never
deeper than one step below the row before it, each block starting at the first level; the
numbering (一、 before （一） before 1. before (1)) never shallower on a deeper row; and every
name that is a 科目's (the bundled dictionary) printed at that 科目's level. Where the names
are not indented at all, the numbering alone decides, if every row is numbered.
"""

from __future__ import annotations

import re
from collections import defaultdict

from budgetpdf.extractors.assemble.rows import split_ordinal
from budgetpdf.extractors.assemble.units import INDENT_TOLERANCE, RowLayout
from budgetpdf.extractors.classification import name_levels
from budgetpdf.extractors.result import Row
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.vocabulary import CodeScheme

# Numbering styles, outermost first: 一、 / （一） / 1. / (1).
_STYLES = (
    re.compile(r"^[一二三四五六七八九十廿]+、"),
    re.compile(r"^\([一二三四五六七八九十廿]+\)"),
    re.compile(r"^\d{1,2}[.、](?!\d)"),
    re.compile(r"^\(\d{1,2}\)"),
)
# "其中：…" breaks down the row above; it adds up to nothing.
_BREAKDOWN = re.compile(r"^(其中|含)[:：]?")
_MAX_LEVELS = 3


def set_levels(rows: list[Row], layouts: list[RowLayout], scheme: CodeScheme) -> None:
    """Give the codeless rows of each side of a table levels and parents where the layout
    is unambiguous (see the module's docstring); other rows are left as they are."""
    sides: dict[str | None, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        sides[row.side].append(index)
    dictionary = scheme if scheme in (CodeScheme.FUNCTION, CodeScheme.ECONOMIC) else None
    for indexes in sides.values():
        if any(rows[i].code for i in indexes):
            continue
        members = [i for i in indexes if _in_outline(rows[i])]
        levels = _levels(rows, layouts, members, dictionary)
        outline = [i for i in indexes if i in levels or breaks_outline(rows[i])]
        if levels and _agrees(rows, outline, levels, dictionary):
            _assign(rows, outline, levels)


def breaks_outline(row: Row) -> bool:
    """A total or subtotal (合计, 本年收入合计, 当年支出小计): the rows after it start again
    at the first level (上年结转 after 本年收入合计), whatever their indent."""
    return row.is_total or normalize_text(row.name).endswith(("合计", "总计", "小计"))


def _in_outline(row: Row) -> bool:
    return (
        bool(row.name)
        and not breaks_outline(row)
        and not _BREAKDOWN.match(normalize_text(row.name))
    )


def _style(row: Row) -> int | None:
    """The row's numbering style (0 一、, 1 （一）, 2 1., 3 (1)), or None when unnumbered."""
    ordinal = row.ordinal or split_ordinal(row.name)[0]
    text = normalize_text(ordinal or "")
    return next((n for n, pattern in enumerate(_STYLES) if pattern.match(text)), None)


def _levels(
    rows: list[Row], layouts: list[RowLayout], members: list[int], dictionary: CodeScheme | None
) -> dict[int, int]:
    """Each member's level by its indent's rank; where no name is indented, by its
    numbering's rank if every row is numbered, else the first level if every name is a 类's;
    {} where nothing tells."""
    indents = [layouts[i].indent for i in members]
    if not members or any(indent is None for indent in indents):
        return {}
    steps = _clusters([i for i in indents if i is not None])
    if len(steps) == 1:
        styles = [_style(rows[i]) for i in members]
        if any(s is None for s in styles):
            return _all_classes(rows, members, dictionary)
        ranks = sorted({s for s in styles if s is not None})
        if not 2 <= len(ranks) <= _MAX_LEVELS:
            return {}
        return {
            i: ranks.index(s) + 1 for i, s in zip(members, styles, strict=True) if s is not None
        }
    if len(steps) > _MAX_LEVELS:
        return {}
    return {
        i: 1 + max(n for n, step in enumerate(steps) if indent >= step - INDENT_TOLERANCE)
        for i, indent in zip(members, indents, strict=True)
        if indent is not None
    }


def _all_classes(
    rows: list[Row], members: list[int], dictionary: CodeScheme | None
) -> dict[int, int]:
    """Names at one indent, each the name of a 类 (广州 基本支出预算表 lists 工资福利支出,
    商品和服务支出 … under each unit's total): all at the first level."""
    names = [split_ordinal(rows[i].name)[1] for i in members]
    if all(1 in name_levels(name, dictionary) for name in names):
        return dict.fromkeys(members, 1)
    return {}


def _clusters(indents: list[float]) -> list[float]:
    """The distinct indents, nearer ones taken as one (the first of each run)."""
    steps: list[float] = []
    for indent in sorted(indents):
        if not steps or indent - steps[-1] > INDENT_TOLERANCE:
            steps.append(indent)
    return steps


def _agrees(
    rows: list[Row], members: list[int], levels: dict[int, int], dictionary: CodeScheme | None
) -> bool:
    """Whether every other sign agrees with the levels (`members`: the levelled rows and the
    totals between them): each block, and each run after a total, starts at level 1 and
    steps down one level at a time; a numbering style stands at one level, deeper styles
    deeper; a 科目's name stands at its 科目's level."""
    previous: dict[tuple[str | None, str | None], int] = {}
    style_levels: dict[int, set[int]] = defaultdict(set)
    for index in members:
        row = rows[index]
        block = (row.group, row.budget_unit)
        if index not in levels:
            previous[block] = 0
            continue
        level = levels[index]
        if level > previous.get(block, 0) + 1:
            return False
        previous[block] = level
        style = _style(row)
        if style is not None:
            style_levels[style].add(level)
        known = name_levels(split_ordinal(row.name)[1], dictionary)
        if known and level not in known:
            return False
    if any(len(found) > 1 for found in style_levels.values()):
        return False
    order = [next(iter(style_levels[s])) for s in sorted(style_levels)]
    return order == sorted(order) and len(set(order)) == len(order)


def _assign(rows: list[Row], members: list[int], levels: dict[int, int]) -> None:
    """Levels, and each row's parent: the nearest levelled row above it one level up, in its
    block and since the last total."""
    open_rows: dict[tuple[str | None, str | None], dict[int, Row]] = defaultdict(dict)
    for index in members:
        row = rows[index]
        chain = open_rows[(row.group, row.budget_unit)]
        if index not in levels:
            chain.clear()
            continue
        level = levels[index]
        parent = chain.get(level - 1)
        row.level = level
        row.parent = (parent.code or parent.name) if parent is not None else None
        chain[level] = row
        for deeper in [n for n in chain if n > level]:
            del chain[deeper]
