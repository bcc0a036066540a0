"""Rows without codes and budget units read from drawn pages: a 基本支出总表 listing its
rows by indented names (ruled and three-line), and a 支出总表 naming its units in a 预算单位
column; each adds up per level and per unit, both layout layers alike."""

from __future__ import annotations

import pytest

import budgetpdf
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.result import CheckStatus
from budgetpdf.table_specs.loader import load_specs
from layout_pdfs import INDENTED_BASIC, UNIT_BLOCKS, indented_table, unit_blocks_table

pytestmark = pytest.mark.slow


def _statuses(document, spec: str) -> list[CheckStatus]:
    return [c.status for c in document.checks if c.rule == f"{spec}.hierarchy"]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "three-line"])
def test_indented_names_are_levelled_under_their_unit(tmp_path, ruled):
    document = budgetpdf.extract(indented_table(tmp_path / "indented.pdf", ruled))
    (table,) = document.tables
    assert table.spec == "basic_expenditure"
    assert table.extractor == ("ruled" if ruled else "words")
    assert [(r.name, r.level, r.parent, r.budget_unit, r.is_total) for r in table.rows] == [
        ("某某市测试局", None, None, "某某市测试局", True),
        ("工资福利支出", 1, None, "某某市测试局", False),
        ("基本工资", 2, "工资福利支出", "某某市测试局", False),
        ("津贴补贴", 2, "工资福利支出", "某某市测试局", False),
        ("商品和服务支出", 1, None, "某某市测试局", False),
        ("办公费", 2, "商品和服务支出", "某某市测试局", False),
        ("邮电费", 2, "商品和服务支出", "某某市测试局", False),
    ]
    assert len(INDENTED_BASIC) == len(table.rows)
    # 2 类 and the unit's total, in 合计, 人员经费 and 公用经费.
    statuses = _statuses(document, "basic_expenditure")
    assert len(statuses) == 9 and set(statuses) == {CheckStatus.PASS}


def test_a_misprinted_item_fails_its_levels_sum(tmp_path):
    pdf = indented_table(tmp_path / "misprinted.pdf", True, {"基本工资": "11.00"})
    document = budgetpdf.extract(pdf)
    failed = [
        (c.total.row, c.total.column)
        for c in document.checks
        if c.rule == "basic_expenditure.hierarchy" and c.status is CheckStatus.FAIL
    ]
    assert failed == [("工资福利支出", "total"), ("工资福利支出", "personnel")]


def test_unit_column_gives_every_row_its_budget_unit(tmp_path):
    document = budgetpdf.extract(unit_blocks_table(tmp_path / "units.pdf"))
    (table,) = document.tables
    units = [r.budget_unit for r in table.rows]
    assert units == ["某某市测试局"] + ["某某市测试局(本级)"] * 4 + ["某某市测试中心"] * 4
    assert [r.parent for r in table.rows if r.is_total] == [None, "某某市测试局", "某某市测试局"]
    assert len(UNIT_BLOCKS) == len(table.rows)
    statuses = _statuses(document, "expenditure_summary")
    # Per unit: 类 = 款 = 项 and the unit = its 类 (3 checks × 3 columns × 2 units), and the
    # department = its 2 units (3 columns).
    assert len(statuses) == 21 and set(statuses) == {CheckStatus.PASS}


def test_a_misprinted_unit_total_fails_against_its_rows_and_the_department(tmp_path):
    document = budgetpdf.extract(unit_blocks_table(tmp_path / "units.pdf", {5: "21.00"}))
    failed = {
        c.total.row
        for c in document.checks
        if c.rule == "expenditure_summary.hierarchy" and c.status is CheckStatus.FAIL
    }
    assert failed == {"某某市测试中心", "某某市测试局"}


@pytest.mark.parametrize("make", ["ruled", "three-line", "units"])
def test_both_layout_layers_read_the_same_levels_and_units(tmp_path, make):
    pdf = (
        unit_blocks_table(tmp_path / "u.pdf")
        if make == "units"
        else indented_table(tmp_path / "i.pdf", make == "ruled")
    )
    specs = load_specs()
    outputs = [
        extract_document(pdf, specs, ExtractOptions(layout=layout)).to_dict()
        for layout in ("pdfminer", "pdfium")
    ]
    assert outputs[0] == outputs[1]
    assert any(r.get("level") for t in outputs[0]["tables"] for r in t["rows"])
