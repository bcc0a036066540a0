"""Meta-tests: every spec key is documented in docs/specs.md, every command has help with an
example, and the README points at the spec guide."""

from __future__ import annotations

import inspect as pyinspect

import pytest
import typer
from pydantic import BaseModel
from typer.core import TyperGroup
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.table_specs import check_model, model, statement_model
from conftest import REPO

SPECS_DOC = (REPO / "docs" / "specs.md").read_text(encoding="utf-8")
runner = CliRunner()


def _models() -> list[type[BaseModel]]:
    return [
        cls
        for module in (model, check_model, statement_model)
        for _, cls in pyinspect.getmembers(module, pyinspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == module.__name__
    ]


def _commands(group: TyperGroup, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The command paths of the app, groups included: (), ("extract",), ("specs",), …"""
    found = [path]
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


_ROOT = typer.main.get_command(app)
assert isinstance(_ROOT, TyperGroup)
COMMANDS = _commands(_ROOT)


def test_the_models_are_found():
    assert {"TableSpec", "ColumnSpec", "KeyColumns", "SideSpec"} <= {m.__name__ for m in _models()}


@pytest.mark.parametrize("spec_model", _models(), ids=lambda m: m.__name__)
def test_every_spec_key_is_documented(spec_model):
    missing = [name for name in spec_model.model_fields if f"`{name}`" not in SPECS_DOC]
    assert not missing, f"{spec_model.__name__} keys not in docs/specs.md: {missing}"


def test_commands_are_found():
    assert {("extract",), ("inspect",), ("specs", "new"), ("specs", "validate")} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "budgetpdf")
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    # The example is a command line to copy, naming this very command.
    assert f"budgetpdf {' '.join(command)}".strip() in result.output


def test_every_command_is_in_the_docs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        line = f"budgetpdf {' '.join(command)}".strip()
        assert line in readme + SPECS_DOC, f"{line!r} is documented nowhere"
    assert "docs/specs.md" in readme
    assert "(inspect-example.png)" in SPECS_DOC
