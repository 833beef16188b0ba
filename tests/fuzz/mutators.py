"""Hypothesis strategies that turn a real export into a nearly real one: bytes, structure, dates,
unicode and sizes changed the way a damaged, hand-edited or hostile file would be.

Each mutant starts from a seed (a sample in ``tests/data`` or a full Trustbridge export) and
gets one mutation, sometimes a second on top. Everything is drawn through Hypothesis, so a run
is repeatable from its seed.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from hypothesis import strategies as st

#: times and days that parse, or nearly, and sit at or past what can be stored
TIMES = (
    "0000-01-01T00:00:00", "0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00",
    "0001-01-01T05:00:00+05:00", "9999-12-31T23:59:59", "9999-12-31T23:59:59-23:59",
    "9999-12-31T10:00:00-14:00", "9998-12-31T23:00:00-14:00", "1899-12-31T23:59:59Z",
    "1900-01-01T00:30:00+01:00", "2200-12-31T23:59:59-00:01", "2200-12-31T23:59:59Z",
    "2201-01-01T00:00:00Z", "2024-02-30T10:00:00Z", "2024-02-29T24:00:00", "2024-01-01T10:00:00+99:00",
    "2024-01-01T10:00:00+23:59:59.999999", "2024-01-01T10:00:00-24:00", "20240101T100000Z",
    "2024-W01-1T10:00", "+002024-01-01T00:00:00", "2024-01-01T10:00:00.9999999999Z", "",
)  # fmt: skip
DAYS = ("0000-00-00", "0001-01-01", "9999-12-31", "1899-12-31", "1900-01-01", "2200-12-31",
        "2201-01-01", "2024-02-30", "2024-13-01", "99999-01-01", "2024-1-1", "-2024-01-01")  # fmt: skip
CLOCKS = ("24:00", "23:59:60", "-1:00", "99:99", "12:00 pm", "00:00:00.000001+14:00", "0:0")
UNICODE = (
    "\ud800", "\udfff", "\udc00\ud800", "\x00", "\u202e", "\u200f\u202b", "e\u0301\u0301\u0301",
    "\u0301", "\ufeff", "\ufffd", "\U0001f600", "\u2028", "\r\n", "\x1b[31m", "\ufdfa" * 3,
    "\uff21", "\U000e0001", "\x7f", "\u0000\ud800",
)  # fmt: skip
BYTES = (b"\x00", b"\xed\xa0\x80", b"\xff\xfe", b"\xef\xbb\xbf", b'"', b",", b"\n", b"\r",
         b"{", b"]", b"\\", b"\\ud800", b"\xc0\x80", b"\xf4\x90\x80\x80")  # fmt: skip
LENGTHS = (0, 199, 200, 201, 1000, 19_999, 20_000, 20_001, 70_000)
_DATELIKE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=5,
)  # fmt: skip
Mutation = Callable[[st.DrawFn, "Seed"], bytes]


@dataclass(frozen=True)
class Seed:
    """A real file to start from: ``kind`` is ``json`` or ``csv``."""

    name: str
    data: bytes
    kind: str

    @cached_property
    def document(self) -> Any:
        return json.loads(self.data)

    @cached_property
    def paths(self) -> list[tuple[Any, ...]]:
        return list(paths(self.document))[1:]

    @cached_property
    def rows(self) -> list[list[str]]:
        return list(csv.reader(io.StringIO(self.data.decode("utf-8-sig"), newline="")))


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a parsed JSON value, as the keys and indexes that lead to it."""
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from paths(inner, (*prefix, index))


def pick(draw: st.DrawFn, items: Any) -> Any:
    return items[draw(st.integers(0, len(items) - 1))]


def laced(draw: st.DrawFn, text: str) -> str:
    """``text`` with an odd character put in somewhere."""
    at = draw(st.integers(0, len(text)))
    return text[:at] + str(pick(draw, UNICODE)) + text[at:]


