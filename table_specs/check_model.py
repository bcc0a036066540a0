"""Pydantic models of the arithmetic checks: in a spec's `checks:` list (one table) and in
`document_checks.yaml` (across the tables of one document)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

DOCUMENT_CHECKS_FILE = "document_checks.yaml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"regex {pattern!r} does not compile: {exc}") from exc
    return pattern


# A regex is checked item by item, so an error points at the list item and its YAML line.
Regex = Annotated[str, AfterValidator(_compiles)]


class CellSelector(Strict):
    """One cell: a row of a table, in the first of the listed columns the table prints."""

    table: str | None = Field(
        default=None,
        description="Spec id of the table; leave out in a spec's own checks (the table itself).",
    )
    side: str | None = Field(default=None, description="Side of a two-sided table: 收入 or 支出.")
    row: str = Field(
        default="@total",
        description="'@total' for the table's 合计 row, or a regex searched in the row's name "
        "(NFKC, no spaces, ordinal such as 一、 removed).",
    )
    code: str | None = Field(default=None, description="Select the row by its code instead.")
    column: list[str] = Field(
        min_length=1, description="Column ids; the first one the table prints is used."
    )
    optional: bool = Field(
        default=False,
        description="A part whose table or row is not printed counts as zero instead of "
        "skipping the check.",
    )

    @field_validator("column", mode="before")
    @classmethod
    def _listify(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    _check = field_validator("row")(
        classmethod(lambda cls, v: v if v == "@total" else _compiles(v))
    )


class ColumnSelector(Strict):
    """A column of every row of a table, for checks that pair rows across tables."""

    table: str
    side: str | None = None
    column: list[str] = Field(min_length=1)

    _listify = field_validator("column", mode="before")(
        classmethod(lambda cls, v: [v] if isinstance(v, str) else v)
    )


class CheckBase(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Rule id, unique in its file.")
    description: str = Field(default="", description="The identity in words, for people.")


class HierarchyCheck(CheckBase):
    """类 = Σ 款, 款 = Σ 项 and 合计 = Σ 类 (any code scheme with levels), per value column."""

    kind: Literal["hierarchy"]
    columns: list[str] = Field(
        default_factory=list, description="Column ids to check; empty means every amount column."
    )


class ColumnsCheck(CheckBase):
    """A row identity, on every row: the total column = the sum of the part columns."""

    kind: Literal["columns"]
    side: str | None = Field(default=None, description="Only this side of a two-sided table.")
    total: str = Field(description="Column id of the total, e.g. total.")
    parts: list[str] = Field(min_length=1, description="Column ids that must all be printed.")
    optional: list[str] = Field(
        default_factory=list, description="Column ids added when the table prints them."
    )
    unless_printed: list[str] = Field(
        default_factory=list,
        description="Column ids whose presence makes this identity redundant: another rule "
        "covers that layout, so the check is not run.",
    )


class ComparisonCheck(CheckBase):
    """Blocks of columns printed for comparison (上年 | 当年 | 增减, each with the same
    sub-columns): each block obeys the table's `columns` identities, and where a change
    block is printed, 当年 = 上年 + 增减 in every sub-column of every row."""

    kind: Literal["comparison"]
    change: Regex = Field(
        description="Regex for the first header level of the change block, e.g. ^(增减|变化)."
    )


class ItemsCheck(CheckBase):
    """Two-sided and item tables: a total row = the sum of the items listed above it."""

    kind: Literal["items"]
    side: str | None = None
    total: Regex = Field(description="Regex for the total row's name, e.g. ^本年收入合计$.")
    after: Regex | None = Field(
        default=None,
        description="Regex for an earlier total the sum starts from: 收入总计 = 本年收入合计 + "
        "every row between the two (上年结转, 用事业基金弥补收支差额, …), 其中 rows left out.",
    )
    column: str = "amount"


class OutlineCheck(CheckBase):
    """Item tables numbered 一、/（一）/1.: a row = the sum of the rows numbered one level
    deeper below it, in every amount column."""

    kind: Literal["outline"]
    side: str | None = None
    columns: list[str] = Field(
        default_factory=list, description="Column ids to check; empty means every amount column."
    )


class SumCheck(CheckBase):
    """One cell = the sum of other cells, in one table or across tables."""

    kind: Literal["sum"]
    total: CellSelector
    parts: list[CellSelector] = Field(min_length=1)


class RowsCheck(CheckBase):
    """Every row of a level in the part tables = the row of the same 科目 in the total table
    (matched by code, or by name when the total table prints names only)."""

    kind: Literal["rows"]
    level: int = Field(default=1, ge=1, le=3, description="1 = 类, 2 = 款, 3 = 项.")
    total: ColumnSelector
    parts: list[ColumnSelector] = Field(
        min_length=1, description="Tables not printed count as zero, so list every source."
    )


TableCheck = Annotated[
    HierarchyCheck | ColumnsCheck | ComparisonCheck | ItemsCheck | OutlineCheck | SumCheck,
    Field(discriminator="kind"),
]
DocumentCheck = Annotated[SumCheck | RowsCheck, Field(discriminator="kind")]


class Rounding(Strict):
    per_addend: Decimal = Field(
        default=Decimal("0.5"),
        ge=0,
        description="Allowed difference per cell in the sum, in units of the last printed digit "
        "(0.5: each printed cell may be off by half a cent when amounts print to 0.01).",
    )


class DocumentChecks(Strict):
    """The contents of document_checks.yaml."""

    rounding: Rounding = Field(default_factory=Rounding)
    checks: list[DocumentCheck] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tables_named(self) -> DocumentChecks:
        for check in self.checks:
            if isinstance(check, SumCheck) and any(
                c.table is None for c in (check.total, *check.parts)
            ):
                raise ValueError(f"check {check.id!r}: every cell needs its table (a spec id)")
        ids = [c.id for c in self.checks]
        if len(ids) != len(set(ids)):
            raise ValueError(f"check ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
        return self
