"""`specs new`: a spec drafted from a table a user points at, to edit and keep.

The page is read by the extraction pipeline itself with a catch-all spec (any line that ends
as a title does, any header), so the draft describes the grid extract will see. Column ids
come from the loaded specs where one of them already names the header ("基本支出/人员经费"
→ basic_personnel), else they are positional (col5), as extract names unmapped columns.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from budgetpdf.errors import BudgetPdfError, ExitCode
from budgetpdf.extractors.assemble.trace import Outcome, Reading, Trace
from budgetpdf.extractors.codes import clean_project_code
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.engines.grid import Grid
from budgetpdf.extractors.locate.titles import strip_title
from budgetpdf.extractors.mapping.columns import assign_columns
from budgetpdf.extractors.mapping.model import HeaderMismatch, MappedColumn, TableMap
from budgetpdf.extractors.mapping.table import map_table
from budgetpdf.extractors.result import Table
from budgetpdf.extractors.text import normalize_text
from budgetpdf.table_specs.loader import SpecSet
from budgetpdf.table_specs.model import ColumnSpec, KeyColumns, SideSpec, TableSpec
from budgetpdf.table_specs.vocabulary import CodeScheme

SPEC_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NEVER = ColumnSpec(id="never", headers=[r"(?!)"])  # names no column: every column stays colN
# Names every headed column: an empty table (a template printed without amounts) is taken
# as a table only when its header names the spec's columns.
_ANY = ColumnSpec(id="any", headers=["."])
_YEAR = re.compile(r"^.*\d{4}(年度?)?(?=\D)")
_LABEL = re.compile(r"^预算\d+表")
_CODE_HEADER = re.compile(r"(代码|编码|编号)$")


class DraftError(BudgetPdfError):
    """The page holds no table to draft from, or the request cannot be met."""

    exit_code = ExitCode.NO_TABLES


@dataclass
class Draft:
    spec: TableSpec
    source: Path
    page: int
    printed_title: str
    engine: str

    def yaml(self) -> str:
        head = (
            f"# Drafted by `budgetpdf specs new` from {self.source.name}, page {self.page}\n"
            f"# (title as printed: {self.printed_title}; read by the {self.engine} engine).\n"
            "# Loosen the titles pattern for other years and publishers, check the column ids,\n"
            "# then run: budgetpdf specs validate <this folder>\n"
        )
        body = yaml.safe_dump(
            _plain(self.spec),
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=None,
            width=100,
        )
        return head + body


def _plain(spec: TableSpec) -> dict[str, Any]:
    """The spec as YAML keys, in the model's order, without keys left at their defaults."""
    data = spec.model_dump(mode="json", exclude_defaults=True)
    data["code_scheme"] = spec.code_scheme.value
    order = list(TableSpec.model_fields)
    return {key: data[key] for key in order if key in data}


def spec_id_from(path: Path) -> str:
    """`my_table.yaml` → my_table; a stem that is no valid id ("表5") gives ''."""
    candidate = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")
    return candidate if SPEC_ID.match(candidate) else ""


def _unique(patterns: list[str]) -> list[str]:
    return list(dict.fromkeys(patterns))


def _specific_first(patterns: list[str]) -> list[str]:
    """The loaded specs' key patterns, the longest (most specific) first: "采购(项目|品目)"
    must claim its column before "名称" claims another."""
    return sorted(_unique(patterns), key=len, reverse=True)


def _catch_all(specs: SpecSet, scheme: CodeScheme, column: ColumnSpec, split: int) -> TableSpec:
    """A spec that takes any title and any header, its keys recognised as the loaded specs
    recognise theirs; codes split over `split` columns (类 | 款 | 项 or 类 | 款)."""
    splits = [s.key_columns.code_split for s in specs.specs if s.key_columns.code_split]
    keys = KeyColumns(
        code=_specific_first([p for s in specs.specs for p in s.key_columns.code]),
        code_split=max(splits, key=len)[:split] if splits else [],
        name=_specific_first([p for s in specs.specs for p in s.key_columns.name]),
    )
    return TableSpec(
        id="any_table",
        title="any table",
        code_scheme=scheme,
        titles=[".+"],
        key_columns=keys,
        columns=[column],
    )


# The same for a 收支 overview: 收入 items and amounts on the left, 支出 on the right.
_TWO_SIDED = TableSpec(
    id="any_table",
    title="any table",
    layout="two_sided",
    code_scheme=CodeScheme.ITEM,
    titles=[".+"],
    sides=[SideSpec(side="收入", columns=[_NEVER]), SideSpec(side="支出", columns=[_NEVER])],
)


def _title_core(printed: str) -> str:
    """The printed title without its table label (表5, 预算11表), 单位 suffix and whatever
    precedes its last year ("XX中心2023年收支总表" → 收支总表)."""
    core = _LABEL.sub("", strip_title(normalize_text(printed)))
    return _YEAR.sub("", core) or core


