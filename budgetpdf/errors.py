"""Typed errors, each with the exit code the CLI turns it into and a how-to-fix message."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


def printable(path: Path | str) -> str:
    """A path as text that can be printed and written as UTF-8: bytes of a file name that
    are not UTF-8 (a name made on another system) become U+FFFD instead of the lone
    surrogates Python decodes them to, which no UTF-8 writer accepts."""
    text = os.fspath(path)
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate no file name decodes to
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


class ExitCode(IntEnum):
    OK = 0
    # 1 is left to Python itself (an uncaught bug), 2 to click for bad usage.
    BAD_ARGS = 2
    BAD_SPEC = 3
    UNREADABLE_PDF = 4
    ENCRYPTED_PDF = 5
    NO_TEXT_LAYER = 6
    NO_TABLES = 7
    CHECKS_FAILED = 8
    PARTIAL_FAILURE = 9
    OUTPUT_ERROR = 10
    # Could not run at all: another run holds the output folder's lock.
    ALREADY_RUNNING = 11
    # A single document whose worker was stopped: past --timeout, or the process died.
    WORKER_STOPPED = 12
    # Could not run at all: the executor asked for (a Dask scheduler) cannot be used.
    EXECUTOR_UNAVAILABLE = 13


class BudgetPdfError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = ExitCode.BAD_ARGS

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        self.message = message
        self.path = printable(path) if path is not None else None
        super().__init__(self.line())

    def line(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True, kw_only=True)
class SpecProblem:
    """One problem in the table specs, where it is and what is expected there; as text
    `file:line: yaml.path: what is expected`, e.g.
    `my_specs/a.yaml:7: columns.0.header: unknown key 'header'; expected one of: id, headers, …`.
    """

    file: str  # the spec file, or the folder, the problem is in (as it was named)
    line: int | None = None  # 1-based; None when the problem has no line (an empty file)
    path: str | None = None  # dotted YAML path ("columns.0.headers"), "" for the file's top
    # mapping, None when the problem is not at a key (YAML syntax, an unreadable file)
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.path is None:
            return f"{where}: {self.message}"
        return f"{where}: {self.path or '(top)'}: {self.message}"

    def to_dict(self) -> dict[str, str | int | None]:
        """The problem as JSON data; text that is not UTF-8 (a file name made on another
        system) is made printable, so the JSON can be written and read as UTF-8."""
        return {
            "file": printable(self.file),
            "line": self.line,
            "path": self.path,
            "message": printable(self.message),
        }


class SpecError(BudgetPdfError):
    """One or more table specs are invalid; `problems` lists every one found."""

    exit_code = ExitCode.BAD_SPEC

    def __init__(self, problems: list[SpecProblem]) -> None:
        self.problems = problems
        summary = f"{len(problems)} problem(s) in the table specs: " + "; ".join(map(str, problems))
        super().__init__(summary)


class UnreadablePdfError(BudgetPdfError):
    exit_code = ExitCode.UNREADABLE_PDF


class EncryptedPdfError(BudgetPdfError):
    exit_code = ExitCode.ENCRYPTED_PDF


class NoTextLayerError(BudgetPdfError):
    exit_code = ExitCode.NO_TEXT_LAYER


class OutputError(BudgetPdfError):
    exit_code = ExitCode.OUTPUT_ERROR


class AlreadyRunningError(BudgetPdfError):
    """Another run is writing to the same output folder (an overlapping cron run)."""

    exit_code = ExitCode.ALREADY_RUNNING


class ExecutorUnavailableError(BudgetPdfError):
    """The executor asked for cannot run the batch: its extra is not installed, or its
    scheduler cannot be reached. Raised before anything is written."""

    exit_code = ExitCode.EXECUTOR_UNAVAILABLE
