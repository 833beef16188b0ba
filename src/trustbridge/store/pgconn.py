"""PostgreSQL connections that keep their prepared statements across a rollback.

Psycopg prepares a statement on the server once a connection has run it a few times
(``prepare_threshold``), which spares PostgreSQL planning it again: for the program map's
one statement of some thirty counts, each under row-level security, planning costs three
times what running it does. But psycopg forgets every prepared statement, and deallocates
them on the server, at every ``ROLLBACK``, and a unit of work that only read ends with one
(SQLAlchemy rolls back what was not committed). On a hosted server, where most requests only
read, no statement lived long enough to be prepared.

A rollback of a healthy transaction leaves the server's prepared statements as they were
(``PREPARE`` is not transactional, and PostgreSQL plans a statement again by itself when a
table it reads changes), so :class:`KeepPrepared` sends that ``ROLLBACK`` and keeps them. A
transaction that failed is rolled back as psycopg does, forgetting them all: a ``PREPARE``
sent in it may not have happened. The app changes no tables' shapes while it serves
(``trustbridge hosted migrate`` runs apart), and psycopg still forgets them all after a
``DROP`` or ``ALTER``.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import pq


class KeepPrepared(psycopg.Connection[Any]):
    """A psycopg connection whose rollback of a healthy transaction keeps its prepared
    statements (see the module's text)."""

    def rollback(self) -> None:
        healthy = self.pgconn.transaction_status == pq.TransactionStatus.INTRANS
        if not healthy or self._num_transactions or self._pipeline or self._tpc:
            super().rollback()  # psycopg's own, which forgets them (or refuses)
            return
        with self.lock:
            self.wait(self._exec_command(b"ROLLBACK"))


def connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> KeepPrepared:
    """SQLAlchemy's ``do_connect`` hook: a :class:`KeepPrepared` connection."""
    return KeepPrepared.connect(*cargs, **cparams)
