"""A table region of a page and its reading: the lines under a title that only name the
body, the unit or the table number are left out, then each engine the choice allows reads
the region until one gives a grid that a mapping step accepts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pdfplumber.page import Page

from budgetpdf.extractors.assemble.trace import Attempt
from budgetpdf.extractors.engines import ENGINES, Engine, Region, RuledEngine
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.mapping.model import HeaderMismatch, TableMap
from budgetpdf.extractors.pdf.layout import Line
from budgetpdf.table_specs.vocabulary import EngineChoice

# Lines between a title and its table that name the body, the unit or the table number.
_YEAR_LINE = r"^\(?\d{4}年度?\)?$|^[(（]\d{4}年度?[)）]$"
_META = re.compile(
    r"^((编制|预算|填报)?(单位|部门)(名称)?|金额单位|单位)[:：]|^(公开)?表[0-9一二三四五六七八九十]+(-\d+)?$"
    r"|" + _YEAR_LINE
)
_YEAR = re.compile(_YEAR_LINE)
# A table's label alone on its line, its number perhaps spaced off: "表 3", "附表3", "表3-1",
# "公开 11 表".
_LABEL = re.compile(
    r"^(附|公开)?(表([0-9]+|[一二三四五六七八九十]+)(-[0-9]+)?|[0-9]{1,2}表)[:：]?$"
)


@dataclass
class Part:
    """One page's piece of a table: the grid an engine read and how it maps to the spec."""

    grid: Grid
    tmap: TableMap


def is_meta(line: Line) -> bool:
    """A line under a title that names the table's number, body, unit or year, not its
    content: "表 3", "部门名称：深圳市审计局  单位：万元", "2022年"."""
    words = line.words
    if _LABEL.match(line.norm):
        return True
    if not words or not _META.search(words[0].text):
        return False
    if _YEAR.search(words[0].text):
        # A year names the budget only alone or beside the unit ("2022年  单位：元"); a line
        # "2021年 | 2022年 | 增减变化情况" heads column groups of the table's header.
        return all(_META.search(w.text) and not _YEAR.search(w.text) for w in words[1:])
    return bool(_META.search(line.norm)) or len(words) <= 3


def meta_stripped(lines: list[Line]) -> list[Line]:
    start = 0
    while start < len(lines) and is_meta(lines[start]):
        start += 1
    return lines[start:]


@dataclass
class PageView:
    """What every region of one parsed page shares."""

    page: Page
    page_no: int
    path: Path
    bottom: float
    # Per-page work the engines share between regions (ruling lines, character index).
    cache: dict

    def region(
        self, lines: list[Line], top: float, bottom: float, continuation: bool = False
    ) -> Region:
        """The region below `top` (a title's bottom, or the page top) down to `bottom`, less
        the meta lines under a title (表N, 单位：万元, 部门：…).

        It starts below the last of those lines, not at the first header text: a header
        cell's text sits mid-cell and its top rule is above it.
        """
        body = meta_stripped(lines)
        meta = lines[: len(lines) - len(body)]
        start = (meta[-1].bottom if meta else top) + 0.5
        return Region(
            self.page,
            self.page_no,
            (0, start, self.page.width, bottom),
            body,
            self.path,
            self.cache,
            continuation,
        )


def engines_for(choice: str, region: Region) -> list[Engine]:
    """The engines to try on a region, in order: a named one alone, or for `auto` the ruled
    engine where the region draws rules, then the word-position engine."""
    if choice != EngineChoice.AUTO:
        return [ENGINES[EngineChoice(choice)]()]
    ruled = RuledEngine()
    words = ENGINES[EngineChoice.WORDS]()
    return [ruled, words] if ruled.has_rules(region) else [words]


def read_region(
    region: Region,
    choice: str,
    fit: Callable[[Grid], TableMap],
    no_grid: str = "no table below the title",
    reshape: Callable[[Grid], Grid] | None = None,
) -> tuple[Part | None, list[Attempt]]:
    """Each engine in turn reads the region; the first grid that `fit` maps is the region's
    part. `fit` raises HeaderMismatch for a grid that is not the table wanted, with a
    `fallback` map where the grid may be taken all the same. `reshape`, when given, lays
    each grid out afresh before it is fitted. Every attempt is returned for the trace, the
    failed ones with their reason and rule."""
    attempts = []
    for engine in engines_for(choice, region):
        grid = engine.extract(region)
        if grid is None:
            attempts.append(Attempt(engine.name, None, None, no_grid, "no_table"))
            continue
        if reshape is not None:
            grid = reshape(grid)
        try:
            tmap = fit(grid)
        except HeaderMismatch as exc:
            attempts.append(Attempt(engine.name, grid, None, str(exc), exc.rule))
            if exc.fallback is None:
                continue
            tmap = exc.fallback
        attempts.append(Attempt(engine.name, grid, tmap))
        return Part(grid, tmap), attempts
    return None, attempts
