"""Which PDFs a run reads: files as given, folders expanded, optionally walked recursively."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def _is_pdf(name: str) -> bool:
    return name.lower().endswith(".pdf")


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    # os.walk does not follow symlinked folders, so a link back up the tree cannot loop.
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found += (Path(root) / name for name in sorted(files) if _is_pdf(name))
    return found


def find_pdfs(inputs: Iterable[Path], recursive: bool = False) -> list[Path]:
    """Every PDF named by `inputs`, in a stable order: files as given (even when they do not
    exist, so the run reports them), folders expanded in name order, walked into their
    subfolders when `recursive`."""
    found: list[Path] = []
    for item in inputs:
        if not item.is_dir():
            found.append(item)
        elif recursive:
            found += _walk(item)
        else:
            found += sorted(p for p in item.iterdir() if p.is_file() and _is_pdf(p.name))
    return found


def paths_from_lines(lines: Iterable[str]) -> list[Path]:
    """A newline-separated file list (`find . -name '*.pdf' | budgetpdf extract -`)."""
    return [Path(line.rstrip("\r\n")) for line in lines if line.strip()]
