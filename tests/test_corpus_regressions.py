"""Single corpus documents whose failing checks were investigated: each test keeps what was
learnt, an extraction defect fixed or a publisher's own inconsistency confirmed on the page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetpdf.extractors.document import extract_document
from conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason="../shared/corpus is absent"),
]


def _read(name: str, specs):
    matches = sorted(CORPUS.glob(f"*{name}*.pdf"))
    assert len(matches) == 1, matches
    return extract_document(matches[0], specs)


def test_single_row_continuation_page_is_read(specs):
    # 无锡市统计局 2026: 一般公共预算支出表 ends with 2210203 购房补贴 alone in a ruled box at
    # the top of p.18, and 财政拨款收支总表 continues on p.13 with rows that print no
    # amount. Both were dropped; the hierarchy and outline checks showed the gap.
    result = _read("wuxishitongjiju", specs)
    tables = {t.spec: t for t in result.tables}
    general = tables["general_budget_expenditure"]
    assert general.pages == [17, 18]
    row = next(r for r in general.rows if r.code == "2210203")
    assert (row.name, row.values["total"], row.page) == ("购房补贴", Decimal("167.18"), 18)
    assert tables["fiscal_appropriation_summary"].pages == [12, 13]
    assert not [c for c in result.checks if c.status == "fail"]


def test_publisher_inconsistency_is_reported_not_hidden(specs):
    # 西安市科学技术局 2022 收支总表 (p.42), read by eye: the 部门预算 line prints
    # 936,647,884.33 元 in every block, but its printed parts do not add up to it: the
    # functional classes sum to 856,138,924.33 and 人员经费和公用经费支出 47,137,884.33 +
    # 专项业务经费支出 88,951,000 to 136,088,884.33. The document is inconsistent; the
    # check must say so and point at the cells.
    result = _read("kejichuangxinju_2026nianbumenyusuan_b6aea555", specs)
    failing = {
        (c.total.column, c.expected)
        for c in result.checks
        if c.status == "fail" and c.rule == "income_expenditure_summary.outline" and c.total
    }
    assert ("amount", Decimal("856138924.33")) in failing
    assert ("amount_2", Decimal("136088884.33")) in failing
    check = next(c for c in result.checks if c.total and c.expected == Decimal("136088884.33"))
    assert check.total and (check.total.row, check.total.page) == ("部门预算", 42)
    assert check.found == Decimal("936647884.33")
    assert [p.value for p in check.parts] == [Decimal("47137884.33"), Decimal("88951000")] + [
        None
    ] * 3


def test_unit_name_cut_by_the_page_break_is_joined(specs):
    # 杭州市交通运输局 2026 收入总表 (pp.24-25): the unit "杭州市综合交通运输研究中心" wraps
    # over two lines at the foot of p.24 with its amounts, and "中心" stands alone in the
    # first row of p.25. It was read as two rows, the second without amounts.
    result = _read("hangzhoushijiaotongyunshuju", specs)
    table = next(t for t in result.tables if t.spec == "income_summary")
    names = [r.name for r in table.rows]
    assert "中心" not in names
    row = next(r for r in table.rows if r.name == "杭州市综合交通运输研究中心")
    assert (row.page, row.values["total"]) == (24, Decimal("5290.70"))


def test_clipped_name_overflow_under_an_amount_is_taken_back(specs):
    # 西安市气象局 2022 收入总表 (p.19): "西安市人工影响天气服务保障中心" is clipped at its
    # cell, but "障中心" still lies under the amount 1839311.66, glyphs interleaved.
    result = _read("qixiangju_2026nianbumenyusuan_b807ca62", specs)
    (income,) = [t for t in result.tables if t.spec == "income_summary"]
    row = next(r for r in income.rows if r.code == "234002")
    assert (row.name, row.values["total"]) == (
        "西安市人工影响天气服务保障中心",
        Decimal("1839311.66"),
    )
    assert not [c for c in result.checks if c.status == "fail"]


def test_carry_over_printed_after_the_subtotal_counts_in_the_total(specs):
    # 西安市公安局 2022 财政拨款收支总表 (p.25): 本年收入合计 3,246,385,029.74, then 上年结转
    # 131,027,041.73 without a number, then 收入总计 3,377,412,071.47. What still fails is
    # the publisher's: the summary spends the carry-over by 类, 一般公共预算支出明细表 does not.
    result = _read("xianshigonganju", specs)
    (income_total,) = [
        c for c in result.checks if c.rule == "fiscal_appropriation_summary.income_total_is_items"
    ]
    assert income_total.status == "pass"
    assert [p.row for p in income_total.parts] == ["本年收入合计", "上年结转"]
    failing = {(c.rule, c.difference) for c in result.checks if c.status == "fail"}
    assert failing == {
        ("fiscal_classes_vs_fiscal_summary", Decimal("126737641.73")),
        ("fiscal_classes_vs_fiscal_summary", Decimal("600000.00")),
    }
