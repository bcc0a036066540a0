"""Hypothesis strategies that damage PDF bytes and spec YAML text, shared by the short fuzz
test (tests/test_fuzz.py) and the long run (bench/fuzz.py).

A damaged PDF is a sample's bytes put through one to three of: bit flips, a truncation, a
chunk duplicated or deleted, a number after a structural keyword (startxref, /Length,
/Count, /Size, /Prev …) replaced by an unlikely one, an object reference pointed at another
object (page trees that loop), bytes overwritten next to xref/trailer/stream keywords.
A damaged spec is a bundled spec's YAML with random characters inserted or deleted, a line
repeated, a key deleted or added, a value of the wrong type, or a regex broken.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from hypothesis import strategies as st

STRUCTURE_KEYWORDS = (
    b"xref",
    b"startxref",
    b"trailer",
    b"obj",
    b"endobj",
    b"stream",
    b"endstream",
    b"/Root",
    b"/Pages",
    b"/Kids",
    b"/Type",
    b"/Font",
    b"/Filter",
)
NUMBER_AFTER = re.compile(
    rb"(startxref\s+|/Length\s+|/Count\s+|/Size\s+|/Prev\s+|/N\s+|/First\s+)(\d+)"
)
REFERENCE = re.compile(rb"(\d+) (\d+) R\b")
ODD_NUMBERS = (b"0", b"-1", b"1", b"7", b"65535", b"2147483648", b"99999999999999999999")
YAML_NOISE = ":-[]{}#&*!|>'\"%@`,?\t\n ("


def _flip_bits(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 16))):
        at = draw(st.integers(0, len(out) - 1))
        out[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(out)


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data) - 1))]


def _span(draw: st.DrawFn, data: bytes) -> tuple[int, int]:
    start = draw(st.integers(0, len(data) - 1))
    return start, min(len(data), start + draw(st.integers(1, 4096)))


def _duplicate_chunk(draw: st.DrawFn, data: bytes) -> bytes:
    start, end = _span(draw, data)
    at = draw(st.integers(0, len(data)))
    return data[:at] + data[start:end] + data[at:]


def _delete_chunk(draw: st.DrawFn, data: bytes) -> bytes:
    start, end = _span(draw, data)
    return data[:start] + data[end:]


def _odd_number(draw: st.DrawFn, data: bytes) -> bytes:
    found = list(NUMBER_AFTER.finditer(data))
    if not found:
        return data
    match = draw(st.sampled_from(found))
    number = draw(st.sampled_from(ODD_NUMBERS))
    return data[: match.start(2)] + number + data[match.end(2) :]


def _redirect_reference(draw: st.DrawFn, data: bytes) -> bytes:
    found = list(REFERENCE.finditer(data))
    if not found:
        return data
    match = draw(st.sampled_from(found))
    target = draw(st.sampled_from(found)).group(1)
    return data[: match.start(1)] + target + data[match.end(1) :]


def _smash_keyword(draw: st.DrawFn, data: bytes) -> bytes:
    keyword = draw(st.sampled_from(STRUCTURE_KEYWORDS))
    found = [m.start() for m in re.finditer(re.escape(keyword), data)]
    if not found:
        return data
    at = draw(st.sampled_from(found))
    junk = draw(st.binary(min_size=1, max_size=32))
    return data[:at] + junk + data[at + draw(st.integers(0, 32)) :]


PDF_MUTATIONS = (
    _flip_bits,
    _truncate,
    _duplicate_chunk,
    _delete_chunk,
    _odd_number,
    _redirect_reference,
    _smash_keyword,
)


@st.composite
def damaged_pdf(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 3))):
        if not data:
            break
        data = draw(st.sampled_from(PDF_MUTATIONS))(draw, data)
    return data


def _edit_text(draw: st.DrawFn, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    if draw(st.booleans()):
        return text[:at] + text[at + draw(st.integers(1, 40)) :]
    noise = draw(st.text(alphabet=YAML_NOISE + "az09表", min_size=1, max_size=8))
    return text[:at] + noise + text[at:]


def _repeat_line(draw: st.DrawFn, text: str) -> str:
    lines = text.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    return "".join([*lines[: at + 1], lines[at], *lines[at + 1 :]])


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key or index path in a parsed spec, e.g. ('columns', 0, 'headers')."""
    found: list[tuple] = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in items:
        found.append((*prefix, key))
        found += _paths(value, (*prefix, key))
    return found


def _parent(tree: Any, path: tuple) -> Any:
    for part in path[:-1]:
        tree = tree[part]
    return tree


WRONG_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _restructure(draw: st.DrawFn, text: str) -> str:
    """Delete a key, add an unknown one, give a value the wrong type or break a regex."""
    tree = yaml.safe_load(text)
    paths = _paths(tree)
    if not paths:
        return text
    path = draw(st.sampled_from(paths))
    parent = _parent(tree, path)
    action = draw(st.sampled_from(("delete", "unknown", "wrong_type", "bad_regex")))
    if action == "delete":
        del parent[path[-1]]
    elif action == "unknown" and isinstance(parent, dict):
        parent[draw(st.sampled_from(("bogus", "header", "colums", "Titles")))] = 1
    elif action == "bad_regex" and isinstance(parent[path[-1]], str):
        value = parent[path[-1]]
        at = draw(st.integers(0, len(value)))
        parent[path[-1]] = (
            value[:at] + draw(st.sampled_from(("(", "[", "*", "\\", "(?P<"))) + value[at:]
        )
    else:
        parent[path[-1]] = draw(WRONG_VALUES)
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


SPEC_MUTATIONS = (_edit_text, _repeat_line, _restructure)


@st.composite
def damaged_spec(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from(SPEC_MUTATIONS))
        try:
            text = mutation(draw, text)
        except yaml.YAMLError:
            # An earlier text edit already broke the YAML: nothing left to restructure.
            continue
    return text
