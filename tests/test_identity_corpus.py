"""Identity on the corpus: each document's organisation, year, kind and scope as read by
budgetpdf against tests/corpus/identity.tsv, written by reading each cover by eye. Only the
cheap text pass runs (pdfium's text of every page), not the table extraction."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetpdf.extractors.identity.read import read_identity
from budgetpdf.extractors.pdf.pdfium_pages import PdfiumPages
from conftest import CORPUS, REPO

TRUTH = REPO / "tests" / "corpus" / "identity.tsv"
FIELDS = ("organization", "year", "kind", "scope")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason="../shared/corpus is absent"),
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _with_tables() -> set[str]:
    """Files the manifests profile as holding tables (not narrative-only, not image-only)."""
    names = set()
    for manifest, prefix in (
        (CORPUS / "MANIFEST.tsv", ""),
        (CORPUS / "new-styles/MANIFEST.tsv", "new-styles/"),
    ):
        if manifest.exists():
            names |= {
                prefix + r["filename"]
                for r in _rows(manifest)
                if r["doc_kind"].startswith("tables")
            }
    return names


@pytest.fixture(scope="module")
def readings() -> dict[str, dict[str, str]]:
    out = {}
    for row in _rows(TRUTH):
        path = CORPUS / row["filename"]
        identity, _ = read_identity(_texts(path), path.name)
        data = identity.to_dict()
        out[row["filename"]] = {f: "" if data[f] is None else str(data[f]) for f in FIELDS}
    return out


def test_truth_covers_every_corpus_document():
    listed = {r["filename"] for r in _rows(TRUTH)}
    on_disk = {p.name for p in CORPUS.glob("*.pdf")} | {
        f"new-styles/{p.name}" for p in CORPUS.glob("new-styles/*.pdf")
    }
    assert listed == on_disk


def _misses(readings, field: str, names: set[str]) -> list[str]:
    truth = {r["filename"]: r for r in _rows(TRUTH)}
    return [
        f"{name}: read {readings[name][field]!r}, printed {truth[name][field]!r}"
        for name in sorted(names)
        if readings[name][field] != truth[name][field]
    ]


def test_year_and_kind_right_for_every_document_with_tables(readings):
    tables = _with_tables()
    assert len(tables) >= 95
    assert _misses(readings, "year", tables) == []
    assert _misses(readings, "kind", tables) == []


def test_organization_matches_the_cover(readings):
    tables = _with_tables()
    misses = _misses(readings, "organization", tables)
    assert 1 - len(misses) / len(tables) >= 0.97, "\n".join(misses)


def test_scope_matches_the_title(readings):
    assert _misses(readings, "scope", set(readings)) == []


def _texts(path: Path) -> list[str | None]:
    """pdfium's text of every page, as extraction reads it for the identity."""
    pages = PdfiumPages(path)
    try:
        return [pages.text(number) for number in range(1, len(pages) + 1)]
    finally:
        pages.close()
