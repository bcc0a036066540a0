"""Output that cannot be written fails with exit code 10 and leaves earlier output whole, and
no name taken from a PDF (file name, metadata, title) becomes a path without sanitising."""

from __future__ import annotations

import errno
import json
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import odd_pdfs
from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.output import records_csv, records_db, writers
from budgetpdf.extractors.output.writers import MAX_NAME_BYTES, safe_stem, table_file_names
from budgetpdf.extractors.pdf import rewrite as pdf_rewrite
from budgetpdf.extractors.result import Table
from conftest import SEED_PDF

pytestmark = pytest.mark.slow

runner = CliRunner()
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))} | {
    f"LPT{i}" for i in range(10)
}
# Every character class a file name may hold, lone surrogates included (the str Python makes
# of file-name bytes that are not UTF-8).
ANY_NAME = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)


@pytest.fixture(scope="module")
def one_table_pdf(tmp_path_factory) -> Path:
    """Page 4 of the seed alone: the 收支总表, one table, fast to extract."""
    return odd_pdfs.pages_of([(SEED_PDF, [3])], tmp_path_factory.mktemp("pdf") / "t.pdf")


@settings(max_examples=300)
@given(ANY_NAME)
@example("..")
@example("../../etc/passwd")
@example("/absolute/path")
@example("C:\\Windows\\system32")
@example("a\x00b")
@example("con.txt")
@example("LPT1")
@example(".hidden")
@example("...")
@example("表" * 100)
@example("\udcff\udcfe")
def test_safe_stem_is_one_harmless_path_component(name):
    stem = safe_stem(name)
    assert stem and stem not in (".", "..")
    assert Path(stem).name == stem and not Path(stem).is_absolute()
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f\x7f]', stem)
    assert not stem.startswith((".", " ")) and not stem.endswith((".", " "))
    assert stem.split(".")[0].upper() not in WINDOWS_DEVICES
    assert len(stem.encode("utf-8")) <= MAX_NAME_BYTES  # encodable: no lone surrogates
    assert safe_stem(stem) == stem


def test_long_names_sharing_a_beginning_get_different_folders():
    first, second = "表" * 90 + "甲", "表" * 90 + "乙"
    assert safe_stem(first) != safe_stem(second)


@settings(max_examples=50)
@given(title=ANY_NAME)
def test_table_file_names_come_from_spec_ids_never_titles(title):
    table = Table("income_summary", title, [1], None, "万元", "ruled", "item", [], [], 1)
    assert table_file_names(t.spec for t in [table, table]) == [
        "income_summary.csv",
        "income_summary-2.csv",
    ]


def test_hostile_file_names_stay_inside_the_output_folder(tmp_path, one_table_pdf):
    inputs = tmp_path / "in"
    inputs.mkdir()
    names = [
        b"..\\..\\escape.pdf",
        b"CON.pdf",
        b"line\nbreak.pdf",
        b"\xff\xfe not utf-8.pdf",
        "表".encode() * 80 + b".pdf",  # 244 bytes: the temp folder beside it would be too long
        b"...pdf",
    ]
    for name in names:
        (inputs / os.fsdecode(name)).write_bytes(one_table_pdf.read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", "--allow-check-failures", str(inputs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    expected = sorted(safe_stem(Path(os.fsdecode(n)).stem) for n in names)
    assert folders == expected
    assert "document" in folders and "_CON" in folders
    for written in out.rglob("*"):
        assert written.resolve().is_relative_to(out.resolve())
        assert written.name.encode("utf-8")  # every name is valid UTF-8
    documents = (out / "records.csv").read_text(encoding="utf-8")
    assert "\ufffd\ufffd not utf-8" in documents


def test_metadata_title_is_not_used_for_any_path(tmp_path):
    pdf = odd_pdfs.rebuilt_seed(tmp_path / "seed.pdf", title="../../../evil/CON\x00")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", "--allow-check-failures", str(pdf), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(
        str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if not _bookkeeping(p)
    )
    document = json.loads((out / "seed" / "document.json").read_text(encoding="utf-8"))
    expected = {f"out/seed/{t['spec']}.csv" for t in document["tables"]}
    assert (
        set(written)
        == {
            "seed.pdf",
            "out",
            "out/records.csv",
            "out/datapackage.json",
            "out/seed",
            "out/seed/document.json",
        }
        | expected
    )


def test_output_folder_that_is_a_file(tmp_path, one_table_pdf):
    target = tmp_path / "out"
    target.write_text("a file")
    result = runner.invoke(
        app, ["extract", "--allow-check-failures", str(one_table_pdf), "-o", str(target)]
    )
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert f"error: {target}: exists and is not a folder; choose another output path" in (
        result.output
    )
    assert target.read_text() == "a file"


def test_output_folder_inside_a_file(tmp_path, one_table_pdf):
    (tmp_path / "file").write_text("a file")
    target = tmp_path / "file" / "out"
    result = runner.invoke(
        app, ["extract", "--allow-check-failures", str(one_table_pdf), "-o", str(target)]
    )
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert "cannot create the output folder: Not a directory" in result.output


