"""`budgetpdf inspect`: what extract saw on each page, as a listing and as a picture."""

from __future__ import annotations

from pathlib import Path

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
from budgetpdf.table_specs.vocabulary import EngineChoice


def inspect(
    pdf: Path = typer.Argument(..., help="A budget PDF."),
    page: int | None = typer.Option(
        None, "--page", "-p", min=1, help="List only this page (1-based, as printed by extract)."
    ),
    png: Path | None = typer.Option(
        None, "--png", help="Draw what was read on --page over the rendered page into this PNG."
    ),
    engine: EngineChoice = typer.Option(
        EngineChoice.AUTO, "--engine", help="Table engine, as extract's --engine."
    ),
    specs: list[Path] | None = SpecsOption,
    password: str = PasswordOption,
    verbose: bool = VerboseOption,
) -> None:
    """Show what extract sees on each page, and why.

    Per page: the titles and near misses (with why each was rejected), the table read, its
    header paths and the spec column each maps to, the key columns, the unit. The listing
    comes from the same run as `budgetpdf extract`; --png draws it over the page. Examples:

        budgetpdf inspect report.pdf

        budgetpdf inspect report.pdf --page 9 --png page9.png
    """
    with cli_errors(verbose):
        if png is not None and page is None:
            err("error: --png draws one page; give it with --page N")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        options = ExtractOptions(engine=engine.value, password=password)
        # Imported here: PIL and the listing are for this command only, and every command's
        # module is imported when the CLI starts.
        from budgetpdf.extractors.inspection.image import save_png
        from budgetpdf.extractors.inspection.listing import listing
        from budgetpdf.extractors.inspection.record import inspect_document

        inspection = inspect_document(pdf, spec_set(specs), options)
        if page is not None and page > inspection.result.pages:
            err(f"error: {pdf}: --page {page}, but the PDF has {inspection.result.pages} pages")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        for line in listing(inspection, page):
            typer.echo(line)
        if png is not None and page is not None:
            save_png(inspection, page, png, password)
            typer.echo(f"wrote {png}")
