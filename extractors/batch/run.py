"""A run over many PDFs into one output folder: the inputs planned (plan.py), read by an
executor (executor.py: this machine's worker processes, or a Dask cluster) and reported in
input order, each document's result
added to the run's combined outputs as it is reported (output/combined.py), which are put
in place with the run's summary at the end.

One run at a time holds the folder (lock.py). Each document is written into a temp folder
renamed into place (output/writers.py; by a worker process, or here for a document read on
another machine); only then does this process record it in the state database (state.py), so a run killed at any point leaves every document
either done and recorded, or not recorded and done again by the next run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path

from budgetpdf.errors import OutputError, printable
from budgetpdf.extractors.batch.executor import Executor, LocalExecutor
from budgetpdf.extractors.batch.lock import RunLock
from budgetpdf.extractors.batch.outcomes import (
    DocumentOutcome,
    DocumentStarted,
    Event,
    OutcomeLog,
    RunSummary,
    RunTally,
)
from budgetpdf.extractors.batch.plan import path_key, plan_run
from budgetpdf.extractors.batch.read import Job, JobContext, Reading
from budgetpdf.extractors.batch.settings import BatchSettings
from budgetpdf.extractors.batch.state import Record, StateDB
from budgetpdf.extractors.output.budget_db import BudgetDb
from budgetpdf.extractors.output.combined import CombinedOutputs
from budgetpdf.extractors.output.writers import atomic_file, clean_leftovers, prepare_output
from budgetpdf.extractors.output.writers import read_document as read_back
from budgetpdf.extractors.result import DocumentResult


class _InputOrder:
    """Holds documents that finished early until every input before them is reported.

    Behind one slow document thousands may finish (a cluster's worth); past `keep` results
    held, the others' results are let go, and the combined outputs read them back from
    their folders when their turn comes, so memory stays flat whatever the wait."""

    def __init__(self, keep: int = 256) -> None:
        self._waiting: dict[int, Reading] = {}
        self._next = 0
        self._keep = keep
        self._held = 0

    def put(self, reading: Reading) -> None:
        if reading.result is not None:
            if self._held >= self._keep and reading.outcome.index != self._next:
                reading.result = None
            else:
                self._held += 1
        self._waiting[reading.outcome.index] = reading

    def ready(self) -> Iterator[Reading]:
        while self._next in self._waiting:
            reading = self._waiting.pop(self._next)
            self._next += 1
            self._held -= reading.result is not None
            yield reading


class BatchRun:
    """One run into one output folder; a context manager that holds the folder's lock.

    with BatchRun(settings) as run:
        for outcome in run.run(paths):   # in input order
            ...
        summary = run.finish()

    `executor` reads the documents: by default this machine's worker processes, as many
    as settings.workers.
    """

    def __init__(self, settings: BatchSettings, executor: Executor | None = None) -> None:
        self.settings = settings
        self.executor = executor or LocalExecutor(settings.workers, settings.timeout)
        self.out = settings.out
        self.lock = RunLock(settings.out)
        self.state: StateDB | None = None
        # Counts for the closing lines, each outcome spilled to disk for the run record:
        # memory stays flat in the number of inputs.
        self.tally = RunTally()
        self.outcomes: OutcomeLog | None = None
        self.combined = CombinedOutputs(settings.out, settings.formats)
        self.db: BudgetDb | None = None
        self._db_error: OutputError | None = None
        self.started = datetime.now(timezone.utc)
        self._began = time.monotonic()
        self._finished = False

    def __enter__(self) -> BatchRun:
        # First, before the output folder is touched: a run that cannot read does nothing.
        self.executor.start()
        try:
            prepare_output(self.out)
            self.lock.acquire()
        except BaseException:
            self.executor.close()
            raise
        try:
            # Holding the lock, nothing else writes here: temp files are a killed run's.
            clean_leftovers(self.out)
            self.state = StateDB(self.out)
            self.outcomes = OutcomeLog(self.out)
            if self.settings.db is not None:
                self.db = BudgetDb(self.settings.db, self.settings.reading())
        except BaseException:
            if self.outcomes is not None:
                self.outcomes.close()
            if self.state is not None:
                self.state.close()
            self.lock.release()
            self.executor.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.combined.discard()  # unless finish() put them in place
        if self.outcomes is not None and not self._finished:
            self.outcomes.close()  # else the summary reads it, and it closes with the summary
        if self.db is not None:
            self.db.close()
        if self.state is not None:
            self.state.close()
        self.lock.release()
        self.executor.close()

    def run(
        self, paths: Sequence[Path], on_event: Callable[[Event], None] | None = None
    ) -> Iterator[DocumentOutcome]:
        """Read every input that needs it; yield every input's outcome in input order.
        `on_event` hears of each start and finish as it happens (progress, logs)."""
        assert self.state is not None
        emit = on_event or (lambda event: None)
        plan = plan_run(paths, self.state, self.settings)
        jobs = [p for p in plan if isinstance(p, Job)]
        firsts = {j.index for j in jobs if j.first}
        order = _InputOrder()
        for item in plan:
            if isinstance(item, DocumentOutcome):
                emit(item)
                order.put(Reading(item))
        yield from self._report(order)
        for reading in self._execute(jobs, emit):
            outcome = reading.outcome
            # The worker renamed the folder into place before returning: safe to record.
            self._record(outcome, outcome.index in firsts)
            emit(outcome)
            order.put(reading)
            yield from self._report(order)

    def _report(self, order: _InputOrder) -> Iterator[DocumentOutcome]:
        assert self.outcomes is not None
        for reading in order.ready():
            outcome = reading.outcome
            if outcome.has_output and outcome.name is not None:
                # Read back from its folder when not read in this run (skipped as unchanged).
                self.combined.add(outcome.name, reading.result)
                self._add_to_db(outcome, reading.result)
            # After the database named what it did with it, which the record tells.
            self.tally.add(outcome)
            self.outcomes.append(outcome)
            yield outcome

    def _add_to_db(self, outcome: DocumentOutcome, result: DocumentResult | None) -> None:
        """Add the document to the accumulating database, in this process only (the workers
        never open it). A failure stops the database, not the run: finish() raises it."""
        if self.db is None or self._db_error is not None or outcome.sha256 is None:
            return
        name = outcome.name
        assert name is not None

        def load() -> DocumentResult:
            return result if result is not None else read_back(self.out / name / "document.json")

        try:
            outcome.database = self.db.add(outcome.sha256, load, name).value
        except OutputError as exc:
            self._db_error = exc

    def _execute(self, jobs: list[Job], on_event: Callable[[Event], None]) -> Iterator[Reading]:
        settings = self.settings
        context = JobContext(self.out, settings.specs, settings.options, settings.formats)

        def started(job: Job) -> None:
            on_event(DocumentStarted(job.index, printable(job.path), job.name))

        return self.executor.readings(jobs, context, started)

    def _record(self, outcome: DocumentOutcome, first: bool) -> None:
        assert self.state is not None
        if outcome.sha256 is None or not first:
            return
        self.state.record(
            Record(
                sha256=outcome.sha256,
                size=outcome.size,
                path=path_key(Path(outcome.path)),
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

    def finish(self) -> RunSummary:
        """Put the combined outputs over every document of the run (read now or skipped as
        unchanged) in place, write the run summary and return it."""
        self.combined.publish()
        if self._db_error is not None:
            raise self._db_error
        # The summary reads the outcomes back from the log, which it keeps open after the
        # run (the CLI names the documents with failed checks): the log closes with it.
        summary = RunSummary(
            self.settings,
            self.started,
            time.monotonic() - self._began,
            self.tally,
            self.outcomes or (),
            executor=self.executor.describe(),
        )
        summary.path = self._summary_path()
        atomic_file(summary.path, summary.write)
        self._finished = True
        return summary

    def _summary_path(self) -> Path:
        stamp = self.started.strftime("%Y%m%dT%H%M%SZ")
        path, number = self.out / f"run-{stamp}.json", 1
        while path.exists():
            number += 1
            path = self.out / f"run-{stamp}-{number}.json"
        return path
