"""The 政府收支分类科目 dictionary bundled with the specs (`table_specs/classification/*.tsv`):
official names of 支出功能分类 and 支出经济分类 codes by year, and what a reading does with
them: every coded row gets its `classification_name`, a printed name that does not fit its
code is a notice (the usual sign of a misread digit), and a row printed without a code gets
one where its name and its place under the rows above fit exactly one code.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from budgetpdf.extractors.codes import code_level, code_parent
from budgetpdf.extractors.notices import Notice, NoticeKind
from budgetpdf.extractors.result import DocumentResult, Row, Table
from budgetpdf.table_specs.vocabulary import CodeScheme

FILES = {
    "function.tsv": CodeScheme.FUNCTION,
    "economic_department.tsv": CodeScheme.ECONOMIC,
    "economic_government.tsv": CodeScheme.ECONOMIC,
}
# Which scheme a code's first digit belongs to: 2xx function, 3xx and 5xx economic.
_FIRST_DIGIT = {"2": CodeScheme.FUNCTION, "3": CodeScheme.ECONOMIC, "5": CodeScheme.ECONOMIC}
# "一、", "(一)", "1.", "其中:", and the dashes some publishers indent names with ("-行政单位离退休").
_ORDINAL = re.compile(
    r"^([一二三四五六七八九十廿]+、|\(?[一二三四五六七八九十]+\)|\d+[.、]|其中:|[-—–·•]+)"
)
# Punctuation and brackets never decide whether two names are the same: "维修(护)费" and
# "维修（护）费", "对个人和家庭的补助" and "对个人和家庭补助" (the 的 is a known abbreviation).
_NOISE = re.compile(r"[\s()（）\[\]【】“”\"'、,，.。:：;；的]")
_AGREEING_BIGRAMS = 0.5
_POSITIONAL = re.compile(r"col\d+")  # a column no spec entry names


@dataclass(frozen=True)
class Entry:
    scheme: CodeScheme
    code: str
    name: str
    first: int | None  # first year the name applies; None: since before the dictionary knows
    last: int | None  # last year; None: still in force
    source: str  # "national" (transcribed) or "corpus" (printed so in the corpus)

    def applies(self, year: int | None) -> bool:
        if year is None:
            return self.last is None
        return (self.first is None or self.first <= year) and (
            self.last is None or year <= self.last
        )

    @property
    def years(self) -> str:
        if self.first is None and self.last is None:
            return "all years"
        return f"{self.first or '…'}–{self.last or ''}"


@functools.cache
def entries() -> tuple[Entry, ...]:
    """Every entry of the bundled files, in file order."""
    folder = resources.files("budgetpdf.table_specs") / "classification"
    found: list[Entry] = []
    for name, scheme in FILES.items():
        text = (folder / name).read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line and not line.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t"):
            found.append(
                Entry(
                    scheme,
                    row["code"],
                    row["name"],
                    int(row["from"]) if row["from"] else None,
                    int(row["to"]) if row["to"] else None,
                    row["source"],
                )
            )
    return tuple(found)


@functools.cache
def _by_code() -> dict[str, list[Entry]]:
    table: dict[str, list[Entry]] = {}
    for entry in entries():
        table.setdefault(entry.code, []).append(entry)
    return table


def lookup(code: str, year: int | None = None) -> Entry | None:
    """The entry of a code for a year: the one in force then, else the nearest in time."""
    found = _by_code().get(code, [])
    if not found:
        return None
    in_force = [e for e in found if e.applies(year)]
    if in_force:
        return in_force[0]
    if year is None:
        return found[-1]
    return min(
        found, key=lambda e: min(abs((e.first or year) - year), abs((e.last or year) - year))
    )


def search(text: str, year: int | None = None) -> list[Entry]:
    """Entries whose name holds `text` (compared without punctuation), in force in `year`
    when given, by code."""
    wanted = plain(text)
    return sorted(
        (e for e in entries() if wanted in plain(e.name) and (year is None or e.applies(year))),
        key=lambda e: (e.code, e.first or 0),
    )


def plain(name: str) -> str:
    """A name as compared: NFKC, no ordinal, no spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", name)
    folded = re.sub(r"\s+", "", folded)
    folded = _ORDINAL.sub("", folded)
    return _NOISE.sub("", folded)


def names_agree(printed: str, official: str) -> bool:
    """Whether a printed name can be the official one: the same beyond punctuation, one
    holding the other (住房公积金 / 住房公积金支出), or sharing most of their character pairs
    (a publisher's rewording, a year's rename)."""
    a, b = plain(printed), plain(official)
    if not a or not b or a in b or b in a:
        return True
    pairs_a = {a[i : i + 2] for i in range(len(a) - 1)}
    pairs_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not pairs_a or not pairs_b:
        return False
    shared = 2 * len(pairs_a & pairs_b) / (len(pairs_a) + len(pairs_b))
    return shared >= _AGREEING_BIGRAMS


