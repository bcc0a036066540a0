"""A stand-in for extract_document in the batch tests, so they test the batch (workers,
state, lock, timeouts) in milliseconds rather than parsing real PDFs for seconds.

A fake PDF is a short text file whose words say what its extraction does:
`amount=12.34` (the value in its one table), `none` (no tables), `broken` (an unreadable
PDF), `bug` (an unexpected exception), `spin` (a pure-Python loop that never ends),
`checkfail` (a failed arithmetic check), `org=… year=… kind=…` (its identity; a budget of
部门 scope unless `kind=final_accounts`).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
from decimal import Decimal
from pathlib import Path

import pytest

from budgetpdf.errors import UnreadablePdfError
from budgetpdf.extractors.batch import workers
from budgetpdf.extractors.identity.model import DocumentIdentity, DocumentKind, Scope
from budgetpdf.extractors.pdf.source import sha256_of
from budgetpdf.extractors.result import Check, Column, DocumentResult, Row, Table


def fake_pdf(path: Path, words: str = "amount=1.00") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"%PDF-1.4 fake {words}\n", encoding="utf-8")
    return path


def fake_extract(path: Path, specs: object = None, options: object = None) -> DocumentResult:
    text = Path(path).read_text(encoding="utf-8")
    if "broken" in text:
        raise UnreadablePdfError("broken PDF structure: made so by the test", path)
    if "bug" in text:
        raise RuntimeError("a bug met on this document")
    if "spin" in text:
        while True:  # stuck like pdfminer in one page: no call that a signal could interrupt
            pass
    result = DocumentResult(path=str(path), sha256=sha256_of(Path(path)), pages=3)
    result.identity = _identity(text)
    if "none" in text:
        return result
    match = re.search(r"amount=(\S+)", text)
    amount = Decimal(match[1]) if match else Decimal("1.00")
    row = Row(
        "2080505", "机关事业单位基本养老保险缴费支出", 3, "20805", False, 2, {"total": amount}
    )
    result.tables.append(
        Table(
            spec="expenditure_summary",
            title="支出总表",
            pages=[2],
            unit="万元",
            output_unit="万元",
            extractor="ruled",
            code_scheme="function",
            columns=[Column("total", "合计")],
            rows=[row],
            header_rows=1,
        )
    )
    if "checkfail" in text:
        result.checks.append(Check("expenditure_summary.hierarchy", "fail", "planted by the test"))
    return result


def _identity(text: str) -> DocumentIdentity:
    org, year, kind = (re.search(rf"{key}=(\S+)", text) for key in ("org", "year", "kind"))
    if org is None:
        return DocumentIdentity()
    return DocumentIdentity(
        organization=org[1],
        year=int(year[1]) if year else None,
        kind=DocumentKind(kind[1]) if kind else DocumentKind.BUDGET,
        scope=Scope.DEPARTMENT,
    )


def dying_extract(path: Path, specs: object = None, options: object = None) -> DocumentResult:
    """fake_extract, as a Dask worker runs it (remote.extract_bytes(read=dying_extract)),
    with two more words: `die-once=FILE` kills the worker process while FILE exists
    (removing it first, so the retry goes through), `die-always` kills it on every try."""
    text = Path(path).read_text(encoding="utf-8")
    marker = re.search(r"die-once=(\S+)", text)
    if "die-always" in text or (marker and _took(Path(marker[1]))):
        os.kill(os.getpid(), signal.SIGKILL)
    return fake_extract(path, specs, options)


def _took(marker: Path) -> bool:
    try:
        marker.unlink()
    except FileNotFoundError:
        return False
    return True


@pytest.fixture(autouse=True)
def forked_workers(monkeypatch):
    """The fakes replace extract_document in the test's process, which the local pool's
    workers see only when forked. The pool spawns them once a process has loaded OCR's
    onnxruntime, which an OCR test run earlier in the same process does: fork them here
    whatever ran before (the fakes read no scans)."""
    monkeypatch.setattr(workers, "_context", lambda: multiprocessing.get_context("fork"))
