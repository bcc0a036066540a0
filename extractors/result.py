"""What extraction returns: a document's tables, rows and warnings, and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from budgetpdf.extractors.amounts import format_amount
from budgetpdf.extractors.coverage_model import Coverage
from budgetpdf.extractors.identity.model import DocumentIdentity
from budgetpdf.extractors.notices import Notice


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Column:
        return cls(data["id"], data["header"], data.get("kind", "amount"), data.get("side"))


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
    # The official name of the row's code (the bundled 科目 dictionary), and where the code
    # came from when it was not printed ("dictionary": from the name and its place).
    classification_name: str | None = None
    code_source: str | None = None
    # The 预算单位 whose block of a table the row stands in, as printed (a 预算单位 column,
    # or the unit's own total row above it); None where the table prints no units.
    budget_unit: str | None = None
    # Read by OCR: the engine's confidence (0-1) in each value, by column id.
    confidence: dict[str, float] = field(default_factory=dict)

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
        if self.classification_name is not None:
            out["classification_name"] = self.classification_name
        if self.code_source is not None:
            out["code_source"] = self.code_source
        if self.budget_unit is not None:
            out["budget_unit"] = self.budget_unit
        if self.confidence:
            out["confidence"] = dict(self.confidence)
        if self.side is not None:
            out["side"] = self.side
            out["ordinal"] = self.ordinal
            if self.group:
                out["group"] = self.group
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Row:
        return cls(
            code=data["code"],
            name=data["name"],
            level=data["level"],
            parent=data["parent"],
            is_total=data["is_total"],
            page=data["page"],
            values={k: _amount(v) for k, v in data["values"].items()},
            texts=dict(data.get("texts", {})),
            side=data.get("side"),
            ordinal=data.get("ordinal"),
            group=data.get("group"),
            classification_name=data.get("classification_name"),
            code_source=data.get("code_source"),
            budget_unit=data.get("budget_unit"),
            confidence=dict(data.get("confidence", {})),
        )


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
    # One unit of the last digit the table prints (0.01 for "764.89"), in output_unit: each
    # printed cell may be off by half of it, which is what the rounding tolerance builds on.
    amount_step: Decimal | None = None
    # Of its printed non-zero amounts, how many some evaluated check compares (checks/coverage).
    coverage: Coverage | None = field(default=None, compare=False)
    # "ocr" where OCR read the values of any page of the table (a scan); None: a text layer.
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "spec": self.spec,
            "title": self.title,
            "pages": self.pages,
            "unit": self.unit,
            "output_unit": self.output_unit,
            "extractor": self.extractor,
            "code_scheme": self.code_scheme,
            "header_rows": self.header_rows,
            "amount_step": format_amount(self.amount_step) if self.amount_step else None,
            "bbox": {str(p): [_tenths(v) for v in b] for p, b in self.bboxes.items()},
            "columns": [c.to_dict() for c in self.columns],
            "rows": [r.to_dict() for r in self.rows],
        }
        if self.coverage is not None:
            out["coverage"] = self.coverage.to_dict()
        if self.source is not None:
            out["source"] = self.source
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Table:
        return cls(
            spec=data["spec"],
            title=data["title"],
            pages=list(data["pages"]),
            unit=data["unit"],
            output_unit=data["output_unit"],
            extractor=data["extractor"],
            code_scheme=data.get("code_scheme", "function"),
            columns=[Column.from_dict(c) for c in data["columns"]],
            rows=[Row.from_dict(r) for r in data["rows"]],
            header_rows=data.get("header_rows", 0),
            bboxes={int(p): (b[0], b[1], b[2], b[3]) for p, b in data.get("bbox", {}).items()},
            amount_step=_amount(data.get("amount_step")),
            coverage=Coverage.from_dict(data["coverage"]) if "coverage" in data else None,
            source=data.get("source"),
        )


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document's text outside its tables, kept because it states an
    amount or that nothing is spent: what narrative and completeness checks read, so that
    `budgetpdf check` can evaluate them again without the PDF."""

    page: int
    section: str  # the headings above it, outermost first, joined by " / "
    text: str  # NFKC, without spaces

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "section": self.section, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(data["page"], data["section"], data["text"])


