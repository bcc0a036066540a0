"""Check coverage: which printed amounts some evaluated identity compares, and the proof that
the figure is honest: a wrong digit planted in any covered cell of a sample trips a check."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import jsonschema
import pytest

from budgetpdf.extractors.amounts import convert
from budgetpdf.extractors.assemble.rows import is_total_name
from budgetpdf.extractors.checks.coverage import (
    DUPLICATE_KEY,
    NO_IDENTITY,
    covered_cells,
    is_identity,
)
from budgetpdf.extractors.checks.report import coverage_lines
from budgetpdf.extractors.checks.run import arithmetic_checks, run_checks, summary_line
from budgetpdf.extractors.coverage_model import Coverage
from budgetpdf.extractors.locate.titles import find_unit
from budgetpdf.extractors.pdf.layout import Line, Word
from budgetpdf.extractors.result import Check, CheckStatus, Column, DocumentResult, Row, Table
from conftest import REPO


def _table(spec, rows, columns=("total", "basic", "project")) -> Table:
    return Table(
        spec=spec,
        title=spec,
        pages=[1],
        unit="万元",
        output_unit="万元",
        extractor="ruled",
        code_scheme="function",
        columns=[Column(c, c) for c in columns],
        rows=[
            Row(
                code=code,
                name=name,
                level=None,
                parent=None,
                is_total=not code and name.endswith("合计"),
                page=1,
                values={c: Decimal(v) if v else None for c, v in zip(columns, values, strict=True)},
            )
            for code, name, *values in rows
        ],
        header_rows=1,
        amount_step=Decimal("0.01"),
    )


def _document(*tables: Table) -> DocumentResult:
    return DocumentResult(path="x.pdf", sha256="0" * 64, pages=1, tables=list(tables))


def test_every_amount_of_a_consistent_table_is_covered(specs):
    table = _table(
        "expenditure_summary",
        [
            ("", "合计", "10.00", "4.00", "6.00"),
            ("201", "一般公共服务支出", "10.00", "4.00", "6.00"),
            ("20101", "人大事务", "10.00", "4.00", "6.00"),
        ],
    )
    document = _document(table)
    checks = run_checks(document, specs)
    assert table.coverage == Coverage(amounts=9, covered=9, uncovered={})
    assert summary_line(checks, document.coverage).endswith(", 100% of amounts covered")
    assert coverage_lines(document.tables) == []


def test_uncovered_cells_are_counted_with_their_reason(specs):
    # A column no rule of the spec names (col9); the unrecognised `总计：` row is still
    # compared by the spec's row identity total = basic + project.
    table = _table(
        "expenditure_summary",
        [
            ("", "总计：", "10.00", "", "", ""),
            ("201", "一般公共服务支出", "10.00", "4.00", "6.00", "3.00"),
        ],
        columns=("total", "basic", "project", "col9"),
    )
    document = _document(table)
    run_checks(document, specs)
    coverage = table.coverage
    assert coverage is not None
    assert (coverage.amounts, coverage.covered) == (5, 4)
    assert coverage.uncovered == {f"{NO_IDENTITY}: col9": 1}
    assert coverage.percent == 80
    (line,) = coverage_lines(document.tables)
    assert "4 of 5 amounts covered (80%); no identity declared for the column: col9 1" in line


def test_a_check_of_one_cell_or_skipped_covers_nothing():
    row = Row("", "合计", None, None, True, 1, {"total": Decimal(1)})
    table = _table("expenditure_summary", [])
    from budgetpdf.extractors.checks.cells import CheckContext

    ctx = CheckContext([table], Decimal("0.5"))
    alone = ctx.compare("r", "m", ctx.cell(table, row, "total"), [])
    assert alone is not None and not is_identity(alone)
    skipped = Check(rule="r", status=CheckStatus.SKIPPED, message="m", reason="why")
    assert covered_cells([alone, skipped]) == set()


def _line(text: str, top: float) -> Line:
    return Line([Word(text, 0, 10, top, top + 8)])


def test_a_unit_broken_over_two_lines_is_read():
    assert find_unit([_line("单位：万", 0), _line("元", 10)]) == "万元"
    assert find_unit([_line("金额单位：", 0), _line("元", 10)]) == "元"
    assert find_unit([_line("单位：万", 0)]) is None
    assert find_unit([_line("单位：武汉市信息中心", 0), _line("元", 10)]) is None


def test_a_total_printed_with_a_colon_is_a_total():
    assert is_total_name("总计：") and is_total_name("合 计:")
    assert not is_total_name("总计数量说明")


def test_sums_without_a_repeated_code_are_still_evaluated(specs):
    # 30208 printed twice (取暖费, 物业管理费): 302 = Σ 302xx is undecided, 301 = Σ 301xx and
    # every cell outside 302 stay covered.
    table = _table(
        "general_budget_basic_expenditure",
        [
            ("301", "工资福利支出", "5.00", "", ""),
            ("30101", "基本工资", "2.00", "", ""),
            ("30102", "津贴补贴", "3.00", "", ""),
            ("302", "商品和服务支出", "3.00", "", ""),
            ("30208", "取暖费", "1.00", "", ""),
            ("30208", "物业管理费", "2.00", "", ""),
        ],
    )
    table.code_scheme = "economic"
    run_checks(_document(table), specs)
    assert table.coverage is not None
    assert (table.coverage.amounts, table.coverage.covered) == (6, 3)
    assert table.coverage.uncovered == {DUPLICATE_KEY: 3}


def test_a_total_printed_above_its_items_adds_up_the_items_below(specs):
    # 重庆's 收支总表 prints 合计 first on each side, the numbered items under it.
    def row(name, amount, ordinal=None, is_total=False):
        return Row(
            "",
            name,
            None,
            None,
            is_total,
            1,
            {"amount": Decimal(amount)},
            side="收入",
            ordinal=ordinal,
        )

    table = _table("income_expenditure_summary", [], columns=())
    table.columns = [Column("amount", "收入/预算数", side="收入")]
    table.rows = [
        row("合计", "10.00", is_total=True),
        row("一般公共预算资金", "7.00", "一、"),
        row("事业收入资金", "3.00", "二、"),
    ]
    checks = run_checks(_document(table), specs)
    (items,) = [c for c in checks if c.rule.endswith("current_income_is_items")]
    assert (items.status, items.found, [p.row for p in items.parts]) == (
        CheckStatus.PASS,
        Decimal("10.00"),
        ["一般公共预算资金", "事业收入资金"],
    )
    assert table.coverage == Coverage(amounts=3, covered=3, uncovered={})


def test_coverage_percent_rounds_down():
    assert Coverage(amounts=1000, covered=949).percent == 94
    assert Coverage().percent == 100


@pytest.mark.slow
def test_coverage_is_in_document_json_and_valid(sample_results):
    schema = json.loads((REPO / "extractors/output/document.schema.json").read_text("utf-8"))
    for name, result in sample_results.items():
        data = result.to_dict()
        jsonschema.validate(data, schema)
        assert data["coverage"]["amounts"] == sum(t["coverage"]["amounts"] for t in data["tables"])
        assert DocumentResult.from_dict(data).coverage == result.coverage, name


def _plant(value: Decimal, tolerance: Decimal) -> Decimal:
    """`value` with one digit changed: its leading digit (+1, or -1 for a 9), or, when a
    change of that digit's weight would stay within the rounding tolerance of the checks
    comparing the cell (0.01 among thirty rounded cells), the first digit whose weight
    exceeds it (a 0 made a 1): an error inside the documented tolerance is rounding by
    definition, and no check can tell it."""
    magnitude = abs(value)
    exponent = magnitude.adjusted()
    if Decimal(1).scaleb(exponent) <= tolerance:
        while Decimal(1).scaleb(exponent) <= tolerance:
            exponent += 1
        changed = magnitude + Decimal(1).scaleb(exponent)
    else:
        digit = int(magnitude.scaleb(-exponent)) % 10
        changed = magnitude + Decimal(1 if digit < 9 else -1).scaleb(exponent)
    return changed if value > 0 else -changed


def _cells_of(check: Check) -> set[tuple[int, str]]:
    return {(id(r.origin), r.column) for r in [check.total, *check.parts] if r and r.origin}


@pytest.mark.slow
def test_a_wrong_digit_in_any_covered_cell_fails_a_check(sample_results, specs):
    """Every covered cell of every sample, in turn: a digit changed in the extracted value
    (the checks re-run on the data, as `budgetpdf check` does) must fail a check that
    compares that cell. 100% caught, or the coverage figure overstates what is proved."""
    missed: list[str] = []
    planted = 0
    for name, extracted in sample_results.items():
        result = copy.deepcopy(extracted)
        before = [c for c in arithmetic_checks(result, specs) if is_identity(c)]
        differences: dict[tuple[str, str], set[Decimal | None]] = {}
        tolerance: dict[tuple[int, str], Decimal] = {}
        for check in before:
            differences.setdefault((check.rule, check.message), set()).add(check.difference)
            for ref in [check.total, *check.parts]:
                if ref is None or ref.origin is None or check.tolerance is None:
                    continue
                own = convert(check.tolerance, check.total.unit, ref.unit)  # type: ignore[union-attr]
                key = (id(ref.origin), ref.column)
                tolerance[key] = max(tolerance.get(key, Decimal(0)), own)
        rows = {id(r): (t, r) for t in result.tables for r in t.rows}
        for key in sorted(covered_cells(before), key=str):
            table, row = rows[key[0]]
            value = row.values.get(key[1])
            if not value:
                continue
            planted += 1
            row.values[key[1]] = _plant(value, tolerance[key])
            caught = any(
                c.status is CheckStatus.FAIL
                and key in _cells_of(c)
                and c.difference not in differences.get((c.rule, c.message), set())
                for c in arithmetic_checks(result, specs)
            )
            row.values[key[1]] = value
            if not caught:
                missed.append(f"{name} {table.spec} p.{row.page} {row.code} {row.name} [{key[1]}]")
    assert planted > 1000
    assert missed == []
