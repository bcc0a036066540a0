"""Column mapping of coded tables whose layout the spec cannot describe by headers alone:
blocks printed side by side, and a code header spanning 类 | 款 | 项 columns."""

from __future__ import annotations

from budgetpdf.extractors.mapping.table import map_table
from conftest import grid_of


def test_side_by_side_blocks_are_read_as_one_list(specs):
    # 一般公共预算财政拨款基本支出决算表 (西安 2022): 科目代码 | 科目名称 | 决算数, twice.
    header = ["科目代码", "科目名称", "决算数"] * 2
    grid = grid_of(
        [
            header,
            ["301", "工资福利支出", "10.00", "302", "商品和服务支出", "4.00"],
            ["30101", "基本工资", "10.00", "30201", "办公费", "4.00"],
            ["", "人员经费合计", "10.00", "", "公用经费合计", "4.00"],
        ]
    )
    tmap = map_table(specs.get("final_general_budget_basic_expenditure"), grid)
    assert [(s.code_col, s.name_col, [m.id for m in s.columns]) for s in tmap.sides] == [
        (0, 1, ["amount"]),
        (3, 4, ["amount"]),
    ]


def test_different_code_columns_do_not_make_blocks(specs):
    # 部门经济科目编码 beside 政府经济科目编码 (西安 预算): one table, not two blocks.
    grid = grid_of(
        [
            ["部门经济科目编码", "科目名称", "政府经济科目编码", "科目名称", "金额"],
            ["30101", "基本工资", "50101", "工资奖金津补贴", "10.00"],
        ]
    )
    tmap = map_table(specs.get("general_budget_basic_expenditure"), grid)
    assert len(tmap.sides) == 1


def test_a_code_header_spanning_three_columns_is_a_split_code(specs):
    # 收入决算表 (上海普陀 2024): 科目编码 spans three columns whose 类 | 款 | 项 labels stand in
    # the first body row, beside the 合计 amounts.
    grid = grid_of(
        [
            ["科目编码", None, None, "科目名称", "本年收入合计", "财政拨款收入"],
            ["类", "款", "项", "合计", "5.00", "5.00"],
            ["201", "", "", "一般公共服务支出", "5.00", "5.00"],
            ["201", "06", "", "财政事务", "5.00", "5.00"],
            ["201", "06", "01", "行政运行", "3.00", "3.00"],
            ["201", "06", "02", "一般行政管理事务", "2.00", "2.00"],
        ],
        spans={(0, 0): 3},
    )
    tmap = map_table(specs.get("final_income"), grid)
    (side,) = tmap.sides
    assert (side.split_cols, side.code_col, side.name_col) == ([0, 1, 2], None, 3)
    assert [m.id for m in side.columns] == ["total", "fiscal_appropriation"]
