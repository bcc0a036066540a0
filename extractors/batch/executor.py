"""Where a run's documents are read: an Executor takes the jobs and gives back each one's
reading as it finishes, in any order (run.py restores input order). The local one reads in
this machine's worker processes (workers.py); dask_executor.py reads on a Dask cluster. Each
writes nothing but the documents' own folders, through read.py, so outputs cannot differ
by executor; the state database, combined outputs and `--db` stay with run.py.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

from budgetpdf.errors import ExitCode, printable
from budgetpdf.extractors.batch.outcomes import DocumentOutcome, Status
from budgetpdf.extractors.batch.read import Job, JobContext, Reading, read_document
from budgetpdf.extractors.batch.workers import Lost, WorkerPool
from budgetpdf.extractors.output.writers import clean_leftovers

OnStart = Callable[[Job], None]


class Executor(ABC):
    """Runs the reading of many documents. Started before the run writes anything, so an
    executor that cannot run (a scheduler out of reach) stops the run with nothing done."""

    name: str

    @abstractmethod
    def start(self) -> None:
        """Acquire what the executor runs on; raises ExecutorUnavailableError."""

    @abstractmethod
    def close(self) -> None:
        """Release it; called however the run ends (Ctrl-C included)."""

    def describe(self) -> dict[str, Any]:
        """The executor as the run summary names it."""
        return {"name": self.name}

    @abstractmethod
    def readings(
        self, jobs: Sequence[Job], context: JobContext, on_start: OnStart
    ) -> Iterator[Reading]:
        """Each job's reading, in finishing order, its folder already in place; `on_start`
        hears of each job as it is handed out. Never raises for a bad document."""


def lost_reading(job: Job, context: JobContext, reason: str, seconds: float = 0.0) -> Reading:
    """The reading of a document whose reader gave no result (stopped at its deadline, or it
    died): failed, whatever it had begun to write cleared away."""
    clean_leftovers(context.out, job.name)
    outcome = DocumentOutcome(
        job.index,
        printable(job.path),
        job.name,
        Status.FAILED,
        job.sha256,
        job.size,
        reason=f"{printable(job.path)}: {reason}; the other documents went on",
        exit_code=ExitCode.WORKER_STOPPED,
        seconds=seconds,
    )
    return Reading(outcome)


class LocalExecutor(Executor):
    """This machine's cores: `workers` processes of workers.py, each document stopped past
    `timeout` seconds; one document, or one worker without a deadline, in this process."""

    name = "local"

    def __init__(self, workers: int, timeout: float | None = None) -> None:
        self.workers = workers
        self.timeout = timeout

    def start(self) -> None:
        """Nothing to acquire: the worker processes start with the first jobs."""

    def close(self) -> None:
        """Nothing to release: the pool stops its processes when its jobs are done."""

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "workers": self.workers}

    def readings(
        self, jobs: Sequence[Job], context: JobContext, on_start: OnStart
    ) -> Iterator[Reading]:
        if self.timeout is None and (self.workers == 1 or len(jobs) <= 1):
            # Nothing to run beside it and no deadline to enforce: no process to start.
            for job in jobs:
                on_start(job)
                yield read_document(job, context)
            return
        pool = WorkerPool(partial(read_document, context=context), self.workers, self.timeout)
        for job, reading in pool.run(jobs, on_start=on_start):
            if isinstance(reading, Lost):
                seconds = (self.timeout or 0.0) if reading.timed_out else 0.0
                yield lost_reading(job, context, reading.reason, seconds)
            else:
                yield reading
