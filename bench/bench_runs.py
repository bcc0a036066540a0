"""The measurements of bench.py that run the `budgetpdf` command itself, each in its own
process tree, timed with the CPU time and peak RSS of the processes it waited for:

- the whole corpus through `budgetpdf extract --workers 1` and `--workers 2` (the batch as a
  user runs it: worker processes, every output written);
- the largest corpus document alone (its peak RSS);
- start-up: `budgetpdf --version`, and one small document from start to exit.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BUDGETPDF = str(Path(sys.executable).with_name("budgetpdf"))


@dataclass
class CommandRun:
    label: str
    pages: int
    seconds: float  # wall clock
    cpu_seconds: float  # user + system of every process the command ran
    peak_rss_mb: float  # the largest of them
    exit_code: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_page(self) -> float:
        return self.cpu_seconds / self.pages if self.pages else 0.0


def run_command(label: str, args: list[str], pages: int) -> CommandRun:
    """Run the command in a fresh process (a forked helper, so that the peak RSS reported is
    this command's alone) and report its times."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: run the command, report what its children used
        os.close(read)
        start = time.perf_counter()
        code = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        report = f"{seconds} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {code}"
        os.write(write, report.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as handle:
        seconds, cpu, rss, code = handle.read().split()
    os.waitpid(pid, 0)
    return CommandRun(label, pages, float(seconds), float(cpu), int(rss) / 1024, int(code))


def extract_args(paths: list[Path], out: Path, workers: int, layout: str = "pdfium") -> list[str]:
    return [
        BUDGETPDF,
        "extract",
        *map(str, paths),
        "-o",
        str(out),
        "--workers",
        str(workers),
        "--layout",
        layout,
        "--allow-check-failures",
    ]


def command_runs(files: list[tuple[Path, int]], small: Path, small_pages: int) -> list[CommandRun]:
    """Every measurement of this module, in one list."""
    paths = [p for p, _ in files]
    pages = sum(n for _, n in files)
    largest, largest_pages = max(files, key=lambda item: item[0].stat().st_size)
    runs = []
    with tempfile.TemporaryDirectory(prefix="budgetpdf-bench-") as scratch:
        out = Path(scratch)
        runs.append(run_command("--version", [BUDGETPDF, "--version"], 0))
        runs.append(
            run_command(
                f"one small document ({small.name})",
                extract_args([small], out / "small", 1),
                small_pages,
            )
        )
        runs.append(
            run_command(
                f"largest document ({largest.name[:40]})",
                extract_args([largest], out / "largest", 1),
                largest_pages,
            )
        )
        for workers in (1, 2):
            runs.append(
                run_command(
                    f"corpus, --workers {workers}",
                    extract_args(paths, out / f"w{workers}", workers),
                    pages,
                )
            )
    return runs


def print_command_runs(runs: list[CommandRun]) -> None:
    header = (
        f"{'budgetpdf command':58} {'pages':>6} {'seconds':>8} {'pages/s':>8} "
        f"{'CPU s':>7} {'CPU s/page':>10} {'peak RSS':>9} {'exit':>4}"
    )
    print(header)
    print("-" * len(header))
    for r in runs:
        print(
            f"{r.label:58} {r.pages:6} {r.seconds:8.2f} {r.pages_per_second:8.2f} "
            f"{r.cpu_seconds:7.2f} {r.cpu_per_page:10.4f} {r.peak_rss_mb:6.0f} MB {r.exit_code:4}"
        )
    by_label = {r.label: r for r in runs}
    one, two = by_label.get("corpus, --workers 1"), by_label.get("corpus, --workers 2")
    if one and two and one.pages_per_second:
        print(
            f"--workers 2 over --workers 1: {two.pages_per_second / one.pages_per_second:.2f}x "
            f"pages/s (wall clock; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})"
        )
