"""Comparison blocks (上年 | 当年 | 增减): the blocks printed beside the budget year's
columns obey the same identities, and 当年 = 上年 + 增减 column by column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetpdf.extractors.checks.run import run_checks
from budgetpdf.extractors.result import CheckStatus, Column, DocumentResult, Row, Table

BLOCK = ("合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费")
IDS = ("total", "overseas", "vehicle_total", "reception")


def _three_public(prior, current, change) -> Table:
    columns = [
        *(Column(f"col{i}", f"上年/{h}") for i, h in enumerate(BLOCK)),
        *(Column(i, f"当年/{h}") for i, h in zip(IDS, BLOCK, strict=True)),
        *(Column(f"col{i + 10}", f"增减变化情况/{h}") for i, h in enumerate(BLOCK)),
    ]
    cells = [*prior, *current, *change]
    return Table(
        spec="three_public_expenditure",
        title="三公",
        pages=[1],
        unit="万元",
        output_unit="万元",
        extractor="ruled",
        code_scheme="item",
        columns=columns,
        rows=[
            Row(
                code="",
                name="某局",
                level=None,
                parent=None,
                is_total=False,
                page=1,
                values={
                    c.id: Decimal(v) if v else None for c, v in zip(columns, cells, strict=True)
                },
            )
        ],
        header_rows=2,
        amount_step=Decimal("0.01"),
    )


def _run(specs, table):
    document = DocumentResult(path="x.pdf", sha256="0" * 64, pages=1, tables=[table])
    checks = [c for c in run_checks(document, specs) if c.rule.endswith("comparison_blocks")]
    return checks, table.coverage


def test_every_block_is_covered_when_consistent(specs):
    table = _three_public(
        ("10.00", "2.00", "5.00", "3.00"),
        ("12.00", "1.00", "7.00", "4.00"),
        ("2.00", "-1.00", "2.00", "1.00"),
    )
    checks, coverage = _run(specs, table)
    # The prior and change blocks' own 合计 = 出国 + 公务用车 + 接待, then 4 columns of 当年 = 上年 + 增减.
    assert len(checks) == 6
    assert all(c.status is CheckStatus.PASS for c in checks)
    assert coverage.covered == coverage.amounts == 12


@pytest.mark.parametrize("cell", range(12))
def test_a_wrong_digit_in_any_block_fails(specs, cell):
    values = ["10.00", "2.00", "5.00", "3.00", "12.00", "1.00", "7.00", "4.00"]
    values += ["2.00", "-1.00", "2.00", "1.00"]
    values[cell] = str(Decimal(values[cell]) + Decimal("0.10"))
    table = _three_public(values[0:4], values[4:8], values[8:12])
    document = DocumentResult(path="x.pdf", sha256="0" * 64, pages=1, tables=[table])
    assert any(c.status is CheckStatus.FAIL for c in run_checks(document, specs))


def test_blocks_are_matched_by_header_not_by_value(specs):
    # A prior block printing other sub-columns than the budget year's takes part in nothing.
    table = _three_public(
        ("10.00", "2.00", "5.00", "3.00"),
        ("12.00", "1.00", "7.00", "4.00"),
        ("2.00", "-1.00", "2.00", "1.00"),
    )
    for column in table.columns:
        if column.header.startswith("上年/"):
            column.header = column.header.replace("上年/", "上年/其他/")
    checks, _ = _run(specs, table)
    # Only the change block's own identity is left: no prior block to pair it with.
    assert [c.status for c in checks] == [CheckStatus.PASS]
