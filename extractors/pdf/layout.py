"""Words and text lines of a page: the cheap text pass every later step reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from pdfplumber.page import Page

from budgetpdf.extractors.text import normalize_text


def snapped(value: float, places: int = 0) -> float:
    """A coordinate rounded through the thousandth first, so that the two layout layers
    round alike: pdfminer reads 122.54999 where pdfium, holding the producer's numbers as
    32-bit floats, reads 122.55; snapped gives 122.6 (or 123 at no places) for both."""
    return round(round(value, 3), places)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class WordGroup:
    """Words taken together (a line, a header cell): their bounding box."""

    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


@dataclass
class Line(WordGroup):
    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def norm(self) -> str:
        return normalize_text(self.text)


def page_words(page: Page) -> list[Word]:
    # Vertical (non-upright) glyphs are stamps or side notes, never table text.
    raw = page.extract_words(x_tolerance=2, y_tolerance=2, keep_blank_chars=False)
    return [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
        for w in raw
        if w.get("upright", True) and w["text"].strip()
    ]


def group_lines(words: list[Word]) -> list[Line]:
    """Cluster words into lines by vertical overlap, each line sorted left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        mid = (word.top + word.bottom) / 2
        for line in reversed(lines[-3:]):
            if line.top - 1 <= mid <= line.bottom + 1:
                line.words.append(word)
                break
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: ln.top)
    return lines
