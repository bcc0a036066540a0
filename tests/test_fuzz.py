"""The short fuzz run: damaged PDFs and damaged specs through the library and the CLI fail
only with the tool's documented errors, within a time limit. bench/fuzz.py is the long run
over the full samples, each input in a worker process with a wall-clock limit."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import fuzz_inputs
import odd_pdfs
from budgetpdf.cli.main import app
from budgetpdf.errors import (
    EncryptedPdfError,
    ExitCode,
    NoTextLayerError,
    SpecError,
    UnreadablePdfError,
)
from budgetpdf.extractors.document import extract_document
from budgetpdf.table_specs.loader import bundled_dir, load_file, load_specs
from conftest import SAMPLES, SEED_PDF

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]
runner = CliRunner()
# What reading a damaged PDF may raise: the README's "Bad input" table.
PDF_ERRORS = (UnreadablePdfError, EncryptedPdfError, NoTextLayerError)
PDF_EXIT_CODES = {
    ExitCode.OK,
    ExitCode.UNREADABLE_PDF,
    ExitCode.ENCRYPTED_PDF,
    ExitCode.NO_TEXT_LAYER,
    ExitCode.NO_TABLES,
    # A cut of a document lacks some of its kind's required tables: completeness fails.
    ExitCode.CHECKS_FAILED,
}
# One extract of a two-page input takes about a second on a busy machine; a hang is far more.
LIMIT_SECONDS = 30
SHORT = settings(
    deadline=timedelta(seconds=LIMIT_SECONDS),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SPEC_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(bundled_dir().glob("*.yaml"))}


class Hang(Exception):
    pass


@contextmanager
def wall_clock_limit(seconds: int) -> Iterator[None]:
    """Raise Hang in the test if the block runs longer than `seconds` (hypothesis's deadline
    only judges an example after it returns)."""

    def expire(signum, frame):  # noqa: ANN001, ANN202
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def small_pdfs(work) -> dict[str, bytes]:
    """Small inputs, so that each example is fast: two ruled table pages of the seed (ASCII85
    and Flate streams) and one rotated Jiangsu table page, as pdfium writes a cut."""
    seed_pages = odd_pdfs.pages_of([(SEED_PDF, [3, 4])], work / "seed-2p.pdf")
    jiangsu = odd_pdfs.pages_of(
        [(SAMPLES / "jiangsu-npc-office-2019-tables.pdf", [2])], work / "jiangsu-1p.pdf"
    )
    return {
        "seed-2p": seed_pages.read_bytes(),
        "jiangsu-1p": jiangsu.read_bytes(),
    }


@settings(SHORT, max_examples=30)
@given(data=st.data())
def test_damaged_pdf_fails_only_with_documented_errors(small_pdfs, specs, work, data):
    name = data.draw(st.sampled_from(sorted(small_pdfs)))
    damaged = data.draw(fuzz_inputs.damaged_pdf(small_pdfs[name]))
    target = work / "damaged.pdf"
    target.write_bytes(damaged)
    with wall_clock_limit(LIMIT_SECONDS):
        try:
            extract_document(target, specs)
        except PDF_ERRORS as exc:
            assert exc.line().startswith(f"{target}: ")
            assert "\n" not in exc.line()


@settings(SHORT, max_examples=8)
@given(data=st.data())
def test_damaged_pdf_through_the_cli_gets_a_documented_exit_code(small_pdfs, work, data):
    name = data.draw(st.sampled_from(sorted(small_pdfs)))
    target = work / "cli.pdf"
    target.write_bytes(data.draw(fuzz_inputs.damaged_pdf(small_pdfs[name])))
    with wall_clock_limit(LIMIT_SECONDS):
        result = runner.invoke(app, ["extract", str(target), "-o", str(work / "out")])
    assert result.exit_code in PDF_EXIT_CODES, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


@settings(SHORT, max_examples=60)
@given(data=st.data())
def test_damaged_spec_is_loaded_or_reported_with_its_file(work, data):
    name = data.draw(st.sampled_from(sorted(SPEC_TEXTS)))
    target = work / name
    target.write_text(data.draw(fuzz_inputs.damaged_spec(SPEC_TEXTS[name])), encoding="utf-8")
    spec, problems = load_file(target)
    assert (spec is None) == bool(problems)
    assert all(str(p).startswith(f"{target}") and "\n" not in str(p) for p in problems)


@settings(SHORT, max_examples=12)
@given(data=st.data())
def test_damaged_spec_that_loads_is_used_without_crashing(small_pdfs, work, data):
    # A spec can be valid and still odd (an empty list, a regex matching everything):
    # extraction with it on top of the bundled ones must still end in a result.
    name = data.draw(st.sampled_from(sorted(SPEC_TEXTS)))
    folder = work / "spec"
    folder.mkdir(exist_ok=True)
    target = folder / name
    for stale in folder.glob("*.yaml"):
        stale.unlink()
    target.write_text(data.draw(fuzz_inputs.damaged_spec(SPEC_TEXTS[name])), encoding="utf-8")
    try:
        specs = load_specs([bundled_dir(), folder])
    except SpecError:
        return
    pdf = work / "target.pdf"
    pdf.write_bytes(small_pdfs["seed-2p"])
    with wall_clock_limit(LIMIT_SECONDS):
        extract_document(pdf, specs)


@settings(SHORT, max_examples=10)
@given(data=st.data())
def test_damaged_spec_through_validate_gets_exit_0_or_3(work, data):
    name = data.draw(st.sampled_from(sorted(SPEC_TEXTS)))
    folder = work / "validate"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        data.draw(fuzz_inputs.damaged_spec(SPEC_TEXTS[name])), encoding="utf-8"
    )
    result = runner.invoke(app, ["specs", "validate", str(folder)])
    (folder / name).unlink()
    assert result.exit_code in (ExitCode.OK, ExitCode.BAD_SPEC), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
