"""Notices: what a reading noticed that a user should know, short of an error.

Every kind is registered here with its message template, so the vocabulary is closed and a
notice's place (page, table, row, column) is a field of the record, not words inside its
message. document.json keeps them under `warnings`, one object each:
`{"type": "not_an_amount", "message": "…", "page": 8, "spec": "…", "row": "…", "column": "…"}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class NoticeKind(str, Enum):
    """A kind of notice: its slug (the JSON `type`) and the template its message follows.

    A template names the notice's own fields ({page}, {spec}, {row}, {column}) and the
    details given when it is made."""

    template: str

    def __new__(cls, slug: str, template: str) -> NoticeKind:
        kind = str.__new__(cls, slug)
        kind._value_ = slug
        kind.template = template
        return kind

    TITLE_WITHOUT_TABLE = (
        "title_without_table",
        "{title!r} looks like the title of {spec} but was not taken: {reason}",
    )
    UNIT_NOT_PRINTED = (
        "unit_not_printed",
        "{spec}: no 单位 line found; assumed {unit}, the document's usual unit",
    )
    NO_CODE_COLUMN = ("no_code_column", "{spec}: no code column: rows keyed by name")
    EMPTY_CONTINUATION = (
        "empty_continuation",
        "{spec}: page {page} continues the table's ruling with no amount in it "
        "(a blank row or column spilled over); the page is listed, no row is read there",
    )
    NOT_AN_AMOUNT = (
        "not_an_amount",
        "row {row!r}, column {column!r}: {text!r} is not an amount; left empty",
    )
    IRREGULAR_SEPARATORS = (
        "irregular_separators",
        "row {row!r}, column {column!r}: {text!r} has irregular thousands separators; read as {amount}",
    )
    REPAIRED = (
        "repaired",
        "pdfminer cannot read the file as it is ({reason}); read pdfium's rewritten copy instead",
    )
    PAGE_UNREADABLE = ("page_unreadable", "page {page} cannot be parsed and was skipped: {reason}")
    IDENTITY_NOT_STATED = (
        "identity_not_stated",
        "the document does not state its {field} (cover, title or 部门名称 line); left empty",
    )
    IDENTITY_FROM_FILE_NAME = (
        "identity_from_file_name",
        "{field} read from the file name {file!r}: the document does not state it",
    )
    LAYOUT_FALLBACK = (
        "layout_fallback",
        "pdfium cannot lay out page {page} ({reason}); read it with pdfminer instead",
    )
    CODE_FROM_DICTIONARY = (
        "code_from_dictionary",
        "{spec}: row {name!r} printed without a code: {code} from the 科目 dictionary "
        "({official}, {year}), the one code that fits {context}",
    )
    NAME_DIFFERS_FROM_CODE = (
        "name_differs_from_code",
        "{spec}: row {row!r} is printed as {printed!r} but {row} is {official!r} in the 科目 "
        "dictionary ({year}): a misread digit?",
    )

    OCR_PAGE = (
        "ocr_page",
        "page {page} read by OCR (turned {skew}° straight, lowest line confidence {confidence}): "
        "its values are marked source ocr",
    )
    OCR_UNAVAILABLE = (
        "ocr_unavailable",
        "page {page} has no text layer and {reason}: skipped; {hint}",
    )

    @classmethod
    def of_slug(cls, slug: str) -> NoticeKind:
        """The kind a document.json names; ValueError for a slug not registered."""
        for kind in cls:
            if kind.value == slug:
                return kind
        raise ValueError(f"unknown notice type {slug!r}")


@dataclass
class Notice:
    kind: NoticeKind
    message: str
    page: int | None = None
    spec: str | None = None
    row: str | None = None
    column: str | None = None

    @classmethod
    def of(
        cls,
        kind: NoticeKind,
        *,
        page: int | None = None,
        spec: str | None = None,
        row: str | None = None,
        column: str | None = None,
        **details: object,
    ) -> Notice:
        """A notice of `kind`, its message filled from its fields and `details`."""
        fields = {"page": page, "spec": spec, "row": row, "column": column}
        return cls(kind, kind.template.format(**fields, **details), page, spec, row, column)

    @property
    def slug(self) -> str:
        return self.kind.value

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.slug,
            "message": self.message,
            "page": self.page,
            "spec": self.spec,
            "row": self.row,
            "column": self.column,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notice:
        return cls(
            NoticeKind.of_slug(data["type"]),
            data["message"],
            data.get("page"),
            data.get("spec"),
            data.get("row"),
            data.get("column"),
        )
