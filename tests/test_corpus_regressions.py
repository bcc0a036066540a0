"""Single corpus documents whose failing checks were investigated: each test keeps what was
learnt, an extraction defect fixed or a publisher's own inconsistency confirmed on the page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetpdf.extractors.document import ExtractOptions, extract_document
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
