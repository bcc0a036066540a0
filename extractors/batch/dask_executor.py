"""Reading on a Dask cluster (`--executor dask`): this process sends each PDF's bytes to the
cluster, a worker reads it (remote.py) and sends back its result, and this process writes
its folder (read.settle). Workers need no shared file system, and nothing but this process
writes the output folder, the state database or `--db`.

Jobs go out as a bounded stream: each to a worker with a thread free of this run's
documents (it may go elsewhere when that worker is lost), so memory stays flat however many
inputs, a deadline runs from about when a document starts, and no document waits behind a
stuck one. That matters when a worker dies too: the scheduler counts the death against
every task the worker held, and fails a task after `allowed-failures` + 1 deaths (1 on the
local cluster made here: one retry elsewhere). A document
past `timeout` fails; the worker stuck in it is restarted by its nanny (Dask cannot stop one
task), so it does not hold a thread for the rest of the run.

`distributed` is an optional dependency (`pip install 'budgetpdf[dask]'`), imported only here.
"""

from __future__ import annotations

import logging
import queue
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetpdf.errors import ExecutorUnavailableError, printable
from budgetpdf.extractors.batch.executor import Executor, OnStart, lost_reading
from budgetpdf.extractors.batch.exit_policy import INTERNAL_ERROR
from budgetpdf.extractors.batch.read import Failure, Job, JobContext, Reading, read_document, settle
from budgetpdf.extractors.batch.remote import Extracted, extract_bytes, held

# How often the coordinator looks again at the cluster's size (workers join and leave).
_RESIZE_SECONDS = 2.0
# Tries of a document whose worker died: the first and one retry elsewhere.
RETRIES_ON_LOST_WORKER = 1

RemoteExtract = Callable[..., Extracted]


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ExecutorUnavailableError(
            "--executor dask needs Dask, which is not installed: pip install 'budgetpdf[dask]'"
        ) from None
    return distributed


@dataclass
class _Task:
    job: Job
    future: Any  # distributed.Future
    deadline: float | None
    worker: str | None  # the worker it was sent to


class DaskExecutor(Executor):
    """A Dask cluster: the scheduler at `scheduler` (tcp://host:8786), or, when None, a
    local cluster of `workers` processes of one thread each started for the run.

    `extract` is the function run on the workers for each document (remote.extract_bytes;
    a stand-in in the tests and the bench); it must be importable there."""

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int = 1,
        timeout: float | None = None,
        extract: RemoteExtract = extract_bytes,
        connect_timeout: float = 10.0,
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.timeout = timeout
        self.extract = extract
        self.connect_timeout = connect_timeout
        self.client: Any = None
        self._cluster: Any = None
        self.killed_worker: type[Exception] = Exception
        self._threads: dict[str, int] = {}
        self._sized = 0.0

    def start(self) -> None:
        distributed = _distributed()
        import dask

        self.killed_worker = distributed.KilledWorker
        if self.scheduler is None:
            # Ctrl-C while the cluster starts leaves nothing to close: its own cleanup runs.
            self._cluster = distributed.LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # none wanted, but its HTTP server starts anyway: any free port
                scheduler_kwargs={"allowed_failures": RETRIES_ON_LOST_WORKER},
                # Its scheduler runs in this process: its log lines (a worker lost, a task
                # failed) would break the one-JSON-object-per-line log. The outcomes say it.
                silence_logs=logging.CRITICAL,
            )
        where = self.scheduler or self._cluster
        try:
            # The client's stream to the scheduler keeps its last 1,000 messages under 1 MB
            # for debugging: a few hundred PDFs' bytes, held for the whole run.
            with dask.config.set({"distributed.admin.low-level-log-length": 0}):
                self.client = distributed.Client(
                    where, timeout=self.connect_timeout, set_as_default=False
                )
            self.client.wait_for_workers(1, timeout=self.connect_timeout)
        except (OSError, TimeoutError) as exc:
            problem = self._unreachable(exc)
            self.close()
            raise ExecutorUnavailableError(problem) from None
        except BaseException:  # Ctrl-C while connecting: the local cluster goes too
            self.close()
            raise

    def _unreachable(self, exc: Exception) -> str:
        if self.client is not None:
            return (
                f"the Dask scheduler at {self.scheduler} has no workers "
                f"(none within {self.connect_timeout:g} s); start some with `dask worker {self.scheduler}`"
            )
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return (
            f"cannot reach the Dask scheduler at {self.scheduler} ({detail}); start it with "
            "`dask scheduler`, or check --scheduler / BUDGETPDF_SCHEDULER"
        )

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def describe(self) -> dict[str, Any]:
        scheduler = self.scheduler or (self._cluster.scheduler_address if self._cluster else None)
        return {
            "name": self.name,
            "scheduler": scheduler,
            "local_cluster": self.scheduler is None,
            "workers": len(self.client.nthreads()) if self.client is not None else None,
        }

    def threads(self) -> dict[str, int]:
        """Each worker's threads, looked up again every few seconds."""
        now = time.monotonic()
        if now - self._sized > _RESIZE_SECONDS:
            self._threads = dict(self.client.nthreads())
            self._sized = now
        return self._threads

    def readings(
        self, jobs: Sequence[Job], context: JobContext, on_start: OnStart
    ) -> Iterator[Reading]:
        assert self.client is not None, "start() the executor first"
        stream = _Stream(self, context, on_start)
        # Sent once rather than with each document, as a task and not scattered data: the
        # scheduler holds the specs, and makes them again when every worker that had them
        # is lost.
        specs = self.client.submit(held, context.specs, key=f"{stream.prefix}-specs")
        stream.specs = specs
        try:
            yield from stream.run(iter(jobs))
        finally:
            # Ctrl-C, or the run stopped: nothing more is read; what was written stays.
            for task in stream.running.values():
                task.future.cancel()
            specs.release()

    def stop(self, future: Any) -> None:
        """Stop a task past its deadline: Dask cannot interrupt it, so the worker running it
        is restarted by its nanny."""
        where = [w for w, keys in self.client.processing().items() if future.key in keys]
        future.cancel()
        if where:
            # The nanny kills and restarts it whatever this call waits for: not for the new
            # worker to register (its imports may take long on a busy machine).
            self.client.restart_workers(where, timeout=self.connect_timeout, raise_for_error=False)


