"""The state database of an output folder: what each input document was, when it was last
read, with which specs and tool, how that went and where its output is.

It lives in the output folder (`OUT/.budgetpdf-state.sqlite`), so it describes exactly the
outputs beside it. Documents are keyed by the sha256 of their content: a renamed or moved
copy of a document already read is recognised, and a changed file is a new document. A row
is written only after the document's output folder has been renamed into place, so a run
killed midway leaves that document "not done" and the next run does it again.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from budgetpdf.errors import OutputError

STATE_NAME = ".budgetpdf-state.sqlite"
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    status TEXT NOT NULL,            -- ok, no_tables or failed
    path TEXT NOT NULL,              -- absolute path it was last read from
    name TEXT,                       -- its folder under OUT; null when nothing was written
    outputs TEXT NOT NULL,           -- JSON list of the files written, relative to OUT
    spec_fingerprint TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    settings TEXT NOT NULL,          -- JSON of the options that change the output
    formats TEXT NOT NULL,           -- JSON list of the per-document formats written
    pages INTEGER NOT NULL,
    tables INTEGER NOT NULL,
    checks_failed INTEGER NOT NULL,
    reason TEXT NOT NULL,
    seconds REAL NOT NULL,
    updated TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS documents_name ON documents(name) WHERE name IS NOT NULL;
-- Where each document with an output was last seen. A failed read does not move a path
-- here: the next good version at that path then still finds the folder to replace.
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,           -- absolute path of an input
    sha256 TEXT NOT NULL,
    seen TEXT NOT NULL
);
"""
DONE = ("ok", "no_tables")


@dataclass(frozen=True)
class RunKey:
    """Everything besides a document's content that decides its output: a document read
    under another key is read again."""

    spec_fingerprint: str
    tool_version: str
    settings: str


@dataclass(frozen=True)
class StateRow:
    sha256: str
    size: int
    status: str
    name: str | None
    outputs: list[str]
    key: RunKey
    formats: frozenset[str]
    pages: int
    tables: int
    checks_failed: int
    reason: str
    updated: str

    def reusable(self, key: RunKey, formats: frozenset[str]) -> bool:
        """Whether this earlier result stands for a run under `key` writing `formats`."""
        return (
            self.status in DONE
            and self.name is not None
            and self.key == key
            and formats <= self.formats
        )


@dataclass(frozen=True)
class Record:
    """What a finished document puts into the state database."""

    sha256: str
    size: int
    path: str
    status: str
    name: str | None
    outputs: list[str]
    formats: frozenset[str]
    pages: int
    tables: int
    checks_failed: int
    reason: str
    seconds: float


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class StateDB:
    def __init__(self, out: Path) -> None:
        self.path = out / STATE_NAME
        try:
            # Autocommit: each write below is its own transaction, durable once it returns.
            self.db = sqlite3.connect(self.path, isolation_level=None)
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > _SCHEMA_VERSION:
                raise OutputError(
                    f"written by a newer budgetpdf (schema {version}); upgrade, or delete it to "
                    "start afresh (the next run then reads every document)",
                    self.path,
                )
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise OutputError(
                f"the state database cannot be used ({exc}); delete it to start afresh "
                "(the next run then reads every document)",
                self.path,
            ) from exc

    def close(self) -> None:
        self.db.close()

    def get(self, sha256: str) -> StateRow | None:
        row = self.db.execute(
            "SELECT sha256, size, status, name, outputs, spec_fingerprint, tool_version, "
            "settings, formats, pages, tables, checks_failed, reason, updated "
            "FROM documents WHERE sha256 = ?",
            (sha256,),
        ).fetchone()
        if row is None:
            return None
        return StateRow(
            sha256=row[0],
            size=row[1],
            status=row[2],
            name=row[3],
            outputs=json.loads(row[4]),
            key=RunKey(row[5], row[6], row[7]),
            formats=frozenset(json.loads(row[8])),
            pages=row[9],
            tables=row[10],
            checks_failed=row[11],
            reason=row[12],
            updated=row[13],
        )

    def names(self) -> dict[str, str]:
        """sha256 → output folder name, for every document whose output folder is its own."""
        return dict(self.db.execute("SELECT sha256, name FROM documents WHERE name IS NOT NULL"))

    def names_by_path(self) -> dict[str, str]:
        """input path → the output folder of the content last seen at that path."""
        return dict(
            self.db.execute(
                "SELECT paths.path, documents.name FROM paths JOIN documents USING (sha256) "
                "WHERE documents.name IS NOT NULL"
            )
        )

    def saw(self, path: str, sha256: str) -> None:
        self.db.execute(
            "INSERT INTO paths (path, sha256, seen) VALUES (?, ?, ?) "
            "ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, seen = excluded.seen",
            (path, sha256, _now()),
        )

    def record(self, record: Record, key: RunKey) -> None:
        with self.db:
            self.db.execute("BEGIN")
            if record.name is not None:
                # The folder now holds this document: whichever document it held before has no
                # output any more and must be read again when it next comes in.
                self.db.execute(
                    "DELETE FROM documents WHERE name = ? AND sha256 != ?",
                    (record.name, record.sha256),
                )
            # A document that failed this time keeps the folder (and the output in it) that
            # an earlier run gave it: the failed write left that output in place.
            self.db.execute(
                "INSERT INTO documents (sha256, size, status, path, name, outputs, "
                "spec_fingerprint, tool_version, settings, formats, pages, tables, "
                "checks_failed, reason, seconds, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, "
                "status = excluded.status, path = excluded.path, "
                "name = coalesce(excluded.name, name), "
                "outputs = CASE WHEN excluded.name IS NULL THEN outputs ELSE excluded.outputs END, "
                "spec_fingerprint = excluded.spec_fingerprint, "
                "tool_version = excluded.tool_version, settings = excluded.settings, "
                "formats = excluded.formats, pages = excluded.pages, tables = excluded.tables, "
                "checks_failed = excluded.checks_failed, reason = excluded.reason, "
                "seconds = excluded.seconds, updated = excluded.updated",
                (
                    record.sha256,
                    record.size,
                    record.status,
                    record.path,
                    record.name,
                    json.dumps(record.outputs, ensure_ascii=False),
                    key.spec_fingerprint,
                    key.tool_version,
                    key.settings,
                    json.dumps(sorted(record.formats)),
                    record.pages,
                    record.tables,
                    record.checks_failed,
                    record.reason,
                    record.seconds,
                    _now(),
                ),
            )
            if record.name is not None:
                self.saw(record.path, record.sha256)