def _leaf(path: str) -> str:
    return path.split("/")[-1]


def _exact(path: str) -> str:
    return f"^{re.escape(path)}$"


class _Ids:
    """Column ids from the loaded specs' vocabulary, each used once in a draft."""

    def __init__(self, specs: SpecSet, layout: str) -> None:
        self.specs = [s for s in specs.specs if s.layout == layout]
        self.used: set[str] = set()

    def name(
        self, paths: list[str], cols: list[int], column_lists: list[list[ColumnSpec]], kind: str
    ) -> dict[int, str]:
        """Ids for `cols`: those of the spec whose naming most specs agree with (every spec
        votes for the ids it gives); a column it leaves unnamed takes the id most specs give
        it; the rest are col<N>."""
        namings = [
            {m.index: m.id for m in assign_columns(paths, cols, columns, kind, set())}
            for columns in column_lists
        ]
        votes: dict[int, Counter[str]] = {c: Counter() for c in cols}
        for naming in namings:
            for col, column_id in naming.items():
                votes[col][column_id] += 1
        best = max(namings, key=lambda n: sum(votes[c][i] for c, i in n.items()), default={})
        ids: dict[int, str] = {}
        for col in cols:
            choices = [best[col]] if col in best else []
            choices += [i for i, _ in votes[col].most_common()]
            ids[col] = next((i for i in choices if i not in self.used), f"col{col + 1}")
            self.used.add(ids[col])
        return ids


def _scheme(table: Table, keyed: bool) -> CodeScheme:
    """The code scheme the rows' codes show: 2xx function, 3xx/5xx economic, 6-digit units;
    with a code column printed empty, the one its header names when extracting (auto)."""
    codes = [r.code for r in table.rows if r.code]
    if not codes:
        return CodeScheme.AUTO if keyed else CodeScheme.ITEM
    lengths = {len(c) for c in codes}
    firsts = {c[0] for c in codes}
    if lengths <= {3, 5} and firsts <= {"3", "5"}:
        return CodeScheme.ECONOMIC
    if lengths <= {3, 5, 7} and firsts <= {"2"}:
        return CodeScheme.FUNCTION
    if lengths <= {3, 6, 9}:
        return CodeScheme.UNIT
    if all(clean_project_code(c) for c in codes) and max(lengths) > 9:
        return CodeScheme.PROJECT
    return CodeScheme.AUTO


def _value_columns(
    ids: dict[int, str], mapped: list[MappedColumn], paths: list[str]
) -> list[ColumnSpec]:
    return [ColumnSpec(id=ids[m.index], headers=[_exact(paths[m.index])]) for m in mapped]


def _coded(
    specs: SpecSet, tmap: TableMap, scheme: CodeScheme, spec_id: str, title: str
) -> TableSpec:
    side = tmap.sides[0]
    paths = tmap.paths
    namer = _Ids(specs, "coded")
    # As in extraction, a column some spec keeps as text by its header ("备注") is text
    # whatever it holds; so is a further code column ("政府经济分类科目代码"): codes are no
    # amounts.
    text_patterns = [p for s in namer.specs for c in s.text_columns for p in c.headers]
    texts = [
        m
        for m in side.columns
        if m.id != "seq"
        and (
            m.kind == "text"
            or _CODE_HEADER.search(paths[m.index])
            or any(re.search(p, paths[m.index]) for p in text_patterns)
        )
    ]
    amounts = [m for m in side.columns if m.id != "seq" and m not in texts]
    if not amounts:
        raise DraftError(f"the table below {title.strip()!r} has no column of amounts to draft")
    text_ids = namer.name(
        paths, [m.index for m in texts], [list(s.text_columns) for s in namer.specs], "text"
    )
    amount_ids = namer.name(
        paths, [m.index for m in amounts], [list(s.columns) for s in namer.specs], "amount"
    )
    key_paths = []
    keys: dict[str, list[str]] = {}
    if side.split_cols:
        keys["code_split"] = [f"(^|/){re.escape(_leaf(paths[c]))}$" for c in side.split_cols]
        key_paths.append(paths[side.split_cols[0]])
    elif side.code_col is not None:
        keys["code"] = [f"{re.escape(_leaf(paths[side.code_col]))}$"]
        key_paths.append(paths[side.code_col])
    if side.name_col is not None and paths[side.name_col]:
        keys["name"] = [f"{re.escape(_leaf(paths[side.name_col]))}$"]
        key_paths.append(paths[side.name_col])
    requires = [_leaf(p) for p in key_paths[:1] if p]
    requires += [_leaf(paths[m.index]) for m in amounts[:1] if paths[m.index]]
    return TableSpec(
        id=spec_id,
        title=_title_core(title),
        code_scheme=scheme,
        titles=[re.escape(_title_core(title))],
        header_requires=[re.escape(r) for r in _unique(requires)],
        key_columns=KeyColumns(**keys),
        columns=_value_columns(amount_ids, amounts, paths),
        text_columns=_value_columns(text_ids, texts, paths),
    )


