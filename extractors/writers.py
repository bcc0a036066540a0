"""Writing a document's outputs atomically: everything is built in a temp folder beside the
target and renamed into place, so a failing run never leaves half a document's output."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from budgetpdf.extractors.amounts import format_amount
from budgetpdf.extractors.errors import OutputError, printable
from budgetpdf.extractors.result import DocumentResult, Table

RECORD_FIELDS = [
    "document",
    "spec",
    "page",
    "side",
    "code",
    "name",
    "level",
    "parent",
    "column",
    "header",
    "value",
    "unit",
]
# Path separators, characters Windows forbids in names, control characters (NUL, newline).
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
# Names Windows reserves for devices, with or without an extension ("NUL", "con.txt").
_WINDOWS_DEVICES = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\.|$)", re.IGNORECASE)
# Bytes a folder name may take: file systems allow 255, and the temp folder beside it adds
# a dot, a random part and ".tmp" (".<name>.k3j2h1g0.tmp").
MAX_NAME_BYTES = 200


def safe_stem(name: str) -> str:
    """A folder name from a PDF's file name: one path component, no separators, control
    or Windows-forbidden characters, never '.' or '..' or hidden, at most MAX_NAME_BYTES."""
    cleaned = _UNSAFE.sub("_", printable(name)).strip(" .")
    if _WINDOWS_DEVICES.match(cleaned):
        cleaned = "_" + cleaned
    if len(cleaned.encode("utf-8")) > MAX_NAME_BYTES:
        # Two long names sharing a beginning must not share a folder: the cut keeps a hash.
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        head = cleaned.encode("utf-8")[: MAX_NAME_BYTES - 9].decode("utf-8", "ignore")
        cleaned = f"{head.rstrip(' .')}-{digest}"
    return cleaned or "document"


def prepare_output(folder: Path) -> None:
    """Create the output folder, or raise OutputError saying why it cannot be."""
    if folder.exists() and not folder.is_dir():
        raise OutputError("exists and is not a folder; choose another output path", folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}", folder) from exc


def _temp_in(folder: Path, make: Callable[[Path], Path]) -> Path:
    try:
        return make(folder)
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder: {exc.strerror}", folder) from exc


def _publish(work: Path, target: Path) -> None:
    """Rename `work` to `target`; an earlier `target` is set aside first and put back if
    the rename fails, so the earlier output survives any failure."""
    backup = target.parent / f".{target.name}.old"
    try:
        if target.exists():
            shutil.rmtree(backup, ignore_errors=True)
            target.rename(backup)
        try:
            work.rename(target)
        except OSError:
            if backup.exists() and not target.exists():
                backup.rename(target)
            raise
    except OSError as exc:
        raise OutputError(f"cannot put the output in place: {exc.strerror}", target) from exc
    shutil.rmtree(backup, ignore_errors=True)


@contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a temp folder; on success it replaces `target` whole, on failure it vanishes."""
    prepare_output(target.parent)
    if target.exists() and not target.is_dir():
        raise OutputError("exists and is not a folder; choose another output path", target)
    work = _temp_in(
        target.parent,
        lambda folder: Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)),
    )
    try:
        try:
            yield work
        except OSError as exc:  # the disk filled up, a quota was reached
            raise OutputError(f"cannot write the output: {exc.strerror}", target) from exc
        _publish(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def atomic_file(target: Path, write: Callable[[TextIO], None]) -> None:
    prepare_output(target.parent)
    if target.is_dir():
        raise OutputError("exists and is a folder; choose another output path", target)

    def make(folder: Path) -> Path:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        return Path(name)

    tmp = _temp_in(target.parent, make)
    try:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            write(handle)
        tmp.replace(target)
    except OSError as exc:
        raise OutputError(f"cannot write the file: {exc.strerror}", target) from exc
    finally:
        tmp.unlink(missing_ok=True)


def table_file_names(tables: list[Table]) -> list[str]:
    """`<spec id>.csv`, with `-2`, `-3` … when a document holds a spec's table more than once."""
    seen: dict[str, int] = {}
    names = []
    for table in tables:
        seen[table.spec] = seen.get(table.spec, 0) + 1
        suffix = "" if seen[table.spec] == 1 else f"-{seen[table.spec]}"
        names.append(f"{table.spec}{suffix}.csv")
    return names


def write_table_csv(table: Table, handle) -> None:  # noqa: ANN001
    text_ids = [c.id for c in table.columns if c.kind == "text"]
    amount_ids = [c.id for c in table.columns if c.kind == "amount"]
    two_sided = any(c.side for c in table.columns)
    if two_sided:
        amount_ids = list(dict.fromkeys(amount_ids))
    head = [
        "page",
        *(["side", "ordinal"] if two_sided else []),
        "code",
        "name",
        "level",
        "parent",
        "is_total",
        *text_ids,
        *amount_ids,
    ]
    writer = csv.writer(handle)
    writer.writerow(head)
    for row in table.rows:
        values = [
            format_amount(v) if (v := row.values.get(i)) is not None else "" for i in amount_ids
        ]
        writer.writerow(
            [
                row.page,
                *([row.side or "", row.ordinal or ""] if two_sided else []),
                row.code,
                row.name,
                row.level or "",
                row.parent or "",
                "true" if row.is_total else "false",
                *(row.texts.get(i, "") for i in text_ids),
                *values,
            ]
        )


def iter_records(result: DocumentResult, document: str) -> Iterable[list[object]]:
    for table in result.tables:
        headers = {(c.side, c.id): c.header for c in table.columns}
        for row in table.rows:
            for column_id, value in row.values.items():
                if value is None:
                    continue
                yield [
                    document,
                    table.spec,
                    row.page,
                    row.side or "",
                    row.code,
                    row.name,
                    row.level or "",
                    row.parent or "",
                    column_id,
                    headers.get((row.side, column_id), ""),
                    format_amount(value),
                    table.output_unit,
                ]


def write_document(result: DocumentResult, out_dir: Path, stem: str) -> Path:
    target = out_dir / safe_stem(stem)
    with atomic_dir(target) as work:
        payload = json.dumps(result.to_dict(), ensure_ascii=False, indent=1)
        (work / "document.json").write_text(payload + "\n", encoding="utf-8")
        for table, name in zip(result.tables, table_file_names(result.tables), strict=False):
            with (work / name).open("w", encoding="utf-8", newline="") as handle:
                write_table_csv(table, handle)
    return target


def write_records(results: list[tuple[str, DocumentResult]], path: Path) -> None:
    def write(handle) -> None:  # noqa: ANN001
        writer = csv.writer(handle)
        writer.writerow(RECORD_FIELDS)
        for document, result in results:
            writer.writerows(iter_records(result, document))

    atomic_file(path, write)
