"""Options shared by several commands, and the one place library errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

import typer

from budgetpdf.errors import BudgetPdfError, SpecError
from budgetpdf.table_specs.loader import SpecSet, bundled_dir, load_specs

SpecsOption = typer.Option(
    None,
    "--specs",
    help="A folder of your own *.yaml specs, loaded on top of the bundled ones "
    "(same id replaces the bundled spec). Repeatable.",
    exists=False,
)
VerboseOption = typer.Option(False, "--verbose", "-v", help="Show tracebacks for errors.")
PasswordOption = typer.Option("", "--password", help="User password of an encrypted PDF.")


def _tolerance(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise typer.BadParameter(f"{text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise typer.BadParameter(f"{text!r}: give a number of 0 or more")
    return value


ToleranceOption = typer.Option(
    None,
    "--tolerance",
    parser=_tolerance,
    metavar="DIGITS",
    help="Rounding allowed per summed cell, in units of the last printed digit "
    "(default 0.5, from document_checks.yaml; 0 makes every difference a failure).",
)
AllowCheckFailuresOption = typer.Option(
    False,
    "--allow-check-failures",
    help="Exit 0 even when a check fails (failures are still reported and written).",
)


def err(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def cli_errors(verbose: bool) -> Iterator[None]:
    """Turn the library's typed errors into one line on stderr and their exit code."""
    try:
        yield
    except BudgetPdfError as exc:
        if verbose:
            raise
        if isinstance(exc, SpecError):
            err(f"error: {len(exc.problems)} problem(s) in the table specs:")
            for problem in exc.problems:
                err(f"  {problem}")
        else:
            err(f"error: {exc.line()}")
        raise typer.Exit(int(exc.exit_code)) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except BrokenPipeError:
        # The reader of stdout went away (`budgetpdf … | head`): stop quietly, as a shell
        # tool does, and keep Python from failing again on flushing the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except Exception as exc:  # noqa: BLE001 - the CLI edge: no traceback unless --verbose
        if verbose:
            raise
        err(
            f"internal error: {type(exc).__name__}: {exc} (run again with --verbose for the traceback)"
        )
        raise typer.Exit(1) from None


def spec_set(extra: list[Path] | None) -> SpecSet:
    return load_specs([bundled_dir(), *(extra or [])])


def is_terminal() -> bool:
    return sys.stderr.isatty()
