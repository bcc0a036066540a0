"""Meta-tests: every bundled spec loads and is exercised by at least one sample PDF."""

from __future__ import annotations

from budgetpdf.table_specs.check_model import DOCUMENT_CHECKS_FILE
from budgetpdf.table_specs.loader import bundled_dir, load_specs


def test_every_spec_file_loads():
    files = [p for p in bundled_dir().glob("*.yaml") if p.name != DOCUMENT_CHECKS_FILE]
    assert len(load_specs().specs) == len(files) >= 11


def test_every_spec_is_exercised_by_a_sample(specs, sample_results):
    found = {t.spec for r in sample_results.values() for t in r.tables}
    assert {s.id for s in specs.specs} - found == set()


def test_spec_file_names_are_their_ids():
    for spec_id, source in load_specs().sources.items():
        assert source.endswith(f"/{spec_id}.yaml")
