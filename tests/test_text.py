from decimal import Decimal

import pytest

from budgetpdf.extractors.assemble.rows import (
    RowContext,
    rows_from_grid,
    split_ordinal,
    tidy_name,
)
from budgetpdf.extractors.engines.grid import Grid, make_cell
from budgetpdf.extractors.mapping.model import MappedColumn, SideMap
from budgetpdf.extractors.text import clean_cell, normalize_text
from budgetpdf.table_specs.vocabulary import CodeScheme


def test_wrapped_cjk_name_joins_without_a_space():
    # 广州 收入总表: a unit name wrapped inside its cell.
    assert clean_cell("广州市交通工程质量监督站（广州市交\n通工程造价管理站）") == (
        "广州市交通工程质量监督站(广州市交通工程造价管理站)"
    )


def test_wrapped_latin_text_keeps_a_space():
    assert clean_cell("ABC\nDEF") == "ABC DEF"


def test_kangxi_radical_names_equal_their_plain_form():
    assert clean_cell("⼀般公共预算⽀出") == "一般公共预算支出"
    assert normalize_text("⼀般公共预算⽀出") == normalize_text("一般公共预算支出")


def test_letter_spaced_names_lose_their_spaces():
    assert tidy_name("支 出 总 计") == "支出总计"


def test_ordinals_are_split_off():
    assert split_ordinal("一、一般公共预算拨款收入") == ("一、", "一般公共预算拨款收入")
    assert split_ordinal("(一)一般公共预算拨款") == ("(一)", "一般公共预算拨款")
    assert split_ordinal("廿一、其他支出") == ("廿一、", "其他支出")
    assert split_ordinal("(1)工资福利支出") == ("(1)", "工资福利支出")
    assert split_ordinal("（10）其他支出") == ("（10）", "其他支出")
    assert split_ordinal("本年收入合计") == (None, "本年收入合计")


def _one_row(name: str, amount: str) -> tuple[str, object, list]:
    grid = Grid(
        n_rows=1,
        n_cols=3,
        cells=[make_cell(0, 0, "234002"), make_cell(0, 1, name), make_cell(0, 2, amount)],
        page=1,
        bbox=(0, 0, 100, 10),
        engine="ruled",
    )
    side = SideMap(side=None, code_col=0, name_col=1, columns=[MappedColumn(2, "total", "合计")])
    warnings: list = []
    context = RowContext(CodeScheme.UNIT, "元", "元", warnings, "income_summary")
    (row,) = rows_from_grid(grid, 0, side, context)
    return row.name, row.values["total"], warnings


@pytest.mark.parametrize(
    ("in_name_cell", "in_amount_cell", "name", "amount"),
    [
        # 职业年金 one glyph too wide: "金" before the digits.
        ("机关事业单位职业年", "金43608.96", "机关事业单位职业年金", "43608.96"),
        # 西安市气象局 收入总表: the name runs on, clipped from view, under the right-aligned
        # amount, and the glyphs of both interleave by position.
        (
            "西安市人工影响天气服务保",
            "障中18心39311.66",
            "西安市人工影响天气服务保障中心",
            "1839311.66",
        ),
    ],
)
def test_name_overflowing_into_the_amount_cell_goes_back_to_the_name(
    in_name_cell, in_amount_cell, name, amount
):
    assert _one_row(in_name_cell, in_amount_cell) == (name, Decimal(amount), [])


def test_text_that_is_no_overflow_stays_an_error():
    name, value, warnings = _one_row("西安市气象局", "12中34国")
    assert (name, value) == ("西安市气象局", None)
    assert [w.slug for w in warnings] == ["not_an_amount"]
