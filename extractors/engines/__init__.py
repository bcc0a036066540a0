"""Table engines: each turns one table region of a page into a Grid."""

from __future__ import annotations

from budgetpdf.extractors.engines.base import Engine, Region
from budgetpdf.extractors.engines.camelot_engine import CamelotEngine
from budgetpdf.extractors.engines.ruled import RuledEngine
from budgetpdf.extractors.engines.words import WordsEngine
from budgetpdf.table_specs.vocabulary import EngineChoice

# The one registry of engines, keyed by the names specs and --engine use.
ENGINES: dict[EngineChoice, type[Engine]] = {
    EngineChoice.RULED: RuledEngine,
    EngineChoice.WORDS: WordsEngine,
    EngineChoice.CAMELOT: CamelotEngine,
}

__all__ = ["ENGINES", "Engine", "Region", "RuledEngine", "WordsEngine", "CamelotEngine"]
