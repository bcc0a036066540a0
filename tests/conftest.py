from __future__ import annotations

from pathlib import Path

import pytest

from budgetpdf.extractors.document import extract_document
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
