"""`extract --executor dask`: the same outputs as a serial run, read on a Dask cluster.

One local cluster of two worker processes serves the module. Its workers are spawned, so a
monkeypatch made here does not reach them: the fake documents are read there by
remote.extract_bytes with tests/batch_fakes.dying_extract, a fake that can also kill its
worker. The coordinator (this process) writes every folder, whichever executor reads.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batch_fakes import (
    dying_extract,
    fake_extract,
    fake_pdf,
    forked_workers,  # noqa: F401 - autouse: workers see the fakes
)
from budgetpdf.cli.main import app
from budgetpdf.errors import ExecutorUnavailableError, ExitCode
from budgetpdf.extractors.batch import read as batch
from budgetpdf.extractors.batch.outcomes import DocumentOutcome, DocumentStarted, Status
from budgetpdf.extractors.batch.remote import extract_bytes
from budgetpdf.extractors.batch.run import BatchRun
from budgetpdf.extractors.batch.settings import BatchSettings
from budgetpdf.table_specs.loader import bundled_dir, load_specs
from conftest import SAMPLES

distributed = pytest.importorskip("distributed")
from budgetpdf.extractors.batch.dask_executor import DaskExecutor  # noqa: E402

runner = CliRunner()
FAKE_READ = partial(extract_bytes, read=dying_extract)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        # A document whose worker dies is retried once, as the README asks of a cluster.
        scheduler_kwargs={"allowed_failures": 1},
    ) as local:
        yield local.scheduler_address


def extract(*args: object):
    return runner.invoke(app, ["extract", *map(str, args)])


def tree(out: Path) -> dict[str, bytes]:
    """Every output file's bytes, but what describes only this run (summary, state, lock)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith((".budgetpdf", "run-"))
    }


def lines(stdout: str) -> list[str]:
    """The per-document lines, without their timings."""
    return [re.sub(r"\(\d+\.\d s\)", "", line) for line in stdout.splitlines()[:-1]]


def run_fakes(out: Path, executor, paths: list[Path], on_event=None) -> list[DocumentOutcome]:
    settings = BatchSettings(out=out, specs=load_specs([bundled_dir()]), workers=2)
    with BatchRun(settings, executor) as run:
        outcomes = list(run.run(paths, on_event))
        run.finish()
    return outcomes


@pytest.mark.slow
def test_dask_cluster_writes_the_serial_runs_bytes_and_a_rerun_skips(tmp_path, cluster):
    allow = "--allow-check-failures"  # the seed's narrative misstates one amount
    serial = extract(SAMPLES, "-o", tmp_path / "serial", "--workers", 1, allow)
    dask_out = tmp_path / "dask"
    on_dask = extract(
        SAMPLES, "-o", dask_out, "--executor", "dask", "--scheduler", cluster, allow,
        "--log-format", "json",
    )  # fmt: skip
    assert serial.exit_code == on_dask.exit_code == 0, serial.output + on_dask.output
    assert lines(on_dask.stdout) == lines(serial.stdout)
    assert f"on dask {cluster} (2 workers) -> {dask_out}" in on_dask.stdout
    assert tree(dask_out) == tree(tmp_path / "serial")

    events = [json.loads(line) for line in on_dask.stderr.splitlines()]
    pdfs = len(list(SAMPLES.glob("*.pdf")))
    assert [e["event"] for e in events].count("start") == pdfs
    assert [e["event"] for e in events].count("ok") == pdfs
    assert events[-1]["event"] == "summary"
    assert events[-1]["executor"]["name"] == "dask"

    rerun = extract(SAMPLES, "-o", dask_out, "--incremental", "--scheduler", cluster)
    assert rerun.exit_code == 0, rerun.output
    assert f"0 read, 0 failed, {pdfs} skipped as unchanged" in rerun.stdout
    assert tree(dask_out) == tree(tmp_path / "serial")


@pytest.mark.slow
def test_a_worker_killed_mid_document_costs_only_a_retry(tmp_path, cluster, monkeypatch):
    monkeypatch.setattr(batch, "extract_document", fake_extract)
    marker = tmp_path / "kill-a-worker"
    marker.touch()
    for name in "abcdef":
        words = f"amount={ord(name)}.00" + (f" die-once={marker}" if name == "c" else "")
        fake_pdf(tmp_path / "in" / f"{name}.pdf", words)
    paths = sorted((tmp_path / "in").glob("*.pdf"))
    local = run_fakes(tmp_path / "local", None, paths)
    on_dask = run_fakes(tmp_path / "dask", DaskExecutor(cluster, extract=FAKE_READ), paths)
    assert not marker.exists()  # a worker did die on c
    assert [o.status for o in on_dask] == [Status.OK] * 6
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert [o.name for o in on_dask] == [o.name for o in local]


@pytest.mark.slow
def test_a_document_that_kills_every_worker_fails_after_one_retry(tmp_path, cluster):
    fake_pdf(tmp_path / "in" / "a.pdf")
    fake_pdf(tmp_path / "in" / "poison.pdf", "die-always")
    paths = sorted((tmp_path / "in").glob("*.pdf"))
    outcomes = run_fakes(tmp_path / "out", DaskExecutor(cluster, extract=FAKE_READ), paths)
    assert [o.status for o in outcomes] == [Status.OK, Status.FAILED], [o.reason for o in outcomes]
    assert "its Dask worker died while reading it, 2 times on 2 workers" in outcomes[1].reason
    assert outcomes[1].exit_code == ExitCode.WORKER_STOPPED
    assert not (tmp_path / "out" / "poison").exists()


