from budgetpdf.extractors.normalize import split_ordinal, tidy_name
from budgetpdf.extractors.text import clean_cell, normalize_text


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
