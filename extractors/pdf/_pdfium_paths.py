"""The lines, rectangles and curves of a page from pdfium's path objects, split and
classified as pdfminer's PDFLayoutAnalyzer.paint_path does, so that pdfplumber's table finder
sees the same edges.

A path is cut into sub-paths at each move; a sub-path of one segment is a line, one of four
axis-parallel segments back to its start a rectangle, anything else a curve whose points are
the end points of its segments. pdfium turns `h` into a closing flag (`m 0 0 l 5 0 h` comes
back as move, line, line-to-start-closed) and `c`/`v`/`y` into three Bézier points: both are
folded back into pdfminer's operators first.
"""

from __future__ import annotations

from collections.abc import Iterator
from ctypes import byref, c_float

from budgetpdf.extractors.pdf import _pdfium_raw as raw
from budgetpdf.extractors.pdf._pdfium_geometry import Matrix, PageFrame, apply, written

# One operator of a sub-path as pdfminer names it ("m", "l", "c", "h"), with its end point.
Segment = tuple[str, float, float]


_X, _Y = c_float(), c_float()
_MATRIX = raw.pdfium_c.FS_MATRIX()


def _segments(path: int) -> list[Segment]:
    """pdfium's segments as pdfminer's operators, in the path's own coordinates."""
    x, y = _X, _Y
    ops: list[Segment] = []
    start = (0.0, 0.0)
    bezier = 0
    for index in range(raw.path_count_segments(path)):
        segment = raw.path_get_segment(path, index)
        raw.segment_point(segment, byref(x), byref(y))
        point = (written(x.value), written(y.value))
        kind = raw.segment_type(segment)
        closes = raw.segment_closes(segment)
        if kind == raw.MOVETO:
            ops.append(("m", *point))
            start = point
            continue
        if kind == raw.BEZIERTO:
            # Three points make one `c`; only the end point counts for pdfminer.
            bezier = (bezier + 1) % 3
            if bezier:
                continue
            ops.append(("c", *point))
        elif closes and point == start:
            # `h` back to the start, or a line to the start followed by `h`: pdfminer
            # drops the redundant line either way.
            ops.append(("h", *start))
            continue
        else:
            ops.append(("l", *point))
        if closes:
            ops.append(("h", *start))
    return ops


def _subpaths(ops: list[Segment]) -> Iterator[list[Segment]]:
    current: list[Segment] = []
    for op in ops:
        if op[0] == "m" and current:
            yield current
            current = []
        current.append(op)
    if current:
        yield current


def _classify(shape: str, pts: list[tuple[float, float]]) -> str:
    if shape in ("mlh", "ml"):
        return "line"
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            return "rect"
    return "curve"


def _painted(subpath: list[Segment], matrix: Matrix, frame: PageFrame) -> tuple[str, dict] | None:
    """One sub-path as pdfplumber's line, rect or curve dict; None where pdfminer paints
    nothing (a sub-path that does not start with a move)."""
    shape = "".join(op[0] for op in subpath)
    if shape[:1] != "m":
        return None
    pts = [apply(matrix, x, y) for _, x, y in subpath]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    kind = _classify(shape, pts)
    if kind == "line":
        pts = pts[:2]
    elif kind == "rect":
        pts = [pts[0], pts[2]]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    obj: dict = {
        "object_type": kind,
        "page_number": frame.page_number,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
    }
    if kind != "rect":
        obj["pts"] = [frame.point(x, y) for x, y in pts]
    return kind, frame.place(obj)


def path_objects(path: int, matrix: Matrix, frame: PageFrame) -> Iterator[tuple[str, dict]]:
    """The painted sub-paths of one path object; `matrix` takes its points to pdfminer's
    page space (the object's own matrix, its forms', the page's)."""
    for subpath in _subpaths(_segments(path)):
        painted = _painted(subpath, matrix, frame)
        if painted is not None:
            yield painted


def object_matrix(obj: int) -> Matrix:
    m = _MATRIX
    raw.object_matrix(obj, byref(m))
    return (written(m.a), written(m.b), written(m.c), written(m.d), written(m.e), written(m.f))
