"""The `inspect` listing: an extraction run's trace laid out page by page as lines of text.

In: an Inspection (the result and the trace of one run). Out: the lines, top to bottom —
the document's identity with where each field was read, then per page the near-miss titles with why each was rejected, each title and the spec it went
to, the table read (engine, grid, unit, header paths and the spec column each maps to) or
why no table was taken, and the page's warnings. Nothing here prints.
"""

from __future__ import annotations

import unicodedata

from budgetpdf.extractors.assemble.trace import Attempt, Outcome, PageTrace, Reading
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.identity.model import IDENTITY_FIELDS, DocumentIdentity
from budgetpdf.extractors.inspection.record import ColumnRole, Inspection, column_roles
from budgetpdf.extractors.notices import NoticeKind
from budgetpdf.extractors.result import Table

_ROLE_TEXT = {
    "code": "key: code",
    "name": "key: name",
    "sequence": "序号, not a value",
    "unread": "empty, not read",
}


def listing(inspection: Inspection, page: int | None = None) -> list[str]:
    """The listing of every page, or of one page; runs of pages the text pass skipped (no
    line shaped like a title) take one line between them."""
    result = inspection.result
    lines = [
        f"{inspection.path.name}: {result.pages} pages, {len(result.tables)} tables, "
        f"{len(result.warnings)} warnings (the reading `budgetpdf extract` makes)"
    ]
    if page is None:
        lines += _identity(result.identity)
    skipped: list[int] = []
    for trace in inspection.pages:
        if page is not None and trace.page != page:
            continue
        quiet = not trace.parsed and not trace.title_shaped
        if skipped and (not quiet or skipped[-1] != trace.page - 1):
            lines.append(_not_parsed(skipped))
            skipped = []
        if quiet:
            skipped.append(trace.page)
        else:
            lines += _page(inspection, trace)
    if skipped:
        lines.append(_not_parsed(skipped))
    return lines


def _identity(identity: DocumentIdentity) -> list[str]:
    """Whose budget, which year, each field with where it was read ('not stated' else)."""
    data = identity.to_dict()
    lines = []
    for name in IDENTITY_FIELDS:
        evidence = identity.evidence.get(name)
        if evidence is None:
            lines.append(f"  {name}: not stated")
            continue
        where = f"p.{evidence.page} " if evidence.page is not None else ""
        lines.append(f"  {name}: {data[name]} ({evidence.source}, {where}{evidence.text!r})")
    return lines


def _not_parsed(pages: list[int]) -> str:
    return f"{_page_span(pages)}: not parsed, no line a spec's titles match (text pass)"


def _page(inspection: Inspection, trace: PageTrace) -> list[str]:
    if not trace.parsed:
        # The text pass skipped it, though some line looks like a title: say which.
        return [
            f"page {trace.page}: not parsed, no line a spec's titles match",
            *(f"  shaped like a title, no spec matches: {t!r}" for t in trace.title_shaped),
        ]
    lines = [f"page {trace.page}", *_near_misses(trace)]
    for reading in trace.readings:
        if reading.how == "below its title":
            lines.append(f"  title {reading.title!r} -> {reading.spec}")
        else:
            lines.append(f"  {reading.how}: {reading.spec} ({reading.title!r})")
        lines += _reading(inspection, reading)
    if not trace.titles and not trace.readings and not trace.notes:
        lines.append("  parsed: no title and no table continued here")
    # A title without a table is shown with its reading above; other warnings are not.
    lines += [
        f"  warning {w.slug}: {w.message}"
        for w in inspection.result.warnings
        if w.page == trace.page and w.kind is not NoticeKind.TITLE_WITHOUT_TABLE
    ]
    return lines


def _near_misses(trace: PageTrace) -> list[str]:
    """Each line that nearly made a title, once, with every distinct reason against it."""
    by_line: dict[str, list[str]] = {}
    for note in trace.notes:
        by_line.setdefault(note.text, []).append(
            f"{note.spec}: {note.reason}" if note.spec else note.reason
        )
    lines = []
    for text, reasons in by_line.items():
        lines.append(f"  near miss {text.strip()!r}")
        lines += [f"    {reason}" for reason in dict.fromkeys(reasons)]
    return lines


