"""The run lock: one budgetpdf run at a time writes to an output folder.

An overlapping cron run must not interleave its writes (or its state database updates) with
the run still going, so each run holds an exclusive lock on `OUT/.budgetpdf.lock`. It is a
POSIX record lock (fcntl.lockf): the kernel drops it when the holding process ends, however
it ends (kill -9 included), so a lock file left behind never blocks a later run. Record locks
belong to the process and are not inherited by the forked workers, so a worker still busy
after its parent died does not keep the folder locked either.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from budgetpdf.errors import AlreadyRunningError, OutputError

LOCK_NAME = ".budgetpdf.lock"

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> None:
        # Windows has no record locks; msvcrt locks a byte range, released when the process
        # ends. The range lies past the holder line, which stays readable.
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        os.lseek(fd, 0, os.SEEK_SET)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


# Record locks are per process: a second lock taken by the same process would succeed, and
# closing its descriptor would drop the first. Folders this process holds are tracked here.
_held: set[str] = set()


class RunLock:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / LOCK_NAME
        self._fd: int | None = None

    def _refuse(self, holder: str) -> AlreadyRunningError:
        return AlreadyRunningError(
            f"another budgetpdf run{holder} is writing to this output folder, so this run did "
            "nothing; run again when it has finished (an incremental run then picks up "
            "whatever is still to do)",
            self.out,
        )

    def acquire(self) -> None:
        key = str(self.path.resolve())
        if key in _held:
            raise self._refuse(" (in this process)")
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot create the lock file: {exc.strerror}", self.path) from exc
        try:
            _try_lock(fd)
        except OSError:
            # Not held by this process, so reading the file and closing it drops nothing.
            holder = os.read(fd, 200).decode("utf-8", "replace").strip()
            os.close(fd)
            raise self._refuse(f" ({holder})" if holder else "") from None
        started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, started {started}\n".encode())
        self._fd = fd
        _held.add(key)

    def release(self) -> None:
        if self._fd is None:
            return
        # The file stays: deleting it would race with a run that has just opened it.
        os.close(self._fd)
        self._fd = None
        _held.discard(str(self.path.resolve()))

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
