"""A document's identity: whose budget it is, for which year, budget or final accounts, of a
department or of a unit, and where in the document each of these was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class DocumentKind(str, Enum):
    BUDGET = "budget"  # 预算
    FINAL_ACCOUNTS = "final_accounts"  # 决算

    @property
    def label(self) -> str:
        """The word the documents print: 预算 / 决算."""
        return "预算" if self is DocumentKind.BUDGET else "决算"

    def __str__(self) -> str:
        return self.value


class Scope(str, Enum):
    DEPARTMENT = "department"  # 部门: the department with every unit under it
    UNIT = "unit"  # 单位: one budget unit

    def __str__(self) -> str:
        return self.value


class Source(str, Enum):
    """Where a field was read; only `file_name` is not the document's own word."""

    COVER = "cover"  # the cover or title page: "武汉市人力资源和社会保障信息中心 / 2023年单位预算"
    LABEL = "label"  # a "部门名称：…" / "预算单位：…" / "编制单位：…" line
    TABLE_TITLE = "table_title"  # a table title or heading: "2026年部门收支预算总表"
    FILE_NAME = "file_name"  # the last resort: the PDF's file name

    def __str__(self) -> str:
        return self.value


IDENTITY_FIELDS = ("organization", "year", "kind", "scope", "title")


@dataclass(frozen=True)
class Evidence:
    """The text a field was read from: its page (None for the file name) and the line(s)."""

    source: Source
    text: str
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source.value, "page": self.page, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(Source(data["source"]), data["text"], data.get("page"))


@dataclass
class DocumentIdentity:
    """Each field None where the document does not say (a notice then says so)."""

    organization: str | None = None
    year: int | None = None
    kind: DocumentKind | None = None
    scope: Scope | None = None
    title: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)

    def describe(self) -> str | None:
        """'深圳市公安局 2026 预算' for summary lines ('?' for a field not known); None when
        nothing is known."""
        if self.organization is None and self.year is None and self.kind is None:
            return None
        return " ".join(
            [
                self.organization or "?",
                str(self.year) if self.year is not None else "?",
                self.kind.label if self.kind is not None else "?",
            ]
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "year": self.year,
            "kind": self.kind.value if self.kind else None,
            "scope": self.scope.value if self.scope else None,
            "title": self.title,
            "sources": {name: e.to_dict() for name, e in self.evidence.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentIdentity:
        return cls(
            organization=data.get("organization"),
            year=data.get("year"),
            kind=DocumentKind(data["kind"]) if data.get("kind") else None,
            scope=Scope(data["scope"]) if data.get("scope") else None,
            title=data.get("title"),
            evidence={k: Evidence.from_dict(v) for k, v in data.get("sources", {}).items()},
        )
