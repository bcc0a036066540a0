"""Small PDFs in layouts the corpus shows only in long documents, drawn with reportlab:
a table whose every page repeats its label, title, 部门名称 line, unit and header (深圳); a
three-line (booktabs) table whose continuation page repeats only its header row; a title
repeated over a different header; a 基本支出总表 listing its rows by indented names alone (深圳,
福州); a 支出总表 naming its units in a 预算单位 column (深圳 人社局)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from conftest import SAMPLES

sys.path.insert(0, str(SAMPLES))
try:
    import make_seed_pdf as seed
finally:
    sys.path.remove(str(SAMPLES))

WIDTH, HEIGHT = seed.LANDSCAPE
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
OTHER_HEADER = ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]


def coded_rows(pages: int, per_page: int) -> list[list[list[str]]]:
    """Function-coded rows over `pages` pages, about `per_page` a page, consistent: 合计 =
    Σ 类, 类 = Σ 款 = Σ 项, 合计 = 基本 + 项目 on every row; a 类 a page, its 款 and 项
    running on to the next."""
    rows: list[list[str]] = []
    for lei in range(201, 201 + pages):
        items = [(f"{lei}01{n:02d}", Decimal(n) + Decimal("0.25")) for n in range(1, per_page - 2)]
        total = sum((amount for _, amount in items), Decimal(0))
        rows.append(_row(str(lei), f"类{lei}", total))
        rows.append(_row(f"{lei}01", f"款{lei}01", total))
        rows += [_row(code, f"项{code}", amount) for code, amount in items]
    grand = sum((Decimal(r[2]) for r in rows if len(r[0]) == 3), Decimal(0))
    rows = [_row("", "合计", grand), *rows]
    size = -(-len(rows) // pages)
    return [rows[i * size : (i + 1) * size] for i in range(pages)]


def _row(code: str, name: str, total: Decimal) -> list[str]:
    basic = (total * Decimal("0.6")).quantize(Decimal("0.01"))
    return [code, name, f"{total:.2f}", f"{basic:.2f}", f"{total - basic:.2f}"]


def _ruled(c, y: float, header: list[str], body: list[list[str]]) -> None:
    table = {
        "header": [[seed.h(text) for text in header]],
        "header_heights": [24],
        "body": body,
        "aligns": ["L", "L", "R", "R", "R"],
        "size": 9,
    }
    widths = seed.fit_widths([80, None, 110, 110, 110], WIDTH - 2 * seed.MARGIN)
    seed.draw_table(c, seed.MARGIN, y, widths, table, 20)


def _heading(c, label: str, title: str, body: str = "部门名称：某某市测试局") -> float:
    c.setFont(seed.FONT, 10)
    c.drawString(seed.MARGIN, HEIGHT - 40, label)
    c.setFont(seed.FONT, 16)
    c.drawCentredString(WIDTH / 2, HEIGHT - 64, title)
    c.setFont(seed.FONT, 10)
    c.drawString(seed.MARGIN, HEIGHT - 86, body)
    c.drawRightString(WIDTH - seed.MARGIN, HEIGHT - 86, "单位：万元")
    return HEIGHT - 96


def repeated_heading_table(out: Path, pages: int = 3) -> Path:
    """支出总表 over `pages` pages, each repeating "表 3", the title, 部门名称 and unit line and
    the header; then a page with the same title over a different header (a new table)."""
    c = seed.canvas.Canvas(str(out), pagesize=seed.LANDSCAPE, invariant=1)
    for body in coded_rows(pages, 8):
        _ruled(c, _heading(c, "表 3", "支出总表"), HEADER, body)
        c.showPage()
    (body,) = coded_rows(1, 6)
    _ruled(c, _heading(c, "表 3", "支出总表"), OTHER_HEADER, body)
    c.showPage()
    c.save()
    return out


def three_line_table(out: Path) -> Path:
    """支出总表 drawn with three rules only (above and below the header, below the body),
    continued on a second page that repeats the header row and nothing else."""
    c = seed.canvas.Canvas(str(out), pagesize=seed.LANDSCAPE, invariant=1)
    xs = [seed.MARGIN, seed.MARGIN + 90, 420, 560, 700]
    for number, body in enumerate(coded_rows(2, 10)):
        y = _heading(c, "表3", "支出总表") if number == 0 else HEIGHT - 50
        c.setLineWidth(1.2)
        c.line(seed.MARGIN, y, WIDTH - seed.MARGIN, y)
        c.setFont(seed.FONT, 10)
        for x, text in zip(xs, HEADER, strict=True):
            c.drawString(x, y - 15, text)
        y -= 22
        c.setLineWidth(0.6)
        c.line(seed.MARGIN, y, WIDTH - seed.MARGIN, y)
        for row in body:
            y -= 18
            for x, text, right in zip(xs, row, [False, False, True, True, True], strict=True):
                if right:
                    c.drawRightString(x + 100, y + 5, text)
                else:
                    c.drawString(x, y + 5, text)
        c.setLineWidth(1.2)
        c.line(seed.MARGIN, y - 4, WIDTH - seed.MARGIN, y - 4)
        c.showPage()
    c.save()
    return out


def double_framed_table(out: Path) -> Path:
    """支出总表 in the style of a producer that draws every header cell's sides twice, 5 pt
    apart, and frames the amounts of a tall 合计 row 10 pt below the row's top, the frame's
    rules running to the cell's sides; continued on a page of plain rows, no header."""
    first, second = coded_rows(2, 9)
    total, body = first[0], first[1:]
    widths = seed.fit_widths([80, None, 110, 110, 110], WIDTH - 2 * seed.MARGIN)
    xs = [seed.MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)
    c = seed.canvas.Canvas(str(out), pagesize=seed.LANDSCAPE, invariant=1)
    top = _heading(c, "表 3", "支出总表")
    c.setLineWidth(seed.LINE_WIDTH)
    header_bottom, total_bottom = top - 24, top - 24 - 40
    for x0, x1, text in zip(xs[:-1], xs[1:], HEADER, strict=True):
        c.rect(x0, header_bottom, x1 - x0, 24)
        c.line(x0 + 5, header_bottom, x0 + 5, top)
        c.line(x1 - 5, header_bottom, x1 - 5, top)
        seed.draw_cell_text(c, text, x0 + 5, top, x1 - x0 - 10, 24, 9, "C")
        c.rect(x0, total_bottom, x1 - x0, 40)
    seed.draw_cell_text(c, total[1], xs[1], header_bottom, xs[2] - xs[1], 40, 9, "C")
    for x0, x1, text in zip(xs[2:-1], xs[3:], total[2:], strict=True):
        c.line(x0, total_bottom + 10, x1, total_bottom + 10)
        c.line(x0, total_bottom + 30, x1, total_bottom + 30)
        c.line(x0 + 5, total_bottom + 10, x0 + 5, total_bottom + 30)
        c.line(x1 - 5, total_bottom + 10, x1 - 5, total_bottom + 30)
        seed.draw_cell_text(c, text, x0 + 5, total_bottom + 30, x1 - x0 - 10, 20, 9, "R")
    table = {"header": [], "header_heights": [], "body": body, "aligns": list("LLRRR")}
    seed.draw_table(c, seed.MARGIN, total_bottom, widths, table, 20)
    c.showPage()
    table["body"] = second
    seed.draw_table(c, seed.MARGIN, HEIGHT - 50, widths, table, 20)
    c.showPage()
    c.save()
    return out


