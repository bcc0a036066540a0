"""科目编码: recognising, joining split 类/款/项 codes, level and parent."""

from __future__ import annotations

import re
import unicodedata

from budgetpdf.table_specs.vocabulary import CodeScheme

_LEVEL_LENGTHS = {
    CodeScheme.FUNCTION: {3: 1, 5: 2, 7: 3},
    CodeScheme.ECONOMIC: {3: 1, 5: 2},
    CodeScheme.UNIT: {3: 1, 6: 2, 9: 3},
}

# "[2010401]行政运行", "2010401 行政运行", "【301】工资福利支出"
_CODE_IN_NAME = re.compile(r"^\s*[\[【(（]?\s*(\d{3,9})\s*[\]】)）]?\s*(?=\D)(.*)$", re.S)
_DIGITS = re.compile(r"\d+")


def clean_code(text: str | None) -> str:
    """Digits only; '' when the cell holds no code ("208 " → "208", "合计" → "")."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = re.sub(r"\s+", "", folded)
    return folded if _DIGITS.fullmatch(folded) else ""


_PROJECT_CODE = re.compile(r"(?=.*\d)[0-9A-Za-z-]{2,40}")


def clean_project_code(text: str | None) -> str:
    """项目编码 are identifiers such as 42010022503T000000142: letters allowed, no hierarchy."""
    if not text:
        return ""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return folded if _PROJECT_CODE.fullmatch(folded) else ""


def split_code_from_name(name: str) -> tuple[str, str]:
    """`"[2010401]行政运行"` → ("2010401", "行政运行"); a name without a code → ("", name)."""
    folded = unicodedata.normalize("NFKC", name)
    match = _CODE_IN_NAME.match(folded)
    if not match:
        return "", name.strip()
    rest = match.group(2).strip()
    if not rest:
        return "", name.strip()
    return match.group(1), rest


def join_split_code(lei: str, kuan: str, xiang: str, previous: str = "") -> str:
    """Join a code printed over 类 | 款 | 项 columns.

    `208 | 05 | 05` → 2080505 and `208 | 05 |` → 20805. Some publishers leave 类 (and 款) blank
    on the rows below the first: the missing part is taken from the previous row's code.
    """
    lei, kuan, xiang = clean_code(lei), clean_code(kuan), clean_code(xiang)
    # 款 and 项 are two digits; some templates drop the leading zero ("201 | 6 | 50").
    kuan, xiang = (part.zfill(2) if len(part) == 1 else part for part in (kuan, xiang))
    if not (lei or kuan or xiang):
        return ""
    if not lei:
        lei = previous[:3]
    if xiang and not kuan:
        kuan = previous[3:5]
    if not lei:
        return ""
    return lei + kuan + (xiang if kuan else "")


def code_level(code: str, scheme: CodeScheme) -> int | None:
    if not code:
        return None
    return _LEVEL_LENGTHS.get(scheme, {}).get(len(code))


def code_parent(code: str, scheme: CodeScheme) -> str | None:
    level = code_level(code, scheme)
    if level is None or level == 1:
        return None
    if scheme is CodeScheme.UNIT:
        return code[:-3]
    return code[:-2]


def resolve_scheme(scheme: CodeScheme, code_header: str) -> CodeScheme:
    """Decide an AUTO scheme from the code column's header: 收入总表 is keyed by 科目编码 in
    some publishers' documents and by 单位代码 in others."""
    if scheme is not CodeScheme.AUTO:
        return scheme
    if "科目" in code_header:
        return CodeScheme.ECONOMIC if "经济" in code_header else CodeScheme.FUNCTION
    if "项目" in code_header:
        return CodeScheme.PROJECT
    if "单位" in code_header or "部门" in code_header:
        return CodeScheme.UNIT
    return CodeScheme.FUNCTION
