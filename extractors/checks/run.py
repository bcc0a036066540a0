"""The arithmetic a document's tables must obey, evaluated into Check records: each table's
own rules (its spec's `checks:`), then the document's rules across tables.

Every rule compares one printed cell (the total) with the sum of other printed cells (the
parts); `cells.py` holds the comparison and its rounding tolerance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from budgetpdf.extractors.checks.cells import CheckContext
from budgetpdf.extractors.checks.comparison import check_comparison
from budgetpdf.extractors.checks.completeness import check_completeness
from budgetpdf.extractors.checks.coverage import coverage_phrase, measure_coverage
from budgetpdf.extractors.checks.document import check_rows, check_sum
from budgetpdf.extractors.checks.hierarchy import check_hierarchy
from budgetpdf.extractors.checks.narrative import check_statements
from budgetpdf.extractors.checks.rows import check_columns, check_items, check_outline
from budgetpdf.extractors.coverage_model import Coverage
from budgetpdf.extractors.narrative.statements import document_year, find_statements
from budgetpdf.extractors.result import Check, CheckStatus, DocumentResult, Table
from budgetpdf.table_specs.check_model import (
    ColumnsCheck,
    ComparisonCheck,
    HierarchyCheck,
    ItemsCheck,
    OutlineCheck,
    SumCheck,
)
from budgetpdf.table_specs.loader import SpecSet
from budgetpdf.table_specs.model import TableSpec


def run_checks(
    result: DocumentResult, specs: SpecSet, per_addend: Decimal | None = None
) -> list[Check]:
    """Evaluate each table's own checks, then the document-level checks across tables, then
    what the narrative states and which required tables are printed. Each table's `coverage`
    is set from the cells these checks compare."""
    ctx = _context(result, specs, per_addend)
    checks = _arithmetic(ctx, result, specs)
    found = find_statements(result.narrative, specs.narrative)
    checks += check_statements(ctx, found, document_year(result.heading))
    checks += check_completeness(result, specs.required)
    measure_coverage(result.tables, checks)
    return checks


def arithmetic_checks(
    result: DocumentResult, specs: SpecSet, per_addend: Decimal | None = None
) -> list[Check]:
    """The identities of the printed numbers alone, each table's then across tables: what
    coverage counts, without the narrative's (what a test planting errors re-runs)."""
    return _arithmetic(_context(result, specs, per_addend), result, specs)


def _context(result: DocumentResult, specs: SpecSet, per_addend: Decimal | None) -> CheckContext:
    if per_addend is None:
        per_addend = specs.document_checks.rounding.per_addend
    return CheckContext(result.tables, per_addend)


def _arithmetic(ctx: CheckContext, result: DocumentResult, specs: SpecSet) -> list[Check]:
    checks: list[Check] = []
    for table in result.tables:
        spec = next((s for s in specs.specs if s.id == table.spec), None)
        if spec is not None:
            checks += _table_checks(ctx, table, spec)
    for doc_rule in specs.document_checks.checks:
        if isinstance(doc_rule, SumCheck):
            checks += check_sum(ctx, doc_rule.id, doc_rule, None)
        else:
            checks += check_rows(ctx, doc_rule.id, doc_rule)
    return checks


def _table_checks(ctx: CheckContext, table: Table, spec: TableSpec) -> list[Check]:
    checks: list[Check] = []
    for rule in spec.checks:
        rule_id = f"{table.spec}.{rule.id}"
        if isinstance(rule, HierarchyCheck):
            outlined = any(isinstance(r, OutlineCheck) for r in spec.checks)
            columns = rule.columns or spec.column_ids()
            checks += check_hierarchy(ctx, rule_id, columns, table, outlined)
        elif isinstance(rule, OutlineCheck):
            checks += check_outline(ctx, rule_id, rule, table)
        elif isinstance(rule, ColumnsCheck):
            checks += check_columns(ctx, rule_id, rule, table)
        elif isinstance(rule, ComparisonCheck):
            identities = [r for r in spec.checks if isinstance(r, ColumnsCheck)]
            named = set(spec.column_ids())
            checks += check_comparison(ctx, rule_id, rule, table, identities, named)
        elif isinstance(rule, ItemsCheck):
            checks += check_items(ctx, rule_id, rule, table)
        else:
            checks += check_sum(ctx, rule_id, rule, table)
    return checks


def count_statuses(checks: Iterable[Check]) -> dict[CheckStatus, int]:
    """How many checks have each status, every status present (0 when none)."""
    counts = Counter(c.status for c in checks)
    return {status: counts.get(status, 0) for status in CheckStatus}


def summary_line(checks: list[Check], coverage: Coverage | None = None) -> str:
    """`checks: 57 pass, 3 rounding, 1 fail, 97% of amounts covered` (skipped only when
    there are any, coverage when measured)."""
    counts = count_statuses(checks)
    text = (
        f"checks: {counts[CheckStatus.PASS]} pass, {counts[CheckStatus.ROUNDING]} rounding, "
        f"{counts[CheckStatus.FAIL]} fail"
    )
    skipped = counts[CheckStatus.SKIPPED]
    text += f", {skipped} skipped" if skipped else ""
    covered = coverage_phrase(coverage)
    text += f", {covered}" if covered else ""
    by_ocr = sum(c.status is CheckStatus.FAIL and _compares_ocr(c) for c in checks)
    return text + (f" ({by_ocr} failing on values read by OCR)" if by_ocr else "")


def _compares_ocr(check: Check) -> bool:
    return check.total is not None and any(c.source for c in [check.total, *check.parts])
