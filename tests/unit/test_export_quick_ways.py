"""The exports' quick ways give exactly what the plain ways give, byte for byte.

The JSON export lays out a chunk of rows in one go (:class:`json_export._Rows`); the plain way
is each row converted value by value and laid out by ``json.dumps(..., indent=2)``, as the
whole document used to be. The Markdown copy converts a column at a time, words a field's
value once, lays out a field's plain one-line text in one place, quotes a one-line text
without the loop, checks an ASCII line for characters to escape by its bytes (and a plain
one-line text for white space to join the same way), tries the expression for a line's start
only at a character that can start markup (a digit only with a dot or bracket after it) and
puts only the start of a long title on one line; each is compared with its plain way.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain.fields import Field, value_words
from trustbridge.exchange import json_export, markdown
from trustbridge.store import rows, shapes

#: each kind of column, converted one value at a time as the document always held it
PLAIN: dict[str, Any] = {
    "moment": lambda v: rows.moment(v).isoformat(),
    "day": lambda v: rows.day(v).isoformat(),
    "flag": rows.flag,
    "data": rows.data,
}

_TEXT = st.one_of(
    st.text(
        st.characters(codec="utf-8")
        | st.sampled_from('"\\/\n\r\t\b\f\x00\x1f\x7f\u2028\u2029%{}[],:'),
        max_size=30,
    ),
    st.sampled_from(["%s", "%%", "\n      }", "},\n        {"]),
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)
_WHEN = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 30))
#: times as SQLite holds them (as SQLAlchemy writes them, or written some other way), and as
#: PostgreSQL gives them back
_MOMENT = st.one_of(
    _WHEN.map(lambda d: d.isoformat(" ", "microseconds")),
    _WHEN.map(lambda d: str(d)),
    _WHEN.map(lambda d: d.isoformat(timespec="minutes")),
    _WHEN.map(lambda d: d.replace(tzinfo=dt.timezone(dt.timedelta(hours=2))).isoformat()),
    _WHEN.map(lambda d: d.replace(tzinfo=dt.UTC)),
)
_DAY = st.one_of(
    st.dates().map(str), _WHEN.map(lambda d: d.isoformat(" ", "microseconds")), st.dates()
)
_STORED: dict[str | None, st.SearchStrategy[Any]] = {
    None: st.one_of(_TEXT, st.integers(-(2**63), 2**63 - 1), st.floats()),
    "moment": _MOMENT,
    "day": _DAY,
    "flag": st.sampled_from([0, 1, 2, -1, True, False]),
    "data": _JSON.map(lambda v: json.dumps(v, ensure_ascii=False)),
}


@st.composite
def _chunk(draw: st.DrawFn) -> tuple[str, list[tuple[Any, ...]]]:
    table = draw(st.sampled_from(list(shapes.TABLES)))
    kinds = list(shapes.TABLES[table].values())
    row = st.tuples(*(st.none() | _STORED[kind] for kind in kinds))
    return table, draw(st.lists(row, min_size=1, max_size=4))


def _plain_way(table: str, chunk: list[tuple[Any, ...]]) -> str:
    """The rows as ``json.dumps(document, indent=2)`` wrote them, each on its own."""
    kinds = shapes.TABLES[table]
    texts = []
    for row in chunk:
        document = {
            key: value if value is None or kind is None else PLAIN[kind](value)
            for (key, kind), value in zip(kinds.items(), row, strict=True)
        }
        laid_out = json.dumps(document, ensure_ascii=False, indent=2)
        texts.append("      " + laid_out.replace("\n", "\n      "))
    return ",\n".join(texts)


@settings(max_examples=400, deadline=None)
@given(_chunk())
def test_a_chunk_of_rows_is_laid_out_as_json_dumps_lays_out_each(
    found: tuple[str, list[tuple[Any, ...]]],
) -> None:
    table, chunk = found
    assert json_export._Rows(table)(chunk) == _plain_way(table, chunk)


def test_chunks_of_every_size_in_turn_share_one_writer() -> None:
    """The pattern made for one size of chunk is made again for another."""
    write = json_export._Rows("journal_entries")
    row = (1, "Sunday", "A quiet day", None, "2026-03-14 10:00:00.000000")
    for size in (3, 1, 3, 2):
        assert write([row] * size) == _plain_way("journal_entries", [row] * size)


@settings(max_examples=400, deadline=None)
@given(_JSON, st.sampled_from(["", " " * 8]))
def test_a_json_value_is_laid_out_as_json_dumps_lays_it_out(value: Any, indent: str) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
    assert json_export._laid_out(value, indent) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["moment", "day", "flag", "data"]).flatmap(
        lambda kind: st.tuples(st.just(kind), st.lists(st.none() | _STORED[kind], max_size=6))
    )
)
def test_a_column_converts_as_each_value_does(found: tuple[str, list[Any]]) -> None:
    kind, stored = found
    convert = rows.CONVERT[kind]
    assert rows.column(kind, stored) == [v if v is None else convert(v) for v in stored]


# --- the Markdown copy ----------------------------------------------------------------------

_FIELDS = [
    Field("mood", "Mood", "int"),
    Field("kind", "Kind", "choice", choices=(("1", "One"), ("True", "Truly"), ("a", "A"))),
    Field("tags", "Tags", "choices", choices=(("a", "A"), ("b", "B"))),
    Field("done", "Done?", "bool"),
    Field("on", "On", "date"),
    Field("seconds", "For", "int", unit="seconds"),
]
_VALUE = st.one_of(
    st.integers(-5, 5),
    st.booleans(),
    st.floats(allow_nan=False, max_value=1e6, min_value=-1e6),
    st.sampled_from(["1", "a", "a,b", "b,,c", "True", ""]),
    st.dates(),
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FIELDS), _VALUE, st.booleans()), max_size=30))
def test_a_value_is_worded_once_and_the_same_as_value_words(
    asked: list[tuple[Field, Any, bool]],
) -> None:
    said: dict[tuple[Field, bool], Any] = {(f, long): {} for f in _FIELDS for long in (False, True)}
    for f, value, long in asked:  # True and 1 in turn, say: each worded as it is
        try:
            expected = markdown._lines("- **Label:**", long, value_words(f, value))
        except TypeError:  # a number where a list of choices is kept: fails alike
            with pytest.raises(TypeError):
                markdown._said(said[f, long], f, "- **Label:**", long, value)
            continue
        assert list(markdown._said(said[f, long], f, "- **Label:**", long, value)) == expected


_LINE = st.text(st.sampled_from([*" \t\r\n\x0b\x1c\x85\u2028\xa0ab#>-1.*<&\\"]), max_size=25)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_LINE, st.text(max_size=40), st.text(st.characters(max_codepoint=0x7F))))
def test_one_line_is_quoted_as_the_loop_quotes_it(text: str) -> None:
    lines = text.strip().replace("\r\n", "\n").splitlines()
    assert markdown.block(text) == markdown._quoted(lines)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(_LINE, st.text(max_size=40), st.text(st.characters(max_codepoint=0x7F))),
    st.booleans(),
)
def test_a_field_s_text_is_laid_out_as_block_and_inline_lay_it_out(text: str, long: bool) -> None:
    """A plain one-line text is laid out in :func:`markdown._lines` itself, with fewer calls."""
    head = "- **Label:**"
    if long or "\n" in text:
        expected = [head, "", *markdown.block(text), ""]
    else:
        expected = [f"{head} {markdown.inline(text)}"]
    assert markdown._lines(head, long, text) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(_LINE, st.text(max_size=90)), st.integers(2, 80))
def test_a_short_title_is_escaped_as_inline_escapes_it(text: str, limit: int) -> None:
    words = " ".join(text.split())
    cut = words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
    assert markdown._short(text, limit) == markdown.inline(cut)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_LINE, st.text(), st.text(st.characters(max_codepoint=0x7F))))
def test_a_line_is_found_unsafe_as_the_expression_finds_it(line: str) -> None:
    assert markdown._unsafe(line) == (markdown._UNSAFE.search(line) is not None)


def _escaped_plainly(line: str) -> str:
    """A line escaped the plain way: translated in full, its start tried by the expression."""
    line = line.translate(markdown._SAFE)
    start = markdown._LINE_START.match(line)
    if start is None:
        return line
    if start.group().isdigit():
        return line[: start.end()] + "\\" + line[start.end() :]
    return "\\" + line


#: lines that start (or are) what could be markup, with digits of other scripts among them
_STARTING = st.tuples(
    st.sampled_from(["", "-", "+", "=", "1", "٣", "12", "==", "- ", "3)", "7.5"]),
    st.one_of(_LINE, st.text(st.characters(max_codepoint=0x7F), max_size=10)),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_STARTING, _LINE, st.text(), st.text(st.characters(max_codepoint=0x7F))))
def test_a_line_is_escaped_as_the_plain_way_escapes_it(line: str) -> None:
    assert markdown._escaped(line) == _escaped_plainly(line)
    assert markdown._spaced(line) == " ".join(line.split())
    assert markdown.inline(line) == _escaped_plainly(" ".join(line.split()))
    if markdown._plain_line(line):  # one line, only spaces for white space, nothing to change
        assert line.splitlines() in ([line], [])
        assert all(c == " " or not c.isspace() for c in line)
        assert line.translate(markdown._SAFE) == line


def test_only_a_digit_or_one_of_few_marks_can_start_markup() -> None:
    """Every character the expression can take first is one :func:`markdown._line_start`
    tries it for (a digit of any script, ``-``, ``+``, ``=``)."""
    for code in range(0x110000):
        first = chr(code)
        if first in markdown._STARTS or first.isdecimal():
            continue
        for rest in ("", " x", ". x", "-"):
            assert markdown._LINE_START.match(first + rest) is None
