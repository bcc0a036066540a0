"""Checks: the seed's arithmetic holds, and an error planted in a printed cell is caught by
the exact rule that should catch it, pointing at the cell."""

from __future__ import annotations

import copy
import importlib.util
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.checks.recheck import RecheckTally, recheck
from budgetpdf.extractors.checks.report import describe, document_lines, total_line
from budgetpdf.extractors.checks.run import count_statuses, run_checks, summary_line
from budgetpdf.extractors.document import extract_document
from budgetpdf.extractors.output.writers import read_document
from budgetpdf.extractors.result import Check, CheckStatus, Column, DocumentResult, Row, Table
from conftest import SAMPLES, SEED_PDF

pytestmark = pytest.mark.slow

runner = CliRunner()


def _generator():
    spec = importlib.util.spec_from_file_location("make_seed_pdf", SAMPLES / "make_seed_pdf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _misprinted(tmp_path, specs, misprints) -> DocumentResult:
    """The seed PDF printed with some cells changed, then extracted."""
    path = tmp_path / "misprinted.pdf"
    _generator().build(str(path), misprints)
    return extract_document(path, specs)


def _failures(result: DocumentResult) -> list[Check]:
    return [c for c in result.checks if c.status is CheckStatus.FAIL]


def _arithmetic_failures(result: DocumentResult) -> list[Check]:
    """Failures of the identities of the printed numbers, without the narrative's (the seed's
    section 六 misstates one amount whatever cell is planted)."""
    return [c for c in _failures(result) if c.kind == "arithmetic"]


def test_seed_checks_pass_or_round(seed_result):
    # The seed's one inconsistency is in its words, not its numbers: section 六 states
    # 一般公共预算基本支出 1,236.74 万元 where the tables print 838.38.
    (failed,) = _failures(seed_result)
    assert (failed.rule, failed.kind, failed.found, failed.expected) == (
        "narrative.general_budget_basic",
        "narrative",
        Decimal("1236.74"),
        Decimal("838.38"),
    )
    counts = count_statuses(seed_result.checks)
    assert counts[CheckStatus.PASS] > 150
    # The seed prints 工资福利支出 764.89 while its items sum to 764.90.
    rounding = [
        c for c in seed_result.checks if c.status is CheckStatus.ROUNDING and c.kind == "arithmetic"
    ]
    assert {(c.total.row, c.total.column) for c in rounding if c.total} == {
        ("301 工资福利支出", "total"),
        ("301 工资福利支出", "personnel"),
    }
    check = rounding[0]
    assert (check.found, check.expected, check.difference) == (
        Decimal("764.89"),
        Decimal("764.90"),
        Decimal("-0.01"),
    )
    assert check.tolerance == Decimal("0.045")  # 9 printed cells x half a cent
    assert check.total and check.total.page == 10
    assert [p.row for p in check.parts][:2] == ["30101 基本工资", "30102 津贴补贴"]


def test_skipped_checks_say_why(seed_result):
    skipped = {c.rule: c.reason for c in seed_result.checks if c.status is CheckStatus.SKIPPED}
    assert skipped["fiscal_basic_vs_fiscal_expenditure"] == (
        "no fiscal_appropriation_expenditure table in the document"
    )
    assert (
        "prints none of the columns general_budget" in skipped["general_budget_vs_fiscal_summary"]
    )


def test_planted_hierarchy_error(tmp_path, specs):
    # 表5-1 (page 8), row 2080505: 69.69 printed as 69.96 in 合计, 基本支出 and 人员经费, so the
    # row still adds up and only its 款 20805 (8.90 + 69.96 ≠ 78.59) is wrong.
    result = _misprinted(tmp_path, specs, {(8, 7, col): "69.96" for col in (2, 3, 4)})
    failures = _arithmetic_failures(result)
    assert {c.rule for c in failures} == {"general_budget_expenditure.hierarchy"}
    assert sorted(c.total.column for c in failures if c.total) == [
        "basic",
        "basic_personnel",
        "total",
    ]
    for check in failures:
        assert check.total and check.total.row == "20805 行政事业单位养老支出"
        assert check.total.page == 8
        assert check.difference == Decimal("-0.27")
        assert [p.row for p in check.parts] == [
            "2080502 事业单位离退休",
            "2080505 机关事业单位基本养老保险缴费支出",
        ]
        assert check.parts[1].value == Decimal("69.96")


def test_planted_row_identity_error(tmp_path, specs):
    # 表7 三公 (page 12): 公务接待费 0.70 printed as 0.07; 合计 3.70 ≠ 0 + 3.00 + 0.07.
    result = _misprinted(tmp_path, specs, {(12, 0, 5): "0.07"})
    failures = _arithmetic_failures(result)
    assert [c.rule for c in failures] == ["three_public_expenditure.total_is_three_parts"]
    check = failures[0]
    assert check.total and (check.total.column, check.total.value) == ("total", Decimal("3.70"))
    assert [(p.column, p.value) for p in check.parts] == [
        ("overseas", None),
        ("vehicle_total", Decimal("3.00")),
        ("reception", Decimal("0.07")),
    ]
    assert check.difference == Decimal("0.63")
    # …and the narrative, which states 公务接待费0.7万元, disagrees with the misprint too.
    narrative = {c.rule: c for c in _failures(result) if c.kind == "narrative"}
    reception = narrative["narrative.reception"]
    assert (reception.found, reception.expected, reception.quote) == (
        Decimal("0.7"),
        Decimal("0.07"),
        "公务接待费0.7万元。",
    )


def test_planted_cross_table_error(tmp_path, specs):
    # 表10 项目支出表 (page 15) printed 389.36 instead of 398.36 on every row: the table
    # agrees with itself but not with 支出总表's 项目支出.
    result = _misprinted(
        tmp_path, specs, {(15, r, col): "389.36" for r in range(5) for col in (3, 4)}
    )
    failures = _arithmetic_failures(result)
    assert [c.rule for c in failures] == ["project_table_vs_expenditure_summary"]
    check = failures[0]
    assert check.total and (check.total.table, check.total.column, check.total.page) == (
        "expenditure_summary",
        "project",
        6,
    )
    assert [(p.table, p.row, p.page, p.value) for p in check.parts] == [
        ("project_expenditure", "合计", 15, Decimal("389.36"))
    ]


def _table(spec, rows, unit="万元", step="0.01", columns=("total", "basic", "project")):
    return Table(
        spec=spec,
        title=spec,
        pages=[1],
        unit=unit,
        output_unit=unit,
        extractor="ruled",
        code_scheme="function",
        columns=[Column(c, c) for c in columns],
        rows=[
            Row(
                code=code,
                name=name,
                level=None,
                parent=None,
                is_total=not code,
                page=1,
                values={c: Decimal(v) if v else None for c, v in zip(columns, values, strict=True)},
            )
            for code, name, *values in rows
        ],
        header_rows=1,
        amount_step=Decimal(step),
    )


def _document(*tables):
    return DocumentResult(path="x.pdf", sha256="0" * 64, pages=1, tables=list(tables))


def _rules(checks, rule):
    return [c for c in checks if c.rule == rule]


def test_hierarchy_uses_the_nearest_printed_ancestor(specs):
    # No 款 row is printed: the 项 rows add up to their 类.
    table = _table(
        "expenditure_summary",
        [
            ("", "合计", "10.00", "10.00", ""),
            ("208", "社会保障和就业支出", "10.00", "10.00", ""),
            ("2080501", "a", "4.00", "4.00", ""),
            ("2080505", "b", "6.00", "6.00", ""),
        ],
    )
    checks = _rules(run_checks(_document(table), specs), "expenditure_summary.hierarchy")
    assert {(c.total.row, c.status) for c in checks if c.total} == {
        ("208 社会保障和就业支出", CheckStatus.PASS),
        ("合计", CheckStatus.PASS),
    }
    assert all(len(c.parts) in (1, 2) for c in checks)


def test_tolerance_grows_with_the_addends_and_is_configurable(specs):
    rows = [("", "合计", "10.02", "", "")] + [
        (str(code), f"class {code}", "1.00", "", "") for code in range(201, 211)
    ]
    table = _table("expenditure_summary", rows)
    (check,) = [
        c
        for c in run_checks(_document(table), specs)
        if c.rule == "expenditure_summary.hierarchy" and c.total and c.total.column == "total"
    ]
    assert check.tolerance == Decimal("0.055")  # 11 printed cells
    assert check.status is CheckStatus.ROUNDING
    strict = run_checks(_document(table), specs, per_addend=Decimal(0))
    assert any(c.status is CheckStatus.FAIL for c in strict)
    wider = copy.deepcopy(table)
    wider.rows[0].values["total"] = Decimal("10.06")
    assert any(c.status is CheckStatus.FAIL for c in run_checks(_document(wider), specs))


def test_blank_and_dash_cells_are_exact_zeros(specs):
    # "-" is read as 0 and a blank cell as None: neither adds to the tolerance.
    table = _table(
        "expenditure_summary",
        [("", "合计", "5.00", "5.00", "0"), ("201", "一般公共服务支出", "5.00", "5.00", "")],
    )
    checks = run_checks(_document(table), specs)
    identity = _rules(checks, "expenditure_summary.total_is_sum_of_uses")
    assert [c.tolerance for c in identity] == [Decimal("0.010"), Decimal("0.010")]
    zeros = [c for c in checks if c.total and c.total.column == "project"]
    assert [(c.status, c.tolerance) for c in zeros] == [(CheckStatus.PASS, Decimal(0))]


def test_repeated_codes_skip_only_the_sums_they_take_part_in(specs):
    # A 款 printed twice under one 类: which rows add up to the 类 is undecided.
    table = _table(
        "expenditure_summary",
        [
            ("", "合计", "2.00", "", ""),
            ("201", "a", "2.00", "", ""),
            ("20101", "b", "1.00", "", ""),
            ("20101", "b", "1.00", "", ""),
        ],
    )
    skipped, total = _rules(run_checks(_document(table), specs), "expenditure_summary.hierarchy")
    assert skipped.status is CheckStatus.SKIPPED
    assert skipped.reason == "codes printed more than once: 20101"
    # 合计 = Σ 类 does not depend on the repeated 款: it is still evaluated.
    assert (total.total.row, [p.row for p in total.parts], total.status) == (
        "合计",
        ["201 a"],
        CheckStatus.PASS,
    )


def test_a_class_printed_again_starts_a_run_of_its_own(specs):
    # 烟台 lists 301 under two 政府经济分类: each run adds up on its own, 合计 over both.
    table = _table(
        "expenditure_summary",
        [
            ("", "合计", "5.00", "", ""),
            ("201", "a", "2.00", "", ""),
            ("20101", "b", "2.00", "", ""),
            ("201", "a", "3.00", "", ""),
            ("20101", "b", "3.00", "", ""),
        ],
    )
    checks = _rules(run_checks(_document(table), specs), "expenditure_summary.hierarchy")
    assert [c.status for c in checks] == [CheckStatus.PASS] * 3
    assert [c.found for c in checks] == [Decimal("2.00"), Decimal("3.00"), Decimal("5.00")]


def test_cross_table_cells_in_different_units_are_compared_exactly(specs):
    # 支出总表 in 元, 项目支出表 in 万元: 398.36 万元 = 3983600 元.
    summary = _table(
        "expenditure_summary",
        [("", "合计", "3983600", "", "3983600")],
        unit="元",
        step="1",
    )
    projects = _table(
        "project_expenditure",
        [("", "合计", "398.36")],
        columns=("total",),
    )
    (check,) = _rules(
        run_checks(_document(summary, projects), specs), "project_table_vs_expenditure_summary"
    )
    assert check.status is CheckStatus.PASS
    assert check.expected == Decimal("3983600.0000")
    # half a 元 for the 元 cell, half of 0.01 万元 (50 元) for the 万元 cell
    assert check.tolerance == Decimal("50.5")


def test_summary_line():
    checks = [Check("r", s, "m") for s in ("pass", "pass", "rounding", "fail", "skipped")]
    assert summary_line(checks) == "checks: 2 pass, 1 rounding, 1 fail, 1 skipped"
    assert summary_line(checks[:3]) == "checks: 2 pass, 1 rounding, 0 fail"


def test_a_status_is_a_word_of_one_vocabulary():
    # The model holds the enum; document.json, summaries and f-strings keep the word.
    check = Check("r", "rounding", "m")
    assert check.status is CheckStatus.ROUNDING
    assert json.dumps(check.to_dict()) == '{"rule": "r", "status": "rounding", "message": "m"}'
    assert f"{check.status} {check.status.upper()}" == "rounding ROUNDING"
    with pytest.raises(ValueError, match="passed"):
        Check("r", "passed", "m")


def test_check_records_round_trip_through_json(seed_result):
    for check in seed_result.checks:
        assert Check.from_dict(json.loads(json.dumps(check.to_dict()))) == check


def test_extract_exits_8_on_a_failed_check_unless_allowed(tmp_path):
    path = tmp_path / "misprinted.pdf"
    _generator().build(str(path), {(12, 0, 5): "0.07"})
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(path), "-o", str(out)])
    assert result.exit_code == ExitCode.CHECKS_FAILED, result.output
    # The planted 三公 error, the narrative's 公务接待费 against it, and the seed's own
    # narrative slip (section 六).
    assert "checks: " in result.output and " 3 fail" in result.output
    assert "checks failed in 1 document(s): misprinted" in result.output
    assert (out / "misprinted" / "document.json").is_file()  # written all the same
    allowed = runner.invoke(app, ["extract", str(path), "-o", str(out), "--allow-check-failures"])
    assert allowed.exit_code == 0, allowed.output

    # `check` re-runs the checks on the output and lists the failing one with its cells.
    report = runner.invoke(app, ["check", str(out), "--show", "fail"])
    assert report.exit_code == ExitCode.CHECKS_FAILED
    lines = report.output.splitlines()
    written = read_document(out / "misprinted" / "document.json")
    assert lines[0].endswith(summary_line(written.checks, written.coverage))
    assert count_statuses(written.checks)[CheckStatus.FAIL] == 3
    assert "FAIL     three_public_expenditure.total_is_three_parts" in lines[1]
    assert "printed 3.70, sum of parts 3.07, difference 0.63" in lines[2]
    assert "part:  three_public_expenditure p.12 (unnamed row) [reception] = 0.07 万元" in (
        report.output
    )
    assert runner.invoke(app, ["check", str(out), "--allow-check-failures"]).exit_code == 0


