"""A table's pieces in, one Table out: its columns, its rows read page after page (a name
cut by a page break joined), its unit and the finest digit it prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budgetpdf.extractors.assemble.outline import set_levels
from budgetpdf.extractors.assemble.regions import Part
from budgetpdf.extractors.assemble.rows import RowContext, finishes_cut_name, rows_from_grid
from budgetpdf.extractors.assemble.units import RowLayout, mark_budget_units, row_layouts
from budgetpdf.extractors.codes import resolve_scheme
from budgetpdf.extractors.mapping.model import SideMap
from budgetpdf.extractors.notices import Notice, NoticeKind
from budgetpdf.extractors.result import Column, Row, Table
from budgetpdf.table_specs.model import TableSpec
from budgetpdf.table_specs.vocabulary import CodeScheme


@dataclass
class Pending:
    """A table being read: its spec, title and unit, and a part for each page read so far."""

    spec: TableSpec
    title: str
    unit: str | None
    parts: list[Part] = field(default_factory=list)
    # The page of a title printed at the foot of the page before the table.
    title_page: int | None = None
    # The body its heading names ("单位名称：某某中心"), where one is printed under the title.
    heading_body: str | None = None
    # Pages that continue its ruling with nothing in it (a blank column or row spilled over).
    empty_pages: list[int] = field(default_factory=list)


def build_table(
    pending: Pending, fallback_unit: str, output_unit: str | None, notices: list[Notice]
) -> Table:
    spec = pending.spec
    first = pending.parts[0]
    unit = pending.unit or fallback_unit
    if pending.unit is None:
        notices.append(
            Notice.of(NoticeKind.UNIT_NOT_PRINTED, page=first.grid.page, spec=spec.id, unit=unit)
        )
    scheme = _scheme(pending, notices)
    context = RowContext(scheme, unit, output_unit or unit, notices, spec.id)
    rows, layouts = _rows(pending, context)
    mark_budget_units(rows, layouts)
    set_levels(rows, layouts, scheme)
    # A title printed at the foot of the page before its table belongs to the table.
    pages = sorted({p.grid.page for p in pending.parts} | set(pending.empty_pages))
    notices += [
        Notice.of(NoticeKind.EMPTY_CONTINUATION, page=page, spec=spec.id)
        for page in pending.empty_pages
    ]
    if pending.title_page is not None and pending.title_page not in pages:
        pages.insert(0, pending.title_page)
    return Table(
        spec=spec.id,
        title=pending.title,
        pages=pages,
        unit=pending.unit,
        output_unit=context.output_unit,
        extractor=first.grid.engine,
        code_scheme=scheme.value,
        columns=_columns(first),
        rows=rows,
        header_rows=first.tmap.header_rows,
        bboxes={p.grid.page: p.grid.bbox for p in pending.parts},
        amount_step=_amount_step(rows),
    )


def _scheme(pending: Pending, notices: list[Notice]) -> CodeScheme:
    """The table's code scheme; a coded table printed without a code column is noticed."""
    spec = pending.spec
    first = pending.parts[0]
    sides = first.tmap.sides
    scheme = resolve_scheme(spec.code_scheme, sides[0].code_header)
    has_rows = any(p.grid.n_rows > p.tmap.header_rows for p in pending.parts)
    if (
        spec.layout == "coded"
        and sides[0].code_col is None
        and not sides[0].split_cols
        and scheme is not CodeScheme.ITEM
        and has_rows
    ):
        notices.append(Notice.of(NoticeKind.NO_CODE_COLUMN, page=first.grid.page, spec=spec.id))
    return scheme


def _columns(first: Part) -> list[Column]:
    # Side-by-side blocks of one table (sides without a name) share their column ids.
    columns: list[Column] = []
    for side_map in first.tmap.sides:
        for m in side_map.columns:
            if not any(c.id == m.id and c.side == side_map.side for c in columns):
                columns.append(Column(m.id, m.header, m.kind, side_map.side))
    return columns


def _rows(pending: Pending, context: RowContext) -> tuple[list[Row], list[RowLayout]]:
    """The table's rows, page after page, with how each is laid out."""
    rows: list[Row] = []
    layouts: list[RowLayout] = []
    for number, part in enumerate(pending.parts):
        for side in part.tmap.sides:
            previous = next((r.code for r in reversed(rows) if r.code), "")
            new = rows_from_grid(part.grid, part.tmap.header_rows, side, context, previous)
            _confidences(part, side, new)
            if number and len(part.tmap.sides) == 1 and rows and new:
                new = _join_cut_name(pending.parts[number - 1], rows[-1], part, new)
            rows += new
            layouts += row_layouts(part, side, new)
    return rows, layouts


def _confidences(part: Part, side: SideMap, rows: list[Row]) -> None:
    """Each value's OCR confidence, from the grid cell it was read from (scanned pages)."""
    for row in rows:
        if row.grid_row is None:
            continue
        for column in side.columns:
            cell = part.grid.owner[row.grid_row][column.index]
            if cell is not None and cell.confidence is not None and column.id in row.values:
                if row.values[column.id] is not None:
                    row.confidence[column.id] = cell.confidence


def _join_cut_name(before: Part, last: Row, part: Part, new: list[Row]) -> list[Row]:
    """The rows of a continuation page, less a first row that only ends the name of the
    previous page's last row (that name is completed in place)."""
    side = before.tmap.sides[0]
    cell = (
        before.grid.owner[last.grid_row][side.name_col]
        if side.name_col is not None and last.grid_row is not None and last.page == before.grid.page
        else None
    )
    wrapped = cell is not None and cell.wrapped
    if not finishes_cut_name(last, wrapped, new[0], part.tmap.header_rows):
        return new
    last.name += new[0].name
    return new[1:]


def _amount_step(rows: list[Row]) -> Decimal | None:
    """The finest printed digit among a table's amounts: "764.89" → 0.01 (exponent -2)."""
    exponents = [
        int(value.as_tuple().exponent)
        for row in rows
        for value in row.values.values()
        if value is not None and value != 0
    ]
    return Decimal(1).scaleb(min(exponents)) if exponents else None
