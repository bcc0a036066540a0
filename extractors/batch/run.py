"""A run over many PDFs into one output folder: which documents to read, reading them in
worker processes, reporting them in input order, and the run's combined outputs.

One run at a time holds the folder (lock.py). Each document is read and written by a worker
(workers.py) into a temp folder renamed into place (writers.py); only then does the parent
record it in the state database (state.py), so a run killed at any point leaves every
document either done and recorded, or not recorded and done again by the next run.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from budgetpdf.errors import BudgetPdfError, ExitCode, OutputError, printable
from budgetpdf.extractors.batch.lock import RunLock
from budgetpdf.extractors.batch.state import Record, RunKey, StateDB
from budgetpdf.extractors.batch.workers import Lost, WorkerPool
from budgetpdf.extractors.checks.run import summary_line
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.output.datapackage import write_datapackage
from budgetpdf.extractors.output.records_db import RECORDS_DB_NAME, write_records_db
from budgetpdf.extractors.output.writers import (
    OutputFormats,
    atomic_json,
    clean_leftovers,
    load_document,
    prepare_output,
    safe_stem,
    write_document,
    write_records,
)
from budgetpdf.extractors.pdf.source import sha256_of
from budgetpdf.extractors.result import DocumentResult
from budgetpdf.table_specs.loader import SpecSet

# Exit status of a document that failed on a bug rather than on its input, as Python's own.
INTERNAL_ERROR = 1


def tool_version() -> str:
    try:
        return metadata.version("budgetpdf")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "unknown"


def default_workers() -> int:
    """The cores this process may run on (a container's or taskset's limit included)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class BatchSettings:
    out: Path
    specs: SpecSet
    options: ExtractOptions = field(default_factory=ExtractOptions)
    formats: OutputFormats = field(default_factory=OutputFormats)
    workers: int = 1
    timeout: float | None = None
    incremental: bool = False
    allow_check_failures: bool = False

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise BudgetPdfError(f"--workers must be at least 1, not {self.workers}")
        if self.timeout is not None and self.timeout <= 0:
            raise BudgetPdfError(
                f"--timeout must be a positive number of seconds, not {self.timeout:g}"
            )

    def key(self) -> RunKey:
        settings = {
            "output_unit": self.options.output_unit,
            "engine": self.options.engine,
            "rounding_per_addend": str(self.options.rounding_per_addend),
        }
        return RunKey(self.specs.fingerprint, tool_version(), json.dumps(settings, sort_keys=True))


class Status(str, Enum):
    OK = "ok"
    NO_TABLES = "no_tables"  # read, but no standard table in it
    FAILED = "failed"
    SKIPPED = "skipped"  # incremental: unchanged since a run that read it
    DUPLICATE = "duplicate"  # incremental: the same content as an earlier input of this run


@dataclass
class DocumentOutcome:
    """What became of one input: the run reports these in input order."""

    index: int
    path: str
    name: str | None  # its folder under the output folder
    status: Status
    sha256: str | None = None
    size: int = 0
    pages: int = 0
    tables: int = 0
    rows: int = 0
    warnings: int = 0
    unreadable_pages: int = 0  # damaged pages skipped: their tables are missing
    text_pages: int = 0
    # Titles of standard tables the text names without printing them (a narrative whose
    # tables are a separate attachment), for a document without tables.
    mentioned: list[str] = field(default_factory=list)
    table_pages: list[int] = field(default_factory=list)
    checks_failed: int = 0
    checks_line: str = ""  # "checks: 57 pass, 3 rounding, 1 fail", for documents read
    seconds: float = 0.0
    reason: str = ""  # one line naming the file, for failures and skips
    exit_code: int = ExitCode.OK
    outputs: list[str] = field(default_factory=list)
    traceback: str | None = None

    @property
    def has_output(self) -> bool:
        """Whether its folder holds this content's output, for the combined outputs."""
        return self.status in (Status.OK, Status.NO_TABLES, Status.SKIPPED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.status.value,
            "file": self.path,
            "document": self.name,
            "mentioned_tables": self.mentioned,
            "sha256": self.sha256,
            "pages": self.pages,
            "tables": self.tables,
            "rows": self.rows,
            "warnings": self.warnings,
            "checks_failed": self.checks_failed,
            "seconds": round(self.seconds, 3),
            "reason": self.reason,
            "exit_code": int(self.exit_code),
        }


