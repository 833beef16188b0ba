"""Engine and session factory built from settings, with the schema brought up to date on open."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from trustbridge.config import Settings
from trustbridge.domain.fields import ValidationError
from trustbridge.store import cipherdb, keys
from trustbridge.store.cipherdb import CannotDecrypt, StoreLocked
from trustbridge.store.schema import HEAD_REVISION

__all__ = ["CannotDecrypt", "DiskFull", "Store", "StoreLocked", "is_disk_full", "open_store"]

MIGRATIONS = Path(__file__).with_name("migrations")

#: what a person is told when the disk is full; it sits above a form that keeps what was typed
DISK_FULL = (
    "This computer's disk is full, so nothing was saved. Free up some space (for example, by "
    "removing files you no longer need), then try again."
)
#: SQLite's result code for "database or disk is full" (ENOSPC while writing, or max_page_count)
SQLITE_FULL = 13
#: PostgreSQL's SQLSTATE for a full disk
PG_DISK_FULL = "53100"
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class DiskFull(ValidationError):
    """The disk (or this user's quota) is full, so nothing of the unit of work was saved.

    A ``ValidationError`` whose one problem belongs to no field (key ``""``): every form that
    shows its problems again, with what was typed still in the boxes, shows this one too.
    """

    def __init__(self) -> None:
        super().__init__({"": DISK_FULL})
        self.args = (DISK_FULL,)


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` means the disk is full: ENOSPC or EDQUOT, SQLITE_FULL, or PostgreSQL's 53100.

    Works on SQLAlchemy's wrapped errors and on the driver's own (``sqlcipher3``), which carry
    SQLite's result code; the message is the fallback for a driver that does not.
    """
    if isinstance(exc, DiskFull):
        return True
    if isinstance(exc, OSError):
        return exc.errno in _FULL_ERRNOS
    driver = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(driver, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF == SQLITE_FULL  # the low byte is the primary code
    if PG_DISK_FULL in (getattr(driver, "sqlstate", None), getattr(driver, "pgcode", None)):
        return True
    return isinstance(driver, cipherdb.Error) and "database or disk is full" in str(driver)


#: free space below which SQLite's "disk I/O error" is read as the disk being full
ROOM_NEEDED = 1 << 20


def out_of_room(folder: Path | None, exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite failing to write because the store's disk has no room left.

    On a really full disk SQLite often cannot even make its shared-memory or write-ahead
    file, and says only "disk I/O error" (SQLITE_IOERR), not SQLITE_FULL: that, with the
    disk's free space nearly nothing, is a full disk too.
    """
    if folder is None or "disk I/O error" not in str(exc):
        return False
    try:
        room = os.statvfs(folder)
    except OSError:
        return False
    return room.f_bavail * room.f_frsize < ROOM_NEEDED


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


def _drop_damaged_connection(context: Any) -> BaseException | None:
    """After a page fails to decrypt, never reuse the connection, and fail as a database error.

    SQLCipher can leave such a connection in an error state in which the next statement
    raises a bare ``MemoryError``; that is turned into the ``DatabaseError`` it really is.
    """
    original = context.original_exception
    if isinstance(original, MemoryError | cipherdb.DatabaseError):
        context.is_disconnect = True
    if isinstance(original, MemoryError):
        return DatabaseError(str(context.statement), None, cipherdb.dbapi.DatabaseError("damaged"))
    return None


def make_engine(settings: Settings) -> Engine:
    """Create the engine for these settings (never at import time).

    SQLite stores are opened through SQLCipher, keyed with ``settings.key`` before anything
    else is said on the connection (a store kept unencrypted has no key).
    """
    if settings.sqlite_path is not None:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):  # made private before SQLite first writes it;
            os.close(os.open(settings.sqlite_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        # hide_parameters: a database error must never echo what the person wrote into a log
        engine = create_engine(settings.database_url, hide_parameters=True, module=cipherdb.dbapi)
        key = settings.key

        def keyed_connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
            conn = cipherdb.dbapi.connect(*cargs, **cparams)
            cipherdb.apply_key(conn, key)
            return conn

        event.listen(engine, "do_connect", keyed_connect)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "handle_error", _drop_damaged_connection)
        return engine
    engine = create_engine(
        settings.database_url,
        hide_parameters=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
    )
    from trustbridge.store import pgconn

    event.listen(engine, "do_connect", pgconn.connect)
    _ping_when_idle(engine)
    return engine


#: connections a server keeps open to PostgreSQL once it has needed them. SQLAlchemy's default
#: (5) is fewer than a busy server uses at once, and every connection past it is closed as
#: soon as it is given back, so under load each request could pay for a new one (a new
#: server process, and its sign-in, on PostgreSQL's side): many times a page's own work
POOL_SIZE = 20
#: and at most this many more for a moment, beyond which a request waits for one
POOL_OVERFLOW = 20


#: a pooled connection unused for this long is checked before it is handed out again
IDLE_PING_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has sat idle for a while.

    ``pool_pre_ping`` would check it before every use: a round trip to the server per unit
    of work, which on a busy server costs more than the query it guards. A connection that
    was in use a moment ago is alive; one idle for :data:`IDLE_PING_SECONDS` may have been
    dropped (a restarted server, a proxy's timeout), so it is pinged, and replaced by a new
    one if the ping fails (SQLAlchemy's pessimistic disconnect handling).
    """
    import time

    from sqlalchemy.exc import DisconnectionError

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any failure of the ping means the connection is gone
            raise DisconnectionError() from exc
        if not alive:
            raise DisconnectionError()


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
    if engine.dialect.name == "sqlite":
        from trustbridge.store import fresh

        if fresh.is_blank(engine):  # a new store: the migrations' end result in one go
            try:
                fresh.build(engine)
            except cipherdb.DatabaseError:
                if current_revision(engine) == HEAD_REVISION:
                    return False  # another process made the same new store a moment before
                raise
            return True
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    return True


def stored_revision(path: Path, key: bytes | None = None) -> str | None:
    """The schema revision of the store file at ``path`` (``None``: missing or not a store).

    Cheap (no SQLAlchemy), and the first thing to fail loudly when ``key`` does not decrypt
    the file: raises :class:`CannotDecrypt` rather than reporting "not a store".
    """
    if not path.is_file():
        return None
    try:
        conn = cipherdb.connect(path, key)
        try:
            conn.execute("PRAGMA query_only=ON")
            row = conn.execute(
                "SELECT version_num FROM alembic_version"
                " WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE name='alembic_version')"
            ).fetchone()
        finally:
            conn.close()
    except cipherdb.DatabaseError as exc:
        if cipherdb.is_decrypt_failure(exc):
            raise CannotDecrypt(str(path)) from None
        return None
    return None if row is None else str(row[0])


@dataclass
class Store:
    """An open store: the engine plus a session factory."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed as a whole on success, rolled back whole on any error.

        Every save goes through here, so a full disk is turned into :class:`DiskFull` once,
        for the web and the command line alike.
        """
        try:
            with self.sessions() as session, session.begin():
                yield session
        except (DBAPIError, cipherdb.Error, OSError) as exc:
            path = self.settings.sqlite_path
            if is_disk_full(exc) or out_of_room(path and path.parent, exc):
                raise DiskFull from exc
            raise

    def close(self) -> None:
        self.engine.dispose()


def open_store(settings: Settings) -> Store:
    """Open (creating or upgrading if needed) the store these settings point at.

    An existing SQLite store is backed up first when its newest backup is a day old, and
    always before a migration changes it (see :func:`trustbridge.store.backup.backup_if_due`).
    Raises :class:`StoreLocked` for an encrypted store when ``settings`` carry no key, and
    :class:`CannotDecrypt` when the key does not open it (a wrong key, or a damaged file).
    """
    path = settings.sqlite_path
    if path is not None and settings.key is None and keys.exists(settings.data_dir):
        raise StoreLocked(str(settings.data_dir))
    if path is not None and path.is_file():
        import datetime as dt

        from trustbridge.store.backup import backup_if_due

        current = stored_revision(path, settings.key) == HEAD_REVISION
        backup_if_due(settings, dt.datetime.now(dt.UTC), force=not current)
    engine = make_engine(settings)
    try:
        upgrade_if_behind(engine)
    except DatabaseError as exc:
        engine.dispose()
        if cipherdb.is_decrypt_failure(exc):
            raise CannotDecrypt(str(settings.data_dir)) from None
        if out_of_room(path and path.parent, exc):
            raise DiskFull from exc
        raise
    return Store(settings, engine, sessionmaker(engine, expire_on_commit=False))
