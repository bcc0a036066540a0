"""Text normalisation shared by locating, header matching and row keys."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFKC-fold and drop all white space.

    NFKC maps the Kangxi-radical look-alikes some producers emit (⽀ U+2F40) to the plain
    character (支), and full-width digits and brackets to ASCII, so "（一）" and "(一)" compare
    equal. White space is dropped because CJK titles are often letter-spaced ("支 出 总 计").
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def clean_cell(text: str | None) -> str:
    """A cell's text as printed, NFKC-folded, with wrapped lines joined.

    CJK text wraps without a space ("广州市交" + "通工程"), so line breaks between two CJK
    characters vanish; elsewhere a line break becomes one space.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = ""
    for line in lines:
        if out and not (_is_cjk(out[-1]) or _is_cjk(line[0])):
            out += " "
        out += line
    return out.strip()


def _is_cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"
