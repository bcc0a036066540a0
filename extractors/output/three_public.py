"""The "三公" figures of a document as one set, whatever form its table takes, so that the
database can list them by organisation and year in one query.

Publishers print the 三公 table in two forms:
- one row of amounts, a column per item (武汉: 合计 | 因公出国（境）费 | 公务用车购置及运行费 |
  … | 公务接待费); where 会议费 and 培训费 stand beside them (江苏, 西安), the table's 合计
  includes them and the 三公 subtotal is `three_public_total`;
- a row per item in one amount column (广州: "“三公”经费", "其中：（一）因公出国（境）支出",
  "（二）公务用车购置及运行维护支出", …).
For 决算 the amounts taken are the 决算数 (`total`), not the 预算数 (`total_budget`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetpdf.extractors.result import DocumentResult, Row, Table

THREE_PUBLIC_SPECS = ("three_public_expenditure", "final_three_public_expenditure")
PARTS = ("total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")
# Row names of the per-item form, tried in this order: "公务用车购置及运行维护支出" is the
# vehicle total before its parts "公务用车购置" and "公务用车运行维护".
_ITEM_NAMES = (
    ("total", re.compile("三公")),
    ("overseas", re.compile("出国")),
    ("vehicle_total", re.compile("购置及运行")),
    ("vehicle_purchase", re.compile("购置")),
    ("vehicle_operation", re.compile("(?<!机关)运行")),  # not 机关运行经费
    ("reception", re.compile("接待")),
)
_ONE_ROW_COLUMNS = ("three_public_total", "overseas", "vehicle_total", "reception")


@dataclass(frozen=True)
class ThreePublic:
    """A document's 三公 amounts (None: blank or not printed), in `unit`, from `page`."""

    page: int
    unit: str
    amounts: dict[str, Decimal | None]


def three_public(result: DocumentResult) -> ThreePublic | None:
    """The 三公 amounts of the document's first 三公 table; None when it prints none."""
    table = next((t for t in result.tables if t.spec in THREE_PUBLIC_SPECS), None)
    if table is None:
        return None
    rows = [r for r in table.rows if any(v is not None for v in r.values.values())]
    if not rows:
        return None
    summary = next((r for r in rows if r.is_total), rows[0])
    if any(summary.values.get(column) is not None for column in _ONE_ROW_COLUMNS):
        return _one_row(table, summary)
    return _per_item(table, rows)


def _one_row(table: Table, row: Row) -> ThreePublic:
    amounts = {part: row.values.get(part) for part in PARTS}
    subtotal = row.values.get("three_public_total")
    if subtotal is not None:
        amounts["total"] = subtotal
    return ThreePublic(row.page, table.output_unit, amounts)


def _per_item(table: Table, rows: list[Row]) -> ThreePublic:
    amounts: dict[str, Decimal | None] = dict.fromkeys(PARTS)
    pages = []
    for row in rows:
        part = next((p for p, name in _ITEM_NAMES if name.search(row.name)), None)
        if part is not None and amounts[part] is None:
            amounts[part] = row.values.get("total")
            pages.append(row.page)
    return ThreePublic(min(pages, default=rows[0].page), table.output_unit, amounts)