@dataclass(frozen=True)
class DocumentStarted:
    """A document handed to a worker."""

    index: int
    path: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"event": "start", "file": self.path, "document": self.name}


Event = DocumentStarted | DocumentOutcome


def failed_checks(result: DocumentResult) -> int:
    """How many of a document's checks failed."""
    return sum(check.status == "fail" for check in result.checks)


@dataclass(frozen=True)
class _Job:
    index: int
    path: Path
    name: str
    sha256: str | None
    size: int
    first: bool  # not the same content as an earlier input: the one the state records


@dataclass(frozen=True)
class _Work:
    """What every worker needs besides the job, bound once per worker."""

    out: Path
    specs: SpecSet
    options: ExtractOptions
    formats: OutputFormats


def mentioned_tables(result: DocumentResult, specs: SpecSet) -> list[str]:
    """The standard tables a document's text names by title but does not print, in the
    order it names them."""
    named = [w.spec for w in result.warnings if w.slug == "title_without_table" and w.spec]
    titles = {spec.id: spec.title for spec in specs.specs}
    return [titles[spec_id] for spec_id in dict.fromkeys(named) if spec_id in titles]


def _reason(path: Path, exc: BudgetPdfError) -> str:
    # An output error names the output folder; the line must name the input too.
    return exc.line() if exc.path == printable(path) else f"{printable(path)}: {exc.line()}"


def read_document(job: _Job, work: _Work) -> DocumentOutcome:
    """Read one PDF and write its folder. Runs in a worker; never raises for a bad
    document, so one document's failure is its outcome, never the batch's."""
    began = time.monotonic()
    outcome = DocumentOutcome(
        job.index, printable(job.path), job.name, Status.FAILED, job.sha256, job.size
    )
    try:
        result = extract_document(job.path, work.specs, work.options)
        outcome.outputs = write_document(result, work.out, job.name, work.formats)
    except BudgetPdfError as exc:
        outcome.reason, outcome.exit_code = _reason(job.path, exc), exc.exit_code
    except Exception as exc:  # noqa: BLE001 - a bug met on one document is that document's failure; the traceback goes with it
        outcome.reason = f"{printable(job.path)}: internal error: {type(exc).__name__}: {exc}"
        outcome.exit_code = INTERNAL_ERROR
        outcome.traceback = traceback.format_exc()
    else:
        outcome.status = Status.OK if result.tables else Status.NO_TABLES
        outcome.exit_code = ExitCode.OK if result.tables else ExitCode.NO_TABLES
        outcome.pages = result.pages
        outcome.tables = len(result.tables)
        outcome.rows = sum(len(t.rows) for t in result.tables)
        outcome.warnings = len(result.warnings)
        outcome.unreadable_pages = sum(w.slug == "page_unreadable" for w in result.warnings)
        outcome.text_pages = result.text_pages
        if not result.tables:
            outcome.mentioned = mentioned_tables(result, work.specs)
        outcome.table_pages = sorted({p for t in result.tables for p in t.pages})
        outcome.checks_failed = failed_checks(result)
        outcome.checks_line = summary_line(result.checks)
    outcome.seconds = time.monotonic() - began
    return outcome