class _Stream:
    """One run's documents through the cluster: submitted while there is room, collected
    as they finish (the workers' done callbacks put them on a queue)."""

    def __init__(self, executor: DaskExecutor, context: JobContext, on_start: OnStart):
        self.executor = executor
        self.context = context
        self.specs: Any = None  # the future of the specs task
        self.on_start = on_start
        self.running: dict[Any, _Task] = {}
        self.finished: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.prefix = f"budgetpdf-{uuid.uuid4().hex[:12]}"

    def _free_worker(self) -> str | None:
        """A worker with a thread this run does not use, the least busy one."""
        busy = Counter(t.worker for t in self.running.values())
        free = {w: n - busy[w] for w, n in self.executor.threads().items() if n > busy[w]}
        return max(free, key=lambda w: free[w]) if free else None

    def run(self, jobs: Iterator[Job]) -> Iterator[Reading]:
        more = True
        while True:
            while more:
                worker = self._free_worker()
                if worker is None and self.running:
                    break
                # With no worker at all, one document waits at the scheduler for one.
                job = next(jobs, None)
                more = job is not None
                if job is not None:
                    yield from self._submit(job, worker)
            if not self.running:
                return
            try:
                future = self.finished.get(timeout=self._wait())
            except queue.Empty:
                yield from self._overdue()
                continue
            task = self.running.pop(future.key, None)
            if task is not None:  # else stopped at its deadline, and reported then
                yield self._collect(task)

    def _submit(self, job: Job, worker: str | None) -> Iterator[Reading]:
        try:
            data = Path(job.path).read_bytes()
        except OSError:
            # Not readable here: read here, it fails as it would on the local executor.
            self.on_start(job)
            yield read_document(job, self.context)
            return
        timeout = self.executor.timeout
        future = self.executor.client.submit(
            self.executor.extract,
            printable(job.path),
            data,
            self.specs,
            self.context.options,
            key=f"{self.prefix}-{job.index}",
            workers=[worker] if worker else None,
            allow_other_workers=True,
        )
        deadline = time.monotonic() + timeout if timeout is not None else None
        self.running[future.key] = _Task(job, future, deadline, worker)
        future.add_done_callback(self.finished.put)
        self.on_start(job)

    def _wait(self) -> float:
        deadlines = [t.deadline for t in self.running.values() if t.deadline is not None]
        soonest = min(deadlines, default=time.monotonic() + _RESIZE_SECONDS)
        return min(_RESIZE_SECONDS, max(0.0, soonest - time.monotonic()))

    def _overdue(self) -> Iterator[Reading]:
        now = time.monotonic()
        late = [t for t in self.running.values() if t.deadline is not None and t.deadline <= now]
        for task in late:
            del self.running[task.future.key]
            self.executor.stop(task.future)
            timeout = self.executor.timeout or 0.0
            yield lost_reading(
                task.job, self.context, f"stopped after {timeout:g} s (--timeout)", timeout
            )

    def _collect(self, task: _Task) -> Reading:
        future, job = task.future, task.job
        if future.status == "finished":
            extracted: Extracted = future.result()
            return settle(job, self.context, extracted.outcome, extracted.seconds)
        if future.status == "cancelled":
            return lost_reading(
                job, self.context, "its Dask task was cancelled (the scheduler lost it)"
            )
        exc = future.exception()
        if isinstance(exc, self.executor.killed_worker):
            tries = getattr(exc, "allowed_failures", RETRIES_ON_LOST_WORKER) + 1
            return lost_reading(
                job,
                self.context,
                f"its Dask worker died while reading it, {tries} times on {tries} workers",
            )
        failure = Failure(
            f"{printable(job.path)}: internal error on a Dask worker: {type(exc).__name__}: {exc}",
            INTERNAL_ERROR,
            "".join(traceback.format_tb(future.traceback())),
        )
        return settle(job, self.context, failure, 0.0)
