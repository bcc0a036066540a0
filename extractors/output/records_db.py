"""One SQLite database of every record of a run (`OUT/records.sqlite`), for sqlite3 or
datasette: documents, tables, their columns, records and warnings.

`records.value` is the exact decimal as text, the same string as in the CSV files;
`records.amount` is the same number as a REAL for SUM() and comparisons (a binary double:
exact to 15 significant digits).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from budgetpdf.errors import OutputError
from budgetpdf.extractors.output.tabular import Record, iter_records, table_file_names
from budgetpdf.extractors.output.writers import PendingFile
from budgetpdf.extractors.result import DocumentResult, Table

RECORDS_DB_NAME = "records.sqlite"
_SCHEMA = """
CREATE TABLE documents (
    document TEXT PRIMARY KEY,       -- its folder under OUT, as in records.csv
    path TEXT NOT NULL,              -- the PDF it was read from
    sha256 TEXT NOT NULL,
    organization TEXT,               -- whose budget: null where the document does not say
    year INTEGER,                    -- the fiscal year it is for
    kind TEXT,                       -- budget (预算) or final_accounts (决算)
    scope TEXT,                      -- department (部门) or unit (单位)
    pages INTEGER NOT NULL,
    tables INTEGER NOT NULL,
    warnings INTEGER NOT NULL
);
CREATE TABLE tables (
    table_id INTEGER PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(document),
    spec TEXT NOT NULL,
    file TEXT NOT NULL,              -- its CSV file in the document's folder
    title TEXT NOT NULL,             -- as printed
    pages TEXT NOT NULL,             -- comma-separated page numbers
    unit TEXT,                       -- as printed; null when none is printed
    output_unit TEXT NOT NULL,
    extractor TEXT NOT NULL,
    code_scheme TEXT NOT NULL,
    rows INTEGER NOT NULL
);
CREATE TABLE columns (
    table_id INTEGER NOT NULL REFERENCES tables(table_id),
    position INTEGER NOT NULL,
    side TEXT,
    id TEXT NOT NULL,
    header TEXT NOT NULL,            -- the header path as printed
    kind TEXT NOT NULL
);
CREATE TABLE records (
    document TEXT NOT NULL REFERENCES documents(document),
    organization TEXT,
    year INTEGER,
    kind TEXT,
    table_id INTEGER NOT NULL REFERENCES tables(table_id),
    spec TEXT NOT NULL,
    page INTEGER NOT NULL,
    side TEXT NOT NULL,
    code TEXT NOT NULL,              -- text: 2080505, never a number
    name TEXT NOT NULL,
    level INTEGER,
    parent TEXT NOT NULL,
    is_total INTEGER NOT NULL,
    "column" TEXT NOT NULL,
    header TEXT NOT NULL,
    value TEXT NOT NULL,
    amount REAL NOT NULL,
    unit TEXT NOT NULL,
    budget_unit TEXT                 -- the 预算单位 whose block holds the row, where printed
);
CREATE TABLE warnings (
    document TEXT NOT NULL REFERENCES documents(document),
    type TEXT NOT NULL,
    message TEXT NOT NULL,
    page INTEGER,
    spec TEXT
);
CREATE INDEX records_code ON records(code);
CREATE INDEX records_document_spec ON records(document, spec);
CREATE INDEX records_organization_year ON records(organization, year);
"""


class RecordsDb:
    """records.sqlite built document by document in a temp file beside it, in one
    transaction: in place on publish(), gone on discard()."""

    def __init__(self, path: Path) -> None:
        self._pending = PendingFile(path)
        self._db = sqlite3.connect(self._pending.path)
        self._next_id = 1  # table_id of the next table added
        try:
            with self._writing():
                self._db.executescript(_SCHEMA)
        except OutputError:
            self.discard()
            raise

    def add(self, name: str, result: DocumentResult) -> None:
        with self._writing():
            self._add(name, result)

    def publish(self) -> None:
        with self._writing():
            self._db.commit()
        self._db.close()
        self._pending.publish()

    def discard(self) -> None:
        self._db.close()  # what was not committed is rolled back
        self._pending.discard()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:  # a full disk: "database or disk is full"
            raise OutputError(f"cannot write: {exc}", self._pending.target) from exc

    def _add(self, name: str, result: DocumentResult) -> None:
        db = self._db
        identity = result.identity
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                result.path,
                result.sha256,
                identity.organization,
                identity.year,
                identity.kind.value if identity.kind else None,
                identity.scope.value if identity.scope else None,
                result.pages,
                len(result.tables),
                len(result.warnings),
            ),
        )
        first_id = self._next_id
        files = table_file_names(t.spec for t in result.tables)
        for table, file in zip(result.tables, files, strict=True):
            _add_table(db, self._next_id, name, table, file)
            self._next_id += 1
        db.executemany(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_record_row(record, first_id) for record in iter_records(result, name)),
        )
        db.executemany(
            "INSERT INTO warnings VALUES (?, ?, ?, ?, ?)",
            ((name, w.slug, w.message, w.page, w.spec) for w in result.warnings),
        )


def _add_table(db: sqlite3.Connection, table_id: int, name: str, table: Table, file: str) -> None:
    db.execute(
        "INSERT INTO tables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            table_id,
            name,
            table.spec,
            file,
            table.title,
            ",".join(map(str, table.pages)),
            table.unit,
            table.output_unit,
            table.extractor,
            table.code_scheme,
            len(table.rows),
        ),
    )
    db.executemany(
        "INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?)",
        (
            (table_id, i, c.side or None, c.id, c.header, c.kind)
            for i, c in enumerate(table.columns)
        ),
    )


def _record_row(record: Record, first_id: int) -> tuple[object, ...]:
    """A records row; `first_id` is the table_id of its document's first table."""
    return (
        record.document,
        record.organization or None,
        record.year if record.year != "" else None,
        record.kind or None,
        first_id + record.table,
        record.spec,
        record.page,
        record.side,
        record.code,
        record.name,
        record.level or None,
        record.parent,
        record.is_total,
        record.column,
        record.header,
        record.value,
        float(record.value),
        record.unit,
        record.budget_unit or None,
    )