# 基本支出总表 by name alone, each level indented a step further, under the unit's own total
# row; (name, level, amount), level 0 the unit.
INDENTED_BASIC = [
    ("某某市测试局", 0, "35.50"),
    ("工资福利支出", 1, "30.00"),
    ("基本工资", 2, "10.00"),
    ("津贴补贴", 2, "20.00"),
    ("商品和服务支出", 1, "5.50"),
    ("办公费", 2, "5.00"),
    ("邮电费", 2, "0.50"),
]
BASIC_HEADER = ["科目名称", "合计", "人员经费", "公用经费"]
INDENT = 12.0


def _basic_cells(amount: str, level: int, name: str) -> list[str]:
    personal = amount if name in ("工资福利支出", "基本工资", "津贴补贴") else "0.00"
    public = amount if personal == "0.00" else "0.00"
    if level == 0:
        personal, public = "30.00", "5.50"
    return [amount, personal, public]


def indented_table(out: Path, ruled: bool, misprints: dict[str, str] | None = None) -> Path:
    """基本支出总表 of INDENTED_BASIC: fully ruled (names indented with ideographic spaces,
    as publishers do) or three-line (names set at x steps); `misprints` replaces a row's
    amount by name."""
    c = seed.canvas.Canvas(str(out), pagesize=seed.LANDSCAPE, invariant=1)
    y = _heading(c, "表 4", "基本支出总表")
    body = []
    for name, level, amount in INDENTED_BASIC:
        amount = (misprints or {}).get(name, amount)
        body.append((name, level, _basic_cells(amount, level, name)))
    if ruled:
        table = {
            "header": [[seed.h(text) for text in BASIC_HEADER]],
            "header_heights": [24],
            "body": [["\u3000" * level + name, *cells] for name, level, cells in body],
            "aligns": ["L", "R", "R", "R"],
            "size": 9,
        }
        widths = seed.fit_widths([None, 150, 150, 150], WIDTH - 2 * seed.MARGIN)
        seed.draw_table(c, seed.MARGIN, y, widths, table, 20)
    else:
        xs = [seed.MARGIN, 420, 560, 700]
        c.setLineWidth(1.2)
        c.line(seed.MARGIN, y, WIDTH - seed.MARGIN, y)
        c.setFont(seed.FONT, 10)
        c.drawString(xs[0], y - 15, BASIC_HEADER[0])
        for x, text in zip(xs[1:], BASIC_HEADER[1:], strict=True):
            c.drawRightString(x + 100, y - 15, text)
        y -= 22
        c.setLineWidth(0.6)
        c.line(seed.MARGIN, y, WIDTH - seed.MARGIN, y)
        for name, level, cells in body:
            y -= 18
            c.drawString(seed.MARGIN + level * INDENT, y + 5, name)
            for x, text in zip(xs[1:], cells, strict=True):
                c.drawRightString(x + 100, y + 5, text)
        c.setLineWidth(1.2)
        c.line(seed.MARGIN, y - 4, WIDTH - seed.MARGIN, y - 4)
    c.showPage()
    c.save()
    return out


