"""A whole export restored into a local store on its own connection, without SQLAlchemy.

``trustbridge import json FILE --yes`` into a local SQLite store (plain, or encrypted with its
key held by the key agent) runs here: the same reading and checks as
:func:`.json_format.restore` (the same :class:`~.json_format._Reading`, the same messages),
the same single transaction with the triggers held back (:mod:`trustbridge.store.bulk`), the
same crisis check of the last days' entries, but on the DB-API connection of
:mod:`trustbridge.store.quick`, with each table's ``INSERT`` made from :mod:`.layout` (the
models' own tables, kept as plain values). Loading SQLAlchemy and the models would take more
memory than all the rest of a restore, and a tenth of its time.

A store that is not at this code's revision, or cannot be opened without asking, takes the
long way (:func:`.json_format.restore`), which brings it up to date or asks for the key.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from trustbridge.domain.crisis import count_flagged
from trustbridge.exchange import layout
from trustbridge.exchange.common import (
    ExchangeError,
    Imported,
    Preview,
    Progress,
    Source,
    private_columns,
    sqlite_moment,
    written_since,
)
from trustbridge.exchange.json_format import (
    CRISIS_CHECKED_DAYS,
    NOT_EMPTY,
    _chunked,
    _preview,
    _Reading,
    _walk_file,
)

#: a chunk of a table's rows (each with every column) as the values of its ``INSERT``
Values = Callable[[list[dict[str, Any]]], list[tuple[Any, ...]]]


def _json(value: object) -> str:
    """A JSON column's text, as ``PrivateJSON`` writes it."""
    return json.dumps(value, ensure_ascii=False)


def _day(value: dt.date) -> str:
    return value.isoformat()


#: how a checked value of each kind of column is written, as SQLAlchemy's SQLite types write
#: it (the others are bound as they are)
_STORED: dict[str, Callable[[Any], object]] = {"moment": sqlite_moment, "day": _day,
                                               "json": _json}  # fmt: skip


def insert_statement(name: str) -> tuple[str, Values]:
    """A table's ``INSERT`` of every column, and how a chunk of rows becomes its values."""
    columns = layout.TABLES[name].columns
    keys = [column.name for column in columns]
    named = ", ".join(f'"{key}"' for key in keys)
    sql = f'INSERT INTO "{name}" ({named}) VALUES ({", ".join("?" * len(keys))})'
    take = itemgetter(*keys)
    stored = [(at, _STORED[c.kind]) for at, c in enumerate(columns) if c.kind in _STORED]

    def values(chunk: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        found = []
        for row in chunk:
            one = list(take(row))
            for at, write in stored:
                if one[at] is not None:
                    one[at] = write(one[at])
            found.append(tuple(one))
        return found

    return sql, values


def is_empty(conn: Any) -> bool:
    """Whether the store holds no row in any table (a full export only goes into an empty one)."""
    return not any(
        conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() for name in layout.TABLES
    )


def restore(
    conn: Any, source: Source, now: dt.datetime, progress: Progress | None = None
) -> tuple[Preview, Imported]:
    """Check and store a whole export in one reading and one transaction on ``conn`` (a
    connection of :func:`trustbridge.store.quick.connect`), as :func:`.json_format.restore`
    does: a problem anywhere in the file, or any failure, leaves the store as it was."""
    from trustbridge.store.bulk import triggers_held_back

    reading = _Reading(now)
    since = now - dt.timedelta(days=CRISIS_CHECKED_DAYS)
    inserts: dict[str, tuple[str, Values]] = {}
    done = 0
    #: the texts of the entries written in the last days, crisis-checked together at the end
    recent: list[list[str | None]] = []
    conn.execute("PRAGMA foreign_keys = ON")  # as every connection of the store has it
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not is_empty(conn):  # inside the transaction, so nothing can slip in between
            raise ExchangeError(NOT_EMPTY)
        with triggers_held_back(conn.execute, True):
            # a file may list a table before one it refers to: the store checks the
            # references at the commit (every one was checked against the file already)
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for name, chunk in _chunked(_walk_file(source, reading, once=True)):
                if name not in inserts:
                    inserts[name] = insert_statement(name)
                sql, values = inserts[name]
                conn.executemany(sql, values(chunk))
                names = private_columns(name)
                if names:
                    recent += ([row[n] for n in names] for row in written_since(chunk, since))
                done += len(chunk)
                if progress is not None:  # 0: not known before the file is read through
                    progress(done, 0)
            warnings = reading.finish()
            # before the index is filled, which then reuses the memory the check let go
            crisis = count_flagged(recent)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return _preview(reading, warnings), Imported(done, crisis, since)
