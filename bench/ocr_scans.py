"""How well budgetpdf reads scans: the hand-checked truth documents turned into image-only
PDFs (clean, and worn: turned, grainy, specked), read with OCR, and held against their truth.

For each document and set it prints the truth cells read exactly, the cells wrong or missing,
whether each wrong cell is in a table with a failing check (not silent) or not (silent), and
the speed in pages a second. The scans are made in a scratch folder (tests/scanned_pdfs.py).

    python bench/ocr_scans.py                      # the documents below, both sets
    python bench/ocr_scans.py --set clean --only guangzhou
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from golden_compare import compare  # noqa: E402
from scanned_pdfs import make_scan  # noqa: E402

from budgetpdf.extractors.document import ExtractOptions, extract_document  # noqa: E402
from budgetpdf.extractors.result import CheckStatus  # noqa: E402
from budgetpdf.table_specs.loader import load_specs  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
# Truth documents whose fonts are embedded (a scan of a page drawn in a font the machine
# lacks shows no text: the seed's STSong-Light), with their PDFs.
DOCUMENTS = {
    "guangzhou": ("tests/golden/guangzhou_meteorology_2026_truth.json", REPO / "samples"),
    "shanghai_ndrc": ("tests/truth/shanghai_ndrc_2026.json", CORPUS),
    "changsha": ("tests/truth/changsha_education_2026.json", CORPUS),
    "fuzhou": ("tests/truth/fuzhou_police_civilian_2026.json", CORPUS),
}


def truth_of(name: str) -> tuple[dict, Path]:
    truth_file, folder = DOCUMENTS[name]
    truth = json.loads((REPO / truth_file).read_text(encoding="utf-8"))
    source = Path(truth["source"])
    pdf = next(p for p in (REPO / source, folder / source, folder / source.name) if p.is_file())
    return truth, pdf


def failing_tables(document: dict) -> set[str]:
    """The tables a failing check compared a cell of, or found missing."""
    tables = set()
    for check in document["checks"]:
        if check["status"] != CheckStatus.FAIL.value:
            continue
        cells = [check.get("total"), *check.get("parts", [])]
        tables |= {c["table"] for c in cells if c}
        tables.add(check["rule"].split(".")[0])
    return tables


def score(document: dict, truth: dict) -> dict:
    """Cells right, and the wrong ones split into silent and flagged (in a table with a
    failing check)."""
    failing = failing_tables(document)
    right, wrong = compare(document, truth)
    flagged = [line for line in wrong if line.split(" ", 1)[0] in failing]
    silent = [line for line in wrong if line.split(" ", 1)[0] not in failing]
    return {"right": right, "flagged": flagged, "silent": silent}


def run(name: str, worn: bool, folder: Path) -> dict:
    truth, pdf = truth_of(name)
    scan = make_scan(pdf, folder / f"{name}-{'worn' if worn else 'clean'}.pdf", worn=worn)
    began = time.monotonic()
    result = extract_document(scan, load_specs(), ExtractOptions())
    seconds = time.monotonic() - began
    document = result.to_dict()
    found = score(document, truth)
    cells = sum(len(v) for k, v in truth["tables"].items() if ":" not in k)
    return {
        "document": name,
        "set": "worn" if worn else "clean",
        "pages": result.pages,
        "seconds": round(seconds, 1),
        "pages_per_second": round(result.pages / seconds, 3),
        "cells": cells,
        "right": found["right"],
        "exact": round(100 * found["right"] / cells, 2),
        "wrong_flagged": found["flagged"],
        "wrong_silent": found["silent"],
        "failing_checks": sum(c["status"] == "fail" for c in document["checks"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=sorted(DOCUMENTS), default=sorted(DOCUMENTS))
    parser.add_argument("--set", choices=("clean", "worn", "both"), default="both")
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    args = parser.parse_args()
    sets = {"clean": [False], "worn": [True], "both": [False, True]}[args.set]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for name in args.only:
            for worn in sets:
                row = run(name, worn, Path(scratch))
                rows.append(row)
                print(
                    f"{row['document']:14} {row['set']:5} {row['pages']:3} pages "
                    f"{row['pages_per_second']:.2f} pages/s  {row['right']}/{row['cells']} "
                    f"exact ({row['exact']}%), wrong: {len(row['wrong_flagged'])} flagged, "
                    f"{len(row['wrong_silent'])} silent",
                    flush=True,
                )
                for line in row["wrong_silent"]:
                    print(f"    SILENT {line}")
                for line in row["wrong_flagged"]:
                    print(f"    flagged {line}")
    cells = sum(r["cells"] for r in rows)
    right = sum(r["right"] for r in rows)
    pages = sum(r["pages"] for r in rows)
    seconds = sum(r["seconds"] for r in rows)
    print(
        f"total: {right}/{cells} truth cells exact ({100 * right / max(cells, 1):.2f}%), "
        f"{sum(len(r['wrong_silent']) for r in rows)} wrong cells silent, "
        f"{pages} pages in {seconds:.0f} s ({pages / max(seconds, 1e-9):.2f} pages/s)"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
