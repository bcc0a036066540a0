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
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from budgetpdf.errors import BudgetPdfError, OutputError, printable
from budgetpdf.extractors.amounts import format_amount
from budgetpdf.extractors.output.tabular import table_file_names, table_rows, table_schema
from budgetpdf.extractors.result import DocumentResult, Table

FORMATS = ("json", "csv", "xlsx", "sqlite")
# Written into each document's folder; the others are combined files over the whole run.
DOCUMENT_FORMATS = frozenset({"json", "csv", "xlsx"})


@dataclass(frozen=True)
class OutputFormats:
    """The --format list. document.json is always written: it is each document's record, and
    the combined outputs (records.csv, records.sqlite) read it back for a document an earlier
    run wrote."""

    names: frozenset[str] = frozenset({"json", "csv"})

    @classmethod
    def parse(cls, text: str) -> OutputFormats:
        names = {part.strip().lower() for part in text.split(",") if part.strip()}
        unknown = sorted(names - set(FORMATS))
        if unknown or not names:
            raise BudgetPdfError(
                f"unknown output format {', '.join(unknown) or repr(text)} in --format; "
                f"give a comma-separated list of {', '.join(FORMATS)}"
            )
        return cls(frozenset(names | {"json"}))

    def __contains__(self, name: object) -> bool:
        return name in self.names

    @property
    def per_document(self) -> frozenset[str]:
        return self.names & DOCUMENT_FORMATS


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


def _permitted(mode: int) -> int:
    """`mode` less the umask: what a plain open() would give. mkdtemp and mkstemp make
    owner-only temp files, which would keep a cron job's output from the people reading it."""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


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
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        work.chmod(_permitted(0o777))
    except OSError as exc:
        raise OutputError(
            f"cannot write to the output folder: {exc.strerror}", target.parent
        ) from exc
    try:
        try:
            yield work
        except OSError as exc:  # the disk filled up, a quota was reached
            raise OutputError(f"cannot write the output: {exc.strerror}", target) from exc
        _publish(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# What atomic_dir / atomic_path / PendingFile leave behind when their process is killed
# midway: `.<name>.<8 random chars>.tmp` being built (and SQLite's `.tmp-journal` beside a
# database being built), `.<name>.old` being swapped out.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:[a-z0-9_]{8}\.tmp(?:-journal)?|old)$")


def clean_leftovers(out_dir: Path, name: str | None = None) -> list[Path]:
    """Remove the temp files and folders a killed writer left in `out_dir` (only those of
    `name` when given), restoring a swapped-out output folder whose replacement never
    arrived. Only safe while no other writer works there: the caller holds the run lock,
    or has just reaped the worker that wrote `name`. Returns what it removed."""
    removed = []
    for path in sorted(out_dir.iterdir()):
        match = _LEFTOVER.match(path.name)
        if match is None or (name is not None and match["name"] != name):
            continue
        target = out_dir / match["name"]
        if path.suffix == ".old" and path.is_dir() and not target.exists():
            path.rename(target)  # killed between the two renames: the old output comes back
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        removed.append(path)
    return removed


class PendingFile:
    """A temp file beside `target`, written over a while (a whole run for records.csv):
    publish() puts it in place of `target` whole, discard() removes it."""

    def __init__(self, target: Path) -> None:
        prepare_output(target.parent)
        if target.is_dir():
            raise OutputError("exists and is a folder; choose another output path", target)
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            Path(name).chmod(_permitted(0o666))
        except OSError as exc:
            raise OutputError(f"cannot write to the output folder: {exc.strerror}", target) from exc
        self.target = target
        self.path = Path(name)

    def publish(self) -> None:
        try:
            self.path.replace(self.target)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write: {exc.strerror}", self.target) from exc

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp file path beside `target`; once written, it replaces `target` whole."""
    pending = PendingFile(target)
    try:
        yield pending.path
    except OSError as exc:
        pending.discard()
        raise OutputError(f"cannot write: {exc.strerror}", target) from exc
    except BaseException:
        pending.discard()
        raise
    pending.publish()


def atomic_file(target: Path, write: Callable[[TextIO], None]) -> None:
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        write(handle)


def atomic_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def atomic_json(target: Path, data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_amount(value)
    return value


def write_table_csv(table: Table, handle: TextIO) -> None:
    writer = csv.writer(handle)
    writer.writerow([name for name, _ in table_schema(table.columns)])
    for row in table_rows(table):
        writer.writerow([_csv_cell(v) for v in row])


def write_document(
    result: DocumentResult, out_dir: Path, stem: str, formats: OutputFormats | None = None
) -> list[str]:
    """Write one document's folder (document.json, one CSV per table, document.xlsx as
    `formats` asks) and rename it into place; returns the files written, relative to
    `out_dir`."""
    formats = formats or OutputFormats()
    target = out_dir / safe_stem(stem)
    with atomic_dir(target) as work:
        try:
            payload = json.dumps(result.to_dict(), ensure_ascii=False, indent=1)
            (work / "document.json").write_text(payload + "\n", encoding="utf-8")
            if "csv" in formats:
                names = table_file_names(t.spec for t in result.tables)
                for table, name in zip(result.tables, names, strict=True):
                    with (work / name).open("w", encoding="utf-8", newline="") as handle:
                        write_table_csv(table, handle)
            if "xlsx" in formats:
                # openpyxl (and the numpy it imports when installed) costs a run that
                # writes no workbook about half a second of start-up.
                from budgetpdf.extractors.output.workbook import WORKBOOK_NAME, write_workbook

                write_workbook(result, work / WORKBOOK_NAME)
        except OSError as exc:  # a full disk, a quota: the document's output is not written
            raise OutputError(f"cannot write the output: {exc.strerror}", target) from exc
        files = sorted(p.name for p in work.iterdir())
    return [f"{target.name}/{name}" for name in files]


def document_files(inputs: Iterable[Path]) -> list[Path]:
    """document.json files: given directly, or one level down in output folders."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            own = item / "document.json"
            found += [own] if own.is_file() else sorted(item.glob("*/document.json"))
        else:
            found.append(item)
    return found


def read_document(path: Path) -> DocumentResult:
    """A document.json written by `extract`, back as a DocumentResult."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BudgetPdfError(f"cannot read: {exc.strerror}", path) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BudgetPdfError(f"not JSON: {exc}", path) from exc
    try:
        return DocumentResult.from_dict(data)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise BudgetPdfError(
            f"not a budgetpdf document.json (missing or bad {exc}); extract the PDF again", path
        ) from exc
