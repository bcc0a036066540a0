"""Scans of a sample read by OCR (`--ocr auto`): the truth cells come back exact, any wrong
one sits in a table whose check fails, and text pages beside scanned ones read as before.

A few pages only (OCR costs seconds a page); bench/ocr_scans.py reads whole documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden_compare import header_key, name_key, output_cells
from scanned_pdfs import make_scan
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.pdf import ocr_engine
from conftest import SAMPLES

pytestmark = pytest.mark.slow

GUANGZHOU = SAMPLES / "guangzhou-meteorology-2026.pdf"
TRUTH = Path(__file__).parent / "golden" / "guangzhou_meteorology_2026_truth.json"
# 收入总表 (p.7), 支出总表 (pp.8-9, one table over two pages), 三公 (p.17).
PAGES = [7, 8, 9, 17]
TABLES = {"income_summary", "expenditure_summary", "three_public_expenditure"}


def _truth_cells() -> list[tuple[str, tuple, str]]:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    return [
        (spec, (e.get("side"), name_key(e["key"]), header_key(e["header"], e.get("side"))), e["value"])
        for spec, entries in truth["tables"].items()
        if spec in TABLES
        for e in entries
    ]  # fmt: skip


def _wrong_cells(document: dict) -> list[tuple[str, tuple, str, str | None]]:
    tables = {t["spec"]: output_cells(t) for t in document["tables"]}
    wrong = []
    for spec, key, value in _truth_cells():
        found = tables.get(spec, {}).get(key)
        if found is None or found != value:
            wrong.append((spec, key, value, found))
    return wrong


def _failing_tables(document: dict) -> set[str]:
    failing = set()
    for check in document["checks"]:
        if check["status"] == "fail":
            failing |= {c["table"] for c in [check.get("total"), *check.get("parts", [])] if c}
    return failing


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scans")
    return {
        "clean": make_scan(GUANGZHOU, folder / "clean.pdf", PAGES),
        "worn": make_scan(GUANGZHOU, folder / "worn.pdf", PAGES, worn=True),
    }


@pytest.fixture(scope="module")
def clean(specs, scans):
    return extract_document(scans["clean"], specs).to_dict()


@pytest.mark.parametrize("kind", ["clean", "worn"])
def test_scanned_tables_read_their_truth_cells(specs, scans, clean, kind):
    document = clean if kind == "clean" else extract_document(scans[kind], specs).to_dict()
    assert {t["spec"] for t in document["tables"]} >= TABLES
    assert all(t["source"] == "ocr" for t in document["tables"])
    cells = _truth_cells()
    wrong = _wrong_cells(document)
    assert len(wrong) <= 0.01 * len(cells), wrong
    # None silent: a wrong cell's table has a failing check.
    failing = _failing_tables(document)
    assert all(spec in failing for spec, *_ in wrong), (wrong, failing)


def test_ocr_values_carry_their_confidence_and_checks_quote_them(clean):
    table = next(t for t in clean["tables"] if t["spec"] == "expenditure_summary")
    total = next(r for r in table["rows"] if r["is_total"])
    assert total["values"]["total"] == "7651.71"
    assert 0.5 < total["confidence"]["total"] <= 1
    compared = [c for c in clean["checks"] if c.get("total")]
    assert compared and all(c["total"]["source"] == "ocr" for c in compared)
    assert [w for w in clean["warnings"] if w["type"] == "ocr_page"][0]["page"] == 1


def test_the_same_scan_reads_the_same(specs, tmp_path):
    one_page = make_scan(GUANGZHOU, tmp_path / "p.pdf", [17], worn=True)
    first = extract_document(one_page, specs).to_dict()
    again = extract_document(one_page, specs).to_dict()
    assert first == again
    assert [t["spec"] for t in first["tables"]] == ["three_public_expenditure"]


def test_a_mixed_document_reads_its_text_pages_and_its_scanned_ones(specs, tmp_path):
    mixed = make_scan(GUANGZHOU, tmp_path / "mixed.pdf", [7, 8, 9], text_pages=frozenset({8, 9}))
    document = extract_document(mixed, specs).to_dict()
    source = {t["spec"]: t.get("source") for t in document["tables"]}
    assert source == {"income_summary": "ocr", "expenditure_summary": None}
    assert [w["page"] for w in document["warnings"] if w["type"] == "ocr_page"] == [1]
    wrong = [w for w in _wrong_cells(document) if w[0] != "three_public_expenditure"]
    assert not [w for w in wrong if w[0] == "expenditure_summary"], wrong
    assert all(spec in _failing_tables(document) for spec, *_ in wrong), wrong


def test_always_reads_text_pages_by_ocr_and_never_reads_none(specs, tmp_path):
    page = make_scan(GUANGZHOU, tmp_path / "text.pdf", [17], text_pages=frozenset({17}))
    always = extract_document(page, specs, ExtractOptions(ocr="always"))
    assert [t.source for t in always.tables] == ["ocr"]
    scan = make_scan(GUANGZHOU, tmp_path / "scan.pdf", [17])
    result = CliRunner().invoke(app, ["extract", str(scan), "-o", str(tmp_path), "--ocr", "never"])
    assert result.exit_code == ExitCode.NO_TEXT_LAYER, result.output
    assert "no text layer on any of its 1 pages (a scan?); OCR it first" in result.output


def test_a_scan_without_the_engine_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_engine, "missing_modules", lambda: ["rapidocr", "onnxruntime"])
    scan = make_scan(GUANGZHOU, tmp_path / "scan.pdf", [17])
    result = CliRunner().invoke(app, ["extract", str(scan), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.NO_TEXT_LAYER, result.output
    line = next(ln for ln in result.output.splitlines() if ln.startswith("FAIL "))
    assert "scan.pdf: no text layer on any of its 1 pages (a scan?)" in line
    assert "pip install 'budgetpdf[ocr]'" in line


def test_a_document_with_a_text_layer_loads_no_ocr_machinery():
    # OCR's numpy and OpenCV cost ~30 MB of peak memory: under the default --ocr auto they
    # load only when some page needs OCR, not for every document.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import budgetpdf\n"
        f"budgetpdf.extract({str(SAMPLES / 'wuhan-hrss-info-center-2023.pdf')!r})\n"
        "print(sorted(m for m in ('cv2', 'numpy', 'onnxruntime') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
