"""Pydantic models of what a document says about its own tables: the narrative sentences
that restate a table's amounts (`narrative_checks.yaml`) and the standard tables each kind of
document must print (`required_tables.yaml`)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from budgetpdf.table_specs.check_model import CellSelector, Regex, Strict

NARRATIVE_CHECKS_FILE = "narrative_checks.yaml"
REQUIRED_TABLES_FILE = "required_tables.yaml"

# What `{amount}` and `{percent}` in a statement pattern stand for, in NFKC text without
# spaces ("1, 236. 74 万元" is read as "1,236.74万元"): an amount with its unit, a share.
AMOUNT_GROUP = r"(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>亿元|万元|元)"
PERCENT_GROUP = r"(?P<percent>\d+(?:\.\d+)?)%"
# The words between a subject and its amount: "基本支出预算数为838.38万元", "共计", "安排".
IS_GROUP = r"(?:预算数?|总额|安排|共计?|合计|总计|为|是|:|达到?)*"
# The names of a 类 / 款 / 项 in a sentence such as "社会保障和就业支出(类)行政事业单位养老支出(款)
# 事业单位离退休(项)": the groups a `classified` pattern names.
CLASS_GROUPS = ("lei", "kuan", "xiang")


def expand(pattern: str) -> str:
    """A statement pattern as compiled: `{amount}` and `{percent}` replaced by their groups."""
    for name, group in (
        ("{amount}", AMOUNT_GROUP),
        ("{percent}", PERCENT_GROUP),
        ("{is}", IS_GROUP),
    ):
        pattern = pattern.replace(name, group)
    return pattern


def _compiles_with(pattern: str, group: str, missing: str) -> str:
    """A statement pattern that compiles once expanded and names `group`."""
    try:
        compiled = re.compile(expand(pattern))
    except re.error as exc:
        raise ValueError(f"regex {pattern!r} does not compile: {exc}") from exc
    if group not in compiled.groupindex:
        raise ValueError(f"regex {pattern!r} has no {{{group}}}{missing}")
    return pattern


def _compiles_expanded(pattern: str) -> str:
    return _compiles_with(pattern, "amount", ": nothing to compare")


StatementRegex = Annotated[str, AfterValidator(_compiles_expanded)]


class Statement(Strict):
    """One kind of sentence that restates a table's amount, and the cells it may mean."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Statement id, unique in its file.")
    description: str = Field(default="", description="What the sentence states, for people.")
    patterns: list[StatementRegex] = Field(
        min_length=1,
        description="Regexes searched in each sentence (NFKC, no spaces, full-width "
        "punctuation as ASCII): `{amount}` stands for the amount and its unit; the subject "
        "words must come right before it.",
    )
    section: Regex | None = Field(
        default=None,
        description="Only in sentences under a heading matching this regex (the latest "
        "一、 / (一) heading above the sentence).",
    )
    not_section: Regex | None = Field(
        default=None, description="Not in sentences under a heading matching this regex."
    )
    cells: list[CellSelector] = Field(
        default_factory=list,
        description="The cells the amount may restate, each in its table (spec id). Every "
        "one the document prints is read: when they disagree the statement is ambiguous "
        "and skipped, never guessed.",
    )
    classified: bool = Field(
        default=False,
        description="The pattern names a 类 / 款 / 项 by the groups lei, kuan, xiang; the "
        "cell is the row of that 科目 in the tables of `cells` (their column).",
    )
    share_of: list[CellSelector] = Field(
        default_factory=list,
        description="The cells a share printed after the amount (占67.79%) is of; the "
        "first one the document prints.",
    )

    @field_validator("cells", "share_of")
    @classmethod
    def _tables_named(cls, cells: list[CellSelector]) -> list[CellSelector]:
        if any(c.table is None for c in cells):
            raise ValueError("every cell needs its table (a spec id)")
        return cells

    @model_validator(mode="after")
    def _something_to_compare(self) -> Statement:
        if not self.cells:
            raise ValueError(f"statement {self.id!r}: `cells` names nothing to compare with")
        if self.classified:
            groups = {g for p in self.patterns for g in re.compile(expand(p)).groupindex}
            if not groups & set(CLASS_GROUPS):
                raise ValueError(
                    f"statement {self.id!r}: a classified pattern needs a lei, kuan or xiang group"
                )
        return self


def _share_compiles(pattern: str) -> str:
    return _compiles_with(pattern, "percent", "")


class NarrativeChecks(Strict):
    """The contents of narrative_checks.yaml."""

    share: Annotated[str, AfterValidator(_share_compiles)] = Field(
        default=r"^,?占[^\d,;。]{0,14}{percent}",
        description="Regex matched right after a statement's amount for the share printed "
        "beside it (,占67.79%); `{percent}` is the number before %.",
    )
    headings: Regex = Field(
        default=r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))",
        description="A line matching this regex (and shorter than 60 characters, with no "
        "sentence end) is a heading: statements' `section` is matched against it.",
    )
    statements: list[Statement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> NarrativeChecks:
        ids = [s.id for s in self.statements]
        if len(ids) != len(set(ids)):
            raise ValueError(
                f"statement ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}"
            )
        return self


class RequiredTable(Strict):
    """A standard table a kind of document must print."""

    name: str = Field(description="The table as the national template names it.")
    tables: list[str] = Field(
        min_length=1, description="Spec ids of the tables that satisfy it (any one)."
    )
    subject: Regex | None = Field(
        default=None,
        description="Regex for what the table is about (政府性基金): a `no_spending` sentence "
        "naming it, or under a heading naming it, makes the table printed empty complete.",
    )


class DocumentKind(Strict):
    """Which documents a list of required tables is for."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Regex = Field(description="Regex searched in the document's first pages' lines.")
    tables: list[RequiredTable] = Field(min_length=1)


class RequiredTables(Strict):
    """The contents of required_tables.yaml: the first kind whose title matches applies."""

    no_spending: list[Regex] = Field(
        default_factory=list,
        description="Regexes for a sentence stating that nothing is spent under a table "
        "(本单位无此项支出): a table printed empty is then complete.",
    )
    kinds: list[DocumentKind] = Field(default_factory=list)
