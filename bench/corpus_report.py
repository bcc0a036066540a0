"""Corpus report: run budgetpdf over ../shared/corpus and compare with the hand-made list of
standard tables a person can see in each PDF (tests/corpus/visible_tables.tsv).

    python bench/corpus_report.py [--corpus DIR] [--workers 2] [--json FILE]

Prints per document the tables found (spec@pages, rows), missed and unexpected tables and
failures, then totals: documents, tables visible / found with the right spec, false
positives, crashes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from budgetpdf.extractors.result import CheckStatus  # noqa: E402
from corpus_oracle import (  # noqa: E402
    CORPUS,
    TRUTH,
    cell_truth,
    compare,
    corpus_pdfs,
    in_pieces,
    known_specs,
    load_check_failures,
    load_statement_failures,
    load_truth,
    run_one,
    sha256,
)

LOW_COVERAGE = 80  # percent: a table below it is listed with its reasons


def _report_tables(
    res: dict, visible: list[dict], known: set[str], totals: Counter, by_spec: dict[str, Counter]
) -> None:
    totals["pages"] += res["pages"]
    found = res["tables"]
    hits, misses, fps = compare(found, visible, known)
    totals["visible"] += len(hits) + len(misses)
    totals["found"] += len(hits)
    totals["false_positives"] += len(fps)
    totals["tables"] += len(found)
    summary = " ".join(f"{t['spec']}@{'-'.join(map(str, t['pages']))}({t['rows']})" for t in found)
    print(f"{res['file'][:70]}: {len(found)} tables, {res['seconds']:.1f}s: {summary}")
    for miss in misses:
        print(f"    MISSED {miss['spec_id']} p{miss['first_page']} {miss['title_as_printed']}")
    for fp in fps:
        print(f"    UNEXPECTED {fp['spec']} p{fp['pages']}")
    for piece in in_pieces(hits):
        totals["in_pieces"] += 1
        print(
            f"    IN PIECES {piece['spec_id']} p{piece['first_page']}-{piece['last_page']}: "
            f"found on {piece['found_pages']}"
        )
    for status, n in res["checks"].items():
        totals[f"checks_{status}"] += n
    for table in found:
        totals["levelled_rows"] += table.get("levelled", 0)
        totals["unit_tables"] += table.get("budget_units", 0) > 1
        tally = by_spec.setdefault(table["spec"], Counter())
        tally["tables"] += 1
        failing = table["checks"].get(CheckStatus.FAIL)
        tally["failing" if failing else "passing"] += 1
        tally.update({f"checks_{k}": v for k, v in table["checks"].items()})
        totals["tables_passing"] += not failing


def _tally_coverage(
    res: dict, totals: Counter, reasons: dict[str, Counter], low: list[str]
) -> None:
    """Add a document's tables to the corpus coverage: amounts, covered, the uncovered cells
    by reason (and, within a reason, by spec and detail), and the tables under 80%."""
    for table in res["tables"]:
        coverage = table.get("coverage")
        if not coverage:
            continue
        totals["amounts"] += coverage["amounts"]
        totals["covered"] += coverage["covered"]
        for reason, cells in coverage["uncovered"].items():
            group, _, detail = reason.partition(": ")
            reasons.setdefault(group, Counter())[f"{table['spec']}: {detail}".rstrip(": ")] += cells
        if coverage["amounts"] and coverage["percent"] < LOW_COVERAGE:
            why = "; ".join(f"{r} {n}" for r, n in coverage["uncovered"].items())
            pages = "-".join(map(str, table["pages"]))
            low.append(
                f"  {res['file'][:60]} {table['spec']}@{pages}: {coverage['covered']} of "
                f"{coverage['amounts']} ({coverage['percent']}%) -- {why}"
            )


def _print_coverage(totals: Counter, reasons: dict[str, Counter], low: list[str]) -> None:
    covered = totals["covered"] / totals["amounts"] if totals["amounts"] else 0.0
    print(
        f"check coverage: {totals['covered']} of {totals['amounts']} printed non-zero amounts "
        f"take part in an evaluated check ({covered:.1%})"
    )
    print("uncovered amounts by reason (then by spec and detail, the largest first):")
    for group, cells in sorted(reasons.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {group}: {sum(cells.values())}")
        for detail, n in cells.most_common(8):
            print(f"      {n:6}  {detail}")
    print(f"tables under {LOW_COVERAGE}% covered: {len(low)}")
    for line in low:
        print(line)


def _report_truth(res: dict, totals: Counter) -> None:
    if not res["truth"]:
        return
    score = res["truth"]
    totals["truth_documents"] += 1
    totals["truth_cells"] += score["cells"]
    totals["truth_right"] += score["right"]
    print(f"    TRUTH {score['file']}: {score['right']} of {score['cells']} cells right")
    for line in score["wrong"]:
        print(f"    TRUTH MISS {line}")


def _report_statement(res: dict, failed: dict, totals: Counter) -> None:
    page = (failed.get("total") or {}).get("page", 0)
    listed = load_statement_failures().get((res["file"], failed["rule"], page))
    cause = f"{listed['cause']}: {listed['explanation']}" if listed else "UNEXPLAINED"
    totals[f"statement_fail_{listed['cause'] if listed else 'unexplained'}"] += 1
    print(
        f"    {failed['kind'].upper()} FAIL {failed['rule']} p{page}: "
        f"{failed.get('quote') or failed['message']} -- {cause}"
    )


def _report_failures(res: dict, causes: dict, totals: Counter) -> None:
    for failed in res["failed_checks"]:
        if failed.get("kind"):
            _report_statement(res, failed, totals)
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--truth", type=Path, default=TRUTH)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--truth-only", action="store_true", help="Only the documents with a cell truth file."
    )
    args = parser.parse_args()

    known = known_specs()
    pdfs = [str(p) for p in corpus_pdfs(args.corpus)][: args.limit or None]
    if args.truth_only:
        pdfs = [p for p in pdfs if sha256(p) in cell_truth()]
    truth = load_truth(args.truth)
    causes = load_check_failures()
    began = time.monotonic()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(run_one, pdfs))
    elapsed = time.monotonic() - began

    totals: Counter = Counter()
    by_spec: dict[str, Counter] = {}
    reasons: dict[str, Counter] = {}
    low: list[str] = []
    for res in results:
        totals["documents"] += 1
        if "crash" in res or "error" in res:
            kind = "crash" if "crash" in res else "error"
            totals["crashes" if kind == "crash" else "errors"] += 1
            print(f"{kind.upper()} {res['file']}: {res[kind]}")
            continue
        _report_tables(res, truth.get(res["file"], []), known, totals, by_spec)
        _report_truth(res, totals)
        _report_failures(res, causes, totals)
        _tally_coverage(res, totals, reasons, low)
    rate = totals["found"] / totals["visible"] if totals["visible"] else 0.0
    print()
    print(
        f"documents {totals['documents']}, read {totals['documents'] - totals['errors'] - totals['crashes']}, "
        f"errors {totals['errors']}, crashes {totals['crashes']}"
    )
    print(
        f"visible standard tables {totals['visible']}, found with the right spec {totals['found']} "
        f"({rate:.1%}), false positives {totals['false_positives']}, tables output {totals['tables']}, "
        f"multi-page tables in pieces {totals['in_pieces']}"
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
    _print_coverage(totals, reasons, low)
    print(
        f"rows without codes levelled by their layout {totals['levelled_rows']}, "
        f"tables of several budget units {totals['unit_tables']}"
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
