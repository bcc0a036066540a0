"""The outputs over a whole run: records.csv and datapackage.json (format csv) and
records.sqlite (format sqlite), written from each document's result as the documents come
in input order, and put in place together at the end.

A document read in this run comes with its result; one an earlier run wrote (skipped as
unchanged) is read back from its document.json, once. Of a document added, only its
tables' datapackage entries are kept, so a run over thousands of documents needs about as
much memory as a run over one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from budgetpdf.errors import BudgetPdfError, OutputError
from budgetpdf.extractors.output.datapackage import DataPackage
from budgetpdf.extractors.output.records_csv import RECORDS_CSV_NAME, RecordsCsv
from budgetpdf.extractors.output.records_db import RECORDS_DB_NAME, RecordsDb
from budgetpdf.extractors.output.writers import OutputFormats, read_document
from budgetpdf.extractors.result import DocumentResult


class CombinedWriter(Protocol):
    """One combined file, built document by document in a temp file beside it."""

    def add(self, name: str, result: DocumentResult) -> None: ...

    def publish(self) -> None: ...

    def discard(self) -> None: ...


class CombinedOutputs:
    """The combined files `formats` asks for in `out`. They are started by the first
    document added, so a run in which no document has output leaves the earlier ones.

    A write or read-back that fails does not stop the run: the files are dropped, the
    documents go on, and publish() raises the error once every document is done.
    """

    def __init__(self, out: Path, formats: OutputFormats) -> None:
        self.out = out
        self.formats = formats
        self._writers: list[CombinedWriter] | None = None  # None: not started
        self._error: OutputError | None = None

    def add(self, name: str, result: DocumentResult | None = None) -> None:
        """Add the document in folder `name`; without `result`, read back its document.json."""
        if self._error is not None:
            return
        try:
            if self._writers is None:
                self._writers = []
                self._start(self._writers)
            if not self._writers:
                return  # no combined format asked: nothing to read back
            document = result if result is not None else self._read_back(name)
            for writer in self._writers:
                writer.add(name, document)
        except OutputError as exc:
            self._error = exc
            self.discard()

    def publish(self) -> None:
        """Put every file in place (records.csv, datapackage.json, records.sqlite), or raise
        the error that stopped them."""
        if self._error is not None:
            raise self._error
        pending, self._writers = self._writers or [], []
        try:
            while pending:
                pending[0].publish()
                pending.pop(0)
        finally:
            for writer in pending:  # not in place when one before it failed: debris
                writer.discard()

    def discard(self) -> None:
        """Drop what is not in place yet (every file, unless publish() came first)."""
        writers, self._writers = self._writers or [], []
        for writer in writers:
            writer.discard()

    def _start(self, writers: list[CombinedWriter]) -> None:
        # Appended one by one: when one cannot start, discard() drops those before it.
        if "csv" in self.formats:
            writers.append(RecordsCsv(self.out / RECORDS_CSV_NAME))
            writers.append(DataPackage(self.out))
        if "sqlite" in self.formats:
            writers.append(RecordsDb(self.out / RECORDS_DB_NAME))

    def _read_back(self, name: str) -> DocumentResult:
        path = self.out / name / "document.json"
        try:
            return read_document(path)
        except BudgetPdfError as exc:
            raise OutputError(
                f"cannot read it back for the combined outputs: {exc.message}", path
            ) from exc
