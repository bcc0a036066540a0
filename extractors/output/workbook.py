"""One Excel workbook per document: a sheet per table, codes as text, amounts as numbers.

Codes are written as text cells so 2080505 keeps its digits (and 01 its zero); amounts are
numeric cells, written from the exact Decimal (Excel itself then holds a binary double, exact
to 15 significant digits, which every budget amount fits). Each table sheet shows where it
came from: a line with the title as printed, pages, unit and spec, then the column headers as
printed, then the column ids that the CSV files use.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from budgetpdf.extractors.output.tabular import table_file_names, table_rows, table_schema
from budgetpdf.extractors.result import DocumentResult, Table

WORKBOOK_NAME = "document.xlsx"
_SHEET_CHARS = 31  # Excel's limit on a sheet name
_BOLD = Font(bold=True)
_GREY = Font(italic=True, color="666666")
# The CSV columns before the value columns, and what they hold, for the printed-header row.
_FIXED_HEADERS = {
    "page": "页",
    "side": "收/支",
    "ordinal": "序号",
    "code": "科目编码",
    "name": "科目名称",
    "level": "级次",
    "parent": "上级编码",
    "is_total": "合计行",
}


def sheet_names(names: list[str]) -> list[str]:
    """Sheet names from table file stems, cut to Excel's 31 characters and kept distinct."""
    out: list[str] = []
    for name in names:
        candidate, number = name[:_SHEET_CHARS], 1
        while candidate in out:
            number += 1
            suffix = f"~{number}"
            candidate = name[: _SHEET_CHARS - len(suffix)] + suffix
        out.append(candidate)
    return out


def _put(sheet: Worksheet, row: int, values: list[object], font: Font | None = None) -> None:
    for column, value in enumerate(values, start=1):
        cell: Cell = sheet.cell(row=row, column=column, value=value)  # type: ignore[assignment]
        if isinstance(value, str) and value.startswith("="):
            # openpyxl would store "=…" as a formula; a name printed that way is text.
            cell.data_type = "s"
        if font is not None:
            cell.font = font


def _pages(pages: list[int]) -> str:
    return ", ".join(map(str, pages))


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    schema = table_schema(table.columns)
    printed = {c.id: c.header for c in table.columns}
    unit = table.unit or f"{table.output_unit} (assumed: no unit printed)"
    _put(
        sheet,
        1,
        [
            f"{table.title} · pages {_pages(table.pages)} · 单位 {unit} · output unit "
            f"{table.output_unit} · spec {table.spec} · engine {table.extractor}"
        ],
        _GREY,
    )
    _put(sheet, 2, [printed.get(name, _FIXED_HEADERS.get(name, "")) for name, _ in schema], _BOLD)
    _put(sheet, 3, [name for name, _ in schema], _GREY)
    for number, values in enumerate(table_rows(table), start=4):
        _put(sheet, number, values)
    sheet.freeze_panes = "C4"


def write_workbook(result: DocumentResult, path: Path) -> None:
    book = Workbook()
    index = book.active
    assert isinstance(index, Worksheet)
    index.title = "tables"
    stems = [name.removesuffix(".csv") for name in table_file_names(t.spec for t in result.tables)]
    names = sheet_names(stems)
    _identity_lines(index, result)
    _put(
        index,
        _INDEX_HEADER_ROW,
        ["sheet", "spec", "title", "pages", "unit", "output_unit", "extractor", "rows"],
        _BOLD,
    )
    rows = enumerate(zip(result.tables, names, strict=True), start=_INDEX_HEADER_ROW + 1)
    for number, (table, name) in rows:
        unit = table.unit or ""
        _put(
            index,
            number,
            [
                name,
                table.spec,
                table.title,
                _pages(table.pages),
                unit,
                table.output_unit,
                table.extractor,
                len(table.rows),
            ],
        )
        _table_sheet(book.create_sheet(name), table)
    index.freeze_panes = f"A{_INDEX_HEADER_ROW + 1}"
    book.save(path)


_IDENTITY_ROWS = ("organization", "year", "kind", "scope", "title")
_INDEX_HEADER_ROW = len(_IDENTITY_ROWS) + 2  # the identity, a blank line, then the index


def _identity_lines(sheet: Worksheet, result: DocumentResult) -> None:
    """Whose budget, which year, above the index of tables: one field a line."""
    data = result.identity.to_dict()
    for number, name in enumerate(_IDENTITY_ROWS, start=1):
        _put(sheet, number, [name, data[name]], _GREY)
