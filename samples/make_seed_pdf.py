#!/usr/bin/env python
"""Rebuild the seed 2023 单位预算 of 武汉市人力资源和社会保障信息中心 as a PDF.

The source is the Markdown conversion in
``shared/seed/wuhan-hrss-info-center-2023-unit-budget.md``.  The PDF imitates a
published budget: a portrait cover, a table of contents that *mentions* every
table title (a trap for table detection), a narrative page quoting numbers and
table names, then one fully ruled table per landscape A4 page with merged
header cells, a "表N" label, a centred title and the "单位：…" / "单位：万元"
line.  The 一般公共预算基本支出表 continues onto a second page that repeats the
header rows without a title.

Every number is printed exactly as the seed prints it; blank cells stay blank.

Usage::

    python samples/make_seed_pdf.py [OUT.pdf]

Default output: ``wuhan-hrss-info-center-2023.pdf`` next to this script.
Needs only reportlab; text uses the built-in CID font STSong-Light so that no
TTF font has to be installed (pdfminer/pdfplumber decode it to Unicode).
"""

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

UNIT_NAME = "武汉市人力资源和社会保障信息中心"
DOC_TITLE = UNIT_NAME + "2023年单位预算"

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 36  # landscape table pages
LINE_WIDTH = 0.6
PAD = 3  # horizontal padding inside a cell


def sw(text, size):
    return pdfmetrics.stringWidth(text, FONT, size)


# ---------------------------------------------------------------------------
# Generic ruled-table drawing
# ---------------------------------------------------------------------------


def layout_header(header_rows, ncols):
    """Place HTML-like header cells.

    header_rows: list of rows, each a list of (text, colspan, rowspan).
    Returns list of (row, col, rowspan, colspan, text).
    """
    occupied = set()
    placed = []
    for r, row in enumerate(header_rows):
        c = 0
        for text, cs, rs in row:
            while (r, c) in occupied:
                c += 1
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    occupied.add((rr, cc))
            placed.append((r, c, rs, cs, text))
            c += cs
    for r in range(len(header_rows)):
        for c in range(ncols):
            if (r, c) not in occupied:
                raise ValueError(f"header row {r} col {c} not covered")
    return placed


def wrap_line(text, width, size):
    """Break one line of text into lines no wider than width (char based)."""
    out, cur = [], ""
    for ch in text:
        if cur and sw(cur + ch, size) > width:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    out.append(cur)
    return out


def draw_cell_text(c, text, x, y_top, w, h, size, align):
    if not text:
        return
    lines = []
    for part in text.split("\n"):
        lines.extend(wrap_line(part, w - 2 * PAD, size))
    leading = size * 1.2
    block = leading * len(lines)
    # baseline of the first line so that the block is vertically centred
    cy = y_top - h / 2.0
    base = cy + block / 2.0 - leading + (leading - size) / 2.0 + size * 0.15
    c.setFont(FONT, size)
    for i, line in enumerate(lines):
        yy = base - i * leading
        if align == "L":
            c.drawString(x + PAD, yy, line)
        elif align == "R":
            c.drawRightString(x + w - PAD, yy, line)
        else:
            c.drawCentredString(x + w / 2.0, yy, line)


def draw_table(c, x0, y_top, col_widths, table, body_height):
    """Draw a fully ruled table (its header rows and heights, body, aligns and font sizes
    from the `table` dict); returns the y of its bottom edge."""
    header_rows, header_heights = table["header"], table["header_heights"]
    body, aligns = table["body"], table["aligns"]
    size = table.get("size", 9)
    header_size = table.get("header_size") or size
    ncols = len(col_widths)
    xs = [x0]
    for w in col_widths:
        xs.append(xs[-1] + w)
    heights = list(header_heights) + [body_height] * len(body)
    ys = [y_top]
    for h in heights:
        ys.append(ys[-1] - h)

    cells = []  # (r, c, rs, cs, text, align, size)
    for r, col, rs, cs, text in layout_header(header_rows, ncols):
        cells.append((r, col, rs, cs, text, "C", header_size))
    nh = len(header_rows)
    for i, row in enumerate(body):
        if len(row) != ncols:
            raise ValueError(f"body row has {len(row)} cells, want {ncols}: {row!r}")
        for col, text in enumerate(row):
            cells.append((nh + i, col, 1, 1, text, aligns[col], size))

    segments = set()
    for r, col, rs, cs, text, align, fs in cells:
        xa, xb = xs[col], xs[col + cs]
        ya, yb = ys[r], ys[r + rs]  # ya top, yb bottom
        segments.add((xa, ya, xb, ya))
        segments.add((xa, yb, xb, yb))
        segments.add((xa, yb, xa, ya))
        segments.add((xb, yb, xb, ya))
        draw_cell_text(c, text, xa, ya, xb - xa, ya - yb, fs, align)
    c.setLineWidth(LINE_WIDTH)
    for seg in sorted(segments):
        c.line(*seg)
    return ys[-1]


