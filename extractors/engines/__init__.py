"""Table engines: each turns one table region of a page into a Grid."""

from __future__ import annotations

from budgetpdf.extractors.engines.base import Engine, Region
from budgetpdf.extractors.engines.camelot_engine import CamelotEngine
from budgetpdf.extractors.engines.ruled import RuledEngine
from budgetpdf.extractors.engines.words import WordsEngine

ENGINES: dict[str, type[Engine]] = {
    "ruled": RuledEngine,
    "words": WordsEngine,
    "camelot": CamelotEngine,
}

__all__ = ["ENGINES", "Engine", "Region", "RuledEngine", "WordsEngine", "CamelotEngine"]
