"""Builders of the odd PDFs that the bad-input tests, the fuzz script and the benchmarks need.

Every one is made from the samples or drawn with reportlab at run time, so no binary fixture
is checked in: an encrypted copy of the seed, a scan of a sample page, a cut or a
concatenation of sample pages, a PDF with no pages and a page of thousands of tiny line
segments.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import cidfonts, pdfdoc, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SEED_PDF = SAMPLES / "wuhan-hrss-info-center-2023.pdf"
CJK_FONT = "STSong-Light"


@contextmanager
def _encrypted_cid_strings() -> Iterator[None]:
    """reportlab writes a CID font's CIDSystemInfo strings ((Adobe), (GB1)) raw, so they stay
    plain text in an encrypted file; a reader decrypts them into garbage and loses the
    character map. As PDFString objects they are encrypted like every other string."""
    info = cidfonts.CIDFontInfo[CJK_FONT]["DescendantFonts"][0]["CIDSystemInfo"]
    saved = dict(info)
    info["Registry"] = pdfdoc.PDFString("Adobe")
    info["Ordering"] = pdfdoc.PDFString("GB1")
    try:
        yield
    finally:
        info.update(saved)


def rebuilt_seed(
    out: Path, *, encrypt: StandardEncryption | None = None, title: str | None = None
) -> Path:
    """The seed document rebuilt by samples/make_seed_pdf.py, optionally encrypted or with
    another document title in its metadata."""
    sys.path.insert(0, str(SAMPLES))
    try:
        import make_seed_pdf
    finally:
        sys.path.remove(str(SAMPLES))
    plain_canvas = make_seed_pdf.canvas.Canvas

    class Variant(plain_canvas):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, encrypt=encrypt, **kwargs)

        def setTitle(self, text: str) -> None:  # noqa: N802 - reportlab's name
            super().setTitle(text if title is None else title)

    make_seed_pdf.canvas.Canvas = Variant
    try:
        with _encrypted_cid_strings():
            make_seed_pdf.build(str(out))
    finally:
        make_seed_pdf.canvas.Canvas = plain_canvas
    return out


def encrypted_seed(out: Path, user_password: str, owner_password: str) -> Path:
    """The seed, RC4-128 encrypted. An empty user password with an owner password is the
    permission-only encryption common in government PDFs (copying and changing forbidden,
    opening free)."""
    encryption = StandardEncryption(
        user_password, owner_password, canCopy=0, canModify=0, strength=128
    )
    return rebuilt_seed(out, encrypt=encryption)


def pages_of(sources: Sequence[tuple[Path, Sequence[int] | None]], out: Path) -> Path:
    """A new PDF of the given pages (0-based; None: all) of each source, in order."""
    document = pdfium.PdfDocument.new()
    try:
        for source, pages in sources:
            src = pdfium.PdfDocument(str(source))
            try:
                document.import_pages(src, list(pages) if pages is not None else None)
            finally:
                src.close()
        document.save(str(out))
    finally:
        document.close()
    return out


def no_pages(out: Path) -> Path:
    return pages_of([], out)


def concatenated_samples(out: Path, pages: int) -> Path:
    """At least `pages` pages: every sample PDF in turn, again and again, cut to `pages`."""
    counts = []
    for path in sorted(SAMPLES.glob("*.pdf")):
        document = pdfium.PdfDocument(str(path))
        counts.append((path, len(document)))
        document.close()
    plan: list[tuple[Path, Sequence[int] | None]] = []
    total = 0
    while total < pages:
        for path, count in counts:
            take = min(count, pages - total)
            if take <= 0:
                break
            plan.append((path, range(take)))
            total += take
    return pages_of(plan, out)


def scanned(source: Path, page_indexes: Sequence[int], out: Path, dpi: int = 100) -> Path:
    """Each page rendered to a raster image and drawn alone on a page: a scan, no text."""
    document = pdfium.PdfDocument(str(source))
    try:
        sheet = canvas.Canvas(str(out), invariant=1)
        for index in page_indexes:
            page = document[index]
            width, height = page.get_size()
            image = page.render(scale=dpi / 72).to_pil()
            page.close()
            sheet.setPageSize((width, height))
            sheet.drawImage(ImageReader(image), 0, 0, width, height)
            sheet.showPage()
        sheet.save()
    finally:
        document.close()
    return out


def with_objects(data: bytes, objects: dict[int, bytes]) -> bytes:
    """`data` with an incremental update appended that adds or replaces the objects
    {number: body}, the way an editor saves a change: the bytes before stay as they were."""
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n"
    for number, offset in offsets.items():
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    out += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        max(size, max(offsets) + 1),
        root,
        previous,
        xref,
    )
    return bytes(out)


def reference_cycle(out: Path) -> Path:
    """The seed with page 5's /MediaBox an indirect object that refers to another that
    refers back (50 0 R -> 51 0 R -> 50 0 R). pdfminer's resolve1 follows such a chain
    forever while opening the file (pdfium reads it): only a time limit ends the read."""
    page = (
        b"<< /Type /Page /Parent 21 0 R /MediaBox 50 0 R /Contents 26 0 R "
        b"/Resources << /Font 1 0 R >> >>"
    )
    data = with_objects(SEED_PDF.read_bytes(), {8: page, 50: b"51 0 R", 51: b"50 0 R"})
    out.write_bytes(data)
    return out


def pathological_page(out: Path, segments: int) -> Path:
    """One page with a table title and then `segments` tiny line segments in a dense grid:
    the title makes the page worth a full parse, the segments make pdfplumber's table finder
    work on thousands of edges."""
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    width, height = 842.0, 595.0
    sheet = canvas.Canvas(str(out), pagesize=(width, height), invariant=1)
    sheet.setFont(CJK_FONT, 16)
    sheet.drawCentredString(width / 2, height - 40, "一般公共预算支出表")
    sheet.setFont(CJK_FONT, 9)
    sheet.drawString(40, height - 60, "单位：万元")
    sheet.setLineWidth(0.3)
    left, top, bottom = 40.0, height - 70, 30.0
    per_row = max(1, int((width - 2 * left) / 2.0))
    for n in range(segments):
        row, col = divmod(n, per_row)
        x = left + col * 2.0
        y = top - (row % int((top - bottom) / 2.0)) * 2.0
        # Alternate short horizontal and vertical strokes so both edge kinds pile up.
        if n % 2:
            sheet.line(x, y, x + 1.5, y)
        else:
            sheet.line(x, y, x, y - 1.5)
    sheet.showPage()
    sheet.save()
    return out
