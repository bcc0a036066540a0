"""Continuation by layout: a table printed over several pages comes out as one table,
whatever each continuation page repeats (label, title, 部门名称, unit, header, or nothing),
and a repeated title over a different header starts a new table."""

from __future__ import annotations

import pytest

import budgetpdf
from budgetpdf.extractors.result import CheckStatus
from layout_pdfs import (
    blank_spill_table,
    coded_rows,
    double_framed_table,
    repeated_heading_table,
    table_set_per_unit,
    three_line_table,
)

pytestmark = pytest.mark.slow


def _codes(pages: int, per_page: int) -> list[str]:
    return [row[0] for body in coded_rows(pages, per_page) for row in body]


def test_pages_repeating_label_title_unit_and_header_are_one_table(tmp_path):
    document = budgetpdf.extract(repeated_heading_table(tmp_path / "repeated.pdf"))
    first, second = document.tables
    assert (first.spec, first.pages) == ("expenditure_summary", [1, 2, 3])
    assert [r.code for r in first.rows] == _codes(3, 8)
    # The title repeated over another header is another table.
    assert (second.spec, second.pages) == ("expenditure_summary", [4])
    hierarchy = [c for c in document.checks if c.rule == "expenditure_summary.hierarchy"]
    assert hierarchy and all(c.status is CheckStatus.PASS for c in hierarchy)


def test_a_three_line_table_continued_under_its_header_alone_keeps_every_row(tmp_path):
    document = budgetpdf.extract(three_line_table(tmp_path / "three-line.pdf"))
    (table,) = document.tables
    assert table.pages == [1, 2]
    assert [r.code for r in table.rows] == _codes(2, 10)


def test_a_table_framed_twice_is_read_on_its_columns_and_continued(tmp_path):
    # The inner frames' lines are no columns or rows of their own: the header names the
    # columns the rows below fill, the 合计 row keeps the amounts framed lower in its cells,
    # and the plain continuation page has the same columns.
    document = budgetpdf.extract(double_framed_table(tmp_path / "double.pdf"))
    (table,) = document.tables
    assert table.pages == [1, 2]
    assert [c.id for c in table.columns] == ["total", "basic", "project"]
    assert [r.code for r in table.rows] == _codes(2, 9)
    assert table.rows[0].is_total and table.rows[0].values["total"] is not None
    hierarchy = [c for c in document.checks if c.rule == "expenditure_summary.hierarchy"]
    assert hierarchy and all(c.status is CheckStatus.PASS for c in hierarchy)


def test_table_sets_headed_by_each_units_name_give_their_rows_that_budget_unit(tmp_path):
    bodies = ["某某市测试中心", "某某市测试研究所"]
    document = budgetpdf.extract(table_set_per_unit(tmp_path / "units.pdf", bodies))
    assert [t.pages for t in document.tables] == [[1], [2]]
    for table, body in zip(document.tables, bodies, strict=True):
        assert {r.budget_unit for r in table.rows} == {body}


def test_a_single_body_named_over_every_table_is_no_budget_unit(tmp_path):
    # The department's own name above each of its tables says nothing about units.
    document = budgetpdf.extract(table_set_per_unit(tmp_path / "one.pdf", ["某某市测试局"] * 2))
    assert all(r.budget_unit is None for t in document.tables for r in t.rows)


def test_a_page_of_blank_ruled_rows_after_a_table_is_listed_as_its_page(tmp_path):
    document = budgetpdf.extract(blank_spill_table(tmp_path / "spill.pdf"))
    first, second = document.tables
    assert (first.pages, second.pages) == ([1, 2], [3])
    assert [r.code for r in first.rows] == _codes(1, 8)
    (notice,) = [w for w in document.warnings if w.kind.value == "empty_continuation"]
    assert (notice.page, notice.spec) == (2, "expenditure_summary")
