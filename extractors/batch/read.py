"""Reading one document, in a worker: a job (which PDF, into which folder) in, its folder
written and renamed into place, its outcome and result out (the result for the run's
combined outputs). A bad document never raises here: its failure is its outcome, never the
batch's."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from budgetpdf.errors import BudgetPdfError, ExitCode, printable
from budgetpdf.extractors.batch.exit_policy import INTERNAL_ERROR
from budgetpdf.extractors.batch.outcomes import DocumentOutcome, Status
from budgetpdf.extractors.checks.run import summary_line
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.notices import NoticeKind
from budgetpdf.extractors.output.writers import OutputFormats, write_document
from budgetpdf.extractors.result import CheckStatus, DocumentResult
from budgetpdf.table_specs.loader import SpecSet


@dataclass(frozen=True)
class Job:
    index: int
    path: Path
    name: str
    sha256: str | None
    size: int
    first: bool  # not the same content as an earlier input: the one the state records


@dataclass(frozen=True)
class JobContext:
    """What every worker needs besides the job, bound once per worker."""

    out: Path
    specs: SpecSet
    options: ExtractOptions
    formats: OutputFormats


@dataclass
class Reading:
    """One input's outcome, and its result when it was read in this run: what a worker
    sends back for a job, kept until the input's turn to be reported comes."""

    outcome: DocumentOutcome
    result: DocumentResult | None = None


def failed_checks(result: DocumentResult) -> int:
    """How many of a document's checks failed."""
    return sum(check.status is CheckStatus.FAIL for check in result.checks)


def mentioned_tables(result: DocumentResult, specs: SpecSet) -> list[str]:
    """The standard tables a document's text names by title but does not print, in the
    order it names them."""
    named = [w.spec for w in result.warnings if w.kind is NoticeKind.TITLE_WITHOUT_TABLE and w.spec]
    titles = {spec.id: spec.title for spec in specs.specs}
    return [titles[spec_id] for spec_id in dict.fromkeys(named) if spec_id in titles]


@dataclass(frozen=True)
class Failure:
    """Why a document was not read: its one-line reason, exit code and, for a bug, the
    traceback."""

    reason: str
    exit_code: int
    traceback: str | None = None


def failure_of(path: Path, exc: Exception) -> Failure:
    """The failure of the document at `path`, from the exception its reading raised; called
    in the `except` block, so a bug's traceback is at hand."""
    if isinstance(exc, BudgetPdfError):
        return Failure(_reason(path, exc), exc.exit_code)
    return Failure(
        f"{printable(path)}: internal error: {type(exc).__name__}: {exc}",
        INTERNAL_ERROR,
        traceback.format_exc(),
    )


def read_document(job: Job, context: JobContext) -> Reading:
    """Read one PDF and write its folder; never raises for a bad document."""
    began = time.monotonic()
    extracted: DocumentResult | Failure
    try:
        extracted = extract_document(job.path, context.specs, context.options)
    except Exception as exc:  # noqa: BLE001 - a bug met on one document is that document's failure; the traceback goes with it
        extracted = failure_of(job.path, exc)
    return settle(job, context, extracted, time.monotonic() - began)


def settle(
    job: Job, context: JobContext, extracted: DocumentResult | Failure, seconds: float
) -> Reading:
    """A document's reading from what its extraction gave (in this process or on another
    machine, in `seconds`): a result is written into its folder (renamed into place) and
    described, a failure reported."""
    began = time.monotonic()
    reading = Reading(
        DocumentOutcome(
            job.index, printable(job.path), job.name, Status.FAILED, job.sha256, job.size
        )
    )
    outcome = reading.outcome
    failure = extracted if isinstance(extracted, Failure) else None
    if isinstance(extracted, DocumentResult):
        try:
            outcome.outputs = write_document(extracted, context.out, job.name, context.formats)
        except Exception as exc:  # noqa: BLE001 - as above: this document's failure
            failure = failure_of(job.path, exc)
        else:
            _describe(outcome, extracted, context.specs)
            reading.result = extracted
    if failure is not None:
        outcome.reason, outcome.exit_code = failure.reason, failure.exit_code
        outcome.traceback = failure.traceback
    outcome.seconds = seconds + time.monotonic() - began
    return reading


def _reason(path: Path, exc: BudgetPdfError) -> str:
    # An output error names the output folder; the line must name the input too.
    return exc.line() if exc.path == printable(path) else f"{printable(path)}: {exc.line()}"


def _describe(outcome: DocumentOutcome, result: DocumentResult, specs: SpecSet) -> None:
    """Fill the outcome of a document read and written."""
    outcome.status = Status.OK if result.tables else Status.NO_TABLES
    outcome.exit_code = ExitCode.OK if result.tables else ExitCode.NO_TABLES
    outcome.pages = result.pages
    outcome.tables = len(result.tables)
    fallbacks = {s.id for s in specs.specs if s.fallback}
    outcome.unmatched_tables = sum(t.spec in fallbacks for t in result.tables)
    outcome.rows = sum(len(t.rows) for t in result.tables)
    outcome.warnings = len(result.warnings)
    outcome.unreadable_pages = sum(w.kind is NoticeKind.PAGE_UNREADABLE for w in result.warnings)
    outcome.text_pages = result.text_pages
    if not result.tables:
        outcome.mentioned = mentioned_tables(result, specs)
    outcome.table_pages = sorted({p for t in result.tables for p in t.pages})
    identity = result.identity
    outcome.organization, outcome.year, outcome.kind = (
        identity.organization,
        identity.year,
        identity.kind,
    )
    outcome.checks_failed = failed_checks(result)
    outcome.checks_line = summary_line(result.checks, result.coverage)
