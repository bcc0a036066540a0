"""One SQLite database of every record of a run (`OUT/records.sqlite`), for sqlite3 or
datasette: documents, tables, their columns, records and warnings.

`records.value` is the exact decimal as text, the same string as in the CSV files;
`records.amount` is the same number as a REAL for SUM() and comparisons (a binary double:
exact to 15 significant digits).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from budgetpdf.extractors.output.tabular import iter_records, table_file_names
from budgetpdf.extractors.output.writers import atomic_path

RECORDS_DB_NAME = "records.sqlite"
_SCHEMA = """
CREATE TABLE documents (
    document TEXT PRIMARY KEY,       -- its folder under OUT, as in records.csv
    path TEXT NOT NULL,              -- the PDF it was read from
    sha256 TEXT NOT NULL,
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
    unit TEXT NOT NULL
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
"""


def _add(db: sqlite3.Connection, name: str, document: dict[str, Any], next_id: int) -> int:
    source = document["source"]
    db.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
        (
            name,
            source["path"],
            source["sha256"],
            source["pages"],
            len(document["tables"]),
            len(document["warnings"]),
        ),
    )
    files = table_file_names(t["spec"] for t in document["tables"])
    first_id = next_id
    for table, file in zip(document["tables"], files, strict=True):
        db.execute(
            "INSERT INTO tables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                next_id,
                name,
                table["spec"],
                file,
                table["title"],
                ",".join(map(str, table["pages"])),
                table["unit"],
                table["output_unit"],
                table["extractor"],
                table["code_scheme"],
                len(table["rows"]),
            ),
        )
        db.executemany(
            "INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?)",
            (
                (next_id, i, c.get("side"), c["id"], c["header"], c["kind"])
                for i, c in enumerate(table["columns"])
            ),
        )
        next_id += 1
    db.executemany(
        "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                r.document,
                first_id + r.table,
                r.spec,
                r.page,
                r.side,
                r.code,
                r.name,
                r.level or None,
                r.parent,
                r.is_total,
                r.column,
                r.header,
                r.value,
                float(r.value),
                r.unit,
            )
            for r in iter_records(document, name)
        ),
    )
    db.executemany(
        "INSERT INTO warnings VALUES (?, ?, ?, ?, ?)",
        ((name, w["type"], w["message"], w["page"], w["spec"]) for w in document["warnings"]),
    )
    return next_id


def write_records_db(documents: Iterable[tuple[str, dict[str, Any]]], path: Path) -> None:
    """Build the database in a temp file and rename it over `path`: readers never see half."""
    with atomic_path(path) as tmp:
        db = sqlite3.connect(tmp)
        try:
            db.executescript(_SCHEMA)
            next_id = 1
            with db:
                for name, document in documents:
                    next_id = _add(db, name, document, next_id)
        finally:
            db.close()
