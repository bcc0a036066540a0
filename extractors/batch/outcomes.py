"""What a run reports: each document's start and outcome as they happen, and the run's
summary (counts, pages, exit code) that `run-<time>.json` and the closing log line hold."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from budgetpdf.errors import ExitCode
from budgetpdf.extractors.batch.exit_policy import run_exit_code
from budgetpdf.extractors.batch.settings import BatchSettings
from budgetpdf.extractors.identity.model import DocumentIdentity, DocumentKind


class Status(str, Enum):
    OK = "ok"
    NO_TABLES = "no_tables"  # read, but no standard table in it
    FAILED = "failed"
    SKIPPED = "skipped"  # incremental: unchanged since a run that read it
    DUPLICATE = "duplicate"  # incremental: the same content as an earlier input of this run


@dataclass
class DocumentOutcome:
    """What became of one input: the run reports these in input order."""

    index: int
    path: str
    name: str | None  # its folder under the output folder
    status: Status
    sha256: str | None = None
    size: int = 0
    pages: int = 0
    tables: int = 0
    # Tables no spec fits, written under the fallback spec (`other`).
    unmatched_tables: int = 0
    rows: int = 0
    warnings: int = 0
    unreadable_pages: int = 0  # damaged pages skipped: their tables are missing
    text_pages: int = 0
    # Titles of standard tables the text names without printing them (a narrative whose
    # tables are a separate attachment), for a document without tables.
    mentioned: list[str] = field(default_factory=list)
    table_pages: list[int] = field(default_factory=list)
    # Whose budget, which year, as the document states it (None where it does not).
    organization: str | None = None
    year: int | None = None
    kind: DocumentKind | None = None
    checks_failed: int = 0
    checks_line: str = ""  # "checks: 57 pass, 3 rounding, 1 fail", for documents read
    seconds: float = 0.0
    reason: str = ""  # one line naming the file, for failures and skips
    exit_code: int = ExitCode.OK
    outputs: list[str] = field(default_factory=list)
    traceback: str | None = None
    # What adding it to the accumulating database did (added, superseded, unchanged, …).
    database: str | None = None

    @property
    def identity(self) -> str | None:
        """'深圳市公安局 2026 预算' ('?' for a field not known); None when nothing is known."""
        return DocumentIdentity(self.organization, self.year, self.kind).describe()

    @property
    def has_output(self) -> bool:
        """Whether its folder holds this content's output, for the combined outputs."""
        return self.status in (Status.OK, Status.NO_TABLES, Status.SKIPPED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.status.value,
            "file": self.path,
            "document": self.name,
            "organization": self.organization,
            "year": self.year,
            "kind": self.kind.value if self.kind else None,
            "mentioned_tables": self.mentioned,
            "sha256": self.sha256,
            "pages": self.pages,
            "tables": self.tables,
            "unmatched_tables": self.unmatched_tables,
            "rows": self.rows,
            "warnings": self.warnings,
            "checks_failed": self.checks_failed,
            "seconds": round(self.seconds, 3),
            "reason": self.reason,
            "exit_code": int(self.exit_code),
            **({"database": self.database} if self.database else {}),
        }


@dataclass(frozen=True)
class DocumentStarted:
    """A document handed to a worker."""

    index: int
    path: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"event": "start", "file": self.path, "document": self.name}


Event = DocumentStarted | DocumentOutcome


_READ = (Status.OK, Status.NO_TABLES)


