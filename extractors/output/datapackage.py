"""`OUT/datapackage.json`: a Frictionless Data Package descriptor of the run's CSV files, so
standard tools (frictionless, pandas via a package reader, datasette) load them with the
right field types: codes as strings, amounts as numbers, pages and levels as integers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from budgetpdf.extractors.output.tabular import RECORD_SCHEMA, table_file_names, table_schema
from budgetpdf.extractors.output.writers import atomic_json
from budgetpdf.extractors.result import Column

DATAPACKAGE_NAME = "datapackage.json"
# A resource name is lower-case ASCII letters, digits and `-._`; document folders are often
# Chinese, so those names fall back to a slice of the document's sha256.
_NOT_NAME = re.compile(r"[^a-z0-9._-]+")
_DESCRIPTIONS = {
    "code": "科目编码 (or unit / project code) as printed; digits kept as text",
    "level": "1 类 / 2 款 / 3 项, from the code's length",
    "parent": "code of the enclosing 类 or 款",
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


def describe(out_dir: Path, documents: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The descriptor for records.csv and every per-table CSV of `documents` in `out_dir`."""
    resources = [
        _resource(
            "records",
            "records.csv",
            "every value of every table, one per line",
            _fields(RECORD_SCHEMA, {}),
        )
    ]
    taken = {"records"}
    for name, document in documents:
        slug = _document_slug(name, document["source"]["sha256"])
        files = table_file_names(t["spec"] for t in document["tables"])
        for table, file in zip(document["tables"], files, strict=True):
            if not (out_dir / name / file).is_file():
                continue
            resource_name, number = f"{slug}.{file.removesuffix('.csv')}", 1
            while resource_name in taken:
                number += 1
                resource_name = f"{slug}-{number}.{file.removesuffix('.csv')}"
            taken.add(resource_name)
            columns = [
                Column(c["id"], c["header"], c["kind"], c.get("side")) for c in table["columns"]
            ]
            # A two-sided table has one CSV column per id for both sides: both headers show.
            headers: dict[str, str] = {}
            for column in columns:
                printed = headers.get(column.id)
                if printed is None or column.header in printed.split(" | "):
                    headers[column.id] = printed or column.header
                else:
                    headers[column.id] = f"{printed} | {column.header}"
            resources.append(
                _resource(
                    resource_name,
                    f"{name}/{file}",
                    f"{name}: {table['title']}",
                    _fields(table_schema(columns), headers),
                )
            )
    return {
        "profile": "tabular-data-package",
        "name": "budgetpdf-output",
        "title": "budgetpdf output",
        "resources": resources,
    }


def write_datapackage(out_dir: Path, documents: Iterable[tuple[str, dict[str, Any]]]) -> None:
    atomic_json(out_dir / DATAPACKAGE_NAME, describe(out_dir, documents))
