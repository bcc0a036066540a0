"""What extraction returns: a document's tables, rows and warnings, and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetpdf.extractors.amounts import format_amount


@dataclass
class Column:
    id: str
    header: str
    kind: str = "amount"
    side: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "header": self.header, "kind": self.kind}
        if self.side:
            out["side"] = self.side
        return out


@dataclass
class Row:
    code: str
    name: str
    level: int | None
    parent: str | None
    is_total: bool
    page: int
    values: dict[str, Decimal | None]
    texts: dict[str, str] = field(default_factory=dict)
    side: str | None = None
    ordinal: str | None = None
    group: str | None = None
    # The row of the page's grid it was read from: `inspect` draws its code there.
    grid_row: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "parent": self.parent,
            "is_total": self.is_total,
            "page": self.page,
            "values": {
                k: (format_amount(v) if v is not None else None) for k, v in self.values.items()
            },
        }
        if self.texts:
            out["texts"] = dict(self.texts)
        if self.side is not None:
            out["side"] = self.side
            out["ordinal"] = self.ordinal
            if self.group:
                out["group"] = self.group
        return out


@dataclass
class Warning:
    slug: str
    message: str
    page: int | None = None
    spec: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.slug, "message": self.message, "page": self.page, "spec": self.spec}


@dataclass
class Table:
    spec: str
    title: str
    pages: list[int]
    unit: str | None
    output_unit: str
    extractor: str
    code_scheme: str
    columns: list[Column]
    rows: list[Row]
    header_rows: int
    bboxes: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "title": self.title,
            "pages": self.pages,
            "unit": self.unit,
            "output_unit": self.output_unit,
            "extractor": self.extractor,
            "code_scheme": self.code_scheme,
            "header_rows": self.header_rows,
            "bbox": {str(p): [round(v, 1) for v in b] for p, b in self.bboxes.items()},
            "columns": [c.to_dict() for c in self.columns],
            "rows": [r.to_dict() for r in self.rows],
        }


@dataclass
class DocumentResult:
    path: str
    sha256: str
    pages: int
    tables: list[Table] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    text_pages: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": {"path": self.path, "sha256": self.sha256, "pages": self.pages},
            "tables": [t.to_dict() for t in self.tables],
            "checks": list(self.checks),
            "warnings": [w.to_dict() for w in self.warnings],
        }
