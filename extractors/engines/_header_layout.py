"""The header of a table without vertical rules, read from word positions alone.

Data bands give the columns; a leaf header (the lowest header text above a column) that stands
over no band opens a column of its own (printed empty). Every other header text is a parent:
it spans the columns around the one it stands over whose leaves sit on one row below it,
within its share of its own line. Text wrapped inside one cell ("对附属单位补助支" / "出") is
first joined into a block.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetpdf.extractors.pdf.layout import Line, Word, WordGroup, snapped


@dataclass
class Block(WordGroup):
    """The header text of one cell."""

    @property
    def text(self) -> str:
        return "".join(w.text for w in sorted(self.words, key=lambda w: (snapped(w.top), w.x0)))


@dataclass
class HeaderCell:
    level: int
    col: int
    span: int
    rowspan: int
    text: str


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def header_blocks(lines: list[Line]) -> list[Block]:
    """Header text as blocks, one a cell: a letter-spaced label ("收 入") is joined along its
    line, and a label wrapped inside its cell ("对附属单位补助支" / "出") down its column."""
    blocks: list[Block] = []
    for line in lines:
        run: list[Word] = []
        for word in line.words:
            height = word.bottom - word.top
            if run and word.x0 - run[-1].x1 <= 1.5 * height and len(run[-1].text) <= 2:
                run.append(word)
                continue
            if run:
                _stack(blocks, run)
            run = [word]
        if run:
            _stack(blocks, run)
    return blocks


def _stack(blocks: list[Block], words: list[Word]) -> None:
    piece = Block(list(words))
    height = piece.bottom - piece.top
    for block in blocks:
        wrapped = (
            0 <= piece.top - block.bottom < 0.6 * height
            and _overlap(block.x0, block.x1, piece.x0, piece.x1)
            > 0.5 * min(block.x1 - block.x0, piece.x1 - piece.x0)
            # A wrapped cell keeps its width; a parent is wider than the child under it
            # ("本年收入" over "小计"), which is no wrap.
            and (piece.x1 - piece.x0) <= 1.05 * (block.x1 - block.x0)
        )
        if wrapped:
            block.words.extend(words)
            return
    blocks.append(piece)


def leaf_blocks(blocks: list[Block]) -> list[Block]:
    """Blocks with no other block below them: the header text directly above a column."""
    return sorted(
        (
            b
            for b in blocks
            if not any(
                o is not b and o.top > b.bottom - 1 and _overlap(o.x0, o.x1, b.x0, b.x1) > 0
                for o in blocks
            )
        ),
        key=lambda b: b.x0,
    )


def columns_under(
    leaves: list[Block], bands: list[tuple[float, float]]
) -> tuple[list[tuple[float, float]], list[Block | None]]:
    """Columns and the leaf above each: a band belongs to the leaf whose share of the line
    (up to the midpoints to its neighbours) holds the band's centre; a leaf with no band is a
    column printed empty."""
    if not leaves:
        return list(bands), [None] * len(bands)
    # Labels are centred in their columns while amounts are right-aligned: the midpoint of two
    # labels' centres is nearer the rule between their columns than the gap between them.
    cuts = [(a.x0 + a.x1 + b.x0 + b.x1) / 4 for a, b in zip(leaves, leaves[1:], strict=False)]

    def owner(x: float) -> int:
        return sum(1 for cut in cuts if x > cut)

    columns: list[tuple[tuple[float, float], Block | None]] = [
        (band, leaves[owner((band[0] + band[1]) / 2)]) for band in bands
    ]
    taken = {id(leaf) for _, leaf in columns}
    columns += [((leaf.x0, leaf.x1), leaf) for leaf in leaves if id(leaf) not in taken]
    columns.sort(key=lambda item: item[0][0])
    return [band for band, _ in columns], [leaf for _, leaf in columns]


def header_cells(
    blocks: list[Block], leaf: list[Block | None], centers: list[float]
) -> tuple[list[HeaderCell], list[float]]:
    """Header cells on levels (one level per distinct block top), and the top of each level."""
    if not blocks:
        return [], []
    levels: list[float] = []
    for top in sorted({snapped(b.top) for b in blocks}):
        if not levels or top - levels[-1] > 3:
            levels.append(top)

    def level_of(block: Block) -> int:
        return max(i for i, t in enumerate(levels) if block.top >= t - 3.5)

    cells: list[HeaderCell] = []
    leaves = {id(b) for b in leaf if b is not None}
    for block in blocks:
        if id(block) in leaves:
            cols = [c for c, b in enumerate(leaf) if b is block]
            level = level_of(block)
            cells.append(
                HeaderCell(level, cols[0], cols[-1] - cols[0] + 1, len(levels) - level, block.text)
            )
            continue
        cols = _parent_columns(block, blocks, leaf, centers, level_of)
        if cols:
            cells.append(
                HeaderCell(level_of(block), cols[0], cols[-1] - cols[0] + 1, 1, block.text)
            )
    return cells, [float(t) for t in levels]


def _middle(block: Block) -> float:
    return (block.top + block.bottom) / 2


def _parent_columns(block, blocks, leaf, centers, level_of) -> list[int]:  # noqa: ANN001
    """The columns a parent spans: around the column nearest its centre, those within its
    share of its line whose leaves stand on one row below it."""
    same_line = [b for b in blocks if b is not block and level_of(b) == level_of(block)]
    left = max((b.x1 for b in same_line if b.x1 <= block.x0), default=float("-inf"))
    right = min((b.x0 for b in same_line if b.x0 >= block.x1), default=float("inf"))
    lo, hi = (left + block.x0) / 2, (block.x1 + right) / 2
    middle = (block.x0 + block.x1) / 2
    seed = min(range(len(centers)), key=lambda c: abs(centers[c] - middle))
    reference = leaf[seed]
    if reference is None or reference.top <= block.bottom - 1:
        return []

    def child(c: int) -> bool:
        below = leaf[c]
        return (
            lo <= centers[c] <= hi
            and below is not None
            # Centred in one header row: a label wrapped over two lines ("政府性基" / "金预算")
            # has its middle where a one-line label has.
            and abs(_middle(below) - _middle(reference)) < 3
        )

    cols = [seed]
    while cols[0] > 0 and child(cols[0] - 1):
        cols.insert(0, cols[0] - 1)
    while cols[-1] < len(centers) - 1 and child(cols[-1] + 1):
        cols.append(cols[-1] + 1)
    return cols
