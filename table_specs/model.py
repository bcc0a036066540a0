"""Pydantic models of a table spec; every YAML key is declared here and nowhere else."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from budgetpdf.extractors.codes import CodeScheme


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"regex {pattern!r} does not compile: {exc}") from exc
    return pattern


# A regex is checked item by item, so an error points at the list item and its YAML line.
Regex = Annotated[str, AfterValidator(_compiles)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    sides: list[SideSpec] = Field(default_factory=list)
    engine: Literal["auto", "ruled", "words", "camelot"] = "auto"

    @model_validator(mode="after")
    def _layout_fits(self) -> TableSpec:
        if self.layout == "two_sided" and len(self.sides) != 2:
            raise ValueError("a two_sided table needs exactly two entries under 'sides'")
        if self.layout == "coded" and (self.sides or not self.columns):
            raise ValueError("a coded table needs 'columns' and no 'sides'")
        ids = [c.id for c in (*self.columns, *self.text_columns)]
        if len(ids) != len(set(ids)):
            raise ValueError(f"column ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
        return self