@dataclass
class RunSummary:
    settings: BatchSettings
    started: datetime
    seconds: float
    outcomes: list[DocumentOutcome]
    path: Path | None = None  # the run-<timestamp>.json it was written to

    def count(self, *statuses: Status) -> int:
        return sum(o.status in statuses for o in self.outcomes)

    @property
    def read(self) -> list[DocumentOutcome]:
        return [o for o in self.outcomes if o.status in (Status.OK, Status.NO_TABLES)]

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.read)

    @property
    def tables(self) -> int:
        return sum(o.tables for o in self.read)

    @property
    def checks_failed(self) -> int:
        """Documents read in this run with at least one failed check."""
        return sum(o.checks_failed > 0 for o in self.read)

    @property
    def exit_code(self) -> int:
        codes = [o.exit_code for o in self.outcomes if o.exit_code != ExitCode.OK]
        if codes and len(self.outcomes) == 1:
            return codes[0]
        # A scan or a narrative without its tables is not a failed read: a batch of such
        # and good documents says so with their own code, not with "some failed".
        tableless = (ExitCode.NO_TEXT_LAYER, ExitCode.NO_TABLES)
        if any(code not in tableless for code in codes):
            return ExitCode.PARTIAL_FAILURE
        if codes:
            return min(codes)
        if self.checks_failed and not self.settings.allow_check_failures:
            return ExitCode.CHECKS_FAILED
        return ExitCode.OK

    def to_dict(self) -> dict[str, Any]:
        settings = self.settings
        key = settings.key()
        return {
            "started": self.started.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "output": str(settings.out),
            "workers": settings.workers,
            "timeout": settings.timeout,
            "incremental": settings.incremental,
            "formats": sorted(settings.formats.names),
            "tool_version": key.tool_version,
            "spec_fingerprint": key.spec_fingerprint,
            "documents": {
                "total": len(self.outcomes),
                "read": len(self.read),
                "ok": self.count(Status.OK),
                "no_tables": self.count(Status.NO_TABLES),
                "failed": self.count(Status.FAILED),
                "skipped": self.count(Status.SKIPPED, Status.DUPLICATE),
                "checks_failed": self.checks_failed,
            },
            "pages": self.pages,
            "tables": self.tables,
            "pages_per_second": round(self.pages / self.seconds, 2) if self.seconds else None,
            "exit_code": int(self.exit_code),
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


@dataclass
class _Input:
    index: int
    path: Path
    key: str  # absolute path, as the state database records it
    sha256: str | None
    size: int
    first: bool = True  # not the same content as an earlier input of this run


def _unique(stem: str, taken: set[str]) -> str:
    """reports/a/x.pdf and reports/b/x.pdf in one run go to out/x and out/x-2."""
    name, number = stem, 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}"
    return name


def _path_key(path: Path) -> str:
    return printable(path.resolve())


def _identify(index: int, path: Path) -> _Input:
    key = _path_key(path)
    try:
        if path.is_file():
            return _Input(index, path, key, sha256_of(path), path.stat().st_size)
    except OSError:
        pass  # unreadable: the worker reports why, in the document's own failure line
    return _Input(index, path, key, None, 0)


def _folder_names(
    inputs: list[_Input], owned: dict[str, str], by_path: dict[str, str], duplicates: bool
) -> dict[int, str]:
    """Each input's output folder, from what the state database says: `owned` (sha256 →
    folder) and `by_path` (path → folder of the content last seen there). Repeated content
    gets no folder unless `duplicates` (a plain run reads each copy)."""
    owner = {name: sha for sha, name in owned.items()}
    in_run = {item.sha256 for item in inputs}
    names: dict[int, str] = {}
    # A document read before keeps its folder, under whatever name or path it comes now.
    for item in inputs:
        if item.first and item.sha256 in owned:
            names[item.index] = owned[item.sha256]
    # A changed file takes over the folder of the content last seen at its path.
    taken = set(names.values())
    for item in inputs:
        previous = by_path.get(item.key)
        if (
            item.first
            and item.index not in names
            and previous is not None
            and previous not in taken
            and owner.get(previous) not in in_run
        ):
            names[item.index] = previous
            taken.add(previous)
    # Others get a new folder, never one that holds another document's output.
    reserved = taken | set(owned.values())
    for item in inputs:
        if item.index not in names and (item.first or duplicates):
            names[item.index] = _unique(safe_stem(item.path.stem), reserved)
            reserved.add(names[item.index])
    return names


