"""Pydantic models of a table spec; every YAML key is declared here or, for the `checks:` list,
in check_model.py."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from budgetpdf.table_specs.check_model import (
    ColumnsCheck,
    ComparisonCheck,
    HierarchyCheck,
    ItemsCheck,
    OutlineCheck,
    Regex,
    Strict,
    SumCheck,
    TableCheck,
)
from budgetpdf.table_specs.vocabulary import CodeScheme, EngineChoice


class ColumnSpec(Strict):
    """One value column to pull: its stable id and the header paths that name it."""

    id: str = Field(
        pattern=r"^[a-z][a-z0-9_]*$", description="Stable column id used in the output."
    )
    headers: list[Regex] = Field(
        min_length=1,
        description="Regexes searched in the column's header path ('基本支出/人员经费', NFKC, no spaces).",
    )
    description: str = ""


class KeyColumns(Strict):
    """How the row key (code and name) columns are recognised by their header."""

    code: list[Regex] = Field(default_factory=list, description="Regexes for a code column header.")
    code_split: list[Regex] = Field(
        default_factory=list,
        description="Regexes for the 类 | 款 (| 项) column headers, when the code is split.",
    )
    name: list[Regex] = Field(
        default_factory=list, description="Regexes for the name column header."
    )
    name_fallback: list[Regex] = Field(
        default_factory=list,
        description="Regexes for the columns, in order of preference, whose text names a row "
        "that leaves the name column blank (政府采购: the item bought, then the 专项).",
    )

    @field_validator("code_split")
    @classmethod
    def _three(cls, value: list[str]) -> list[str]:
        if value and len(value) not in (2, 3):
            raise ValueError("code_split takes two or three regexes: 类, 款 (, 项)")
        return value


class SideSpec(Strict):
    """One side of a two-sided table (收入 on the left, 支出 on the right)."""

    side: str = Field(description="The side's name in the output, e.g. 收入.")
    columns: list[ColumnSpec] = Field(min_length=1)


class TableSpec(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(description="The standard title, for people.")
    description: str = ""
    layout: Literal["coded", "two_sided"] = "coded"
    code_scheme: CodeScheme = CodeScheme.FUNCTION
    titles: list[Regex] = Field(min_length=1, description="Regexes searched in a title line.")
    exclude_titles: list[Regex] = Field(
        default_factory=list, description="A title line matching any of these is not this table."
    )
    header_requires: list[Regex] = Field(
        default_factory=list,
        description="Regexes that must each be found in the table's header text.",
    )
    header_excludes: list[Regex] = Field(
        default_factory=list,
        description="A table whose header text matches any of these is not this table.",
    )
    key_columns: KeyColumns = Field(default_factory=KeyColumns)
    columns: list[ColumnSpec] = Field(default_factory=list)
    text_columns: list[ColumnSpec] = Field(
        default_factory=list,
        description="Columns kept as text, not amounts (项目单位, 采购方式).",
    )
    secondary_headers: list[Regex] = Field(
        default_factory=list,
        description="Regexes for the header paths of columns printed for comparison "
        "('增减变化情况/合计'): a spec column takes one only when no other column matches it. "
        "Columns under an earlier year than the latest the header names are secondary too.",
    )
    sides: list[SideSpec] = Field(default_factory=list)
    engine: EngineChoice = EngineChoice.AUTO
    fallback: bool = Field(
        default=False,
        description="The spec of last resort (`other`): its titles are tried only where no "
        "other spec's titles match, or where the specs a title matches reject the table's "
        "header. Its columns may be left out: every column is then kept by position.",
    )
    checks: list[TableCheck] = Field(
        default_factory=list, description="Arithmetic the table's printed numbers must obey."
    )

    @model_validator(mode="after")
    def _layout_fits(self) -> TableSpec:
        if self.layout == "two_sided" and len(self.sides) != 2:
            raise ValueError("a two_sided table needs exactly two entries under 'sides'")
        if self.layout == "coded" and (self.sides or not (self.columns or self.fallback)):
            raise ValueError("a coded table needs 'columns' and no 'sides'")
        ids = [c.id for c in (*self.columns, *self.text_columns)]
        if len(ids) != len(set(ids)):
            raise ValueError(f"column ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
        known = set(self.column_ids())
        for check in self.checks:
            unknown = sorted(set(_check_columns(check)) - known)
            if unknown:
                raise ValueError(f"check {check.id!r} names columns the spec lacks: {unknown}")
            if isinstance(check, SumCheck) and any(
                c.table not in (None, self.id) for c in (check.total, *check.parts)
            ):
                raise ValueError(
                    f"check {check.id!r} names another table: put it in document_checks.yaml"
                )
        check_ids = [c.id for c in self.checks]
        if len(check_ids) != len(set(check_ids)):
            raise ValueError(f"check ids repeat: {check_ids}")
        return self

    def column_ids(self) -> list[str]:
        """Amount column ids, both sides of a two-sided table included."""
        return [c.id for c in self.columns] + [c.id for s in self.sides for c in s.columns]


def _check_columns(check: TableCheck) -> list[str]:
    if isinstance(check, HierarchyCheck | OutlineCheck):
        return list(check.columns)
    if isinstance(check, ColumnsCheck):
        return [check.total, *check.parts, *check.optional, *check.unless_printed]
    if isinstance(check, ItemsCheck):
        return [check.column]
    if isinstance(check, ComparisonCheck):
        return []
    return [c for cell in (check.total, *check.parts) for c in cell.column]
