"""Scans made from text PDFs: each page rendered to grey pixels and put back as an image-only
PDF (no text layer), clean or with the marks of a scanner (a small turn, grain, specks).

The same arguments always give the same file: the noise comes from a seeded generator.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def _page_image(page: pdfium.PdfPage, dpi: int) -> Image.Image:
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        return bitmap.to_pil().convert("L")
    finally:
        bitmap.close()


def _worn(image: Image.Image, rng: np.random.Generator, skew: float) -> Image.Image:
    """The page as a scanner gives it: turned by `skew` degrees, grainy, with dark specks."""
    turned = image.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.float32)
    pixels += rng.normal(0.0, 12.0, pixels.shape)
    specks = rng.random(pixels.shape) < 0.0005
    pixels[specks] = 0.0
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def make_scan(
    source: Path,
    target: Path,
    pages: list[int] | None = None,
    *,
    dpi: int = 200,
    worn: bool = False,
    text_pages: frozenset[int] = frozenset(),
    seed: int = 18,
) -> Path:
    """An image-only copy of `source` (its `pages`, 1-based, all by default) at `target`.

    `worn` adds a turn of 0.3–0.6° (alternating in sign), grain and specks; `text_pages`
    keeps those pages as they are (a mixed document: scanned pages among text pages)."""
    rng = np.random.default_rng(seed)
    document = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    try:
        numbers = pages or list(range(1, len(document) + 1))
        for index, number in enumerate(numbers):
            if number in text_pages:
                out.import_pages(document, [number - 1])
                continue
            page = document[number - 1]
            width, height = page.get_size()
            image = _page_image(page, dpi)
            page.close()
            if worn:
                skew = (0.3 + 0.3 * rng.random()) * (1 if index % 2 else -1)
                image = _worn(image, rng, skew)
            _add_image_page(out, image, width, height)
        target.parent.mkdir(parents=True, exist_ok=True)
        out.save(str(target))
    finally:
        out.close()
        document.close()
    return target


def _add_image_page(out: pdfium.PdfDocument, image: Image.Image, width: float, height: float):
    page = out.new_page(width, height)
    picture = pdfium.PdfImage.new(out)
    bitmap = pdfium.PdfBitmap.from_pil(image)
    picture.set_bitmap(bitmap)
    picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(picture)
    page.gen_content()
    bitmap.close()
    page.close()
