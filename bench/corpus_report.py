"""Corpus report: run budgetpdf over ../shared/corpus and compare with the hand-made list of
standard tables a person can see in each PDF (tests/corpus/visible_tables.tsv).

    python bench/corpus_report.py [--corpus DIR] [--workers 2] [--json FILE]

Prints per document the tables found (spec@pages, rows), missed and unexpected tables and
failures, then totals: documents, tables visible / found with the right spec, false
positives, crashes.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
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
_EXPLANATION = re.compile(r"说明|(预算|决算|支出|收入|经费).{0,8}情况")


def known_specs() -> set[str]:
    from budgetpdf.table_specs.loader import load_specs

    return {s.id for s in load_specs().specs}


@functools.cache
def cell_truth() -> dict[str, dict]:
    """Truth files by the sha256 of the PDF they describe (a bundled sample is a corpus file
    under another name)."""
    found = {}
    for path in CELL_TRUTH:
        truth = json.loads(path.read_text(encoding="utf-8"))
        source = Path(truth["source"])
        pdf = REPO / source if (REPO / source).is_file() else DEFAULT_CORPUS / source.name
        if pdf.is_file():
            truth["file"] = path.name
            found[_sha256(pdf)] = truth
    return found


def _sha256(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _truth_score(document: dict) -> dict | None:
    sys.path.insert(0, str(REPO / "tests"))
    from golden_compare import compare, truth_cells

    truth = cell_truth().get(document["source"]["sha256"])
    if truth is None:
        return None
    right, wrong = compare(document, truth)
    return {"file": truth["file"], "cells": truth_cells(truth), "right": right, "wrong": wrong}


def run_one(path: str) -> dict:
    """One document's tables (spec, pages, rows), or its error; never raises."""
    import jsonschema

    from budgetpdf.errors import BudgetPdfError
    from budgetpdf.extractors.batch.read import mentioned_tables
    from budgetpdf.extractors.document import extract_document
    from budgetpdf.extractors.result import CheckKind, CheckStatus
    from budgetpdf.table_specs.loader import load_specs

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
    except Exception as exc:  # noqa: BLE001 - a crash is what this report exists to show
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
        "truth": _truth_score(document),
        "seconds": time.monotonic() - began,
        "tables": [
            {
                "spec": t.spec,
                "pages": t.pages,
                "rows": len(t.rows),
                "extractor": t.extractor,
                "unit": t.unit,
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
        # A 情况说明: sentences under a heading such as 三、支出预算安排情况 or 编制说明.
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


def load_truth(path: Path) -> dict[str, list[dict]]:
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


def load_statement_failures(path: Path = STATEMENT_FAILURES) -> dict[tuple[str, str, int], dict]:
    """Known failing narrative and completeness checks by (file name, rule, page)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {(r["filename"], r["rule"], int(r["page"] or 0)): r for r in rows}


def compare(found: list[dict], visible: list[dict], known: set[str]) -> tuple[list, list, list]:
    """(hits, misses, false positives): a visible table is hit when a found table has its
    spec and starts on its first page."""
    wanted = [v for v in visible if v["spec_id"] in known]
    hits, misses = [], []
    unmatched = list(found)
    for table in wanted:
        first = int(table["first_page"])
        match = next(
            (f for f in unmatched if f["spec"] == table["spec_id"] and first in f["pages"]), None
        )
        if match:
            hits.append(table)
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--truth", type=Path, default=TRUTH)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--truth-only", action="store_true", help="Only the documents with a cell truth file."
    )
    args = parser.parse_args()
    from budgetpdf.extractors.result import CheckStatus

    known = known_specs()
    pdfs = sorted(str(p) for p in args.corpus.glob("*.pdf"))[: args.limit or None]
    if args.truth_only:
        pdfs = [p for p in pdfs if _sha256(p) in cell_truth()]
    truth = load_truth(args.truth)
    causes = load_check_failures()
    statement_causes = load_statement_failures()
    began = time.monotonic()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(run_one, pdfs))
    elapsed = time.monotonic() - began

    totals: Counter = Counter()
    by_spec: dict[str, Counter] = {}
    for res in results:
        visible = truth.get(res["file"], [])
        totals["documents"] += 1
        if "crash" in res:
            totals["crashes"] += 1
            print(f"CRASH {res['file']}: {res['crash']}")
            continue
        if "error" in res:
            totals["errors"] += 1
            print(f"ERROR {res['file']}: {res['error']}")
            continue
        totals["pages"] += res["pages"]
        found = res["tables"]
        hits, misses, fps = compare(found, visible, known)
        totals["visible"] += len(hits) + len(misses)
        totals["found"] += len(hits)
        totals["false_positives"] += len(fps)
        totals["tables"] += len(found)
        summary = " ".join(
            f"{t['spec']}@{'-'.join(map(str, t['pages']))}({t['rows']})" for t in found
        )
        print(f"{res['file'][:70]}: {len(found)} tables, {res['seconds']:.1f}s: {summary}")
        for miss in misses:
            print(f"    MISSED {miss['spec_id']} p{miss['first_page']} {miss['title_as_printed']}")
        for fp in fps:
            print(f"    UNEXPECTED {fp['spec']} p{fp['pages']}")
        for status, n in res["checks"].items():
            totals[f"checks_{status}"] += n
        for table in found:
            tally = by_spec.setdefault(table["spec"], Counter())
            tally["tables"] += 1
            failing = table["checks"].get(CheckStatus.FAIL)
            tally["failing" if failing else "passing"] += 1
            tally.update({f"checks_{k}": v for k, v in table["checks"].items()})
            totals["tables_passing"] += not failing
        if res["truth"]:
            score = res["truth"]
            totals["truth_documents"] += 1
            totals["truth_cells"] += score["cells"]
            totals["truth_right"] += score["right"]
            print(f"    TRUTH {score['file']}: {score['right']} of {score['cells']} cells right")
            for line in score["wrong"]:
                print(f"    TRUTH MISS {line}")
        for failed in res["failed_checks"]:
            if failed.get("kind"):
                page = (failed.get("total") or {}).get("page", 0)
                listed = statement_causes.get((res["file"], failed["rule"], page))
                cause = f"{listed['cause']}: {listed['explanation']}" if listed else "UNEXPLAINED"
                totals[f"statement_fail_{listed['cause'] if listed else 'unexplained'}"] += 1
                print(
                    f"    {failed['kind'].upper()} FAIL {failed['rule']} p{page}: "
                    f"{failed.get('quote') or failed['message']} -- {cause}"
                )
                continue
            where = failed["total"]
            known_cause = causes.get((res["file"], failed["rule"]))
            cause = (
                f"{known_cause['cause']}: {known_cause['explanation']}"
                if known_cause
                else "UNEXPLAINED"
            )
            totals[f"check_fail_{known_cause['cause'] if known_cause else 'unexplained'}"] += 1
            print(
                f"    CHECK FAIL {failed['rule']} p{where['page']}: {failed['message']} "
                f"printed {failed['found']} vs sum {failed['expected']} -- {cause}"
            )
    rate = totals["found"] / totals["visible"] if totals["visible"] else 0.0
    print()
    print(
        f"documents {totals['documents']}, read {totals['documents'] - totals['errors'] - totals['crashes']}, "
        f"errors {totals['errors']}, crashes {totals['crashes']}"
    )
    print(
        f"visible standard tables {totals['visible']}, found with the right spec {totals['found']} "
        f"({rate:.1%}), false positives {totals['false_positives']}, tables output {totals['tables']}"
    )
    print("checks per spec: tables passing all their checks / tables with a failing check")
    for spec, tally in sorted(by_spec.items()):
        print(
            f"  {spec:45} {tally['passing']:4} / {tally['failing']:3}   "
            f"checks {tally['checks_pass']} pass, {tally['checks_rounding']} rounding, "
            f"{tally['checks_fail']} fail, {tally['checks_skipped']} skipped"
        )
    passing = totals["tables_passing"] / totals["tables"] if totals["tables"] else 0.0
    print(
        f"tables passing all checks {totals['tables_passing']} of {totals['tables']} ({passing:.1%}); "
        f"checks {totals['checks_pass']} pass, {totals['checks_rounding']} rounding, "
        f"{totals['checks_fail']} fail, {totals['checks_skipped']} skipped"
    )
    print(
        f"failing checks by cause: {totals['check_fail_publisher']} publisher, "
        f"{totals['check_fail_limitation']} limitation, "
        f"{totals['check_fail_unexplained']} unexplained"
    )
    print(
        f"failing narrative and completeness checks by cause: "
        f"{totals['statement_fail_publisher']} publisher, "
        f"{totals['statement_fail_limitation']} limitation, "
        f"{totals['statement_fail_unconfirmed']} unconfirmed, "
        f"{totals['statement_fail_unexplained']} unexplained"
    )
    accuracy = totals["truth_right"] / totals["truth_cells"] if totals["truth_cells"] else 0.0
    print(
        f"cell accuracy against the hand-checked truth ({totals['truth_documents']} documents): "
        f"{totals['truth_right']} of {totals['truth_cells']} cells ({accuracy:.2%})"
    )
    print(
        f"pages {totals['pages']} in {elapsed:.0f} s with {args.workers} workers "
        f"({totals['pages'] / elapsed:.1f} pages/s)"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"totals": totals, "results": results}, ensure_ascii=False, indent=1, default=str
            ),
            encoding="utf-8",
        )
    return 1 if totals["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
