"""Specs edited by hand: every mistake is reported with its file, line and YAML path and what
is expected, all of them in one run, and specs are only ever read with a safe YAML loader."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode, SpecError, SpecProblem
from budgetpdf.table_specs.loader import load_specs, spec_problems
from conftest import REPO

runner = CliRunner()
GOOD = "id: {id}\ntitle: T\ntitles: [x]\ncolumns:\n  - id: total\n    headers: [合计]\n"


def write_specs(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def spec_problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[SpecProblem]:
    write_specs(tmp_path, files)
    with pytest.raises(SpecError) as caught:
        load_specs([tmp_path])
    return caught.value.problems


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    """The problems as the CLI prints them, `file:line: yaml.path: what is expected`."""
    return [str(problem) for problem in spec_problems_for(tmp_path, files)]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # YAML syntax error: the line where the parser gave up and what it expected.
        ("id: [unclosed\n", "bad.yaml:2: YAML syntax error: expected ',' or ']'"),
        ("id: a\n  title: T\n", "bad.yaml:2: YAML syntax error: mapping values are not allowed"),
        # Unknown key: the allowed keys at that place.
        (
            GOOD.format(id="a") + "colums: []\n",
            "bad.yaml:7: colums: unknown key 'colums'; expected one of: id, title,",
        ),
        (
            GOOD.format(id="a") + "    header: [x]\n",
            "bad.yaml:7: columns.0.header: unknown key 'header'; expected one of: id, headers, description",
        ),
        # Wrong type: what is expected and what was found.
        (
            "id: a\ntitle: T\ntitles: 收支总表\ncolumns:\n  - id: total\n    headers: [合计]\n",
            "bad.yaml:3: titles: Input should be a valid list, found str '收支总表'",
        ),
        (
            GOOD.format(id="a") + "layout: three_sided\n",
            "bad.yaml:7: layout: Input should be 'coded' or 'two_sided', found str 'three_sided'",
        ),
        # A regex that does not compile: the list item and its own line.
        (
            "id: a\ntitle: T\ntitles:\n  - 收支总表\n  - '收入(总表'\ncolumns:\n  - id: t\n    headers: [x]\n",
            "bad.yaml:5: titles.1: regex '收入(总表' does not compile: missing ), unterminated subpattern",
        ),
        # A required key that is missing: the mapping that lacks it.
        (
            "id: a\ntitle: T\ncolumns:\n  - id: t\n    headers: [x]\n",
            "bad.yaml:1: titles: required key is missing",
        ),
        ("", "bad.yaml: the file is empty"),
        ("- a\n- b\n", "bad.yaml: expected a mapping of keys, found list"),
        (b"id: \xff\n", "bad.yaml: not UTF-8 text (byte 0xff at offset 4)"),
    ],
)
def test_each_mistake_names_file_line_and_what_is_expected(tmp_path, content, expected):
    problems = problems_for(tmp_path, {"bad.yaml": content})
    assert len(problems) == 1
    assert expected in problems[0]
    assert problems[0].startswith(str(tmp_path / "bad.yaml"))


def test_duplicate_spec_id_names_both_files_and_the_line(tmp_path):
    problems = problems_for(
        tmp_path, {"a.yaml": GOOD.format(id="same"), "b.yaml": "# copy\n" + GOOD.format(id="same")}
    )
    assert problems == [
        f"{tmp_path / 'b.yaml'}:2: id: duplicate spec id 'same' (also in {tmp_path / 'a.yaml'})"
    ]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    problems = problems_for(
        tmp_path,
        {
            "a.yaml": "id: a\ntitle: 5\ntitles: ['(', ok, '[']\nbogus: 1\ncolumns:\n  - id: t\n    headers: [x]\n",
            "b.yaml": "id: [\n",
            "c.yaml": GOOD.format(id="c"),
            "d.yaml": GOOD.format(id="c"),
        },
    )
    # Sorted by line within a file.
    assert [p.split(": ")[0].rsplit("/", 1)[-1] for p in problems] == [
        "a.yaml:2",
        "a.yaml:3",
        "a.yaml:3",
        "a.yaml:4",
        "b.yaml:2",
        "d.yaml:1",
    ]


def test_validate_command_lists_every_problem_and_exits_3(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\ntitle: 5\nbogus: 1\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("id: [\n", encoding="utf-8")
    result = runner.invoke(app, ["specs", "validate", str(tmp_path)])
    assert result.exit_code == ExitCode.BAD_SPEC
    assert result.output.startswith("error: 4 problem(s) in the table specs:\n")
    assert "Traceback" not in result.output


def test_each_problem_is_a_record_of_file_line_yaml_path_and_message(tmp_path):
    problems = spec_problems_for(
        tmp_path,
        {
            "a.yaml": GOOD.format(id="a") + "    header: [x]\n",
            "b.yaml": "id: [\n",
            "c.yaml": "id: c\ntitle: T\ntitles: [x]\n",
            "e.yaml": "",
        },
    )
    folder = str(tmp_path)
    assert problems == [
        SpecProblem(
            file=f"{folder}/a.yaml",
            line=7,
            path="columns.0.header",
            message="unknown key 'header'; expected one of: id, headers, description",
        ),
        SpecProblem(
            file=f"{folder}/b.yaml",
            line=2,
            message="YAML syntax error: expected the node content, but found '<stream end>'",
        ),
        # A rule over the whole spec: the path of the top mapping is "", printed (top).
        SpecProblem(
            file=f"{folder}/c.yaml",
            line=1,
            path="",
            message="a coded table needs 'columns' and no 'sides'",
        ),
        SpecProblem(
            file=f"{folder}/e.yaml",
            message="the file is empty; expected a mapping of keys (id, title, description …)",
        ),
    ]
    assert [str(p).removeprefix(folder + "/") for p in problems] == [
        "a.yaml:7: columns.0.header: unknown key 'header'; expected one of: id, headers, description",
        "b.yaml:2: YAML syntax error: expected the node content, but found '<stream end>'",
        "c.yaml:1: (top): a coded table needs 'columns' and no 'sides'",
        "e.yaml: the file is empty; expected a mapping of keys (id, title, description …)",
    ]


def test_validate_json_lists_the_librarys_problems_and_exits_3(tmp_path):
    write_specs(
        tmp_path,
        {
            "a.yaml": "id: a\ntitle: 5\nbogus: 1\n",
            "b.yaml": "id: [\n",
            "c.yaml": GOOD.format(id="c"),
        },
    )
    result = runner.invoke(app, ["specs", "validate", str(tmp_path), "--json"])
    assert result.exit_code == ExitCode.BAD_SPEC
    printed = json.loads(result.stdout)
    assert printed == [problem.to_dict() for problem in spec_problems([tmp_path])]
    assert len(printed) == 4
    assert printed[0] == {
        "file": str(tmp_path / "a.yaml"),
        "line": 1,
        "path": "titles",
        "message": "required key is missing",
    }
    # Only the JSON: no error lines on stderr to mix with it.
    assert result.stderr == ""


def test_validate_json_of_valid_specs_is_an_empty_list(tmp_path):
    write_specs(tmp_path, {"a.yaml": GOOD.format(id="a")})
    for args in ([str(tmp_path)], ["--specs", str(tmp_path)], []):
        result = runner.invoke(app, ["specs", "validate", *args, "--json"])
        assert result.exit_code == ExitCode.OK, result.output
        assert json.loads(result.stdout) == []


def test_validate_json_of_a_missing_folder(tmp_path):
    result = runner.invoke(app, ["specs", "validate", str(tmp_path / "nope"), "--json"])
    assert result.exit_code == ExitCode.BAD_SPEC
    assert json.loads(result.stdout) == [
        {
            "file": str(tmp_path / "nope"),
            "line": None,
            "path": None,
            "message": "not a folder of specs",
        }
    ]


def test_validate_json_is_utf8_for_a_file_name_that_is_not(tmp_path):
    # A name in another encoding than UTF-8: byte 0xff, which Python decodes to a surrogate.
    (tmp_path / os.fsdecode(b"\xffbad.yaml")).write_text("id: [\n", encoding="utf-8")
    result = runner.invoke(app, ["specs", "validate", str(tmp_path), "--json"])
    assert result.exit_code == ExitCode.BAD_SPEC
    (printed,) = json.loads(result.stdout_bytes.decode("utf-8"))
    assert printed["file"] == f"{tmp_path}/\ufffdbad.yaml"


def test_extract_with_a_bad_spec_folder_fails_before_reading_any_pdf(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["extract", str(REPO / "samples"), "-o", str(out), "--specs", str(tmp_path)]
    )
    assert result.exit_code == ExitCode.BAD_SPEC
    assert "a.yaml:1: title: required key is missing" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    "tagged",
    [
        '!!python/object/apply:os.system ["touch {marker}"]\n',
        'id: !!python/object/apply:os.system ["touch {marker}"]\ntitle: T\n',
        "id: !!python/name:os.system\n",
    ],
)
def test_python_tags_are_rejected_not_run(tmp_path, tagged):
    marker = tmp_path / "ran"
    problems = problems_for(tmp_path, {"evil.yaml": tagged.format(marker=marker)})
    assert "YAML tag not allowed" in problems[0]
    assert not marker.exists()


def _yaml_calls(tree: ast.AST) -> list[tuple[str, list[str]]]:
    """Every yaml.<function>(…) call with the names passed as Loader=, in a module."""
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "yaml"
        ):
            loaders = [ast.unparse(k.value) for k in node.keywords if k.arg in ("Loader", "loader")]
            calls.append((node.func.attr, loaders))
    return calls


def test_yaml_is_only_ever_read_with_the_safe_loader():
    safe_loaders = {"yaml.SafeLoader", "yaml.CSafeLoader"}
    unsafe = []
    for folder in ("cli", "extractors", "table_specs"):
        for source in sorted((REPO / folder).rglob("*.py")):
            tree = ast.parse(source.read_text(encoding="utf-8"))
            for function, loaders in _yaml_calls(tree):
                if function in ("load", "load_all", "full_load", "unsafe_load", "full_load_all"):
                    unsafe.append(f"{source.name}: yaml.{function}")
                elif function in ("compose", "compose_all", "parse", "scan") and not (
                    loaders and set(loaders) <= safe_loaders
                ):
                    unsafe.append(f"{source.name}: yaml.{function} without Loader=yaml.SafeLoader")
    assert unsafe == []
    assert "safe_load" in (REPO / "table_specs" / "loader.py").read_text(encoding="utf-8")
