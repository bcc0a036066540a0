from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetpdf.extractors.amounts import AmountError, convert, format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,236.74", Decimal("1236.74")),
        ("1236.74", Decimal("1236.74")),
        ("326,658,710", Decimal("326658710")),
        ("１２３６．７４", Decimal("1236.74")),  # full-width digits
        ("1, 236. 74", Decimal("1236.74")),  # letter-spaced digits
        ("-12.00", Decimal("-12.00")),
        ("-", Decimal("0")),
        ("—", Decimal("0")),
        ("0.00", Decimal("0.00")),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


def test_irregular_thousands_separators_are_read_as_separators():
    # Printed so in a Shanghai 财务收支预算总表 (元): the digits are what count.
    assert parse_amount("120258,600") == Decimal("120258600")


@pytest.mark.parametrize("text", ["行政运行", "12.3.4", ",123", "123,", "abc", "12万元"])
def test_parse_amount_rejects_text(text):
    with pytest.raises(AmountError):
        parse_amount(text)


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False)
)
def test_amount_roundtrip_with_thousands_separators(value):
    printed = f"{value:,.2f}"
    assert parse_amount(printed) == value


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_unit_conversion_is_exact(value):
    there = convert(value, "万元", "元")
    assert convert(there, "元", "万元") == value
    assert Decimal(format_amount(convert(value, "元", "万元"))) * 10000 == value


def test_format_amount_has_no_exponent():
    assert format_amount(convert(Decimal("1236.74"), "万元", "元")) == "12367400"
    assert format_amount(convert(Decimal("326658710"), "元", "万元")) == "32665.8710"
