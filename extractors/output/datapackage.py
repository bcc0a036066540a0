"""`OUT/datapackage.json`: a Frictionless Data Package descriptor of the run's CSV files, so
standard tools (frictionless, pandas via a package reader, datasette) load them with the
right field types: codes as strings, amounts as numbers, pages and levels as integers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from budgetpdf.extractors.output.records_csv import RECORDS_CSV_NAME
from budgetpdf.extractors.output.tabular import RECORD_SCHEMA, table_file_names, table_schema
from budgetpdf.extractors.output.writers import atomic_json
from budgetpdf.extractors.result import Column, DocumentResult, Table

DATAPACKAGE_NAME = "datapackage.json"
# A resource name is lower-case ASCII letters, digits and `-._`; document folders are often
# Chinese, so those names fall back to a slice of the document's sha256.
_NOT_NAME = re.compile(r"[^a-z0-9._-]+")
_DESCRIPTIONS = {
    "code": "科目编码 (or unit / project code) as printed; digits kept as text",
    "level": "1 类 / 2 款 / 3 项, from the code's length, or from the indentation of a name printed without code",
    "parent": "code of the enclosing 类 or 款 (its name where it prints no code)",
    "budget_unit": "the 预算单位 whose block of the table holds the row, as printed",
    "is_total": "a 合计 / 总计 row",
    "value": "exact decimal amount",
}


def _fields(schema: list[tuple[str, str]], headers: dict[str, str]) -> list[dict[str, Any]]:
    fields = []
    for name, kind in schema:
        field: dict[str, Any] = {"name": name, "type": kind}
        if kind == "boolean":
            field.update(trueValues=["true"], falseValues=["false"])
        if name in headers:
            field["title"] = headers[name]
        if name in _DESCRIPTIONS:
            field["description"] = _DESCRIPTIONS[name]
        fields.append(field)
    return fields


def _resource(name: str, path: str, title: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "missingValues": [""]},
    }


def _document_slug(name: str, sha256: str) -> str:
    slug = _NOT_NAME.sub("-", name.lower()).strip("-.")
    return slug if re.search(r"[a-z0-9]", slug) else f"doc-{sha256[:12]}"


class DataPackage:
    """The descriptor, a resource added for each per-table CSV of each document as the
    run's documents come; written to `OUT/datapackage.json` on publish()."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        records = _resource(
            "records",
            RECORDS_CSV_NAME,
            "every value of every table, one per line",
            _fields(RECORD_SCHEMA, {}),
        )
        self.resources = [records]
        self._taken = {"records"}

    def add(self, name: str, result: DocumentResult) -> None:
        slug = _document_slug(name, result.sha256)
        files = table_file_names(t.spec for t in result.tables)
        for table, file in zip(result.tables, files, strict=True):
            if (self.out_dir / name / file).is_file():
                self.resources.append(self._table_resource(slug, name, file, table))

    def descriptor(self) -> dict[str, Any]:
        return {
            "profile": "tabular-data-package",
            "name": "budgetpdf-output",
            "title": "budgetpdf output",
            "resources": self.resources,
        }

    def publish(self) -> None:
        atomic_json(self.out_dir / DATAPACKAGE_NAME, self.descriptor())

    def discard(self) -> None:
        """Nothing is written before publish()."""

    def _table_resource(self, slug: str, name: str, file: str, table: Table) -> dict[str, Any]:
        stem = file.removesuffix(".csv")
        resource_name, number = f"{slug}.{stem}", 1
        while resource_name in self._taken:
            number += 1
            resource_name = f"{slug}-{number}.{stem}"
        self._taken.add(resource_name)
        return _resource(
            resource_name,
            f"{name}/{file}",
            f"{name}: {table.title}",
            _fields(table_schema(table.columns), _printed_headers(table.columns)),
        )


def _printed_headers(columns: list[Column]) -> dict[str, str]:
    """Each CSV column's header as printed. A two-sided table has one CSV column per id for
    both sides: both headers show ("收入/预算数 | 支出/预算数")."""
    headers: dict[str, str] = {}
    for column in columns:
        printed = headers.get(column.id)
        if printed is None or column.header in printed.split(" | "):
            headers[column.id] = printed or column.header
        else:
            headers[column.id] = f"{printed} | {column.header}"
    return headers


def describe(out_dir: Path, documents: Iterable[tuple[str, DocumentResult]]) -> dict[str, Any]:
    """The descriptor for records.csv and every per-table CSV of `documents` (folder name,
    result) in `out_dir`."""
    package = DataPackage(out_dir)
    for name, result in documents:
        package.add(name, result)
    return package.descriptor()
