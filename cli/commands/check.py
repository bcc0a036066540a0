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
from budgetpdf.extractors.checks.run import run_checks, summary_line
from budgetpdf.extractors.output.writers import document_files, read_document
from budgetpdf.extractors.result import CellRef, Check, CheckStatus


def _cell(ref: CellRef) -> str:
    side = f" {ref.side}" if ref.side else ""
    value = ref.value if ref.value is not None else "(blank)"
    return f"{ref.table}{side} p.{ref.page} {ref.row} [{ref.column}] = {value} {ref.unit}"


def describe(check: Check) -> list[str]:
    """A check as a few readable lines: what was compared, and the cells themselves."""
    head = f"  {check.status.upper():8} {check.rule}: {check.message}"
    if check.status is CheckStatus.SKIPPED:
        return [f"{head} -- {check.reason}"]
    lines = [
        head,
        f"           printed {check.found}, sum of parts {check.expected}, "
        f"difference {check.difference} (tolerance {check.tolerance})",
    ]
    if check.total is not None:
        lines.append(f"           total: {_cell(check.total)}")
    lines += [f"           part:  {_cell(p)}" for p in check.parts]
    return lines


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
        spec_folder = spec_set(specs)
        files = document_files(outputs)
        if not files:
            err("error: no document.json among the inputs (give extract's output folder)")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        failing = 0
        for path in files:
            result = read_document(path)
            checks = run_checks(result, spec_folder, tolerance)
            typer.echo(f"{path}: {summary_line(checks)}")
            for item in checks:
                if item.status in show:
                    typer.echo("\n".join(describe(item)))
            failing += any(c.status is CheckStatus.FAIL for c in checks)
        if len(files) > 1:
            typer.echo(f"total: {len(files)} documents, {failing} with failing checks")
        if failing and not allow_check_failures:
            raise typer.Exit(int(ExitCode.CHECKS_FAILED))
