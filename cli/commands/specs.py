"""`budgetpdf specs list | show | validate`: look at and check table specs."""

from __future__ import annotations

from pathlib import Path

import typer

from budgetpdf.cli.common import SpecsOption, VerboseOption, cli_errors, err, spec_set
from budgetpdf.extractors.errors import ExitCode
from budgetpdf.table_specs.loader import bundled_dir, load_specs

app = typer.Typer(help="List, show and validate table specs.", no_args_is_help=True)


@app.command("list")
def list_specs(specs: list[Path] | None = SpecsOption, verbose: bool = VerboseOption) -> None:
    """List the spec ids with their standard titles. Example: budgetpdf specs list"""
    with cli_errors(verbose):
        for spec in spec_set(specs).specs:
            typer.echo(f"{spec.id:40} {spec.layout:9} {spec.code_scheme.value:8} {spec.title}")


@app.command("show")
def show(
    spec_id: str = typer.Argument(..., help="A spec id, e.g. expenditure_summary."),
    specs: list[Path] | None = SpecsOption,
    verbose: bool = VerboseOption,
) -> None:
    """Print a spec's YAML. Example: budgetpdf specs show expenditure_summary"""
    with cli_errors(verbose):
        loaded = spec_set(specs)
        if spec_id not in loaded.sources:
            err(f"error: no spec {spec_id!r}; known: {', '.join(sorted(loaded.sources))}")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        source = Path(loaded.sources[spec_id])
        typer.echo(f"# {source}")
        typer.echo(source.read_text(encoding="utf-8").rstrip())


@app.command("validate")
def validate(
    folder: Path | None = typer.Argument(None, help="Spec folder (default: the bundled specs)."),
    verbose: bool = VerboseOption,
) -> None:
    """Check every spec in a folder; all problems are listed with file, line and key.

    Example: budgetpdf specs validate my_specs/
    """
    with cli_errors(verbose):
        target = folder or bundled_dir()
        loaded = load_specs([target])
        typer.echo(f"{len(loaded.specs)} specs valid in {target}")
