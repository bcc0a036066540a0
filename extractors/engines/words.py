"""Tables with few or no vertical rules (三线表, whitespace-aligned): columns from word positions.

Columns are the bands that the body's words occupy (right-aligned amounts of one column
overlap each other, indented names too), each under the header label whose share of the line
holds it; `_header_layout` reads merged, wrapped and empty-column headers. Rows come from
horizontal rules where the publisher drew them, else from text lines, with wrapped name lines
joined to their row.
"""

from __future__ import annotations

import re
from statistics import median

from budgetpdf.extractors.amounts import is_amount
from budgetpdf.extractors.codes import clean_code
from budgetpdf.extractors.engines._header_layout import (
    Block,
    columns_under,
    header_blocks,
    header_cells,
    leaf_blocks,
)
from budgetpdf.extractors.engines.base import Engine, Region
from budgetpdf.extractors.engines.grid import Cell, Grid, make_cell
from budgetpdf.extractors.pdf.layout import Line, Word, snapped

_ORDINAL = re.compile(
    r"^([一二三四五六七八九十廿]+、|[（(][一二三四五六七八九十廿]+[)）]|\d+[.、．])"
)
_TOTAL = re.compile(r"^(合计|总计|小计|收入总计|支出总计|本年.{0,4}合计)")
_PAGE_NUMBER = re.compile(r"^([-—－]?\d{1,3}[-—－]?|第\d{1,3}页(共\d+页)?)$")
_SENTENCE_MARK = re.compile(r"[，。；！？]|,(?!\d{3})")
_FOOTNOTE = re.compile(r"^(说明|备注|注)[:：0-9]")


def _is_value_word(word: Word) -> bool:
    return is_amount(word.text) or bool(clean_code(word.text))


def _is_data_line(line: Line) -> bool:
    values = [w for w in line.words if _is_value_word(w)]
    if not values:
        return False
    # "1 2 3 4" under the header numbers the columns; it is not a row.
    if len(values) == len(line.words) and all(len(w.text) <= 2 for w in values):
        return False
    return True


def _bands(words: list[Word]) -> list[tuple[float, float]]:
    spans = sorted((w.x0, w.x1) for w in words)
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1] + 1.0:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def _extents(
    bands: list[tuple[float, float]], left: float, right: float
) -> list[tuple[float, float]]:
    out = []
    for i, (x0, x1) in enumerate(bands):
        lo = left if i == 0 else (bands[i - 1][1] + x0) / 2
        hi = right if i == len(bands) - 1 else (x1 + bands[i + 1][0]) / 2
        out.append((lo, hi))
    return out


def _columns_of(word: Word, extents: list[tuple[float, float]]) -> list[int]:
    width = max(word.x1 - word.x0, 1.0)
    hits = []
    for i, (lo, hi) in enumerate(extents):
        overlap = min(hi, word.x1) - max(lo, word.x0)
        if overlap > min(4.0, 0.25 * width):
            hits.append(i)
    if not hits:
        hits = [min(range(len(extents)), key=lambda i: abs(sum(extents[i]) / 2 - word.xmid))]
    return hits


def _join(words: list[Word]) -> str:
    words = sorted(words, key=lambda w: (snapped(w.top), w.x0))
    out = ""
    for prev, word in zip([None, *words], words, strict=False):
        if prev is not None and abs(word.top - prev.top) > 2:
            out += "\n"
        elif prev is not None:
            out += " "
        out += word.text
    return out


def _indent(words: list[Word]) -> float:
    """Where a cell's first line starts on the page (made relative to the table's left edge
    once that is known): no rule marks a column's edge."""
    top = min(snapped(w.top) for w in words)
    return min(w.x0 for w in words if snapped(w.top) == top)


