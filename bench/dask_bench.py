"""The Dask executor measured (README "Many machines"): pages per second against the local
pool on the same files, and what the coordinator pays per document on a long plan.

1. The same files through `budgetpdf extract` three ways, each in its own process tree
   (bench_runs.run_command: wall time, CPU of every process, peak RSS): `--workers 2`;
   `--executor dask --workers 2` (a local cluster of two worker processes, its start-up
   included); and `--scheduler` to a scheduler and two workers already running (as on a
   cluster), which leaves start-up out.
2. A simulated plan of `--documents` documents (10^5 by default) through the real
   submission and collection path (DaskExecutor.readings, read.settle writing each folder),
   on a scheduler and two workers started as `dask scheduler` / `dask worker` processes, as
   on a cluster: each document is a PDF of `--size` bytes sent to a worker, which waits
   `--seconds` and sends back the result of a real sample document (its folder is written
   here, then removed so the disk stays flat). Printed: the coordinator's resident memory
   as the documents go by (flat: nothing but one outcome per document, as BatchRun keeps
   for the summary), and its CPU and wall time per document.

Run from the repository root (with the dask extra: `pip install -e '.[dask]'`):

    python bench/dask_bench.py [--corpus DIR] [--limit N] [--documents N] [--size BYTES]
                               [--seconds S] [--no-pages] [--no-plan]
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_runs import BUDGETPDF, CommandRun, print_command_runs, run_command  # noqa: E402

from budgetpdf.extractors.batch.read import Job, JobContext  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
DASK = str(Path(sys.executable).with_name("dask"))
# The sample whose result every simulated document sends back: a 15-page 决算 of 11
# tables, its document.json 0.28 MB (the samples' run from 0.12 to 0.44 MB).
TEMPLATE = REPO_ROOT / "samples" / "shanghai-putuo-finance-2024-final-accounts.pdf"
# The corpus's median PDF is 0.39 MB and 60 pages, read in about 2 s on one core.
MEDIAN_SIZE = 392_535
_template_cache: dict[str, object] = {}


def simulated_extract(shown: str, data: bytes, specs: object, options: object) -> object:
    """On a worker: wait as a document's reading would, send back the template result."""
    from budgetpdf.extractors.batch.remote import Extracted

    template = os.environ["BUDGETPDF_BENCH_TEMPLATE"]
    if template not in _template_cache:
        _template_cache[template] = pickle.loads(Path(template).read_bytes())
    result = pickle.loads(pickle.dumps(_template_cache[template]))  # a fresh copy
    result.path = shown  # type: ignore[attr-defined]
    time.sleep(float(os.environ.get("BUDGETPDF_BENCH_SECONDS", "0")))
    return Extracted(result, 0.0)  # type: ignore[arg-type]


@contextmanager
def cluster(scratch: Path, workers: int = 2) -> Iterator[str]:
    """`dask scheduler` and `dask worker --nworkers N --nthreads 1` as a cluster runs them."""
    address_file = scratch / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)}
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--port", "0", "--no-dashboard", "--scheduler-file", str(address_file)],
        env=env,
        **quiet,
    )
    worker = subprocess.Popen(
        [DASK, "worker", "--scheduler-file", str(address_file), "--nworkers", str(workers)]
        + ["--nthreads", "1", "--no-dashboard"],
        env=env,
        **quiet,
    )
    try:
        from distributed import Client

        while not address_file.exists():
            time.sleep(0.1)
        with Client(scheduler_file=str(address_file)) as client:
            client.wait_for_workers(workers, timeout=60)
            address = client.scheduler.address
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(30)


def page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def pages_per_second(files: list[Path], scratch: Path) -> list[CommandRun]:
    pages = sum(map(page_count, files))

    def args(out: str, *extra: str) -> list[str]:
        common = ["-o", str(scratch / out), "--allow-check-failures"]
        return [BUDGETPDF, "extract", *map(str, files), *common, *extra]

    runs = [
        run_command("--workers 2", args("local", "--workers", "2"), pages),
        run_command(
            "--executor dask --workers 2 (cluster start-up included)",
            args("dask-local", "--executor", "dask", "--workers", "2"),
            pages,
        ),
    ]
    with cluster(scratch) as address:
        runs.append(
            run_command(
                "--scheduler (2 workers already running)",
                args("dask-running", "--scheduler", address),
                pages,
            )
        )
    return runs


