"""The shape of the code: modules small enough to read in one sitting, and packages that
import each other in one direction only (the pipeline's order), never round in a cycle."""

from __future__ import annotations

import ast
import json
from collections import defaultdict
from pathlib import Path

from budgetpdf.extractors.notices import NoticeKind
from conftest import REPO

# Folder → the package it installs as (pyproject's package-dir).
ROOTS = {
    "budgetpdf": "budgetpdf",
    "cli": "budgetpdf.cli",
    "extractors": "budgetpdf.extractors",
    "table_specs": "budgetpdf.table_specs",
}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in ROOTS.items():
        for path in sorted((REPO / folder).rglob("*.py")):
            parts = path.relative_to(REPO / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def _unit(module: str) -> str:
    """The package a module counts under: a subpackage of extractors, or a top-level
    module of its own (extractors.result, budgetpdf.errors), or cli / table_specs whole."""
    parts = module.split(".")
    if parts[:2] == ["budgetpdf", "extractors"] and len(parts) > 2:
        return ".".join(parts[:3])
    if parts[:2] in (["budgetpdf", "cli"], ["budgetpdf", "table_specs"]):
        return ".".join(parts[:2])
    return module


def _imports(path: Path, module: str, known: set[str]) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {n for n in names if n in known and n != module}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(REPO)): n
        for path in _modules().values()
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert not long


def test_no_import_cycle_between_our_packages():
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        source = _unit(module)
        graph[source] |= {_unit(t) for t in _imports(path, module, set(modules))} - {source}
    # The front door imports everything lazily and nothing imports it: leave it out.
    graph.pop("budgetpdf", None)
    for targets in graph.values():
        targets.discard("budgetpdf")
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_the_schema_lists_every_notice_kind():
    schema = json.loads(
        (REPO / "extractors" / "output" / "document.schema.json").read_text("utf-8")
    )
    listed = schema["properties"]["warnings"]["items"]["properties"]["type"]["enum"]
    assert sorted(listed) == sorted(kind.value for kind in NoticeKind)
