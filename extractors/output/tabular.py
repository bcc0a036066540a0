"""A table's flat form, shared by its CSV file, its workbook sheet, the datapackage
descriptor and the run's records: the file name, the columns with their types, the rows as
typed values, and each value as one record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from budgetpdf.extractors.amounts import format_amount
from budgetpdf.extractors.result import Column, DocumentResult, Table

# (name, Frictionless field type): the columns of records.csv.
RECORD_SCHEMA = [
    ("document", "string"),
    # Whose budget, which year (the document's identity; empty where it does not say).
    ("organization", "string"),
    ("year", "integer"),
    ("kind", "string"),
    ("spec", "string"),
    ("page", "integer"),
    ("side", "string"),
    ("code", "string"),
    ("name", "string"),
    ("level", "integer"),
    ("parent", "string"),
    ("column", "string"),
    ("header", "string"),
    ("value", "number"),
    ("unit", "string"),
    # The 预算单位 whose block of the table holds the row (empty where it prints no units);
    # `unit` is the amounts' (元 / 万元).
    ("budget_unit", "string"),
]
RECORD_FIELDS = [name for name, _ in RECORD_SCHEMA]


class Record(NamedTuple):
    """One value of one row: a line of records.csv (its first fields), and the table it
    belongs to for the SQLite database."""

    document: str
    organization: str
    year: int | str
    kind: str
    spec: str
    page: int
    side: str
    code: str
    name: str
    level: int | str
    parent: str
    column: str
    header: str
    value: str
    unit: str
    budget_unit: str
    table: int  # index of the table in the document
    is_total: bool


def iter_records(result: DocumentResult, name: str) -> Iterator[Record]:
    """The records of one document, `name` its folder: every value that is not blank."""
    identity = result.identity
    document = (
        name,
        identity.organization or "",
        identity.year if identity.year is not None else "",
        identity.kind.value if identity.kind else "",
    )
    for index, table in enumerate(result.tables):
        yield from _table_records(table, index, document)


def _table_records(
    table: Table, index: int, document: tuple[str, str, int | str, str]
) -> Iterator[Record]:
    # A two-sided table prints a column id on each side, under its own header (a blank
    # side is no side, as in document.json).
    headers = {(c.side or None, c.id): c.header for c in table.columns}
    for row in table.rows:
        for column_id, value in row.values.items():
            if value is None:
                continue
            yield Record(
                *document,
                table.spec,
                row.page,
                row.side or "",
                row.code,
                row.name,
                row.level or "",
                row.parent or "",
                column_id,
                headers.get((row.side, column_id), ""),
                format_amount(value),
                table.output_unit,
                row.budget_unit or "",
                index,
                row.is_total,
            )


def table_file_names(specs: Iterable[str]) -> list[str]:
    """`<spec id>.csv` for each table's spec id, with `-2`, `-3` … when a document holds a
    spec's table more than once."""
    seen: dict[str, int] = {}
    names = []
    for spec in specs:
        seen[spec] = seen.get(spec, 0) + 1
        suffix = "" if seen[spec] == 1 else f"-{seen[spec]}"
        names.append(f"{spec}{suffix}.csv")
    return names


def _fixed_schema(two_sided: bool) -> list[tuple[str, str]]:
    """The columns every table's CSV starts with, before its text and amount columns."""
    return [
        ("page", "integer"),
        *([("side", "string"), ("ordinal", "string")] if two_sided else []),
        ("code", "string"),
        ("name", "string"),
        ("level", "integer"),
        ("parent", "string"),
        ("is_total", "boolean"),
    ]


def _value_schema(columns: list[Column]) -> list[tuple[str, str]]:
    text_ids = [c.id for c in columns if c.kind == "text"]
    # A two-sided table lists a column id once per side; its CSV has one column for both.
    amount_ids = list(dict.fromkeys(c.id for c in columns if c.kind == "amount"))
    return [*((i, "string") for i in text_ids), *((i, "number") for i in amount_ids)]


def table_schema(columns: Iterable[Column]) -> list[tuple[str, str]]:
    """(name, Frictionless field type) of a table's CSV columns, from its columns."""
    columns = list(columns)
    return _fixed_schema(any(c.side for c in columns)) + _value_schema(columns)


def table_rows(table: Table) -> Iterator[list[object]]:
    """A table's rows as typed values (int, str, bool, Decimal, None) in `table_schema`
    order: the CSV and the workbook write the same cells."""
    two_sided = any(c.side for c in table.columns)
    values = _value_schema(table.columns)
    for row in table.rows:
        yield [
            row.page,
            *([row.side, row.ordinal] if two_sided else []),
            row.code,
            row.name,
            row.level,
            row.parent,
            row.is_total,
            *(
                row.texts.get(name, "") if kind == "string" else row.values.get(name)
                for name, kind in values
            ),
        ]
