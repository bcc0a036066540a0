"""The functions behind `import budgetpdf`: read one PDF, load specs. They only gather the
library's pieces; the work is done in budgetpdf.extractors."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.result import DocumentResult
from budgetpdf.table_specs.loader import SpecSet, bundled_dir
from budgetpdf.table_specs.loader import load_specs as _load_spec_dirs

PathLike = str | os.PathLike[str]


def load_specs(*folders: PathLike) -> SpecSet:
    """The bundled table specs, with the specs of each folder given on top of them (a spec
    of the same id replaces the bundled one). Raises SpecError listing every problem."""
    return _load_spec_dirs([bundled_dir(), *(Path(f) for f in folders)])


def extract(
    path: PathLike,
    *,
    specs: SpecSet | PathLike | Iterable[PathLike] | None = None,
    unit: str | None = None,
    engine: str = "auto",
    password: str | None = None,
) -> DocumentResult:
    """Every standard table of one budget PDF, its arithmetic checked.

    `specs` is a loaded SpecSet, or one or more folders of your own specs used on top of the
    bundled ones; `unit` ("元" or "万元") converts every amount exactly; `engine` is
    "auto", "ruled", "words" or "camelot". The result's `.to_dict()` is what `budgetpdf
    extract` writes to document.json. Raises budgetpdf.errors.BudgetPdfError (or a
    subclass) for a file that cannot be read at all.
    """
    options = ExtractOptions(output_unit=unit, engine=engine, password=password or "")
    return extract_document(Path(path), _spec_set(specs), options)


def _spec_set(specs: SpecSet | PathLike | Iterable[PathLike] | None) -> SpecSet:
    if isinstance(specs, SpecSet):
        return specs
    if specs is None:
        return load_specs()
    if isinstance(specs, str | os.PathLike):
        return load_specs(specs)
    return load_specs(*specs)