def _rss_mb() -> float:
    """Resident memory of this process now (Linux), else its peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def simulated_plan(documents: int, size: int, seconds: float, scratch: Path) -> None:
    import dask_bench  # this module by name, so the workers import it rather than unpickle

    from budgetpdf.extractors.batch.dask_executor import DaskExecutor
    from budgetpdf.extractors.document import ExtractOptions, extract_document
    from budgetpdf.table_specs.loader import bundled_dir, load_specs

    specs = load_specs([bundled_dir()])
    template = scratch / "template.pickle"
    template.write_bytes(pickle.dumps(extract_document(TEMPLATE, specs, ExtractOptions())))
    os.environ["BUDGETPDF_BENCH_TEMPLATE"] = str(template)
    os.environ["BUDGETPDF_BENCH_SECONDS"] = str(seconds)
    pdf = scratch / "document.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(max(0, size - 9)))
    out = scratch / "plan"
    out.mkdir()
    context = JobContext(out, specs, ExtractOptions(), _formats())
    jobs = [Job(i, pdf, f"d{i:06}", None, size, True) for i in range(documents)]
    print(
        f"\nsimulated plan: {documents:,} documents of {size / 1e6:.2f} MB, {seconds:g} s each "
        f"on 2 worker processes; result: {TEMPLATE.name} ({template.stat().st_size / 1e6:.2f} MB pickled)"
    )
    print(f"{'documents':>10} {'RSS MB':>8} {'wall s':>8} {'CPU ms/doc':>11} {'docs/s':>8}")
    with cluster(scratch) as address:
        executor = DaskExecutor(address, extract=dask_bench.simulated_extract)
        executor.start()
        try:
            _collect(executor, jobs, context, out)
        finally:
            executor.close()


def _formats() -> object:
    from budgetpdf.extractors.output.writers import OutputFormats

    return OutputFormats.parse("json,csv")


def _collect(executor: object, jobs: list[Job], context: JobContext, out: Path) -> None:
    outcomes = []  # as BatchRun keeps them for the run summary
    every = max(1, len(jobs) // 10)
    began, cpu = time.monotonic(), time.process_time()
    last, last_cpu, last_count = began, cpu, 0
    print(f"{0:10,} {_rss_mb():8.0f}")
    for reading in executor.readings(jobs, context, lambda job: None):  # type: ignore[attr-defined]
        assert reading.outcome.status.value == "ok", reading.outcome.reason
        outcomes.append(reading.outcome)
        shutil.rmtree(out / reading.outcome.name)  # the disk stays flat; the write was paid
        if len(outcomes) % every == 0 or len(outcomes) == len(jobs):
            now, now_cpu, done = time.monotonic(), time.process_time(), len(outcomes)
            per_doc = (now_cpu - last_cpu) / (done - last_count) * 1000
            rate = (done - last_count) / (now - last)
            print(f"{done:10,} {_rss_mb():8.0f} {now - began:8.1f} {per_doc:11.2f} {rate:8.1f}")
            last, last_cpu, last_count = now, now_cpu, done
    total = time.monotonic() - began
    print(
        f"coordinator: {(time.process_time() - cpu) / len(jobs) * 1000:.2f} ms CPU and "
        f"{total / len(jobs) * 1000:.2f} ms wall per document (sending, collecting, writing "
        f"its folder); load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=12, help="corpus files for part 1")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--size", type=int, default=MEDIAN_SIZE, help="bytes per document")
    parser.add_argument("--seconds", type=float, default=0.0, help="a worker's wait per document")
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--no-plan", action="store_true")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*.pdf"))[: args.limit] or sorted(
        (REPO_ROOT / "samples").glob("*.pdf")
    )
    with tempfile.TemporaryDirectory(prefix="budgetpdf-dask-bench-") as name:
        scratch = Path(name)
        if not args.no_pages:
            print(f"{len(files)} files from {files[0].parent}")
            print_command_runs(pages_per_second(files, scratch))
        if not args.no_plan:
            simulated_plan(args.documents, args.size, args.seconds, scratch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
