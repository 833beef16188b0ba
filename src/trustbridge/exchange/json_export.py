"""The JSON export, written as it is read: every row of every table, on any DB-API connection.

Light to import (no SQLAlchemy), so ``trustbridge export json`` reads on a plain connection
and its memory is that of a small program whatever the store holds; the web writes the same
text on the store's own connection (``json_format.write_json``). The document is described
in :mod:`.json_format` and ``docs/export-format.md``.

The text is exactly ``json.dumps(document, indent=2)``, but made a chunk of rows at a time
with as little Python per row as can be: every plain value of a chunk goes through Python's
C encoder in one call, each converted column (times, days, yes or no, JSON) is converted as
one list, and the chunk's text comes out of one ``%`` with a pattern that holds the keys and
the layout. A hundred thousand rows cost about what reading them costs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any, TextIO

from trustbridge.store import rows, shapes
from trustbridge.store.schema import HEAD_REVISION

if TYPE_CHECKING:
    from trustbridge.exchange.common import Progress

FORMAT = "trustbridge-export"
VERSION = 1
#: rows read from the store at a time
CHUNK = 1000
#: a row's keys are indented this far in the file, its braces two spaces less
_ROW_INDENT = " " * 8


def header(now: dt.datetime) -> dict[str, object]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.astimezone(dt.UTC).isoformat(),
        "schema_revision": HEAD_REVISION,
    }


def _encoder(separator: str) -> Callable[[object], str]:
    """``json.dumps(value, ensure_ascii=False)`` with ``separator`` between the items of a
    list (and of an object); Python's C encoder, made once rather than on every call."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C encoder
        return json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode
    encode = make(None, None, json.encoder.encode_basestring, None, ": ", separator,
                  False, False, True)  # fmt: skip
    return lambda value: "".join(encode(value, 0))


#: a list of plain values (text, numbers, null, true, false) with a line break between them:
#: the text of one never holds a line break of its own, so splitting at them gives each one
_one_a_line = _encoder("\n")
_scalar = _encoder(", ")


def _laid_out(value: object, indent: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` for what ``json.loads`` gives, each
    line after the first indented by ``indent`` more (the layout Python's slow pure-Python
    encoder makes; this makes the same text several times faster)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        items = [f"{_scalar(key)}: {_laid_out(item, inner)}" for key, item in value.items()]
    elif isinstance(value, list):
        if not value:
            return "[]"
        inner = indent + "  "
        items = [_laid_out(item, inner) for item in value]
    else:
        return _scalar(value)
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return f"{opening}\n{inner}" + f",\n{inner}".join(items) + f"\n{indent}{closing}"


@lru_cache(maxsize=512)
def _data(stored: Any) -> str:
    """A JSON column's value as the document lays it out (the same few values come back
    often, such as one emotion at the same strength, so each is laid out once)."""
    return _laid_out(rows.data(stored), _ROW_INDENT)


def _data_column(stored: list[Any]) -> list[Any]:
    return [
        "null"
        if v is None
        else _data(v)
        if type(v) is str
        else _laid_out(rows.data(v), _ROW_INDENT)
        for v in stored
    ]


def _moments(stored: list[Any]) -> list[Any]:
    """``rows.moment(v).isoformat()`` for each. A time SQLite holds (as text, without a zone)
    is in UTC, so its text is the time's own text and ``+00:00``: no second time to make."""
    return [
        v
        if v is None
        else t.isoformat() + "+00:00"
        if type(v) is str and (t := _from_text(v)).tzinfo is None
        else rows.moment(v).isoformat()
        for v in stored
    ]


_from_text = dt.datetime.fromisoformat


def _days(stored: list[Any]) -> list[Any]:
    return [v if v is None else v.isoformat() for v in rows.column("day", stored)]


#: what each kind of column becomes in the document, a whole column of a chunk at a time
#: (text and numbers stay as stored; a JSON column is laid out on its own)
_AS_WRITTEN: dict[str, Callable[[list[Any]], list[Any]]] = {
    "moment": _moments, "day": _days, "flag": lambda stored: rows.column("flag", stored),
}  # fmt: skip


class _Rows:
    """One table's rows, a chunk at a time, as ``json.dumps(document, indent=2)`` writes them
    inside the document.

    A chunk's values are put in one list, row after row; each column that needs converting
    is converted as a slice of that list (every ``width``-th value). The plain values go
    through the C encoder in one call, one to a line; a JSON column's values, laid out on
    their own, take their places; and the pattern of a row (its keys, indents and line
    breaks), repeated for every row, is filled in with them all in one ``%``.
    """

    def __init__(self, table: str) -> None:
        kinds = shapes.TABLES[table]
        self.width = len(kinds)
        self.converted = [
            (i, _AS_WRITTEN[kind]) for i, kind in enumerate(kinds.values()) if kind in _AS_WRITTEN
        ]
        self.nested = [i for i, kind in enumerate(kinds.values()) if kind == "data"]
        keys = (_scalar(key).replace("%", "%%") for key in kinds)
        inner = f",\n{_ROW_INDENT}".join(f"{key}: %s" for key in keys)
        self.row = f"      {{\n{_ROW_INDENT}{inner}\n      }}"
        #: the pattern for a whole chunk, made again only when a chunk has fewer rows
        self.pattern, self.pattern_rows = "", 0

    def __call__(self, chunk: Sequence[Sequence[Any]]) -> str:
        width = self.width
        values = list(chain.from_iterable(chunk))
        for i, convert in self.converted:
            values[i::width] = convert(values[i::width])
        nested = [(i, _data_column(values[i::width])) for i in self.nested]
        for i, _ in nested:
            values[i::width] = [None] * len(chunk)
        texts = _one_a_line(values)[1:-1].split("\n")
        for i, laid_out in nested:
            texts[i::width] = laid_out
        if len(chunk) != self.pattern_rows:
            self.pattern, self.pattern_rows = ",\n".join([self.row] * len(chunk)), len(chunk)
        return self.pattern % tuple(texts)


def write_json(
    connection: Any, now: dt.datetime, out: TextIO, progress: Progress | None = None
) -> int:
    """Write every table to ``out`` as the JSON document, rows in id order, as they are read;
    returns how many rows. The text is exactly ``json.dumps(document, indent=2)`` plus a line
    break, for the document ``json_format.export_document`` gives."""
    cursor = connection.cursor()
    out.write("{\n")
    for key, value in header(now).items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write('  "tables": {')
    total = sum(rows.counts(cursor, {t: (t, "count(*)", "") for t in shapes.TABLES}).values())
    done = 0
    for n, table in enumerate(shapes.TABLES):
        out.write(("," if n else "") + f"\n    {json.dumps(table)}: [")
        row_text, first = _Rows(table), True
        for chunk in rows.stream(cursor, table, CHUNK):
            out.write(("\n" if first else ",\n") + row_text(chunk))
            first = False
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        out.write("]" if first else "\n    ]")
    out.write("\n  }\n}\n")
    return done
