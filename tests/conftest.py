"""Shared fixtures, and the line between the two test tiers.

`make test-fast` runs the tests not marked `slow`: pure tests that read no PDF. A test that
reads one, or runs a whole document through the library or the CLI, belongs to a module
marked slow (`pytestmark = pytest.mark.slow`) and runs only in `make test`. The hooks below
hold every unmarked test to that, so the fast tier cannot quietly grow slow.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, TypeVar

import pdfplumber
import pypdfium2
import pytest
from filelock import FileLock

from budgetpdf.extractors.document import extract_document
from budgetpdf.extractors.engines.grid import Grid, make_cell
from budgetpdf.table_specs.loader import load_specs

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SEED_PDF = SAMPLES / "wuhan-hrss-info-center-2023.pdf"
CORPUS = REPO.parent / "shared" / "corpus"

# Session fixtures that hold extracted documents: asking for one is reading a PDF.
PDF_FIXTURES = {"seed_result", "sample_results"}

T = TypeVar("T")


def _once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[], T]) -> T:
    """A session fixture's value made once for the whole run. Under pytest-xdist each worker
    has its own session; the first to ask makes the value and leaves it pickled in the run's
    shared temp folder for the others (pytest-xdist's documented recipe)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make()
    shared = tmp_path_factory.getbasetemp().parent
    with FileLock(shared / f"{name}.lock"):
        made = shared / f"{name}.pickle"
        if made.exists():
            return pickle.loads(made.read_bytes())
        value = make()
        made.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def specs():
    return load_specs()


@pytest.fixture(scope="session")
def seed_result(specs, tmp_path_factory):
    return _once_per_run(tmp_path_factory, "seed_result", lambda: extract_document(SEED_PDF, specs))


@pytest.fixture(scope="session")
def sample_results(specs, tmp_path_factory):
    """Every bundled sample, extracted once for the whole test run."""
    return _once_per_run(
        tmp_path_factory,
        "sample_results",
        lambda: {pdf.name: extract_document(pdf, specs) for pdf in sorted(SAMPLES.glob("*.pdf"))},
    )


def grid_of(rows: list[list[str | None]], spans: dict[tuple[int, int], int] | None = None) -> Grid:
    """A ruled grid from rows of cell texts, for mapping and row tests; `spans` gives the
    colspan of a cell by (row, col), the cells it covers being left out of `rows` as None."""
    cells = [
        make_cell(r, c, text, colspan=(spans or {}).get((r, c), 1))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text is not None
    ]
    return Grid(len(rows), len(rows[0]), cells, page=1, bbox=(0, 0, 100, 100), engine="ruled")


def _not_slow(item: pytest.Item, what: str) -> NoReturn:
    pytest.fail(
        f"{item.nodeid} {what} but is not marked slow: mark its module "
        "(pytestmark = pytest.mark.slow) or keep the test off PDFs",
        pytrace=False,
    )


@contextmanager
def _no_pdf_reading(item: pytest.Item) -> Iterator[None]:
    """pdfplumber and pdfium, the library's two ways into a PDF, fail the test while it runs."""

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        _not_slow(item, "reads a PDF")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdfplumber, "open", refuse)
        patch.setattr(pypdfium2, "PdfDocument", refuse)
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    if item.get_closest_marker("slow"):
        return (yield)
    # Checked before any fixture is made: another test may have made it already.
    if wanted := PDF_FIXTURES & set(getattr(item, "fixturenames", ())):
        _not_slow(item, f"uses {', '.join(sorted(wanted))}, read from PDFs,")
    with _no_pdf_reading(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    if item.get_closest_marker("slow"):
        return (yield)
    with _no_pdf_reading(item):
        return (yield)
