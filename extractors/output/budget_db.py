"""The accumulating database (`budgetpdf extract … --db budget.sqlite`): every document
converted, run after run, in one SQLite file keyed by whose budget it is and for which year,
with the views to explore it and a datasette metadata file beside it.

- A document is known by its content (sha256): an unchanged file is never added twice, so a
  run over the same files gives the same database.
- A re-published document, same organisation, year, kind and scope with other content,
  takes the place of the earlier version: the earlier one's tables, rows, amounts, checks and
  notices are deleted, its `documents` row stays with status `superseded` and
  `superseded_by`. Scope is part of the key because a department and its own unit may publish
  under one name (苏州市自然资源和规划局 2026 prints a 部门预算 and a 单位预算).
- A document without a known organisation, year or kind supersedes nothing, and only
  documents with tables take part: Beijing publishes each budget as two files of one
  identity, 附件1 the narrative and 附件2 the tables, which are parts, not versions.
- The same file read again under other specs, options or tool version (`reading`) has its
  rows replaced in place.
- Each document is one transaction (BEGIN IMMEDIATE … COMMIT): a run killed mid-document
  leaves the database as it was before that document, and another process writing the
  same database (two runs into two output folders) waits for the lock instead of failing.

Written with the standard library's sqlite3 rather than sqlite-utils: the guarantees above
are transactions and deletes that cascade, which are a few lines of plain SQL; sqlite-utils
would add a dependency whose conveniences (tables created from the first row inserted,
implicit commits) are what this module must control itself.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum
from importlib import resources
from pathlib import Path

from budgetpdf.errors import OutputError
from budgetpdf.extractors.amounts import format_amount
from budgetpdf.extractors.output._budget_schema import INDEXES, SCHEMA_VERSION, TABLES, VIEWS
from budgetpdf.extractors.output.three_public import PARTS, three_public
from budgetpdf.extractors.output.writers import atomic_bytes
from budgetpdf.extractors.result import DocumentResult, Table

METADATA_NAME = "datasette_metadata.json"
# How long a write waits for another process's transaction on the same file.
_BUSY_SECONDS = 120.0


class Change(str, Enum):
    """What adding a document did to the database."""

    ADDED = "added"
    SUPERSEDED = "superseded"  # added, and an earlier version of it is superseded
    UNCHANGED = "unchanged"  # the same file, read the same way: nothing to do
    REREAD = "reread"  # the same file read under other specs or options: rows replaced

    def __str__(self) -> str:
        return self.value


def metadata_path(path: Path) -> Path:
    """The datasette metadata file written beside the database: budget.metadata.json."""
    return path.with_name(f"{path.stem}.metadata.json")


class BudgetDb:
    """The database at `path`, created when missing; `reading` names how this run reads
    documents (specs' fingerprint, tool version, options)."""

    def __init__(self, path: Path, reading: str) -> None:
        self.path = path
        self.reading = reading
        with self._errors():
            self._db = sqlite3.connect(path, timeout=_BUSY_SECONDS, isolation_level=None)
        try:
            with self._errors():
                self._db.execute("PRAGMA foreign_keys = ON")
                self._create()
            atomic_bytes(metadata_path(path), _metadata(path.stem))
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def add(self, sha256: str, load: Callable[[], DocumentResult], name: str) -> Change:
        """Add the document of content `sha256`, folder `name`; `load` gives its result,
        called only when the database needs it."""
        with self._errors(), self._transaction():
            known = self._db.execute(
                "SELECT document_id, reading, status FROM documents WHERE sha256 = ?", (sha256,)
            ).fetchone()
            if known is not None and (known[1] == self.reading or known[2] == "superseded"):
                return Change.UNCHANGED
            result = load()
            if known is not None:
                self._delete_contents(known[0])
                self._update_document(known[0], result, name)
                self._insert_contents(known[0], result)
                return Change.REREAD
            document_id = self._insert_document(result, name)
            self._insert_contents(document_id, result)
            return Change.SUPERSEDED if self._supersede(document_id, result) else Change.ADDED

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:  # a full disk, a file that is not a database
            raise OutputError(f"cannot write the database: {exc}", self.path) from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock at once: two runs never interleave one document.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _create(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version != 0 or tables:
            raise OutputError(
                f"is not a budgetpdf database of schema version {SCHEMA_VERSION} "
                f"(found version {version}); give --db a new file",
                self.path,
            )
        with self._transaction():
            for script in (TABLES, INDEXES, VIEWS):
                for statement in script.split(";\n"):
                    if statement.strip():
                        self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _identity_values(self, result: DocumentResult, name: str) -> tuple[object, ...]:
        identity = result.identity
        return (
            identity.organization,
            identity.year,
            identity.kind.value if identity.kind else None,
            identity.scope.value if identity.scope else None,
            identity.title,
            result.path,
            name,
            result.pages,
            self.reading,
        )

    def _insert_document(self, result: DocumentResult, name: str) -> int:
        cursor = self._db.execute(
            "INSERT INTO documents (organization, year, kind, scope, title, path, name, pages,"
            " reading, sha256, status, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'current', ?)",
            (*self._identity_values(result, name), result.sha256, _now()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _update_document(self, document_id: int, result: DocumentResult, name: str) -> None:
        self._db.execute(
            "UPDATE documents SET organization = ?, year = ?, kind = ?, scope = ?, title = ?,"
            " path = ?, name = ?, pages = ?, reading = ? WHERE document_id = ?",
            (*self._identity_values(result, name), document_id),
        )

    def _supersede(self, document_id: int, result: DocumentResult) -> bool:
        """Mark the current versions with the same identity as superseded by `document_id`
        and delete their contents; whether there was one."""
        identity = result.identity
        if identity.organization is None or identity.year is None or identity.kind is None:
            return False
        if not result.tables:
            return False
        earlier = self._db.execute(
            "SELECT document_id FROM documents WHERE organization = ? AND year = ? AND kind = ?"
            " AND scope IS ? AND status = 'current' AND document_id != ?"
            " AND EXISTS (SELECT 1 FROM tables WHERE tables.document_id = documents.document_id)",
            (
                identity.organization,
                identity.year,
                identity.kind.value,
                identity.scope.value if identity.scope else None,
                document_id,
            ),
        ).fetchall()
        for (old,) in earlier:
            self._delete_contents(old)
            self._db.execute(
                "UPDATE documents SET status = 'superseded', superseded_by = ?"
                " WHERE document_id = ?",
                (document_id, old),
            )
        return bool(earlier)

    def _delete_contents(self, document_id: int) -> None:
        # Foreign keys cascade to columns, rows and amounts.
        for table in ("tables", "three_public", "checks", "notices"):
            self._db.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))

    def _insert_contents(self, document_id: int, result: DocumentResult) -> None:
        for position, table in enumerate(result.tables):
            self._insert_table(document_id, position, table)
        self._insert_three_public(document_id, result)
        self._db.executemany(
            "INSERT INTO checks (document_id, rule, status, message, expected, found,"
            " difference, tolerance, reason, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    document_id,
                    c.rule,
                    c.status.value,
                    c.message,
                    _text(c.expected),
                    _text(c.found),
                    _text(c.difference),
                    _text(c.tolerance),
                    c.reason,
                    c.total.page if c.total else None,
                )
                for c in result.checks
            ),
        )
        self._db.executemany(
            "INSERT INTO notices VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (document_id, n.slug, n.message, n.page, n.spec, n.row, n.column)
                for n in result.warnings
            ),
        )

    def _insert_table(self, document_id: int, position: int, table: Table) -> None:
        cursor = self._db.execute(
            "INSERT INTO tables (document_id, position, spec, title, pages, unit, output_unit,"
            " extractor, code_scheme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                position,
                table.spec,
                table.title,
                ",".join(map(str, table.pages)),
                table.unit,
                table.output_unit,
                table.extractor,
                table.code_scheme,
            ),
        )
        table_id = cursor.lastrowid
        self._db.executemany(
            "INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?)",
            (
                (table_id, i, c.side or None, c.id, c.header, c.kind)
                for i, c in enumerate(table.columns)
            ),
        )
        for position_in_table, row in enumerate(table.rows):
            row_id = self._db.execute(
                "INSERT INTO rows (table_id, position, page, side, ordinal, code, name, level,"
                " parent, is_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    table_id,
                    position_in_table,
                    row.page,
                    row.side or None,
                    row.ordinal,
                    row.code,
                    row.name,
                    row.level,
                    row.parent,
                    row.is_total,
                ),
            ).lastrowid
            self._db.executemany(
                "INSERT INTO amounts VALUES (?, ?, ?, ?)",
                (
                    (row_id, column, format_amount(value), float(value))
                    for column, value in row.values.items()
                    if value is not None
                ),
            )

    def _insert_three_public(self, document_id: int, result: DocumentResult) -> None:
        found = three_public(result)
        if found is None:
            return
        amounts = [found.amounts[part] for part in PARTS]
        self._db.execute(
            "INSERT INTO three_public VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                found.page,
                found.unit,
                *(float(a) if a is not None else None for a in amounts),
            ),
        )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format_amount(value)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _metadata(database: str) -> bytes:
    """The bundled datasette metadata, under the name datasette gives the database (its
    file's stem)."""
    text = resources.files("budgetpdf.extractors.output").joinpath(METADATA_NAME).read_text("utf-8")
    data = json.loads(text)
    data["databases"] = {database: data["databases"]["budget"]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
