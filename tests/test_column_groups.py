"""Column mapping on small hand-built grids: which printed column each spec column takes."""

from __future__ import annotations

from budgetpdf.extractors.engines.grid import Grid, make_cell
from budgetpdf.extractors.mapping.columns import comparison_columns
from budgetpdf.extractors.mapping.table import map_table


def _grid(rows: list[list[str]], spans: dict[tuple[int, int], int] | None = None) -> Grid:
    """A grid from row texts; `spans` gives the colspan of a cell at (row, col)."""
    spans = spans or {}
    cells = [
        make_cell(r, c, text, colspan=spans.get((r, c), 1))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text or (r, c) in spans
    ]
    return Grid(len(rows), len(rows[0]), cells, page=1, bbox=(0, 0, 100, 100), engine="test")


def test_year_groups_map_the_budget_year_and_keep_the_others(specs):
    # 西安市气象局 2022 三公 table (p.30): the same columns under 2021年, 2022年 and
    # 增减变化情况. The spec's columns are the budget year's; the prior year and the change
    # stay in the output under their full header paths.
    grid = _grid(
        [
            ["单位编码", "单位名称", "2021年", "", "", "2022年", "", "", "增减变化情况", "", ""],
            ["", "", *["合计", "公务接待费", "会议费"] * 3],
            [
                "234",
                "西安市气象局",
                "12240",
                "2720",
                "2380",
                "0",
                "0",
                "0",
                "-12240",
                "-2720",
                "-2380",
            ],
        ],
        spans={(0, 2): 3, (0, 5): 3, (0, 8): 3},
    )
    tmap = map_table(specs.get("three_public_expenditure"), grid)
    columns = {m.header: m.id for m in tmap.sides[0].columns}
    assert columns["2022年/合计"] == "total"
    assert columns["2022年/会议费"] == "meeting"
    assert columns["2021年/合计"].startswith("col")
    assert columns["增减变化情况/会议费"].startswith("col")


def test_comparison_columns_come_from_years_and_the_spec():
    paths = ["项目", "2023年预算数/合计", "2022年预算数/合计", "比上年增减/合计", "合计"]
    assert comparison_columns(paths, list(range(5)), ["^比上年"]) == {2, 3}
    # No year before the latest and no secondary header: nothing is put back.
    assert comparison_columns(["2023年预算数", "合计"], [0, 1], []) == set()


def test_whole_amounts_are_not_a_code_column(specs):
    # 西安市气象局 项目支出表: amounts without decimals look like codes; 单位编码 holds a
    # unit's code and, on its funding line, "1".
    grid = _grid(
        [
            ["单位编码", "单位(项目)名称", "项目金额"],
            ["", "合计", "17159700"],
            ["1", "全额", "17159700"],
            ["234001", "西安市气象局", "17159700"],
            ["", "防雷及气象执法经费", "285000"],
        ]
    )
    side = map_table(specs.get("project_expenditure"), grid).sides[0]
    assert (side.code_col, side.name_col) == (0, 1)
    assert [(m.index, m.id) for m in side.columns] == [(2, "total")]
