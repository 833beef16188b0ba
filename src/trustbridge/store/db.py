"""Engine and session factory built from settings, with the schema brought up to date on open."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from trustbridge.config import Settings
from trustbridge.store.schema import HEAD_REVISION

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web app and the CLI share the file; FULL makes a confirmed save durable.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted text is overwritten with zeros in the file, not just unlinked from the b-tree.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(settings: Settings) -> Engine:
    """Create the engine for these settings (never at import time)."""
    if settings.sqlite_path is not None:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # hide_parameters: a database error must never echo what the person wrote into a log
        engine = create_engine(settings.database_url, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(settings.database_url, pool_pre_ping=True, hide_parameters=True)


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_if_behind(engine: Engine) -> bool:
    """Run migrations only when the store is behind this code; returns whether it ran."""
    if current_revision(engine) == HEAD_REVISION:
        return False
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    return True


def sqlite_is_current(path: Path) -> bool:
    """Cheap check, without SQLAlchemy, that a SQLite store exists and is at this code's revision."""
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == HEAD_REVISION


@dataclass
class Store:
    """An open store: the engine plus a session factory."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed as a whole on success, rolled back whole on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(settings: Settings) -> Store:
    """Open (creating or upgrading if needed) the store these settings point at.

    An existing SQLite store is backed up first when its newest backup is a day old, and
    always before a migration changes it (see :func:`trustbridge.store.backup.backup_if_due`).
    """
    path = settings.sqlite_path
    if path is not None and path.is_file():
        import datetime as dt

        from trustbridge.store.backup import backup_if_due

        backup_if_due(settings, dt.datetime.now(dt.UTC), force=not sqlite_is_current(path))
    engine = make_engine(settings)
    upgrade_if_behind(engine)
    return Store(settings, engine, sessionmaker(engine, expire_on_commit=False))
