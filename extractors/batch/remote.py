"""Reading one document on another machine: a PDF's bytes in, its result (or failure) out,
nothing written but a scratch copy of the bytes, removed before returning. The machine that
sent the bytes writes the folder (read.settle), so workers need no shared file system.

The result must be the one this machine would give: the PDF is read from a copy under its
own file name (the identity reader looks at the name), and the copy's path is replaced by
the input's path as the run names it, in the result and in a failure's message.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from budgetpdf.errors import BudgetPdfError, printable
from budgetpdf.extractors.batch.read import Failure, failure_of
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.result import DocumentResult
from budgetpdf.table_specs.loader import SpecSet


@dataclass(frozen=True)
class Extracted:
    """What a remote reading sends back."""

    outcome: DocumentResult | Failure
    seconds: float


def extract_bytes(
    shown: str,
    data: bytes,
    specs: SpecSet,
    options: ExtractOptions,
    read: Callable[[Path, SpecSet, ExtractOptions], DocumentResult] = extract_document,
) -> Extracted:
    """Read the PDF whose content is `data` and whose path, as the run names it, is `shown`
    (with `read`: extract_document, or a test's stand-in). Never raises for a bad document
    (nor for a bug met on one)."""
    began = time.monotonic()
    outcome: DocumentResult | Failure
    with tempfile.TemporaryDirectory(prefix="budgetpdf-") as scratch:
        copy = Path(scratch) / (Path(shown).name or "input.pdf")
        copy.write_bytes(data)
        try:
            outcome = read(copy, specs, options)
        except Exception as exc:  # noqa: BLE001 - a bug met on one document is that document's failure; the traceback goes with it
            outcome = _as_shown(failure_of(Path(shown), _renamed(exc, copy, shown)), copy, shown)
        else:
            outcome.path = shown
    return Extracted(outcome, time.monotonic() - began)


def _renamed(exc: Exception, copy: Path, shown: str) -> Exception:
    """The error naming the input rather than its scratch copy."""
    if isinstance(exc, BudgetPdfError) and exc.path == printable(copy):
        exc.path = shown
    return exc


def _as_shown(failure: Failure, copy: Path, shown: str) -> Failure:
    # A message may quote the path inside its text too ("cannot open /tmp/…/x.pdf").
    reason = failure.reason.replace(printable(copy), shown)
    return Failure(reason, failure.exit_code, failure.traceback)


def held(value: SpecSet) -> SpecSet:
    """The specs, as a task's result that every document's task depends on."""
    return value