# 支出总表 of a department and two units, naming each in a 预算单位 column on the unit's
# total row; (预算单位, code, name, total).
UNIT_BLOCKS = [
    ("某某市测试局", "", "", "60.00"),
    ("\u3000某某市测试局（本级）", "", "", "40.00"),
    ("", "208", "社会保障和就业支出", "40.00"),
    ("", "20805", "行政事业单位养老支出", "40.00"),
    ("", "2080505", "机关事业单位基本养老保险缴费支出", "40.00"),
    ("\u3000某某市测试中心", "", "", "20.00"),
    ("", "208", "社会保障和就业支出", "20.00"),
    ("", "20805", "行政事业单位养老支出", "20.00"),
    ("", "2080505", "机关事业单位基本养老保险缴费支出", "20.00"),
]


def unit_blocks_table(out: Path, misprints: dict[int, str] | None = None) -> Path:
    """支出总表 with a 预算单位 column: the department's total, then each unit's total and
    its coded rows; `misprints` replaces the total of a row by index."""
    c = seed.canvas.Canvas(str(out), pagesize=seed.LANDSCAPE, invariant=1)
    y = _heading(c, "表 3", "支出总表")
    body = []
    for index, (unit, code, name, total) in enumerate(UNIT_BLOCKS):
        total = (misprints or {}).get(index, total)
        body.append([unit, code, name, total, total, "0.00"])
    table = {
        "header": [[seed.h(t) for t in ["预算单位", "科目编码", "科目名称", *HEADER[2:]]]],
        "header_heights": [24],
        "body": body,
        "aligns": ["L", "L", "L", "R", "R", "R"],
        "size": 9,
    }
    widths = seed.fit_widths([150, 70, None, 100, 100, 100], WIDTH - 2 * seed.MARGIN)
    seed.draw_table(c, seed.MARGIN, y, widths, table, 20)
    c.showPage()
    c.save()
    return out


def table_set_per_unit(out: Path, bodies: list[str]) -> Path:
    """One 支出总表 a page, each headed by another body's 单位名称 line: a 部门预算 printing
    the table set of each of its units."""
    c = seed.canvas.Canvas(str(out), pagesize=seed.LANDSCAPE, invariant=1)
    for body in bodies:
        (rows,) = coded_rows(1, 6)
        _ruled(c, _heading(c, "表 3", "支出总表", f"单位名称：{body}"), HEADER, rows)
        c.showPage()
    c.save()
    return out


def blank_spill_table(out: Path) -> Path:
    """支出总表 on one page, whose ruling spills onto the next as rows left blank (no text on
    that page at all), then a page with another table."""
    c = seed.canvas.Canvas(str(out), pagesize=seed.LANDSCAPE, invariant=1)
    (body,) = coded_rows(1, 8)
    _ruled(c, _heading(c, "表 3", "支出总表"), HEADER, body)
    c.showPage()
    blank = {"header": [], "header_heights": [], "body": [[""] * 5] * 3, "aligns": list("LLRRR")}
    widths = seed.fit_widths([80, None, 110, 110, 110], WIDTH - 2 * seed.MARGIN)
    seed.draw_table(c, seed.MARGIN, HEIGHT - 50, widths, blank, 20)
    c.showPage()
    (body,) = coded_rows(1, 6)
    _ruled(c, _heading(c, "表 4", "支出总表"), OTHER_HEADER, body)
    c.showPage()
    c.save()
    return out