def test_check_command_equals_the_library(tmp_path, seed_result, specs):
    out = tmp_path / "out"
    # The seed's narrative misstates one amount (see test_seed_checks_pass_or_round): 8.
    extracted = runner.invoke(app, ["extract", str(SEED_PDF), "-o", str(out)])
    assert extracted.exit_code == ExitCode.CHECKS_FAILED
    report = runner.invoke(app, ["check", str(out)])
    assert report.exit_code == ExitCode.CHECKS_FAILED, report.output
    assert report.output.splitlines()[0] == (
        f"{out / SEED_PDF.stem / 'document.json'}: "
        f"{summary_line(seed_result.checks, seed_result.coverage)}"
    )
    zero = runner.invoke(app, ["check", str(out), "--tolerance", "0"])
    assert zero.exit_code == ExitCode.CHECKS_FAILED
    counts = count_statuses(seed_result.checks)
    failing = counts[CheckStatus.ROUNDING] + counts[CheckStatus.FAIL]
    assert f"checks: {counts[CheckStatus.PASS]} pass, 0 rounding, {failing} fail" in zero.output

    # Line for line what the library's recheck and report give, total line included.
    inputs = [out, out / SEED_PDF.stem / "document.json"]
    both = runner.invoke(app, ["check", *map(str, inputs), "--tolerance", "0", "--show", "skipped"])
    tally, lines = RecheckTally(), []
    for document in recheck(inputs, specs, Decimal(0)):
        assert document.result.checks == seed_result.checks  # as extract wrote them
        lines += document_lines(document, [CheckStatus.SKIPPED])
        tally.add(document)
    assert (tally.documents, tally.failing) == (2, 2)
    assert both.output.splitlines() == [*lines, total_line(tally)]
    assert both.exit_code == ExitCode.CHECKS_FAILED


