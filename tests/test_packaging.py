"""The wheel holds what the editable install finds.

pyproject.toml maps cli/, extractors/ and table_specs/ under the budgetpdf namespace and lists
the packages one by one. The editable install maps whole folders, so a new subpackage imports
there at once while a wheel built from the list leaves it out. These tests keep the list, the
folder mapping and the package-data globs in step with the folders and files on disk.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"
]
PACKAGE_DIR: dict[str, str] = SETUPTOOLS["package-dir"]
PACKAGE_DATA: dict[str, list[str]] = SETUPTOOLS.get("package-data", {})


def _own_files(folder: Path) -> list[Path]:
    """The files of a package folder, those of its subpackages and caches left out."""
    files = []
    for path in sorted(folder.iterdir()):
        if path.name == "__pycache__" or path.name.startswith("."):
            continue
        if path.is_file() and path.suffix != ".pyc":
            files.append(path)
        elif path.is_dir() and not (path / "__init__.py").exists():
            files += _own_files(path)
    return files


def _package_folders() -> dict[str, Path]:
    """Every folder holding an __init__.py under a mapped folder, by its package name."""
    found = {}
    for package, folder in PACKAGE_DIR.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            if "__pycache__" not in init.parts:
                found[".".join([package, *init.parent.relative_to(root).parts])] = init.parent
    return found


def test_every_top_level_package_folder_is_mapped():
    folders = {p.parent.name for p in REPO.glob("*/__init__.py")}
    assert folders == set(PACKAGE_DIR.values())


def test_every_package_folder_is_listed():
    found, listed = set(_package_folders()), set(SETUPTOOLS["packages"])
    assert sorted(found - listed) == [], "folders with __init__.py not in pyproject's packages"
    assert sorted(listed - found) == [], "pyproject's packages without a folder"


def test_every_folder_of_modules_is_a_package():
    # A folder of modules without __init__.py imports (as a namespace package) from the
    # editable install but is not in the list, so the wheel would drop it.
    loose = [
        str(p.relative_to(REPO))
        for folder in _package_folders().values()
        for p in _own_files(folder)
        if p.suffix == ".py" and p.parent != folder
    ]
    assert loose == [], "modules in a folder without __init__.py"


def test_package_data_globs_match_the_data_files():
    for package, folder in _package_folders().items():
        data = [p.relative_to(folder) for p in _own_files(folder) if p.suffix != ".py"]
        globs = PACKAGE_DATA.get(package, [])
        assert [str(p) for p in data if not any(fnmatch(str(p), g) for g in globs)] == [], package
        for pattern in globs:
            assert list(folder.glob(pattern)), f"{package}: {pattern} matches nothing"
    assert set(PACKAGE_DATA) <= set(SETUPTOOLS["packages"])


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_data_file(tmp_path):
    """Built from a copy holding only what pyproject names, with the setuptools installed
    here (no download)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ["pyproject.toml", "README.md", "LICENSE"]:
        shutil.copy(REPO / name, source / name)
    for folder in PACKAGE_DIR.values():
        shutil.copytree(
            REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", ".*")
        )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(tmp_path / "dist"), str(source)],
        check=True,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packed = {n for n in archive.namelist() if ".dist-info/" not in n}
    expected = {
        "/".join([*package.split("."), *path.relative_to(folder).parts])
        for package, folder in _package_folders().items()
        for path in _own_files(folder)
    }
    assert sorted(expected - packed) == [], "left out of the wheel"
    assert sorted(packed - expected) == [], "in the wheel but not in a package folder"
