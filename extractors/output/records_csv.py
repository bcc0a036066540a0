"""`OUT/records.csv`: every value of every table of a run's documents, one per line, in input
order; the same records as `records.sqlite`."""

from __future__ import annotations

import csv
from contextlib import suppress
from pathlib import Path

from budgetpdf.errors import OutputError
from budgetpdf.extractors.output.tabular import RECORD_FIELDS, iter_records
from budgetpdf.extractors.output.writers import PendingFile
from budgetpdf.extractors.result import DocumentResult

RECORDS_CSV_NAME = "records.csv"


class RecordsCsv:
    """records.csv written document by document into a temp file beside it: in place on
    publish(), gone on discard()."""

    def __init__(self, path: Path) -> None:
        self._pending = PendingFile(path)
        try:
            self._handle = self._pending.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(RECORD_FIELDS)
        except OSError as exc:
            self._pending.discard()
            raise self._error(exc) from exc

    def add(self, name: str, result: DocumentResult) -> None:
        try:
            self._writer.writerows(
                record[: len(RECORD_FIELDS)] for record in iter_records(result, name)
            )
        except OSError as exc:  # the disk filled up, a quota was reached
            raise self._error(exc) from exc

    def publish(self) -> None:
        try:
            self._handle.close()
        except OSError as exc:  # the last buffer did not fit on the disk
            raise self._error(exc) from exc
        self._pending.publish()

    def discard(self) -> None:
        # Closing flushes the buffer, which fails again on a full disk: the file goes anyway.
        with suppress(OSError):
            self._handle.close()
        self._pending.discard()

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"cannot write: {exc.strerror}", self._pending.target)