def _two_sided(specs: SpecSet, tmap: TableMap, spec_id: str, title: str) -> TableSpec:
    sides = []
    for number, side in enumerate(tmap.sides[:2]):
        namer = _Ids(specs, "two_sided")
        amounts = [m for m in side.columns if m.kind == "amount"]
        ids = namer.name(
            tmap.paths,
            [m.index for m in amounts],
            [list(s.sides[number].columns) for s in namer.specs],
            "amount",
        )
        sides.append(
            SideSpec(side=side.side or "", columns=_value_columns(ids, amounts, tmap.paths))
        )
    header = " ".join(tmap.paths)
    heads = [word for word in ("收入", "支出") if word in header]
    return TableSpec(
        id=spec_id,
        title=_title_core(title),
        layout="two_sided",
        code_scheme=CodeScheme.ITEM,
        titles=[re.escape(_title_core(title))],
        header_requires=heads,
        sides=sides,
    )


def _remapped(spec: TableSpec, grid: Grid) -> TableMap | None:
    try:
        return map_table(spec, grid)
    except HeaderMismatch:
        return None


def draft_spec(
    path: Path,
    page: int,
    spec_id: str,
    specs: SpecSet,
    table: int = 1,
    options: ExtractOptions | None = None,
) -> Draft:
    """Draft a spec from the `table`-th table (1-based, top first) below a title on `page`."""
    if not SPEC_ID.match(spec_id):
        raise BudgetPdfError(
            f"{spec_id!r} is not a spec id: lower-case letters, digits and _, starting with a letter"
        )
    options = replace(options or ExtractOptions(), pages=frozenset({page}))
    # Read the page with catch-all variants until the table's code column is found: codes
    # split over 类 | 款 | 项 or only 类 | 款, 项目编码 with letters; a template printed empty
    # is taken only by a catch-all whose column names every header.
    variants = [
        (_NEVER, 3, CodeScheme.FUNCTION),
        (_NEVER, 2, CodeScheme.FUNCTION),
        (_NEVER, 3, CodeScheme.PROJECT),
        (_ANY, 3, CodeScheme.FUNCTION),
        (_ANY, 2, CodeScheme.FUNCTION),
    ]
    chosen: tuple[Reading, Table, CodeScheme] | None = None
    count = 0
    for column, split, scheme in variants:
        found = _tables_on(path, page, _catch_all(specs, scheme, column, split), options)
        if table <= len(found) and (chosen is None or _keyed(found[table - 1][0])):
            chosen = (*found[table - 1], scheme)
            if _keyed(chosen[0]):
                break
        count = max(count, len(found))
    if chosen is None:
        if count:
            raise BudgetPdfError(
                f"--table {table}, but page {page} holds {count} table(s) below a title", path
            )
        raise DraftError(
            f"no table below a title on page {page}; point --page at the page where the "
            "table's title is printed (budgetpdf inspect lists what each page holds)",
            path,
        )
    reading, extracted, scheme = chosen
    attempt = reading.taken
    assert attempt is not None and attempt.grid is not None and attempt.tmap is not None
    grid, tmap = attempt.grid, attempt.tmap
    header = " ".join(tmap.paths)
    two_sided = _remapped(_TWO_SIDED, grid) if "收入" in header and "支出" in header else None
    if two_sided is not None:
        spec = _two_sided(specs, two_sided, spec_id, reading.title)
    else:
        if scheme is not CodeScheme.PROJECT:
            scheme = _scheme(extracted, _keyed(reading))
        spec = _coded(specs, tmap, scheme, spec_id, reading.title)
    return Draft(spec, Path(path), page, reading.title, grid.engine)


def _tables_on(
    path: Path, page: int, spec: TableSpec, options: ExtractOptions
) -> list[tuple[Reading, Table]]:
    """The tables below a title on the page as `spec` reads them, top first."""
    trace = Trace(explain=False)
    result = extract_document(path, SpecSet((spec,), {}), options, trace)
    if page > result.pages:
        raise BudgetPdfError(f"page {page} asked for, but the PDF has {result.pages} pages", path)
    return [
        (r, result.tables[r.table])
        for r in trace.pages[page].readings
        if r.outcome is Outcome.TABLE and r.how == "below its title" and r.table is not None
    ]


def _keyed(reading: Reading) -> bool:
    """Whether the reading found the table's code column(s)."""
    attempt = reading.taken
    if attempt is None or attempt.tmap is None:
        return False
    side = attempt.tmap.sides[0]
    if side.split_cols:
        return True
    # A code column found while 类 and 款 head columns of their own: the split was missed.
    leaves = {_leaf(path) for path in attempt.tmap.paths}
    return side.code_col is not None and not {"类", "款"} <= leaves
