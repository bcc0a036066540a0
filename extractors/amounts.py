"""Amounts as printed → `Decimal`, and exact unit conversion between 元 and 万元."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

UNITS = ("元", "万元")

# Printed zero markers: "-", "—", "－", "–" (publishers use any of them for an empty amount).
_ZERO_MARKS = {"-", "—", "－", "–", "——", "--", "―"}
_AMOUNT = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
# "120258,600": some templates group digits irregularly. Chinese budgets never use a decimal
# comma, so the comma is a separator; the normalizer warns about such cells.
_IRREGULAR = re.compile(r"[-+]?\d+(,\d+)+(\.\d+)?")


class AmountError(ValueError):
    """The text is not an amount."""


def parse_amount(text: str | None) -> Decimal | None:
    """`"1,236.74"` → Decimal("1236.74"); `"-"` → Decimal("0"); blank → None.

    Raises AmountError for text that is not an amount, so a shifted column never turns a
    name into a silent zero.
    """
    if text is None:
        return None
    folded = unicodedata.normalize("NFKC", text)
    # "1, 236. 74": some producers letter-space digits; the narrative of the seed does so.
    compact = re.sub(r"\s+", "", folded)
    if not compact:
        return None
    if compact in _ZERO_MARKS:
        return Decimal("0")
    negative = False
    if compact.startswith("(") and compact.endswith(")"):
        negative, compact = True, compact[1:-1]
    if not (_AMOUNT.fullmatch(compact) or _IRREGULAR.fullmatch(compact)):
        raise AmountError(f"not an amount: {text!r}")
    value = Decimal(compact.replace(",", ""))
    return -value if negative else value


def has_irregular_grouping(text: str) -> bool:
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return bool(_IRREGULAR.fullmatch(compact)) and not _AMOUNT.fullmatch(compact)


def is_amount(text: str | None) -> bool:
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion: scaling by a power of ten never rounds."""
    if from_unit == to_unit:
        return value
    if (from_unit, to_unit) == ("元", "万元"):
        return value.scaleb(-4)
    if (from_unit, to_unit) == ("万元", "元"):
        return value.scaleb(4)
    raise ValueError(f"cannot convert {from_unit} to {to_unit}; known units: {', '.join(UNITS)}")


def format_amount(value: Decimal) -> str:
    """Plain digits, no exponent, no thousands separator: what JSON strings and CSV carry."""
    text = format(value, "f")
    if text in ("-0", "-0.0") or (text.startswith("-") and Decimal(text) == 0):
        text = text[1:]
    return text
