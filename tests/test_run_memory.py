"""A run's coordinator holds counts, not one object per input (issue 17: memory flat for
10^5 inputs): the outcomes go to a spill file and the run record is written from it, the
same bytes as one json.dumps of the whole record."""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone

import pytest

from budgetpdf.extractors.batch.executor import Executor, OnStart
from budgetpdf.extractors.batch.outcomes import DocumentOutcome, RunSummary, RunTally, Status
from budgetpdf.extractors.batch.read import Job, JobContext, Reading
from budgetpdf.extractors.batch.run import BatchRun
from budgetpdf.extractors.batch.settings import BatchSettings
from budgetpdf.extractors.output.writers import OutputFormats
from budgetpdf.table_specs.loader import bundled_dir, load_specs


def _outcome(index: int, status: Status = Status.OK, **fields: object) -> DocumentOutcome:
    return DocumentOutcome(index, f"in/{index}.pdf", f"d{index}", status, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_run_record_written_an_outcome_at_a_time_is_the_whole_dump(tmp_path, count):
    outcomes = [
        _outcome(0, mentioned=["收入支出决算总表", "支出决算表"], database="added"),
        _outcome(1, status=Status.FAILED, reason='in/1.pdf: 坏的 "PDF"\n', exit_code=4),
        _outcome(2, checks_failed=2, seconds=1.23456),
    ][:count]
    tally = RunTally()
    for outcome in outcomes:
        tally.add(outcome)
    summary = RunSummary(
        BatchSettings(out=tmp_path, specs=load_specs([bundled_dir()])),
        datetime(2026, 12, 7, tzinfo=timezone.utc),
        2.5,
        tally,
        [o.to_dict() for o in outcomes],
    )
    path = tmp_path / "run.json"
    with path.open("w", encoding="utf-8") as handle:
        summary.write(handle)
    whole = json.dumps(summary.to_dict(), ensure_ascii=False, indent=1) + "\n"
    assert path.read_text(encoding="utf-8") == whole
    assert json.loads(whole)["documents"]["total"] == count


class CountingExecutor(Executor):
    """Reads nothing and writes nothing: each job comes back read, 3 pages and a table."""

    name = "counting"

    def start(self) -> None:
        """Nothing to acquire."""

    def close(self) -> None:
        """Nothing to release."""

    def readings(
        self, jobs: Sequence[Job], context: JobContext, on_start: OnStart
    ) -> Iterator[Reading]:
        for job in jobs:
            on_start(job)
            outcome = DocumentOutcome(
                job.index, str(job.path), job.name, Status.OK, job.sha256, job.size
            )
            outcome.pages, outcome.tables = 3, 1
            outcome.checks_failed = job.index % 200 == 0
            outcome.checks_line = "checks: 57 pass, 3 rounding, 1 fail"
            yield Reading(outcome)


@pytest.mark.slow
def test_a_run_holds_no_outcome_per_document(tmp_path):
    count, early = 600, 200
    paths = []
    for i in range(count):
        path = tmp_path / "in" / f"2026年第{i:05}号单位部门预算.pdf"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"%PDF-1.4 " + str(i).encode())
        paths.append(path)
    settings = BatchSettings(
        out=tmp_path / "out",
        specs=load_specs([bundled_dir()]),
        formats=OutputFormats.parse("json"),  # no combined files: the run's own bookkeeping
    )
    held = {}
    try:
        with BatchRun(settings, CountingExecutor()) as run:
            for reported, _ in enumerate(run.run(paths), 1):
                if reported == early // 2:  # the plan made: traced from now on
                    tracemalloc.start()
                elif reported in (early, count):  # caches filled at the first
                    gc.collect()  # garbage awaiting collection is not held
                    held[reported] = tracemalloc.get_traced_memory()[0]
            summary = run.finish()
    finally:
        tracemalloc.stop()
    per_document = (held[count] - held[early]) / (count - early)
    # One DocumentOutcome kept per document is about 700 bytes here (its strings were made
    # by the plan), over 1 KB in a real run; the run's traced noise is about 115 bytes.
    assert per_document < 300, f"{per_document:.0f} bytes held per document"
    assert (summary.total, summary.read, summary.pages, summary.checks_failed) == (
        count,
        count,
        3 * count,
        count // 200,
    )
    assert list(summary.failing()) == [f"{p.stem}" for p in paths[::200]]
    assert summary.path is not None
    record = json.loads(summary.path.read_text(encoding="utf-8"))
    assert [o["file"] for o in record["outcomes"]] == [str(p) for p in paths]
