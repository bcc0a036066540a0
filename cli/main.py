"""The `budgetpdf` application: registers the commands, nothing else."""

from __future__ import annotations

from importlib import metadata

import typer

from budgetpdf.cli.commands import specs
from budgetpdf.cli.commands.check import check
from budgetpdf.cli.commands.codes import codes
from budgetpdf.cli.commands.extract import extract
from budgetpdf.cli.commands.inspect import inspect

app = typer.Typer(
    help="Turn Chinese government budget PDFs (部门预算 / 单位预算) into JSON and CSV keyed by 科目编码.\n\n"
    "Example: budgetpdf extract 2026年XX局部门预算.pdf -o out/  (see docs/specs.md to adapt specs)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        try:
            version = metadata.version("budgetpdf")
        except metadata.PackageNotFoundError:  # run from a source tree without installing
            version = "unknown"
        typer.echo(f"budgetpdf {version}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Turn Chinese government budget PDFs into JSON and CSV keyed by 科目编码."""


app.command("extract")(extract)
app.command("check")(check)
app.command("inspect")(inspect)
app.command("codes")(codes)
app.add_typer(specs.app, name="specs")

if __name__ == "__main__":
    app()
