"""The batch side of `extract`: workers, incremental state, lock, timeout, kill safety,
exit codes, logs and the combined outputs.

Most tests monkeypatch extract_document in batch/read.py with tests/batch_fakes.fake_extract.
The workers are forked (Linux), so the patch made in this process reaches them too.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from batch_fakes import (
    fake_extract,
    fake_pdf,
    forked_workers,  # noqa: F401 - autouse: workers see the fakes
)
from budgetpdf.cli.main import app
from budgetpdf.errors import AlreadyRunningError, ExitCode
from budgetpdf.extractors.batch import read as batch
from budgetpdf.extractors.batch.lock import RunLock
from budgetpdf.extractors.output import combined, writers
from budgetpdf.extractors.output.writers import clean_leftovers
from conftest import REPO, SAMPLES, SEED_PDF

pytestmark = pytest.mark.slow

runner = CliRunner()
TESTS = Path(__file__).resolve().parent
TEST_PID = os.getpid()


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(batch, "extract_document", fake_extract)


def extract(*args: object, stdin: str | None = None):
    return runner.invoke(app, ["extract", *map(str, args)], input=stdin)


def last_run(out: Path) -> dict:
    return json.loads(sorted(out.glob("run-*.json"), key=os.path.getmtime)[-1].read_text())


def read_files(out: Path) -> set[str]:
    """Inputs the last run read, by file name."""
    return {Path(o["file"]).name for o in last_run(out)["outcomes"] if o["event"] in ("ok", "none")}


def records(out: Path) -> list[dict[str, str]]:
    with (out / "records.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def leftovers(out: Path) -> list[str]:
    return [p.name for p in out.rglob("*") if p.name.endswith((".tmp", ".old"))]


# --- serial and parallel ---------------------------------------------------------------


def _tree(out: Path) -> dict[str, object]:
    """Every output file's content; workbooks and databases by content, not bytes (they
    hold timestamps), and what only describes this run (its summary, state, lock) left out."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if path.is_dir() or name.startswith((".budgetpdf", "run-")):
            continue
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            files[name] = {s.title: list(s.iter_rows(values_only=True)) for s in book}
        elif path.suffix == ".sqlite":
            with sqlite3.connect(path) as db:
                files[name] = list(db.iterdump())
        else:
            files[name] = path.read_bytes()
    return files


def _untimed(output: str) -> str:
    return re.sub(r"\d+\.\d s\b", "N s", output)


def test_serial_and_parallel_write_the_same_bytes_in_the_same_order(tmp_path):
    pdfs = [SEED_PDF, SAMPLES / "jiangsu-npc-office-2019-tables.pdf"]
    every = "json,csv,xlsx,sqlite"
    # --allow-check-failures: the seed's narrative misstates one amount (test_checks.py).
    allow = "--allow-check-failures"
    serial = extract(*pdfs, "-o", tmp_path / "w1", "--workers", 1, "--format", every, allow)
    parallel = extract(*pdfs, "-o", tmp_path / "w2", "--workers", 2, "--format", every, allow)
    assert serial.exit_code == parallel.exit_code == 0, serial.output + parallel.output
    # The folders differ by name only (a pytest-xdist worker's tmp path holds "gw1" too).
    serial_out = _untimed(serial.stdout).replace(str(tmp_path / "w1"), str(tmp_path / "w2"))
    assert serial_out == _untimed(parallel.stdout)
    first, second = _tree(tmp_path / "w1"), _tree(tmp_path / "w2")
    assert first.keys() == second.keys()
    assert "records.sqlite" in first and f"{SEED_PDF.stem}/document.xlsx" in first
    for name in first:
        assert first[name] == second[name], name


def test_skipped_documents_give_the_same_combined_outputs_as_read_ones(tmp_path):
    # Read now, the combined outputs come from the worker's result; skipped as unchanged,
    # from its document.json read back: the two must not differ by a byte.
    out = tmp_path / "out"
    every = ("--format", "json,csv,xlsx,sqlite")
    allow = "--allow-check-failures"  # the seed's narrative misstates one amount
    assert extract(SEED_PDF, "-o", out, "--workers", 1, *every, allow).exit_code == 0
    read_now = _tree(out)
    skipped = extract(SEED_PDF, "-o", out, "--incremental", *every)
    assert "0 read, 0 failed, 1 skipped as unchanged" in skipped.stdout
    assert _tree(out) == read_now


