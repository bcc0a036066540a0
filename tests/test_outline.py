"""Rows printed without codes: levels and parents from their indentation and numbering (only
where every sign agrees), budget units from a 预算单位 column or a unit's total row, and the
checks that add them up, per budget unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetpdf.extractors.assemble.outline import set_levels
from budgetpdf.extractors.assemble.units import RowLayout, mark_budget_units
from budgetpdf.extractors.checks.cells import CheckContext
from budgetpdf.extractors.checks.document import _total_row
from budgetpdf.extractors.checks.hierarchy import check_hierarchy
from budgetpdf.extractors.output.tabular import RECORD_FIELDS, iter_records
from budgetpdf.extractors.result import CheckStatus, Column, DocumentResult, Row, Table
from budgetpdf.table_specs.vocabulary import CodeScheme

# (name, indent, amount): a 基本支出总表 by economic class, names indented by level.
BASIC = [
    ("工资福利支出", 12.0, "30.00"),
    ("基本工资", 24.0, "10.00"),
    ("津贴补贴", 24.0, "20.00"),
    ("商品和服务支出", 12.0, "5.50"),
    ("办公费", 24.0, "5.50"),
]


def _rows(
    printed: list[tuple[str, float | None, str]], side: str | None = None
) -> tuple[list[Row], list[RowLayout]]:
    rows = [
        Row("", name, None, None, False, 1, {"total": Decimal(amount)}, side=side)
        for name, _, amount in printed
    ]
    return rows, [RowLayout(indent) for _, indent, _ in printed]


def _shape(rows: list[Row]) -> list[tuple[str, int | None, str | None]]:
    return [(r.name, r.level, r.parent) for r in rows]


def test_indented_names_get_levels_and_parents():
    rows, layouts = _rows(BASIC)
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    assert _shape(rows) == [
        ("工资福利支出", 1, None),
        ("基本工资", 2, "工资福利支出"),
        ("津贴补贴", 2, "工资福利支出"),
        ("商品和服务支出", 1, None),
        ("办公费", 2, "商品和服务支出"),
    ]


def test_indents_a_glyph_apart_are_one_level():
    rows, layouts = _rows(
        [("工资福利支出", 12.0, "1"), ("基本工资", 24.0, "1"), ("奖金", 25.2, "0")]
    )
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    assert [r.level for r in rows] == [1, 2, 2]


@pytest.mark.parametrize(
    ("printed", "why"),
    [
        # A row two steps below the row above: a level is missing from the page.
        ([("甲", 0.0, "1"), ("乙", 24.0, "1"), ("丙", 12.0, "1")], "jump"),
        # The first row of a block is not at the first level.
        ([("基本工资", 12.0, "1"), ("工资福利支出", 0.0, "1")], "starts deep"),
        # 基本工资 is a 款 (30101): indented as a 类 under a 款 it contradicts the dictionary.
        ([("津贴补贴", 0.0, "1"), ("基本工资", 12.0, "1")], "dictionary"),
        # Names at one indent and not all numbered: nothing tells their levels.
        ([("工资福利支出", 6.0, "1"), ("基本工资", 6.0, "1")], "flat"),
        # Four indents: more levels than 类/款/项, a centred or ragged column.
        ([("甲", 0.0, "1"), ("乙", 10.0, "1"), ("丙", 20.0, "1"), ("丁", 30.0, "1")], "four"),
        # A name without an indent (an engine that cannot tell).
        ([("工资福利支出", 0.0, "1"), ("基本工资", None, "1")], "unknown"),
    ],
)
def test_levels_are_left_unset_where_the_layout_is_ambiguous(printed, why):
    rows, layouts = _rows(printed)
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    assert [r.level for r in rows] == [None] * len(rows), why
    assert [r.parent for r in rows] == [None] * len(rows), why


def test_numbering_that_contradicts_the_indents_leaves_levels_unset():
    # "1." (a deeper style) printed less indented than "一、".
    rows, layouts = _rows([("1.财政拨款", 0.0, "1"), ("一、事业收入", 12.0, "1")])
    set_levels(rows, layouts, CodeScheme.ITEM)
    assert [r.level for r in rows] == [None, None]


def test_numbering_alone_gives_levels_where_every_row_is_numbered():
    rows, layouts = _rows(
        [("一、财政拨款", 0.0, "3"), ("1.一般公共预算", 0.0, "2"), ("2.政府性基金", 0.0, "1")]
    )
    set_levels(rows, layouts, CodeScheme.ITEM)
    assert _shape(rows) == [
        ("一、财政拨款", 1, None),
        ("1.一般公共预算", 2, "一、财政拨款"),
        ("2.政府性基金", 2, "一、财政拨款"),
    ]


def test_a_side_printing_codes_is_left_to_its_codes():
    rows, layouts = _rows(BASIC)
    rows[0].code, rows[0].level = "301", 1
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    assert [r.level for r in rows] == [1, None, None, None, None]


def test_totals_and_breakdowns_stay_outside_the_outline():
    printed = [("合计", 0.0, "35.50"), *BASIC, ("其中：办公费", 36.0, "1.00")]
    rows, layouts = _rows(printed)
    rows[0].is_total = True
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    assert rows[0].level is None and rows[-1].level is None
    assert [r.level for r in rows[1:-1]] == [1, 2, 2, 1, 2]


def _table(rows: list[Row], scheme: CodeScheme = CodeScheme.ECONOMIC) -> Table:
    return Table(
        "basic_expenditure",
        "基本支出总表",
        [1],
        "万元",
        "万元",
        "ruled",
        scheme.value,
        [Column("total", "合计")],
        rows,
        1,
        amount_step=Decimal("0.01"),
    )


def _hierarchy(table: Table) -> list:
    return check_hierarchy(CheckContext([table], Decimal("0.5")), "t.hierarchy", ["total"], table)


def test_levelled_rows_are_checked_like_codes():
    rows, layouts = _rows([("合计", 0.0, "35.50"), *BASIC])
    rows[0].is_total = True
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    checks = _hierarchy(_table(rows))
    # 工资福利支出 = Σ 2, 商品和服务支出 = Σ 1, 合计 = Σ 2 类.
    assert len(checks) == 3 and all(c.status is CheckStatus.PASS for c in checks)
    rows[1].values["total"] = Decimal("31.00")
    failing = [c for c in _hierarchy(_table(rows)) if c.status is CheckStatus.FAIL]
    assert [c.total.row for c in failing] == ["工资福利支出", "合计"]


def test_a_parent_that_is_not_the_row_above_stops_the_layout_sums():
    # document.json edited by hand, or read by another version: the parents say otherwise.
    rows, layouts = _rows(BASIC)
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    rows[2].parent = "商品和服务支出"
    assert _hierarchy(_table(rows)) == []


def test_unit_column_marks_each_units_rows_and_nests_units_under_the_department():
    printed = [
        ("某某局", 0.0, "60.00"),
        ("某某局（本级）", 12.0, "40.00"),
        ("社会保障和就业支出", 6.0, "40.00"),
        ("某某中心", 12.0, "20.00"),
        ("社会保障和就业支出", 6.0, "20.00"),
    ]
    rows, layouts = _rows(printed)
    for index in (0, 1, 3):
        layouts[index].unit_text = rows[index].name
    for index in (2, 4):
        rows[index].code, rows[index].level = "208", 1
    mark_budget_units(rows, layouts)
    assert [r.budget_unit for r in rows] == ["某某局", *["某某局（本级）"] * 2, *["某某中心"] * 2]
    assert [r.is_total for r in rows] == [True, True, False, True, False]
    assert [r.parent for r in rows] == [None, "某某局", None, "某某局", None]
    table = _table(rows, CodeScheme.FUNCTION)
    checks = _hierarchy(table)
    # Each unit = its 类; the department = its two units.
    assert sorted(c.total.row for c in checks) == ["某某中心", "某某局", "某某局（本级）"]
    assert all(c.status is CheckStatus.PASS for c in checks)
    assert _total_row(rows) is rows[0]


def test_unit_total_rows_in_the_name_column_less_indented_than_every_subject():
    printed = [("深圳市某某局", 0.0, "35.50"), *BASIC]
    rows, layouts = _rows(printed)
    mark_budget_units(rows, layouts)
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    assert rows[0].is_total and rows[0].level is None
    assert {r.budget_unit for r in rows} == {"深圳市某某局"}
    assert [r.level for r in rows[1:]] == [1, 2, 2, 1, 2]
    checks = _hierarchy(_table(rows))
    assert [c.total.row for c in checks] == ["工资福利支出", "商品和服务支出", "深圳市某某局"]


@pytest.mark.parametrize(
    "printed",
    [
        # Named like a body but as indented as the subjects below it.
        [("深圳市某某局", 12.0, "35.50"), *BASIC],
        # Not named like a body.
        [("人员经费", 0.0, "35.50"), *BASIC],
        # No indents to compare.
        [("深圳市某某局", None, "35.50"), *((n, None, a) for n, _, a in BASIC)],
    ],
)
def test_no_unit_without_a_body_name_less_indented_than_the_subjects(printed):
    rows, layouts = _rows(printed)
    mark_budget_units(rows, layouts)
    assert all(r.budget_unit is None and not r.is_total for r in rows)


def test_units_side_by_side_have_no_table_total():
    rows, layouts = _rows([("甲中心", 0.0, "1"), ("工资福利支出", 12.0, "1")])
    rows += _rows([("乙中心", 0.0, "2"), ("工资福利支出", 12.0, "2")])[0]
    layouts += [RowLayout(0.0), RowLayout(12.0)]
    mark_budget_units(rows, layouts)
    assert [r.budget_unit for r in rows] == ["甲中心", "甲中心", "乙中心", "乙中心"]
    assert _total_row(rows) is None


def test_budget_unit_round_trips_and_is_a_records_column():
    rows, layouts = _rows([("深圳市某某局", 0.0, "35.50"), *BASIC])
    mark_budget_units(rows, layouts)
    assert [Row.from_dict(r.to_dict()) for r in rows] == rows
    assert "budget_unit" not in Row("", "x", None, None, False, 1, {}).to_dict()
    result = DocumentResult("x.pdf", "0" * 64, 1, tables=[_table(rows)])
    records = list(iter_records(result, "x"))
    column = RECORD_FIELDS.index("budget_unit")
    assert {r[column] for r in records} == {"深圳市某某局"}


def test_rows_after_a_total_start_again_at_the_first_level():
    rows, layouts = _rows(
        [
            ("财政拨款", 0.0, "3"),
            ("1.一般公共预算", 12.0, "3"),
            ("本年收入合计", 30.0, "3"),
            ("上年结转", 0.0, "1"),
            ("1.财政拨款结转", 12.0, "1"),
        ]
    )
    rows[2].is_total = True
    set_levels(rows, layouts, CodeScheme.ITEM)
    assert _shape(rows) == [
        ("财政拨款", 1, None),
        ("1.一般公共预算", 2, "财政拨款"),
        ("本年收入合计", None, None),
        ("上年结转", 1, None),
        ("1.财政拨款结转", 2, "上年结转"),
    ]


def test_a_run_after_a_subtotal_starting_deeper_leaves_the_side_unlevelled():
    # 苏州: 上年结转结余 under 本年收入合计, as indented as the items above: not their child.
    rows, layouts = _rows(
        [
            ("事业收入", 0.0, "1"),
            ("其他收入", 12.0, "1"),
            ("当年收入小计", 6.0, "2"),
            ("上年结转结余", 12.0, "1"),
        ]
    )
    set_levels(rows, layouts, CodeScheme.ITEM)
    assert [r.level for r in rows] == [None] * 4


def test_names_at_one_indent_are_the_first_level_only_where_each_is_a_class():
    printed = [
        ("工资福利支出", 12.0, "1"),
        ("商品和服务支出", 12.0, "2"),
        ("资本性支出", 12.0, "3"),
    ]
    rows, layouts = _rows(printed)
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    assert _shape(rows) == [(name, 1, None) for name, _, _ in printed]
    rows, layouts = _rows([*printed, ("办公费", 12.0, "1")])
    set_levels(rows, layouts, CodeScheme.ECONOMIC)
    assert [r.level for r in rows] == [None] * 4


def test_a_funding_line_in_the_unit_column_names_no_unit():
    rows, layouts = _rows([("", 0.0, "3"), ("", 0.0, "3")])
    rows[0].is_total = True
    for layout, text in zip(layouts, ["合计", "全额"], strict=True):
        layout.unit_text = text
    mark_budget_units(rows, layouts)
    assert [r.budget_unit for r in rows] == [None, None]


def test_a_unit_column_without_unit_totals_still_names_each_rows_unit():
    # 深圳 人社局 三公 table: 预算单位 printed on the first of each unit's three rows.
    rows, layouts = _rows([("2025年", 0.0, "1"), ("2026年", 0.0, "2"), ("2025年", 0.0, "3")])
    layouts[0].unit_text, layouts[2].unit_text = "某某市测试局", "某某市测试中心"
    mark_budget_units(rows, layouts)
    assert [r.budget_unit for r in rows] == ["某某市测试局", "某某市测试局", "某某市测试中心"]
    assert not any(r.is_total for r in rows)
