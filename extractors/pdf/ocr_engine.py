"""The OCR engine behind `--ocr`: RapidOCR (PP-OCR detection and recognition models run by
onnxruntime), from the `budgetpdf[ocr]` extra.

Its wheel carries the models, so nothing is fetched at run time. The engine is made once a
process (loading the models takes a second) and run on one thread count, so that a scan
reads the same on every run.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from budgetpdf.errors import NoTextLayerError

if TYPE_CHECKING:
    import numpy as np

# The extra's packages, by import name: a clear error names what is missing.
_MODULES = ("rapidocr", "onnxruntime")
INSTALL_HINT = (
    "install the OCR extra (pip install 'budgetpdf[ocr]') or OCR it first, e.g. with ocrmypdf"
)
# Lines the recogniser is less sure of than this are noise (a speck read as "一"); the
# others keep their score as the confidence of every value read from them.
_MIN_SCORE = 0.3
# onnxruntime splits a model's work over its threads; a fixed count keeps the sums (and so
# the rare close call between two characters) the same from run to run.
_THREADS = 2


@dataclass(frozen=True)
class OcrWord:
    """A run of characters the engine read with one box: pixels, top-left origin."""

    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class OcrLine:
    """A detected line of text with its recognised words, left to right."""

    text: str
    score: float
    words: tuple[OcrWord, ...]


def missing_modules() -> list[str]:
    return [name for name in _MODULES if importlib.util.find_spec(name) is None]


def ocr_unavailable() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    missing = missing_modules()
    if missing:
        return f"the OCR engine is not installed ({', '.join(missing)} missing)"
    return None


def require_engine(path: Any, pages: int) -> None:
    """Raise the no-text-layer error with the install hint when OCR cannot run."""
    reason = ocr_unavailable()
    if reason is not None:
        raise NoTextLayerError(
            f"no text layer on any of its {pages} pages (a scan?) and {reason}; {INSTALL_HINT}",
            path,
        )


@functools.cache
def _engine() -> Any:
    from rapidocr import RapidOCR

    return RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.text_score": _MIN_SCORE,
            "EngineConfig.onnxruntime.intra_op_num_threads": _THREADS,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


def read_lines(pixels: np.ndarray) -> list[OcrLine]:
    """The text lines of a grey page image, top to bottom."""
    import numpy as np

    image = np.repeat(pixels[:, :, None], 3, axis=2)
    output = _engine()(image, return_word_box=True)
    if output.txts is None or output.boxes is None:
        return []
    lines = []
    words_of = output.word_results if len(output.word_results) == len(output.txts) else None
    for index, (box, text, score) in enumerate(
        zip(output.boxes, output.txts, output.scores, strict=True)
    ):
        words = _words(words_of[index] if words_of else (), box, text, float(score))
        if words:
            lines.append(OcrLine(str(text), float(score), words))
    lines.sort(key=lambda line: (line.words[0].top, line.words[0].x0))
    return lines


def _words(found: Any, box: Any, text: str, score: float) -> tuple[OcrWord, ...]:
    """The line's words with their boxes; the line as one word where the engine gave none."""
    words = []
    for entry in found or ():
        if len(entry) < 3 or entry[2] is None or not str(entry[0]).strip():
            continue
        words.append(_word(str(entry[0]), float(entry[1]), entry[2]))
    if not words and text.strip():
        words.append(_word(text, score, box))
    return tuple(sorted(words, key=lambda w: w.x0))


def _word(text: str, score: float, box: Any) -> OcrWord:
    import numpy as np

    points = np.asarray(box, dtype=float).reshape(-1, 2)
    return OcrWord(
        text,
        score,
        float(points[:, 0].min()),
        float(points[:, 1].min()),
        float(points[:, 0].max()),
        float(points[:, 1].max()),
    )