class BatchRun:
    """One run into one output folder; a context manager that holds the folder's lock.

    with BatchRun(settings) as run:
        for outcome in run.run(paths):   # in input order
            ...
        summary = run.finish()
    """

    def __init__(self, settings: BatchSettings) -> None:
        self.settings = settings
        self.out = settings.out
        self.lock = RunLock(settings.out)
        self.state: StateDB | None = None
        self.outcomes: list[DocumentOutcome] = []
        self.started = datetime.now(timezone.utc)
        self._began = time.monotonic()

    def __enter__(self) -> BatchRun:
        prepare_output(self.out)
        self.lock.acquire()
        try:
            # Holding the lock, nothing else writes here: temp files are a killed run's.
            clean_leftovers(self.out)
            self.state = StateDB(self.out)
        except BaseException:
            self.lock.release()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.state is not None:
            self.state.close()
        self.lock.release()

    def _plan(self, paths: Sequence[Path]) -> list[_Job | DocumentOutcome]:
        """Give each input its output folder, and decide which need no reading."""
        assert self.state is not None
        inputs = [_identify(i, p) for i, p in enumerate(paths)]
        first: dict[str, _Input] = {}
        for item in inputs:
            if item.sha256 is not None:
                item.first = first.setdefault(item.sha256, item) is item
        names = _folder_names(
            inputs,
            self.state.names(),
            self.state.names_by_path(),
            duplicates=not self.settings.incremental,
        )
        plan: list[_Job | DocumentOutcome] = []
        for item in inputs:
            if item.index not in names:
                assert item.sha256 is not None
                reason = f"{printable(item.path)}: the same content as {printable(first[item.sha256].path)}, read once"
                plan.append(
                    DocumentOutcome(
                        item.index,
                        printable(item.path),
                        None,
                        Status.DUPLICATE,
                        item.sha256,
                        item.size,
                        reason=reason,
                    )
                )
                continue
            name = names[item.index]
            job = _Job(item.index, item.path, name, item.sha256, item.size, item.first)
            plan.append(self._skip(item, name) or job)
        return plan

    def _skip(self, item: _Input, name: str) -> DocumentOutcome | None:
        """The outcome of an unchanged document an incremental run need not read again."""
        assert self.state is not None
        if not self.settings.incremental or item.sha256 is None:
            return None
        row = self.state.get(item.sha256)
        if (
            row is None
            or row.name != name
            or not row.reusable(self.settings.key(), self.settings.formats.per_document)
            or not (self.out / name / "document.json").is_file()
        ):
            return None
        self.state.saw(item.key, item.sha256)
        return DocumentOutcome(
            item.index,
            printable(item.path),
            name,
            Status.SKIPPED,
            item.sha256,
            item.size,
            pages=row.pages,
            tables=row.tables,
            checks_failed=row.checks_failed,
            reason=f"{printable(item.path)}: unchanged since {row.updated}",
            outputs=row.outputs,
        )

    def _execute(
        self, jobs: list[_Job], on_event: Callable[[Event], None]
    ) -> Iterator[DocumentOutcome]:
        settings = self.settings
        work = _Work(self.out, settings.specs, settings.options, settings.formats)

        def started(job: _Job) -> None:
            on_event(DocumentStarted(job.index, printable(job.path), job.name))

        if settings.timeout is None and (settings.workers == 1 or len(jobs) <= 1):
            # Nothing to run beside it and no deadline to enforce: no process to start.
            for job in jobs:
                started(job)
                yield read_document(job, work)
            return
        pool = WorkerPool(partial(read_document, work=work), settings.workers, settings.timeout)
        for job, result in pool.run(jobs, on_start=started):
            if isinstance(result, Lost):
                # The worker is dead: whatever it was writing is debris now.
                clean_leftovers(self.out, job.name)
                yield DocumentOutcome(
                    job.index,
                    printable(job.path),
                    job.name,
                    Status.FAILED,
                    job.sha256,
                    job.size,
                    reason=f"{printable(job.path)}: {result.reason}; the other documents went on",
                    exit_code=ExitCode.WORKER_STOPPED,
                    seconds=(settings.timeout or 0.0) if result.timed_out else 0.0,
                )
            else:
                yield result

    def _record(self, outcome: DocumentOutcome, first: bool) -> None:
        assert self.state is not None
        if outcome.sha256 is None or not first:
            return
        self.state.record(
            Record(
                sha256=outcome.sha256,
                size=outcome.size,
                path=_path_key(Path(outcome.path)),
                status=outcome.status.value,
                name=outcome.name if outcome.has_output else None,
                outputs=outcome.outputs,
                formats=self.settings.formats.per_document,
                pages=outcome.pages,
                tables=outcome.tables,
                checks_failed=outcome.checks_failed,
                reason=outcome.reason,
                seconds=outcome.seconds,
            ),
            self.settings.key(),
        )

    def run(
        self, paths: Sequence[Path], on_event: Callable[[Event], None] | None = None
    ) -> Iterator[DocumentOutcome]:
        """Read every input that needs it; yield every input's outcome in input order.
        `on_event` hears of each start and finish as it happens (progress, logs)."""
        emit = on_event or (lambda event: None)
        plan = self._plan(paths)
        jobs = [p for p in plan if isinstance(p, _Job)]
        firsts = {j.index for j in jobs if j.first}
        waiting: dict[int, DocumentOutcome] = {}
        for item in plan:
            if isinstance(item, DocumentOutcome):
                emit(item)
                waiting[item.index] = item
        next_index = 0

        def in_order() -> Iterator[DocumentOutcome]:
            nonlocal next_index
            while next_index in waiting:
                outcome = waiting.pop(next_index)
                self.outcomes.append(outcome)
                next_index += 1
                yield outcome

        yield from in_order()
        for outcome in self._execute(jobs, emit):
            # The worker renamed the folder into place before returning: safe to record.
            self._record(outcome, outcome.index in firsts)
            emit(outcome)
            waiting[outcome.index] = outcome
            yield from in_order()

    def _documents(self) -> Iterable[tuple[str, dict[str, Any]]]:
        for outcome in self.outcomes:
            if outcome.has_output and outcome.name is not None:
                try:
                    yield outcome.name, load_document(self.out / outcome.name)
                except (OSError, ValueError) as exc:
                    raise OutputError(
                        f"cannot read it back for the combined outputs: {exc}",
                        self.out / outcome.name / "document.json",
                    ) from exc

    def finish(self) -> RunSummary:
        """Write the combined outputs over every document of the run (read now or skipped
        as unchanged) and the run summary; return the summary."""
        formats = self.settings.formats
        if any(o.has_output for o in self.outcomes):
            if "csv" in formats:
                write_records(self._documents(), self.out / "records.csv")
                write_datapackage(self.out, self._documents())
            if "sqlite" in formats:
                write_records_db(self._documents(), self.out / RECORDS_DB_NAME)
        summary = RunSummary(
            self.settings, self.started, time.monotonic() - self._began, list(self.outcomes)
        )
        summary.path = self._summary_path()
        atomic_json(summary.path, summary.to_dict())
        return summary

    def _summary_path(self) -> Path:
        stamp = self.started.strftime("%Y%m%dT%H%M%SZ")
        path, number = self.out / f"run-{stamp}.json", 1
        while path.exists():
            number += 1
            path = self.out / f"run-{stamp}-{number}.json"
        return path