_UNKNOWN_STATUS = {
    "source": {"path": "x.pdf", "sha256": "0" * 64, "pages": 1},
    "tables": [],
    "checks": [{"rule": "r", "status": "passed", "message": "m"}],
    "warnings": [],
}


def test_describe_quotes_the_cells_or_the_reason(seed_result):
    (check,) = [c for c in seed_result.checks if c.rule == "fiscal_basic_vs_fiscal_expenditure"]
    assert describe(check) == [
        "  SKIPPED  fiscal_basic_vs_fiscal_expenditure: "
        f"{check.message} -- no fiscal_appropriation_expenditure table in the document"
    ]
    rounding = next(c for c in seed_result.checks if c.status is CheckStatus.ROUNDING)
    lines = describe(rounding)
    assert lines[0].startswith("  ROUNDING general_budget_basic_expenditure.hierarchy: ")
    assert lines[1] == (
        "           printed 764.89, sum of parts 764.90, difference -0.01 (tolerance 0.045)"
    )
    assert lines[2].startswith("           total: general_budget_basic_expenditure p.10 301 ")
    assert len(lines) == 3 + len(rounding.parts)


@pytest.mark.parametrize("content", ["{", '{"tables": []}', json.dumps(_UNKNOWN_STATUS)])
def test_check_rejects_what_is_not_extract_output(tmp_path, content):
    bad = tmp_path / "document.json"
    bad.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == ExitCode.BAD_ARGS
    assert str(bad) in result.output and "Traceback" not in result.output


