"""`budgetpdf extract`: PDFs in, document.json + one CSV per table + records.csv out."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path

import typer

from budgetpdf.cli.common import SpecsOption, VerboseOption, cli_errors, err, spec_set
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.errors import BudgetPdfError, ExitCode, printable
from budgetpdf.extractors.result import DocumentResult
from budgetpdf.extractors.writers import (
    prepare_output,
    safe_stem,
    write_document,
    write_records,
)


class Unit(str, Enum):
    yuan = "元"
    wanyuan = "万元"


class EngineChoice(str, Enum):
    auto = "auto"
    ruled = "ruled"
    words = "words"
    camelot = "camelot"


def _pdfs(inputs: list[Path]) -> list[Path]:
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found += sorted(p for p in item.iterdir() if p.suffix.lower() == ".pdf")
        else:
            found.append(item)
    return found


def _unique(stem: str, taken: set[str]) -> str:
    """reports/a/x.pdf and reports/b/x.pdf in one run go to out/x and out/x-2."""
    name, number = stem, 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}"
    return name


def _pages(pages: list[int]) -> str:
    if not pages:
        return "-"
    return f"{min(pages)}-{max(pages)}" if len(pages) > 1 else str(pages[0])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _damage_note(result: DocumentResult) -> str:
    """', 1 page unreadable' when pages were skipped: their tables are missing."""
    unreadable = sum(w.slug == "page_unreadable" for w in result.warnings)
    return f", {_plural(unreadable, 'page')} unreadable" if unreadable else ""


def _summary(path: Path, result: DocumentResult, seconds: float) -> str:
    pages = sorted({p for t in result.tables for p in t.pages})
    return (
        f"ok  {printable(path.name)}: {len(result.tables)} tables on pages {_pages(pages)} "
        f"of {result.pages}, {sum(len(t.rows) for t in result.tables)} rows, "
        f"{len(result.warnings)} warnings{_damage_note(result)} ({seconds:.1f} s)"
    )


def _none_line(path: Path, result: DocumentResult) -> str:
    textless = result.pages - result.text_pages
    scans = (
        f"; {textless} of {result.pages} pages have no text (scanned tables? OCR them first)"
        if textless
        else ""
    )
    return (
        f"NONE {printable(path.name)}: no standard tables found in {result.pages} pages "
        f"(narrative only? the tables may be in a separate attachment){scans}"
        f"{_damage_note(result)}"
    )


def extract(
    inputs: list[Path] = typer.Argument(..., help="PDF files, or folders of PDFs."),
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Output folder."),
    unit: Unit | None = typer.Option(
        None, "--unit", help="Convert every amount to 元 or 万元 (exact)."
    ),
    engine: EngineChoice = typer.Option(EngineChoice.auto, "--engine", help="Table engine."),
    specs: list[Path] | None = SpecsOption,
    password: str = typer.Option("", "--password", help="User password of encrypted PDFs."),
    verbose: bool = VerboseOption,
) -> None:
    """Extract every standard table of each PDF.

    Writes OUT/<pdf stem>/document.json, OUT/<pdf stem>/<spec id>.csv for each table and
    OUT/records.csv (one line per value, all documents). Example:

        budgetpdf extract 2026年XX局部门预算.pdf reports/ -o out/ --unit 万元
    """
    with cli_errors(verbose):
        spec_folder = spec_set(specs)
        options = ExtractOptions(
            output_unit=unit.value if unit else None, engine=engine.value, password=password
        )
        pdfs = _pdfs(inputs)
        if not pdfs:
            err("error: no PDF files among the inputs")
            raise typer.Exit(int(ExitCode.BAD_ARGS))
        prepare_output(output)
        done: list[tuple[str, DocumentResult]] = []
        codes: list[ExitCode] = []
        started = time.monotonic()
        for path in pdfs:
            began = time.monotonic()
            try:
                result = extract_document(path, spec_folder, options)
                name = _unique(safe_stem(path.stem), {n for n, _ in done})
                write_document(result, output, name)
            except BudgetPdfError as exc:
                if verbose:
                    raise
                err(f"FAIL {exc.line()}")
                codes.append(exc.exit_code)
                continue
            done.append((name, result))
            if result.tables:
                typer.echo(_summary(path, result, time.monotonic() - began))
            else:
                typer.echo(_none_line(path, result))
                codes.append(ExitCode.NO_TABLES)
        if done:
            write_records(done, output / "records.csv")
        tables = sum(len(r.tables) for _, r in done)
        pages = sum(r.pages for _, r in done)
        typer.echo(
            f"total: {len(pdfs)} documents, {len(done)} read, {len(pdfs) - len(done)} failed, "
            f"{tables} tables, {pages} pages in {time.monotonic() - started:.1f} s -> {printable(output)}"
        )
        if codes:
            raise typer.Exit(int(codes[0] if len(pdfs) == 1 else ExitCode.PARTIAL_FAILURE))