def fit_widths(fixed, total):
    """fixed: list of numbers or None; None columns share the remaining width."""
    rest = total - sum(w for w in fixed if w is not None)
    n = sum(1 for w in fixed if w is None)
    return [w if w is not None else rest / n for w in fixed]


def page_number(c, n, width):
    c.setFont(FONT, 9)
    c.drawCentredString(width / 2.0, 18, f"- {n} -")


def table_page(c, pageno, label, title, table, note=None, continuation=False, misprints=None):
    """One landscape page with (optionally) label, title, unit line, table.

    misprints {(row, column): text} replaces printed cells of the body: tests plant an error
    in an otherwise consistent table to see the check that catches it.
    """
    W, H = LANDSCAPE
    if misprints:
        table = dict(table, body=[list(r) for r in table["body"]])
        for (r, col), text in misprints.items():
            table["body"][r][col] = text
    c.setPageSize(LANDSCAPE)
    usable = W - 2 * MARGIN
    if continuation:
        y = H - MARGIN
    else:
        c.setFont(FONT, 10)
        c.drawString(MARGIN, H - 40, label)
        c.setFont(FONT, 18)
        c.drawCentredString(W / 2.0, H - 66, title)
        c.setFont(FONT, 10)
        c.drawString(MARGIN, H - 90, "单位：" + UNIT_NAME)
        c.drawRightString(W - MARGIN, H - 90, "单位：万元")
        y = H - 98
    widths = fit_widths(table["widths"], usable)
    body = table["body"]
    avail = y - 40 - (16 if note else 0) - sum(table["header_heights"])
    body_h = min(table.get("body_height", 20), avail / max(len(body), 1))
    bottom = draw_table(c, MARGIN, y, widths, table, body_h)
    if note:
        c.setFont(FONT, 9.5)
        c.drawString(MARGIN, bottom - 16, note)
    page_number(c, pageno, W)
    c.showPage()


# ---------------------------------------------------------------------------
# Table data (transcribed from the seed)
# ---------------------------------------------------------------------------


def h(text, cs=1, rs=1):
    return (text, cs, rs)


EXP_FUNCTIONS = [  # 收支总表 expenditure side, (name, 预算数)
    ("一、一般公共服务支出", ""),
    ("二、公共安全支出", ""),
    ("三、教育支出", ""),
    ("四、科学技术支出", ""),
    ("五、文化旅游体育与传媒支出", ""),
    ("六、社会保障和就业支出", "1054.77"),
    ("七、卫生健康支出", "86.34"),
    ("八、节能环保支出", ""),
    ("九、城乡社区支出", ""),
    ("十、农林水支出", ""),
    ("十一、交通运输支出", ""),
    ("十二、资源勘探工业信息等支出", ""),
    ("十三、商业服务业等支出", ""),
    ("十四、金融支出", ""),
    ("十五、援助其他地区支出", ""),
    ("十六、自然资源海洋气象等支出", ""),
    ("十七、住房保障支出", "95.63"),
    ("十八、粮油物资储备支出", ""),
    ("十九、国有资本经营预算支出", ""),
    ("二十、灾害防治及应急管理支出", ""),
    ("廿一、其他支出", ""),
    ("廿二、债务还本支出", ""),
    ("廿三、债务付息支出", ""),
    ("廿四、债务发行费用支出", ""),
]


