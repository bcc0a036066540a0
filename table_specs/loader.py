"""Load and validate spec folders, reporting every problem at once with file and YAML path."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from budgetpdf.errors import SpecError
from budgetpdf.table_specs.check_model import DOCUMENT_CHECKS_FILE, DocumentChecks
from budgetpdf.table_specs.model import TableSpec

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SpecSet:
    specs: tuple[TableSpec, ...]
    sources: dict[str, str]
    document_checks: DocumentChecks = field(default_factory=DocumentChecks)

    def get(self, spec_id: str) -> TableSpec:
        for spec in self.specs:
            if spec.id == spec_id:
                return spec
        raise KeyError(spec_id)

    @property
    def fingerprint(self) -> str:
        """A sha256 of what the specs say (their validated content, not their files' bytes or
        places), so an incremental run redoes every document when a spec changes and only then."""
        content = {
            "specs": sorted((s.model_dump(mode="json") for s in self.specs), key=lambda d: d["id"]),
            "document_checks": self.document_checks.model_dump(mode="json"),
        }
        text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bundled_dir() -> Path:
    return Path(str(resources.files("budgetpdf.table_specs")))


def _yaml_line(document: yaml.Node | None, path: tuple) -> int | None:
    """The 1-based line of a YAML path in the parsed node tree, for error messages; for a
    key that is missing, the line of the mapping that lacks it."""
    node = document
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1 if node is not None else None


def _model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that holds the last key of `loc`, e.g. ColumnSpec for
    ('columns', 0, 'wat') in a TableSpec."""
    model: type[BaseModel] = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            return None
        inner = [info.annotation, *get_args(info.annotation)]
        found = [t for t in inner if isinstance(t, type) and issubclass(t, BaseModel)]
        if not found:
            return None
        model = found[0]
    return model


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _problem(root: type[BaseModel], error: ErrorDetails) -> str:
    """A pydantic error as what is wrong and what is expected."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        model = _model_at(root, loc)
        allowed = f"; expected one of: {', '.join(model.model_fields)}" if model else ""
        return f"unknown key {loc[-1]!r}{allowed}"
    if error["type"] == "missing":
        return "required key is missing"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] != "value_error":
        message += f", found {type(error['input']).__name__} {_shown(error['input'])}"
    return message


def _parse(text: str, path: Path) -> tuple[object, yaml.Node | None]:
    """The spec's data and node tree (for line numbers); raises SpecError on bad YAML."""
    try:
        # SafeLoader: a spec is data, never code; yaml.load with the full loader could run it.
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}" if mark is not None else ""
        if isinstance(exc, yaml.constructor.ConstructorError):
            problem = f"YAML tag not allowed ({exc.problem}); a spec holds plain data only"
        else:
            problem = f"YAML syntax error: {exc.problem or exc}"
        raise SpecError([f"{path}{where}: {problem}"]) from exc
    except yaml.YAMLError as exc:
        raise SpecError([f"{path}: YAML syntax error: {exc}"]) from exc


def load_file(path: Path) -> tuple[TableSpec | None, list[str]]:
    return _load(path, TableSpec)


def _load(path: Path, model: type[M]) -> tuple[M | None, list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            f"{path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})"
        ]
    except OSError as exc:
        return None, [f"{path}: cannot read the file: {exc.strerror}"]
    try:
        data, tree = _parse(text, path)
    except SpecError as exc:
        return None, exc.problems
    if data is None:
        return None, [
            f"{path}: the file is empty; expected a mapping of keys ({', '.join(list(model.model_fields)[:3])} …)"
        ]
    if not isinstance(data, dict):
        return None, [f"{path}: expected a mapping of keys, found {type(data).__name__}"]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        located = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = _yaml_line(tree, loc)
            where = f":{line}" if line else ""
            dotted = ".".join(str(p) for p in loc) or "(top)"
            located.append((line or 0, f"{path}{where}: {dotted}: {_problem(model, error)}"))
        return None, [problem for _, problem in sorted(located, key=lambda item: item[0])]


def load_specs(dirs: Iterable[Path] | None = None) -> SpecSet:
    """Load every *.yaml in the folders; later folders override earlier ones by spec id.

    Raises SpecError listing every problem in every file, so a user fixes them in one pass.
    """
    folders = list(dirs) if dirs is not None else [bundled_dir()]
    problems: list[str] = []
    by_id: dict[str, TableSpec] = {}
    sources: dict[str, str] = {}
    rounding = DocumentChecks().rounding
    checks: dict[str, Any] = {}
    rank: dict[str, int] = {}
    for number, folder in enumerate(folders):
        if not folder.is_dir():
            problems.append(f"{folder}: not a folder of specs")
            continue
        seen_here: dict[str, Path] = {}
        checks_file = folder / DOCUMENT_CHECKS_FILE
        if checks_file.is_file():
            found, errors = _load(checks_file, DocumentChecks)
            problems.extend(errors)
            if found is not None:
                # A user's file replaces bundled checks by id and may add its own.
                checks.update((c.id, c) for c in found.checks)
                if "rounding" in found.model_fields_set:
                    rounding = found.rounding
        for path in sorted(folder.glob("*.yaml")):
            if path.name == DOCUMENT_CHECKS_FILE:
                continue
            spec, errors = load_file(path)
            problems.extend(errors)
            if spec is None:
                continue
            if spec.id in seen_here:
                tree = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
                line = _yaml_line(tree, ("id",))
                problems.append(
                    f"{path}:{line}: id: duplicate spec id {spec.id!r} (also in {seen_here[spec.id]})"
                )
                continue
            seen_here[spec.id] = path
            by_id[spec.id] = spec
            sources[spec.id] = str(path)
            rank[spec.id] = number
    if problems:
        raise SpecError(problems)
    if not by_id:
        raise SpecError([f"{', '.join(map(str, folders))}: no *.yaml specs found"])
    ids = set(by_id)
    for check in checks.values():
        problems += [
            f"{DOCUMENT_CHECKS_FILE}: check {check.id!r} names unknown spec {name!r}"
            for name in _tables_named(check)
            if name not in ids
        ]
    if problems:
        raise SpecError(problems)
    # A user's folder goes on top: where its spec and a bundled one match a title over the
    # same length, the first spec wins, so the later folders' specs come first.
    ranked = sorted(by_id.values(), key=lambda spec: -rank[spec.id])
    return SpecSet(
        specs=tuple(ranked),
        sources=sources,
        document_checks=DocumentChecks(rounding=rounding, checks=list(checks.values())),
    )


def _tables_named(check: Any) -> set[str]:
    cells = [check.total, *check.parts]
    return {c.table for c in cells if c.table is not None}
