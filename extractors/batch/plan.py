"""Which inputs a run reads and into which folders: each input gets its output folder from
what the state database remembers, and the inputs that need no reading become outcomes at
once (a copy of an earlier input of the run; in an incremental run, a document unchanged
since it was read)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetpdf.errors import printable
from budgetpdf.extractors.batch.outcomes import DocumentOutcome, Status
from budgetpdf.extractors.batch.read import Job
from budgetpdf.extractors.batch.settings import BatchSettings
from budgetpdf.extractors.batch.state import StateDB
from budgetpdf.extractors.output.writers import safe_stem
from budgetpdf.extractors.pdf.source import sha256_of


@dataclass
class _Input:
    index: int
    path: Path
    key: str  # absolute path, as the state database records it
    sha256: str | None
    size: int
    first: bool = True  # not the same content as an earlier input of this run


def path_key(path: Path) -> str:
    """An input's path as the state database records it."""
    return printable(path.resolve())


def plan_run(
    paths: Sequence[Path], state: StateDB, settings: BatchSettings
) -> list[Job | DocumentOutcome]:
    """A job for each input to read, an outcome for each that needs no reading."""
    inputs = [_identify(i, p) for i, p in enumerate(paths)]
    first = _mark_copies(inputs)
    names = _folder_names(
        inputs, state.names(), state.names_by_path(), duplicates=not settings.incremental
    )
    plan: list[Job | DocumentOutcome] = []
    for item in inputs:
        if item.index not in names:
            assert item.sha256 is not None
            plan.append(_duplicate(item, first[item.sha256]))
            continue
        name = names[item.index]
        job = Job(item.index, item.path, name, item.sha256, item.size, item.first)
        plan.append(_skip(item, name, state, settings) or job)
    return plan


def _identify(index: int, path: Path) -> _Input:
    key = path_key(path)
    try:
        if path.is_file():
            return _Input(index, path, key, sha256_of(path), path.stat().st_size)
    except OSError:
        pass  # unreadable: the worker reports why, in the document's own failure line
    return _Input(index, path, key, None, 0)


def _mark_copies(inputs: list[_Input]) -> dict[str, _Input]:
    """Mark each input that repeats an earlier one's content; return the first input of
    each content."""
    first: dict[str, _Input] = {}
    for item in inputs:
        if item.sha256 is not None:
            item.first = first.setdefault(item.sha256, item) is item
    return first


def _duplicate(item: _Input, first: _Input) -> DocumentOutcome:
    reason = f"{printable(item.path)}: the same content as {printable(first.path)}, read once"
    return DocumentOutcome(
        item.index,
        printable(item.path),
        None,
        Status.DUPLICATE,
        item.sha256,
        item.size,
        reason=reason,
    )


def _skip(
    item: _Input, name: str, state: StateDB, settings: BatchSettings
) -> DocumentOutcome | None:
    """The outcome of an unchanged document an incremental run need not read again."""
    if not settings.incremental or item.sha256 is None:
        return None
    row = state.get(item.sha256)
    if (
        row is None
        or row.name != name
        or not row.reusable(settings.key(), settings.formats.per_document)
        or not (settings.out / name / "document.json").is_file()
    ):
        return None
    state.saw(item.key, item.sha256)
    return DocumentOutcome(
        item.index,
        printable(item.path),
        name,
        Status.SKIPPED,
        item.sha256,
        item.size,
        pages=row.pages,
        tables=row.tables,
        checks_failed=row.checks_failed,
        reason=f"{printable(item.path)}: unchanged since {row.updated}",
        outputs=row.outputs,
    )


def _folder_names(
    inputs: list[_Input], owned: dict[str, str], by_path: dict[str, str], duplicates: bool
) -> dict[int, str]:
    """Each input's output folder, from what the state database says: `owned` (sha256 →
    folder) and `by_path` (path → folder of the content last seen there). Repeated content
    gets no folder unless `duplicates` (a plain run reads each copy)."""
    names = _kept_folders(inputs, owned)
    names |= _taken_over_folders(inputs, owned, by_path, names)
    # Others get a new folder, never one that holds another document's output.
    reserved = set(names.values()) | set(owned.values())
    for item in inputs:
        if item.index not in names and (item.first or duplicates):
            names[item.index] = _unique(safe_stem(item.path.stem), reserved)
            reserved.add(names[item.index])
    return names


def _kept_folders(inputs: list[_Input], owned: dict[str, str]) -> dict[int, str]:
    """A document read before keeps its folder, under whatever name or path it comes now."""
    return {
        item.index: owned[item.sha256] for item in inputs if item.first and item.sha256 in owned
    }


def _taken_over_folders(
    inputs: list[_Input], owned: dict[str, str], by_path: dict[str, str], kept: dict[int, str]
) -> dict[int, str]:
    """A changed file takes over the folder of the content last seen at its path, unless
    another input keeps that folder or that content is among the inputs too."""
    owner = {name: sha for sha, name in owned.items()}
    in_run = {item.sha256 for item in inputs}
    taken = set(kept.values())
    names: dict[int, str] = {}
    for item in inputs:
        previous = by_path.get(item.key)
        if (
            item.first
            and item.index not in kept
            and previous is not None
            and previous not in taken
            and owner.get(previous) not in in_run
        ):
            names[item.index] = previous
            taken.add(previous)
    return names


def _unique(stem: str, taken: set[str]) -> str:
    """reports/a/x.pdf and reports/b/x.pdf in one run go to out/x and out/x-2."""
    name, number = stem, 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}"
    return name