def two_sided(left, right):
    n = max(len(left), len(right))
    rows = []
    for i in range(n):
        li = left[i] if i < len(left) else ("", "")
        ri = right[i] if i < len(right) else ("", "")
        rows.append([li[0], li[1], ri[0], ri[1]])
    return rows


def t1_income_expenditure_summary():
    left = [
        ("一、一般公共预算拨款收入", "1236.74"),
        ("二、政府性基金预算拨款收入", ""),
        ("三、国有资本经营预算拨款收入", ""),
        ("四、财政专户管理资金收入", ""),
        ("五、事业收入", ""),
        ("六、事业单位经营收入", ""),
        ("七、上级补助收入", ""),
        ("八、附属单位上缴收入", ""),
        ("九、其他收入", ""),
    ]
    body = two_sided(left, EXP_FUNCTIONS)
    body += [
        ["本年收入合计", "1236.74", "本年支出合计", "1236.74"],
        ["上年结转结余", "", "年终结转结余", ""],
        ["收入总计", "1236.74", "支 出 总 计", "1236.74"],
    ]
    return {
        "widths": [None, 130, None, 130],
        "header": [
            [h("收 入", 2), h("支 出", 2)],
            [h("项 目"), h("预算数"), h("项 目"), h("预算数")],
        ],
        "header_heights": [18, 18],
        "body": body,
        "aligns": "LRLR",
        "size": 9,
    }


def t2_income_summary():
    def row(code, name, v):
        return [code, name, v, v, v] + [""] * 14

    body = [
        row("", "合计", "1236.74"),
        row("503", "武汉市人力资源和社会保障局", "1236.74"),
        row("503019", "武汉市人力资源和社会保障信息中心", "1236.74"),
    ]
    return {
        "widths": [38, 130, 34] + [None] * 16,
        "header": [
            [
                h("部门（单\n位）代码", 1, 2),
                h("部门（单位）\n名称", 1, 2),
                h("合计", 1, 2),
                h("本年收入", 10),
                h("上年结转结余", 6),
            ],
            [
                h("小计"),
                h("一般公共\n预算"),
                h("政府性基\n金预算"),
                h("国有资本\n经营预算"),
                h("财政专户\n管理资金"),
                h("事业收入"),
                h("事业单位\n经营收入"),
                h("上级补助\n收入"),
                h("附属单位\n上缴收入"),
                h("其他收入"),
                h("小计"),
                h("一般公共\n预算"),
                h("政府性基\n金预算"),
                h("国有资本\n经营预算"),
                h("财政专户\n管理资金"),
                h("单位资金"),
            ],
        ],
        "header_heights": [20, 34],
        "body": body,
        "aligns": "LLR" + "R" * 16,
        "size": 7.5,
        "header_size": 7,
        "body_height": 22,
    }