@pytest.mark.slow
def test_a_document_past_the_timeout_fails_and_the_rest_go_on(tmp_path, cluster):
    for name, words in (("a", "amount=1.00"), ("stuck", "spin"), ("z", "amount=2.00")):
        fake_pdf(tmp_path / "in" / f"{name}.pdf", words)
    paths = sorted((tmp_path / "in").glob("*.pdf"))
    # The deadline runs from when a document is sent: a worker restarted by an earlier test
    # would spend it importing budgetpdf on a busy machine.
    with distributed.Client(cluster) as client:
        client.wait_for_workers(2)
        client.run(importlib.import_module, "budgetpdf.extractors.batch.remote")
    executor = DaskExecutor(cluster, timeout=5.0, extract=FAKE_READ, connect_timeout=3)
    outcomes = run_fakes(tmp_path / "out", executor, paths)
    assert [o.status for o in outcomes] == [Status.OK, Status.FAILED, Status.OK], outcomes
    assert outcomes[1].reason.endswith("stopped after 5 s (--timeout); the other documents went on")
    assert not (tmp_path / "out" / "stuck").exists()


@pytest.mark.slow
def test_submissions_stay_bounded_and_an_interrupted_run_keeps_what_it_finished(tmp_path, cluster):
    paths = [fake_pdf(tmp_path / "in" / f"d{i:02}.pdf", f"amount={i}.00") for i in range(30)]
    in_flight, most, finished = 0, 0, []

    def watch(event):
        nonlocal in_flight, most
        if isinstance(event, DocumentStarted):
            in_flight += 1
            most = max(most, in_flight)
        else:
            in_flight -= 1
            finished.append(event.name)
            if len(finished) == 12:
                raise KeyboardInterrupt  # Ctrl-C, as the 12th document is reported

    executor = DaskExecutor(cluster, extract=FAKE_READ)
    with pytest.raises(KeyboardInterrupt):
        run_fakes(tmp_path / "out", executor, paths, watch)
    assert most <= 2  # two workers of one thread: no more in flight
    written = {p.name for p in (tmp_path / "out").iterdir() if p.is_dir()}
    assert set(finished) <= written and not {p.name for p in (tmp_path / "out").rglob("*.tmp")}
    rerun = BatchSettings(out=tmp_path / "out", specs=load_specs([bundled_dir()]), incremental=True)
    with BatchRun(rerun, DaskExecutor(cluster, extract=FAKE_READ)) as run:
        statuses = [o.status for o in run.run(paths)]
    assert statuses.count(Status.SKIPPED) >= 11 and statuses.count(Status.FAILED) == 0


def test_an_unreachable_scheduler_stops_the_run_before_anything_is_written(tmp_path):
    settings = BatchSettings(out=tmp_path / "out", specs=load_specs([bundled_dir()]))
    executor = DaskExecutor("tcp://127.0.0.1:1", connect_timeout=1)
    with pytest.raises(ExecutorUnavailableError) as caught:
        BatchRun(settings, executor).__enter__()
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in caught.value.line()
    assert caught.value.exit_code == ExitCode.EXECUTOR_UNAVAILABLE == 13
    assert not (tmp_path / "out").exists()


def test_without_the_dask_extra_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    fake_pdf(tmp_path / "a.pdf")
    result = extract(tmp_path / "a.pdf", "-o", tmp_path / "out", "--executor", "dask")
    assert result.exit_code == ExitCode.EXECUTOR_UNAVAILABLE
    assert result.stderr.strip() == (
        "error: --executor dask needs Dask, which is not installed: pip install 'budgetpdf[dask]'"
    )
    assert not (tmp_path / "out").exists()


def test_scheduler_from_the_environment_chooses_dask(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "extract_document", fake_extract)
    monkeypatch.setenv("BUDGETPDF_SCHEDULER", "tcp://127.0.0.1:1")
    monkeypatch.setattr(
        "budgetpdf.extractors.batch.dask_executor.DaskExecutor.start",
        lambda self: (_ for _ in ()).throw(ExecutorUnavailableError(f"no {self.scheduler}")),
    )
    fake_pdf(tmp_path / "a.pdf")
    result = extract(tmp_path / "a.pdf", "-o", tmp_path / "out")
    assert result.stderr.strip() == "error: no tcp://127.0.0.1:1"
    local = extract(tmp_path / "a.pdf", "-o", tmp_path / "out", "--executor", "local")
    assert local.exit_code == 0, local.output
    assert (tmp_path / "out" / "a" / "document.json").is_file()


@pytest.mark.slow
def test_a_scheduler_without_workers_stops_the_run_before_anything_is_written(tmp_path):
    settings = BatchSettings(out=tmp_path / "out", specs=load_specs([bundled_dir()]))
    with distributed.LocalCluster(n_workers=0, dashboard_address=":0") as empty:
        executor = DaskExecutor(empty.scheduler_address, connect_timeout=1)
        with pytest.raises(ExecutorUnavailableError) as caught:
            BatchRun(settings, executor).__enter__()
    assert f"the Dask scheduler at {empty.scheduler_address} has no workers" in str(caught.value)
    assert not (tmp_path / "out").exists()
