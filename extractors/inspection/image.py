"""The picture `inspect --png` draws: the page rendered by pdfium, with what extract read on it
drawn over it (table box, cell grid, header rows, each column's spec id, each row's code) and
a legend below. Text on the picture is ASCII: no CJK font can be assumed on the machine."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pdfminer.pdftypes import resolve1
from pdfplumber.page import Page
from PIL import Image, ImageDraw, ImageFont

from budgetpdf.extractors.assemble.trace import Reading
from budgetpdf.extractors.engines.grid import BBox, Grid
from budgetpdf.extractors.inspection.record import ColumnRole, Inspection, column_roles
from budgetpdf.extractors.output.writers import atomic_bytes
from budgetpdf.extractors.pdf.source import open_pdf
from budgetpdf.extractors.result import Table

RESOLUTION = 150
_LONG_SIDE = 2000  # px at most: an A3 page at 150 dpi would dwarf the labels
_CODE_MARGIN = 130  # px left of the page for the rows' codes
_FONT_SIZE = 18
_LINE = 26  # px per legend line

# Colours (RGB, alpha where drawn translucent): strong hues that stay apart on a white page.
TABLE_BOX = (214, 39, 40)
GRID = (31, 119, 180)
HEADER_FILL = (255, 187, 0, 70)
REJECTED = (127, 127, 127)
CHIP = {
    "value": (44, 160, 44),
    "text": (23, 190, 207),
    "code": (31, 119, 180),
    "name": (31, 119, 180),
    "unmapped": (255, 127, 14),
}
ROW_CODE = (148, 103, 189)
_UNITS = {"万元": "10k yuan (wan yuan)", "元": "yuan"}


@dataclass
class _Canvas:
    """The page image on a larger sheet, with the mapping from PDF points to its pixels."""

    image: Image.Image
    overlay: Image.Image
    scale: float
    dx: float
    dy: float

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return self.dx + x * self.scale, self.dy + y * self.scale

    def box(self, bbox: BBox) -> tuple[float, float, float, float]:
        x0, y0 = self.xy(bbox[0], bbox[1])
        x1, y1 = self.xy(bbox[2], bbox[3])
        return x0, y0, x1, y1


def _font(size: int = _FONT_SIZE) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _content_shift(page: Page) -> float:
    """How far below its place pdfminer puts the content of a page whose MediaBox is written
    upside down ([0 595 842 0]): the page's height. The rendered page is upright."""
    box = [resolve1(v) for v in resolve1(page.page_obj.attrs.get("MediaBox", [0, 0, 0, 0]))]
    return float(page.height) if len(box) == 4 and box[1] > box[3] else 0.0


def _chip(draw: ImageDraw.ImageDraw, x: float, y: float, text: str, colour: tuple) -> float:
    """A label with white text on a coloured box, its bottom-left at (x, y); returns its right."""
    font = _font()
    left, top, right, bottom = draw.textbbox((x + 4, y), text, font=font, anchor="ls")
    draw.rectangle((left - 4, top - 3, right + 4, bottom + 4), fill=colour)
    draw.text((x + 4, y), text, fill="white", font=font, anchor="ls")
    return right + 4


def _column_chips(
    draw: ImageDraw.ImageDraw, canvas: _Canvas, grid: Grid, roles: list[ColumnRole]
) -> None:
    """Each read column's id above the table, staggered upwards where neighbours would touch."""
    edges = grid.col_edges()
    if not edges:
        return
    _, top = canvas.xy(0, grid.bbox[1])
    level_right: list[float] = []
    for role in roles:
        if role.role not in CHIP:
            continue
        x, _ = canvas.xy(edges[role.index], 0)
        level = next((i for i, right in enumerate(level_right) if right < x), len(level_right))
        if level == len(level_right):
            level_right.append(0.0)
        right = _chip(draw, x, top - 6 - level * (_FONT_SIZE + 9), role.label, CHIP[role.role])
        level_right[level] = right + 2


def _grid_lines(draw: ImageDraw.ImageDraw, canvas: _Canvas, grid: Grid) -> None:
    for cell in grid.cells:
        box = grid.cell_box(cell)
        if box is not None:
            draw.rectangle(canvas.box(box), outline=GRID, width=1)


def _header_band(canvas: _Canvas, grid: Grid, header_rows: int) -> None:
    rows = grid.row_edges()
    if not rows or header_rows == 0:
        return
    shade = ImageDraw.Draw(canvas.overlay)
    shade.rectangle(
        canvas.box((grid.bbox[0], rows[0], grid.bbox[2], rows[header_rows])), fill=HEADER_FILL
    )


def _row_codes(
    draw: ImageDraw.ImageDraw, canvas: _Canvas, grid: Grid, table: Table, page: int
) -> None:
    rows = grid.row_edges()
    if not rows:
        return
    font = _font(_FONT_SIZE - 1)
    x = _CODE_MARGIN - 8
    for row in table.rows:
        if row.page != page or row.grid_row is None:
            continue
        label = row.code or ("total" if row.is_total else "")
        if label:
            _, y = canvas.xy(0, (rows[row.grid_row] + rows[row.grid_row + 1]) / 2)
            draw.text((x, y), label, fill=ROW_CODE, font=font, anchor="rm")


