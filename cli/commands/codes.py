"""`budgetpdf codes 2080505`, `budgetpdf codes --search 养老`: look up the bundled 科目
dictionary."""

from __future__ import annotations

import typer

from budgetpdf.cli.common import VerboseOption, cli_errors, err
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.classification import Entry, lookup, search


def codes(
    code: list[str] = typer.Argument(None, help="Codes to look up (2080505, 30101, 501)."),
    find: str | None = typer.Option(
        None, "--search", help="List the codes whose name holds this text."
    ),
    year: int | None = typer.Option(
        None, "--year", help="Names as in force that year (default: the latest)."
    ),
    verbose: bool = VerboseOption,
) -> None:
    """Look up 政府收支分类科目 codes and names in the bundled dictionary.

    One line per code: code, name, the years the name applies, where it comes from. Exits 2
    when a code is unknown or nothing matches. Example:

        budgetpdf codes 2080505 30101
        budgetpdf codes --search 养老 --year 2023
    """
    with cli_errors(verbose):
        if not code and not find:
            err("error: give codes to look up, or --search TEXT")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        found: list[Entry] = []
        missing = []
        for wanted in code or []:
            entry = lookup(wanted.strip(), year)
            if entry is None:
                missing.append(wanted)
            else:
                found.append(entry)
        if find:
            found += search(find, year)
        for entry in found:
            typer.echo(f"{entry.code}\t{entry.name}\t{entry.years}\t{entry.source}")
        if missing:
            err(f"error: not in the dictionary: {', '.join(missing)}")
        if missing or not found:
            if not found and find:
                err(f"error: no name holds {find!r}")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
