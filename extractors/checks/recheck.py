"""Existing output checked again: each document.json an earlier `extract` wrote, read back
and evaluated with the current specs and tolerance (`budgetpdf check`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from budgetpdf.extractors.checks.run import run_checks
from budgetpdf.extractors.output.writers import document_files, read_document
from budgetpdf.extractors.result import Check, CheckStatus, DocumentResult
from budgetpdf.table_specs.loader import SpecSet


@dataclass
class Rechecked:
    """One document.json and the checks the current specs give it."""

    path: Path
    result: DocumentResult  # as written: its `checks` are those of the extraction
    checks: list[Check]

    @property
    def failed(self) -> bool:
        return any(c.status is CheckStatus.FAIL for c in self.checks)


@dataclass
class RecheckTally:
    """Documents checked again so far, and how many of them have a failing check."""

    documents: int = 0
    failing: int = 0

    def add(self, document: Rechecked) -> None:
        self.documents += 1
        self.failing += document.failed


def recheck(
    outputs: Iterable[Path], specs: SpecSet, per_addend: Decimal | None = None
) -> Iterator[Rechecked]:
    """Each document.json among `outputs` (extract's output folders, or the files), checked
    in turn as it is read, so a large output folder is never held in memory at once.

    Nothing when `outputs` hold no document.json; BudgetPdfError for a file that is not
    extract's output. per_addend None: the specs' own tolerance.
    """
    for path in document_files(outputs):
        result = read_document(path)
        yield Rechecked(path, result, run_checks(result, specs, per_addend))
