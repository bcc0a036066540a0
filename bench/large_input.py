"""Time and peak memory of `budgetpdf extract` on very large or pathological inputs.

Builds, in a temp folder (or --keep DIR):

1. documents of N pages (default 30, 100 and 300) concatenated from the sample PDFs, to show
   that peak RSS stays flat as the page count grows;
2. one page holding a table title and --segments tiny line segments (default 20,000), the
   kind of page that makes a table finder work on thousands of edges.

Each extract runs as its own `budgetpdf extract` process; its peak RSS and CPU time are that
child's (os.wait4), so the figures are the CLI's own, imports included. CPU time is the
steadier figure on a busy machine.

Run from the repository root:

    python bench/large_input.py [--pages 30 100 300] [--segments 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))
import odd_pdfs  # noqa: E402


@dataclass
class Run:
    label: str
    pages: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    exit_code: int
    summary: str


def budgetpdf_command() -> list[str]:
    installed = Path(sys.executable).with_name("budgetpdf")
    if installed.exists():
        return [str(installed)]
    return [sys.executable, "-m", "budgetpdf.cli.main"]


def measure(label: str, pdf: Path, pages: int, out: Path) -> Run:
    """One `budgetpdf extract` in a child process: wall time, peak RSS, exit code, summary."""
    started = time.monotonic()
    child = subprocess.Popen(
        [*budgetpdf_command(), "extract", str(pdf), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    # ru_maxrss is in kilobytes on Linux.
    lines = [ln for ln in output.splitlines() if ln.strip()]
    return Run(
        label,
        pages,
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        child.returncode,
        lines[0] if lines else "",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[30, 100, 300])
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="Build the PDFs here and keep them.")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="budgetpdf-large-"))
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    try:
        for pages in args.pages:
            pdf = odd_pdfs.concatenated_samples(work / f"samples-{pages}p.pdf", pages)
            runs.append(measure(f"{pages} sample pages", pdf, pages, work / f"out-{pages}"))
        if args.segments:
            pdf = odd_pdfs.pathological_page(work / f"segments-{args.segments}.pdf", args.segments)
            runs.append(measure(f"{args.segments} line segments", pdf, 1, work / "out-segments"))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{'input':24} {'pages':>5} {'wall s':>7} {'CPU s':>6} {'peak RSS MB':>11} {'exit':>4}")
    for run in runs:
        print(
            f"{run.label:24} {run.pages:5d} {run.seconds:7.1f} {run.cpu_seconds:6.1f} "
            f"{run.peak_rss_mb:11.0f} {run.exit_code:4d}  {run.summary[:80]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
