"""The bundled 科目 dictionary: lookups by year, name comparison, the notices a reading gets,
codes from names only where one fits, and `budgetpdf codes`."""

from __future__ import annotations

from decimal import Decimal

from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.errors import ExitCode
from budgetpdf.extractors.classification import annotate, lookup, names_agree, search
from budgetpdf.extractors.notices import NoticeKind
from budgetpdf.extractors.result import DocumentResult, Row, Table

runner = CliRunner()


def test_lookup_knows_the_renames_by_year():
    assert lookup("2080505").name == "机关事业单位基本养老保险缴费支出"
    assert lookup("30101", 2023).name == "基本工资"
    assert lookup("210", 2018).name == "医疗卫生与计划生育支出"
    assert lookup("210", 2019).name == "卫生健康支出"
    assert lookup("210").name == "卫生健康支出"  # no year: the name in force
    assert lookup("20805", 2019).name == "行政事业单位离退休"
    assert lookup("20805", 2023).name == "行政事业单位养老支出"
    assert lookup("9999999") is None


def test_every_bundled_code_is_a_classification_code():
    for entry in search(""):
        assert entry.code.isdigit() and len(entry.code) in (3, 5, 7), entry
        assert entry.code[0] in "235" and entry.name


def test_search_finds_names_holding_the_text():
    codes = [e.code for e in search("养老", 2023)]
    assert "2080505" in codes and "20805" in codes


def test_names_agree_beyond_punctuation_and_abbreviation():
    assert names_agree("维修(护)费", "维修（护）费")
    assert names_agree("对个人和家庭补助", "对个人和家庭的补助")
    assert names_agree("-行政单位离退休", "行政单位离退休")
    assert names_agree("（六）社会保障和就业支出", "社会保障和就业支出")
    assert not names_agree("行政运行", "事业运行")  # 2010101 vs 2010150: a misread digit
    assert not names_agree("住房公积金", "代缴社会保险费")


def _row(code: str, name: str, total: str | None = "1.00") -> Row:
    values = {"total": Decimal(total) if total else None}
    return Row(code, name, None, None, False, 3, values)


def _document(rows: list[Row], scheme: str = "function") -> DocumentResult:
    table = Table(
        "general_budget_expenditure", "t", [3], "万元", "万元", "ruled", scheme, [], rows, 1
    )
    return DocumentResult("x.pdf", "0" * 64, 3, tables=[table])


def test_coded_rows_get_their_name_and_a_misfit_is_a_notice():
    document = _document(
        [_row("2080505", "机关事业单位基本养老保险缴费支出"), _row("2010101", "事业运行")]
    )
    annotate(document, 2023)
    rows = document.tables[0].rows
    assert rows[0].classification_name == "机关事业单位基本养老保险缴费支出"
    (notice,) = document.warnings
    assert notice.kind is NoticeKind.NAME_DIFFERS_FROM_CODE
    assert (notice.row, notice.page) == ("2010101", 3)
    assert "'事业运行'" in notice.message and "'行政运行'" in notice.message


def test_a_name_gets_the_one_code_it_fits_under_the_row_above():
    rows = [
        _row("", "社会保障和就业支出"),
        _row("", "行政事业单位养老支出"),
        _row("", "事业单位离退休"),
    ]
    document = _document(rows)
    annotate(document, 2023)
    assert [(r.code, r.level, r.parent, r.code_source) for r in rows] == [
        ("208", 1, None, "dictionary"),
        ("20805", 2, "208", "dictionary"),
        ("2080502", 3, "20805", "dictionary"),
    ]
    assert [w.kind for w in document.warnings] == [NoticeKind.CODE_FROM_DICTIONARY] * 3
    assert "the row above (20805)" in document.warnings[2].message


def test_a_name_several_codes_share_gets_none_and_neither_does_its_table():
    # 行政运行 is the 项 01 of many 款: with nothing above it, it fits several codes, so no
    # row of the table is coded from its name (a half-coded table fails its hierarchy).
    rows = [_row("", "行政运行"), _row("", "社会保障和就业支出")]
    document = _document(rows)
    annotate(document, 2023)
    assert [r.code for r in rows] == ["", ""] and not document.warnings


def test_a_code_printed_already_or_a_row_without_amounts_is_not_given():
    printed = _document([_row("30102", "津贴补贴"), _row("", "津贴补贴")], "economic")
    annotate(printed, 2023)
    assert printed.tables[0].rows[1].code == ""
    blank = _document([_row("", "社会保障和就业支出", None)])
    annotate(blank, 2023)
    assert blank.tables[0].rows[0].code == ""


def test_codes_command_looks_up_and_searches():
    result = runner.invoke(app, ["codes", "2080505", "30101"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split("\t")[:2] == [
        "2080505",
        "机关事业单位基本养老保险缴费支出",
    ]
    found = runner.invoke(app, ["codes", "--search", "养老", "--year", "2023"])
    assert found.exit_code == 0 and "2080505\t" in found.output
    assert runner.invoke(app, ["codes", "9999999"]).exit_code == ExitCode.BAD_ARGS
    assert runner.invoke(app, ["codes"]).exit_code == ExitCode.BAD_ARGS
