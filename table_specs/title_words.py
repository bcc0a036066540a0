"""The model of `title_words.yaml`: words a publisher adds to a standard title without
changing which table it is, as rewrites from a printed title to its meaning."""

from __future__ import annotations

import re

from pydantic import Field

from budgetpdf.table_specs.check_model import Regex, Strict

TITLE_WORDS_FILE = "title_words.yaml"


class Rewrite(Strict):
    """One rewrite: every match of `pattern` in a title becomes `replace`."""

    pattern: Regex
    replace: str = Field(default="", description="The replacement; \\1 names a group.")
    description: str = ""


class TitleWords(Strict):
    """The contents of title_words.yaml."""

    rewrites: list[Rewrite] = Field(default_factory=list)

    def meaning(self, core: str) -> str:
        """A title's core (label and ordinal stripped, white space dropped) reduced to what
        names the table: "深圳市审计局2026年一般公共预算拨款支出预算表" → "一般公共预算支出表"."""
        for rewrite in self.rewrites:
            core = re.sub(rewrite.pattern, rewrite.replace, core)
        return core
