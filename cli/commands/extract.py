"""`budgetpdf extract`: PDFs in, document.json + one CSV per table + records.csv out, over
one file or thousands (parallel, incremental, locked; see extractors/batch/)."""

from __future__ import annotations

import sys
from decimal import Decimal
from enum import Enum
from pathlib import Path

import typer

from budgetpdf.cli.common import (
    AllowCheckFailuresOption,
    SpecsOption,
    ToleranceOption,
    VerboseOption,
    cli_errors,
    err,
    spec_set,
)
from budgetpdf.cli.progress import RunDisplay
from budgetpdf.errors import ExitCode, printable
from budgetpdf.extractors.batch.executor import Executor, LocalExecutor
from budgetpdf.extractors.batch.inputs import find_pdfs, paths_from_lines
from budgetpdf.extractors.batch.outcomes import DocumentOutcome, RunSummary, Status
from budgetpdf.extractors.batch.run import BatchRun
from budgetpdf.extractors.batch.settings import BatchSettings, default_workers
from budgetpdf.extractors.document import ExtractOptions
from budgetpdf.extractors.output.writers import OutputFormats
from budgetpdf.table_specs.vocabulary import EngineChoice, LayoutChoice, OcrChoice


class Unit(str, Enum):
    yuan = "元"
    wanyuan = "万元"


class ExecutorChoice(str, Enum):
    local = "local"
    dask = "dask"


class LogFormat(str, Enum):
    text = "text"
    json = "json"


def _pages(pages: list[int]) -> str:
    if not pages:
        return "-"
    return f"{min(pages)}-{max(pages)}" if len(pages) > 1 else str(pages[0])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _damage_note(outcome: DocumentOutcome) -> str:
    """', 1 page unreadable' when pages were skipped: their tables are missing."""
    unreadable = outcome.unreadable_pages
    return f", {_plural(unreadable, 'page')} unreadable" if unreadable else ""


def _no_tables(outcome: DocumentOutcome) -> str:
    if not outcome.mentioned:
        return (
            f"no standard tables and no table titles in {_plural(outcome.pages, 'page')} "
            "(a narrative without its tables, or not a budget document)"
        )
    named = "、".join(outcome.mentioned[:3]) + ("…" if len(outcome.mentioned) > 3 else "")
    return (
        f"narrative only: its {_plural(outcome.pages, 'page')} name {len(outcome.mentioned)} standard "
        f"tables ({named}) but print none; the tables are probably a separate attachment"
    )


def _named(outcome: DocumentOutcome) -> str:
    """'深圳市公安局 2026 预算 (2026年深圳市公安局部门预算.pdf)', or the file name alone when the
    document does not say whose budget it is."""
    name = printable(Path(outcome.path).name)
    identity = outcome.identity
    return f"{identity} ({name})" if identity else name


def _line(outcome: DocumentOutcome) -> str:
    name = _named(outcome)
    if outcome.status is Status.NO_TABLES:
        textless = outcome.pages - outcome.text_pages
        scans = (
            f"; {textless} of {outcome.pages} pages have no text (scanned tables? OCR them first)"
            if textless
            else ""
        )
        return f"NONE {name}: {_no_tables(outcome)}{scans}{_damage_note(outcome)}"
    if outcome.status in (Status.SKIPPED, Status.DUPLICATE):
        return f"skip {outcome.reason}"
    return (
        f"ok  {name}: {outcome.tables} tables{_unmatched(outcome)} on pages {_pages(outcome.table_pages)} "
        f"of {outcome.pages}, {outcome.rows} rows, "
        f"{outcome.warnings} warnings{_damage_note(outcome)}, {outcome.checks_line} "
        f"({outcome.seconds:.1f} s)"
    )


def _unmatched(outcome: DocumentOutcome) -> str:
    count = outcome.unmatched_tables
    return f" ({count} fitting no spec, written as other)" if count else ""


def _total(summary: RunSummary) -> str:
    skipped, copies = summary.count(Status.SKIPPED), summary.count(Status.DUPLICATE)
    return (
        f"total: {summary.total} documents, {summary.read} read, "
        f"{summary.count(Status.FAILED)} failed, "
        + (f"{skipped} skipped as unchanged, " if skipped else "")
        + (f"{copies} skipped as copies, " if copies else "")
        + (f"{summary.checks_failed} with failed checks, " if summary.checks_failed else "")
        + f"{summary.tables} tables, {summary.pages} pages in {summary.seconds:.1f} s "
        + _where(summary)
        + f"-> {printable(summary.settings.out)}"
    )


def _where(summary: RunSummary) -> str:
    """'on dask tcp://10.0.0.5:8786 (8 workers) ' for a run not on this machine's pool."""
    executor = summary.executor
    if executor.get("name", "local") == "local":
        return ""
    workers = executor.get("workers")
    count = f" ({_plural(workers, 'worker')})" if workers is not None else ""
    return f"on {executor['name']} {executor.get('scheduler') or ''}{count} "


def _executor(
    choice: ExecutorChoice | None, scheduler: str | None, workers: int, timeout: float | None
) -> Executor:
    """Dask when asked, or when a scheduler is named (--scheduler, BUDGETPDF_SCHEDULER)
    and not --executor local; otherwise this machine's worker processes."""
    if choice is ExecutorChoice.local or (choice is None and not scheduler):
        return LocalExecutor(workers, timeout)
    # Imported only for a Dask run: it names the missing extra itself.
    from budgetpdf.extractors.batch.dask_executor import DaskExecutor

    return DaskExecutor(scheduler or None, workers=workers, timeout=timeout)


