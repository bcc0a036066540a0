"""Writing a document's outputs atomically: everything is built in a temp folder beside the
target and renamed into place, so a failing run never leaves half a document's output."""

from __future__ import annotations

import csv
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
from budgetpdf.extractors.errors import OutputError
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
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_stem(name: str) -> str:
    """A folder name from a PDF's stem: no separators or control characters, never '..'."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned or "document"


@contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a temp folder; on success it replaces `target` whole, on failure it vanishes."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}", parent) from exc
    if target.exists() and not target.is_dir():
        raise OutputError("exists and is not a folder; choose another output path", target)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder: {exc.strerror}", parent) from exc
    try:
        yield work
        backup = parent / f".{target.name}.old"
        if target.exists():
            shutil.rmtree(backup, ignore_errors=True)
            target.rename(backup)
        work.rename(target)
        shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _atomic(target: Path, write: Callable[[int], None]) -> None:
    """Write through a temp file beside `target` (given by its descriptor), then rename it
    into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", target) from exc
    try:
        write(fd)
        Path(tmp).replace(target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write here: {exc.strerror}", target) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_file(target: Path, write: Callable[[TextIO], None]) -> None:
    def text(fd: int) -> None:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)

    _atomic(target, text)


def atomic_bytes(target: Path, data: bytes) -> None:
    def binary(fd: int) -> None:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)

    _atomic(target, binary)


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