def annotate(result: DocumentResult, year: int | None) -> None:
    """Name every coded row, report names that do not fit their code, and give a table's
    codeless rows codes where every one of them fits exactly one (a table half coded from
    names would fail its hierarchy check on the rows left without)."""
    for table in result.tables:
        scheme = CodeScheme(table.code_scheme)
        if scheme not in (CodeScheme.FUNCTION, CodeScheme.ECONOMIC):
            continue
        for row, entry, context in _codes_from_names(table, scheme, year):
            _assign(result, table, row, entry, year, context)
        for row in table.rows:
            if row.code:
                _name(result, table, row, scheme, year)


def _codes_from_names(
    table: Table, scheme: CodeScheme, year: int | None
) -> list[tuple[Row, Entry, str]]:
    """(row, entry, what placed it) for every codeless row named as a 科目 is, or [] when
    one of them fits no code or several at its place."""
    seen = {row.code for row in table.rows if row.code}
    # The last coded row above: what places a 款 or 项 whose name several codes share.
    previous: str | None = None
    found: list[tuple[Row, Entry, str]] = []
    for row in table.rows:
        if row.code:
            previous = row.code
            continue
        if row.is_total or row.side is not None or not plain(row.name):
            continue
        if not _known(plain(row.name), scheme):
            continue  # a heading such as 人员经费 or 基本支出, no 科目 at all
        if not any(v for column, v in row.values.items() if not _POSITIONAL.fullmatch(column)):
            # A 科目 without amounts in the spec's columns: names and amounts read on
            # separate rows, or columns shifted, so the table's places cannot be trusted.
            return []
        entry = _fitting(plain(row.name), scheme, year, previous)
        if entry is None or entry.code in seen:
            # Printed already (30102 津贴补贴 above a local 3010201 津贴补贴): not this row's.
            return []
        context = f"the row above ({previous})" if previous else "its name alone"
        found.append((row, entry, context))
        seen.add(entry.code)
        previous = entry.code
    return found


def _name(
    result: DocumentResult, table: Table, row: Row, scheme: CodeScheme, year: int | None
) -> None:
    if _FIRST_DIGIT.get(row.code[:1]) is not scheme:
        return
    entry = lookup(row.code, year)
    if entry is None:
        return
    row.classification_name = entry.name
    if row.name and row.code_source is None and not names_agree(row.name, entry.name):
        result.warnings.append(
            Notice.of(
                NoticeKind.NAME_DIFFERS_FROM_CODE,
                page=row.page,
                spec=table.spec,
                row=row.code,
                printed=row.name,
                official=entry.name,
                year=year or "latest",
            )
        )


@functools.cache
def _names(scheme: CodeScheme) -> frozenset[str]:
    return frozenset(plain(e.name) for e in entries() if e.scheme is scheme)


def _known(name: str, scheme: CodeScheme) -> bool:
    return name in _names(scheme)


@functools.cache
def _levels() -> dict[str, frozenset[tuple[CodeScheme, int]]]:
    found: dict[str, set[tuple[CodeScheme, int]]] = {}
    for entry in entries():
        level = code_level(entry.code, entry.scheme)
        if level is not None:
            found.setdefault(plain(entry.name), set()).add((entry.scheme, level))
    return {name: frozenset(levels) for name, levels in found.items()}


def known_name(name: str) -> bool:
    """Whether a printed name is the name of some 科目 (any scheme, any year)."""
    return plain(name) in _levels()


def name_levels(name: str, scheme: CodeScheme | None = None) -> set[int]:
    """The levels (1 类, 2 款, 3 项) of the 科目 a printed name is the name of, in `scheme`
    (every scheme when None); empty for a name that is no 科目's."""
    return {
        level
        for found, level in _levels().get(plain(name), frozenset())
        if scheme is None or found is scheme
    }


def _fitting(name: str, scheme: CodeScheme, year: int | None, previous: str | None) -> Entry | None:
    """The one entry a name fits at its place, or None."""
    named = {
        e.code: e
        for e in entries()
        if e.scheme is scheme and plain(e.name) == name and e.applies(year)
    }
    everywhere = set(named)
    if len(named) > 1 and previous is not None:
        # "其他支出" is 229, 22999 and 2299999: only the one under the row above fits.
        named = {c: e for c, e in named.items() if len(c) > 3 and previous.startswith(c[:-2])}
    if len(named) != 1:
        return None
    ((code, entry),) = named.items()
    if any(other != code and other.startswith(code) for other in everywhere):
        # 21199 and 2119999 are both 其他节能环保支出: a 项 printed without its 款 reads the same.
        return None
    return entry


def _assign(
    result: DocumentResult, table: Table, row: Row, entry: Entry, year: int | None, context: str
) -> None:
    scheme = CodeScheme(table.code_scheme)
    row.code, row.code_source = entry.code, "dictionary"
    row.level, row.parent = code_level(entry.code, scheme), code_parent(entry.code, scheme)
    result.warnings.append(
        Notice.of(
            NoticeKind.CODE_FROM_DICTIONARY,
            page=row.page,
            spec=table.spec,
            row=entry.code,
            name=row.name,
            code=entry.code,
            official=entry.name,
            year=year or "latest",
            context=context,
        )
    )
