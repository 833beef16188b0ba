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
from trustbridge.store.plain_sql import Values, insert_statement


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