def _reading(inspection: Inspection, reading: Reading) -> list[str]:
    table = inspection.table_of(reading)
    if table is not None and reading.table is not None:
        return _table_read(inspection, reading, table)
    return _no_table(reading)


def _table_read(inspection: Inspection, reading: Reading, table: Table) -> list[str]:
    """A reading that became (part of) a table: which one, its grid, columns and rows."""
    attempt = reading.taken
    assert reading.table is not None
    lines = [
        f"    -> table {reading.table + 1} of {len(inspection.result.tables)}: {table.spec}, "
        f"{_page_span(table.pages)}, {_unit(reading, table)}; read {reading.how}",
    ]
    if attempt is None:
        # A page that continues the table's ruling with nothing in it: no grid was read.
        return lines
    assert attempt.grid is not None and attempt.tmap is not None
    lines.append(f"      {_grid_summary(attempt, attempt.grid)}")
    if attempt.tmap.header_rows == 0 and reading.how != "below its title":
        lines.append("      no header on this page: columns as on the page before")
    lines += _columns(column_roles(attempt.tmap, attempt.grid.n_cols))
    lines.append(_rows(table, reading.page))
    return lines


def _no_table(reading: Reading) -> list[str]:
    """A reading that became no table: the verdict, and each engine's failed attempt with the
    grid it read and that grid's header paths."""
    verdict = {
        Outcome.CARRIED: "title at the page foot: its table is read at the top of the next page",
        Outcome.NOT_CONTINUED: f"the top of the page does not continue {reading.spec}",
        Outcome.REJECTED: f"rejected {reading.how}: no table of {reading.spec} there",
    }[reading.outcome]
    if reading.carried and reading.outcome is Outcome.REJECTED:
        verdict = f"title at the page foot; rejected: no table of {reading.spec} here or at the top of the next page"
    lines = [f"    -> {verdict}"]
    for attempt in reading.attempts:
        if not attempt.failure:
            continue
        lines.append(f"      {attempt.engine}: {attempt.failure} [{attempt.rule}]")
        if attempt.grid is not None:
            lines.append(f"        {_grid_summary(attempt, attempt.grid)}")
            paths = attempt.grid.column_paths(attempt.grid.header_row_count())
            lines.append("        header paths: " + " | ".join(p or "(none)" for p in paths))
    return lines


def _grid_summary(attempt: Attempt, grid: Grid) -> str:
    header_rows = attempt.tmap.header_rows if attempt.tmap else grid.header_row_count()
    box = ", ".join(f"{v:.0f}" for v in grid.bbox)
    return (
        f"{attempt.engine}: {grid.n_rows} rows x {grid.n_cols} columns, "
        f"{header_rows} header row{'s' if header_rows != 1 else ''}, box ({box})"
    )


def _columns(roles: list[ColumnRole]) -> list[str]:
    width = max((_width(r.path) for r in roles), default=0) + 2
    return [
        f"      c{r.index + 1:<3}{_pad(r.path or '(no header)', width)}{_role(r)}" for r in roles
    ]


def _role(role: ColumnRole) -> str:
    side = f" ({role.side})" if role.side else ""
    if role.part:
        return f"key: code, {role.part} part{side}"
    if role.role in _ROLE_TEXT:
        return _ROLE_TEXT[role.role] + side
    if role.role == "unmapped":
        return f"{role.column_id}: unmapped, no spec column names this header{side}"
    kind = " (text)" if role.role == "text" else ""
    return f"{role.column_id}{kind}{side}"


def _rows(table: Table, page: int) -> str:
    rows = [r for r in table.rows if r.page == page]
    codes = [r.code for r in rows if r.code]
    if not codes:
        return f"      rows: {len(rows)}, keyed by name"
    return f"      rows: {len(rows)}, codes {codes[0]} … {codes[-1]}"


def _unit(reading: Reading, table: Table) -> str:
    if reading.unit:
        return f"unit {reading.unit} (printed)"
    if table.unit:
        return f"unit {table.unit} (printed on the table's first page)"
    return f"no unit printed: {table.output_unit} assumed"


def _page_span(pages: list[int]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"


def _width(text: str) -> int:
    """Columns the text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(1, width - _width(text))
