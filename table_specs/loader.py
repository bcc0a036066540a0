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

from budgetpdf.errors import SpecError, SpecProblem
from budgetpdf.table_specs.check_model import DOCUMENT_CHECKS_FILE, DocumentChecks, Rounding
from budgetpdf.table_specs.model import TableSpec
from budgetpdf.table_specs.statement_model import (
    NARRATIVE_CHECKS_FILE,
    REQUIRED_TABLES_FILE,
    NarrativeChecks,
    RequiredTables,
)
from budgetpdf.table_specs.title_words import TITLE_WORDS_FILE, Rewrite, TitleWords

# Files of a spec folder that are not table specs.
OTHER_FILES = {
    DOCUMENT_CHECKS_FILE,
    NARRATIVE_CHECKS_FILE,
    REQUIRED_TABLES_FILE,
    TITLE_WORDS_FILE,
}

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SpecSet:
    specs: tuple[TableSpec, ...]
    sources: dict[str, str]
    document_checks: DocumentChecks = field(default_factory=DocumentChecks)
    title_words: TitleWords = field(default_factory=TitleWords)
    narrative: NarrativeChecks = field(default_factory=NarrativeChecks)
    required: RequiredTables = field(default_factory=RequiredTables)

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
            "title_words": self.title_words.model_dump(mode="json"),
            "narrative": self.narrative.model_dump(mode="json"),
            "required": self.required.model_dump(mode="json"),
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


def _message(root: type[BaseModel], error: ErrorDetails) -> str:
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


def _validation_problems(
    path: Path, model: type[BaseModel], tree: yaml.Node | None, exc: ValidationError
) -> list[SpecProblem]:
    """Each pydantic error at its YAML path and line, sorted by line."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        problems.append(
            SpecProblem(
                file=str(path),
                line=_yaml_line(tree, loc),
                path=".".join(str(p) for p in loc),
                message=_message(model, error),
            )
        )
    return sorted(problems, key=lambda problem: problem.line or 0)


# libyaml's parser, where PyYAML was built with it: the bundled specs load in a tenth of the
# time of the pure-Python one, which counts in the start-up of every run.
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _tree(text: str) -> yaml.Node | None:
    """The spec's node tree, for the line numbers of its problems; None where pure PyYAML
    refuses what libyaml read (a tab inside a key, "i\td: …")."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _parse(text: str, path: Path) -> object:
    """The spec's data; raises SpecError on bad YAML."""
    # A safe loader: a spec is data, never code; the full loader could run it.
    loader = _FAST_SAFE_LOADER(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError:
        pass  # read again below, for pure PyYAML's messages and marks
    finally:
        loader.dispose()
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if isinstance(exc, yaml.constructor.ConstructorError):
            message = f"YAML tag not allowed ({exc.problem}); a spec holds plain data only"
        else:
            message = f"YAML syntax error: {exc.problem or exc}"
        line = mark.line + 1 if mark is not None else None
        raise SpecError([SpecProblem(file=str(path), line=line, message=message)]) from exc
    except yaml.YAMLError as exc:
        problem = SpecProblem(file=str(path), message=f"YAML syntax error: {exc}")
        raise SpecError([problem]) from exc


def load_file(path: Path) -> tuple[TableSpec | None, list[SpecProblem]]:
    return _load(path, TableSpec)


def _read(path: Path) -> str | SpecProblem:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start]
        message = f"not UTF-8 text (byte {byte:#04x} at offset {exc.start})"
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror}"
    return SpecProblem(file=str(path), message=message)


def _load(path: Path, model: type[M]) -> tuple[M | None, list[SpecProblem]]:
    text = _read(path)
    if isinstance(text, SpecProblem):
        return None, [text]
    try:
        data = _parse(text, path)
    except SpecError as exc:
        return None, exc.problems
    if data is None:
        keys = ", ".join(list(model.model_fields)[:3])
        message = f"the file is empty; expected a mapping of keys ({keys} …)"
        return None, [SpecProblem(file=str(path), message=message)]
    if not isinstance(data, dict):
        message = f"expected a mapping of keys, found {type(data).__name__}"
        return None, [SpecProblem(file=str(path), message=message)]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _validation_problems(path, model, _tree(text), exc)