def test_outcomes_keep_input_order_when_workers_finish_out_of_order(tmp_path, monkeypatch):
    def slow_first(path, specs, options=None):
        if Path(path).name == "a.pdf":
            time.sleep(1.0)
        return fake_extract(path, specs, options)

    monkeypatch.setattr(batch, "extract_document", slow_first)
    for name, amount in (("a", "1"), ("b", "2"), ("c", "3")):
        fake_pdf(tmp_path / "in" / f"{name}.pdf", f"amount={amount}")
    out = tmp_path / "out"
    result = extract(tmp_path / "in", "-o", out, "--workers", 3, "--log-format", "json")
    assert result.exit_code == 0, result.output
    assert [line[4:5] for line in result.stdout.splitlines()[:3]] == ["a", "b", "c"]
    events = [json.loads(line) for line in result.stderr.splitlines()]
    finished = [Path(e["file"]).name for e in events if e["event"] in ("ok", "failed")]
    assert finished[-1] == "a.pdf"  # it finished last, yet is reported first
    assert [r["document"] for r in records(out)] == ["a", "b", "c"]


# --- incremental -----------------------------------------------------------------------


def test_incremental_skips_unchanged_and_redoes_changed_renamed_and_spec_changes(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    a = fake_pdf(folder / "a.pdf", "amount=1.00")
    b = fake_pdf(folder / "b.pdf", "amount=2.00")
    assert extract(folder, "-o", out, "--incremental").exit_code == 0
    assert read_files(out) == {"a.pdf", "b.pdf"}
    full = records(out)

    rerun = extract(folder, "-o", out, "--incremental")
    assert rerun.exit_code == 0
    assert "0 read, 0 failed, 2 skipped as unchanged" in rerun.stdout
    assert read_files(out) == set()
    assert records(out) == full  # skipped documents still in the combined outputs

    fake_pdf(a, "amount=5.00")  # a changed: read again, into the same folder
    extract(folder, "-o", out, "--incremental")
    assert read_files(out) == {"a.pdf"}
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["a", "b"]
    assert [r["value"] for r in records(out)] == ["5.00", "2.00"]

    b.rename(folder / "b-renamed.pdf")  # same content, new name: recognised
    moved = extract(folder, "-o", out, "--incremental", "--verbose")
    assert read_files(out) == set()
    assert "skip" in moved.stdout and "b-renamed.pdf: unchanged since" in moved.stdout
    assert [r["document"] for r in records(out)] == ["a", "b"]

    fake_pdf(folder / "copy-of-a.pdf", "amount=5.00")  # a duplicate in the same run
    copies = extract(folder, "-o", out, "--incremental")
    assert "2 skipped as unchanged, 1 skipped as copies" in copies.stdout
    assert read_files(out) == set()
    assert len(records(out)) == 2

    specs = tmp_path / "specs"
    specs.mkdir()
    text = (REPO / "table_specs" / "expenditure_summary.yaml").read_text(encoding="utf-8")
    (specs / "expenditure_summary.yaml").write_text(
        text.replace("title:", "title: 支出总表 (edited) #", 1), encoding="utf-8"
    )
    extract(folder, "-o", out, "--incremental", "--specs", specs)
    assert read_files(out) == {"a.pdf", "b-renamed.pdf"}  # new specs: everything again
    extract(folder, "-o", out, "--incremental", "--specs", specs, "--unit", "元")
    assert read_files(out) == {"a.pdf", "b-renamed.pdf"}  # other options: again too
    extract(folder, "-o", out, "--incremental", "--specs", specs, "--unit", "元")
    assert read_files(out) == set()


def test_incremental_retries_failed_documents(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf")
    bad = fake_pdf(folder / "bad.pdf", "broken")
    assert extract(folder, "-o", out, "--incremental").exit_code == ExitCode.PARTIAL_FAILURE
    again = extract(folder, "-o", out, "--incremental")
    assert again.exit_code == ExitCode.PARTIAL_FAILURE  # tried again, still broken
    assert "bad.pdf: broken PDF structure" in again.stderr
    fake_pdf(bad, "amount=3.00")  # a good download replaces it
    assert extract(folder, "-o", out, "--incremental").exit_code == 0
    assert read_files(out) == {"bad.pdf"}


def test_a_file_that_fails_between_two_good_versions_keeps_its_folder(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    a = fake_pdf(folder / "a.pdf", "amount=1.00")
    extract(folder, "-o", out, "--incremental")
    fake_pdf(a, "broken")  # a bad download replaces it: the earlier output stays
    assert extract(folder, "-o", out, "--incremental").exit_code == ExitCode.UNREADABLE_PDF
    assert json.loads((out / "a" / "document.json").read_text())["tables"]
    fake_pdf(a, "amount=3.00")  # then a good one: it replaces the output, in place
    assert extract(folder, "-o", out, "--incremental").exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["a"]
    assert [r["value"] for r in records(out)] == ["3.00"]


def test_incremental_reads_again_when_more_formats_are_asked(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf")
    extract(folder, "-o", out, "--incremental")
    extract(folder, "-o", out, "--incremental", "--format", "json,csv,xlsx")
    assert read_files(out) == {"a.pdf"}
    assert (out / "a" / "document.xlsx").is_file()


def test_a_skipped_document_that_cannot_be_read_back_fails_the_run_not_the_others(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf", "amount=1.00")
    b = fake_pdf(folder / "b.pdf", "amount=2.00")
    assert extract(folder, "-o", out, "--incremental", "--format", "csv,sqlite").exit_code == 0
    earlier = {name: (out / name).read_bytes() for name in ("records.csv", "records.sqlite")}
    (out / "a" / "document.json").write_text("{", encoding="utf-8")  # damaged since
    fake_pdf(b, "amount=3.00")
    result = extract(folder, "-o", out, "--incremental", "--format", "csv,sqlite")
    assert result.exit_code == ExitCode.OUTPUT_ERROR
    assert "cannot read it back for the combined outputs: not JSON" in result.stderr
    assert (out / "a" / "document.json").read_text() == "{"  # skipped, as unchanged
    b_read = json.loads((out / "b" / "document.json").read_text())  # read after it all the same
    assert b_read["tables"][0]["rows"][0]["values"] == {"total": "3.00"}
    assert {name: (out / name).read_bytes() for name in earlier} == earlier
    assert leftovers(out) == []


# --- lock ------------------------------------------------------------------------------


def test_second_run_on_a_locked_folder_exits_11_and_touches_nothing(tmp_path, fake):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from budgetpdf.extractors.batch.lock import RunLock; "
            "RunLock(Path(sys.argv[1])).acquire(); print('locked', flush=True); sys.stdin.read()",
            str(out),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        pdf = fake_pdf(tmp_path / "a.pdf")
        result = extract(pdf, "-o", out)
        assert result.exit_code == ExitCode.ALREADY_RUNNING
        assert re.search(
            rf"error: {re.escape(str(out))}: another budgetpdf run \(pid {holder.pid}, started .*\) "
            "is writing to this output folder, so this run did nothing",
            result.stderr,
        )
        assert not (out / "a").exists() and not list(out.glob("run-*.json"))
    finally:
        holder.communicate("")
    assert extract(pdf, "-o", out).exit_code == 0  # the lock went with its process


def test_lock_is_exclusive_within_one_process_too(tmp_path):
    with RunLock(tmp_path), pytest.raises(AlreadyRunningError):
        RunLock(tmp_path).acquire()
    with RunLock(tmp_path):
        pass


# --- timeout, crashes, kill -9 ---------------------------------------------------------


def test_timeout_stops_a_stuck_document_and_the_batch_goes_on(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf")
    fake_pdf(folder / "stuck.pdf", "spin")
    fake_pdf(folder / "z.pdf")
    began = time.monotonic()
    result = extract(folder, "-o", out, "--timeout", 1, "--workers", 2)
    assert time.monotonic() - began < 20
    assert result.exit_code == ExitCode.PARTIAL_FAILURE
    assert "stuck.pdf: stopped after 1 s (--timeout); the other documents went on" in result.stderr
    assert read_files(out) == {"a.pdf", "z.pdf"}
    assert not (out / "stuck").exists()
    alone = extract(folder / "stuck.pdf", "-o", out, "--timeout", 0.5)
    assert alone.exit_code == ExitCode.WORKER_STOPPED


def test_worker_killed_mid_document_leaves_nothing_partial_and_rerun_completes(
    tmp_path, fake, monkeypatch
):
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf")
    fake_pdf(folder / "b.pdf", "amount=2.00")
    write_csv = writers.write_table_csv
    dying = tmp_path / "die-on-a"
    dying.touch()

    def write_then_die(table, handle):
        # In a worker, half-way through a's folder: document.json written, its CSV not.
        if os.getpid() != TEST_PID and "/.a." in handle.name and dying.exists():
            os.kill(os.getpid(), signal.SIGKILL)
        write_csv(table, handle)

    monkeypatch.setattr(writers, "write_table_csv", write_then_die)
    result = extract(folder, "-o", out, "--workers", 2, "--incremental")
    assert result.exit_code == ExitCode.PARTIAL_FAILURE
    assert "a.pdf: its worker process died (killed by SIGKILL)" in result.stderr
    assert not (out / "a").exists() and leftovers(out) == []
    assert [r["document"] for r in records(out)] == ["b"]

    dying.unlink()
    assert extract(folder, "-o", out, "--workers", 2, "--incremental").exit_code == 0
    assert read_files(out) == {"a.pdf"}  # b was done and recorded; a was not
    assert sorted(p.name for p in (out / "a").iterdir()) == [
        "document.json",
        "expenditure_summary.csv",
    ]
    assert [r["document"] for r in records(out)] == ["a", "b"]


def _run_with_fakes(*args: object, patch: str = "") -> subprocess.Popen:
    """The CLI in a real process, with fake_extract (and `patch`) in place of the parser."""
    script = "\n".join(
        [
            "import sys, time",
            "sys.path.insert(0, sys.argv[1])",
            "from batch_fakes import fake_extract",
            "from budgetpdf.extractors.batch import read as batch",
            "from budgetpdf.extractors.output import writers",
            "batch.extract_document = fake_extract",
            patch,
            "from budgetpdf.cli.main import app",
            "app(['extract', *sys.argv[2:]])",
        ]
    )
    return subprocess.Popen([sys.executable, "-c", script, str(TESTS), *map(str, args)])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="workers die with their parent on Linux")
def test_workers_die_with_a_killed_run(tmp_path):
    folder = tmp_path / "in"
    fake_pdf(folder / "a.pdf", "spin 1")
    fake_pdf(folder / "b.pdf", "spin 2")
    run = _run_with_fakes(folder, "-o", tmp_path / "out", "--workers", 2, "--timeout", 600)
    deadline = time.monotonic() + 30
    while len(_children(run.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(run.pid)
    run.kill()
    run.wait()
    assert len(workers) == 2
    deadline = time.monotonic() + 5
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_running, workers)), "a worker outlived its killed run"


def test_kill_9_of_the_whole_run_keeps_the_earlier_output_and_a_rerun_completes(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    a = fake_pdf(folder / "a.pdf", "amount=1.00")
    assert extract(folder, "-o", out, "--incremental").exit_code == 0
    good = (out / "a" / "document.json").read_bytes()
    fake_pdf(a, "amount=7.00")
    # A real process, killed with SIGKILL while it is writing a's new folder.
    run = _run_with_fakes(
        folder,
        "-o",
        out,
        "--incremental",
        "--workers",
        1,
        patch="writers.write_table_csv = lambda table, handle: time.sleep(60)",
    )
    try:
        deadline = time.monotonic() + 30
        while not list(out.glob(".a.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(out.glob(".a.*.tmp")), "the run never started writing"
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    assert (out / "a" / "document.json").read_bytes() == good  # the old output, whole
    assert extract(folder, "-o", out, "--incremental").exit_code == 0
    assert read_files(out) == {"a.pdf"}
    assert leftovers(out) == []
    assert [r["value"] for r in records(out)] == ["7.00"]


def test_clean_leftovers_removes_temp_folders_and_restores_a_swapped_out_one(tmp_path):
    (tmp_path / ".a.abcd_123.tmp").mkdir()
    (tmp_path / ".a.abcd_123.tmp" / "document.json").write_text("{")
    (tmp_path / ".records.csv.x1y2z3w4.tmp").write_text("half")
    (tmp_path / ".records.sqlite.a1b2c3d4.tmp").write_text("half")
    (tmp_path / ".records.sqlite.a1b2c3d4.tmp-journal").write_text("its rollback journal")
    (tmp_path / ".b.old").mkdir()  # killed between renaming b away and the new b in
    (tmp_path / ".b.old" / "document.json").write_text("{}")
    (tmp_path / "c").mkdir()
    (tmp_path / ".c.old").mkdir()  # killed after both renames: the new c stands
    (tmp_path / ".keep.me").write_text("not ours")
    clean_leftovers(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".keep.me", "b", "c"]
    assert (tmp_path / "b" / "document.json").read_text() == "{}"


# --- exit codes, summary, logs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "extra", "code"),
    [
        (["amount=1.00", "amount=2.00"], [], ExitCode.OK),
        (["amount=1.00", "broken"], [], ExitCode.PARTIAL_FAILURE),
        (["amount=1.00", "bug"], [], ExitCode.PARTIAL_FAILURE),
        (["amount=1.00", "none"], [], ExitCode.NO_TABLES),
        (["none", "broken"], [], ExitCode.PARTIAL_FAILURE),
        (["broken"], [], ExitCode.UNREADABLE_PDF),
        (["none"], [], ExitCode.NO_TABLES),
        (["bug"], [], 1),
        (["checkfail", "amount=1.00"], [], ExitCode.CHECKS_FAILED),
        (["checkfail"], ["--allow-check-failures"], ExitCode.OK),
        (["spin"], ["--timeout", "0.5"], ExitCode.WORKER_STOPPED),
        (["amount=1.00"], ["--format", "json,parquet"], ExitCode.BAD_ARGS),
        (["amount=1.00"], ["--workers", "0"], ExitCode.BAD_ARGS),
    ],
)
def test_exit_codes(tmp_path, fake, words, extra, code):
    pdfs = [fake_pdf(tmp_path / "in" / f"d{i}.pdf", w) for i, w in enumerate(words)]
    result = extract(*pdfs, "-o", tmp_path / "out", *extra)
    assert result.exit_code == code, result.output
    if code not in (ExitCode.BAD_ARGS,):
        assert last_run(tmp_path / "out")["exit_code"] == code
    assert "Traceback" not in result.output


def test_internal_error_names_the_file_and_verbose_shows_the_traceback(tmp_path, fake):
    pdf = fake_pdf(tmp_path / "bad.pdf", "bug")
    quiet = extract(pdf, "-o", tmp_path / "out")
    assert "FAIL " + str(pdf) + ": internal error: RuntimeError: a bug met" in quiet.stderr
    assert "Traceback" not in quiet.stderr
    assert "Traceback" in extract(pdf, "-o", tmp_path / "out", "--verbose").stderr


def test_run_summary_is_printed_and_written(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf")
    fake_pdf(folder / "b.pdf", "checkfail")
    fake_pdf(folder / "c.pdf", "broken")
    result = extract(folder, "-o", out, "--workers", 2)
    assert result.exit_code == ExitCode.PARTIAL_FAILURE
    assert "total: 3 documents, 2 read, 1 failed, 1 with failed checks, 2 tables" in result.stdout
    summary = last_run(out)
    assert summary["documents"] == {
        "total": 3,
        "read": 2,
        "ok": 2,
        "no_tables": 0,
        "failed": 1,
        "skipped": 0,
        "checks_failed": 1,
    }
    assert summary["pages"] == 6 and summary["exit_code"] == ExitCode.PARTIAL_FAILURE
    assert [o["event"] for o in summary["outcomes"]] == ["ok", "ok", "failed"]
    assert re.fullmatch(r"run-\d{8}T\d{6}Z(-\d+)?\.json", next(out.glob("run-*")).name)


def test_json_log_has_one_object_per_line_per_event(tmp_path, fake):
    folder = tmp_path / "in"
    fake_pdf(folder / "a.pdf")
    fake_pdf(folder / "b.pdf", "broken")
    result = extract(folder, "-o", tmp_path / "out", "--log-format", "json", "--workers", 2)
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    events = sorted((Path(e["file"]).name, e["event"]) for e in lines if "file" in e)
    assert events == [("a.pdf", "ok"), ("a.pdf", "start"), ("b.pdf", "failed"), ("b.pdf", "start")]
    failed = next(e for e in lines if e["event"] == "failed")
    assert failed["reason"].endswith("b.pdf: broken PDF structure: made so by the test")
    assert failed["exit_code"] == ExitCode.UNREADABLE_PDF and "time" in failed
    assert lines[-1]["event"] == "summary" and lines[-1]["documents"]["failed"] == 1


def test_progress_bar_only_on_a_terminal(tmp_path, fake, monkeypatch):
    fake_pdf(tmp_path / "in" / "a.pdf")
    plain = extract(tmp_path / "in", "-o", tmp_path / "out")
    assert plain.stderr == ""
    monkeypatch.setattr("budgetpdf.cli.progress.is_terminal", lambda: True)
    shown = extract(tmp_path / "in", "-o", tmp_path / "out2")
    assert "1/1" in shown.stderr


# --- inputs ----------------------------------------------------------------------------


def test_file_list_on_stdin_and_recursive_folders(tmp_path, fake):
    a = fake_pdf(tmp_path / "in" / "a.pdf")
    b = fake_pdf(tmp_path / "in" / "deeper" / "b.pdf")
    listed = extract("-", "-o", tmp_path / "o1", stdin=f"{b}\n\n{a}\n")
    assert listed.exit_code == 0 and listed.stdout.index("b.pdf") < listed.stdout.index("a.pdf")
    flat = extract(tmp_path / "in", "-o", tmp_path / "o2")
    assert read_files(tmp_path / "o2") == {"a.pdf"}
    assert "total: 1 documents" in flat.stdout
    extract(tmp_path / "in", "-o", tmp_path / "o3", "--recursive")
    assert read_files(tmp_path / "o3") == {"a.pdf", "b.pdf"}


# --- formats ---------------------------------------------------------------------------


def test_combined_outputs_are_written_from_the_results_not_read_back(tmp_path, fake, monkeypatch):
    def no_reading_back(path):
        raise AssertionError(f"{path} read back although its result was at hand")

    monkeypatch.setattr(combined, "read_document", no_reading_back)
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf", "amount=1.00")
    fake_pdf(folder / "b.pdf", "none")
    assert extract(folder, "-o", out, "--format", "csv,sqlite").exit_code == ExitCode.NO_TABLES
    assert [(r["document"], r["value"]) for r in records(out)] == [("a", "1.00")]
    with sqlite3.connect(out / "records.sqlite") as db:
        documents = db.execute("SELECT document, tables FROM documents").fetchall()
    assert documents == [("a", 1), ("b", 0)]


def test_workbook_sqlite_and_datapackage(tmp_path, fake):
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf", "amount=1234.50")
    fake_pdf(folder / "b.pdf", "amount=0.05")
    assert extract(folder, "-o", out, "--format", "csv,xlsx,sqlite").exit_code == 0
    sheet = openpyxl.load_workbook(out / "a" / "document.xlsx")["expenditure_summary"]
    assert "支出总表" in sheet["A1"].value and "单位 万元" in sheet["A1"].value
    assert [c.value for c in sheet[2]][-1] == "合计"  # the header as printed
    assert [c.value for c in sheet[3]][:4] == ["page", "code", "name", "level"]
    code, total = sheet["B4"], sheet.cell(row=4, column=sheet.max_column)
    assert (code.value, code.data_type) == ("2080505", "s")
    assert (total.value, total.data_type) == (1234.5, "n")

    with sqlite3.connect(out / "records.sqlite") as db:
        rows = db.execute(
            "SELECT records.document, code, value, amount FROM records "
            "JOIN tables USING (table_id) WHERE tables.spec = 'expenditure_summary' "
            "ORDER BY records.document"
        ).fetchall()
        total = db.execute("SELECT sum(amount) FROM records").fetchone()[0]
    assert rows == [("a", "2080505", "1234.50", 1234.5), ("b", "2080505", "0.05", 0.05)]
    assert total == pytest.approx(1234.55)

    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    for resource in package["resources"]:
        with (out / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert [f["name"] for f in resource["schema"]["fields"]] == header
    fields = {f["name"]: f for f in package["resources"][1]["schema"]["fields"]}
    assert fields["code"]["type"] == "string" and fields["total"]["type"] == "number"
    assert fields["total"]["title"] == "合计" and fields["is_total"]["type"] == "boolean"
