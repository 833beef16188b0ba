"""The JSON export, written as it is read: every row of every table, on any DB-API connection.

Light to import (no SQLAlchemy), so ``trustbridge export json`` reads on a plain connection
and its memory is that of a small program whatever the store holds; the web writes the same
text on the store's own connection (``json_format.write_json``). The document is described
in :mod:`.json_format` and ``docs/export-format.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
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


def _flat_encoder() -> Callable[[object], str]:
    """``json.dumps(value, ensure_ascii=False)`` with a line break and a row's indent after
    each comma; Python's C encoder, made once rather than on every call as ``dumps`` does."""
    separator = ",\n" + _ROW_INDENT
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C encoder
        return json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode
    encode = make(None, None, json.encoder.encode_basestring, None, ": ", separator,
                  False, False, True)  # fmt: skip
    return lambda value: "".join(encode(value, 0))


def _moment(stored: Any) -> str:
    return rows.moment(stored).isoformat()


def _day(stored: Any) -> str:
    return rows.day(stored).isoformat()


#: what each kind of column becomes in the document (text and numbers stay as stored)
_AS_WRITTEN: dict[str, Callable[[Any], object]] = {
    "moment": _moment, "day": _day, "flag": rows.flag, "data": rows.data,
}  # fmt: skip


class _RowText:
    """One table's rows as ``json.dumps(document, indent=2)`` writes them inside the document.

    That layout is made by Python's slow pure-Python encoder; here each row goes through the
    C encoder instead, with the line break and indent as the separator between its values, which
    gives the same text. A JSON column's value (the only nesting) is laid out on its own.
    """

    _flat = staticmethod(_flat_encoder())

    def __init__(self, table: str) -> None:
        kinds = shapes.TABLES[table]
        self.keys = list(kinds)
        self.converted = [(i, _AS_WRITTEN[k]) for i, k in enumerate(kinds.values()) if k]
        nested = [i for i, kind in enumerate(kinds.values()) if kind == "data"]
        # runs of plain columns, each written in one go, and the JSON columns between them
        self.parts: list[tuple[int, int, bool]] = []
        start = 0
        for i in [*nested, len(kinds)]:
            if i > start:
                self.parts.append((start, i, False))
            if i < len(kinds):
                self.parts.append((i, i + 1, True))
            start = i + 1

    def values(self, row: Sequence[Any]) -> list[Any]:
        """The row's values as the document holds them."""
        cells = list(row)
        for i, convert in self.converted:
            if cells[i] is not None:
                cells[i] = convert(cells[i])
        return cells

    def __call__(self, row: Sequence[Any]) -> str:
        cells, keys = self.values(row), self.keys
        if len(self.parts) == 1:
            inner = self._flat(dict(zip(keys, cells, strict=True)))[1:-1]
        else:
            inner = (",\n" + _ROW_INDENT).join(
                self._nested(keys[start], cells[start])
                if nested
                else self._flat(dict(zip(keys[start:end], cells[start:end], strict=True)))[1:-1]
                for start, end, nested in self.parts
            )
        return f"      {{\n{_ROW_INDENT}{inner}\n      }}"

    @staticmethod
    def _nested(key: str, value: object) -> str:
        laid_out = json.dumps(value, ensure_ascii=False, indent=2)
        return f"{json.dumps(key, ensure_ascii=False)}: " + laid_out.replace(
            "\n", "\n" + _ROW_INDENT
        )


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
        row_text, first = _RowText(table), True
        for chunk in rows.stream(cursor, table, CHUNK):
            out.write(("\n" if first else ",\n") + ",\n".join(map(row_text, chunk)))
            first = False
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        out.write("]" if first else "\n    ]")
    out.write("\n  }\n}\n")
    return done
