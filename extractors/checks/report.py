"""Checks as lines for people: `budgetpdf check` prints these, the library builds them."""

from __future__ import annotations

from collections.abc import Collection

from budgetpdf.extractors.checks.recheck import Rechecked, RecheckTally
from budgetpdf.extractors.checks.run import summary_line
from budgetpdf.extractors.result import CellRef, Check, CheckKind, CheckStatus, Table


def describe(check: Check) -> list[str]:
    """A check as a few readable lines: what was compared, and the cells themselves.

    `  FAIL     rule: message`, then the printed total, the sum of the parts and their
    difference, then one line per cell; a skipped check is one line ending in its reason.
    """
    head = f"  {check.status.value.upper():8} {check.rule}: {check.message}"
    quoted = [f"           “{check.quote}”"] if check.quote else []
    if check.status is CheckStatus.SKIPPED:
        return [f"{head} -- {check.reason}", *quoted]
    if check.total is None:  # a completeness check: its message says it all
        return [head]
    found = "stated" if check.kind is CheckKind.NARRATIVE else "printed"
    expected = "the table prints" if check.kind is CheckKind.NARRATIVE else "sum of parts"
    lines = [
        head,
        *quoted,
        f"           {found} {check.found}, {expected} {check.expected}, "
        f"difference {check.difference} (tolerance {check.tolerance})",
    ]
    if any(c.source for c in [check.total, *check.parts]):
        lines.append(
            "           values read by OCR (a scanned page): a misread digit fails the check "
            "as a misprint does; compare the cells with the page"
        )
    lines.append(f"           total: {_cell(check.total)}")
    lines += [f"           part:  {_cell(p)}" for p in check.parts]
    return lines


def document_lines(document: Rechecked, show: Collection[CheckStatus]) -> list[str]:
    """`PATH: checks: 57 pass, …`, then each check whose status is in `show`, described."""
    lines = [f"{document.path}: {summary_line(document.checks, document.result.coverage)}"]
    for check in document.checks:
        if check.status in show:
            lines += describe(check)
    return lines + coverage_lines(document.result.tables)


def coverage_lines(tables: list[Table]) -> list[str]:
    """One line per table with amounts no check compares, and why:
    `  UNCOVERED basic_expenditure p.20-21: 0 of 69 amounts covered (0%); no identity
    declared for the column: total 23, …`."""
    lines = []
    for table in tables:
        coverage = table.coverage
        if coverage is None or coverage.covered == coverage.amounts:
            continue
        first, last = table.pages[0], table.pages[-1]
        pages = str(first) if first == last else f"{first}-{last}"
        reasons = ", ".join(
            f"{reason} {n}" for reason, n in coverage.to_dict()["uncovered"].items()
        )
        lines.append(
            f"  UNCOVERED {table.spec} p.{pages}: {coverage.covered} of {coverage.amounts} "
            f"amounts covered ({coverage.percent}%); {reasons}"
        )
    return lines


def total_line(tally: RecheckTally) -> str:
    return f"total: {tally.documents} documents, {tally.failing} with failing checks"


def _cell(ref: CellRef) -> str:
    """`three_public_expenditure p.12 (unnamed row) [reception] = 0.07 万元`"""
    side = f" {ref.side}" if ref.side else ""
    value = ref.value if ref.value is not None else "(blank)"
    ocr = ""
    if ref.source:
        ocr = f" (OCR, confidence {ref.confidence:.2f})" if ref.confidence is not None else " (OCR)"
    return f"{ref.table}{side} p.{ref.page} {ref.row} [{ref.column}] = {value} {ref.unit}{ocr}"