def test_samples_have_no_failing_checks(sample_results):
    # 江苏 prints 当年支出小计 across its two expenditure blocks with the amount in the last
    # column; reading it into both blocks is what makes this sample's totals check.
    failing = {name: [c.rule for c in _failures(r)] for name, r in sample_results.items()}
    # The seed's section 六 states 一般公共预算基本支出 1,236.74 万元; its tables print 838.38.
    seed = {"wuhan-hrss-info-center-2023.pdf": ["narrative.general_budget_basic"]}
    assert failing == {name: seed.get(name, []) for name in sample_results}


def test_totals_of_different_parts_are_left_to_the_spec_sum_checks(specs):
    # 决算 基本支出表: 人员经费合计 totals 301 + 303, 公用经费合计 302 + 310; neither is Σ 类.
    table = _table(
        "final_general_budget_basic_expenditure",
        [
            ("301", "工资福利支出", "10.00"),
            ("30101", "基本工资", "10.00"),
            ("303", "对个人和家庭的补助", "1.00"),
            ("", "人员经费合计", "11.00"),
            ("302", "商品和服务支出", "4.00"),
            ("30201", "办公费", "4.00"),
            ("310", "资本性支出", "2.00"),
            ("", "公用经费合计", "6.00"),
        ],
        columns=("amount",),
    )
    table.code_scheme = "economic"
    checks = [c for c in run_checks(_document(table), specs) if c.status is not CheckStatus.SKIPPED]
    assert {(c.rule.split(".")[1], c.total.row if c.total else "", c.status) for c in checks} == {
        ("hierarchy", "301 工资福利支出", CheckStatus.PASS),
        ("hierarchy", "302 商品和服务支出", CheckStatus.PASS),
        ("personnel_total", "人员经费合计", CheckStatus.PASS),
        ("public_total", "公用经费合计", CheckStatus.PASS),
    }
    table.rows[-1].values["amount"] = Decimal("4.00")
    failed = [c.rule for c in run_checks(_document(table), specs) if c.status is CheckStatus.FAIL]
    assert failed == ["final_general_budget_basic_expenditure.public_total"]


