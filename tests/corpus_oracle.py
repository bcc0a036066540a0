"""The corpus oracle: what budgetpdf makes of one corpus document, and how that compares with
what people read on the pages.

- `run_one` extracts a document and sums it up (tables, checks, warnings, schema errors, cell
  truth score); it never raises, so a crash is a result like any other;
- `load_truth` and `compare` hold the found tables against the hand-made list of standard
  tables a person can see (tests/corpus/visible_tables.tsv);
- `load_check_failures` reads the confirmed cause of each check that fails on the corpus
  (tests/corpus/check_failures.tsv);
- `cell_truth` finds the hand-checked truth files (tests/truth/, tests/golden/) by the PDF
  they describe.

The corpus tests assert on these; bench/corpus_report.py prints them.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
import time
from collections import Counter
from pathlib import Path

import jsonschema
from golden_compare import compare as compare_with_truth
from golden_compare import truth_cells

from budgetpdf.errors import BudgetPdfError
from budgetpdf.extractors.batch.read import mentioned_tables
from budgetpdf.extractors.document import extract_document
from budgetpdf.extractors.result import CheckKind, CheckStatus
from budgetpdf.table_specs.loader import load_specs

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
TRUTH = REPO / "tests" / "corpus" / "visible_tables.tsv"
# Each (document, rule) whose check fails, with its confirmed cause: publisher or limitation.
CHECK_FAILURES = REPO / "tests" / "corpus" / "check_failures.tsv"
# Failing narrative and completeness checks, by (document, rule, page): a rule may fail in
# several sentences of one document.
STATEMENT_FAILURES = REPO / "tests" / "corpus" / "statement_failures.tsv"
# Hand-checked cell truth: every printed value of every table of a document.
CELL_TRUTH = [
    *sorted((REPO / "tests" / "truth").glob("*.json")),
    REPO / "tests" / "golden" / "guangzhou_meteorology_2026_truth.json",
]
SCHEMA = REPO / "extractors" / "output" / "document.schema.json"
# A 情况说明: sentences under a heading such as 三、支出预算安排情况 or 编制说明.
_EXPLANATION = re.compile(r"说明|(预算|决算|支出|收入|经费).{0,8}情况")


def known_specs() -> set[str]:
    return {s.id for s in load_specs().specs}


@functools.cache
def cell_truth() -> dict[str, dict]:
    """Truth files by the sha256 of the PDF they describe (a bundled sample is a corpus file
    under another name)."""
    found = {}
    for path in CELL_TRUTH:
        truth = json.loads(path.read_text(encoding="utf-8"))
        source = Path(truth["source"])
        candidates = [REPO / source, CORPUS / source, CORPUS / source.name]
        pdf = next((c for c in candidates if c.is_file()), candidates[-1])
        if pdf.is_file():
            truth["file"] = path.name
            found[sha256(pdf)] = truth
    return found


def sha256(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def truth_score(document: dict) -> dict | None:
    """Cells right and wrong against the document's truth file, if it has one."""
    truth = cell_truth().get(document["source"]["sha256"])
    if truth is None:
        return None
    right, wrong = compare_with_truth(document, truth)
    return {"file": truth["file"], "cells": truth_cells(truth), "right": right, "wrong": wrong}


def run_one(path: str) -> dict:
    """One document's tables (spec, pages, rows), or its error; never raises."""
    began = time.monotonic()
    try:
        specs = load_specs()
        result = extract_document(Path(path), specs)
    except BudgetPdfError as exc:
        return {
            "file": Path(path).name,
            "error": exc.line(),
            "code": int(exc.exit_code),
            "seconds": time.monotonic() - began,
        }
    except Exception as exc:  # noqa: BLE001 - a crash is what the oracle exists to show
        return {
            "file": Path(path).name,
            "crash": f"{type(exc).__name__}: {exc}",
            "seconds": time.monotonic() - began,
        }
    document = result.to_dict()
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    schema_errors = [e.message for e in validator.iter_errors(document)][:5]
    return {
        "file": Path(path).name,
        "pages": result.pages,
        "schema_errors": schema_errors,
        "truth": truth_score(document),
        "seconds": time.monotonic() - began,
        "tables": [
            {
                "spec": t.spec,
                "pages": t.pages,
                "rows": len(t.rows),
                "extractor": t.extractor,
                "unit": t.unit,
                "coverage": t.coverage.to_dict() if t.coverage else None,
                # Rows printed without a code that their layout gave a level, and the
                # budget units the table's rows belong to.
                "levelled": sum(1 for r in t.rows if not r.code and r.level),
                "budget_units": len({r.budget_unit for r in t.rows if r.budget_unit}),
                # The table's arithmetic: narrative and completeness checks are counted
                # apart (statement_failures.tsv), so this rate stays comparable.
                "checks": Counter(
                    c.status
                    for c in result.checks
                    if c.kind is CheckKind.ARITHMETIC and t.spec in _tables_of(c)
                ),
            }
            for t in result.tables
        ],
        "checks": Counter(c.status for c in result.checks),
        "evaluated_rules": sorted(
            {c.rule for c in result.checks if c.status in (CheckStatus.PASS, CheckStatus.ROUNDING)}
        ),
        "failed_checks": [c.to_dict() for c in result.checks if c.status is CheckStatus.FAIL],
        "has_explanation": any(_EXPLANATION.search(s.section) for s in result.narrative),
        "narrative_checked": sum(
            c.kind is CheckKind.NARRATIVE and c.status is not CheckStatus.SKIPPED
            for c in result.checks
        ),
        "warnings": Counter(w.slug for w in result.warnings),
        "mentioned": mentioned_tables(result, specs),
    }


