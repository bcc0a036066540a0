"""What every rule is built from: a document's tables by spec, the printed cells a rule
quotes, and the comparison of a total with the sum of its parts.

Publishers round every cell on its own, so a difference no larger than half a unit of the
last printed digit per rounded cell is `rounding`, not `fail`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from budgetpdf.extractors.amounts import convert
from budgetpdf.extractors.assemble.rows import split_ordinal
from budgetpdf.extractors.result import CellRef, Check, CheckStatus, Row, Table
from budgetpdf.extractors.text import normalize_text


@dataclass(frozen=True)
class Cell:
    ref: CellRef
    step: Decimal  # one unit of the last printed digit, in ref.unit


class Missing(Exception):
    """A cell a rule needs is not printed: the check is skipped with this reason."""


class CheckContext:
    """The tables of one document by spec id, and the rounding allowed per printed cell."""

    def __init__(self, tables: list[Table], per_addend: Decimal) -> None:
        self.per_addend = per_addend
        self.by_spec: dict[str, list[Table]] = defaultdict(list)
        for table in tables:
            self.by_spec[table.spec].append(table)

    def cell(self, table: Table, row: Row, column: str) -> Cell:
        ref = CellRef(
            table.spec,
            row_label(row),
            column,
            row.page,
            row.values.get(column),
            table.output_unit,
            row.side,
            source=table.source,
            confidence=row.confidence.get(column),
            origin=row,
        )
        return Cell(ref, _step(ref.value, table.amount_step))

    def compare(self, rule: str, message: str, total: Cell, parts: list[Cell]) -> Check | None:
        """total = Σ parts; None when every cell is blank (nothing printed to compare)."""
        cells = [total, *parts]
        if all(c.ref.value is None for c in cells):
            return None
        unit = total.ref.unit
        expected = sum(
            (convert(p.ref.value or Decimal(0), p.ref.unit, unit) for p in parts), Decimal(0)
        )
        found = total.ref.value or Decimal(0)
        # A blank or "-" cell is an exact zero; only printed digits were rounded.
        tolerance = self.per_addend * sum(
            (convert(c.step, c.ref.unit, unit) for c in cells if c.ref.value), Decimal(0)
        )
        difference = abs(found - expected)
        # A digit OCR misread by one in the last place looks like a publisher's rounding:
        # where OCR read a cell, only equality passes.
        by_ocr = any(c.ref.source for c in cells)
        if difference == 0:
            status = CheckStatus.PASS
        elif difference <= tolerance and not by_ocr:
            status = CheckStatus.ROUNDING
        else:
            status = CheckStatus.FAIL
        return Check(
            rule=rule,
            status=status,
            message=message,
            total=total.ref,
            parts=[p.ref for p in parts],
            expected=expected,
            found=found,
            tolerance=tolerance,
        )

    def sum_of_rows(
        self, rule: str, message: str, table: Table, total: Row, parts: list[Row], column: str
    ) -> list[Check]:
        """The total row's cell = Σ the part rows' cells, all in one column of one table."""
        check = self.compare(
            rule,
            message,
            self.cell(table, total, column),
            [self.cell(table, part, column) for part in parts],
        )
        return [check] if check else []

    @staticmethod
    def skipped(rule: str, message: str, reason: str) -> Check:
        return Check(rule=rule, status=CheckStatus.SKIPPED, message=message, reason=reason)

    def one_table(self, spec: str) -> Table:
        tables = self.by_spec.get(spec, [])
        if not tables:
            raise Missing(f"no {spec} table in the document")
        if len(tables) > 1:
            raise Missing(f"{len(tables)} {spec} tables in the document; which one is meant?")
        return tables[0]

    def column_of(self, table: Table, side: str | None, wanted: list[str]) -> str:
        printed = amount_columns(table, side)
        found = next((c for c in wanted if c in printed), None)
        if found is None:
            where = f" ({side})" if side else ""
            raise Missing(f"{table.spec}{where} prints none of the columns {', '.join(wanted)}")
        return found


def amount_columns(table: Table, side: str | None = None) -> list[str]:
    return [c.id for c in table.columns if c.kind == "amount" and (side is None or c.side == side)]


def row_label(row: Row) -> str:
    return " ".join(part for part in (row.code, row.name) if part) or "(unnamed row)"


def plain_name(row: Row) -> str:
    """Names compared across tables: `（六）社会保障和就业支出` and `社会保障和就业支出` agree."""
    return normalize_text(split_ordinal(row.name)[1])


def row_blocks(table: Table, side: str | None = None) -> list[list[Row]]:
    """Rows by side, expenditure block (`group`) and budget unit, in printed order: each
    unit of a 部门 adds up on its own."""
    blocks: dict[tuple[str | None, str | None, str | None], list[Row]] = defaultdict(list)
    for row in table.rows:
        if side is None or row.side == side:
            blocks[(row.side, row.group, row.budget_unit)].append(row)
    return list(blocks.values())


def _step(value: Decimal | None, table_step: Decimal | None) -> Decimal:
    """A cell's last printed digit: its own ("786781502.8" in a table of cents prints 0.1),
    but never finer than the table's, which survives unit conversion ("7648900" 元 converted
    from 764.89 万元 is precise to 100 元)."""
    own = Decimal(1).scaleb(int(value.as_tuple().exponent)) if value else Decimal(0)
    return max(own, table_step or Decimal(0))
