"""The page loop's state: tables found below their titles and stitched across page breaks.

A table left open at a page foot continues on the next page when its header repeats or its
column count agrees; a title printed at a page foot carries over to the table on the next
page. Every decision is recorded in the trace as it is taken.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pdfplumber.page import Page

from budgetpdf.extractors.amounts import is_amount
from budgetpdf.extractors.assemble.realign import onto_columns
from budgetpdf.extractors.assemble.regions import PageView, Part, is_meta, read_region
from budgetpdf.extractors.assemble.tables import Pending, build_table
from budgetpdf.extractors.assemble.trace import Attempt, Outcome, Reading, Trace
from budgetpdf.extractors.engines import Region
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.engines.ruled import page_tables
from budgetpdf.extractors.identity.wording import read_label
from budgetpdf.extractors.locate.text_pass import title_shaped_lines
from budgetpdf.extractors.locate.titles import TitleHit, TitleMatcher, find_unit, strip_title
from budgetpdf.extractors.mapping.model import HeaderMismatch, TableMap
from budgetpdf.extractors.mapping.table import map_table
from budgetpdf.extractors.notices import Notice, NoticeKind
from budgetpdf.extractors.options import ExtractOptions
from budgetpdf.extractors.pdf.layout import Line, group_lines, page_words
from budgetpdf.extractors.result import DocumentResult
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.loader import SpecSet
from budgetpdf.table_specs.model import TableSpec

# The tests of mapping.HeaderMismatch that a header fails; the others (no_table, no_amounts)
# say there is no table at all.
_HEADER_RULES = {"header_requires", "header_excludes", "two_sided_items"}


@dataclass
class Rejected:
    """A title that was not taken as a table, with the reason: what `inspect` shows."""

    page: int
    spec: str
    title: str
    reason: str


@dataclass
class _Carry:
    """A title printed at the foot of a page whose table starts on the next page."""

    hit: TitleHit
    page_no: int
    unit: str | None
    reading: Reading


class DocumentReader:
    def __init__(self, path: Path, specs: SpecSet, options: ExtractOptions, trace: Trace) -> None:
        self.path = path
        self.specs = specs
        self.options = options
        self.trace = trace
        self.titles = TitleMatcher(specs)
        self.pending: list[Pending] = []
        self.rejected: list[Rejected] = []
        self.open: Pending | None = None
        self.carry: _Carry | None = None

    def wants(self, text: str | None) -> bool:
        """Whether a page, judged by its cheap text, needs the full parse."""
        if text is None:
            return True
        return bool(text.strip()) and (
            self.open is not None or self.carry is not None or self.titles.may_hold_title(text)
        )

    def skip_page(self, page_no: int, text: str | None) -> None:
        trace = self.trace.page(page_no, parsed=False)
        if self.trace.explain and text:
            trace.title_shaped = title_shaped_lines(text)
        self.open = None
        self._drop_carry()

    def _drop_carry(self) -> None:
        if self.carry is not None:
            carry = self.carry
            self._reject(carry.page_no, carry.hit, "no table below the title")
            carry.reading.outcome = Outcome.REJECTED
            self.carry = None

    def _reject(self, page_no: int, hit: TitleHit, reason: str) -> None:
        # A line shaped like a title that no spec names is no notice when no table is below
        # it: tables of contents and narrative headings are full of them.
        if not hit.spec.fallback:
            self.rejected.append(Rejected(page_no, hit.spec.id, hit.text, reason))

    def read_page(self, page: Page, page_no: int) -> None:
        # Some producers fake bold by printing each glyph several times at one spot
        # ("表表表表表表111111"); one copy of each is the text. pdfplumber's dedupe costs about
        # as much as parsing the page, so it runs only where copies are found.
        if _overprinted(page):
            page = page.dedupe_chars(tolerance=1)
        lines = group_lines(page_words(page))
        trace = self.trace.page(page_no)
        hits = self.titles.find(lines, trace.notes if self.trace.explain else None)
        # Some producers write an inverted MediaBox ([0 595 842 0]); pdfminer then places the
        # text below the nominal page height. The content, not the box, bounds a region.
        bottom = max([page.height, *(ln.bottom + 1 for ln in lines)])
        view = PageView(page, page_no, self.path, bottom, {})
        if any(hit.spec.fallback for hit in hits):
            # A line shaped like a title that no spec names, printed inside a ruled table,
            # is a cell's text ("…编制反馈表和执行计划表" wrapped in a project's description).
            hits = [
                h for h in hits if not (h.spec.fallback and _in_ruled_table(view, h.line, lines))
            ]
        trace.titles = hits
        first_top = hits[0].line.top if hits else bottom
        above = [ln for ln in lines if ln.bottom < first_top]
        if self.carry is not None:
            self._carried(view, above, first_top)
        elif self.open is not None and hits and self._repeats_open_title(hits[0], above):
            # A long table whose every page repeats its title and header: continue it,
            # unless its heading names another body (the next unit's table set).
            end = hits[1].line.top if len(hits) > 1 else bottom
            below = _between(lines, hits[0].line.bottom, end)
            body, table = _heading_body(below), self.open
            if (body is None or table.heading_body in (None, body)) and (
                self._continue(view, below, end, top=hits[0].line.bottom)
                or self._empty_continuation(view, below, table)
            ):
                hits = hits[1:]
        elif self.open is not None:
            table = self.open
            if not self._continue(view, above, first_top) and not lines:
                self._empty_continuation(view, lines, table)
        for i, hit in enumerate(hits):
            end = hits[i + 1].line.top if i + 1 < len(hits) else bottom
            below = _between(lines, hit.line.bottom, end)
            self._start(view, hit, below, end, last=i + 1 == len(hits))

    def _start(
        self, view: PageView, hit: TitleHit, below: list[Line], bottom: float, last: bool
    ) -> None:
        region = view.region(below, hit.line.bottom, bottom)
        meta_count = len(below) - len(region.lines)
        unit = find_unit([hit.line, *below[: meta_count + 2]]) or find_unit(below[:8])
        spec, part, reading = self._read_title(view, hit, region, unit)
        if part is None and last and len(region.lines) <= 2:
            # Nothing but perhaps a header line below the title: the table is on the next page.
            self.carry = _Carry(hit, view.page_no, unit, reading)
            reading.outcome, reading.carried = Outcome.CARRIED, True
            return
        if part is None:
            self._reject(view.page_no, hit, reading.reason)
            return
        pending = Pending(spec, hit.text.strip(), unit, [part])
        pending.heading_body = _heading_body(below)
        self._took(reading, pending)
        self.open = pending if last else None

    def _read_title(
        self, view: PageView, hit: TitleHit, region: Region, unit: str | None
    ) -> tuple[TableSpec, Part | None, Reading]:
        """The region below a title read as the title's spec, else as each alternative in
        turn (a spec matching the title as well, then the fallback), while the reason a
        spec failed is its header, not the absence of a table."""
        first: Reading | None = None
        for spec in hit.specs:
            part, attempts = read_region(region, self._choice(spec), partial(map_table, spec))
            reading = self.trace.reading(
                view.page_no, spec.id, hit.text, "below its title", region.bbox, attempts, unit
            )
            first = first or reading
            if part is not None:
                return spec, part, reading
            if not _header_decided(attempts):
                break
        assert first is not None
        return hit.spec, None, first

    def _choice(self, spec: TableSpec) -> str:
        return spec.engine if self.options.engine == "auto" else self.options.engine

    def _took(self, reading: Reading, pending: Pending) -> None:
        if not any(p is pending for p in self.pending):
            self.pending.append(pending)
        reading.outcome = Outcome.TABLE
        reading.table = next(i for i, p in enumerate(self.pending) if p is pending)

    def _carried(self, view: PageView, lines: list[Line], bottom: float) -> None:
        """Read the top of this page as the table whose title stood at the foot of the last."""
        assert self.carry is not None
        hit, title_page, unit = self.carry.hit, self.carry.page_no, self.carry.unit
        region = view.region(lines, 0, bottom)
        if not region.lines:
            self._drop_carry()
            return
        part, attempts = read_region(region, self._choice(hit.spec), partial(map_table, hit.spec))
        unit = unit or find_unit(lines[:6])
        reading = self.trace.reading(
            view.page_no,
            hit.spec.id,
            hit.text,
            "title on the page before",
            region.bbox,
            attempts,
            unit,
        )
        if part is None:
            self._drop_carry()
            return
        self.carry = None
        pending = Pending(hit.spec, hit.text.strip(), unit, [part], title_page=title_page)
        self._took(reading, pending)
        self.open = pending if bottom >= view.bottom else None

    def _repeats_open_title(self, hit: TitleHit, above: list[Line]) -> bool:
        assert self.open is not None
        # Above a repeated title a page may print the table's label ("表 3") and a running
        # head; table rows there end the open table instead.
        return (
            self.open.spec in hit.specs
            and strip_title(normalize_text(hit.text))
            == strip_title(normalize_text(self.open.title))
            and not any(_is_body_text(ln) for ln in above if not is_meta(ln))
        )

    def _continue(self, view: PageView, lines: list[Line], bottom: float, top: float = 0) -> bool:
        """Stitch the top of this page (or the region below a repeated title) to the table
        left open on the page before, when its header repeats the open table's or it has no
        header and as many columns."""
        pending, self.open = self.open, None
        assert pending is not None
        region = view.region(lines, top, bottom, continuation=True)
        if not region.lines:
            return False
        how = "below its repeated title" if top else "continuing from the page before"
        fit = _continuation_fit(pending, pending.parts[-1])
        part, attempts = read_region(
            region,
            self.options.engine,
            fit,
            no_grid="no table",
            reshape=partial(onto_columns, previous=pending.parts[-1].grid),
        )
        reading = self.trace.reading(
            view.page_no, pending.spec.id, pending.title, how, region.bbox, attempts, pending.unit
        )
        if part is None:
            reading.outcome = Outcome.NOT_CONTINUED
            return False
        pending.parts.append(part)
        self._took(reading, pending)
        self.open = pending if bottom >= view.bottom else None
        return True

    def _empty_continuation(self, view: PageView, lines: list[Line], table: Pending) -> bool:
        """Take the page as the open table's when all it prints there is ruling with no
        amount in it: a column or rows the table spilled over, left blank (under its
        repeated title and header, perhaps). The table stays open: the blank may go on."""
        last = max([p.grid.page for p in table.parts] + table.empty_pages)
        if last != view.page_no - 1 or any(_is_body_text(ln) for ln in lines):
            return False
        if not page_tables(view.page, view.cache):
            return False
        table.empty_pages.append(view.page_no)
        how = "continuing its ruling, with nothing in it"
        box = (0.0, 0.0, float(view.page.width), view.bottom)
        reading = self.trace.reading(view.page_no, table.spec.id, table.title, how, box, [])
        self._took(reading, table)
        self.open = table
        return True

    def finish(self, result: DocumentResult) -> None:
        self._drop_carry()
        printed = Counter(p.unit for p in self.pending if p.unit)
        fallback = printed.most_common(1)[0][0] if printed else "万元"
        # A document printing one table set per budget unit heads each table with its
        # unit's name: where the headings name more than one body, each names its tables'.
        bodies = {p.heading_body for p in self.pending if p.heading_body}
        for pending in self.pending:
            table = build_table(pending, fallback, self.options.output_unit, result.warnings)
            if len(bodies) > 1 and pending.heading_body:
                for row in table.rows:
                    row.budget_unit = row.budget_unit or pending.heading_body
            result.tables.append(table)
        result.warnings += [
            Notice.of(
                NoticeKind.TITLE_WITHOUT_TABLE,
                page=r.page,
                spec=r.spec,
                title=r.title.strip(),
                reason=r.reason,
            )
            for r in self.rejected
        ]


def _heading_body(lines: list[Line]) -> str | None:
    """The body a label line between a title and its table names ("单位名称：某某中心")."""
    for line in lines:
        if not is_meta(line):
            break
        label = read_label(line.norm)
        if label is not None:
            return label[0]
    return None


def _header_decided(attempts: list[Attempt]) -> bool:
    """Whether a grid was read below the title and only its header failed the spec."""
    return any(a.grid is not None and a.rule in _HEADER_RULES for a in attempts)


def _continuation_fit(pending: Pending, previous: Part):
    """How a grid at the top of a page is taken as the open table's next part: with no
    header and as many columns, as the open table's columns; with a header, mapped afresh
    and then only if it gives the same column ids."""

    def fit(grid: Grid) -> TableMap:
        headerless = TableMap(0, previous.tmap.paths, previous.tmap.sides)
        same_columns = grid.n_cols == previous.grid.n_cols
        header_rows = grid.header_row_count()
        if header_rows == 0 and same_columns:
            return headerless
        if same_columns and grid.column_paths(header_rows) == previous.tmap.paths:
            # The header repeated as printed: the open table's columns, whatever the rows
            # below it would suggest on their own (a page of one row names no column).
            return TableMap(header_rows, previous.tmap.paths, previous.tmap.sides)
        try:
            tmap = map_table(pending.spec, grid)
        except HeaderMismatch as exc:
            # Rows with no amount at the top of the page ("（十九）自然资源海洋气象等支出" and
            # a blank cell) look like a header but map to nothing.
            if same_columns:
                exc.fallback = headerless
            raise
        if _column_ids(tmap) != _column_ids(previous.tmap):
            raise HeaderMismatch(
                f"columns {_column_ids(tmap)} differ from the open table's "
                f"{_column_ids(previous.tmap)}",
                "columns_differ",
            )
        return tmap

    return fit


def _in_ruled_table(view: PageView, line: Line, lines: list[Line]) -> bool:
    """Whether the line stands in a ruled table below other text of that table (some
    producers frame the title with the table: what stands first in the frame may be it)."""

    def inside(table: tuple[float, float, float, float], ln: Line) -> bool:
        return (
            table[0] - 1 <= ln.x0
            and ln.x1 <= table[2] + 1
            and table[1] - 1 < ln.top
            and ln.bottom < table[3] + 1
        )

    return any(
        inside(table.bbox, line)
        and any(inside(table.bbox, ln) and ln.bottom <= line.top for ln in lines)
        for table, _ in page_tables(view.page, view.cache)
    )


def _between(lines: list[Line], top: float, bottom: float) -> list[Line]:
    return [ln for ln in lines if ln.top > top - 1 and ln.bottom <= bottom + 1]


def _is_body_text(line: Line) -> bool:
    """A line with an amount in it: table rows above a title end the table before."""
    return any(is_amount(w.text) for w in line.words)


def _overprinted(page: Page) -> bool:
    seen: set[tuple[str, int, int]] = set()
    copies = 0
    for char in page.chars:
        key = (char["text"], round(char["x0"]), round(char["top"]))
        copies += key in seen
        seen.add(key)
    return copies > 0.05 * max(len(seen), 1)


def _column_ids(tmap: TableMap) -> list[str]:
    return [m.id for s in tmap.sides for m in s.columns]