def _tables_of(check) -> set[str]:
    """The tables a check compared cells of: a failure counts against each of them."""
    cells = [check.total, *check.parts] if check.total else []
    return {c.table for c in cells} | {check.rule.split(".")[0]}


# Publishers of styles the first 105 documents do not show (issue 13), in a folder of their
# own with a MANIFEST.tsv of the same columns.
NEW_STYLES = "new-styles"


def corpus_pdfs(corpus: Path = CORPUS) -> list[Path]:
    """Every corpus PDF: the folder's own, then those of new-styles/."""
    return sorted(corpus.glob("*.pdf")) + sorted((corpus / NEW_STYLES).glob("*.pdf"))


def load_manifest(corpus: Path = CORPUS) -> dict[str, dict]:
    """MANIFEST.tsv rows of the corpus and of new-styles/, by file name."""
    rows: dict[str, dict] = {}
    for path in (corpus / "MANIFEST.tsv", corpus / NEW_STYLES / "MANIFEST.tsv"):
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                rows.update((r["filename"], r) for r in csv.DictReader(handle, delimiter="\t"))
    return rows


def load_truth(path: Path = TRUTH) -> dict[str, list[dict]]:
    """The visible standard tables, by document file name."""
    truth: dict[str, list[dict]] = {}
    if not path.exists():
        return truth
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            truth.setdefault(row["filename"], []).append(row)
    return truth


def load_check_failures(path: Path = CHECK_FAILURES) -> dict[tuple[str, str], dict]:
    """Known failing checks by (file name, rule)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {(r["filename"], r["rule"]): r for r in csv.DictReader(handle, delimiter="\t")}


def _spec_of(visible: dict) -> str:
    # `other:会议费明细表` is a table no spec describes: the fallback spec `other` takes it.
    return "other" if visible["spec_id"].startswith("other:") else visible["spec_id"]


# Multi-page tables still output in pieces, with the cause read on the page.
PIECES = REPO / "tests" / "corpus" / "pieces.tsv"


def load_pieces(path: Path = PIECES) -> dict[tuple[str, str, int], dict]:
    """Known multi-page tables output in pieces, by (file name, spec id, first page)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {(r["filename"], r["spec_id"], int(r["first_page"])): r for r in rows}


def load_statement_failures(path: Path = STATEMENT_FAILURES) -> dict[tuple[str, str, int], dict]:
    """Known failing narrative and completeness checks by (file name, rule, page)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {(r["filename"], r["rule"], int(r["page"] or 0)): r for r in rows}


def compare(found: list[dict], visible: list[dict], known: set[str]) -> tuple[list, list, list]:
    """(hits, misses, false positives): a visible table is hit when a found table has its
    spec and starts on its first page; each hit carries the found table's pages."""
    wanted = [v for v in visible if _spec_of(v) in known]
    hits, misses = [], []
    unmatched = list(found)
    for table in wanted:
        first = int(table["first_page"])
        match = next(
            (f for f in unmatched if f["spec"] == _spec_of(table) and first in f["pages"]), None
        )
        if match:
            hits.append({**table, "found_pages": match["pages"]})
            unmatched.remove(match)
        else:
            misses.append(table)
    visible_pages = {
        int(p)
        for v in visible
        if v["spec_id"] not in ("none",)
        for p in range(int(v["first_page"] or 0), int(v["last_page"] or 0) + 1)
    }
    false_positives = [f for f in unmatched if not set(f["pages"]) & visible_pages]
    return hits, misses, false_positives


def in_pieces(hits: list[dict]) -> list[dict]:
    """The visible tables printed over several pages whose found table leaves some of those
    pages out: the rest came out as another table, or was lost."""
    return [
        h
        for h in hits
        if not set(range(int(h["first_page"]), int(h["last_page"]) + 1)) <= set(h["found_pages"])
    ]
