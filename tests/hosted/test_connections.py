"""The pool of connections to PostgreSQL: a connection is checked before use only after
sitting idle, one the server dropped meanwhile is replaced rather than failing a request, and
the statements PostgreSQL has prepared outlive a unit of work that only read."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from trustbridge.config import Settings
from trustbridge.store import db


def test_a_connection_dropped_while_idle_is_replaced_before_use(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(Settings(tmp_path, database_url))
    try:
        with engine.connect() as conn:
            first = conn.scalar(text("SELECT pg_backend_pid()"))
        # the server drops the pooled connection (a restart, a proxy's timeout)
        with psycopg.connect(database_url.replace("postgresql+psycopg", "postgresql")) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (first,))
        monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)  # as if it had sat idle a while
        with engine.connect() as conn:
            second = conn.scalar(text("SELECT pg_backend_pid()"))
        assert second is not None and second != first
    finally:
        engine.dispose()


def test_a_server_keeps_enough_connections_open_for_a_busy_moment(
    database_url: str, tmp_path: Path
) -> None:
    """Past the pool's size every connection given back is closed, and the next request pays
    for a new one (a new PostgreSQL process): the pool must hold what a busy server uses."""
    engine = db.make_engine(Settings(tmp_path, database_url))
    try:
        held = [engine.connect() for _ in range(db.POOL_SIZE)]
        pids = {conn.scalar(text("SELECT pg_backend_pid()")) for conn in held}
        for conn in held:
            conn.close()
        again = [engine.connect() for _ in range(db.POOL_SIZE)]
        assert {conn.scalar(text("SELECT pg_backend_pid()")) for conn in again} == pids
        for conn in again:
            conn.close()
    finally:
        engine.dispose()


PREPARED = text("SELECT name FROM pg_prepared_statements WHERE statement LIKE '%count_me%'")


def _read_then_roll_back(conn: object, times: int) -> None:
    for _ in range(times):
        with conn.begin() as unit:  # type: ignore[attr-defined]
            conn.execute(text("SELECT 1 AS count_me"))  # type: ignore[attr-defined]
            unit.rollback()  # what a unit of work that only read ends with


def test_a_statement_stays_prepared_after_reads_that_roll_back(
    database_url: str, tmp_path: Path
) -> None:
    """psycopg prepares a statement it has run five times; a rollback of a healthy transaction
    must not make it forget (and deallocate) what it prepared, or under a load of reads
    PostgreSQL would plan every statement again every time."""
    engine = db.make_engine(Settings(tmp_path, database_url))
    try:
        with engine.connect() as conn:
            _read_then_roll_back(conn, 8)
            assert len(conn.execute(PREPARED).all()) == 1
    finally:
        engine.dispose()


def test_a_failed_transaction_still_forgets_what_was_prepared(
    database_url: str, tmp_path: Path
) -> None:
    """After an error a ``PREPARE`` may not have happened: then psycopg's own rollback runs,
    which forgets them all, and the connection is usable again."""
    engine = db.make_engine(Settings(tmp_path, database_url))
    try:
        with engine.connect() as conn:
            _read_then_roll_back(conn, 8)
            with pytest.raises(DBAPIError), conn.begin():
                conn.execute(text("SELECT 1 / 0"))
            assert conn.execute(PREPARED).all() == []
            assert conn.scalar(text("SELECT 2")) == 2
    finally:
        engine.dispose()
