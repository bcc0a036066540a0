"""Load and validate spec folders, reporting every problem at once with file and YAML path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from budgetpdf.extractors.errors import SpecError
from budgetpdf.table_specs.model import TableSpec


@dataclass(frozen=True)
class SpecSet:
    specs: tuple[TableSpec, ...]
    sources: dict[str, str]

    def get(self, spec_id: str) -> TableSpec:
        for spec in self.specs:
            if spec.id == spec_id:
                return spec
        raise KeyError(spec_id)


def bundled_dir() -> Path:
    return Path(str(resources.files("budgetpdf.table_specs")))


def _yaml_line(document: yaml.Node | None, path: tuple) -> int | None:
    """The 1-based line of a YAML path in the parsed node tree, for error messages."""
    node = document
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            break
        if node is None:
            return None
    return node.start_mark.line + 1 if node is not None else None


def load_file(path: Path) -> tuple[TableSpec | None, list[str]]:
    text = path.read_text(encoding="utf-8")
    try:
        # SafeLoader: a spec is data, never code; yaml.load with the full loader could run it.
        data = yaml.safe_load(text)
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [f"{path}{where}: YAML syntax error: {problem}"]
    if not isinstance(data, dict):
        return None, [f"{path}: expected a mapping of spec keys, found {type(data).__name__}"]
    try:
        return TableSpec.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = _yaml_line(tree, loc)
            where = f":{line}" if line else ""
            dotted = ".".join(str(p) for p in loc) or "(top)"
            problems.append(f"{path}{where}: {dotted}: {error['msg']}")
        return None, problems


def load_specs(dirs: Iterable[Path] | None = None) -> SpecSet:
    """Load every *.yaml in the folders; later folders override earlier ones by spec id.

    Raises SpecError listing every problem in every file, so a user fixes them in one pass.
    """
    folders = list(dirs) if dirs is not None else [bundled_dir()]
    problems: list[str] = []
    by_id: dict[str, TableSpec] = {}
    sources: dict[str, str] = {}
    rank: dict[str, int] = {}
    for number, folder in enumerate(folders):
        if not folder.is_dir():
            problems.append(f"{folder}: not a folder of specs")
            continue
        seen_here: dict[str, Path] = {}
        for path in sorted(folder.glob("*.yaml")):
            spec, errors = load_file(path)
            problems.extend(errors)
            if spec is None:
                continue
            if spec.id in seen_here:
                problems.append(
                    f"{path}: duplicate spec id {spec.id!r} (also in {seen_here[spec.id]})"
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
    # A user's folder goes on top: where its spec and a bundled one match a title over the
    # same length, the first spec wins, so the later folders' specs come first.
    ranked = sorted(by_id.values(), key=lambda spec: -rank[spec.id])
    return SpecSet(specs=tuple(ranked), sources=sources)
