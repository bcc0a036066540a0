"""Meta-tests: every bundled spec loads and is exercised by at least one sample PDF."""

from __future__ import annotations

import pytest

from budgetpdf.table_specs.loader import OTHER_FILES, bundled_dir, load_specs

pytestmark = pytest.mark.slow


def test_every_spec_file_loads():
    files = [p for p in bundled_dir().glob("*.yaml") if p.name not in OTHER_FILES]
    assert len(load_specs().specs) == len(files) >= 11


def test_every_spec_is_exercised_by_a_sample(specs, sample_results):
    found = {t.spec for r in sample_results.values() for t in r.tables}
    assert {s.id for s in specs.specs} - found == set()


def test_spec_file_names_are_their_ids():
    for spec_id, source in load_specs().sources.items():
        assert source.endswith(f"/{spec_id}.yaml")


FINAL_ACCOUNTS = "shanghai-putuo-finance-2024-final-accounts.pdf"


def test_final_accounts_tables_are_found_with_their_specs(sample_results):
    # Pages 6-20 of 上海市普陀区财政局2024年度部门决算: the nine standard 决算 tables.
    result = sample_results[FINAL_ACCOUNTS]
    assert [(t.spec, t.pages[0]) for t in result.tables] == [
        ("final_income_expenditure_summary", 1),
        ("final_income", 3),
        ("final_expenditure", 5),
        ("final_fiscal_appropriation_summary", 7),
        ("final_general_budget_expenditure", 10),
        ("final_general_budget_basic_expenditure", 11),
        ("final_three_public_expenditure", 13),
        ("final_government_fund", 14),
        ("final_state_capital_expenditure", 15),
    ]


def _value(result, spec, column, code="", name=None, side=None):
    table = next(t for t in result.tables if t.spec == spec)
    row = next(
        r
        for r in table.rows
        if r.code == code and (name is None or r.name == name) and (side is None or r.side == side)
    )
    return str(row.values[column])


def test_final_accounts_values_read_from_the_pages(sample_results):
    # Each value below was read on the page image.
    result = sample_results[FINAL_ACCOUNTS]
    summary = "final_income_expenditure_summary"
    assert _value(result, summary, "amount", name="本年收入合计", side="收入") == "2946.25"
    assert _value(result, summary, "amount", name="年末结转和结余", side="支出") == "55.34"
    assert _value(result, "final_income", "total", code="2010601") == "1511.90"
    assert _value(result, "final_income", "other_income", code="2010601") == "0.01"
    assert _value(result, "final_expenditure", "project", code="2010601") == "8.37"
    fiscal = "final_fiscal_appropriation_summary"
    assert _value(result, fiscal, "general_budget", name="总计", side="支出") == "2961.68"
    # The right-hand block of the 基本支出 table, on its second page.
    basic = "final_general_budget_basic_expenditure"
    assert _value(result, basic, "amount", code="30239") == "48.49"
    assert _value(result, basic, "amount", name="公用经费合计") == "184.65"
    assert _value(result, "final_three_public_expenditure", "reception_budget") == "0.95"


def test_final_accounts_checks_pass(sample_results):
    result = sample_results[FINAL_ACCOUNTS]
    statuses = {c.rule: c.status for c in result.checks if c.status != "skipped"}
    assert "fail" not in statuses.values()
    assert {
        "final_income_expenditure_summary.income_equals_expenditure",
        "final_income.hierarchy",
        "final_general_budget_basic_expenditure.public_total",
        "final_three_public_expenditure.budget_total_is_three_parts",
        "final_basic_vs_general_budget",
        "final_classes_vs_summary",
    } <= set(statuses)