def _inputs(inputs: list[Path], recursive: bool) -> list[Path]:
    listed: list[Path] = []
    for item in inputs:
        listed += paths_from_lines(sys.stdin) if str(item) == "-" else [item]
    return find_pdfs(listed, recursive)


def extract(
    inputs: list[Path] = typer.Argument(
        ...,
        help="PDF files, folders of PDFs, or - to read a list of files (one a line) from stdin.",
    ),
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Output folder."),
    unit: Unit | None = typer.Option(
        None, "--unit", help="Convert every amount to 元 or 万元 (exact)."
    ),
    engine: EngineChoice = typer.Option(EngineChoice.AUTO, "--engine", help="Table engine."),
    layout: LayoutChoice = typer.Option(
        LayoutChoice.PDFIUM,
        "--layout",
        help="Library that lays pages out: pdfium (fast) or pdfminer (the reference); "
        "the tables are the same.",
    ),
    ocr: OcrChoice = typer.Option(
        OcrChoice.AUTO,
        "--ocr",
        help="Read pages by OCR (needs budgetpdf[ocr]): auto, the pages without a text layer "
        "(scans); always, every page; never.",
    ),
    specs: list[Path] | None = SpecsOption,
    password: str = typer.Option("", "--password", help="User password of encrypted PDFs."),
    recursive: bool = typer.Option(
        False, "--recursive", "-r", help="Also read PDFs in the subfolders of folders."
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-w",
        min=1,
        help="Documents read at once, each in its own process (default: the number of "
        "cores); with --executor dask and no --scheduler, the local cluster's workers.",
    ),
    executor: ExecutorChoice | None = typer.Option(
        None,
        "--executor",
        help="Where documents are read: local (this machine's processes) or dask (a Dask "
        "cluster: --scheduler's, or one started on this machine); default: dask when a "
        "scheduler is named, else local. Dask needs `pip install 'budgetpdf[dask]'`.",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        envvar="BUDGETPDF_SCHEDULER",
        help="Address of the Dask scheduler (tcp://host:8786) that reads the documents; "
        "only this machine writes the output folder.",
    ),
    timeout: float | None = typer.Option(
        None,
        "--timeout",
        min=0.001,
        help="Stop a document after this many seconds and go on with the others "
        "(its process is killed; the document counts as failed).",
    ),
    incremental: bool = typer.Option(
        False,
        "--incremental",
        help="Skip documents read before into this output folder and unchanged since "
        "(same content, specs, options and tool version); read new, changed and failed ones.",
    ),
    formats: str = typer.Option(
        "json,csv",
        "--format",
        help="Comma-separated outputs: json (OUT/<pdf stem>/document.json, always written), "
        "csv (a CSV per table, OUT/records.csv, OUT/datapackage.json), xlsx (a workbook per "
        "document), sqlite (OUT/records.sqlite, all records).",
    ),
    db: Path | None = typer.Option(
        None,
        "--db",
        help="Also add every document to this SQLite database, which grows run after run: "
        "keyed by organization, year and kind, a re-published version supersedes the "
        "earlier one, an unchanged file is not added twice (datasette metadata beside it).",
    ),
    log_format: LogFormat = typer.Option(
        LogFormat.text,
        "--log-format",
        help="text: failures as lines and a progress bar on a terminal; json: one JSON "
        "object per line on stderr for every document event.",
    ),
    tolerance: Decimal | None = ToleranceOption,
    allow_check_failures: bool = AllowCheckFailuresOption,
    verbose: bool = VerboseOption,
) -> None:
    """Extract every standard table of each PDF.

    Writes OUT/<pdf stem>/document.json, OUT/<pdf stem>/<spec id>.csv for each table and
    OUT/records.csv (one line per value, all documents), and a run summary
    OUT/run-<UTC time>.json. Checks the arithmetic of every table and exits 8 when a
    check fails. Examples:

        budgetpdf extract 2026年XX局部门预算.pdf reports/ -o out/ --unit 万元

        budgetpdf extract reports/ -o out/ --recursive --incremental --workers 4
    """
    with cli_errors(verbose):
        settings = BatchSettings(
            out=output,
            specs=spec_set(specs),
            options=ExtractOptions(
                output_unit=unit.value if unit else None,
                engine=engine.value,
                layout=layout.value,
                ocr=ocr.value,
                password=password,
                rounding_per_addend=tolerance,
            ),
            formats=OutputFormats.parse(formats),
            workers=workers or default_workers(),
            timeout=timeout,
            incremental=incremental,
            allow_check_failures=allow_check_failures,
            db=db,
        )
        pdfs = _inputs(inputs, recursive)
        if not pdfs:
            err("error: no PDF files among the inputs")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        display = RunDisplay(len(pdfs), log_format.value, verbose)
        chosen = _executor(executor, scheduler, settings.workers, timeout)
        with BatchRun(settings, chosen) as run, display:
            for outcome in run.run(pdfs, display):
                if outcome.status is not Status.FAILED and (
                    verbose or outcome.status not in (Status.SKIPPED, Status.DUPLICATE)
                ):
                    display.echo(_line(outcome))
            summary = run.finish()
        display.summary(summary)
        typer.echo(_total(summary))
        failing = list(summary.failing()) if summary.checks_failed else []
        if failing and not allow_check_failures:
            err(
                f"checks failed in {len(failing)} document(s): {', '.join(failing)} "
                f"(see `budgetpdf check {output}`)"
            )
        if summary.exit_code:
            raise typer.Exit(int(summary.exit_code))
