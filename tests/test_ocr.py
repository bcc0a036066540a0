"""OCR's parts that need no PDF: rules and skew found in pixels, recognised words turned into
the chars the engines read, and checks that never let an OCR value pass unless equal."""

from __future__ import annotations

from decimal import Decimal

import cv2
import numpy as np
import pytest
from pdfplumber import utils

from budgetpdf.errors import BudgetPdfError, ExitCode, NoTextLayerError
from budgetpdf.extractors.checks.cells import CheckContext
from budgetpdf.extractors.checks.report import describe
from budgetpdf.extractors.checks.run import summary_line
from budgetpdf.extractors.options import ExtractOptions
from budgetpdf.extractors.pdf import ocr_engine
from budgetpdf.extractors.pdf._pdfium_geometry import PageFrame
from budgetpdf.extractors.pdf.ocr_engine import OcrLine, OcrWord
from budgetpdf.extractors.pdf.ocr_image import ScannedPage, estimate_skew, find_rules, straighten
from budgetpdf.extractors.pdf.ocr_page import layout_of
from budgetpdf.extractors.pdf.pdfium_layout import PdfiumPage
from budgetpdf.extractors.result import CheckStatus, Column, Row, Table

SCALE = 200 / 72


def _ruled_page() -> np.ndarray:
    """A white A4 page at 200 dpi: a 3 × 4 grid of 1-pixel rules and a few glyph-sized blobs."""
    page = np.full((2339, 1654), 255, np.uint8)
    for y in (400, 460, 520, 580):
        page[y, 200:1400] = 0
    for x in (200, 600, 1000, 1400):
        page[400:581, x] = 0
    for x in (250, 650, 1050):
        page[420:450, x : x + 25] = 0  # a glyph: shorter than any rule
    return page


def test_rules_are_found_and_glyphs_are_not():
    rules = find_rules(_ruled_page(), SCALE)
    horizontal = [r for r in rules if r.top == r.bottom]
    vertical = [r for r in rules if r.x0 == r.x1]
    assert len(horizontal) == 4 and len(vertical) == 4
    assert {round(r.top * SCALE) for r in horizontal} == {400, 460, 520, 580}
    assert all(abs(r.x1 * SCALE - 1400) <= 1 for r in horizontal)


def test_a_specked_grainy_page_still_has_its_rules_and_no_others():
    rng = np.random.default_rng(1)
    page = _ruled_page().astype(np.float32) + rng.normal(0, 12, (2339, 1654))
    page[rng.random(page.shape) < 0.0005] = 0
    rules = find_rules(np.clip(page, 0, 255).astype(np.uint8), SCALE)
    assert len(rules) == 8


@pytest.mark.parametrize("angle", [0.0, 0.45, -0.35])
def test_a_turned_page_is_turned_back(angle):
    page = _ruled_page()
    height, width = page.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    turned = cv2.warpAffine(page, turn, (width, height), borderValue=(255,))
    found = estimate_skew(turned)
    assert abs(found - angle) <= 0.1
    level = find_rules(straighten(turned, found), SCALE)
    assert len([r for r in level if r.top == r.bottom]) == 4


def _line(*words: tuple[str, float, float], top=100.0, bottom=130.0, score=0.99) -> OcrLine:
    found = tuple(OcrWord(t, score, x0, top, x1, bottom) for t, x0, x1 in words)
    return OcrLine("".join(t for t, _, _ in words), score, found)


def _layout(lines: list[OcrLine]) -> PdfiumPage:
    frame = PageFrame((0, 0, 595.3, 841.9), 0, 1)
    scanned = ScannedPage(np.zeros((1, 1), np.uint8), SCALE, 0.0, [])
    return layout_of(scanned, lines, PdfiumPage(frame, {}))


def test_recognised_words_become_chars_that_read_back_as_printed():
    page = _layout(
        [
            # CJK characters each with a tight ink box: one word, as a text layer gives it.
            _line(("科", 100, 126), ("目", 130, 156), ("编", 161, 187), ("码", 191, 217)),
            # A number read with a stray space, and a wide gap before the next cell's value.
            _line(("7,651.71", 600, 700), ("0. 00", 900, 950), top=200, bottom=230, score=0.8),
        ]
    )
    words = [w["text"] for w in utils.extract_words(page.chars, x_tolerance=2, y_tolerance=2)]
    assert words == ["科目编码", "7,651.71", "0.00"]
    assert {c["confidence"] for c in page.chars if c["top"] > 60} == {0.8}
    assert page.chars[0]["x0"] == pytest.approx(100 / SCALE)


def test_an_ocr_choice_is_validated():
    assert ExtractOptions(ocr="always").ocr == "always"
    with pytest.raises(BudgetPdfError, match="auto, always, never"):
        ExtractOptions(ocr="sometimes")


def test_without_the_engine_a_scan_fails_with_the_install_hint(monkeypatch):
    monkeypatch.setattr(ocr_engine, "missing_modules", lambda: ["rapidocr"])
    with pytest.raises(NoTextLayerError) as raised:
        ocr_engine.require_engine("scan.pdf", 3)
    assert raised.value.exit_code is ExitCode.NO_TEXT_LAYER
    assert "pip install 'budgetpdf[ocr]'" in raised.value.message
    assert "rapidocr missing" in raised.value.message


def _table(source: str | None, total: str, parts: list[str]) -> Table:
    rows = [Row("", "合计", None, None, True, 1, {"a": Decimal(total)}, confidence={"a": 0.9})]
    rows += [
        Row(f"20{i}", "x", 1, None, False, 1, {"a": Decimal(v)}, confidence={"a": 0.99})
        for i, v in enumerate(parts)
    ]
    return Table(
        "t", "t", [1], "万元", "万元", "ruled", "function", [Column("a", "a")], rows, 1,
        amount_step=Decimal("0.01"), source=source,
    )  # fmt: skip


def _check(table: Table):
    ctx = CheckContext([table], Decimal("0.5"))
    total, *parts = table.rows
    return ctx.sum_of_rows("t.sum", "total = parts", table, total, parts, "a")[0]


def test_a_difference_within_rounding_fails_where_ocr_read_the_cells():
    printed = _check(_table(None, "10.01", ["5.00", "5.00"]))
    assert printed.status is CheckStatus.ROUNDING
    scanned = _check(_table("ocr", "10.01", ["5.00", "5.00"]))
    assert scanned.status is CheckStatus.FAIL
    assert scanned.total.source == "ocr" and scanned.total.confidence == 0.9
    text = "\n".join(describe(scanned))
    assert "values read by OCR" in text and "(OCR, confidence 0.90)" in text
    assert summary_line([scanned]).endswith("(1 failing on values read by OCR)")
    assert _check(_table("ocr", "10.00", ["5.00", "5.00"])).status is CheckStatus.PASS
