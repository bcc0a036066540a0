"""Single corpus documents whose failing checks were investigated: each test keeps what was
learnt, an extraction defect fixed or a publisher's own inconsistency confirmed on the page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetpdf.extractors.document import ExtractOptions, extract_document
from conftest import CORPUS

pytestmark = [
    pytest.mark.slow,
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
    # Its arithmetic holds (the narrative restates last year's 三公 figure: a publisher slip
    # listed in tests/corpus/statement_failures.tsv).
    assert not [c for c in result.checks if c.status == "fail" and c.kind == "arithmetic"]


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
    # Arithmetic only: its narrative's 三公 statements meet a limitation listed in
    # tests/corpus/statement_failures.tsv (the 上年 block of the 三公 table).
    failing = {
        (c.rule, c.difference)
        for c in result.checks
        if c.status == "fail" and c.kind == "arithmetic"
    }
    assert failing == {
        ("fiscal_classes_vs_fiscal_summary", Decimal("126737641.73")),
        ("fiscal_classes_vs_fiscal_summary", Decimal("600000.00")),
    }


XIAN_METEOROLOGY = "qixiangju_2026nianbumenyusuan_b807ca62"


def _read_pages(name: str, specs, pages: set[int]):
    matches = sorted(CORPUS.glob(f"*{name}*.pdf"))
    assert len(matches) == 1, matches
    return extract_document(matches[0], specs, ExtractOptions(pages=frozenset(pages)))


def test_year_groups_stay_in_the_header_and_the_budget_year_is_mapped(specs):
    # 西安市气象局 2022 三公 table (p.30): "2021年 | 2022年 | 增减变化情况" over three copies
    # of the same nine columns. The year line was taken for a "2022年" line under the title,
    # so the groups fell out of the header paths and only the last group's values survived
    # under the spec's ids: 增减 numbers read as the budget.
    table = _read_pages(XIAN_METEOROLOGY, specs, {30}).tables[0]
    headers = {c.id: c.header for c in table.columns}
    assert headers["total"] == "2022年/合计"
    assert headers["meeting"] == "2022年/会议费"
    by_header = {c.header: c.id for c in table.columns}
    row = next(r for r in table.rows if r.code == "234002")
    assert row.values["total"] == 0
    assert row.values[by_header["2021年/合计"]] == Decimal("12240")
    assert row.values[by_header["增减变化情况/培训费"]] == Decimal("-7140")


def test_names_wider_than_their_cells_keep_their_amounts(specs):
    # 西安市气象局 2022 收支总表 (p.18) and 财政拨款收支总表 (p.21): names overflow into the
    # amount cell ("其中：专项资金列入部门预" + "算的项目" over "0.00" read "算0的.0项0 目"),
    # and the block header "政府预算支出经济科目（按大类）" into both neighbouring header
    # cells ("预算数政", ")预算数"); "(1)" ordinals were left on the names.
    result = _read_pages(XIAN_METEOROLOGY, specs, {18, 21})
    assert not [w for w in result.warnings if w.slug == "not_an_amount"]
    summary, fiscal = result.tables
    names = {(r.side, r.name): r for r in summary.rows}
    assert names[("收入", "其中:专项资金列入部门预算的项目")].values["amount"] == 0
    assert names[("收入", "一般公共预算拨款")].ordinal == "(1)"
    assert [c.header for c in fiscal.columns if c.side == "支出"] == ["支出/预算数"] * 3
    row = next(r for r in fiscal.rows if r.name == "人员经费和公用经费支出")
    assert row.values["amount_2"] == Decimal("1839311.66")


def test_whole_amounts_are_not_taken_for_codes(specs):
    # 西安市气象局 2022 项目支出表 (p.27): 项目金额 prints whole numbers ("17159700"), which
    # were read as the row codes, while 单位编码 ("1", "234001") became a value column.
    table = _read_pages(XIAN_METEOROLOGY, specs, {27}).tables[0]
    assert {c.id: c.header for c in table.columns if c.kind == "amount"} == {"total": "项目金额"}
    keys = [(r.code, r.name, r.values["total"]) for r in table.rows[:3]]
    assert keys == [
        ("", "合计", Decimal("17159700")),
        ("1", "全额", Decimal("17159700")),
        ("234001", "西安市气象局", Decimal("17159700")),
    ]


def test_glyphs_of_broken_font_metrics_stay_on_their_row(specs):
    # 重庆市气象局 2026: the digit and punctuation font's glyph boxes sit a line below the
    # CJK text. Names came out "一一般公共预算资金、", codes paired with the next row's name,
    # and the last row of p.14 (30113) and p.15 (30307) fell below the table's bottom rule.
    result = _read_pages("2026nianchongqingshiqixiangju", specs, {6, 11, 14, 15})
    tables = {t.spec: t for t in result.tables}
    income = tables["income_expenditure_summary"].rows[1]
    assert (income.ordinal, income.name, income.values["amount"]) == (
        "一、",
        "一般公共预算资金",
        Decimal("12672.73"),
    )
    fiscal = tables["fiscal_appropriation_summary"].rows[1]
    assert (fiscal.ordinal, fiscal.name) == ("(一)", "一般公共预算资金")
    basic = {r.code: r for r in tables["general_budget_basic_expenditure"].rows}
    assert (basic["301"].name, basic["30113"].name) == ("工资福利支出", "住房公积金")
    assert basic["30113"].values["total"] == Decimal("39.70")
    assert basic["30307"].values["personnel"] == Decimal("1.00")
