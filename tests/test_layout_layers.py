"""The pdfium layout layer against pdfminer's, the reference: the same tables, rows, values,
checks and warnings on every sample and every corpus document; the geometry it is built on
(32-bit numbers read back as written, /Rotate and MediaBox origins as pdfminer applies them);
and the fallback to pdfminer for a page pdfium cannot lay out."""

from __future__ import annotations

import json
import struct
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from budgetpdf.cli.main import app
from budgetpdf.errors import BudgetPdfError
from budgetpdf.extractors.document import ExtractOptions, extract_document
from budgetpdf.extractors.notices import NoticeKind
from budgetpdf.extractors.pdf._pdfium_geometry import PageFrame, written
from budgetpdf.extractors.pdf.pdfium_layout import lay_out
from budgetpdf.extractors.pdf.pdfium_pages import PdfiumPages
from budgetpdf.table_specs.loader import load_specs
from conftest import CORPUS, SAMPLES, SEED_PDF

SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))
CORPUS_PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.exists() else []

pytestmark = pytest.mark.slow


def both_layers(path: Path) -> tuple[dict, dict]:
    """document.json of both layers (or the error each raised), less the notices of pages
    pdfium left to pdfminer (which only the pdfium layer can give)."""
    specs = load_specs()
    outputs = []
    for layout in ("pdfminer", "pdfium"):
        try:
            data = extract_document(path, specs, ExtractOptions(layout=layout)).to_dict()
        except BudgetPdfError as exc:
            data = {"error": type(exc).__name__, "message": exc.message}
        fallback = NoticeKind.LAYOUT_FALLBACK.value
        data["warnings"] = [w for w in data.get("warnings", []) if w["type"] != fallback]
        outputs.append(data)
    return outputs[0], outputs[1]


@pytest.mark.parametrize("pdf", SAMPLE_PDFS, ids=lambda p: p.name)
def test_layers_agree_on_every_sample(pdf):
    reference, fast = both_layers(pdf)
    assert fast == reference


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS_PDFS, reason="../shared/corpus is absent")
def test_layers_agree_on_every_corpus_document():
    with ProcessPoolExecutor(2) as pool:
        pairs = dict(zip(CORPUS_PDFS, pool.map(both_layers, CORPUS_PDFS, chunksize=1), strict=True))
    differing = [p.name for p, (reference, fast) in pairs.items() if fast != reference]
    assert not differing


def test_written_recovers_the_decimal_a_producer_wrote():
    as_float32 = struct.unpack("f", struct.pack("f", 36.85))[0]
    assert as_float32 != 36.85
    assert written(as_float32) == 36.85
    # A sum pdfium computed in 32 bits lands one float beside the written one.
    assert written(struct.unpack("f", struct.pack("f", 1030.528))[0] + 6.1e-5) == 1030.528


@pytest.mark.parametrize(
    ("mediabox", "rotation"),
    [
        ((0, 0, 595, 842), 0),
        ((0, 0, 842, 1191), 90),
        ((10, 20, 605, 862), 0),
        ((0, 0, 595, 842), 270),
    ],
)
def test_page_frame_places_a_point_as_pdfplumber(tmp_path, mediabox, rotation):
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(mediabox[2] - mediabox[0], mediabox[3] - mediabox[1])
    page.set_mediabox(*mediabox)
    page.set_rotation(rotation)
    path = tmp_path / "box.pdf"
    pdf.save(str(path))
    with pdfplumber.open(path) as plumbed:
        reference = plumbed.pages[0]
        frame = PageFrame(tuple(map(float, mediabox)), rotation, 1)
        assert frame.bbox == tuple(reference.bbox)
        assert (frame.width, frame.height) == (reference.width, reference.height)


def test_seed_page_objects_equal_pdfminers():
    """Chars, lines and rects of the seed's ruled table page, key by key."""
    keys = ("text", "x0", "x1", "top", "bottom", "size", "upright")
    with pdfplumber.open(SEED_PDF) as plumbed:
        reference = plumbed.pages[7]
        document = pdfium.PdfDocument(str(SEED_PDF))
        page = document[7]
        fast = lay_out(page, page.get_textpage(), 8, reference.initial_doctop)
        for kind in ("chars", "lines", "rects"):
            ours, theirs = getattr(fast, kind), getattr(reference, kind)
            assert len(ours) == len(theirs)
            for a, b in zip(ours, theirs, strict=True):
                assert {k: a.get(k) for k in keys} == pytest.approx({k: b.get(k) for k in keys})
        assert len(fast.find_tables()) == len(reference.find_tables())
        document.close()


def test_a_page_pdfium_cannot_lay_out_is_read_by_pdfminer(monkeypatch):
    specs = load_specs()
    reference = extract_document(SEED_PDF, specs, ExtractOptions(layout="pdfminer"))

    def refuse(self, page_no, initial_doctop=0.0):
        raise pdfium.PdfiumError("refused by the test")

    monkeypatch.setattr(PdfiumPages, "layout", refuse)
    fallback = extract_document(SEED_PDF, specs)
    notices = [w for w in fallback.warnings if w.kind is NoticeKind.LAYOUT_FALLBACK]
    assert notices and all("refused by the test" in n.message for n in notices)
    assert [t.to_dict() for t in fallback.tables] == [t.to_dict() for t in reference.tables]


def test_unknown_layout_is_refused():
    with pytest.raises(BudgetPdfError, match="unknown layout 'poppler'; choose one of pdfium"):
        ExtractOptions(layout="poppler")


def test_cli_layout_option_gives_the_same_output(tmp_path):
    runner = CliRunner()
    documents = []
    for layout in ("pdfium", "pdfminer"):
        out = tmp_path / layout
        # --allow-check-failures: the seed's narrative misstates one amount (exit 8 otherwise).
        args = ["extract", str(SEED_PDF), "-o", str(out), "--layout", layout]
        result = runner.invoke(app, [*args, "--allow-check-failures"])
        assert result.exit_code == 0, result.output
        documents.append(json.loads((out / SEED_PDF.stem / "document.json").read_text("utf-8")))
    assert documents[0] == documents[1]


def test_version_does_not_import_numpy():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.argv = ['budgetpdf', '--version']\n"
        "from budgetpdf.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    version, numpy_imported = out.stdout.splitlines()
    assert version.startswith("budgetpdf ") and numpy_imported == "False"
