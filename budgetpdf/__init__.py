"""budgetpdf: the standard tables of Chinese government budget PDFs (部门预算 / 单位预算,
部门决算) as data keyed by 科目编码, with the arithmetic of every table checked.

    import budgetpdf

    document = budgetpdf.extract("2026年XX局部门预算.pdf")
    for table in document.tables:
        print(table.spec, table.title, table.pages, len(table.rows))
    failed = [c for c in document.checks if c.status == "fail"]
    data = document.to_dict()  # what `budgetpdf extract` writes to document.json

The names below are loaded on first use, so `import budgetpdf` itself costs next to nothing:

- `extract(path, *, specs=None, unit=None, engine="auto", password=None)`: one PDF in, a
  `DocumentResult` out (tables, rows, checks, notices).
- `load_specs(*folders)`: the bundled table specs plus your own folders, as a `SpecSet`.
- `BatchSettings`, `BatchRun`: many PDFs into one output folder, as `budgetpdf extract`
  does (worker processes, incremental runs, the run lock, combined outputs).
- `DocumentResult`, `Table`, `Row`, `Check`: the result types.
- `BudgetPdfError` and its subclasses in `budgetpdf.errors`, each with its `exit_code`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from budgetpdf.api import extract, load_specs
    from budgetpdf.errors import BudgetPdfError
    from budgetpdf.extractors.batch.run import BatchRun
    from budgetpdf.extractors.batch.settings import BatchSettings
    from budgetpdf.extractors.result import Check, DocumentResult, Row, Table

# Public name → the module that defines it.
_LAZY = {
    "extract": "budgetpdf.api",
    "load_specs": "budgetpdf.api",
    "BatchRun": "budgetpdf.extractors.batch.run",
    "BatchSettings": "budgetpdf.extractors.batch.settings",
    "DocumentResult": "budgetpdf.extractors.result",
    "Table": "budgetpdf.extractors.result",
    "Row": "budgetpdf.extractors.result",
    "Check": "budgetpdf.extractors.result",
    "BudgetPdfError": "budgetpdf.errors",
}

__all__ = [
    "BatchRun",
    "BatchSettings",
    "BudgetPdfError",
    "Check",
    "DocumentResult",
    "Row",
    "Table",
    "extract",
    "load_specs",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'budgetpdf' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
