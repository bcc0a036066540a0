"""The closed vocabularies a spec may use: what a table's key column holds, and the table
engines a spec or a run may ask for; the layout layers a run may read pages with. The library's registries are keyed by these."""

from __future__ import annotations

from enum import Enum


class CodeScheme(str, Enum):
    """What the key column of a table holds; decides how level and parent are derived."""

    FUNCTION = "function"  # 支出功能分类: 类 3, 款 5, 项 7 digits
    ECONOMIC = "economic"  # 经济分类: 类 3, 款 5 digits
    UNIT = "unit"  # 部门 3 digits, 单位 6 digits (503 / 503019)
    PROJECT = "project"  # 项目编码: long identifiers without a hierarchy
    ITEM = "item"  # no codes: rows keyed by their item name
    AUTO = "auto"  # decided per table from the code column's header (科目 / 单位 / 项目)


class EngineChoice(str, Enum):
    """A table engine by name; AUTO lets the page decide (ruled where rules are drawn)."""

    AUTO = "auto"
    RULED = "ruled"
    WORDS = "words"
    CAMELOT = "camelot"


class LayoutChoice(str, Enum):
    """Which library lays a page out (its chars, lines and rects) for the table logic."""

    PDFIUM = "pdfium"  # fast; pdfminer reads the pages it cannot serve
    PDFMINER = "pdfminer"  # the reference, through pdfplumber


class OcrChoice(str, Enum):
    """Which pages OCR reads: those without a text layer (AUTO), every page, or none."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"
