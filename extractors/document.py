"""A budget PDF in, its standard tables out: the page loop that locates, reads and stitches."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pdfplumber.page import Page
from pdfplumber.pdf import PDF

from budgetpdf.errors import (
    BudgetPdfError,
    NoTextLayerError,
    UnreadablePdfError,
    printable,
)
from budgetpdf.extractors.amounts import is_amount
from budgetpdf.extractors.assemble.rows import finishes_cut_name, rows_from_grid
from budgetpdf.extractors.assemble.trace import Attempt, Outcome, Reading, Trace
from budgetpdf.extractors.checks.run import run_checks
from budgetpdf.extractors.codes import resolve_scheme
from budgetpdf.extractors.engines import ENGINES, Engine, Region, RuledEngine
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.locate.text_pass import (
    has_page_objects,
    may_hold_title,
    page_texts,
    title_shaped_lines,
)
from budgetpdf.extractors.locate.titles import TitleHit, find_titles, find_unit
from budgetpdf.extractors.mapping.columns import HeaderMismatch, TableMap, map_table
from budgetpdf.extractors.pdf.layout import Line, group_lines, page_words
from budgetpdf.extractors.pdf.source import (
    PDF_READ_ERRORS,
    describe_read_error,
    open_pdf,
    sha256_of,
)
from budgetpdf.extractors.result import Column, DocumentResult, Row, Table, Warning
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.loader import SpecSet
from budgetpdf.table_specs.model import TableSpec
from budgetpdf.table_specs.vocabulary import CodeScheme, EngineChoice

# Lines between a title and its table that name the body, the unit or the table number.
_YEAR_LINE = r"^\(?\d{4}年度?\)?$|^[(（]\d{4}年度?[)）]$"
_META = re.compile(
    r"^((编制|预算|填报)?(单位|部门)(名称)?|金额单位|单位)[:：]|^(公开)?表[0-9一二三四五六七八九十]+(-\d+)?$"
    r"|" + _YEAR_LINE
)
_YEAR = re.compile(_YEAR_LINE)


@dataclass
class ExtractOptions:
    output_unit: str | None = None
    engine: str = "auto"
    password: str = ""
    # Allowed difference per rounded cell, in units of the last printed digit; None takes
    # the spec set's document_checks.yaml value.
    rounding_per_addend: Decimal | None = None
    # Read only these pages (drafting a spec from one page); None reads every page.
    pages: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if self.engine not in {e.value for e in EngineChoice}:
            names = ", ".join(e.value for e in EngineChoice)
            raise BudgetPdfError(f"unknown engine {self.engine!r}; choose one of {names}")
        if self.output_unit not in (None, "元", "万元"):
            raise BudgetPdfError(f"unknown unit {self.output_unit!r}; choose 元 or 万元")
        if self.rounding_per_addend is not None and self.rounding_per_addend < 0:
            raise BudgetPdfError("the rounding tolerance cannot be negative")


@dataclass
class Rejected:
    """A title that was not taken as a table, with the reason: what `inspect` shows."""

    page: int
    spec: str
    title: str
    reason: str


@dataclass
class _Part:
    grid: Grid
    tmap: TableMap


@dataclass
class _Pending:
    spec: TableSpec
    title: str
    unit: str | None
    parts: list[_Part] = field(default_factory=list)
    title_page: int | None = None


def _is_meta(line: Line) -> bool:
    words = line.words
    if not words or not _META.search(words[0].text):
        return False
    if _YEAR.search(words[0].text):
        # A year names the budget only alone or beside the unit ("2022年  单位：元"); a line
        # "2021年 | 2022年 | 增减变化情况" heads column groups of the table's header.
        return all(_META.search(w.text) and not _YEAR.search(w.text) for w in words[1:])
    return bool(_META.search(line.norm)) or len(words) <= 3


def _meta_stripped(lines: list[Line]) -> list[Line]:
    start = 0
    while start < len(lines) and _is_meta(lines[start]):
        start += 1
    return lines[start:]


def _engines_for(choice: str, region: Region) -> list[Engine]:
    if choice != EngineChoice.AUTO:
        return [ENGINES[EngineChoice(choice)]()]
    ruled = RuledEngine()
    words = ENGINES[EngineChoice.WORDS]()
    return [ruled, words] if ruled.has_rules(region) else [words]


def _read_region(
    spec: TableSpec, region: Region, choice: str
) -> tuple[_Part | None, list[Attempt]]:
    attempts = []
    for engine in _engines_for(spec.engine if choice == "auto" else choice, region):
        grid = engine.extract(region)
        if grid is None:
            attempts.append(
                Attempt(engine.name, None, None, "no table below the title", "no_table")
            )
            continue
        try:
            tmap = map_table(spec, grid)
        except HeaderMismatch as exc:
            attempts.append(Attempt(engine.name, grid, None, str(exc), exc.rule))
            continue
        attempts.append(Attempt(engine.name, grid, tmap))
        return _Part(grid, tmap), attempts
    return None, attempts


class _DocumentReader:
    def __init__(self, path: Path, specs: SpecSet, options: ExtractOptions, trace: Trace) -> None:
        self.path = path
        self.specs = specs
        self.options = options
        self.trace = trace
        self.pending: list[_Pending] = []
        self.rejected: list[Rejected] = []
        self.open: _Pending | None = None
        # A title printed at the foot of a page whose table starts on the next page.
        self.carry: tuple[TitleHit, int, str | None, Reading] | None = None

    def wants(self, text: str | None) -> bool:
        """Whether a page, judged by its cheap text, needs the full parse."""
        if text is None:
            return True
        return bool(text.strip()) and (
            self.open is not None
            or self.carry is not None
            or may_hold_title(text, self.specs.specs)
        )

    def skip_page(self, page_no: int, text: str | None) -> None:
        trace = self.trace.page(page_no, parsed=False)
        if self.trace.explain and text:
            trace.title_shaped = title_shaped_lines(text)
        self.open = None
        self._drop_carry()

    def _drop_carry(self) -> None:
        if self.carry is not None:
            hit, page_no, _, reading = self.carry
            self.rejected.append(
                Rejected(page_no, hit.spec.id, hit.text, "no table below the title")
            )
            reading.outcome = Outcome.REJECTED
            self.carry = None

    def read_page(self, page: Page, page_no: int) -> None:
        self.page_cache: dict = {}
        # Some producers fake bold by printing each glyph several times at one spot
        # ("表表表表表表111111"); one copy of each is the text. pdfplumber's dedupe costs about
        # as much as parsing the page, so it runs only where copies are found.
        if _overprinted(page):
            page = page.dedupe_chars(tolerance=1)
        lines = group_lines(page_words(page))
        trace = self.trace.page(page_no)
        hits = find_titles(lines, self.specs.specs, trace.notes if self.trace.explain else None)
        trace.titles = hits
        # Some producers write an inverted MediaBox ([0 595 842 0]); pdfminer then places the
        # text below the nominal page height. The content, not the box, bounds a region.
        self.page_bottom = max([page.height, *(ln.bottom + 1 for ln in lines)])
        first_top = hits[0].line.top if hits else self.page_bottom
        above = [ln for ln in lines if ln.bottom < first_top]
        if self.carry is not None:
            self._carried(page, page_no, above, first_top)
        elif self.open is not None and hits and self._repeats_open_title(hits[0], above):
            # A long table whose every page repeats its title and header: continue it.
            bottom = hits[1].line.top if len(hits) > 1 else self.page_bottom
            below = [
                ln for ln in lines if ln.top > hits[0].line.bottom - 1 and ln.bottom <= bottom + 1
            ]
            if self._continue(page, page_no, below, bottom, top=hits[0].line.bottom):
                hits = hits[1:]
        elif self.open is not None:
            self._continue(page, page_no, above, first_top)
        for i, hit in enumerate(hits):
            bottom = hits[i + 1].line.top if i + 1 < len(hits) else self.page_bottom
            self._start(page, page_no, hit, lines, bottom, last=i + 1 == len(hits))

    def _body_region(
        self,
        page: Page,
        page_no: int,
        lines: list[Line],
        top: float,
        bottom: float,
        continuation: bool = False,
    ) -> Region:
        """The region below `top` (a title's bottom, or the page top) down to `bottom`, less
        the meta lines under a title (表N, 单位：万元, 部门：…).

        It starts below the last of those lines, not at the first header text: a header
        cell's text sits mid-cell and its top rule is above it.
        """
        body = _meta_stripped(lines)
        meta = lines[: len(lines) - len(body)]
        start = (meta[-1].bottom if meta else top) + 0.5
        return Region(
            page,
            page_no,
            (0, start, page.width, bottom),
            body,
            self.path,
            self.page_cache,
            continuation,
        )

    def _start(
        self, page: Page, page_no: int, hit: TitleHit, lines: list[Line], bottom: float, last: bool
    ) -> None:
        below = [ln for ln in lines if ln.top > hit.line.bottom - 1 and ln.bottom <= bottom + 1]
        region = self._body_region(page, page_no, below, hit.line.bottom, bottom)
        meta_count = len(below) - len(region.lines)
        unit = find_unit([hit.line, *below[: meta_count + 2]]) or find_unit(below[:8])
        part, attempts = _read_region(hit.spec, region, self.options.engine)
        reading = self.trace.reading(
            page_no, hit.spec.id, hit.text, "below its title", region.bbox, attempts, unit
        )
        if part is None and last and len(region.lines) <= 2:
            # Nothing but perhaps a header line below the title: the table is on the next page.
            self.carry = (hit, page_no, unit, reading)
            reading.outcome, reading.carried = Outcome.CARRIED, True
            return
        if part is None:
            self.rejected.append(Rejected(page_no, hit.spec.id, hit.text, reading.reason))
            return
        pending = _Pending(hit.spec, hit.text.strip(), unit, [part])
        self.pending.append(pending)
        self._took(reading, pending)
        self.open = pending if last else None

    def _took(self, reading: Reading, pending: _Pending) -> None:
        reading.outcome = Outcome.TABLE
        reading.table = next(i for i, p in enumerate(self.pending) if p is pending)

    def _carried(self, page: Page, page_no: int, lines: list[Line], bottom: float) -> None:
        """Read the top of this page as the table whose title stood at the foot of the last."""
        assert self.carry is not None
        hit, title_page, unit, _ = self.carry
        region = self._body_region(page, page_no, lines, 0, bottom)
        if not region.lines:
            self._drop_carry()
            return
        part, attempts = _read_region(hit.spec, region, self.options.engine)
        unit = unit or find_unit(lines[:6])
        reading = self.trace.reading(
            page_no, hit.spec.id, hit.text, "title on the page before", region.bbox, attempts, unit
        )
        if part is None:
            self._drop_carry()
            return
        self.carry = None
        pending = _Pending(hit.spec, hit.text.strip(), unit, [part], title_page=title_page)
        self.pending.append(pending)
        self._took(reading, pending)
        self.open = pending if bottom >= self.page_bottom else None

    def _repeats_open_title(self, hit: TitleHit, above: list[Line]) -> bool:
        assert self.open is not None
        return (
            hit.spec is self.open.spec
            and normalize_text(hit.text) == normalize_text(self.open.title)
            and not any(_is_body_text(ln) for ln in above)
        )

    def _continue(
        self, page: Page, page_no: int, lines: list[Line], bottom: float, top: float = 0
    ) -> bool:
        """Stitch the top of this page (or the region below a repeated title) to the table
        left open on the page before, when its header repeats the open table's or it has no
        header and as many columns."""
        pending, self.open = self.open, None
        assert pending is not None
        region = self._body_region(page, page_no, lines, top, bottom, continuation=True)
        if not region.lines:
            return False
        previous = pending.parts[-1]
        how = "below its repeated title" if top else "continuing from the page before"
        reading = self.trace.reading(
            page_no, pending.spec.id, pending.title, how, region.bbox, [], pending.unit
        )
        reading.outcome = Outcome.NOT_CONTINUED
        for engine in _engines_for(self.options.engine, region):
            grid = engine.extract(region)
            if grid is None:
                reading.attempts.append(Attempt(engine.name, None, None, "no table", "no_table"))
                continue
            header_rows = grid.header_row_count()
            headerless = TableMap(0, previous.tmap.paths, previous.tmap.sides)
            same_columns = grid.n_cols == previous.grid.n_cols
            if header_rows == 0 and same_columns:
                tmap = headerless
            else:
                try:
                    tmap = map_table(pending.spec, grid)
                except HeaderMismatch as exc:
                    reading.attempts.append(Attempt(engine.name, grid, None, str(exc), exc.rule))
                    # Rows with no amount at the top of the page ("（十九）自然资源海洋气象等
                    # 支出" and a blank cell) look like a header but map to nothing.
                    if not same_columns:
                        continue
                    tmap = headerless
                if _column_ids(tmap) != _column_ids(previous.tmap):
                    reading.attempts.append(
                        Attempt(
                            engine.name,
                            grid,
                            None,
                            f"columns {_column_ids(tmap)} differ from the open table's "
                            f"{_column_ids(previous.tmap)}",
                            "columns_differ",
                        )
                    )
                    continue
            reading.attempts.append(Attempt(engine.name, grid, tmap))
            pending.parts.append(_Part(grid, tmap))
            self._took(reading, pending)
            self.open = pending if bottom >= self.page_bottom else None
            return True
        return False

    def finish(self, result: DocumentResult) -> None:
        self._drop_carry()
        printed = Counter(p.unit for p in self.pending if p.unit)
        fallback = printed.most_common(1)[0][0] if printed else "万元"
        for pending in self.pending:
            result.tables.append(self._table(pending, fallback, result.warnings))
        for rejected in self.rejected:
            result.warnings.append(
                Warning(
                    "title_without_table",
                    f"{rejected.title.strip()!r} looks like the title of {rejected.spec} but was not taken: {rejected.reason}",
                    rejected.page,
                    rejected.spec,
                )
            )

    def _table(self, pending: _Pending, fallback_unit: str, warnings: list[Warning]) -> Table:
        spec = pending.spec
        first = pending.parts[0]
        unit = pending.unit or fallback_unit
        if pending.unit is None:
            warnings.append(
                Warning(
                    "unit_not_printed",
                    f"{spec.id}: no 单位 line found; assumed {unit}, the document's usual unit",
                    first.grid.page,
                    spec.id,
                )
            )
        output_unit = self.options.output_unit or unit
        sides = first.tmap.sides
        scheme = resolve_scheme(spec.code_scheme, sides[0].code_header)
        has_rows = any(p.grid.n_rows > p.tmap.header_rows for p in pending.parts)
        if (
            spec.layout == "coded"
            and sides[0].code_col is None
            and not sides[0].split_cols
            and scheme is not CodeScheme.ITEM
            and has_rows
        ):
            scheme_note = "no code column: rows keyed by name"
            warnings.append(
                Warning("no_code_column", f"{spec.id}: {scheme_note}", first.grid.page, spec.id)
            )
        # Side-by-side blocks of one table (sides without a name) share their column ids.
        columns: list[Column] = []
        for side_map in sides:
            for m in side_map.columns:
                if not any(c.id == m.id and c.side == side_map.side for c in columns):
                    columns.append(Column(m.id, m.header, m.kind, side_map.side))
        rows: list[Row] = []
        for number, part in enumerate(pending.parts):
            for side in part.tmap.sides:
                previous = next((r.code for r in reversed(rows) if r.code), "")
                new = rows_from_grid(
                    part.grid,
                    part.tmap.header_rows,
                    side,
                    scheme,
                    unit,
                    output_unit,
                    warnings,
                    spec.id,
                    previous,
                )
                if number and len(part.tmap.sides) == 1 and rows and new:
                    new = _join_cut_name(pending.parts[number - 1], rows[-1], part, new)
                rows += new
        # A title printed at the foot of the page before its table belongs to the table.
        pages = sorted({p.grid.page for p in pending.parts})
        if pending.title_page is not None and pending.title_page not in pages:
            pages.insert(0, pending.title_page)
        return Table(
            spec=spec.id,
            title=pending.title,
            pages=pages,
            unit=pending.unit,
            output_unit=output_unit,
            extractor=first.grid.engine,
            code_scheme=scheme.value,
            columns=columns,
            rows=rows,
            header_rows=first.tmap.header_rows,
            bboxes={p.grid.page: p.grid.bbox for p in pending.parts},
            amount_step=_amount_step(rows),
        )


def _join_cut_name(before: _Part, last: Row, part: _Part, new: list[Row]) -> list[Row]:
    """The rows of a continuation page, less a first row that only ends the name of the
    previous page's last row (that name is completed in place)."""
    side = before.tmap.sides[0]
    cell = (
        before.grid.owner[last.grid_row][side.name_col]
        if side.name_col is not None and last.grid_row is not None and last.page == before.grid.page
        else None
    )
    wrapped = cell is not None and cell.wrapped
    if not finishes_cut_name(last, wrapped, new[0], part.tmap.header_rows):
        return new
    last.name += new[0].name
    return new[1:]


def _amount_step(rows: list[Row]) -> Decimal | None:
    """The finest printed digit among a table's amounts: "764.89" → 0.01 (exponent -2)."""
    exponents = [
        int(value.as_tuple().exponent)
        for row in rows
        for value in row.values.values()
        if value is not None and value != 0
    ]
    return Decimal(1).scaleb(min(exponents)) if exponents else None


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


@dataclass
class _PageLoop:
    """What the page loop saw besides tables: pages pdfminer parsed, could not parse, or
    read as empty although pdfium finds text on them."""

    parsed: int = 0
    unreadable: list[tuple[int, str]] = field(default_factory=list)
    misread: list[int] = field(default_factory=list)


def _read_pages(
    pdf: PDF,
    texts: list[str | None],
    reader: _DocumentReader,
    result: DocumentResult,
    only: frozenset[int] | None,
) -> _PageLoop:
    """Feed every page worth it to the reader."""
    loop = _PageLoop()
    for page_no, page in enumerate(pdf.pages, start=1):
        # pdfium and pdfminer may count the pages of a damaged page tree differently; a
        # page pdfium did not see (or could not load) is parsed rather than skipped.
        text = texts[page_no - 1] if page_no <= len(texts) else None
        if text is not None and not text.strip():
            # pdfium finds no text: a scan, a blank page, or a content stream it gave up on
            # without a word. pdfminer's look at so empty a page is cheap and tells them apart.
            text = None
        try:
            wanted = reader.wants(text) and (only is None or page_no in only)
            loop.parsed += wanted
            result.text_pages += bool(text.strip()) if text is not None else bool(page.chars)
            if wanted and text is not None and not page.chars:
                loop.misread.append(page_no)
            if wanted:
                reader.read_page(page, page_no)
            else:
                reader.skip_page(page_no, text)
        except PDF_READ_ERRORS as exc:
            # A damaged page (a content stream cut short) costs its own tables only.
            reader.skip_page(page_no, None)
            loop.unreadable.append((page_no, describe_read_error(exc)))
        finally:
            page.close()
    return loop


def _pages_list(pages: list[int]) -> str:
    """'page 5', 'pages 2, 3, 4, 5, 6 and 8 more'."""
    shown = ", ".join(map(str, pages[:5])) + (
        f" and {len(pages) - 5} more" if len(pages) > 5 else ""
    )
    return f"page {shown}" if len(pages) == 1 else f"pages {shown}"


def _extract(
    path: Path, specs: SpecSet, options: ExtractOptions, trace: Trace, rewrite_because: str = ""
) -> tuple[DocumentResult, list[int]]:
    """One read of the document; returns its result and the pages pdfminer misread."""
    with open_pdf(path, options.password, rewrite_because) as opened:
        pdf = opened.pdf
        result = DocumentResult(path=printable(path), sha256=sha256_of(path), pages=len(pdf.pages))
        if opened.repaired:
            result.warnings.append(
                Warning(
                    "repaired",
                    f"pdfminer cannot read the file as it is ({opened.repaired}); read pdfium's rewritten copy instead",
                )
            )
        # camelot reads the file itself: the rewritten copy, when the input was damaged.
        reader = _DocumentReader(opened.path, specs, options, trace)
        try:
            texts = page_texts(opened.path, options.password)
        except UnreadablePdfError:
            # pdfminer reads the file but pdfium does not: every page gets the full parse.
            texts = []
        loop = _read_pages(pdf, texts, reader, result, options.pages)
        if loop.unreadable and len(loop.unreadable) == loop.parsed:
            page_no, reason = loop.unreadable[0]
            raise UnreadablePdfError(
                f"damaged PDF: none of the {loop.parsed} pages worth reading can be parsed "
                f"(page {page_no}: {reason})",
                path,
            )
        result.warnings += [
            Warning("page_unreadable", f"page {n} cannot be parsed and was skipped: {reason}", n)
            for n, reason in loop.unreadable
        ]
        if result.text_pages == 0:
            if not has_page_objects(opened.path, options.password):
                raise UnreadablePdfError(
                    f"damaged PDF: none of its {result.pages} pages shows anything, no text, "
                    "image or drawing (page contents damaged or missing)",
                    path,
                )
            raise NoTextLayerError(
                f"no text layer on any of its {result.pages} pages (a scan?); OCR it first, e.g. with ocrmypdf",
                path,
            )
        reader.finish(result)
    return result, loop.misread


def extract_document(
    path: Path, specs: SpecSet, options: ExtractOptions | None = None, trace: Trace | None = None
) -> DocumentResult:
    """Every standard table of one PDF, normalised; raises the library's typed errors for
    files that cannot be read at all. A `trace`, when given, records every decision taken on
    the way (what `inspect` shows)."""
    options = options or ExtractOptions()
    path = Path(path)
    result, misread = _extract(path, specs, options, trace or Trace(explain=False))
    if misread:
        # pdfminer reads no characters where pdfium finds text when the byte offsets of
        # the cross-reference table are off (a file edited in place, line ends converted):
        # it lands beside the content streams without an error. pdfium's copy is exact.
        reason = f"it reads no text on {_pages_list(misread)}, where pdfium finds some"
        result, _ = _extract(
            path, specs, options, trace or Trace(explain=False), rewrite_because=reason
        )
    result.checks = run_checks(result, specs, options.rounding_per_addend)
    return result
