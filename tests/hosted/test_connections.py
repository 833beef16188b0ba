"""The pool of connections to PostgreSQL: a connection is checked before use only after
sitting idle, and one the server dropped meanwhile is replaced rather than failing a request."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

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
