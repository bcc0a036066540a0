"""Narrative and completeness checks: the sentences kept from the page texts, the statements
found in them and checked against the cells they restate, and the standard tables a
document must print. The seed's own narrative is the running example."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budgetpdf.extractors.checks.run import run_checks
from budgetpdf.extractors.narrative.sentences import narrative_sentences
from budgetpdf.extractors.result import CheckStatus, DocumentResult, Sentence
from budgetpdf.table_specs.loader import bundled_dir, load_specs
from budgetpdf.table_specs.statement_model import NarrativeChecks


def _checks(result: DocumentResult, specs, kind: str) -> list:
    return [c for c in run_checks(result, specs) if c.kind == kind]


def _with(seed_result, *texts: str, section: str = "三、支出预算安排情况") -> DocumentResult:
    result = copy.deepcopy(seed_result)
    result.narrative = [Sentence(3, section, text) for text in texts]
    return result


def test_sentences_keep_page_section_and_join_wrapped_lines():
    pages = [
        (
            3,
            "三、支出预算安排情况\n2023年支出预算1236.74万元，其中：基本支出838.38万元，占\n67.79%；项目支出398.36\n- 3 -",
        ),
        (4, "万元，占32.21%。\n六、其他\n本单位无此项支出。"),
        (5, "表格页 科目编码 合计 说明：2023年没有使用政府性基金预算拨款安排的支出。"),
    ]
    sentences = narrative_sentences(pages, NarrativeChecks().headings, {5})
    assert [(s.page, s.section, s.text) for s in sentences] == [
        (3, "三、支出预算安排情况", "2023年支出预算1236.74万元,其中:基本支出838.38万元,占67.79%;"),
        (3, "三、支出预算安排情况", "项目支出398.36万元,占32.21%。"),
        (4, "六、其他", "本单位无此项支出。"),
        (5, "", "2023年没有使用政府性基金预算拨款安排的支出。"),
    ]


@pytest.mark.slow
def test_the_seeds_misstated_basic_expenditure_fails_with_its_sentence(seed_result):
    (failed,) = [c for c in seed_result.checks if c.status is CheckStatus.FAIL]
    assert failed.kind == "narrative" and failed.rule == "narrative.general_budget_basic"
    assert failed.quote.startswith("2023年一般公共预算基本支出1,236.74万元")
    assert (failed.total.table, failed.total.page, failed.total.value) == (
        "narrative",
        3,
        Decimal("1236.74"),
    )
    (cell,) = failed.parts
    assert (cell.table, cell.column, cell.value, cell.page) == (
        "general_budget_basic_expenditure",
        "total",
        Decimal("838.38"),
        10,
    )


@pytest.mark.slow
def test_shares_are_checked_against_the_quotient(seed_result, specs):
    result = _with(
        seed_result, "其中:基本支出838.38万元,占67.79%;", "项目支出398.36万元,占35.00%。"
    )
    shares = {
        c.total.row: c for c in _checks(result, specs, "narrative") if c.rule.endswith("share")
    }
    assert shares["基本支出占"].status is CheckStatus.ROUNDING  # 838.38 / 1236.74 = 67.7895 %
    assert shares["项目支出占"].status is CheckStatus.FAIL
    assert shares["项目支出占"].expected == Decimal("32.210489")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # Last year's figure in this year's document.
        ("2022年支出预算1,000.00万元。", "about 2022, not the document's year 2023"),
        # A table the document does not print.
        ("机关运行经费安排12.00万元。", "no operating_expenses table in the document"),
    ],
)
def test_statements_that_cannot_be_tied_to_a_cell_are_skipped(seed_result, specs, text, reason):
    (check,) = _checks(_with(seed_result, text), specs, "narrative")
    assert check.status is CheckStatus.SKIPPED and reason in check.reason
    assert check.quote == text


@pytest.mark.slow
def test_a_subject_stated_with_different_amounts_is_about_parts(seed_result, specs):
    result = _with(seed_result, "人员经费675.90万元,较上年减少37.45万元;", "人员经费10.00万元。")
    checks = _checks(result, specs, "narrative")
    assert {c.status for c in checks} == {CheckStatus.SKIPPED}
    assert "stated with 2 different amounts" in checks[0].reason


@pytest.mark.slow
def test_a_named_class_is_compared_with_its_row(seed_result, specs):
    text = "社会保障和就业支出(类)行政事业单位养老支出(款)事业单位离退休(项)2023年预算数8.9万元。"
    (check,) = _checks(
        _with(seed_result, text, section="五、一般公共预算支出安排情况"), specs, "narrative"
    )
    assert check.status is CheckStatus.PASS
    assert (check.parts[0].row, check.parts[0].value) == ("2080502 事业单位离退休", Decimal("8.90"))


@pytest.mark.slow
def test_completeness_passes_the_seed_and_names_where_a_missing_table_is_listed(seed_result, specs):
    checks = {c.rule: c for c in seed_result.checks if c.kind == "completeness"}
    assert len(checks) == 8 and all(c.status is CheckStatus.PASS for c in checks.values())
    fund = checks["completeness.budget.government_fund_expenditure"]
    assert "printed empty (p.13)" in fund.message and "没有使用政府性基金" in fund.message
    result = copy.deepcopy(seed_result)
    result.tables = [t for t in result.tables if t.spec != "three_public_expenditure"]
    (missing,) = [c for c in _checks(result, specs, "completeness") if c.status is CheckStatus.FAIL]
    assert missing.rule == "completeness.budget.three_public_expenditure"
    assert "not printed; the document names it on p.2" in missing.message


def test_a_user_folder_replaces_the_narrative_patterns(tmp_path):
    (tmp_path / "narrative_checks.yaml").write_text(
        "statements:\n  - id: mine\n    patterns: ['总预算{amount}']\n"
        "    cells: [{table: income_summary, column: total}]\n",
        encoding="utf-8",
    )
    specs = load_specs([bundled_dir(), tmp_path])
    assert [s.id for s in specs.narrative.statements] == ["mine"]
