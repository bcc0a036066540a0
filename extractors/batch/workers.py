"""A pool of worker processes that can stop a single task.

A budget PDF can keep pdfminer busy for minutes inside one page parse (pure Python, so no
signal or flag between pages can interrupt it), and a broken file can crash the process that
reads it. concurrent.futures cannot stop one task, and a dead worker breaks its whole pool, so
this pool keeps one pipe per worker: a task past its deadline gets its process killed, a task
whose process died is reported, and in both cases a fresh worker takes the next task.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Lost:
    """A task whose worker gave no result: stopped at its deadline, or it died."""

    reason: str
    timed_out: bool


def _context() -> Any:
    # Forked workers start at once and inherit the loaded specs. Elsewhere fork is unsafe
    # (macOS system libraries) or missing (Windows), so they are spawned. A process that has
    # run OCR holds onnxruntime's thread pool, which a forked child inherits broken (it spins
    # for ever): it spawns too.
    fork = sys.platform == "linux" and "onnxruntime" not in sys.modules
    return multiprocessing.get_context("fork" if fork else "spawn")


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies (Linux), however it dies: a
    worker orphaned by a kill -9 or a SIGTERM from cron would otherwise run on, stuck in its
    document past any deadline, or write into a folder a later run is cleaning."""
    if sys.platform != "linux":
        return
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def _serve(conn: Connection, job: Callable[[Any], Any], parent: int) -> None:
    _die_with(parent)
    # Ctrl-C reaches the whole process group; the parent alone handles it (and stops the
    # workers), rather than every worker printing its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        conn.send(job(task))


class _Worker:
    def __init__(self, job: Callable[[Any], Any]) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, job, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.task: Any = None
        self.deadline: float | None = None

    def give(self, task: Any, timeout: float | None) -> None:
        self.conn.send(task)
        self.task = task
        self.deadline = time.monotonic() + timeout if timeout is not None else None

    def death(self) -> str:
        self.process.join(5)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"its worker process died (killed by {signal.Signals(-code).name})"
        return f"its worker process died (exit code {code})"

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass  # already gone
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class WorkerPool(Generic[T, R]):
    """Runs `job` on each task in `size` worker processes; `job` must not raise (it turns
    its own failures into results) and its tasks and results must pickle."""

    def __init__(self, job: Callable[[T], R], size: int, timeout: float | None = None) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.job = job
        self.size = size
        self.timeout = timeout

    def run(
        self, tasks: Iterable[T], on_start: Callable[[T], None] | None = None
    ) -> Iterator[tuple[T, R | Lost]]:
        """Yield (task, result or Lost) as tasks finish, in finishing order."""
        pending = deque(tasks)
        workers: list[_Worker | None] = [None] * min(self.size, len(pending))
        try:
            while pending or any(w is not None and w.task is not None for w in workers):
                for i, worker in enumerate(workers):
                    if pending and (worker is None or worker.task is None):
                        workers[i] = self._dispatch(worker, pending.popleft(), on_start)
                yield from self._collect(workers)
        finally:
            for worker in workers:
                if worker is None:
                    continue
                if worker.task is not None:
                    worker.kill()
                else:
                    worker.stop()

    def _dispatch(
        self, worker: _Worker | None, task: T, on_start: Callable[[T], None] | None
    ) -> _Worker:
        if worker is not None:
            try:
                worker.give(task, self.timeout)
            except OSError:  # it died while idle: a fresh one takes the task
                worker.kill()
                worker = None
        if worker is None:
            worker = _Worker(self.job)
            worker.give(task, self.timeout)
        if on_start is not None:
            on_start(task)
        return worker

    @staticmethod
    def _lost(worker: _Worker) -> Lost:
        # Reaped before the caller hears of it, so it may clean up after the dead task.
        reason = worker.death()
        worker.kill()
        return Lost(reason, timed_out=False)

    def _collect(self, workers: list[_Worker | None]) -> Iterator[tuple[T, R | Lost]]:
        busy = [w for w in workers if w is not None and w.task is not None]
        deadlines = [w.deadline for w in busy if w.deadline is not None]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for)
        for i, worker in enumerate(workers):
            if worker is None or worker.task is None:
                continue
            task = worker.task
            if worker.conn in ready:
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    workers[i] = None
                    yield task, self._lost(worker)
                    continue
                worker.task = None
                yield task, result
            elif worker.process.sentinel in ready:
                workers[i] = None
                yield task, self._lost(worker)
            elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                worker.kill()
                workers[i] = None
                yield task, Lost(f"stopped after {self.timeout:g} s (--timeout)", timed_out=True)
