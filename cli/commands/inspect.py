"""`budgetpdf inspect`: what extract saw on each page, as a listing and as a picture."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import typer

from budgetpdf.cli.common import (
    PasswordOption,
    SpecsOption,
    VerboseOption,
    cli_errors,
    err,
    spec_set,
)
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.assemble.trace import Attempt, Outcome, PageTrace, Reading
from budgetpdf.extractors.document import ExtractOptions
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.inspection.image import save_png
from budgetpdf.extractors.inspection.record import (
    ColumnRole,
    Inspection,
    column_roles,
    inspect_document,
)
from budgetpdf.extractors.result import Table
from budgetpdf.table_specs.vocabulary import EngineChoice

_ROLE_TEXT = {
    "code": "key: code",
    "name": "key: name",
    "sequence": "序号, not a value",
    "unread": "empty, not read",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(1, width - _width(text))


def _page_span(pages: list[int]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"


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


def _reading(inspection: Inspection, reading: Reading) -> list[str]:
    table = inspection.table_of(reading)
    lines = []
    if table is not None and reading.table is not None:
        attempt = reading.taken
        assert attempt is not None and attempt.grid is not None and attempt.tmap is not None
        lines.append(
            f"    -> table {reading.table + 1} of {len(inspection.result.tables)}: {table.spec}, "
            f"{_page_span(table.pages)}, {_unit(reading, table)}; read {reading.how}"
        )
        lines.append(f"      {_grid_summary(attempt, attempt.grid)}")
        if attempt.tmap.header_rows == 0 and reading.how != "below its title":
            lines.append("      no header on this page: columns as on the page before")
        lines += _columns(column_roles(attempt.tmap, attempt.grid.n_cols))
        lines.append(_rows(table, reading.page))
        return lines
    verdict = {
        Outcome.CARRIED: "title at the page foot: its table is read at the top of the next page",
        Outcome.NOT_CONTINUED: f"the top of the page does not continue {reading.spec}",
        Outcome.REJECTED: f"rejected {reading.how}: no table of {reading.spec} there",
    }[reading.outcome]
    if reading.carried and reading.outcome is Outcome.REJECTED:
        verdict = f"title at the page foot; rejected: no table of {reading.spec} here or at the top of the next page"
    lines.append(f"    -> {verdict}")
    for attempt in reading.attempts:
        if not attempt.failure:
            continue
        lines.append(f"      {attempt.engine}: {attempt.failure} [{attempt.rule}]")
        if attempt.grid is not None:
            lines.append(f"        {_grid_summary(attempt, attempt.grid)}")
            paths = attempt.grid.column_paths(attempt.grid.header_row_count())
            lines.append("        header paths: " + " | ".join(p or "(none)" for p in paths))
    return lines


def _page(inspection: Inspection, trace: PageTrace) -> list[str]:
    lines = [f"page {trace.page}"]
    by_line: dict[str, list[str]] = {}
    for note in trace.notes:
        by_line.setdefault(note.text, []).append(
            f"{note.spec}: {note.reason}" if note.spec else note.reason
        )
    for text, reasons in by_line.items():
        lines.append(f"  near miss {text.strip()!r}")
        lines += [f"    {reason}" for reason in dict.fromkeys(reasons)]
    for reading in trace.readings:
        if reading.how == "below its title":
            lines.append(f"  title {reading.title!r} -> {reading.spec}")
        else:
            lines.append(f"  {reading.how}: {reading.spec} ({reading.title!r})")
        lines += _reading(inspection, reading)
    if not trace.titles and not trace.readings and not trace.notes:
        lines.append("  parsed: no title and no table continued here")
    warnings = [
        w
        for w in inspection.result.warnings
        if w.page == trace.page and w.slug != "title_without_table"
    ]
    lines += [f"  warning {w.slug}: {w.message}" for w in warnings]
    return lines


def _listing(inspection: Inspection, page: int | None) -> list[str]:
    result = inspection.result
    lines = [
        f"{inspection.path.name}: {result.pages} pages, {len(result.tables)} tables, "
        f"{len(result.warnings)} warnings (the reading `budgetpdf extract` makes)"
    ]
    skipped: list[int] = []

    def flush() -> None:
        if skipped:
            lines.append(
                f"{_page_span(skipped)}: not parsed, no line a spec's titles match (text pass)"
            )
            skipped.clear()

    for trace in inspection.pages:
        if page is not None and trace.page != page:
            continue
        if not trace.parsed and not trace.title_shaped:
            if skipped and skipped[-1] != trace.page - 1:
                flush()
            skipped.append(trace.page)
            continue
        flush()
        if not trace.parsed:
            lines.append(f"page {trace.page}: not parsed, no line a spec's titles match")
            lines += [f"  shaped like a title, no spec matches: {t!r}" for t in trace.title_shaped]
            continue
        lines += _page(inspection, trace)
    flush()
    return lines


def inspect(
    pdf: Path = typer.Argument(..., help="A budget PDF."),
    page: int | None = typer.Option(
        None, "--page", "-p", min=1, help="List only this page (1-based, as printed by extract)."
    ),
    png: Path | None = typer.Option(
        None, "--png", help="Draw what was read on --page over the rendered page into this PNG."
    ),
    engine: EngineChoice = typer.Option(
        EngineChoice.AUTO, "--engine", help="Table engine, as extract's --engine."
    ),
    specs: list[Path] | None = SpecsOption,
    password: str = PasswordOption,
    verbose: bool = VerboseOption,
) -> None:
    """Show what extract sees on each page, and why.

    Per page: the titles and near misses (with why each was rejected), the table read, its
    header paths and the spec column each maps to, the key columns, the unit. The listing
    comes from the same run as `budgetpdf extract`; --png draws it over the page. Examples:

        budgetpdf inspect report.pdf

        budgetpdf inspect report.pdf --page 9 --png page9.png
    """
    with cli_errors(verbose):
        if png is not None and page is None:
            err("error: --png draws one page; give it with --page N")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        options = ExtractOptions(engine=engine.value, password=password)
        inspection = inspect_document(pdf, spec_set(specs), options)
        if page is not None and page > inspection.result.pages:
            err(f"error: {pdf}: --page {page}, but the PDF has {inspection.result.pages} pages")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        for line in _listing(inspection, page):
            typer.echo(line)
        if png is not None and page is not None:
            save_png(inspection, page, png, password)
            typer.echo(f"wrote {png}")
