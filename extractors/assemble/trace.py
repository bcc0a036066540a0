"""What extraction decided on each page, recorded where it decides: the record that
`budgetpdf inspect` lays out. `extract_document` fills a Trace when it is given one, so what
inspect shows is what extract did, never a second reading that could disagree with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from budgetpdf.extractors.engines.grid import BBox, Grid
from budgetpdf.extractors.locate.titles import TitleHit, TitleNote
from budgetpdf.extractors.mapping.model import TableMap


class Outcome(str, Enum):
    TABLE = "table"  # the reading became (part of) a table of the result
    REJECTED = "rejected"  # a title with no table of its spec below it: a warning
    CARRIED = "carried"  # a title at a page foot, read with the top of the next page
    NOT_CONTINUED = "not continued"  # the top of a page that did not continue the open table


@dataclass
class Attempt:
    """One engine's reading of a region, and why it was not taken when it was not."""

    engine: str
    grid: Grid | None
    tmap: TableMap | None = None
    failure: str = ""
    # The test that failed: no_table, header_requires, header_excludes, no_amounts,
    # two_sided_items (mapping.HeaderMismatch.rule) or columns_differ (a continuation).
    rule: str = ""


@dataclass
class Reading:
    """A region of a page read for one spec: below a title, or at the top of a page where a
    table may continue."""

    page: int
    spec: str
    title: str
    how: str
    region: BBox
    attempts: list[Attempt]
    unit: str | None = None
    outcome: Outcome = Outcome.REJECTED
    table: int | None = None  # index into DocumentResult.tables
    # A title at a page foot whose table was looked for at the top of the next page; its
    # outcome stays CARRIED when found there, turns REJECTED when not.
    carried: bool = False

    @property
    def taken(self) -> Attempt | None:
        return next((a for a in self.attempts if a.tmap is not None), None)

    @property
    def reason(self) -> str:
        return "; ".join(f"{a.engine}: {a.failure}" for a in self.attempts if a.failure)


@dataclass
class PageTrace:
    page: int
    parsed: bool
    titles: list[TitleHit] = field(default_factory=list)
    notes: list[TitleNote] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    # On a page the cheap text pass skipped: its lines shaped like titles ("…表"), which no
    # spec's titles pattern matched.
    title_shaped: list[str] = field(default_factory=list)


@dataclass
class Trace:
    """Filled page by page during one extraction. `explain` adds what only a person needs
    (near-miss titles); extraction without a trace records the decisions alone."""

    explain: bool = True
    pages: dict[int, PageTrace] = field(default_factory=dict)

    def page(self, page_no: int, parsed: bool = True) -> PageTrace:
        if page_no not in self.pages:
            self.pages[page_no] = PageTrace(page_no, parsed)
        return self.pages[page_no]

    def reading(
        self,
        page_no: int,
        spec: str,
        title: str,
        how: str,
        region: BBox,
        attempts: list[Attempt],
        unit: str | None = None,
    ) -> Reading:
        reading = Reading(page_no, spec, title.strip(), how, region, attempts, unit)
        self.page(page_no).readings.append(reading)
        return reading
