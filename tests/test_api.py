"""The front door: `import budgetpdf` is cheap, `budgetpdf.extract` is what the CLI writes,
and the README's Python example runs as printed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from typer.testing import CliRunner

import budgetpdf
from budgetpdf.cli.main import app
from budgetpdf.errors import UnreadablePdfError
from conftest import REPO, SAMPLES, SEED_PDF

pytestmark = pytest.mark.slow

runner = CliRunner()


def test_extract_gives_the_documents_tables():
    document = budgetpdf.extract("samples/wuhan-hrss-info-center-2023.pdf")
    assert len(document.tables) == 11


def test_to_dict_equals_the_clis_document_json(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    relative = SEED_PDF.relative_to(REPO)
    args = ["extract", str(relative), "-o", str(tmp_path), "--allow-check-failures"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / SEED_PDF.stem / "document.json").read_text("utf-8"))
    assert budgetpdf.extract(relative).to_dict() == written


def test_extract_takes_a_spec_folder_and_a_unit(tmp_path):
    bundled = (REPO / "table_specs" / "three_public_expenditure.yaml").read_text("utf-8")
    mine = tmp_path / "specs"
    mine.mkdir()
    # The user's copy of a spec replaces the bundled one of the same id.
    edited = re.sub(r"\breception\b", "hospitality", bundled)
    assert edited != bundled
    (mine / "three_public_expenditure.yaml").write_text(edited, encoding="utf-8")
    document = budgetpdf.extract(SEED_PDF, specs=mine, unit="元")
    table = next(t for t in document.tables if t.spec == "three_public_expenditure")
    assert "hospitality" in [c.id for c in table.columns]
    assert table.output_unit == "元"
    # 公务接待费 0.70 万元 as printed, in 元.
    assert [r.values["hospitality"] for r in table.rows][0] == Decimal("7000.00")
    assert budgetpdf.extract(SEED_PDF, specs=budgetpdf.load_specs(mine)).tables[0].unit


def test_a_file_that_is_no_pdf_raises_a_typed_error(tmp_path):
    page = tmp_path / "page.pdf"
    page.write_text("<html>not found</html>", encoding="utf-8")
    with pytest.raises(UnreadablePdfError):
        budgetpdf.extract(page)


def test_every_public_name_resolves():
    assert sorted(budgetpdf.__all__) == sorted(budgetpdf._LAZY)
    for name in budgetpdf.__all__:
        assert getattr(budgetpdf, name) is not None
    assert set(budgetpdf.__all__) <= set(dir(budgetpdf))
    with pytest.raises(AttributeError):
        budgetpdf.no_such_name  # noqa: B018


def test_import_budgetpdf_loads_nothing_heavy():
    script = (
        "import sys, budgetpdf; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pdfplumber', 'pdfminer', 'camelot', 'numpy', 'pydantic', 'yaml', 'openpyxl') "
        "or m.startswith('budgetpdf.')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_readme_python_example_runs(tmp_path):
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Use from Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    work = tmp_path / "work"
    work.mkdir()
    (work / "samples").symlink_to(SAMPLES)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=work, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "11 tables"
    assert lines[1] == "一般公共预算支出表 [8] 万元"
    assert "武汉市人力资源和社会保障信息中心 2023 预算" in lines
    assert lines[-1].startswith("ok xian-petition-bureau-2026-tables ")
    assert (work / "out" / "xian-petition-bureau-2026-tables" / "document.json").is_file()
