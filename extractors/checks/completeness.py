"""Whether a document prints the standard tables its kind must publish (required_tables.yaml):
one check of kind `completeness` per required table. A table not printed fails, naming where
the document itself names it (its contents line or a narrative heading: the
`title_without_table` notices); a table printed without amounts passes only where the
document says nothing is spent under it (本单位无此项支出)."""

from __future__ import annotations

import re

from budgetpdf.extractors.notices import NoticeKind
from budgetpdf.extractors.result import (
    Check,
    CheckKind,
    CheckStatus,
    DocumentResult,
    Sentence,
    Table,
)
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.statement_model import DocumentKind, RequiredTable, RequiredTables

KIND = CheckKind.COMPLETENESS


def document_kind(result: DocumentResult, required: RequiredTables) -> DocumentKind | None:
    """The first kind whose title pattern the document's heading lines hold (joined without
    spaces: a title may wrap, "…部门预" / "算")."""
    heading = result.heading.replace(" ", "")
    return next((k for k in required.kinds if re.search(k.title, heading)), None)


def check_completeness(result: DocumentResult, required: RequiredTables) -> list[Check]:
    kind = document_kind(result, required)
    if kind is None:
        return []
    if not result.tables:
        # A narrative whose tables are a separate attachment: extract reports it (exit 7).
        reason = (
            "the document prints no standard table (a narrative whose tables are published apart?)"
        )
        return [
            _check(kind, need, CheckStatus.SKIPPED, "not printed", reason) for need in kind.tables
        ]
    return [_one(result, required, kind, need) for need in kind.tables]


def _rule(kind: DocumentKind, need: RequiredTable) -> str:
    return f"completeness.{kind.id}.{need.tables[0]}"


def _check(
    kind: DocumentKind,
    need: RequiredTable,
    status: CheckStatus,
    what: str,
    reason: str | None = None,
) -> Check:
    check = Check(
        rule=_rule(kind, need),
        status=status,
        message=f"{need.name}: {what}",
        reason=reason if status is CheckStatus.SKIPPED else None,
    )
    check.kind = KIND
    return check


def _one(
    result: DocumentResult, required: RequiredTables, kind: DocumentKind, need: RequiredTable
) -> Check:
    printed = [t for t in result.tables if t.spec in need.tables]
    unreadable = [w.page for w in result.warnings if w.kind is NoticeKind.PAGE_UNREADABLE]
    if not printed and unreadable:
        pages = ", ".join(f"p.{p}" for p in unreadable)
        reason = f"not read, but {pages} could not be parsed: it may be printed there"
        return _check(kind, need, CheckStatus.SKIPPED, "not read", reason)
    if not printed:
        named = _named(result, need)
        where = f"; the document names it on {named}" if named else "; the document never names it"
        stated = _no_spending(result.narrative, required, need)
        said = f"; it states “{stated.text}” (p.{stated.page})" if stated else ""
        return _check(kind, need, CheckStatus.FAIL, f"not printed{where}{said}")
    table = printed[0]
    pages = "-".join(map(str, sorted({table.pages[0], table.pages[-1]})))
    if _has_amounts(table):
        return _check(kind, need, CheckStatus.PASS, f"printed ({table.spec}, p.{pages})")
    stated = _no_spending(result.narrative, required, need)
    if stated:
        what = f"printed empty (p.{pages}); the document states “{stated.text}” (p.{stated.page})"
        return _check(kind, need, CheckStatus.PASS, what)
    # Printed empty without a word on why: reported as such, not failed, since an empty
    # table is the template's way of saying nothing is spent.
    return _check(
        kind,
        need,
        CheckStatus.SKIPPED,
        f"printed empty (p.{pages})",
        "printed empty, and the document does not say that nothing is spent under it",
    )


def _has_amounts(table: Table) -> bool:
    return any(v for row in table.rows for v in row.values.values())


def _named(result: DocumentResult, need: RequiredTable) -> str:
    """Where the document names the table without printing it: 'p.2 (“八、政府性基金预算支出表”)'."""
    # By spec, or by the table's name in the line: "五、一般公共预算支出表(分功能科目,分单位)" is
    # taken for the 分单位 variant's title, yet names the 一般公共预算支出表 too.
    name = normalize_text(need.name)
    places = [
        f"p.{w.page}"
        for w in result.warnings
        if w.kind is NoticeKind.TITLE_WITHOUT_TABLE
        and (w.spec in need.tables or name in normalize_text(w.message))
    ]
    return ", ".join(dict.fromkeys(places))


def _no_spending(
    sentences: list[Sentence], required: RequiredTables, need: RequiredTable
) -> Sentence | None:
    """A sentence saying nothing is spent under the table's subject."""
    if need.subject is None:
        return None
    for sentence in sentences:
        about = re.search(need.subject, sentence.text) or re.search(need.subject, sentence.section)
        if about and any(re.search(p, sentence.text) for p in required.no_spending):
            return sentence
    return None
