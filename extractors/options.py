"""How one document is read: the options a user chooses for a run, validated on creation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetpdf.errors import BudgetPdfError
from budgetpdf.table_specs.vocabulary import EngineChoice, LayoutChoice, OcrChoice


@dataclass
class ExtractOptions:
    output_unit: str | None = None
    engine: str = "auto"
    password: str = ""
    # Allowed difference per rounded cell, in units of the last printed digit; None takes
    # the spec set's document_checks.yaml value.
    rounding_per_addend: Decimal | None = None
    # Read only these pages (drafting a spec from one page); None reads every page.
    pages: frozenset[int] | None = None
    # Which library lays pages out for the table logic: pdfium (fast) or pdfminer (the
    # reference); both give the same tables.
    layout: str = LayoutChoice.PDFIUM.value
    # Which pages OCR reads (`budgetpdf[ocr]`): auto reads scanned pages, those without text.
    ocr: str = OcrChoice.AUTO.value

    def __post_init__(self) -> None:
        if self.engine not in {e.value for e in EngineChoice}:
            names = ", ".join(e.value for e in EngineChoice)
            raise BudgetPdfError(f"unknown engine {self.engine!r}; choose one of {names}")
        if self.layout not in {c.value for c in LayoutChoice}:
            names = ", ".join(c.value for c in LayoutChoice)
            raise BudgetPdfError(f"unknown layout {self.layout!r}; choose one of {names}")
        if self.ocr not in {c.value for c in OcrChoice}:
            names = ", ".join(c.value for c in OcrChoice)
            raise BudgetPdfError(f"unknown OCR choice {self.ocr!r}; choose one of {names}")
        if self.output_unit not in (None, "元", "万元"):
            raise BudgetPdfError(f"unknown unit {self.output_unit!r}; choose 元 or 万元")
        if self.rounding_per_addend is not None and self.rounding_per_addend < 0:
            raise BudgetPdfError("the rounding tolerance cannot be negative")
