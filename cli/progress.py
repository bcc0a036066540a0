"""What a batch run shows on stderr as it goes: a progress bar on a terminal (none under
cron), or with --log-format json one JSON object per line per document event."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import typer

from budgetpdf.cli.common import is_terminal
from budgetpdf.extractors.batch.outcomes import DocumentOutcome, Event, RunSummary, Status

if TYPE_CHECKING:
    from rich.progress import Progress


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class RunDisplay:
    """Receives the batch's events. Text mode: failures as `FAIL <file>: <reason>` lines and a
    progress bar when stderr is a terminal. JSON mode: every event as a JSON line."""

    def __init__(self, total: int, log_format: str, verbose: bool) -> None:
        self.json = log_format == "json"
        self.verbose = verbose
        self.progress: Progress | None = None
        if not self.json and is_terminal():
            # rich only for a terminal: a run under cron does not pay for its import.
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            # No auto-refresh thread: the workers are forked, and a fork should not copy a
            # thread that may hold the console's lock. The bar redraws on each event.
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True, force_terminal=True),
                auto_refresh=False,
                transient=True,
                # click writes to the stream's buffer, past rich's redirection: lines go
                # through echo() below instead.
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self.task = self.progress.add_task("extracting", total=total)

    def __enter__(self) -> RunDisplay:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, event: Event) -> None:
        trace = event.traceback if isinstance(event, DocumentOutcome) and self.verbose else None
        if self.json:
            line = {"time": _now(), **event.to_dict()}
            if trace:
                line["traceback"] = trace
            sys.stderr.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stderr.flush()
        elif isinstance(event, DocumentOutcome) and event.status is Status.FAILED:
            self.echo(f"FAIL {event.reason}", err=True)
            if trace:
                self.echo(trace.rstrip(), err=True)
        if isinstance(event, DocumentOutcome):
            if self.progress is not None:
                self.progress.update(self.task, advance=1, description=_short(event.path))
                self.progress.refresh()

    def echo(self, line: str, err: bool = False) -> None:
        """A line on stdout (stderr with `err`); above the bar while the bar is on the
        same terminal, so the two do not overwrite each other."""
        if self.progress is not None and (sys.stderr if err else sys.stdout).isatty():
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(line, err=err)

    def summary(self, summary: RunSummary) -> None:
        if self.json:
            # Without the outcomes: each was logged as it finished.
            line = {"time": _now(), "event": "summary", **summary.head()}
            sys.stderr.write(json.dumps(line, ensure_ascii=False) + "\n")


def _short(path: str, width: int = 40) -> str:
    name = path.rsplit("/", 1)[-1]
    return name if len(name) <= width else name[: width - 1] + "…"
