"""Meta-tests: every bundled spec loads and is exercised by at least one sample PDF."""

from __future__ import annotations

import pytest

from budgetpdf.extractors.document import extract_document
from budgetpdf.table_specs.loader import bundled_dir, load_specs
from conftest import SAMPLES


@pytest.fixture(scope="module")
def sample_specs(specs) -> set[str]:
    found: set[str] = set()
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        found |= {t.spec for t in extract_document(pdf, specs).tables}
    return found


def test_every_spec_file_loads():
    files = sorted(bundled_dir().glob("*.yaml"))
    assert len(load_specs().specs) == len(files) >= 11


def test_every_spec_is_exercised_by_a_sample(specs, sample_specs):
    assert {s.id for s in specs.specs} - sample_specs == set()


def test_spec_file_names_are_their_ids():
    for spec_id, source in load_specs().sources.items():
        assert source.endswith(f"/{spec_id}.yaml")
