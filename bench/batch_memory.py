"""What the coordinator of a batch holds per input: a run of N small documents through the
real BatchRun (plan, input order, state database, run record), read in this process by an
executor that sends back one fixed result at once, so that nothing but the coordinator's own
bookkeeping is measured. Each N runs in a forked child, whose peak RSS is its own.

Printed per N: the peak RSS of the run and its growth over the child's RSS before the run
(the inputs already listed), that growth per input, the memory the plan holds at once
(tracemalloc around plan_run: the per-input data planning keeps until the run ends) and
the coordinator's time per input.

    python bench/batch_memory.py [N ...]          # default: 1000 5000 20000
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from batch_fakes import fake_extract, fake_pdf  # noqa: E402
from budgetpdf.extractors.batch.executor import Executor, OnStart  # noqa: E402
from budgetpdf.extractors.batch.plan import plan_run  # noqa: E402
from budgetpdf.extractors.batch.read import Job, JobContext, Reading, settle  # noqa: E402
from budgetpdf.extractors.batch.run import BatchRun  # noqa: E402
from budgetpdf.extractors.batch.settings import BatchSettings  # noqa: E402
from budgetpdf.extractors.batch.state import StateDB  # noqa: E402
from budgetpdf.extractors.output.writers import OutputFormats  # noqa: E402
from budgetpdf.table_specs.loader import bundled_dir, load_specs  # noqa: E402


class InstantExecutor(Executor):
    """Reads nothing: every job's folder is written from the one template result."""

    name = "instant"

    def __init__(self, template: Path) -> None:
        # The batch tests' fake document: a table of one row.
        self.result = fake_extract(fake_pdf(template))

    def start(self) -> None:
        """Nothing to acquire."""

    def close(self) -> None:
        """Nothing to release."""

    def readings(
        self, jobs: Sequence[Job], context: JobContext, on_start: OnStart
    ) -> Iterator[Reading]:
        for job in jobs:
            on_start(job)
            reading = settle(job, context, self.result, 0.0)
            reading.result = None  # as a folder read back: nothing held past its write
            yield reading


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _inputs(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(count):
        path = folder / f"2026年第{i:06}号单位部门预算.pdf"
        path.write_bytes(b"%PDF-1.4 bench " + str(i).encode())
        paths.append(path)
    return paths


def _plan_bytes(paths: list[Path], settings: BatchSettings) -> int:
    """What plan_run holds at once for these inputs (its plan, returned and kept by run())."""
    state = StateDB(settings.out)
    try:
        tracemalloc.start()
        plan = plan_run(paths, state, settings)
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        state.close()
    del plan
    return held


def measure(count: int) -> str:
    with tempfile.TemporaryDirectory(prefix="budgetpdf-batch-memory-") as name:
        scratch = Path(name)
        paths = _inputs(scratch / "in", count)
        specs = load_specs([bundled_dir()])
        formats = OutputFormats.parse("json")  # no combined files: the bookkeeping alone
        plan_settings = BatchSettings(out=scratch / "plan-only", specs=specs, formats=formats)
        plan_settings.out.mkdir()
        plan_held = _plan_bytes(paths, plan_settings)
        settings = BatchSettings(out=scratch / "out", specs=specs, formats=formats)
        before = _rss_mb()
        began = time.monotonic()
        with BatchRun(settings, InstantExecutor(scratch / "template.pdf")) as run:
            for _ in run.run(paths):
                pass
            run.finish()
        seconds = time.monotonic() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    growth = peak - before
    return (
        f"{count:>9,} {peak:9.1f} {growth:9.1f} {growth * 1024 * 1024 / count:9.0f} "
        f"{plan_held / count:10.0f} {seconds / count * 1000:9.2f}"
    )


def main(argv: list[str]) -> int:
    counts = [int(a) for a in argv] or [1000, 5000, 20000]
    print(
        f"{'inputs':>9} {'peak MB':>9} {'growth MB':>9} {'B/input':>9} {'plan B/in':>10} {'ms/input':>9}"
    )
    for count in counts:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its peak RSS is this run's alone
            os.close(read)
            os.write(write, measure(count).encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as handle:
            line = handle.read()
        os.waitpid(pid, 0)
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
