"""A fast path for the daily check-in from the CLI: plain ``sqlite3``, no SQLAlchemy import.

The check-in must take well under 150 ms from a cold shell; importing SQLAlchemy alone takes
longer than that. This writes the same row the ORM would (same table, same column formats,
same :mod:`codec` for private text) and is only used when the store already exists and is at
this code's schema revision; otherwise the caller takes the normal path.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from trustbridge.store import codec
from trustbridge.store.schema import HEAD_REVISION

_STAMP = "%Y-%m-%d %H:%M:%S.%f"


def _connect(path: Path) -> sqlite3.Connection | None:
    if not path.exists():
        return None
    conn = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    row = conn.execute(
        "SELECT version_num FROM alembic_version"
        " WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE name='alembic_version')"
    ).fetchone()
    if row is None or row[0] != HEAD_REVISION:
        conn.close()
        return None
    return conn


def save_checkin(path: Path, values: dict[str, object], now: dt.datetime) -> int | None:
    """Insert a validated check-in; returns its id, or ``None`` when the fast path cannot be used."""
    conn = _connect(path)
    if conn is None:
        return None
    try:
        cursor = conn.execute(
            "INSERT INTO checkins (created_at, day, mood, emotion, energy, connection, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                now.astimezone(dt.UTC).strftime(_STAMP),
                now.astimezone().date().isoformat(),
                values["mood"],
                codec.seal(_text(values.get("emotion"))),
                values.get("energy"),
                values.get("connection"),
                codec.seal(_text(values.get("note"))),
            ),
        )
        return cursor.lastrowid
    finally:
        conn.close()


def _text(value: object) -> str | None:
    return None if value is None else str(value)
