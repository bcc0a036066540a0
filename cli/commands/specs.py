"""`budgetpdf specs list | show | validate | new`: look at, check and draft table specs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

import typer

from budgetpdf.cli.common import (
    PasswordOption,
    SpecsOption,
    VerboseOption,
    cli_errors,
    err,
    spec_set,
)
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.document import ExtractOptions
from budgetpdf.extractors.output.writers import atomic_file
from budgetpdf.table_specs.loader import bundled_dir, load_specs, spec_problems

app = typer.Typer(
    help="List, show, validate and draft table specs. Example: budgetpdf specs list",
    no_args_is_help=True,
)


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
    specs: list[Path] | None = SpecsOption,
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print the problems as a JSON list of {file, line, path, message} on stdout "
        "([] when the specs are valid); the exit code is the same.",
    ),
    verbose: bool = VerboseOption,
) -> None:
    """Check every spec in a folder, listing each problem with file, line and key.

    Folders given with --specs are loaded on top of it (of the bundled specs when no folder
    is named), as extract loads them. Examples:

        budgetpdf specs validate my_specs/

        budgetpdf specs validate --specs my_specs/

        budgetpdf specs validate my_specs/ --json
    """
    with cli_errors(verbose):
        folders = [folder or bundled_dir(), *(specs or [])]
        if as_json:
            problems = spec_problems(folders)
            typer.echo(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2))
            raise typer.Exit(int(ExitCode.BAD_SPEC if problems else ExitCode.OK))
        loaded = load_specs(folders)
        typer.echo(f"{len(loaded.specs)} specs valid in {', '.join(map(str, folders))}")


@app.command("new")
# Each parameter is one of the command's options, the way typer declares them.
def new(
    source: Path = typer.Option(..., "--from", help="The PDF that holds the table."),
    page: int = typer.Option(..., "--page", "-p", min=1, help="The page with the table's title."),
    output: Path = typer.Option(..., "--output", "-o", help="The spec file to write (.yaml)."),
    table: int = typer.Option(
        1, "--table", "-t", min=1, help="Which table below a title on the page, top first."
    ),
    spec_id: str | None = typer.Option(
        None,
        "--id",
        help="The spec id (default: the output file's name, my_table.yaml → my_table).",
    ),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
    specs: list[Path] | None = SpecsOption,
    password: str = PasswordOption,
    verbose: bool = VerboseOption,
) -> None:
    """Draft a spec from the table on a page, to edit and keep.

    The draft holds the table's title, what its header must hold, its key columns and one
    column per header path. Column ids come from the specs that already name a header (bundled, and yours with
    --specs); the others are col<N>. Edit the draft, then validate and use it. Example:

        budgetpdf specs new --from report.pdf --page 9 -o my_specs/my_table.yaml
    """
    with cli_errors(verbose):
        if output.exists() and not force:
            err(f"error: {output} exists; pass --force to replace it")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        # Imported here: every command's module is imported when the CLI starts.
        from budgetpdf.extractors.inspection.spec_draft import draft_spec, spec_id_from

        chosen = spec_id or spec_id_from(output)
        if not chosen:
            err(f"error: {output.name} gives no spec id; name one with --id (e.g. --id my_table)")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        draft = draft_spec(
            source, page, chosen, spec_set(specs), table, ExtractOptions(password=password)
        )
        text = draft.yaml()

        def write(handle: TextIO) -> None:
            handle.write(text)

        atomic_file(output, write)
        columns = [c.id for c in (*draft.spec.columns, *draft.spec.text_columns)]
        columns += [c.id for side in draft.spec.sides for c in side.columns]
        typer.echo(
            f"wrote {output}: spec {draft.spec.id} from {draft.printed_title.strip()!r} on page "
            f"{page}, {draft.spec.layout}, code scheme {draft.spec.code_scheme.value}, "
            f"columns {', '.join(columns)}"
        )
        typer.echo(f"next: edit it, then budgetpdf extract {source} --specs {output.parent}")