class WordsEngine(Engine):
    name = "words"

    def find_grid(self, region: Region) -> Grid | None:
        lines = [
            ln
            for ln in region.lines
            if not _FOOTNOTE.match(ln.norm) and not _PAGE_NUMBER.match(ln.norm)
        ]
        width = region.bbox[2] - region.bbox[0]
        if sum(1 for ln in lines if _is_prose(ln, width)) > 0.3 * len(lines):
            return None  # a narrative page: sentences, not cells
        start = next((i for i, ln in enumerate(lines) if _is_data_line(ln)), None)
        header_lines = lines[:start] if start is not None else lines
        body = lines[start:] if start is not None else []
        body_words = [w for ln in body for w in ln.words]
        if not body_words and not header_lines:
            return None
        blocks = header_blocks(header_lines)
        leaves = leaf_blocks(blocks)
        # Columns from the body's words, each under its leaf header, plus the columns printed
        # empty; an empty table has only its header to go by.
        bands, leaf = columns_under(leaves, _bands(body_words) if body_words else [])
        if len(bands) < 2:
            return None
        extents = _extents(bands, region.bbox[0], region.bbox[2])
        cells: list[Cell] = []
        row_tops: list[float] = []
        header_rows = self._header_cells(blocks, leaf, bands, cells, row_tops)
        self._body_cells(region, body, extents, header_rows, cells, row_tops)
        if not cells:
            return None
        n_rows = max(c.row + c.rowspan for c in cells)
        all_words = [w for ln in (*header_lines, *body) for w in ln.words]
        bbox = (
            min(w.x0 for w in all_words),
            min(w.top for w in all_words),
            max(w.x1 for w in all_words),
            max(w.bottom for w in all_words),
        )
        col_lefts = [bbox[0], *(lo for lo, _ in extents[1:])]
        # Indents from the table's left edge: a book's left and right pages may set the
        # same table a few points apart.
        for cell in cells:
            if cell.indent is not None:
                cell.indent = snapped(cell.indent - bbox[0], 1)
        return Grid(
            n_rows, len(extents), cells, region.page_no, bbox, self.name, row_tops, col_lefts
        )

    @staticmethod
    def _header_cells(
        blocks: list[Block],
        leaf: list[Block | None],
        bands: list[tuple[float, float]],
        cells: list[Cell],
        row_tops: list[float],
    ) -> int:
        placed, levels = header_cells(blocks, leaf, [(b0 + b1) / 2 for b0, b1 in bands])
        for cell in placed:
            cells.append(
                make_cell(cell.level, cell.col, cell.text, rowspan=cell.rowspan, colspan=cell.span)
            )
        row_tops.extend(levels)
        return len(levels)

    def _body_cells(
        self,
        region: Region,
        body: list[Line],
        extents: list[tuple[float, float]],
        first_row: int,
        cells: list[Cell],
        row_tops: list[float],
    ) -> None:
        for offset, row_lines in enumerate(self._rows(region, body)):
            row = first_row + offset
            row_tops.append(row_lines[0].top)
            by_col: dict[int, list[Word]] = {}
            for line in row_lines:
                for word in line.words:
                    col = _columns_of(word, extents)[0]
                    by_col.setdefault(col, []).append(word)
            for col, words in by_col.items():
                cells.append(make_cell(row, col, _join(words), indent=_indent(words)))

    @staticmethod
    def _rows(region: Region, body: list[Line]) -> list[list[Line]]:
        """Group body lines into rows: by the horizontal rules between them where drawn,
        else one line a row with wrapped text lines (no amount, no code, no ordinal, close
        below the line before) joined to the row above."""
        if not body:
            return []
        width = max(ln.words[-1].x1 for ln in body) - min(ln.x0 for ln in body)
        rules = sorted(
            {snapped(e["top"]) for e in region.horizontal_rules() if e["width"] > 0.5 * width}
        )
        inside = [y for y in rules if body[0].top - 2 < y < body[-1].bottom + 2]
        if len(inside) >= max(3, len(body) // 3):
            rows: list[list[Line]] = []
            for line in body:
                key = sum(1 for y in inside if y <= (line.top + line.bottom) / 2)
                if rows and rows[-1][0] is not line and _band_of(rows[-1][0], inside) == key:
                    rows[-1].append(line)
                else:
                    rows.append([line])
            return rows
        height = median(ln.bottom - ln.top for ln in body)
        rows = []
        for line in body:
            if rows and _is_wrap(line, rows[-1][-1], height):
                rows[-1].append(line)
            else:
                rows.append([line])
        return rows


def _is_prose(line: Line, width: float) -> bool:
    """A sentence of the narrative ("2019年收入预算1,234.56万元，比上年…"), not table cells:
    it runs across most of the page, where a long text cell wraps within its column."""
    if line.words[-1].x1 - line.x0 <= 0.6 * width or len(line.norm) <= 20:
        return False
    if not _SENTENCE_MARK.search(line.norm):
        return False
    # Amounts in a sentence come with their unit ("341.75 万元"); a table's never do.
    return (
        "万元" in line.norm or "。" in line.norm or not any(is_amount(w.text) for w in line.words)
    )


def _band_of(line: Line, rules: list[float]) -> int:
    return sum(1 for y in rules if y <= (line.top + line.bottom) / 2)


def _is_wrap(line: Line, previous: Line, height: float) -> bool:
    if any(_is_value_word(w) for w in line.words):
        return False
    text = line.norm
    if _ORDINAL.match(text) or _TOTAL.match(text):
        return False
    return line.top - previous.bottom < 0.45 * height