def _sided(spec, side, rows):
    """One side of a two-sided table: rows of (ordinal, name, amount)."""
    table = _table(spec, [], columns=("amount",))
    table.columns = [Column("amount", "预算数", side=side)]
    table.rows = [
        Row(
            code="",
            name=name,
            level=None,
            parent=None,
            is_total=name.endswith(("合计", "总计")),
            page=1,
            values={"amount": Decimal(value)},
            side=side,
            ordinal=ordinal,
        )
        for ordinal, name, value in rows
    ]
    return table


def test_a_total_under_a_subtotal_adds_the_rows_after_it(specs):
    # 西安市公安局 财政拨款收支总表: 上年结转 is printed without a number after 本年收入合计,
    # so the numbered items (一、财政拨款) alone miss it.
    table = _sided(
        "fiscal_appropriation_summary",
        "收入",
        [
            ("一、", "财政拨款", "3246385029.74"),
            ("1、", "一般公共预算拨款", "3246385029.74"),
            (None, "本年收入合计", "3246385029.74"),
            (None, "上年结转", "131027041.73"),
            (None, "收入总计", "3377412071.47"),
        ],
    )
    (check,) = _rules(
        run_checks(_document(table), specs), "fiscal_appropriation_summary.income_total_is_items"
    )
    assert check.status is CheckStatus.PASS
    assert [p.row for p in check.parts] == ["本年收入合计", "上年结转"]
    table.rows[3].values["amount"] = Decimal("131027041.70")
    (check,) = _rules(
        run_checks(_document(table), specs), "fiscal_appropriation_summary.income_total_is_items"
    )
    assert check.status is CheckStatus.FAIL