FUNC_ROWS = [  # code, name  (shared by 支出总表 and 一般公共预算支出表)
    ("", "合计"),
    ("208", "社会保障和就业支出"),
    ("20801", "人力资源和社会保障管理事务"),
    ("2080150", "事业运行"),
    ("2080199", "其他人力资源和社会保障管理事务支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080502", "事业单位离退休"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("210", "卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("221", "住房保障支出"),
    ("22102", "住房改革支出"),
    ("2210201", "住房公积金"),
    ("2210202", "提租补贴"),
    ("2210203", "购房补贴"),
]


def t3_expenditure_summary():
    # 合计, 基本支出, 项目支出 (事业单位经营支出, 上缴上级支出, 对附属单位补助支出 blank)
    vals = [
        ("1236.74", "838.38", "398.36"),
        ("1054.77", "656.41", "398.36"),
        ("976.18", "577.82", "398.36"),
        ("577.82", "577.82", ""),
        ("398.36", "", "398.36"),
        ("78.59", "78.59", ""),
        ("8.90", "8.90", ""),
        ("69.69", "69.69", ""),
        ("86.34", "86.34", ""),
        ("86.34", "86.34", ""),
        ("95.63", "95.63", ""),
        ("95.63", "95.63", ""),
        ("60.55", "60.55", ""),
        ("11.77", "11.77", ""),
        ("23.31", "23.31", ""),
    ]
    body = [
        [code, name] + list(v) + ["", "", ""]
        for (code, name), v in zip(FUNC_ROWS, vals, strict=False)
    ]
    return {
        "widths": [70, 200] + [None] * 6,
        "header": [
            [
                h("科目编码"),
                h("科目名称"),
                h("合计"),
                h("基本支出"),
                h("项目支出"),
                h("事业单位经\n营支出"),
                h("上缴上级\n支出"),
                h("对附属单位\n补助支出"),
            ]
        ],
        "header_heights": [32],
        "body": body,
        "aligns": "LLRRRRRR",
        "size": 9,
    }


def t4_fiscal_appropriation_summary():
    left = [
        ("一、本年收入", "1236.74"),
        ("（一）一般公共预算拨款", "1236.74"),
        ("（二）政府性基金预算拨款", ""),
        ("（三）国有资本经营预算拨款", ""),
        ("二、上年结转", ""),
        ("（一）一般公共预算拨款", ""),
        ("（二）政府性基金预算拨款", ""),
        ("（三）国有资本经营预算拨款", ""),
    ]
    right = [("一、本年支出", "1236.74")]
    for name, v in EXP_FUNCTIONS:
        ordinal, rest = name.split("、", 1)
        right.append((f"（{ordinal}）{rest}", v))
    right.append(("二、年终结转结余", ""))
    body = two_sided(left, right)
    body.append(["收入总计", "1236.74", "支 出 总 计", "1236.74"])
    return {
        "widths": [None, 130, None, 130],
        "header": [
            [h("收 入", 2), h("支 出", 2)],
            [h("项目"), h("预算数"), h("项目"), h("预算数")],
        ],
        "header_heights": [18, 18],
        "body": body,
        "aligns": "LRLR",
        "size": 9,
    }


def t5_1_general_budget_expenditure():
    # 合计, 基本支出/小计, 人员经费, 公用经费, 项目支出 -- printed with thousands separators
    vals = [
        ("1,236.74", "838.38", "776.53", "61.85", "398.36"),
        ("1,054.77", "656.41", "594.56", "61.85", "398.36"),
        ("976.18", "577.82", "516.67", "61.15", "398.36"),
        ("577.82", "577.82", "516.67", "61.15", ""),
        ("398.36", "", "", "", "398.36"),
        ("78.59", "78.59", "77.89", "0.70", ""),
        ("8.90", "8.90", "8.20", "0.70", ""),
        ("69.69", "69.69", "69.69", "", ""),
        ("86.34", "86.34", "86.34", "", ""),
        ("86.34", "86.34", "86.34", "", ""),
        ("95.63", "95.63", "95.63", "", ""),
        ("95.63", "95.63", "95.63", "", ""),
        ("60.55", "60.55", "60.55", "", ""),
        ("11.77", "11.77", "11.77", "", ""),
        ("23.31", "23.31", "23.31", "", ""),
    ]
    body = [[code, name] + list(v) for (code, name), v in zip(FUNC_ROWS, vals, strict=False)]
    return _general_budget_table("科目编码", "科目名称", body)


def t5_2_general_budget_by_unit():
    v = ["1236.74", "838.38", "776.53", "61.85", "398.36"]
    body = [
        ["", "合计"] + v,
        ["503", "武汉市人力资源和社会保障局"] + v,
        ["503019", "武汉市人力资源和社会保障信息中心"] + v,
    ]
    return _general_budget_table("单位编码", "单位名称", body)


def _general_budget_table(code_label, name_label, body):
    """表5-1 and 表5-2 share their columns: 合计 | 基本支出 (小计, 人员经费, 公用经费) | 项目支出."""
    return {
        "widths": [80, 240] + [None] * 5,
        "header": [
            [
                h(code_label, 1, 2),
                h(name_label, 1, 2),
                h("合计", 1, 2),
                h("基本支出", 3),
                h("项目支出", 1, 2),
            ],
            [h("小计"), h("人员经费"), h("公用经费")],
        ],
        "header_heights": [18, 18],
        "body": body,
        "aligns": "LLRRRRR",
        "size": 9,
    }


BASIC_ROWS = [  # code, name, 合计, 人员经费, 公用经费
    ("", "合计", "838.38", "776.53", "61.85"),
    ("301", "工资福利支出", "764.89", "764.89", ""),
    ("30101", "基本工资", "112.38", "112.38", ""),
    ("30102", "津贴补贴", "49.25", "49.25", ""),
    ("30107", "绩效工资", "129.99", "129.99", ""),
    ("30108", "机关事业单位基本养老保险缴费", "69.69", "69.69", ""),
    ("30110", "职工基本医疗保险缴费", "41.52", "41.52", ""),
    ("30112", "其他社会保障缴费", "53.20", "53.20", ""),
    ("30113", "住房公积金", "60.55", "60.55", ""),
    ("30199", "其他工资福利支出", "248.32", "248.32", ""),
    ("302", "商品和服务支出", "61.85", "", "61.85"),
    ("30201", "办公费", "2.61", "", "2.61"),
    ("30202", "印刷费", "", "", ""),
    ("30205", "水费", "0.60", "", "0.60"),
    ("30206", "电费", "", "", ""),
    ("30207", "邮电费", "2.26", "", "2.26"),
    ("30209", "物业管理费", "19.94", "", "19.94"),
    ("30211", "差旅费", "1.56", "", "1.56"),
    ("30213", "维修（护）费", "2.31", "", "2.31"),
    ("30217", "公务接待费", "0.70", "", "0.70"),
    ("30226", "劳务费", "", "", ""),
    ("30228", "工会经费", "3.00", "", "3.00"),
    ("30229", "福利费", "18.69", "", "18.69"),
    # ---- page break in the PDF after 30229 福利费 ----
    ("30231", "公务用车运行维护费", "3.00", "", "3.00"),
    ("30299", "其他商品和服务支出", "7.18", "", "7.18"),
    ("303", "对个人和家庭的补助", "11.64", "11.64", ""),
    ("30305", "生活补助", "1.57", "1.57", ""),
    ("30307", "医疗费补助", "1.87", "1.87", ""),
    ("30399", "其他对个人和家庭的补助", "8.20", "8.20", ""),
    ("310", "资本性支出", "", "", ""),
    ("31007", "信息网络及软件购置更新", "", "", ""),
]
BASIC_BREAK_AFTER = "30229"


def t6_general_budget_basic(rows):
    return {
        "widths": [110, 280] + [None] * 3,
        "header": [
            [h("部门预算支出经济分类科目", 2), h("本年一般公共预算基本支出", 3)],
            [h("科目编码"), h("科目名称"), h("合计"), h("人员经费"), h("公用经费")],
        ],
        "header_heights": [18, 18],
        "body": [list(r) for r in rows],
        "aligns": "LLRRR",
        "size": 9,
        "body_height": 17,
    }


def t7_three_public():
    return {
        "widths": [None] * 6,
        "header": [
            [
                h("“三公”经费合计", 1, 2),
                h("因公出国（境）费", 1, 2),
                h("公务用车购置及运行费", 3),
                h("公务接待费", 1, 2),
            ],
            [h("小计"), h("公务用车购置费"), h("公务用车运行费")],
        ],
        "header_heights": [20, 20],
        "body": [["3.70", "", "3.00", "", "3.00", "0.70"]],
        "aligns": "RRRRRR",
        "size": 9,
    }


def t_empty_fund(parent):
    return {
        "widths": [110, 280] + [None] * 3,
        "header": [
            [h("科目编码", 1, 2), h("科目名称", 1, 2), h(parent, 3)],
            [h("合计"), h("基本支出"), h("项目支出")],
        ],
        "header_heights": [18, 18],
        "body": [],
        "aligns": "LLRRR",
        "size": 9,
    }


def t10_project_expenditure():
    def row(code, name, unit):
        return [code, name, unit, "398.36", "398.36"] + [""] * 7

    body = [
        row("", "合计", ""),
        row("503", "武汉市人力资源和社会保障局", ""),
        row("503019", "武汉市人力资源和社会保障信息中心", ""),
        row("31", "本级支出项目", ""),
        row("42010022503T000000142", "日常系统运行经费", UNIT_NAME),
    ]
    return {
        "widths": [92, 140, 140, 48] + [None] * 8,
        "header": [
            [
                h("项目编码", 1, 2),
                h("项目名称", 1, 2),
                h("项目单位", 1, 2),
                h("合计", 1, 2),
                h("本年拨款", 3),
                h("财政拨款结转", 3),
                h("财政专户\n管理资金", 1, 2),
                h("单位资金", 1, 2),
            ],
            [
                h("一般公共\n预算"),
                h("政府性基\n金预算"),
                h("国有资本\n经营预算"),
                h("一般公共\n预算"),
                h("政府性基\n金预算"),
                h("国有资本\n经营预算"),
            ],
        ],
        "header_heights": [20, 30],
        "body": body,
        "aligns": "LLLRRRRRRRRR",
        "size": 8,
        "header_size": 8.5,
        "body_height": 20,
    }


# ---------------------------------------------------------------------------
# Text pages
# ---------------------------------------------------------------------------


def cover_page(c):
    W, H = PORTRAIT
    c.setPageSize(PORTRAIT)
    c.setFont(FONT, 24)
    c.drawCentredString(W / 2.0, H * 0.62, UNIT_NAME)
    c.setFont(FONT, 26)
    c.drawCentredString(W / 2.0, H * 0.62 - 48, "2023年单位预算")
    c.setFont(FONT, 14)
    c.drawCentredString(W / 2.0, H * 0.25, "武汉市人力资源和社会保障局")
    c.drawCentredString(W / 2.0, H * 0.25 - 24, "2023年")
    c.showPage()


TOC = [
    ("part", "第一部分 武汉市人力资源和社会保障信息中心概况"),
    ("item", "一、主要职能"),
    ("item", "二、单位构成"),
    ("part", "第二部分 武汉市人力资源和社会保障信息中心2023年单位预算表"),
    ("item", "一、收支总表"),
    ("item", "二、收入总表"),
    ("item", "三、支出总表"),
    ("item", "四、财政拨款收支总表"),
    ("item", "五、一般公共预算支出表（分功能科目，分单位）"),
    ("item", "六、一般公共预算基本支出表"),
    ("item", "七、一般公共预算“三公”经费支出表"),
    ("item", "八、政府性基金预算支出表"),
    ("item", "九、国有资本经营预算支出表"),
    ("item", "十、项目支出情况表"),
    ("item", "十一、整体支出绩效目标表"),
    ("item", "十二、项目支出绩效目标表"),
    ("part", "第三部分 武汉市人力资源和社会保障信息中心2023年预算情况说明"),
    ("item", "一、收支预算总体安排情况"),
    ("item", "二、收入预算安排情况"),
    ("item", "三、支出预算安排情况"),
    ("item", "四、财政拨款收支预算总体情况"),
    ("item", "五、一般公共预算支出安排情况"),
    ("item", "六、一般公共预算基本支出安排情况"),
    ("item", "七、一般公共预算“三公”经费支出安排情况"),
    ("item", "八、政府性基金预算支出安排情况"),
    ("item", "九、国有资本经营预算支出安排情况"),
    ("item", "十、项目支出安排情况"),
    ("item", "十一、其他重要事项的情况说明"),
    ("part", "第四部分 名词解释"),
]

TABLE_LIST = [
    "表 1. 收支总表",
    "表 2. 收入总表",
    "表 3. 支出总表",
    "表 4. 财政拨款收支总表",
    "表 5-1. 一般公共预算支出表（分功能科目）",
    "表 5-2. 一般公共预算支出表（分单位）",
    "表 6. 一般公共预算基本支出表",
    "表 7. 一般公共预算“三公”经费支出表",
    "表 8. 政府性基金预算支出表",
    "表 9. 国有资本经营预算支出表",
    "表 10. 项目支出情况表",
    "表 11. 整体支出绩效目标表",
    "表 12. 项目支出绩效目标表",
]


def toc_page(c, pageno):
    W, H = PORTRAIT
    c.setPageSize(PORTRAIT)
    left = 64
    c.setFont(FONT, 18)
    c.drawCentredString(W / 2.0, H - 70, "目  录")
    y = H - 104
    lead = 14.5
    for kind, text in TOC:
        if kind == "part":
            c.setFont(FONT, 11.5)
            c.drawString(left, y, text)
        else:
            c.setFont(FONT, 10.5)
            c.drawString(left + 24, y, text)
        y -= lead
    y -= 8
    c.setFont(FONT, 11.5)
    c.drawString(left, y, "第二部分 武汉市人力资源和社会保障信息中心2023年单位预算表")
    y -= lead
    c.setFont(FONT, 10.5)
    for text in TABLE_LIST:
        c.drawString(left + 24, y, text)
        y -= lead
    page_number(c, pageno, W)
    c.showPage()


NARRATIVE = [
    ("head", "第三部分 武汉市人力资源和社会保障信息中心2023年预算情况说明"),
    ("sub", "一、收支预算总体安排情况"),
    (
        "para",
        "按照综合预算的原则，武汉市人力资源和社会保障信息中心所有收入和支出均纳入部门预算管理。",
    ),
    (
        "para",
        "收入包括：一般公共预算拨款收入。支出包括：社会保障和就业支出、卫生健康支出、住房保障支出。",
    ),
    (
        "para",
        "2023年收支总预算1,236.74万元。比2022年预算减少1,980.44万元，下降61.56%，主要原因："
        "一是贯彻落实“过紧日子”的要求，本着厉行节约的精神，大力压减日常运转和项目经费；"
        "二是按预算编制口径，2022年预算包含了结转项目经费，而本年未包含结转项目经费。",
    ),
    ("sub", "二、收入预算安排情况"),
    ("para", "2023年收入预算1,236.74万元，其中：一般公共预算财政拨款收入1,236.74万元，占100%。"),
    ("sub", "三、支出预算安排情况"),
    (
        "para",
        "2023年支出预算1236.74万元，其中：基本支出838.38万元，占67.79%；"
        "项目支出398.36万元，占32.21%。",
    ),
    ("sub", "五、一般公共预算支出安排情况"),
    ("para", "（一）一般公共预算拨款规模变化情况。"),
    # The "(详见…一般公共预算支出表)" reference is added here on purpose: a
    # narrative sentence naming a table must not be taken for that table.
    (
        "para",
        "2023年一般公共预算拨款1,236.74万元（详见表5-1一般公共预算支出表）。其中：（1）本年预算"
        "1,236.74万元，比2022年预算减少1,172.44万元，下降48.67%，主要是贯彻落实“过紧日子”"
        "的要求，本着厉行节约的精神，大力压减日常运转和项目经费；（2）上年结转0万元，比2022年"
        "预算减少808万元，下降100%，主要是按预算编制口径，2022年预算包含了结转项目经费，而本年"
        "未包含结转项目经费。",
    ),
    ("para", "（二）一般公共预算拨款结构情况。"),
    (
        "para",
        "基本支出838.38万元，占67.79%，其中：人员经费776.53万元、公用经费61.85万元；"
        "项目支出398.36万元，占32.21%。",
    ),
    # Section 六 as the seed prints it: the 基本支出 total stated as the whole budget
    # (1,236.74) while the tables print 838.38, a publisher slip narrative checks must report.
    ("sub", "六、一般公共预算基本支出安排情况"),
    (
        "para",
        "2023年一般公共预算基本支出1,236.74万元，其中：（一）人员经费776.53万元；"
        "（二）公用经费61.85万元。",
    ),
    ("sub", "七、一般公共预算“三公”经费支出安排情况"),
    (
        "para",
        "2023年一般公共预算“三公”经费支出3.7万元，较2022年无变化。其中：因公出国（境）经费0万元；"
        "公务用车购置及运行维护费3万元（公务用车购置费0万元，公务用车运行维护费3万元）；"
        "公务接待费0.7万元。",
    ),
]


NO_LINE_START = "，。、；：？！）》”’%"
NO_LINE_END = "（《“‘"


def wrap_para(text, width, size):
    """Greedy wrap that keeps ASCII runs (numbers like 1,236.74) whole, never
    starts a line with closing punctuation nor ends one with opening punctuation."""
    import re

    tokens = re.findall(r"[0-9A-Za-z.,%\-]+|.", text)
    merged = []
    glue_next = False
    for tok in tokens:
        if merged and (glue_next or tok[0] in NO_LINE_START):
            merged[-1] += tok
        else:
            merged.append(tok)
        glue_next = tok in NO_LINE_END
    lines, cur = [], ""
    for tok in merged:
        if cur and sw(cur + tok, size) > width:
            lines.append(cur)
            cur = tok
        else:
            cur += tok
    lines.append(cur)
    return lines


def narrative_page(c, pageno):
    W, H = PORTRAIT
    c.setPageSize(PORTRAIT)
    left, right = 72, W - 72
    width = right - left
    y = H - 76
    size, lead = 11.5, 20
    for kind, text in NARRATIVE:
        if kind == "head":
            c.setFont(FONT, 14)
            for line in wrap_line(text, width, 14):
                c.drawCentredString(W / 2.0, y, line)
                y -= 24
            y -= 6
        elif kind == "sub":
            c.setFont(FONT, 12.5)
            c.drawString(left, y, text)
            y -= lead + 2
        else:
            c.setFont(FONT, size)
            indent = 2 * size
            lines = wrap_para(text, width - indent, size)
            # first line indented by two characters, later lines full width
            first = lines[0]
            rest = wrap_para(text[len(first) :], width, size) if len(lines) > 1 else []
            c.drawString(left + indent, y, first)
            y -= lead
            for line in rest:
                if line:
                    c.drawString(left, y, line)
                    y -= lead
    if y < 40:
        raise RuntimeError("narrative page overflows")
    page_number(c, pageno, W)
    c.showPage()


# ---------------------------------------------------------------------------


def build(out_path, misprints=None):
    """misprints {(page number, row, column): text}: cells to print wrong (see table_page)."""
    misprints = misprints or {}

    def page(n, *args, **kwargs):
        table_page(c, n, *args, misprints=_on_page(misprints, n), **kwargs)

    # invariant=1: no timestamp / random ID, so reruns give identical bytes
    c = canvas.Canvas(out_path, pagesize=PORTRAIT, invariant=1)
    c.setTitle(DOC_TITLE)
    c.setAuthor(UNIT_NAME)
    c.setSubject("2023年单位预算（据公开文本重建的样例）")
    cover_page(c)
    toc_page(c, 2)
    narrative_page(c, 3)
    n = 4
    page(
        n,
        "表1",
        "收支总表",
        t1_income_expenditure_summary(),
        note="备注：财政专户管理资金收入是指教育收费收入；事业收入不含教育收费收入，下同。",
    )
    n += 1
    page(n, "表2", "收入总表", t2_income_summary())
    n += 1
    page(n, "表3", "支出总表", t3_expenditure_summary())
    n += 1
    page(n, "表4", "财政拨款收支总表", t4_fiscal_appropriation_summary())
    n += 1
    page(n, "表5-1", "一般公共预算支出表", t5_1_general_budget_expenditure())
    n += 1
    page(n, "表5-2", "一般公共预算支出表（分单位）", t5_2_general_budget_by_unit())
    n += 1
    cut = [r[0] for r in BASIC_ROWS].index(BASIC_BREAK_AFTER) + 1
    page(n, "表6", "一般公共预算基本支出表", t6_general_budget_basic(BASIC_ROWS[:cut]))
    n += 1
    page(n, None, None, t6_general_budget_basic(BASIC_ROWS[cut:]), continuation=True)
    n += 1
    page(n, "表7", "一般公共预算“三公”经费支出表", t7_three_public())
    n += 1
    page(
        n,
        "表8",
        "政府性基金预算支出表",
        t_empty_fund("本年政府性基金预算支出"),
        note="说明：2023年没有使用政府性基金预算拨款安排的支出。",
    )
    n += 1
    page(
        n,
        "表9",
        "国有资本经营预算支出表",
        t_empty_fund("本年国有资本经营预算支出"),
        note="说明：2023年没有使用国有资本经营预算安排的支出。",
    )
    n += 1
    page(n, "表10", "项目支出表", t10_project_expenditure())
    n += 1
    c.save()


def _on_page(misprints, page):
    return {(r, col): text for (p, r, col), text in misprints.items() if p == page}


def main(argv):
    here = Path(__file__).resolve().parent
    out = argv[1] if len(argv) > 1 else str(here / "wuhan-hrss-info-center-2023.pdf")
    build(out)
    print(out)


if __name__ == "__main__":
    main(sys.argv)
