"""What a batch run is asked to do: the output folder, specs, extraction options, formats,
workers and deadline, checked when made; and the key under which its results are reused."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from budgetpdf.errors import BudgetPdfError
from budgetpdf.extractors.batch.state import RunKey
from budgetpdf.extractors.document import ExtractOptions
from budgetpdf.extractors.output.writers import OutputFormats
from budgetpdf.table_specs.loader import SpecSet

# Raised when document.json gains content that earlier runs did not write (2: `document`,
# the identity), so that --incremental reads such outputs again instead of reusing them.
OUTPUT_REVISION = 2


def tool_version() -> str:
    try:
        return metadata.version("budgetpdf")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "unknown"


def default_workers() -> int:
    """The cores this process may run on (a container's or taskset's limit included)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class BatchSettings:
    out: Path
    specs: SpecSet
    options: ExtractOptions = field(default_factory=ExtractOptions)
    formats: OutputFormats = field(default_factory=OutputFormats)
    workers: int = 1
    timeout: float | None = None
    incremental: bool = False
    allow_check_failures: bool = False
    # The accumulating database every document is added to (`--db`), or None.
    db: Path | None = None

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise BudgetPdfError(f"--workers must be at least 1, not {self.workers}")
        if self.timeout is not None and self.timeout <= 0:
            raise BudgetPdfError(
                f"--timeout must be a positive number of seconds, not {self.timeout:g}"
            )

    def reading(self) -> str:
        """How this run reads a document, as the accumulating database records it."""
        return json.dumps(asdict(self.key()), sort_keys=True)

    def key(self) -> RunKey:
        settings = {
            "output_unit": self.options.output_unit,
            "engine": self.options.engine,
            "rounding_per_addend": str(self.options.rounding_per_addend),
            "output_revision": OUTPUT_REVISION,
        }
        # Runs from before OCR read no scan (they failed, and are read again anyway): only
        # a choice other than the default makes a key of its own.
        if self.options.ocr != "auto":
            settings["ocr"] = self.options.ocr
        return RunKey(self.specs.fingerprint, tool_version(), json.dumps(settings, sort_keys=True))
