"""Titles recognised by meaning: every title printed in the corpus and variants written from
the publishers' conventions, each with the spec it names (tests/titles/title_variants.tsv)."""

from __future__ import annotations

import csv

import pytest

from budgetpdf.extractors.locate.titles import TitleMatcher
from budgetpdf.extractors.pdf.layout import Line, Word
from conftest import REPO

VARIANTS = REPO / "tests" / "titles" / "title_variants.tsv"


def _variants() -> list[tuple[str, str]]:
    with VARIANTS.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [(r["title"], r["expected"]) for r in csv.DictReader(lines, delimiter="\t")]


def _line(text: str) -> Line:
    # Words as a text layer gives them: split at spaces, laid out left to right on one line.
    words, x = [], 0.0
    for part in text.split(" "):
        words.append(Word(part, x, x + 10 * len(part), 100, 112))
        x += 10 * len(part) + 5
    return Line(words)


@pytest.fixture(scope="module")
def matcher(specs) -> TitleMatcher:
    return TitleMatcher(specs)


def test_there_are_enough_variants():
    variants = _variants()
    assert len(variants) >= 150
    assert {"other", "none"} <= {expected for _, expected in variants}


@pytest.mark.parametrize(("title", "expected"), _variants())
def test_title_names_its_spec(matcher, title, expected):
    hit = matcher.match(_line(title))
    assert (hit.spec.id if hit is not None else "none") == expected
