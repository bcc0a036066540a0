"""How budget documents word their identity: the document title ("江苏省人民检察院2017年部门
预算", "2026年度苏州市科学技术局单位预算公开", "上海市普陀区财政局2024年度部门决算表"), the
label lines ("部门名称：西安市信访局（汇总）", "预算单位：上海市审计局"), and what an
organisation's name looks like. Every pattern works on text folded by `normalize_text` (NFKC,
no white space), since covers are letter-spaced ("2017 年部门预算").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetpdf.extractors.identity.model import DocumentKind, Scope

_YEAR = r"(?:19|20)\d{2}"
# A document title in full: an optional "第二部分" or "附件2" before it; the organisation
# before or after the year; the level (市级/区级), the scope (部门/单位) and 综合; 预算 or
# 决算; then what the publisher calls the publication ("公开", "信息公开", "情况说明", "报表").
# Beijing prints the year without 年: "北京市人民政府国有资产监督管理委员会 2026 部门预算情况的说明".
_PREFIX = r"(?:第[一二三四五六七八九十]+部分[:、]?|附件\d*[:、]?)"
_TITLE = re.compile(
    rf"{_PREFIX}?"
    rf"(?:(?P<year1>{_YEAR})年度?)?"
    r"(?P<org>[^\d]*?)"
    rf"(?:(?P<year2>{_YEAR})(?:年度?)?)?"
    r"(?:[省市区县]级)?(?P<scope>部门|单位)?(?:综合|汇总)?"
    r"(?P<kind>预算|决算)"
    r"(?:信息)?(?:公开)?(?:情况)?(?:的)?(?:说明|报表|表格|表|文件|草案)?"
)
# "部门名称：…", "预算单位：…", "预算主管部门：…", "编制单位：…", "部 门：…" (Jiangsu), and
# Beijing's 部门整体支出绩效目标表, which prints "部门名称" and the name in two cells.
_LABEL = re.compile(
    r"^(?P<key>部门名称|单位名称|预算单位名称|预算单位|预算主管部门|主管部门|编制单位|填报单位|部门)"
    r"(?:[:]|(?<=部门名称)(?=[\u4e00-\u9fff]))"
    r"(?P<value>.+?)"
    r"(?:(?:金额)?单位[:].*|保密审查.*)?$"
)
_DEPARTMENT_LABELS = frozenset({"部门名称", "预算主管部门", "主管部门", "部门"})
# What an organisation's name ends with: 局, 委员会, 办公厅, 中心, 学院, 检察院 …
_ORG_ENDING = re.compile(
    r"(局|委员会|委|办公厅|办公室|厅|院|中心|部|会|站|所|馆|队|处|场|校|学|社|团|室|署|府|台|园|区|办)$"
)
# A region alone ("上海市", "江苏省", "上海市普陀区") names the government that publishes,
# never the body whose budget it is ("上海市2026年市级单位预算 / 预算单位：上海市审计局").
_REGION = re.compile(r"^[\u4e00-\u9fff]{1,6}?(省|市|自治区)([\u4e00-\u9fff]{1,5}?(区|县|市))?$")
# What a publisher adds after the name: "西安市公安局（汇总）", "深圳市公安局（本级）".
_SCOPE_NOTE = re.compile(r"[(](汇总|本级|机关|本部|部门汇总|单位)[)]$")
# "北京市教育委员会部门 / 2026年度部门预算信息公开": the 部门 belongs to the title's wording.
_TRAILING_WORD = re.compile(r"(?<=[局委会厅院室部])(部门|单位)$")


@dataclass(frozen=True)
class TitleReading:
    """What a document title says."""

    organization: str | None
    year: int | None
    kind: DocumentKind
    scope: Scope | None


def read_title(text: str) -> TitleReading | None:
    """The reading of `text` as a whole document title naming its year; None otherwise."""
    match = _TITLE.fullmatch(text)
    if match is None:
        return None
    year = match["year1"] or match["year2"]
    if year is None or re.search("预算|决算|目录|部分", match["org"]):
        return None
    return TitleReading(
        organization=organization_name(match["org"]),
        year=int(year),
        kind=DocumentKind.FINAL_ACCOUNTS if match["kind"] == "决算" else DocumentKind.BUDGET,
        scope=_scope(match["scope"]),
    )


def without_prefix(title: str) -> str:
    """The title without the part or attachment number before it ("第二部分", "附件2")."""
    return re.sub(f"^{_PREFIX}", "", title)


def read_label(text: str) -> tuple[str, Scope] | None:
    """The organisation a label line names, and the scope its key implies."""
    match = _LABEL.match(text)
    if match is None:
        return None
    name = organization_name(match["value"])
    if name is None:
        return None
    return name, Scope.DEPARTMENT if match["key"] in _DEPARTMENT_LABELS else Scope.UNIT


def organization_name(text: str) -> str | None:
    """The name with the publisher's notes dropped ("西安市公安局（汇总）" → 西安市公安局);
    None when `text` does not look like the name of a body."""
    name = _TRAILING_WORD.sub("", _SCOPE_NOTE.sub("", text.strip(":、,")))
    if not 3 <= len(name) <= 60 or re.search(r"\d|预算|决算|合计|万元", name):
        return None
    core = re.sub(r"[(][^()]*[)]$", "", name)  # "…中心（上海市财政科学研究所）"
    if _REGION.fullmatch(core) or not _ORG_ENDING.search(core):
        return None
    return name


def _scope(word: str | None) -> Scope | None:
    return {"部门": Scope.DEPARTMENT, "单位": Scope.UNIT}.get(word or "")


# A heading that states the year without being the document's title: a table title that
# starts with it ("2026年部门收支预算总表", "1.2026年预算单位财务收支预算总表"), or a line holding
# only the year (Beijing's 部门整体支出绩效目标表 prints "（2026年度）", pdfium may read "2026（年度）").
_YEAR_TITLE = re.compile(
    rf"^(?:\d+\.|[一二三四五六七八九十]+、)?(?P<year>{_YEAR})年度?"
    r"[^,;。]{0,30}?(?P<kind>预算|决算)[^,;。]{0,20}表(?:\(.*\))?$"
)
_YEAR_ONLY = re.compile(rf"^\(?(?P<year>{_YEAR})\(?年度?\)?$")


def read_year_heading(text: str) -> tuple[int, DocumentKind | None] | None:
    """The year (and kind) a heading line states; None for other lines."""
    match = _YEAR_TITLE.match(text)
    if match is not None:
        kind = DocumentKind.FINAL_ACCOUNTS if match["kind"] == "决算" else DocumentKind.BUDGET
        return int(match["year"]), kind
    match = _YEAR_ONLY.match(text)
    return (int(match["year"]), None) if match else None
