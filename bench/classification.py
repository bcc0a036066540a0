"""The bundled 科目 dictionary against the corpus: rebuild its corpus rows, measure it, check
its name → code assignment.

    python bench/classification.py build OUT_DIR      # add every code–name pair printed in
                                                      # OUT_DIR/*/document.json, report conflicts
    python bench/classification.py report OUT_DIR     # coverage of printed codes, mismatches,
                                                      # blind name → code re-assignment

OUT_DIR holds `budgetpdf extract` output of the corpus. `build` rewrites
table_specs/classification/*.tsv: the rows marked national stay as transcribed, the rows
marked corpus are made again from the output, one per code (the name printed most often),
two with their years where a code was printed under disagreeing names in disjoint years. A
printed name that disagrees with a national one, or two disagreeing names in the same years,
is a conflict: printed, never written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from budgetpdf.extractors import classification
from budgetpdf.extractors.classification import annotate, lookup, names_agree, plain
from budgetpdf.extractors.locate.text_pass import page_texts
from budgetpdf.extractors.narrative.sentences import document_heading
from budgetpdf.extractors.narrative.statements import document_year
from budgetpdf.extractors.result import DocumentResult

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "table_specs" / "classification"
_FIRST_DIGIT = {"2": "function.tsv", "3": "economic_department.tsv", "5": "economic_government.tsv"}
_SCHEMES = {"function": "2", "economic": "35"}


def documents(out: Path) -> list[tuple[DocumentResult, int | None]]:
    """Each document of the output with its year (from its heading, or its PDF's first page)."""
    found = []
    for path in sorted(out.glob("*/document.json")):
        result = DocumentResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
        heading = result.heading
        if not heading and Path(result.path).is_file():
            heading = document_heading(page_texts(Path(result.path))[:3])
        year = document_year(heading)
        found.append((result, int(year) if year else None))
    return found


def printed_pairs(docs) -> dict[str, dict[str, list]]:
    """code → plain name → [names as printed, years printed in]."""
    pairs: dict[str, dict[str, list]] = defaultdict(dict)
    for result, year in docs:
        for table in result.tables:
            digits = _SCHEMES.get(table.code_scheme)
            if not digits:
                continue
            for row in table.rows:
                if row.code and row.code[0] in digits and row.name and row.code_source is None:
                    if len(row.code) not in ((3, 5, 7) if digits == "2" else (3, 5)):
                        # 7-digit economic codes (3010201) are a province's own sub-items.
                        continue
                    slot = pairs[row.code].setdefault(plain(row.name), [Counter(), set()])
                    slot[0][row.name] += 1
                    slot[1].add(year)
    return pairs


def build(out: Path) -> int:
    docs = documents(out)
    national = [e for e in classification.entries() if e.source == "national"]
    known = {e.code for e in national}
    rows: dict[str, list[tuple]] = defaultdict(list)
    conflicts = 0
    for code, names in sorted(printed_pairs(docs).items()):
        file = _FIRST_DIGIT[code[0]]
        if code in known:
            for entry in (e for e in national if e.code == code):
                for key, (printed, years) in names.items():
                    if not names_agree(key, entry.name) and entry.applies(
                        max(y or 0 for y in years) or None
                    ):
                        conflicts += 1
                        print(
                            f"CONFLICT {code}: printed {printed.most_common(1)[0][0]!r} in {sorted(y for y in years if y)}, national {entry.name!r}"
                        )
            continue
        groups = _groups(names)
        if len(groups) > 1 and not _disjoint(groups):
            conflicts += 1
            shown = "; ".join(f"{g[0]!r} {sorted(y for y in g[1] if y)}" for g in groups)
            print(f"CONFLICT {code}: printed as {shown}")
            groups = groups[:1]
        for index, (name, years) in enumerate(
            sorted(groups, key=lambda g: min(y or 0 for y in g[1]))
        ):
            first = min(y for y in years if y) if len(groups) > 1 and index else None
            last = max(y for y in years if y) if len(groups) > 1 and index == 0 else None
            rows[file].append((code, name, first or "", last or "", "corpus"))
    for file in _FIRST_DIGIT.values():
        _write(FOLDER / file, rows[file])
    print(f"{sum(map(len, rows.values()))} corpus rows written, {conflicts} conflicts")
    return 0


def _groups(names: dict[str, list]) -> list[tuple[str, set]]:
    """Printed names of one code merged where they agree, most printed first."""
    groups: list[list] = []
    for _key, (printed, years) in sorted(names.items(), key=lambda kv: -sum(kv[1][0].values())):
        name = printed.most_common(1)[0][0]
        match = next((g for g in groups if names_agree(name, g[0])), None)
        if match:
            match[1] |= years
            match[2] += sum(printed.values())
        else:
            groups.append([name, set(years), sum(printed.values())])
    return [(g[0], g[1]) for g in groups]


def _disjoint(groups: list[tuple[str, set]]) -> bool:
    spans = sorted((min(y or 0 for y in g[1]), max(y or 0 for y in g[1])) for g in groups)
    return all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def _write(path: Path, corpus_rows: list[tuple]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.endswith("\tcorpus")]
    added = ["\t".join(map(str, row)) for row in sorted(corpus_rows)]
    path.write_text("\n".join([*kept, *added]) + "\n", encoding="utf-8")


def report(out: Path, truth: set[str]) -> int:
    docs = documents(out)
    printed = named = national = mismatched = 0
    for result, year in docs:
        for table in result.tables:
            digits = _SCHEMES.get(table.code_scheme)
            for row in table.rows if digits else []:
                if row.code and row.code[0] in digits and len(row.code) in (3, 5, 7):
                    printed += 1
                    entry = lookup(row.code, year)
                    named += entry is not None
                    national += bool(entry and entry.source == "national")
                    mismatched += bool(entry and row.name and not names_agree(row.name, entry.name))
    print(
        f"printed codes {printed}, named by the dictionary {named} ({named / printed:.2%}), "
        f"by its transcribed (national) rows alone {national} ({national / printed:.2%}), "
        f"printed name disagreeing {mismatched}"
    )
    for label, subset in (("truth documents", truth), ("all documents", None)):
        right, wrong, total = _blind(docs, subset)
        print(
            f"blind name → code on {label}: {total} coded rows, {right} assigned right, "
            f"{wrong} wrong, {total - right - wrong} left without a code"
        )
    return 0


def _blind(docs, subset: set[str] | None) -> tuple[int, int, int]:
    """Remove every printed code, assign from the names, compare with what was printed."""
    right = wrong = total = 0
    for result, year in docs:
        if subset is not None and result.sha256 not in subset:
            continue
        copy = DocumentResult.from_dict(result.to_dict())
        truth = {}
        for t_index, table in enumerate(copy.tables):
            if table.code_scheme not in _SCHEMES:
                continue
            for r_index, row in enumerate(table.rows):
                if row.code and len(row.code) in (3, 5, 7) and not row.is_total:
                    truth[(t_index, r_index)] = row.code
                    row.code = ""
        total += len(truth)
        annotate(copy, year)
        for (t_index, r_index), code in truth.items():
            got = copy.tables[t_index].rows[r_index].code
            if got == code:
                right += 1
            elif got:
                wrong += 1
                print(
                    f"  WRONG {Path(result.path).name[:50]} {copy.tables[t_index].spec}: "
                    f"{copy.tables[t_index].rows[r_index].name!r} printed {code}, assigned {got}"
                )
    return right, wrong, total


def _truth_shas() -> set[str]:
    sys.path.insert(0, str(REPO / "bench"))
    import corpus_report

    return set(corpus_report.cell_truth())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["build", "report"])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.command == "build":
        return build(args.out)
    return report(args.out, _truth_shas())


if __name__ == "__main__":
    sys.exit(main())