def test_records_path_that_is_a_folder(tmp_path, one_table_pdf):
    out = tmp_path / "out"
    (out / "records.csv").mkdir(parents=True)
    result = runner.invoke(
        app, ["extract", "--allow-check-failures", str(one_table_pdf), "-o", str(out)]
    )
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert "records.csv: exists and is a folder; choose another output path" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(tmp_path, one_table_pdf):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = runner.invoke(
            app, ["extract", "--allow-check-failures", str(one_table_pdf), "-o", str(out)]
        )
    finally:
        out.chmod(0o700)
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert "cannot write to the output folder: Permission denied" in result.output


def failing_with(code: int) -> Callable[..., NoReturn]:
    """A stand-in for a file-system call that fails with `code` (OSError picks the subclass:
    EACCES gives PermissionError)."""

    def fail(*args: object, **kwargs: object) -> NoReturn:
        raise OSError(code, os.strerror(code))

    return fail


def test_no_permission_for_temp_folder(tmp_path, one_table_pdf, monkeypatch):
    # What a read-only folder does for a user who is not root (the tests may run as root).
    monkeypatch.setattr(writers.tempfile, "mkdtemp", failing_with(errno.EACCES))
    result = runner.invoke(
        app, ["extract", "--allow-check-failures", str(one_table_pdf), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert "FAIL" in result.output
    assert "cannot write to the output folder: Permission denied" in result.output


def _bookkeeping(path: Path) -> bool:
    """The run's own records (lock, incremental state, run summaries), not document output."""
    return (
        path.name.startswith(".budgetpdf")
        or re.fullmatch(r"run-[\w-]+\.json", path.name) is not None
    )


def _files(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not _bookkeeping(p)
    }


def _fails_and_keeps_earlier_output(
    pdf: Path, out: Path, message: str, break_it, *options: str
) -> None:  # noqa: ANN001
    """Extract once, then again with `break_it` applied: the second run must fail with
    `message` and leave the first run's files exactly as they were, no temp folder behind."""
    assert (
        runner.invoke(
            app, ["extract", "--allow-check-failures", str(pdf), "-o", str(out), *options]
        ).exit_code
        == 0
    )
    before = _files(out)
    break_it()
    result = runner.invoke(
        app, ["extract", "--allow-check-failures", str(pdf), "-o", str(out), *options]
    )
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert message in result.output
    assert _files(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and not _bookkeeping(p)]


def test_disk_full_while_writing_keeps_earlier_output(tmp_path, one_table_pdf, monkeypatch):
    _fails_and_keeps_earlier_output(
        one_table_pdf,
        tmp_path / "out",
        "cannot write the output: No space left on device",
        lambda: monkeypatch.setattr(writers, "write_table_csv", failing_with(errno.ENOSPC)),
    )


def test_disk_full_while_writing_records_csv_keeps_the_earlier_one(
    tmp_path, one_table_pdf, monkeypatch
):
    _fails_and_keeps_earlier_output(
        one_table_pdf,
        tmp_path / "out",
        "records.csv: cannot write: No space left on device",
        lambda: monkeypatch.setattr(records_csv, "iter_records", failing_with(errno.ENOSPC)),
    )


def test_disk_full_while_writing_records_sqlite_keeps_the_earlier_one(
    tmp_path, one_table_pdf, monkeypatch
):
    def full(*args: object) -> NoReturn:
        raise sqlite3.OperationalError("database or disk is full")

    _fails_and_keeps_earlier_output(
        one_table_pdf,
        tmp_path / "out",
        "records.sqlite: cannot write: database or disk is full",
        lambda: monkeypatch.setattr(records_db, "_record_row", full),
        "--format",
        "json,csv,sqlite",
    )


def test_failed_rename_puts_the_earlier_output_back(tmp_path, one_table_pdf, monkeypatch):
    rename = Path.rename

    def rename_but_not_temp_folders(self, target):  # noqa: ANN001, ANN202
        if self.name.endswith(".tmp") and self.is_dir():
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        return rename(self, target)

    _fails_and_keeps_earlier_output(
        one_table_pdf,
        tmp_path / "out",
        "cannot put the output in place: Invalid cross-device link",
        lambda: monkeypatch.setattr(Path, "rename", rename_but_not_temp_folders),
    )


def test_no_room_for_the_decrypted_copy(tmp_path, monkeypatch):
    # An encrypted file is also read through pdfium's decrypted copy, in a temp folder.
    pdf = odd_pdfs.encrypted_seed(tmp_path / "protected.pdf", "", "owner")
    monkeypatch.setattr(pdf_rewrite.tempfile, "TemporaryDirectory", failing_with(errno.ENOSPC))
    result = runner.invoke(
        app, ["extract", "--allow-check-failures", str(pdf), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert "cannot create a temporary folder: No space left on device" in result.output
