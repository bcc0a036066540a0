"""The SQL of the accumulating database (budget_db.py): its tables, the indexes its queries
need, and the views to explore it with. `datasette_metadata.json` describes the same
tables, columns and views; a test keeps the two in step."""

from __future__ import annotations

# Raised when the schema changes: a database of another version is refused, not mixed.
SCHEMA_VERSION = 1

TABLES = """
CREATE TABLE documents (
    document_id INTEGER PRIMARY KEY,
    organization TEXT,
    year INTEGER,
    kind TEXT CHECK (kind IN ('budget', 'final_accounts')),
    scope TEXT CHECK (scope IN ('department', 'unit')),
    title TEXT,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    pages INTEGER NOT NULL,
    reading TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
    superseded_by INTEGER REFERENCES documents(document_id),
    added TEXT NOT NULL
);
CREATE TABLE tables (
    table_id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    spec TEXT NOT NULL,
    title TEXT NOT NULL,
    pages TEXT NOT NULL,
    unit TEXT,
    output_unit TEXT NOT NULL,
    extractor TEXT NOT NULL,
    code_scheme TEXT NOT NULL
);
CREATE TABLE columns (
    table_id INTEGER NOT NULL REFERENCES tables(table_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    side TEXT,
    column_id TEXT NOT NULL,
    header TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (table_id, position)
);
CREATE TABLE rows (
    row_id INTEGER PRIMARY KEY,
    table_id INTEGER NOT NULL REFERENCES tables(table_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    page INTEGER NOT NULL,
    side TEXT,
    ordinal TEXT,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    level INTEGER,
    parent TEXT,
    is_total INTEGER NOT NULL
);
CREATE TABLE amounts (
    row_id INTEGER NOT NULL REFERENCES rows(row_id) ON DELETE CASCADE,
    column_id TEXT NOT NULL,
    value TEXT NOT NULL,
    amount REAL NOT NULL,
    PRIMARY KEY (row_id, column_id)
);
CREATE TABLE three_public (
    document_id INTEGER PRIMARY KEY REFERENCES documents(document_id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    unit TEXT NOT NULL,
    total REAL,
    overseas REAL,
    vehicle_total REAL,
    vehicle_purchase REAL,
    vehicle_operation REAL,
    reception REAL
);
CREATE TABLE checks (
    check_id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    expected TEXT,
    found TEXT,
    difference TEXT,
    tolerance TEXT,
    reason TEXT,
    page INTEGER
);
CREATE TABLE notices (
    document_id INTEGER NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    message TEXT NOT NULL,
    page INTEGER,
    spec TEXT,
    row_name TEXT,
    column_name TEXT
);
"""

# Fit for the README's queries: one organisation's documents by year, a spec's tables, a
# table's rows by code, and every child row of a deleted (superseded) document.
INDEXES = """
CREATE INDEX documents_identity ON documents(organization, year, kind, scope, status);
CREATE INDEX tables_document ON tables(document_id, spec);
CREATE INDEX tables_spec ON tables(spec);
CREATE INDEX rows_table ON rows(table_id, position);
CREATE INDEX rows_code ON rows(code);
CREATE INDEX checks_document ON checks(document_id, status);
CREATE INDEX notices_document ON notices(document_id);
"""

# Only current versions: a superseded document keeps its documents row, nothing else.
VIEWS = """
CREATE VIEW current_documents AS
SELECT * FROM documents WHERE status = 'current';

CREATE VIEW budget_values AS
SELECT
    d.organization, d.year, d.kind, d.scope, d.document_id,
    t.spec, t.title AS table_title, t.table_id,
    r.position AS row_position, r.page, r.side, r.ordinal, r.code, r.name, r.level, r.parent,
    r.is_total,
    a.column_id, c.header, a.value, a.amount, t.output_unit AS unit,
    CASE t.output_unit WHEN '元' THEN a.amount / 10000.0 ELSE a.amount END AS amount_wanyuan
FROM amounts AS a
JOIN rows AS r ON r.row_id = a.row_id
JOIN tables AS t ON t.table_id = r.table_id
JOIN documents AS d ON d.document_id = t.document_id
LEFT JOIN columns AS c
    ON c.table_id = t.table_id AND c.column_id = a.column_id AND c.side IS r.side
WHERE d.status = 'current';

CREATE VIEW three_public_by_year AS
SELECT
    d.organization, d.year, d.kind, d.scope, d.document_id, p.page, p.unit,
    p.total, p.overseas, p.vehicle_total, p.vehicle_purchase, p.vehicle_operation, p.reception,
    CASE p.unit WHEN '元' THEN p.total / 10000.0 ELSE p.total END AS total_wanyuan
FROM three_public AS p
JOIN documents AS d ON d.document_id = p.document_id
WHERE d.status = 'current';

CREATE VIEW failed_checks AS
SELECT d.organization, d.year, d.kind, d.document_id, c.rule, c.message, c.expected, c.found,
       c.difference, c.page
FROM checks AS c
JOIN documents AS d ON d.document_id = c.document_id
WHERE d.status = 'current' AND c.status = 'fail';
"""
