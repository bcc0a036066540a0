"""Document identity: whose budget, which year, 预算 or 决算, 部门 or 单位, read from the
document's own cover, title and label lines, the file name only as a marked last resort."""

from __future__ import annotations

import pytest

from budgetpdf.extractors.identity.model import (
    DocumentIdentity,
    DocumentKind,
    Evidence,
    Scope,
    Source,
)
from budgetpdf.extractors.identity.read import read_identity
from budgetpdf.extractors.identity.wording import organization_name, read_label, read_title
from budgetpdf.extractors.notices import NoticeKind
from budgetpdf.extractors.result import DocumentResult


@pytest.mark.slow
def test_the_seed_is_the_info_centre_2023_unit_budget(seed_result):
    identity = seed_result.identity
    assert identity.organization == "武汉市人力资源和社会保障信息中心"
    assert identity.year == 2023
    assert identity.kind is DocumentKind.BUDGET
    assert identity.scope is Scope.UNIT
    assert identity.title == "武汉市人力资源和社会保障信息中心2023年单位预算"
    assert identity.evidence["organization"].page == 1
    assert identity.evidence["organization"].source is Source.COVER
    assert not [w for w in seed_result.warnings if w.kind is NoticeKind.IDENTITY_NOT_STATED]


@pytest.mark.slow
def test_identity_round_trips_through_document_json(seed_result):
    data = seed_result.to_dict()
    assert data["document"]["organization"] == "武汉市人力资源和社会保障信息中心"
    assert data["document"]["sources"]["year"] == {
        "source": "cover",
        "page": 1,
        "text": "武汉市人力资源和社会保障信息中心 / 2023年单位预算",
    }
    assert DocumentResult.from_dict(data).identity == seed_result.identity


@pytest.mark.slow
def test_a_document_json_without_identity_reads_back_empty(seed_result):
    data = seed_result.to_dict()
    del data["document"]
    assert DocumentResult.from_dict(data).identity == DocumentIdentity()


@pytest.mark.parametrize(
    ("title", "organization", "year", "kind", "scope"),
    [
        ("江苏省人民检察院2017年部门预算", "江苏省人民检察院", 2017, "budget", "department"),
        ("2026年度苏州市科学技术局单位预算公开", "苏州市科学技术局", 2026, "budget", "unit"),
        (
            "西安市卫生健康委员会(汇总)2022年度部门决算",
            "西安市卫生健康委员会",
            2022,
            "final_accounts",
            "department",
        ),
        ("2026年深圳市公安局(本级)部门预算", "深圳市公安局", 2026, "budget", "department"),
        (
            "北京市教育委员会部门2026年度部门预算信息公开",
            "北京市教育委员会",
            2026,
            "budget",
            "department",
        ),
        ("2026年中共烟台市委宣传部部门预算", "中共烟台市委宣传部", 2026, "budget", "department"),
        # Beijing drops the 年.
        (
            "北京市人民政府国有资产监督管理委员会2026部门预算情况的说明",
            "北京市人民政府国有资产监督管理委员会",
            2026,
            "budget",
            "department",
        ),
        ("西安市民政局2021年部门综合预算", "西安市民政局", 2021, "budget", "department"),
        # The region is the publisher, not the body: the 预算单位 line names that.
        ("上海市2026年市级单位预算", None, 2026, "budget", "unit"),
        ("2019年部门综合预算公开报表", None, 2019, "budget", "department"),
    ],
)
def test_document_titles(title, organization, year, kind, scope):
    reading = read_title(title)
    assert reading is not None
    assert (reading.organization, reading.year, reading.kind.value) == (organization, year, kind)
    assert reading.scope == Scope(scope)


@pytest.mark.parametrize(
    "text",
    [
        "收支预算总表",
        "预算01表收支总表",
        "第二部分2026年度部门预算表",
        "2026年部门预算情况说明的补充",
    ],
)
def test_lines_that_are_not_document_titles(text):
    reading = read_title(text)
    assert reading is None or reading.organization is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("部门:江苏省人大常委会办公厅单位:万元", ("江苏省人大常委会办公厅", Scope.DEPARTMENT)),
        (
            "预算单位:上海市财务会计综合管理事务中心(上海市财政科学研究所)",
            ("上海市财务会计综合管理事务中心(上海市财政科学研究所)", Scope.UNIT),
        ),
        ("部门名称北京市财政局", ("北京市财政局", Scope.DEPARTMENT)),
        ("部门名称:西安市信访局(汇总)", ("西安市信访局", Scope.DEPARTMENT)),
        ("单位名称合计", None),
        ("部门:单位:万元", None),
        ("单位:万元", None),
    ],
)
def test_label_lines(line, expected):
    assert read_label(line) == expected


def test_organization_names():
    assert organization_name("上海市") is None
    assert organization_name("上海市普陀区") is None
    assert organization_name("合计") is None
    assert organization_name("上海市普陀区财政局") == "上海市普陀区财政局"


def test_cover_before_labels_and_headings():
    pages = [
        "武汉市人力资源和社会保障信息中心\n2023年单位预算\n武汉市人力资源和社会保障局\n2023年\n目 录\n第一部分 概况",
        "部门名称：别的局\n2024年部门收支预算总表",
    ]
    identity, notices = read_identity(pages, "x.pdf")
    assert (identity.organization, identity.year) == ("武汉市人力资源和社会保障信息中心", 2023)
    assert notices == []


def test_tables_only_document_reads_its_label_and_headings():
    pages = [
        "预算01表 收支总表\n金额单位：万元\n项 目 预算数",
        "预算13表 部门整体支出绩效目标表\n（2026年度）\n部门名称 北京市统计局",
    ]
    identity, notices = read_identity(pages, "tongjiju.pdf")
    assert identity.organization == "北京市统计局"
    assert identity.year == 2026
    assert identity.kind is DocumentKind.BUDGET
    assert identity.evidence["year"] == Evidence(Source.TABLE_TITLE, "（2026年度）", 2)
    assert [n.kind for n in notices] == [NoticeKind.IDENTITY_NOT_STATED]  # the title


def test_the_file_name_is_the_last_resort_and_marked():
    identity, notices = read_identity(["收支总表\n单位：万元"], "2026年北京市财政局部门预算.pdf")
    assert identity.organization == "北京市财政局"
    assert identity.year == 2026
    assert identity.evidence["organization"].source is Source.FILE_NAME
    assert identity.evidence["organization"].page is None
    from_name = [n for n in notices if n.kind is NoticeKind.IDENTITY_FROM_FILE_NAME]
    # The title stays empty: a file name is not a title as printed.
    assert [n.message.split(" ")[0] for n in from_name] == ["organization", "year", "kind", "scope"]
    assert "2026年北京市财政局部门预算.pdf" in from_name[0].message
    assert [n.kind for n in notices if n not in from_name] == [NoticeKind.IDENTITY_NOT_STATED]


def test_nothing_stated_gives_nulls_with_notices():
    identity, notices = read_identity([None, ""], "scan.pdf")
    assert identity == DocumentIdentity()
    assert identity.describe() is None
    assert {n.message.split(" its ")[1].split(" ")[0] for n in notices} == {
        "organization",
        "year",
        "kind",
        "scope",
        "title",
    }
