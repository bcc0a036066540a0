"""Where a ruled table's glyphs are placed: runs of text wider than their cell, glyph boxes
from broken font metrics."""

from __future__ import annotations

from budgetpdf.extractors.engines._glyphs import _centres, _reboxed


def _glyph(text: str, x0: float, top: float, size: float = 8.0, descent: float = 0.2) -> dict:
    """A glyph as pdfplumber gives it on a page 600 pt high, its box `descent` ems below
    its baseline."""
    bottom = top + size
    y0 = 600 - bottom
    baseline = y0 + descent * size
    width = size if text > "\u3000" else size / 2
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + width,
        "top": top,
        "bottom": bottom,
        "y0": y0,
        "size": size,
        "matrix": (1, 0, 0, 1, x0, baseline),
        "upright": True,
    }


def _line(text: str, x0: float, top: float, **kwargs) -> list[dict]:
    glyphs = []
    for char in text:
        glyphs.append(_glyph(char, x0, top, **kwargs))
        x0 = glyphs[-1]["x1"]
    return glyphs


def test_a_name_wider_than_its_cell_stays_whole():
    # 西安 收支总表: "其中：专项资金列入部门预算的项目" runs 4 glyphs past the rule at x=88
    # into the amount cell, where "0.00" is printed over it.
    name = _line("其中专项资金列入部门预算的项目", 0, 100)
    amount = _line("0.00", 90, 100)
    centres = _centres(name + amount)
    assert all(x < 88 for x in centres[: len(name)])
    assert [round(x, 1) for x in centres[len(name) :]] == [92.0, 96.0, 100.0, 104.0]


def test_an_amount_abutting_a_name_is_not_part_of_it():
    # 西安: "19、自然资源海洋气象等支出" is drawn up to "18803323.32" in the next cell.
    name = _line("自然资源", 0, 100)
    amount = _line("188", name[-1]["x1"], 100)
    centres = _centres(name + amount)
    assert centres[len(name) :] == [(g["x0"] + g["x1"]) / 2 for g in amount]


def test_glyph_boxes_of_broken_metrics_go_onto_their_baseline():
    # 重庆: the digit font's boxes reach one em below the baseline; the CJK font's 0.2 em.
    name = _glyph("住", 100, 100, size=10)
    code = _glyph("3", 20, 110, size=10, descent=1.2)
    placed_name, placed_code = _reboxed([name, code])
    assert placed_name is name
    assert abs(placed_code["top"] - name["top"]) < 0.01
    assert abs(placed_code["bottom"] - name["bottom"]) < 0.01


def test_plain_glyphs_keep_their_boxes():
    glyphs = _line("一般公共预算123.45", 0, 50)
    assert _reboxed(glyphs) == glyphs