def test_a_part_table_without_class_codes_leaves_a_shortfall_undecided(specs):
    # 西安市自然资源和规划局: the 政府性基金 table is a 收支 overview by name; its 3031779608 元
    # on 城乡社区支出 is printed but at no code, so 212's shortfall may be made up by it.
    summary = _sided(
        "fiscal_appropriation_summary",
        "支出",
        [("十二、", "城乡社区支出", "3170672938.28"), ("十三、", "农林水支出", "163145727.23")],
    )
    general = _table(
        "general_budget_expenditure",
        [("212", "城乡社区支出", "138893330.28"), ("213", "农林水支出", "163145727.23")],
        columns=("total",),
    )
    fund = _table(
        "government_fund_expenditure",
        [("", "一、政府性基金拨款", "3031779608.00")],
        columns=("total",),
    )
    fund.rows[0].is_total = False

    def statuses():
        checks = _rules(
            run_checks(_document(summary, general, fund), specs), "fiscal_classes_vs_fiscal_summary"
        )
        return [(c.status, c.reason) for c in checks]

    reason = "government_fund_expenditure prints amounts but no level-1 codes"
    assert statuses() == [(CheckStatus.SKIPPED, reason), (CheckStatus.PASS, None)]
    # Amounts are not negative: coded parts above the printed total fail all the same.
    general.rows[1].values["total"] = Decimal("163145728.23")
    assert statuses() == [(CheckStatus.SKIPPED, reason), (CheckStatus.FAIL, None)]
    # A part table with nothing in it spends nothing: the shortfall fails.
    fund.rows[0].values["total"] = None
    assert statuses()[0] == (CheckStatus.FAIL, None)