@dataclass
class _Gathered:
    """What the spec folders hold, read in order (a later folder's spec replaces an earlier
    one of the same id), and every problem met on the way."""

    problems: list[SpecProblem] = field(default_factory=list)
    by_id: dict[str, TableSpec] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    rounding: Rounding = field(default_factory=Rounding)
    rewrites: list[Rewrite] = field(default_factory=list)

    def read_title_words(self, folder: Path) -> None:
        words_file = folder / TITLE_WORDS_FILE
        if not words_file.is_file():
            return
        found, problems = _load(words_file, TitleWords)
        self.problems.extend(problems)
        if found is not None:
            # A user's rewrites apply after the bundled ones.
            self.rewrites.extend(found.rewrites)

    narrative: NarrativeChecks = field(default_factory=NarrativeChecks)
    required: RequiredTables = field(default_factory=RequiredTables)

    def read_statement_files(self, folder: Path) -> None:
        """A folder's narrative_checks.yaml and required_tables.yaml replace the earlier
        folders' whole: a user's file states every pattern or table it wants."""
        narrative_file, required_file = (
            folder / NARRATIVE_CHECKS_FILE,
            folder / REQUIRED_TABLES_FILE,
        )
        if narrative_file.is_file():
            narrative, problems = _load(narrative_file, NarrativeChecks)
            self.problems.extend(problems)
            self.narrative = narrative or self.narrative
        if required_file.is_file():
            required, problems = _load(required_file, RequiredTables)
            self.problems.extend(problems)
            self.required = required or self.required

    def read_document_checks(self, folder: Path) -> None:
        checks_file = folder / DOCUMENT_CHECKS_FILE
        if not checks_file.is_file():
            return
        found, problems = _load(checks_file, DocumentChecks)
        self.problems.extend(problems)
        if found is not None:
            # A user's file replaces bundled checks by id and may add its own.
            self.checks.update((c.id, c) for c in found.checks)
            if "rounding" in found.model_fields_set:
                self.rounding = found.rounding

    def read_specs(self, folder: Path, rank: int) -> None:
        seen_here: dict[str, Path] = {}
        for path in sorted(folder.glob("*.yaml")):
            if path.name in OTHER_FILES:
                continue
            spec, problems = load_file(path)
            self.problems.extend(problems)
            if spec is None:
                continue
            if spec.id in seen_here:
                self.problems.append(_duplicate(path, spec.id, seen_here[spec.id]))
                continue
            seen_here[spec.id] = path
            self.by_id[spec.id] = spec
            self.sources[spec.id] = str(path)
            self.rank[spec.id] = rank

    def unknown_tables(self) -> list[SpecProblem]:
        """Document checks, statements and required tables naming a spec id that no folder
        holds."""
        named = [
            (DOCUMENT_CHECKS_FILE, f"check {check.id!r}", name)
            for check in self.checks.values()
            for name in _tables_named(check)
        ]
        named += [
            (NARRATIVE_CHECKS_FILE, f"statement {statement.id!r}", cell.table or "")
            for statement in self.narrative.statements
            for cell in (*statement.cells, *statement.share_of)
        ]
        named += [
            (REQUIRED_TABLES_FILE, f"required table {need.name!r}", name)
            for kind in self.required.kinds
            for need in kind.tables
            for name in need.tables
        ]
        return [
            SpecProblem(file=file, message=f"{what} names unknown spec {name!r}")
            for file, what, name in named
            if name not in self.by_id
        ]

    def spec_set(self) -> SpecSet:
        # A user's folder goes on top: where its spec and a bundled one match a title over the
        # same length, the first spec wins, so the later folders' specs come first.
        ranked = sorted(self.by_id.values(), key=lambda spec: -self.rank[spec.id])
        checks = DocumentChecks(rounding=self.rounding, checks=list(self.checks.values()))
        return SpecSet(
            specs=tuple(ranked),
            sources=self.sources,
            document_checks=checks,
            title_words=TitleWords(rewrites=self.rewrites),
            narrative=self.narrative,
            required=self.required,
        )


def _duplicate(path: Path, spec_id: str, first: Path) -> SpecProblem:
    tree = _tree(path.read_text(encoding="utf-8"))
    return SpecProblem(
        file=str(path),
        line=_yaml_line(tree, ("id",)),
        path="id",
        message=f"duplicate spec id {spec_id!r} (also in {first})",
    )


def load_specs(dirs: Iterable[Path] | None = None) -> SpecSet:
    """Load every *.yaml in the folders; later folders override earlier ones by spec id.

    Raises SpecError listing every problem in every file, so a user fixes them in one pass.
    """
    folders = list(dirs) if dirs is not None else [bundled_dir()]
    found = _Gathered()
    for rank, folder in enumerate(folders):
        if not folder.is_dir():
            found.problems.append(SpecProblem(file=str(folder), message="not a folder of specs"))
            continue
        found.read_document_checks(folder)
        found.read_title_words(folder)
        found.read_statement_files(folder)
        found.read_specs(folder, rank)
    if found.problems:
        raise SpecError(found.problems)
    if not found.by_id:
        places = ", ".join(map(str, folders))
        raise SpecError([SpecProblem(file=places, message="no *.yaml specs found")])
    unknown = found.unknown_tables()
    if unknown:
        raise SpecError(unknown)
    return found.spec_set()


def spec_problems(dirs: Iterable[Path] | None = None) -> list[SpecProblem]:
    """Every problem `load_specs` finds in the folders, [] when they load: what
    `budgetpdf specs validate` reports."""
    try:
        load_specs(dirs)
    except SpecError as exc:
        return exc.problems
    return []


def _tables_named(check: Any) -> set[str]:
    cells = [check.total, *check.parts]
    return {c.table for c in cells if c.table is not None}
