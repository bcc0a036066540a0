from __future__ import annotations

from pathlib import Path

import pytest

from budgetpdf.extractors.document import extract_document
from budgetpdf.extractors.engines.grid import Grid, make_cell
from budgetpdf.table_specs.loader import load_specs

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SEED_PDF = SAMPLES / "wuhan-hrss-info-center-2023.pdf"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def specs():
    return load_specs()


@pytest.fixture(scope="session")
def seed_result(specs):
    return extract_document(SEED_PDF, specs)


@pytest.fixture(scope="session")
def sample_results(specs):
    """Every bundled sample, extracted once for the whole test session."""
    return {pdf.name: extract_document(pdf, specs) for pdf in sorted(SAMPLES.glob("*.pdf"))}


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