class OutcomeLog:
    """Every outcome of a run as a JSON line in an anonymous temp file, for the run record
    written at the end: the run keeps counts, never one object per input (10^5 inputs would
    hold hundreds of MB). In the output folder, which has room for the outputs, rather than
    a /tmp that may be memory."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder)

    def append(self, outcome: DocumentOutcome) -> None:
        self._file.seek(0, os.SEEK_END)
        self._file.write(json.dumps(outcome.to_dict(), ensure_ascii=False) + "\n")

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)

    def close(self) -> None:
        self._file.close()


@dataclass
class RunTally:
    """What the closing lines and the run record count over the outcomes."""

    statuses: Counter[Status] = field(default_factory=Counter)
    exit_codes: Counter[int] = field(default_factory=Counter)
    pages: int = 0  # of documents read in this run
    tables: int = 0
    checks_failed: int = 0  # documents read in this run with at least one failed check

    def add(self, outcome: DocumentOutcome) -> None:
        self.statuses[outcome.status] += 1
        self.exit_codes[int(outcome.exit_code)] += 1
        if outcome.status in _READ:
            self.pages += outcome.pages
            self.tables += outcome.tables
            self.checks_failed += outcome.checks_failed > 0


@dataclass
class RunSummary:
    settings: BatchSettings
    started: datetime
    seconds: float
    tally: RunTally
    # Each outcome's to_dict(), in input order, read from where the run spilled them.
    outcomes: Iterable[dict[str, Any]] = ()
    path: Path | None = None  # the run-<timestamp>.json it was written to
    # Where the documents were read: {"name": "local", "workers": 4}, or a Dask scheduler's.
    executor: dict[str, Any] = field(default_factory=lambda: {"name": "local"})

    def count(self, *statuses: Status) -> int:
        return sum(self.tally.statuses[status] for status in statuses)

    @property
    def total(self) -> int:
        return sum(self.tally.statuses.values())

    @property
    def read(self) -> int:
        """Documents read in this run (not skipped, not failed)."""
        return self.count(*_READ)

    @property
    def pages(self) -> int:
        return self.tally.pages

    @property
    def tables(self) -> int:
        return self.tally.tables

    @property
    def checks_failed(self) -> int:
        """Documents read in this run with at least one failed check."""
        return self.tally.checks_failed

    def failing(self) -> Iterator[str]:
        """The folder (or file, without one) of each document read with a failed check."""
        for outcome in self.outcomes:
            if outcome["event"] in _READ and outcome["checks_failed"]:
                yield outcome["document"] or outcome["file"]

    @property
    def exit_code(self) -> int:
        return run_exit_code(
            self.tally.exit_codes,
            checks_failed=bool(self.checks_failed) and not self.settings.allow_check_failures,
        )

    def head(self) -> dict[str, Any]:
        """The run record without its outcomes."""
        settings = self.settings
        key = settings.key()
        return {
            "started": self.started.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "output": str(settings.out),
            "executor": self.executor,
            "workers": settings.workers,
            "timeout": settings.timeout,
            "incremental": settings.incremental,
            "formats": sorted(settings.formats.names),
            "tool_version": key.tool_version,
            "spec_fingerprint": key.spec_fingerprint,
            "documents": self._documents(),
            "pages": self.pages,
            "tables": self.tables,
            "pages_per_second": round(self.pages / self.seconds, 2) if self.seconds else None,
            "exit_code": int(self.exit_code),
        }

    def to_dict(self) -> dict[str, Any]:
        """The run record whole, as write() puts it in a file one outcome at a time."""
        return {**self.head(), "outcomes": list(self.outcomes)}

    def write(self, handle: TextIO) -> None:
        """The run record as `json.dumps(self.to_dict(), ensure_ascii=False, indent=1)`
        and a newline, written an outcome at a time."""
        head = json.dumps({**self.head(), "outcomes": []}, ensure_ascii=False, indent=1)
        assert head.endswith("[]\n}")
        handle.write(head[: -len("]\n}")])
        separator = "\n"
        for outcome in self.outcomes:
            text = json.dumps(outcome, ensure_ascii=False, indent=1)
            handle.write(separator + "  " + text.replace("\n", "\n  "))
            separator = ",\n"
        handle.write("]\n}\n" if separator == "\n" else "\n ]\n}\n")

    def _documents(self) -> dict[str, int]:
        return {
            "total": self.total,
            "read": self.read,
            "ok": self.count(Status.OK),
            "no_tables": self.count(Status.NO_TABLES),
            "failed": self.count(Status.FAILED),
            "skipped": self.count(Status.SKIPPED, Status.DUPLICATE),
            "checks_failed": self.checks_failed,
        }