def _legend(canvas: _Canvas, top: int, lines: list[tuple[tuple | None, str]]) -> None:
    draw = ImageDraw.Draw(canvas.image)
    font = _font()
    y = top + 12
    for colour, text in lines:
        x = 16
        if colour is not None:
            draw.rectangle((x, y - 7, x + 22, y + 7), fill=colour[:3], outline="black")
            x += 32
        draw.text((x, y), text, fill="black", font=font, anchor="lm")
        y += _LINE


def _table_line(number: int, reading: Reading, table: Table, grid: Grid, header_rows: int) -> str:
    unit = _UNITS.get(table.unit or table.output_unit, table.output_unit)
    printed = "" if reading.unit or table.unit else " (assumed: none printed)"
    return (
        f"[{number}] {table.spec}: engine {grid.engine}, {grid.n_rows} rows x {grid.n_cols} "
        f"columns, {header_rows} header row{'' if header_rows == 1 else 's'}, unit {unit}{printed}"
    )


def draw_page(inspection: Inspection, page_no: int, password: str = "") -> Image.Image:
    """The rendered page with the tables read on it, and the rejected readings, drawn over."""
    trace = inspection.page(page_no)
    drawn = [
        (r, t, a)
        for r, t in inspection.tables_on(page_no)
        if (a := r.taken) is not None and a.grid is not None
    ]
    rejected = [(r, a) for r in trace.readings for a in r.attempts if r.table is None and a.grid]
    legend: list[tuple[tuple | None, str]] = [
        (None, f"{inspection.path.name}, page {page_no}: budgetpdf inspect"),
    ]
    legend += [
        (TABLE_BOX, "table box ([n] below)"),
        (GRID, "cell grid"),
        (HEADER_FILL, "header rows"),
        (CHIP["value"], "amount column -> spec column id"),
        (CHIP["text"], "text column -> spec text column id"),
        (CHIP["code"], "key column (code, name)"),
        (CHIP["unmapped"], "column no spec column names (kept as colN)"),
        (ROW_CODE, "row code as read (left margin)"),
    ]
    if rejected:
        legend.append((REJECTED, "a title's region that was rejected (reason in the listing)"))
    for number, (reading, table, attempt) in enumerate(drawn, start=1):
        assert attempt.grid is not None and attempt.tmap is not None
        legend.append(
            (None, _table_line(number, reading, table, attempt.grid, attempt.tmap.header_rows))
        )
    if not drawn:
        legend.append((None, "no table was read on this page"))
    with open_pdf(inspection.path, password) as opened:
        page = opened.pdf.pages[page_no - 1]
        long_side = max(float(page.width), float(page.height)) / 72
        resolution = min(RESOLUTION, _LONG_SIDE / long_side)
        rendered = page.to_image(resolution=resolution).original.convert("RGB")
        scale = rendered.width / float(page.width)
        shift = _content_shift(page)
        x0, top = float(page.bbox[0]), float(page.bbox[1])
    sheet = Image.new(
        "RGB", (rendered.width + _CODE_MARGIN, rendered.height + 16 + _LINE * len(legend)), "white"
    )
    sheet.paste(rendered, (_CODE_MARGIN, 0))
    canvas = _Canvas(
        sheet,
        Image.new("RGBA", sheet.size, (0, 0, 0, 0)),
        scale,
        _CODE_MARGIN - x0 * scale,
        -(top + shift) * scale,
    )
    for _, attempt in rejected:
        assert attempt.grid is not None
        ImageDraw.Draw(canvas.overlay).rectangle(
            canvas.box(attempt.grid.bbox), outline=REJECTED + (255,), width=3
        )
    for _, _, attempt in drawn:
        assert attempt.grid is not None and attempt.tmap is not None
        _header_band(canvas, attempt.grid, attempt.tmap.header_rows)
    sheet.paste(Image.alpha_composite(sheet.convert("RGBA"), canvas.overlay).convert("RGB"))
    draw = ImageDraw.Draw(sheet)
    for number, (_, table, attempt) in enumerate(drawn, start=1):
        assert attempt.grid is not None and attempt.tmap is not None
        grid = attempt.grid
        _grid_lines(draw, canvas, grid)
        draw.rectangle(canvas.box(grid.bbox), outline=TABLE_BOX, width=3)
        left, box_top, _, _ = canvas.box(grid.bbox)
        _chip(draw, left - 34, box_top + _FONT_SIZE + 4, f"[{number}]", TABLE_BOX)
        _column_chips(draw, canvas, grid, column_roles(attempt.tmap, grid.n_cols))
        _row_codes(draw, canvas, grid, table, page_no)
    for reading, attempt in rejected:
        assert attempt.grid is not None
        left, box_top, _, _ = canvas.box(attempt.grid.bbox)
        _chip(draw, left, box_top - 4, f"rejected: {reading.spec} [{attempt.rule}]", REJECTED)
    _legend(canvas, rendered.height, legend)
    return sheet


def save_png(inspection: Inspection, page_no: int, target: Path, password: str = "") -> None:
    buffer = io.BytesIO()
    draw_page(inspection, page_no, password).save(buffer, format="PNG", optimize=True)
    atomic_bytes(target, buffer.getvalue())
