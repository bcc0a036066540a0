"""The executor seam of the batch (extractors/batch/executor.py) and the input order that
any executor's readings are put back into, without a PDF or a cluster."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from budgetpdf.extractors.batch.executor import Executor, OnStart
from budgetpdf.extractors.batch.outcomes import DocumentOutcome, Status
from budgetpdf.extractors.batch.read import Job, JobContext, Reading, settle
from budgetpdf.extractors.batch.run import BatchRun, _InputOrder
from budgetpdf.extractors.batch.settings import BatchSettings
from budgetpdf.extractors.result import DocumentResult
from budgetpdf.table_specs.loader import bundled_dir, load_specs


def reading(index: int) -> Reading:
    outcome = DocumentOutcome(index, f"{index}.pdf", str(index), Status.OK)
    return Reading(outcome, DocumentResult(path=f"{index}.pdf", sha256="0" * 64, pages=1))


def test_input_order_lets_go_of_results_held_past_its_limit_but_the_next_ones():
    order = _InputOrder(keep=2)
    for index in (3, 2, 1, 4):  # 0 is slow: everything else waits behind it
        order.put(reading(index))
    assert list(order.ready()) == []
    order.put(reading(0))
    released = list(order.ready())
    assert [r.outcome.index for r in released] == [0, 1, 2, 3, 4]
    # 3 and 2 came first and were kept; 1 and 4 are read back from their folders.
    assert [r.result is not None for r in released] == [True, False, True, True, False]
    order.put(reading(5))  # room again once the held ones were reported
    assert [r.result is not None for r in order.ready()] == [True]


class ReverseExecutor(Executor):
    """Reads in this process, finishing the jobs in reverse order."""

    name = "reverse"

    def __init__(self) -> None:
        self.started = self.closed = False

    def start(self) -> None:
        self.started = True

    def close(self) -> None:
        self.closed = True

    def readings(
        self, jobs: Sequence[Job], context: JobContext, on_start: OnStart
    ) -> Iterator[Reading]:
        for job in reversed(jobs):
            on_start(job)
            result = DocumentResult(path=str(job.path), sha256=job.sha256 or "", pages=2)
            yield settle(job, context, result, 0.5)


def test_another_executor_plugs_in_and_the_summary_names_it(tmp_path):
    paths = []
    for name in "abc":
        (tmp_path / f"{name}.pdf").write_bytes(b"%PDF-1.4 " + name.encode())
        paths.append(tmp_path / f"{name}.pdf")
    settings = BatchSettings(out=tmp_path / "out", specs=load_specs([bundled_dir()]))
    executor = ReverseExecutor()
    with BatchRun(settings, executor) as run:
        assert executor.started
        outcomes = list(run.run(paths))
        summary = run.finish()
    assert executor.closed
    assert [o.name for o in outcomes] == ["a", "b", "c"]  # input order, not finishing order
    assert [o.status for o in outcomes] == [Status.NO_TABLES] * 3
    assert all(o.seconds >= 0.5 for o in outcomes)  # the reading's time counts
    assert (tmp_path / "out" / "b" / "document.json").is_file()
    assert summary.to_dict()["executor"] == {"name": "reverse"}
