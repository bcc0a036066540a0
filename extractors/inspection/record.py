"""`inspect`: one extraction run with its trace, and the role each column of a read grid
played. The listing and the picture are laid out from this; both show what extract did."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from budgetpdf.extractors.assemble.trace import Outcome, PageTrace, Reading, Trace
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.mapping.model import TableMap
from budgetpdf.extractors.result import DocumentResult, Table
from budgetpdf.table_specs.loader import SpecSet

_SPLIT_NAMES = ("类", "款", "项")


@dataclass
class ColumnRole:
    """What one column of a grid became: a key, a spec column, or a positional column that no
    spec column names (kept in the output as colN)."""

    index: int  # 0-based, in the grid
    path: str  # the header path, parent first ("基本支出/人员经费")
    role: str  # code | name | value | text | unmapped | sequence | unread
    column_id: str | None = None
    side: str | None = None
    part: str | None = None  # 类, 款 or 项 for a code split over columns

    @property
    def label(self) -> str:
        return self.column_id or self.role


def column_roles(tmap: TableMap, n_cols: int) -> list[ColumnRole]:
    roles: dict[int, ColumnRole] = {}
    for side in tmap.sides:
        for number, col in enumerate(side.split_cols):
            roles[col] = ColumnRole(col, "", "code", "code", side.side, _SPLIT_NAMES[number])
        if side.code_col is not None:
            roles[side.code_col] = ColumnRole(side.code_col, "", "code", "code", side.side)
        if side.name_col is not None:
            roles[side.name_col] = ColumnRole(side.name_col, "", "name", "name", side.side)
        for mapped in side.columns:
            if mapped.positional and mapped.id == "seq":
                kind = "sequence"
            elif mapped.positional:
                kind = "unmapped"
            else:
                kind = "text" if mapped.kind == "text" else "value"
            roles[mapped.index] = ColumnRole(mapped.index, "", kind, mapped.id, side.side)
    out = []
    for col in range(n_cols):
        role = roles.get(col, ColumnRole(col, "", "unread"))
        role.path = tmap.paths[col] if col < len(tmap.paths) else ""
        out.append(role)
    return out


@dataclass
class Inspection:
    path: Path
    result: DocumentResult
    trace: Trace

    @property
    def pages(self) -> list[PageTrace]:
        return [self.trace.pages[n] for n in sorted(self.trace.pages)]

    def page(self, page_no: int) -> PageTrace:
        return self.trace.pages[page_no]

    def table_of(self, reading: Reading) -> Table | None:
        if reading.outcome is not Outcome.TABLE or reading.table is None:
            return None
        return self.result.tables[reading.table]

    def tables_on(self, page_no: int) -> list[tuple[Reading, Table]]:
        """The readings of a page that became tables, top first, with their tables."""
        found = []
        for reading in self.page(page_no).readings:
            table = self.table_of(reading)
            if table is not None:
                found.append((reading, table))
        return found


def inspect_document(
    path: Path, specs: SpecSet, options: ExtractOptions | None = None
) -> Inspection:
    """Extract the document as `extract` does, keeping the trace of every decision."""
    trace = Trace(explain=True)
    result = extract_document(path, specs, options, trace)
    return Inspection(Path(path), result, trace)
