"""The outline a table prints in its row names (一、 before （一） before 1. before (1)), read
for the rules that add up numbered items."""

from __future__ import annotations

import re

from budgetpdf.extractors.checks.cells import plain_name
from budgetpdf.extractors.result import Row
from budgetpdf.extractors.text import normalize_text

_SUB_ITEM = re.compile(r"^(其中|含)[:：]?")
_DEPTHS = (
    (re.compile(r"^[一二三四五六七八九十廿]+、"), 1),
    (re.compile(r"^\([一二三四五六七八九十廿]+\)"), 2),
    (re.compile(r"^\d{1,2}[.、](?!\d)"), 3),
    (re.compile(r"^\(\d{1,2}\)"), 4),
)


def depth(row: Row) -> int | None:
    """Outline depth from the printed numbering: plain 0, 一、 1, （一） 2, 1. 3, (1) 4.

    None for rows outside the outline: blank spacer rows, and `其中：…` rows without a number,
    which break down the row above them rather than add to anything.
    """
    text = normalize_text((row.ordinal or "") + row.name)
    if not text:
        return None
    bare = _SUB_ITEM.sub("", text)
    found = next((level for pattern, level in _DEPTHS if pattern.match(bare)), 0)
    return None if found == 0 and bare != text else found


def top_items(rows: list[Row]) -> list[Row]:
    """The items a side's total adds up: the shallowest numbered ones (一、 before （一）)."""
    numbered = [r for r in rows if (depth(r) or 0) > 0]
    shallowest = min((depth(r) or 0 for r in numbered), default=0)
    return [r for r in numbered if depth(r) == shallowest]


def after_subtotal(rows: list[Row]) -> list[Row]:
    """A total printed under a subtotal (本年收入合计, then 上年结转, then 收入总计) adds up
    that subtotal and the items after it, numbered or not: 西安 prints 上年结转 without a
    number, so the numbered items alone leave it out. [] when no subtotal is printed."""
    subtotals = [i for i, r in enumerate(rows) if r.is_total]
    if not subtotals:
        return []
    rest = [r for r in rows[subtotals[-1] + 1 :] if depth(r) is not None]
    return [rows[subtotals[-1]], *(top_items(rest) or rest)]


def from_last(rows: list[Row], pattern: re.Pattern[str]) -> list[Row]:
    """The last row matching `pattern` and the rows after it that are not 其中 breakdowns."""
    starts = [i for i, r in enumerate(rows) if pattern.search(plain_name(r))]
    if not starts:
        return []
    rest = [r for r in rows[starts[-1] + 1 :] if not _SUB_ITEM.match(normalize_text(r.name))]
    return [rows[starts[-1]], *without_breakdowns(rest)]


def without_breakdowns(rows: list[Row]) -> list[Row]:
    """The rows less those that break down an unnumbered row above them: 深圳 prints
    `上年结余、结转 2,616.24` and under it `1.财政拨款结余、结转 2,347.87`, `2.非财政拨款…
    268.37`; the total adds the first alone."""
    kept: list[Row] = []
    breakdown: int | None = None  # the depth of the rows being skipped
    for index, row in enumerate(rows):
        level = depth(row) or 0
        if breakdown is not None and level >= breakdown:
            continue
        breakdown = None
        kept.append(row)
        after = depth(rows[index + 1]) or 0 if index + 1 < len(rows) else 0
        if level == 0 and after > 0:
            breakdown = after
    return kept


def items_below(rows: list[Row], depths: list[int | None], index: int) -> list[Row]:
    """The rows numbered one level deeper than row `index`, up to the next row at its level
    or a total (`一、本年收入` then `（一）…`, `（二）…`)."""
    kids: list[Row] = []
    for offset, found in enumerate(depths[index + 1 :], start=index + 1):
        if found is None:
            continue
        if found <= (depths[index] or 0) or rows[offset].is_total:
            break
        kids.append(rows[offset])
    shallowest = min((depth(k) or 0 for k in kids), default=0)
    return [k for k in kids if depth(k) == shallowest]
