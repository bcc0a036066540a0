import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetpdf.extractors.codes import (
    clean_code,
    code_level,
    code_parent,
    join_split_code,
    split_code_from_name,
)
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.vocabulary import CodeScheme


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [("208", 1, None), ("20805", 2, "208"), ("2080505", 3, "20805"), ("20", None, None)],
)
def test_function_levels(code, level, parent):
    assert code_level(code, CodeScheme.FUNCTION) == level
    assert code_parent(code, CodeScheme.FUNCTION) == parent


def test_economic_and_unit_levels():
    assert code_level("30101", CodeScheme.ECONOMIC) == 2
    assert code_parent("30101", CodeScheme.ECONOMIC) == "301"
    assert code_level("2080505", CodeScheme.ECONOMIC) is None
    assert code_parent("503019", CodeScheme.UNIT) == "503"


@pytest.mark.parametrize(
    ("parts", "previous", "expected"),
    [
        (("208", "05", "05"), "", "2080505"),
        (("208", "05", ""), "", "20805"),
        (("208", "", ""), "", "208"),
        (("", "05", "02"), "2080101", "2080502"),  # 类 left blank on 款/项 rows
        (("", "", "03"), "2080502", "2080503"),
        (("", "", ""), "208", ""),
        (("201", "6", "50"), "", "2010650"),  # leading zero dropped by the template
    ],
)
def test_join_split_code(parts, previous, expected):
    assert join_split_code(*parts, previous=previous) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("[2010401]行政运行", ("2010401", "行政运行")),
        ("2010401 行政运行", ("2010401", "行政运行")),
        ("【301】工资福利支出", ("301", "工资福利支出")),
        ("行政运行", ("", "行政运行")),
        ("2026年预算", ("", "2026年预算")),
    ],
)
def test_split_code_from_name(name, expected):
    code, rest = split_code_from_name(name)
    # "2026年预算" yields 2026 as a 4-digit "code", which no scheme accepts: the normalizer
    # keeps only codes with a level, so test the shape here and the level rule elsewhere.
    if expected[0] == "" and code:
        assert code_level(code, CodeScheme.FUNCTION) is None
    else:
        assert (code, rest) == expected


@given(lei=st.integers(100, 999), kuan=st.integers(1, 99), xiang=st.integers(1, 99))
def test_split_code_joins_to_prefix_hierarchy(lei, kuan, xiang):
    code = join_split_code(str(lei), f"{kuan:02d}", f"{xiang:02d}")
    assert len(code) == 7
    assert code_parent(code, CodeScheme.FUNCTION) == join_split_code(str(lei), f"{kuan:02d}", "")
    assert code_parent(code_parent(code, CodeScheme.FUNCTION), CodeScheme.FUNCTION) == str(lei)


@given(st.text(alphabet="0123456789０１２３４５６７８９ ", min_size=1, max_size=9))
def test_clean_code_is_digits_or_empty(text):
    code = clean_code(text)
    assert code == "" or code.isdigit()


def test_kangxi_radicals_compare_equal():
    assert normalize_text("⽀出总表") == normalize_text("支出总表") == "支出总表"
    assert normalize_text("支 出 总 计") == "支出总计"
