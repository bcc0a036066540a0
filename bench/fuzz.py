"""The long fuzz run: damaged sample PDFs and damaged specs through the library, each in a
worker process with a wall-clock limit.

Every input comes from the strategies in tests/fuzz_inputs.py (the same ones the short CI
test draws from). A PDF input is extracted with the bundled specs; a spec input is loaded
alone, and when it loads, used on top of the bundled specs to extract a small PDF (so a spec
that is valid but odd is exercised too). Each outcome is one of:

- ok: the library returned a result;
- a typed error: a BudgetPdfError subclass (counted by exit code) — the expected failure;
- uncaught: any other exception — a bug; its traceback and input are saved;
- hang: no answer within --timeout seconds; the worker is killed, the input saved;
- crash: the worker died (a signal from C code, an out-of-memory kill); the input saved.

Run from the repository root:

    python bench/fuzz.py [--examples 500] [--spec-share 0.25] [--timeout 60]
                         [--inputs a.pdf b.pdf] [--save DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))
import fuzz_inputs  # noqa: E402
import odd_pdfs  # noqa: E402

Outcome = tuple[str, str]  # (status, detail)


def _serve(conn: Connection, spec_target: str) -> None:
    """The worker: answers ("pdf", path) and ("spec", folder) requests until told to stop."""
    import logging
    import warnings

    from budgetpdf.errors import BudgetPdfError
    from budgetpdf.extractors.document import extract_document
    from budgetpdf.table_specs.loader import bundled_dir, load_specs

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    bundled = load_specs()
    while True:
        request = conn.recv()
        if request is None:
            return
        kind, target = request
        try:
            if kind == "pdf":
                extract_document(Path(target), bundled)
            else:
                specs = load_specs([bundled_dir(), Path(target)])
                extract_document(Path(spec_target), specs)
            conn.send(("ok", ""))
        except BudgetPdfError as exc:
            conn.send((f"typed:{exc.exit_code.name}", exc.line()))
        except Exception as exc:  # noqa: BLE001 - the point of fuzzing: report what escaped
            detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
            conn.send((f"uncaught:{type(exc).__name__}", detail))


class Worker:
    """One worker process, replaced when it hangs or dies."""

    def __init__(self, spec_target: Path) -> None:
        self.spec_target = spec_target
        self._start()

    def _start(self) -> None:
        self.conn, child_conn = multiprocessing.Pipe()
        self.process = multiprocessing.Process(
            target=_serve, args=(child_conn, str(self.spec_target)), daemon=True
        )
        self.process.start()

    def run(self, kind: str, target: Path, timeout: float) -> Outcome:
        self.conn.send((kind, str(target)))
        try:
            if self.conn.poll(timeout):
                return self.conn.recv()
        except EOFError:
            pass
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
            self._start()
            return "hang", f"no answer in {timeout:.0f} s"
        self.process.join()
        code = self.process.exitcode
        self._start()
        return "crash", f"worker exited with {code}"

    def stop(self) -> None:
        if self.process.is_alive():
            self.conn.send(None)
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--spec-share", type=float, default=0.25)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--inputs", type=Path, nargs="*", help="PDFs to damage (default: samples)")
    parser.add_argument("--save", type=Path, help="Folder for inputs that hang, crash or escape.")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    sources = args.inputs or sorted(odd_pdfs.SAMPLES.glob("*.pdf"))
    pdf_bytes = {p.name: p.read_bytes() for p in sources}
    spec_texts = {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted((REPO_ROOT / "table_specs").glob("*.yaml"))
    }
    work = Path(tempfile.mkdtemp(prefix="budgetpdf-fuzz-"))
    save = args.save or work / "findings"
    save.mkdir(parents=True, exist_ok=True)
    # Specs that load are tried on three table pages of the seed: fast, and every kind of
    # spec (coded, two-sided) has a table there.
    spec_target = odd_pdfs.pages_of([(odd_pdfs.SEED_PDF, [3, 4, 7])], work / "spec-target.pdf")
    worker = Worker(spec_target)
    outcomes: Counter[str] = Counter()
    findings: list[str] = []
    started = time.monotonic()

    def record(kind: str, name: str, payload: bytes, outcome: Outcome) -> None:
        status, detail = outcome
        outcomes[f"{kind} {status}"] += 1
        done = sum(outcomes.values())
        if done % 100 == 0:
            print(f"{done} inputs, {len(findings)} findings", file=sys.stderr, flush=True)
        if status.startswith(("uncaught", "hang", "crash")):
            number = len(findings) + 1
            suffix = ".pdf" if kind == "pdf" else ".yaml"
            (save / f"{number:04d}-{name}{suffix}").write_bytes(payload)
            (save / f"{number:04d}-{name}.txt").write_text(detail, encoding="utf-8")
            findings.append(f"{number:04d} {kind} {name}: {status}: {detail.splitlines()[0]}")

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        if data.draw(st.integers(0, 99)) < args.spec_share * 100:
            name = data.draw(st.sampled_from(sorted(spec_texts)))
            text = data.draw(fuzz_inputs.damaged_spec(spec_texts[name]))
            folder = work / "spec"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            (folder / name).write_text(text, encoding="utf-8")
            outcome = worker.run("spec", folder, args.timeout)
            record("spec", Path(name).stem, text.encode("utf-8"), outcome)
        else:
            name = data.draw(st.sampled_from(sorted(pdf_bytes)))
            damaged = data.draw(fuzz_inputs.damaged_pdf(pdf_bytes[name]))
            target = work / "input.pdf"
            target.write_bytes(damaged)
            outcome = worker.run("pdf", target, args.timeout)
            record("pdf", Path(name).stem, damaged, outcome)

    try:
        one()
    finally:
        worker.stop()
    total = sum(outcomes.values())
    print(f"{total} inputs in {time.monotonic() - started:.0f} s")
    for key, count in sorted(outcomes.items()):
        print(f"  {count:6d}  {key}")
    print(f"{len(findings)} findings" + (f" saved in {save}" if findings else ""))
    for line in findings:
        print(f"  {line}")
    if not findings and args.save is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
