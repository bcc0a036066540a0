"""Rules drawn twice (a double rule, a frame inside a cell) and continuation pages ruled
otherwise than the page before: the geometry that puts a cell in its row and column."""

from __future__ import annotations

from budgetpdf.extractors.assemble.realign import onto_columns
from budgetpdf.extractors.assemble.regions import is_meta
from budgetpdf.extractors.engines._frames import COLUMN_GAP, Zones
from budgetpdf.extractors.engines.grid import Grid, make_cell
from budgetpdf.extractors.pdf.layout import Line, Word

# The column edges of a header row drawn with every cell's sides doubled 5 pt apart, as one
# 江苏 producer prints them: 合计 | 基本支出 | 项目支出, then the table's right edge.
DOUBLED = [84.7, 89.6, 185.5, 191.0, 197.0, 276.5, 281.8, 289.2]


def test_edges_closer_than_a_glyph_are_one_border():
    zones = Zones.of(DOUBLED, 375.0, COLUMN_GAP)
    assert zones.starts == [84.7, 185.5, 276.5]
    # The header inside its frame and the data cell below it start in one column.
    assert zones.span(89.6, 185.5) == (0, 1)
    assert zones.span(84.7, 191.0) == (0, 1)
    assert zones.span(197.0, 276.5) == (1, 1)
    assert zones.span(84.7, 375.0) == (0, 3)


def test_columns_a_glyph_apart_or_more_stay_columns():
    edges = [50.0, 70.0, 90.0, 110.0]
    zones = Zones.of(edges, 130.0, COLUMN_GAP)
    assert zones.starts == edges
    assert [zones.span(x, x + 20) for x in edges] == [(0, 1), (1, 1), (2, 1), (3, 1)]


def _grid(lefts: list[float], right: float, rows: list[list[str]]) -> Grid:
    cells = [make_cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Grid(
        n_rows=len(rows),
        n_cols=len(lefts),
        cells=cells,
        page=2,
        bbox=(lefts[0], 0, right, 20 * len(rows)),
        engine="ruled",
        row_tops=[20.0 * r for r in range(len(rows))],
        col_lefts=lefts,
    )


def test_a_page_that_leaves_out_a_rule_is_laid_onto_the_columns_before():
    before = _grid([50, 150, 250, 350], 450, [["201", "类", "1.00", "2.00"]])
    # No rule between the last two columns: the 合计 label spans them, its amount is last.
    page = _grid([50, 150, 248], 450, [["收入合计", "3.00", "支出合计"]])
    page.cells[-1].colspan = 1
    laid = onto_columns(page, before)
    assert laid.n_cols == 4
    assert [(c.col, c.colspan, c.text) for c in laid.cells] == [
        (0, 1, "收入合计"),
        (1, 1, "3.00"),
        (2, 2, "支出合计"),
    ]


def test_a_page_whose_rules_stand_elsewhere_is_left_as_read():
    before = _grid([50, 150, 250, 350], 450, [["201", "类", "1.00", "2.00"]])
    page = _grid([50, 200, 300], 450, [["201", "类", "1.00"]])
    assert onto_columns(page, before) is page


def _line(*texts: str) -> Line:
    words = [Word(t, 10.0 * i, 10.0 * i + 9, 0, 9) for i, t in enumerate(texts)]
    return Line(words)


def test_table_labels_in_either_order_are_meta_lines():
    assert is_meta(_line("公开", "11", "表"))
    assert is_meta(_line("表", "3"))
    assert not is_meta(_line("11", "表格", "说明"))
