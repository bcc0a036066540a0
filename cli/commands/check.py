"""`budgetpdf check OUT/`: run the arithmetic checks again on existing output and report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import typer

from budgetpdf.cli.common import (
    AllowCheckFailuresOption,
    SpecsOption,
    ToleranceOption,
    VerboseOption,
    cli_errors,
    err,
    spec_set,
)
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.checks.recheck import RecheckTally, recheck
from budgetpdf.extractors.checks.report import document_lines, total_line
from budgetpdf.extractors.result import CheckStatus


def check(
    outputs: list[Path] = typer.Argument(
        ..., help="Output folders of `extract` (or document.json files)."
    ),
    show: list[CheckStatus] = typer.Option(
        [CheckStatus.FAIL, CheckStatus.ROUNDING],
        "--show",
        help="Which results to list in detail; repeatable.",
    ),
    specs: list[Path] | None = SpecsOption,
    tolerance: Decimal | None = ToleranceOption,
    allow_check_failures: bool = AllowCheckFailuresOption,
    verbose: bool = VerboseOption,
) -> None:
    """Check the arithmetic of extracted tables again, with the current specs.

    Lists failing and rounding checks with the cells they compared; exits 8 when one fails.
    Example:

        budgetpdf check out/ --show fail --tolerance 1
    """
    with cli_errors(verbose):
        tally = RecheckTally()
        for document in recheck(outputs, spec_set(specs), tolerance):
            typer.echo("\n".join(document_lines(document, show)))
            tally.add(document)
        if not tally.documents:
            err("error: no document.json among the inputs (give extract's output folder)")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        if tally.documents > 1:
            typer.echo(total_line(tally))
        if tally.failing and not allow_check_failures:
            raise typer.Exit(int(ExitCode.CHECKS_FAILED))