@dataclass
class DocumentResult:
    path: str
    sha256: str
    pages: int
    tables: list[Table] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    text_pages: int = 0
    # Whose budget, which year: read from the cover, title and label lines.
    identity: DocumentIdentity = field(default_factory=DocumentIdentity)
    narrative: list[Sentence] = field(default_factory=list)
    # The lines of the first pages that say what the document is (部门预算, 单位决算 …).
    heading: str = ""

    @property
    def coverage(self) -> Coverage | None:
        """The tables' coverage added up; None before the checks have run."""
        if not self.tables or any(t.coverage is None for t in self.tables):
            return None
        total = Coverage()
        for table in self.tables:
            total.add(table.coverage)  # type: ignore[arg-type]
        return total

    def to_dict(self) -> dict[str, Any]:
        coverage = self.coverage
        return {
            "source": {"path": self.path, "sha256": self.sha256, "pages": self.pages},
            "document": self.identity.to_dict(),
            "heading": self.heading,
            "tables": [t.to_dict() for t in self.tables],
            "checks": [c.to_dict() for c in self.checks],
            **({"coverage": coverage.to_dict()} if coverage else {}),
            "warnings": [w.to_dict() for w in self.warnings],
            "narrative": [s.to_dict() for s in self.narrative],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentResult:
        """A document.json read back, so checks can run again on existing output."""
        source = data["source"]
        return cls(
            path=source["path"],
            sha256=source["sha256"],
            pages=source["pages"],
            tables=[Table.from_dict(t) for t in data["tables"]],
            warnings=[Notice.from_dict(w) for w in data["warnings"]],
            checks=[Check.from_dict(c) for c in data["checks"]],
            # A document.json written before identities were read has none.
            identity=DocumentIdentity.from_dict(data.get("document") or {}),
            narrative=[Sentence.from_dict(s) for s in data.get("narrative", [])],
            heading=data.get("heading", ""),
        )


def _amount(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


class CheckStatus(str, Enum):
    """What a check found; its value is the word document.json and the summaries print."""

    PASS = "pass"  # total = Σ parts exactly
    ROUNDING = "rounding"  # different by no more than the tolerance
    FAIL = "fail"
    SKIPPED = "skipped"  # a cell the rule needs is not printed; `reason` says which

    def __str__(self) -> str:
        # "pass", not "CheckStatus.PASS", in f-strings on every Python (3.11 formats a str
        # mixin enum by its name).
        return self.value


class CheckKind(str, Enum):
    """What a check compares; its value is the word document.json prints (arithmetic, the
    default, is left out)."""

    ARITHMETIC = "arithmetic"  # an identity of the printed numbers
    NARRATIVE = "narrative"  # a sentence of the text against the cell it restates
    COMPLETENESS = "completeness"  # a required table printed or not

    def __str__(self) -> str:
        return self.value


@dataclass
class CellRef:
    """A cell a check compared: where it is printed and the value read there."""

    table: str
    row: str
    column: str
    page: int
    value: Decimal | None
    unit: str
    side: str | None = None
    # The row read, while the checks are fresh: coverage counts by it (not written out).
    origin: Row | None = field(default=None, compare=False, repr=False)
    # "ocr" for a value OCR read, with the engine's confidence in it where it gives one.
    source: str | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "page": self.page,
            "value": format_amount(self.value) if self.value is not None else None,
            "unit": self.unit,
        }
        if self.side:
            out["side"] = self.side
        if self.source:
            out["source"] = self.source
        if self.confidence is not None:
            out["confidence"] = self.confidence
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CellRef:
        return cls(
            data["table"],
            data["row"],
            data["column"],
            data["page"],
            _amount(data["value"]),
            data["unit"],
            data.get("side"),
            data.get("source"),
            data.get("confidence"),
        )


@dataclass
class Check:
    """One evaluated identity: `total` should equal the sum of `parts`."""

    rule: str
    status: CheckStatus
    message: str
    total: CellRef | None = None
    parts: list[CellRef] = field(default_factory=list)
    expected: Decimal | None = None
    found: Decimal | None = None
    tolerance: Decimal | None = None
    reason: str | None = None
    kind: CheckKind = CheckKind.ARITHMETIC
    # The sentence a narrative check read, as printed (NFKC, no spaces), with its page.
    quote: str | None = None

    def __post_init__(self) -> None:
        # A status read back from document.json, or given as its word, is checked here.
        self.status = CheckStatus(self.status)
        self.kind = CheckKind(self.kind)

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.found is None:
            return None
        return self.found - self.expected

    def to_dict(self) -> dict[str, Any]:
        def text(value: Decimal | None) -> str | None:
            return format_amount(value) if value is not None else None

        out: dict[str, Any] = {
            "rule": self.rule,
            "status": self.status.value,
            "message": self.message,
        }
        if self.kind is not CheckKind.ARITHMETIC:
            out["kind"] = self.kind.value
        if self.quote is not None:
            out["quote"] = self.quote
        if self.reason:
            out["reason"] = self.reason
        if self.total is not None:
            out.update(
                expected=text(self.expected),
                found=text(self.found),
                difference=text(self.difference),
                tolerance=text(self.tolerance),
                total=self.total.to_dict(),
                parts=[p.to_dict() for p in self.parts],
            )
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Check:
        total = data.get("total")
        return cls(
            rule=data["rule"],
            status=data["status"],
            message=data["message"],
            total=CellRef.from_dict(total) if total else None,
            parts=[CellRef.from_dict(p) for p in data.get("parts", [])],
            expected=_amount(data.get("expected")),
            found=_amount(data.get("found")),
            tolerance=_amount(data.get("tolerance")),
            reason=data.get("reason"),
            kind=data.get("kind", "arithmetic"),
            quote=data.get("quote"),
        )


def _tenths(value: float) -> float:
    """A coordinate to the tenth of a point, through the thousandth first: pdfminer reads
    158.25001 where pdfium, holding the producer's numbers as 32-bit floats, reads 158.25;
    both are 158.2, not 158.3 and 158.2."""
    return round(round(value, 3), 1)
