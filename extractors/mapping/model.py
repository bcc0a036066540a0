"""What a mapping says: which grid column holds the code, the name and each spec column,
per side of a table, and the HeaderMismatch that rejects a grid."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MappedColumn:
    index: int
    id: str
    header: str
    kind: str = "amount"  # amount | text
    positional: bool = False  # no spec column names it: kept as colN (or seq)


@dataclass
class SideMap:
    """The key and value columns of one table, or of one side of a two-sided table."""

    side: str | None
    code_col: int | None = None
    code_header: str = ""
    split_cols: list[int] = field(default_factory=list)
    name_col: int | None = None
    # Where a row blank in the name column takes its name, first non-blank first.
    name_fallback_cols: list[int] = field(default_factory=list)
    group: str | None = None
    columns: list[MappedColumn] = field(default_factory=list)


@dataclass
class TableMap:
    header_rows: int
    paths: list[str]
    sides: list[SideMap]


class HeaderMismatch(Exception):
    """The grid's header does not carry what the spec requires; the reason says what, and
    `rule` names the test that failed (header_requires, header_excludes, no_amounts,
    two_sided_items)."""

    def __init__(self, message: str, rule: str, fallback: TableMap | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        # A map the grid may be taken with all the same (a continuation page read as the
        # open table's columns); None rejects the grid.
        self.fallback = fallback
