"""Fast paths for the CLI without SQLAlchemy: a connection to write with (every tool's add,
the daily check-in among them), the safety plan Help now shows first, and a plain
connection for every command that reads.

Each must take well under 150 ms from a cold shell; importing SQLAlchemy alone takes longer
than that. They read and write the same rows the ORM does (same tables, same column formats,
same encryption) and are only used when the store already exists and is
at this code's schema revision; otherwise the caller takes the normal path. Connections
come from :mod:`.cipherdb`, keyed like every other, so an encrypted store stays encrypted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from trustbridge.store import cipherdb
from trustbridge.store.schema import HEAD_REVISION


def connect(
    path: Path, key: bytes | None, *, read_only: bool = False, plain: bool = False
) -> Any | None:
    """A connection to a current store, or ``None`` when it is missing, outdated or unreadable.

    The caller closes it. Search runs on one of these (``trustbridge search``), read only.
    ``plain`` (read only, no key): a store kept unencrypted is read by Python's own
    ``sqlite3`` (:func:`~trustbridge.store.cipherdb.read_plain`, for an export), whose errors
    the caller then catches too; any other store is opened as ever.
    """
    if not path.exists():
        return None
    if plain and read_only and key is None:
        found = _read_plain(path)
        if found is not None:  # else (not plain, or not readable so) as ever
            return found
    try:
        conn = cipherdb.connect(path, key, read_only=read_only)
    except cipherdb.Error:
        return None
    try:
        conn.execute("PRAGMA secure_delete=ON")
        if not read_only:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
    except cipherdb.Error:
        conn.close()
        return None
    return _current(conn, cipherdb.Error)


def _read_plain(path: Path) -> Any | None:
    """:func:`~trustbridge.store.cipherdb.read_plain`, for a current store."""
    import sqlite3

    try:
        found = cipherdb.read_plain(path)
    except sqlite3.Error:
        return None
    return None if found is None else _current(found, sqlite3.Error)


def _current(conn: Any, error: type[Exception]) -> Any | None:
    """``conn`` when its store is at this code's revision; else it is closed (``None``)."""
    try:
        row = conn.execute(
            "SELECT version_num FROM alembic_version"
            " WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE name='alembic_version')"
        ).fetchone()
    except error:
        row = None
    if row is None or row[0] != HEAD_REVISION:
        conn.close()
        return None
    return conn


@contextmanager
def writing(path: Path, key: bytes | None) -> Iterator[Any | None]:
    """A connection to write with (``None`` as :func:`connect` gives it), closed after.

    A write that fails for a full disk raises ``DiskFull``, with the same words as every
    other save; loading the store module (and SQLAlchemy) for that is left to a failure.
    """
    conn = connect(path, key)
    if conn is None:
        yield None
        return
    try:
        yield conn
    except cipherdb.Error as exc:
        from trustbridge.store.db import DiskFull, is_disk_full

        if is_disk_full(exc):
            raise DiskFull from exc
        raise
    finally:
        conn.close()


def safety_plan(path: Path, key: bytes | None) -> dict[str, str] | None:
    """The safety plan's filled-in parts, in the plan's order (empty when there is no plan).

    ``None`` when the store is missing, outdated or unreadable: the caller takes the normal
    path. The same plan as ``services.safety_plan.get_plan``: the first one saved.
    """
    from trustbridge.domain.support import PLAN_PARTS

    conn = connect(path, key, read_only=True)
    if conn is None:
        return None
    try:
        row = conn.execute(
            f"SELECT {', '.join(PLAN_PARTS)} FROM safety_plans ORDER BY id LIMIT 1"
        ).fetchone()
    except cipherdb.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return {}
    return {name: text for name, text in zip(PLAN_PARTS, row, strict=True) if text}