def sized(draw: st.DrawFn, text: str) -> str:
    length = int(pick(draw, LENGTHS))
    unit = text or "a"
    return (unit * (length // len(unit) + 1))[:length]


def odd_value(draw: st.DrawFn, old: object) -> object:
    """A value to put where ``old`` was: a boundary date, odd text, a huge number, any JSON."""
    text = old if isinstance(old, str) else ""
    how = draw(st.integers(0, 6))
    if how == 0:
        return pick(draw, TIMES)
    if how == 1:
        return pick(draw, DAYS)
    if how == 2:
        return laced(draw, text)
    if how == 3:
        return sized(draw, text)
    if how == 4:
        return pick(draw, (10**30, -(2**63), 2**63, 1e308, -0.0, float("nan"), float("inf"), True))
    if how == 5:
        return pick(draw, CLOCKS)
    return draw(JSON_VALUE)


def _dump(draw: st.DrawFn, document: Any) -> bytes:
    # escaped (\ud800 as six characters, as most exporters write it) or raw (invalid UTF-8)
    if draw(st.booleans()):
        return json.dumps(document).encode()
    return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")


def json_structure(draw: st.DrawFn, seed: Seed) -> bytes:
    """One key or value of a JSON seed changed, removed, renamed, copied or wrapped."""
    document = copy.deepcopy(seed.document)
    path = pick(draw, seed.paths)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last, old = path[-1], parent[path[-1]]
    how = draw(st.integers(0, 5))
    if how == 0:
        del parent[last]
    elif how == 1 and isinstance(parent, dict):
        parent[laced(draw, str(last))] = parent.pop(last)
    elif how == 2 and isinstance(parent, list):
        parent[last:last] = [copy.deepcopy(old)] * draw(st.integers(1, 50))
    elif how == 3:
        parent[last] = [old] if draw(st.booleans()) else {"value": old}
    else:
        parent[last] = odd_value(draw, old)
    return _dump(draw, document)


def csv_structure(draw: st.DrawFn, seed: Seed) -> bytes:
    """One cell or row of a CSV seed changed, removed, added or copied."""
    rows = [list(row) for row in seed.rows]
    row = draw(st.integers(0, len(rows) - 1))
    how = draw(st.integers(0, 5))
    if how == 0 and rows[row]:
        cell = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][cell] = str(odd_value(draw, rows[row][cell]))
    elif how == 1:
        rows[row] = rows[row][: draw(st.integers(0, max(0, len(rows[row]) - 1)))]
    elif how == 2:
        rows[row].append(draw(st.text(max_size=10)))
    elif how == 3:
        rows[row + 1 : row + 1] = [list(rows[row])] * draw(st.integers(1, 50))
    elif how == 4:
        del rows[row]
    else:
        rows[row] = [laced(draw, cell) for cell in rows[row]]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def structure(draw: st.DrawFn, seed: Seed) -> bytes:
    return (json_structure if seed.kind == "json" else csv_structure)(draw, seed)


def dates(draw: st.DrawFn, seed: Seed) -> bytes:
    """A date or time in the text replaced by one at or past the edge of what can be stored."""
    text = seed.data.decode("utf-8-sig")
    found = list(_DATELIKE.finditer(text))
    if not found:
        return structure(draw, seed)
    match: re.Match[str] = pick(draw, found)
    new = str(pick(draw, TIMES + DAYS + CLOCKS))
    return (text[: match.start()] + new + text[match.end() :]).encode()


def unicode(draw: st.DrawFn, seed: Seed) -> bytes:
    """An odd character (surrogate, NUL, RTL mark, combining mark, emoji) in a text value."""
    if seed.kind == "json":
        document = copy.deepcopy(seed.document)
        texts = [p for p in seed.paths if isinstance(_at(seed.document, p), str)]
        if texts:
            path = pick(draw, texts)
            parent = _at(document, path[:-1])
            parent[path[-1]] = laced(draw, parent[path[-1]])
        return _dump(draw, document)
    text = seed.data.decode("utf-8-sig")
    return laced(draw, text).encode("utf-8", "surrogatepass")


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def sizes(draw: st.DrawFn, seed: Seed) -> bytes:
    """A value grown to a boundary length, or the file cut short or made empty."""
    how = draw(st.integers(0, 2))
    if how == 0:
        return seed.data[: draw(st.integers(0, len(seed.data)))]
    if how == 1 and seed.kind == "json":
        document = copy.deepcopy(seed.document)
        texts = [p for p in seed.paths if isinstance(_at(seed.document, p), str)]
        if texts:
            path = pick(draw, texts)
            parent = _at(document, path[:-1])
            parent[path[-1]] = sized(draw, parent[path[-1]])
        return _dump(draw, document)
    rows = [list(row) for row in seed.rows]
    if len(rows) > 1:
        row = rows[draw(st.integers(1, len(rows) - 1))]
        if row:
            cell = draw(st.integers(0, len(row) - 1))
            row[cell] = sized(draw, row[cell])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def raw_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """Bytes flipped, put in, taken out or copied."""
    at = draw(st.integers(0, len(data)))
    how = draw(st.integers(0, 3))
    if how == 0 and at < len(data):
        flipped = data[at] ^ (1 << draw(st.integers(0, 7)))
        return data[:at] + bytes([flipped]) + data[at + 1 :]
    if how == 1:
        return data[:at] + bytes(pick(draw, BYTES)) + data[at:]
    end = draw(st.integers(at, min(len(data), at + 64)))
    if how == 2:
        return data[:at] + data[end:]
    return data[:end] + data[at:end] + data[end:]


MUTATIONS: dict[str, Mutation] = {
    "structure": structure,
    "dates": dates,
    "unicode": unicode,
    "sizes": sizes,
    "bytes": lambda draw, seed: raw_bytes(draw, seed.data),
}


@st.composite
def mutants(draw: st.DrawFn, seeds: tuple[Seed, ...]) -> bytes:
    """One seed with one mutation, and now and then a few bytes changed on top."""
    seed = pick(draw, seeds)
    data = MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))](draw, seed)
    if draw(st.integers(0, 3)) == 0:
        data = raw_bytes(draw, data)
    return data
