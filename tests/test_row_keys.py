"""Row keys from small hand-built grids: which column names a row, how split codes join, and
which columns hold codes rather than amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetpdf.extractors.assemble.rows import RowContext, finishes_cut_name, rows_from_grid
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.mapping.table import map_table
from budgetpdf.extractors.result import Row
from budgetpdf.table_specs.vocabulary import CodeScheme
from conftest import grid_of


def _rows(specs, spec_id: str, grid: Grid, scheme: CodeScheme = CodeScheme.ITEM) -> list[Row]:
    tmap = map_table(specs.get(spec_id), grid)
    context = RowContext(scheme, "万元", "万元", [], spec_id)
    return rows_from_grid(grid, tmap.header_rows, tmap.sides[0], context)


@pytest.mark.parametrize("item_header", ["采购物品名称", "采购品目名称"])
def test_procurement_row_blank_in_the_name_column_is_named_by_its_item(specs, item_header):
    # 江苏政协 2018 政府采购预算表: 采购品目大类 is printed on the 合计 and 货物 rows only; the
    # rows below name their 专项, their item bought, or (neither printed) their 经济科目.
    # 苏州规划 2026 prints the 专项 and the item on every detail row: the item is the row.
    grid = grid_of(
        [
            ["采购品目大类", "专项名称", "经济科目", item_header, "采购组织形式", "总计"],
            ["合计", "", "", "", "", "1234.32"],
            ["一、货物A", "", "", "", "", "355.67"],
            ["", "办公设备购置费", "办公设备购置", "", "", "300.00"],
            ["", "", "", "台式计算机", "分散自行组织", "18.00"],
            ["", "", "培训费", "", "", "16.00"],
            ["", "规划编制(测绘)项目", "委托业务费", "测绘服务", "分散采购", "878.65"],
            ["", "", "", "", "", "21.67"],
        ]
    )
    rows = _rows(specs, "government_procurement", grid)
    assert [r.name for r in rows] == [
        "合计",
        "一、货物A",
        "办公设备购置费",
        "台式计算机",
        "培训费",
        "测绘服务",
        "",
    ]
    assert [r.is_total for r in rows] == [True] + [False] * 6
    # The columns a name was taken from keep their text.
    assert rows[3].texts["method"] == "分散自行组织"


def test_income_item_in_an_unheaded_column_names_its_row(specs):
    # 江苏政协 2018 收入预算总表: the source group is merged down 项目名称, its items stand
    # in an unheaded column beside it.
    grid = grid_of(
        [
            ["项目名称", "", "金额"],
            ["收入总计", None, "10,150.48"],
            ["一般公共预算资金", "小计", "10,070.48"],
            ["", "公共财政拨款(补助)资金", "10,070.48"],
            ["", "专项收入", ""],
            ["其他资金", "小计", "80.00"],
            ["", "其他收入", "80.00"],
        ],
        spans={(1, 0): 2},
    )
    rows = _rows(specs, "income_summary", grid, CodeScheme.FUNCTION)
    assert [(r.name, r.values["col3"]) for r in rows] == [
        ("收入总计", Decimal("10150.48")),
        ("一般公共预算资金", Decimal("10070.48")),
        ("公共财政拨款(补助)资金", Decimal("10070.48")),
        ("专项收入", None),
        ("其他资金", Decimal("80.00")),
        ("其他收入", Decimal("80.00")),
    ]


def test_procurement_code_split_over_three_columns_is_joined(specs):
    # 烟台政府办 2026 政府采购预算表: 201 | 03 | 01 under 科目编码, 款 and 项 rows leaving
    # the parts above blank. The 款 and 项 cells are code parts, not amounts.
    grid = grid_of(
        [
            ["科目编码", None, None, "科目名称", "合计", "单位资金"],
            ["类", "款", "项", "", "", ""],
            ["", "", "", "合计", "2958.21", "50.00"],
            ["201", "", "", "一般公共服务支出", "2958.21", "50.00"],
            ["", "03", "", "政府办公厅(室)及相关机构事务", "2958.21", "50.00"],
            ["", "", "01", "行政运行", "13.00", ""],
        ],
        spans={(0, 0): 3},
    )
    rows = _rows(specs, "government_procurement", grid)
    assert [r.code for r in rows] == ["", "201", "20103", "2010301"]
    assert [set(r.values) for r in rows] == [{"total", "unit_funds"}] * 4


def test_second_code_pair_is_text_not_amounts(specs):
    # 烟台政府办 2026 一般公共预算基本支出表: each row prints the 部门 economic code (the key)
    # and the 政府 economic code 501 | 01 beside it; the second pair holds codes.
    grid = grid_of(
        [
            ["部门预算支出经济分类", None, None, "政府预算支出经济分类", None, None, "合计"],
            ["类", "款", "名称", "类", "款", "名称", ""],
            ["301", "", "工资福利支出", "501", "", "机关工资福利支出", "2294.54"],
            ["", "01", "基本工资", "", "01", "工资奖金津补贴", "536.26"],
        ],
        spans={(0, 0): 3, (0, 3): 3},
    )
    spec = specs.get("general_budget_basic_expenditure")
    tmap = map_table(spec, grid)
    kinds = {m.header: m.kind for m in tmap.sides[0].columns}
    assert kinds["政府预算支出经济分类/类"] == "text"
    assert kinds["政府预算支出经济分类/款"] == "text"
    context = RowContext(CodeScheme.ECONOMIC, "万元", "万元", [], spec.id)
    rows = rows_from_grid(grid, tmap.header_rows, tmap.sides[0], context)
    assert [r.code for r in rows] == ["301", "30101"]
    assert [r.values for r in rows] == [{"total": Decimal("2294.54")}, {"total": Decimal("536.26")}]
    assert rows[1].texts["col5"] == "01"


def _row(name: str, **changes) -> Row:
    fields = dict(
        code="", name=name, level=None, parent=None, is_total=False, page=2, values={}, grid_row=0
    )
    fields.update(changes)
    return Row(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "wrapped", "joins"),
    [
        (_row("中心"), True, True),
        # The cut name did not wrap in its cell: the row is an item of its own.
        (_row("中心"), False, False),
        # A row with an amount, a code, an ordinal or below the first data row is its own row.
        (_row("中心", values={"total": Decimal("1.00")}), True, False),
        (_row("中心", code="20101"), True, False),
        (_row("二、上年结转", ordinal="二、"), True, False),
        (_row("二、上年结转"), True, False),
        (_row("中心", grid_row=3), True, False),
        (_row("合计", is_total=True), True, False),
    ],
)
def test_a_name_cut_by_the_page_break_joins_only_a_bare_continuation(first, wrapped, joins):
    # 杭州交通 2026 收入总表: "杭州市综合 / 交通运输研究" with its amounts at the foot of p.24,
    # "中心" alone in the first row of p.25.
    last = _row("杭州市综合交通运输研究", page=1, values={"total": Decimal("5290.70")}, grid_row=9)
    assert finishes_cut_name(last, wrapped, first, first_data_row=0) is joins
