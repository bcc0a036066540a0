"""The README's SQL, run exactly as printed on a database built by `extract --db` from the
samples, with the seed rebuilt as its 2024 document (make_seed_pdf.py with 2024年 for 2023年)
so that one organisation spans two years; and the datasette canned queries are the same SQL."""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.extractors.output.budget_db import metadata_path
from conftest import REPO, SAMPLES

WUHAN = "武汉市人力资源和社会保障信息中心"

pytestmark = pytest.mark.slow


def readme_sql() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Explore it with SQL", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)\n```", section, re.S)


def seed_of_2024(out: Path) -> Path:
    """The seed document as its publisher would print it a year later (same numbers)."""
    source = (SAMPLES / "make_seed_pdf.py").read_text(encoding="utf-8")
    spec = importlib.util.spec_from_loader("seed_2024", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(source.replace("2023年", "2024年"), "make_seed_pdf_2024", "exec"), module.__dict__)
    module.build(str(out))
    return out


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("readme_db")
    inputs = [*sorted(SAMPLES.glob("*.pdf")), seed_of_2024(work / "wuhan-2024.pdf")]
    db = work / "budget.sqlite"
    args = ["extract", *map(str, inputs), "-o", str(work / "out"), "--db", str(db)]
    # The seed's narrative misstates one amount: the database is built all the same.
    result = CliRunner().invoke(app, [*args, "--workers", "2", "--allow-check-failures"])
    assert result.exit_code == 0, result.output
    return db


def test_readme_three_public_by_year(database):
    three_public, _ = readme_sql()
    with sqlite3.connect(database) as db:
        rows = db.execute(three_public).fetchall()
    assert rows == [
        ("上海市普陀区财政局", 2024, "final_accounts", None, None, None, None, "万元"),
        (
            "上海市财务会计综合管理事务中心(上海市财政科学研究所)",
            2026,
            "budget",
            4.7,
            None,
            3.2,
            1.5,
            "万元",
        ),
        ("广州市气象局", 2026, "budget", 26.11, 0.0, 24.8, 1.31, "万元"),
        (WUHAN, 2023, "budget", 3.7, None, 3.0, 0.7, "万元"),
        (WUHAN, 2024, "budget", 3.7, None, 3.0, 0.7, "万元"),
        # 江苏 and 西安 print 会议费 and 培训费 beside the 三公: the total is the 三公 subtotal
        # (西安: its 当年 block; 上年 printed beside it is a comparison).
        ("江苏省人大常委会办公厅", 2019, "budget", 767.6, 199.25, 183.6, 384.75, "万元"),
        ("西安市信访局", 2026, "budget", 101000.0, None, 91000.0, 10000.0, "元"),
    ]


def test_readme_project_expenditure_across_years(database):
    _, projects = readme_sql()
    with sqlite3.connect(database) as db:
        rows = db.execute(projects).fetchall()
    per_year = [
        ("", "合计", 398.36, "万元"),
        ("503", "武汉市人力资源和社会保障局", 398.36, "万元"),
        ("503019", WUHAN, 398.36, "万元"),
    ]
    assert [row[0] for row in rows] == [2023] * 5 + [2024] * 5
    assert [row[1:] for row in rows[:3]] == per_year
    assert [row[1:] for row in rows[5:8]] == per_year


def test_datasette_canned_queries_are_the_readme_sql(database):
    metadata = json.loads(metadata_path(database).read_text(encoding="utf-8"))
    canned = [q["sql"] for q in metadata["databases"]["budget"]["queries"].values()]
    three_public, projects = readme_sql()
    assert canned == [three_public, projects.replace(f"'{WUHAN}'", ":organization")]
