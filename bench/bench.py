"""Benchmark budgetpdf against plain pdfplumber and camelot on a folder of PDFs.

What it measures, on the same files in the same run:

1. budgetpdf end to end: ``extract_document(path, load_specs(), ExtractOptions())`` per file
   (pdfium layout), and the same with ``layout="pdfminer"`` (the reference layer).
   Files that raise ``BudgetPdfError`` (e.g. a scan with no text layer) count as failed but
   their time and pages still count; anything else raised is reported as unexpected.
2. plain pdfplumber: open the file and call ``page.extract_tables()`` on every page.
3. camelot lattice: ``camelot.read_pdf(path, pages="all", flavor="lattice")``. It is slow,
   so it runs on the first ``--camelot-limit`` files only (0 turns it off); budgetpdf's
   figures over that same subset are shown next to it for the ratio.

For each method: files, total pages, total seconds (sum of the per-file wall times, imports
and spec loading excluded), pages per second, CPU seconds (steadier than wall time when the
machine is busy; the ratios are given on both) and peak RSS. Every method runs in its own
child process (multiprocessing, 'spawn'), which reports its own ``ru_maxrss`` at the end, so
the methods share no memory. Page counts come from one pypdfium2 pass in the parent, so all
methods are credited the same pages per file. Files pdfplumber or camelot cannot read are
skipped (and counted); ratios compare two methods over the files both of them processed, and
a ratio above 1 means budgetpdf is faster.

Then (bench_runs.py, skipped with --no-commands) the ``budgetpdf`` command itself: the corpus
with ``--workers 1`` and ``--workers 2``, the largest file alone (peak RSS), ``--version`` and
one 16-page sample from start to exit (start-up included). The load average is printed at
the end: on a shared machine compare the ratios (same run), and CPU time over wall time.

Run from the repository root:

    python bench/bench.py [--limit N] [--camelot-limit N] [--corpus DIR] [--json FILE]

The default corpus is every *.pdf in ../shared/corpus relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_runs import CommandRun, command_runs, print_command_runs  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
# The root logger ("") covers libraries not named here that leave their level unset.
QUIET_LOGGERS = ("", "pdfminer", "pdfplumber", "playa", "camelot", "pypdf", "PIL")

# Status of one file under one method.
OK = "ok"
FAILED = "failed"  # budgetpdf raised BudgetPdfError: expected, timed, pages counted
UNEXPECTED = "unexpected"  # budgetpdf raised anything else: timed like a failure, reported
SKIPPED = "skipped"  # pdfplumber/camelot could not read it: left out of the totals

# ---------------------------------------------------------------------------------------
# The three methods. Each setup runs once inside the child process (imports, spec loading)
# and returns the per-file function that is timed, plus the exceptions that mark a file as
# FAILED rather than as UNEXPECTED (budgetpdf) or SKIPPED (the others).
# ---------------------------------------------------------------------------------------

Runner = Callable[[Path], object]
Prepared = tuple[Runner, tuple[type[Exception], ...]]
Setup = Callable[[], Prepared]


def setup_budgetpdf(layout: str = "pdfium") -> Prepared:
    from budgetpdf.errors import BudgetPdfError
    from budgetpdf.extractors.document import ExtractOptions, extract_document
    from budgetpdf.table_specs.loader import load_specs

    specs = load_specs()
    options = ExtractOptions(layout=layout)
    return (lambda path: extract_document(path, specs, options)), (BudgetPdfError,)


def setup_budgetpdf_pdfminer() -> Prepared:
    return setup_budgetpdf("pdfminer")


def setup_pdfplumber() -> Prepared:
    import pdfplumber

    def run(path: Path) -> None:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()

    return run, ()


def setup_camelot() -> Prepared:
    import camelot

    def run(path: Path) -> None:
        camelot.read_pdf(str(path), pages="all", flavor="lattice", suppress_stdout=True)

    return run, ()


METHODS: dict[str, Setup] = {
    "budgetpdf": setup_budgetpdf,
    "budgetpdf-pdfminer": setup_budgetpdf_pdfminer,
    "pdfplumber": setup_pdfplumber,
    "camelot": setup_camelot,
}
# What any other exception means for each method.
ERROR_STATUS = {
    "budgetpdf": UNEXPECTED,
    "budgetpdf-pdfminer": UNEXPECTED,
    "pdfplumber": SKIPPED,
    "camelot": SKIPPED,
}
LABELS = {
    "budgetpdf": "budgetpdf end to end",
    "budgetpdf-pdfminer": "budgetpdf --layout pdfminer",
    "pdfplumber": "pdfplumber extract_tables",
    "camelot": "camelot lattice",
}


@dataclass
class FileRecord:
    name: str
    status: str
    seconds: float  # wall clock
    cpu_seconds: float  # this process's CPU time: steadier than wall time on a busy machine
    pages: int
    detail: str = ""


@dataclass
class MethodRun:
    method: str
    files: list[FileRecord] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    crashed: str = ""


# ---------------------------------------------------------------------------------------
# Child process side
# ---------------------------------------------------------------------------------------


def silence_libraries() -> None:
    warnings.filterwarnings("ignore")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def time_one(
    method: str, run: Runner, expected: tuple[type[Exception], ...], path: Path, pages: int
) -> FileRecord:
    status, detail = OK, ""
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        run(path)
    except expected as exc:
        status, detail = FAILED, f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # any library error is a result, not a crash
        status, detail = ERROR_STATUS[method], f"{type(exc).__name__}: {exc}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return FileRecord(path.name, status, seconds, cpu, pages, detail[:300])


def run_method(method: str, files: list[tuple[Path, int]], quiet: bool) -> MethodRun:
    """Entry point of the child process: every file through one method, then its peak RSS."""
    silence_libraries()
    run, expected = METHODS[method]()
    result = MethodRun(method)
    for i, (path, pages) in enumerate(files, start=1):
        record = time_one(method, run, expected, path, pages)
        result.files.append(record)
        if not quiet:
            print(
                f"  [{method} {i}/{len(files)}] {record.seconds:7.2f}s {record.status:10} "
                f"{pages:4}p {path.name}",
                file=sys.stderr,
                flush=True,
            )
    result.peak_rss_mb = peak_rss_mb()
    return result


# ---------------------------------------------------------------------------------------
# Parent side
# ---------------------------------------------------------------------------------------


def count_pages(paths: list[Path]) -> list[tuple[Path, int]]:
    """Pages per file, counted once so every method is credited the same pages."""
    import pypdfium2

    counted = []
    for path in paths:
        try:
            doc = pypdfium2.PdfDocument(path)
            counted.append((path, len(doc)))
            doc.close()
        except Exception:  # an unreadable file has no pages to credit
            counted.append((path, 0))
    return counted


def in_child(method: str, files: list[tuple[Path, int]], quiet: bool) -> MethodRun:
    if not quiet:
        print(f"{LABELS[method]}: {len(files)} files", file=sys.stderr, flush=True)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(run_method, method, files, quiet).result()
        except BrokenProcessPool as exc:
            return MethodRun(method, crashed=f"child process died: {exc}")


@dataclass
class Summary:
    label: str
    files: int
    ok: int
    failed: int
    skipped: int
    pages: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float | None

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def pages_per_cpu_second(self) -> float:
        return self.pages / self.cpu_seconds if self.cpu_seconds else 0.0


def summarise(label: str, records: list[FileRecord], peak_rss_mb: float | None) -> Summary:
    counted = [r for r in records if r.status != SKIPPED]
    return Summary(
        label=label,
        files=len(records),
        ok=sum(r.status == OK for r in records),
        failed=sum(r.status in (FAILED, UNEXPECTED) for r in records),
        skipped=len(records) - len(counted),
        pages=sum(r.pages for r in counted),
        seconds=sum(r.seconds for r in counted),
        cpu_seconds=sum(r.cpu_seconds for r in counted),
        peak_rss_mb=peak_rss_mb,
    )


@dataclass
class Ratio:
    """budgetpdf's pages/s over another method's, on the files both processed."""

    wall: float | None
    cpu: float | None
    files: int

    def __str__(self) -> str:
        if self.wall is None or self.cpu is None:
            return "n/a"
        return f"{self.wall:.2f}x pages/s (CPU time: {self.cpu:.2f}x; over {self.files} files)"


def ratio(ours: MethodRun, other: MethodRun) -> Ratio:
    other_done = {r.name for r in other.files if r.status != SKIPPED}
    a = summarise("", [r for r in ours.files if r.name in other_done], None)
    b = summarise("", [r for r in other.files if r.name in other_done], None)
    if not (a.pages_per_second and b.pages_per_second):
        return Ratio(None, None, a.files)
    return Ratio(
        a.pages_per_second / b.pages_per_second,
        a.pages_per_cpu_second / b.pages_per_cpu_second,
        a.files,
    )


def budgetpdf_subset(budgetpdf: MethodRun, names: set[str]) -> list[FileRecord]:
    return [r for r in budgetpdf.files if r.name in names]


def print_table(rows: list[Summary]) -> None:
    header = (
        f"{'method':38} {'files':>5} {'ok':>4} {'fail':>4} {'skip':>4} {'pages':>6} "
        f"{'seconds':>8} {'pages/s':>8} {'CPU s':>7} {'peak RSS':>9}"
    )
    print(header)
    print("-" * len(header))
    for s in rows:
        rss = f"{s.peak_rss_mb:6.0f} MB" if s.peak_rss_mb is not None else f"{'(above)':>9}"
        print(
            f"{s.label:38} {s.files:5} {s.ok:4} {s.failed:4} {s.skipped:4} {s.pages:6} "
            f"{s.seconds:8.1f} {s.pages_per_second:8.2f} {s.cpu_seconds:7.1f} {rss}"
        )


def print_problems(runs: list[MethodRun]) -> None:
    for run in runs:
        if run.crashed:
            print(f"{run.method}: {run.crashed}")
        for r in run.files:
            if r.status != OK:
                print(f"{run.method} {r.status}: {r.name}: {r.detail}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"folder of PDFs (default: {DEFAULT_CORPUS})",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument(
        "--camelot-limit",
        type=int,
        default=10,
        help="run camelot on the first N files only (default 10; 0 = skip)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("-q", "--quiet", action="store_true", help="no per-file progress")
    parser.add_argument(
        "--no-commands",
        action="store_true",
        help="skip the runs of the budgetpdf command (workers 1 and 2, start-up, largest file)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    paths = sorted(args.corpus.glob("*.pdf"))[: args.limit]
    if not paths:
        print(f"no *.pdf in {args.corpus}", file=sys.stderr)
        return 2
    files = count_pages(paths)
    camelot_files = files[: max(args.camelot_limit, 0)]

    budgetpdf = in_child("budgetpdf", files, args.quiet)
    reference = in_child("budgetpdf-pdfminer", files, args.quiet)
    plumber = in_child("pdfplumber", files, args.quiet)
    camelot = in_child("camelot", camelot_files, args.quiet) if camelot_files else None

    rows = [
        summarise(LABELS["budgetpdf"], budgetpdf.files, budgetpdf.peak_rss_mb),
        summarise(LABELS["budgetpdf-pdfminer"], reference.files, reference.peak_rss_mb),
        summarise(LABELS["pdfplumber"], plumber.files, plumber.peak_rss_mb),
    ]
    ratios = {
        "pdfplumber": ratio(budgetpdf, plumber),
        "pdfminer_layout": ratio(budgetpdf, reference),
    }
    if camelot:
        n = len(camelot_files)
        subset = budgetpdf_subset(budgetpdf, {p.name for p, _ in camelot_files})
        rows.append(
            summarise(f"{LABELS['camelot']} (first {n})", camelot.files, camelot.peak_rss_mb)
        )
        rows.append(summarise(f"{LABELS['budgetpdf']} (same {n})", subset, None))
        ratios["camelot"] = ratio(budgetpdf, camelot)

    print()
    print_table(rows)
    print()
    print(f"budgetpdf vs pdfplumber extract_tables: {ratios['pdfplumber']}")
    print(f"budgetpdf vs itself with --layout pdfminer: {ratios['pdfminer_layout']}")
    if camelot:
        print(f"budgetpdf vs camelot lattice: {ratios['camelot']}")
    runs = [r for r in (budgetpdf, reference, plumber, camelot) if r]
    if any(r.crashed or any(f.status != OK for f in r.files) for r in runs):
        print()
        print_problems(runs)

    commands = []
    if not args.no_commands:
        print()
        small = REPO_ROOT / "samples" / "xian-petition-bureau-2026-tables.pdf"
        commands = command_runs(files, small, count_pages([small])[0][1])
        print_command_runs(commands)
    print(f"\nload average (1, 5, 15 min) at the end: {os.getloadavg()}")
    if args.json:
        write_json(args, rows, ratios, runs, commands)
    return 0


def write_json(
    args: argparse.Namespace,
    rows: list[Summary],
    ratios: dict[str, Ratio],
    runs: list[MethodRun],
    commands: list[CommandRun],
) -> None:
    figures = {
        "corpus": str(args.corpus),
        "limit": args.limit,
        "camelot_limit": args.camelot_limit,
        "summary": [
            asdict(s)
            | {
                "pages_per_second": s.pages_per_second,
                "pages_per_cpu_second": s.pages_per_cpu_second,
            }
            for s in rows
        ],
        "ratios": {f"budgetpdf_vs_{k}": asdict(v) for k, v in ratios.items()},
        "runs": [asdict(r) for r in runs],
        "commands": [asdict(c) for c in commands],
        "load_average": os.getloadavg(),
    }
    args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwrote {args.json}")


if __name__ == "__main__":
    sys.exit(main())
