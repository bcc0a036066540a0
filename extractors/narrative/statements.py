"""Sentences in, the amounts they state out: each statement pattern of
`narrative_checks.yaml` searched in each sentence, an amount taken by one statement never
read again by a later one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetpdf.extractors.result import Sentence
from budgetpdf.table_specs.statement_model import NarrativeChecks, Statement, expand

_QUOTE_SPAN = 60  # characters quoted each side of a statement in a long sentence


@dataclass(frozen=True)
class Found:
    """One amount a sentence states, with what it is about."""

    statement: Statement
    sentence: Sentence
    subject: str  # the words before the amount, as matched
    amount: Decimal
    unit: str
    percent: Decimal | None
    classes: tuple[str, ...]  # 类 / 款 / 项 names, for a classified statement
    year: str | None  # the year printed right before the subject ("2021年…")
    start: int
    end: int

    @property
    def quote(self) -> str:
        """The sentence, cut around the statement when it is long."""
        text = self.sentence.text
        if len(text) <= 2 * _QUOTE_SPAN + 40:
            return text
        left, right = max(self.start - _QUOTE_SPAN, 0), self.end + _QUOTE_SPAN
        return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def find_statements(sentences: list[Sentence], narrative: NarrativeChecks) -> list[Found]:
    """Every statement found, in the order of the sentences."""
    share = re.compile(expand(narrative.share))
    compiled = [
        (statement, [re.compile(expand(p)) for p in statement.patterns])
        for statement in narrative.statements
    ]
    found: list[Found] = []
    for sentence in sentences:
        taken: list[tuple[int, int]] = []
        here: list[Found] = []
        for statement, patterns in compiled:
            if not _in_section(statement, sentence.section):
                continue
            for pattern in patterns:
                for match in pattern.finditer(sentence.text):
                    span = match.span("amount")
                    if any(a < span[1] and span[0] < b for a, b in taken):
                        continue
                    taken.append(span)
                    here.append(_found(statement, sentence, match, share))
        found += sorted(here, key=lambda f: f.start)
    return found


_YEAR_BEFORE = re.compile(r"(20\d\d)年度?[^\d,;。]{0,14}$")
_DOCUMENT_YEAR = re.compile(r"(20\d\d)年")


def _year_before(text: str, start: int) -> str | None:
    match = _YEAR_BEFORE.search(text[:start])
    return match.group(1) if match else None


def document_year(heading: str) -> str | None:
    """The year a document's heading names first ("2023年单位预算")."""
    match = _DOCUMENT_YEAR.search(heading)
    return match.group(1) if match else None


def _in_section(statement: Statement, section: str) -> bool:
    if statement.section and not re.search(statement.section, section):
        return False
    return not (statement.not_section and re.search(statement.not_section, section))


def _found(
    statement: Statement, sentence: Sentence, match: re.Match[str], share: re.Pattern[str]
) -> Found:
    groups = match.groupdict()
    after = share.match(sentence.text[match.end() :])
    amount, unit = Decimal(groups["amount"].replace(",", "")), groups["unit"]
    if unit == "亿元":
        # 1.5亿元 is 15000万元, exact, and still precise to 0.01亿元 (its exponent moves too).
        amount, unit = amount.scaleb(4), "万元"
    return Found(
        statement=statement,
        sentence=sentence,
        subject=sentence.text[match.start() : match.start("amount")],
        amount=amount,
        unit=unit,
        percent=Decimal(after.group("percent")) if after else None,
        classes=tuple(groups.get(g) or "" for g in ("lei", "kuan", "xiang") if g in groups),
        year=_year_before(sentence.text, match.start()),
        start=match.start(),
        end=match.end() + (after.end() if after else 0),
    )
