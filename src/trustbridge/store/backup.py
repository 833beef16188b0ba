"""Backups of the SQLite store as single files, restoring one safely, and making deletion real on disk.

A backup is a consistent snapshot taken while the store stays open: the store's file and
what is left in its WAL are copied while the write lock keeps saves out, and the copy is
then folded into one self-contained file in rollback-journal mode (see :func:`_copy_store`).
Deleted text is not carried into it: ``secure_delete`` has already zeroed it in the store.
It is written under a hidden temporary name, flushed to disk and only then renamed, so a
crash never leaves half a backup that looks like a whole one.

Encryption at rest: the copy is of the encrypted pages themselves, so a backup is exactly as
unreadable as the store, under the same data key, and costs no more to take than a backup of
an unencrypted store. A copy of the (wrapped, passphrase-protected) keys file is kept in the
backups folder, so the folder alone, copied to a USB stick, can be restored with the
passphrase or the recovery key. :func:`verify` checks every page's authentication code, so a
backup that does not decrypt with this store's key fails verification and is not restored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustbridge.store import cipherdb, keys
from trustbridge.store.backup_names import FOLDER as FOLDER
from trustbridge.store.backup_names import STAMP, due
from trustbridge.store.backup_names import folder_for as folder_for
from trustbridge.store.backup_names import parse_name as parse_name
from trustbridge.store.durable import fsync, fsync_dir

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from trustbridge.config import Settings

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_PARTIAL = re.compile(r"^\.trustbridge-.*\.partial-\d+(?:-wal|-shm|-journal)?$")
_STALE_PARTIAL = 3600.0  # seconds; younger ones may belong to a backup still being written
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SIDE_FILES = ("-wal", "-shm", "-journal")
VERSIONS = Path(__file__).with_name("migrations") / "versions"

log = logging.getLogger(__name__)


UNREADABLE = "it does not open with this store's key: it belongs to another store, or it is damaged"


class BackupError(Exception):
    """A backup could not be made, checked or restored; the store is unchanged."""


class BadBackup(BackupError):
    """The backup failed verification, so it will not be restored."""

    def __init__(self, name: str, problems: tuple[str, ...]) -> None:
        super().__init__(f"{name}: {'; '.join(problems)}")
        self.name = name
        self.problems = problems


class StoreInUse(BackupError):
    """Another program (a browser window, a second terminal) has the store open."""


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One backup in the backups folder; ``taken_at`` comes from its name (UTC)."""

    path: Path
    taken_at: dt.datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class Verification:
    """What checking a backup found: no problems means it can be restored."""

    problems: tuple[str, ...]
    revision: str | None

    @property
    def ok(self) -> bool:
        return not self.problems


def backup_files(folder: Path) -> list[BackupFile]:
    """Every backup in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = parse_name(path.name)
        if parsed is not None and path.is_file():
            found.append((parsed, BackupFile(path, parsed[0], path.stat().st_size)))
    return [backup for _, backup in sorted(found, key=lambda pair: pair[0], reverse=True)]


#: what every backup's name starts and ends with, which may be left off when naming one
PREFIX, EXTENSION = "trustbridge-", ".sqlite3"


def short_name(name: str) -> str:
    """A backup's name without what every backup's has (``20261207-155210``)."""
    return name.removeprefix(PREFIX).removesuffix(EXTENSION)


def find(folder: Path, name: str) -> BackupFile | None:
    """The backup called ``name``, in full or short (:func:`short_name`, as ``backup list``
    shows it); only real backup names are looked up, never other paths."""
    name = f"{PREFIX}{short_name(name)}{EXTENSION}"
    if parse_name(name) is None:
        return None
    return next((b for b in backup_files(folder) if b.name == name), None)


# --- taking a backup ----------------------------------------------------------------------------


def take(db_path: Path, folder: Path, now: dt.datetime, key: bytes | None = None) -> BackupFile:
    """Write a consistent copy of the store to ``folder`` and return it (file 0600, folder 0700)."""
    if not db_path.is_file():
        raise FileNotFoundError(2, "There is no store to back up yet", str(db_path))
    _ensure_folder(folder)
    _clear_stale_partials(folder)
    final = _free_name(folder, now)
    partial = folder / f".{final.name}.partial-{os.getpid()}"
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        _copy_store(db_path, partial, key)
        if not _sound(partial, key):  # a damaged store must never push good backups out
            raise BadBackup(final.name, ("the store itself is damaged, so it was not copied",))
        fsync(partial)  # a backup must survive power loss
        os.replace(partial, final)
        fsync_dir(folder)
    except cipherdb.Error as exc:
        from trustbridge.store.db import out_of_room

        if out_of_room(folder, exc):  # SQLite's "disk I/O error" on a really full disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(final)) from exc
        raise
    finally:
        partial.unlink(missing_ok=True)
    return BackupFile(final, _taken_at(final), final.stat().st_size)


def _copy_store(db_path: Path, target: Path, key: bytes | None) -> None:
    """Copy the store, as the bytes it is on disk, into the (empty, 0600) ``target``.

    A copy of bytes costs the same whether the store is encrypted or not; ``VACUUM INTO``
    would decrypt and encrypt every page again, which made an encrypted backup about twice
    as slow. It stays consistent this way: a checkpoint folds what it can of the WAL into the
    file; then, holding the write lock so that no save can land meanwhile, the file and what
    is left in the WAL are copied; opening the copy replays its WAL and leaves one file in
    rollback-journal mode. (A checkpoint another program runs meanwhile only writes pages
    that the WAL copy holds too, so replaying it makes the copy whole either way.)
    """
    wal = Path(f"{db_path}-wal")
    target_wal = Path(f"{target}-wal")
    source = _connect(db_path, key)
    try:
        source.execute("PRAGMA wal_checkpoint(PASSIVE)")
        source.execute("BEGIN IMMEDIATE")
        try:
            _copy_into(db_path, target)
            if wal.is_file() and wal.stat().st_size:
                _copy_private(wal, target_wal)
        finally:
            source.execute("ROLLBACK")
    finally:
        source.close()
    copy = cipherdb.connect(target, key)
    try:
        copy.execute("PRAGMA journal_mode=DELETE")  # replays a WAL copy; one file from now on
    finally:
        copy.close()
        for suffix in SIDE_FILES:
            erase(Path(f"{target}{suffix}"))


def _sound(path: Path, key: bytes | None) -> bool:
    """A quick check that a fresh copy is whole: every page's HMAC, or SQLite's quick check."""
    if key is not None:
        return pages_authentic(path, key)
    try:
        conn = _connect(path, None, read_only=True)
        try:
            return [str(row[0]) for row in conn.execute("PRAGMA quick_check(1)")] == ["ok"]
        finally:
            conn.close()
    except cipherdb.Error:
        return False


def _copy_into(source: Path, target: Path) -> None:
    with source.open("rb") as given, target.open("r+b") as out:
        shutil.copyfileobj(given, out, 1024 * 1024)
        out.truncate()


def _taken_at(path: Path) -> dt.datetime:
    parsed = parse_name(path.name)
    assert parsed is not None, path
    return parsed[0]


def _free_name(folder: Path, now: dt.datetime) -> Path:
    stamp = now.astimezone(dt.UTC).strftime(STAMP)
    path = folder / f"trustbridge-{stamp}.sqlite3"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"trustbridge-{stamp}-{counter}.sqlite3"
    return path


def _ensure_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    folder.chmod(FOLDER_MODE)  # mkdir's mode is masked by the umask, and the folder may be old


def _clear_stale_partials(folder: Path) -> None:
    """Remove what a backup killed halfway left behind (never one that may still be running)."""
    for path in folder.iterdir():
        if _PARTIAL.match(path.name) and time.time() - path.stat().st_mtime > _STALE_PARTIAL:
            erase(path)


def prune(folder: Path, keep: int) -> list[Path]:
    """Erase all but the ``keep`` newest backups; returns what was removed."""
    removed = [backup.path for backup in backup_files(folder)[max(1, keep) :]]
    for path in removed:
        erase(path)
    return removed


def backup_if_due(settings: Settings, now: dt.datetime, *, force: bool = False) -> Path | None:
    """The automatic backup: when the newest is a day old (or ``force``), take one and prune.

    A store still empty is not backed up (until a migration forces it).

    A failure is logged and swallowed: being unable to back up must never stop a person from
    opening their journal and writing in it.
    """
    db_path = settings.sqlite_path
    if db_path is None or not db_path.is_file():
        return None
    folder = folder_for(settings.data_dir)
    try:
        newest = next(iter(backup_files(folder)), None)
        if not force and not due(None if newest is None else newest.taken_at, now):
            return None
        if (
            not force
            and newest is None
            and not any(count_rows(db_path, settings.key, live=True).values())
        ):
            return None  # a store with nothing in it yet has nothing worth keeping a copy of
        made = take(db_path, folder, now, settings.key)
        prune(folder, settings.backups_keep)
        keep_keys_with_backups(settings.data_dir)
    except (OSError, cipherdb.Error, BackupError) as exc:
        log.warning("The automatic backup was not made (%s: %s)", type(exc).__name__, exc)
        return None
    return made.path


def keep_keys_with_backups(data_dir: Path) -> None:
    """Copy the store's keys file (wrapped keys only) into the backups folder, if there is one.

    Without it, backups taken with an encrypted store could not be opened once the store's
    own folder is lost. Called after every backup and whenever the keys file changes.
    """
    source, folder = keys.keys_path(data_dir), folder_for(data_dir)
    if source.is_file() and folder.is_dir():
        partial = folder / f".{source.name}.partial-{os.getpid()}"
        _copy_private(source, partial)
        os.replace(partial, folder / source.name)
        fsync_dir(folder)


# --- checking and counting ----------------------------------------------------------------------


def verify(path: Path, key: bytes | None = None) -> Verification:
    """Check a backup (or any store file): integrity, and a schema revision this code knows.

    With a key, SQLCipher also checks the HMAC of every page in the file, free pages too (which
    SQLite's own integrity check never reads), so one flipped bit anywhere fails here.
    """
    if key is not None and not pages_authentic(path, key):
        return Verification((UNREADABLE,), None)
    try:
        conn = _connect(path, key, read_only=True)
    except cipherdb.Error as exc:
        return Verification((f"cannot be opened ({exc})",), None)
    try:
        problems = _integrity_problems(conn)
        revision = _revision(conn)
        if revision is None:
            problems.append("it holds no schema revision, so it is not a Trustbridge store")
        elif revision not in known_revisions():
            problems.append(f"it was made by a newer Trustbridge (schema revision {revision})")
    except (cipherdb.Error, MemoryError) as exc:  # SQLCipher reports some bad pages as no memory
        if isinstance(exc, MemoryError) or cipherdb.is_decrypt_failure(exc):
            return Verification((UNREADABLE,), None)
        return Verification((f"cannot be read ({exc})",), None)
    finally:
        conn.close()
    return Verification(tuple(problems), revision)


def pages_authentic(path: Path, key: bytes) -> bool:
    """Whether every page of the encrypted file at ``path`` passes its HMAC under ``key``.

    On a connection of its own: after a page fails, SQLCipher can leave a connection in an
    error state that makes the next statement fail with a misleading "out of memory".
    """
    try:
        conn = _connect(path, key, read_only=True)
        try:
            return not conn.execute("PRAGMA cipher_integrity_check").fetchall()
        finally:
            conn.close()
    except (cipherdb.Error, MemoryError):
        return False


def _integrity_problems(conn: Any) -> list[str]:
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
    return [] if rows == ["ok"] else [f"integrity check: {text}" for text in rows]


def _revision(conn: Any) -> str | None:
    if not _has_table(conn, "alembic_version"):
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _has_table(conn: Any, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return conn.execute(query, (name,)).fetchone() is not None


def known_revisions() -> frozenset[str]:
    """Every schema revision this code can open (and upgrade from), from the migration files."""
    return frozenset(p.name.split("_", 1)[0] for p in VERSIONS.glob("[0-9]*_*.py"))


def count_rows(path: Path, key: bytes | None = None, *, live: bool = False) -> dict[str, int]:
    """How many rows each table holds (migration bookkeeping left out), changing nothing.

    ``live`` is for the store itself, which is in WAL mode: a read-only connection could not
    open it when no other connection has, so it is opened normally and told to only read.
    """
    conn = _connect(path, key, read_only=not live)
    try:
        conn.execute("PRAGMA query_only=ON")
        names = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
                " AND name NOT LIKE 'search_index%' AND name NOT LIKE 'trust_totals%'"
                " ORDER BY name"
            )
        ]
        return {
            name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in names
            if _TABLE.match(name)
        }
    finally:
        conn.close()


# --- restoring ----------------------------------------------------------------------------------


def restore(
    db_path: Path, backup: Path, folder: Path, now: dt.datetime, key: bytes | None = None
) -> BackupFile | None:
    """Replace the store with ``backup``; returns the backup of the store as it was (if any).

    Order matters, so that a crash at any moment leaves either the old store or the
    restored one, never a mix: verify the backup; back up the current store; stage a
    verified copy next to the store; take the store out of WAL mode (which folds the WAL
    into the file and fails if any other program has it open) and hold it exclusively;
    swap the staged copy in with one atomic rename; then remove stale side files, so no
    old WAL can ever be replayed onto the restored file.
    """
    checked = verify(backup, key)
    if not checked.ok:
        raise BadBackup(backup.name, checked.problems)
    kept = take(db_path, folder, now, key) if db_path.is_file() else None
    staged = db_path.with_name(f".{db_path.name}.restoring-{os.getpid()}")
    try:
        _copy_private(backup, staged)
        staged_check = verify(staged, key)
        if not staged_check.ok:
            raise BadBackup(backup.name, staged_check.problems)
        with _held_exclusively(db_path, key):
            os.replace(staged, db_path)
            fsync_dir(db_path.parent)
    finally:
        staged.unlink(missing_ok=True)
    for suffix in SIDE_FILES:
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return kept


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as given:
        shutil.copyfileobj(given, out)
        out.flush()
        os.fsync(out.fileno())


@contextlib.contextmanager
def _held_exclusively(db_path: Path, key: bytes | None) -> Iterator[None]:
    """Fold the WAL into the store and lock it against every other connection meanwhile."""
    if not db_path.is_file():
        yield
        return
    conn = _connect(db_path, key, timeout=2.0)
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise StoreInUse(str(db_path))
            conn.execute("BEGIN EXCLUSIVE")
        except cipherdb.OperationalError as exc:
            raise StoreInUse(str(db_path)) from exc
        yield
    finally:
        conn.close()


def refuse_if_in_use(db_path: Path, key: bytes | None = None) -> None:
    """Raise :class:`StoreInUse` while another program has the store open (folds the WAL in)."""
    with _held_exclusively(db_path, key):
        pass


# --- making deletion real -----------------------------------------------------------------------


def truncate_wal(engine: Engine) -> bool:
    """Copy the WAL into the store and cut it to zero bytes, so deleted text does not linger.

    With ``secure_delete`` on, the deleted rows are already zeroed in the pages the WAL holds;
    this moves those pages into the database file and empties the WAL. Returns False when
    another reader kept the checkpoint from finishing (it is finished by a later one).
    """
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as conn:
        row = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    return int(row[0]) == 0


def erase(path: Path) -> None:
    """Overwrite a file with zeros, flush, and remove it.

    Best effort: on copy-on-write file systems, SSD wear levelling or snapshots the old
    blocks may survive the overwrite; removing the file is what is guaranteed.
    """
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            block = b"\0" * 65536
            for _ in range(0, size, len(block)):
                handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        pass  # a file we cannot overwrite is still removed below
    path.unlink(missing_ok=True)


def store_files(db_path: Path) -> list[Path]:
    """The store file and its side files that exist."""
    candidates = [db_path, *(Path(f"{db_path}{suffix}") for suffix in SIDE_FILES)]
    return [path for path in candidates if path.exists()]


def backup_folder_files(folder: Path) -> list[Path]:
    """Every file in the backups folder Trustbridge made: backups, unfinished ones, the keys."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and (parse_name(path.name) or _PARTIAL.match(path.name) or path.name == keys.KEYS_FILENAME)
    )


def remove_everything(db_path: Path, data_dir: Path, key: bytes | None = None) -> list[Path]:
    """Erase the store, its side files, its keys and every backup; remove empty folders.

    Refuses with :class:`StoreInUse` while another program has the store open, as it could
    otherwise go on writing to a file that no longer has a name.
    """
    folder = folder_for(data_dir)
    refuse_if_in_use(db_path, key)
    key_file = keys.keys_path(data_dir)
    removed = [*store_files(db_path), *backup_folder_files(folder)]
    removed += [key_file] if key_file.is_file() else []
    for path in removed:
        erase(path)
    for empty in (folder, data_dir):
        with contextlib.suppress(OSError):
            empty.rmdir()  # only succeeds when nothing else is left in it
    return removed


# --- plumbing -----------------------------------------------------------------------------------


def _connect(
    path: Path, key: bytes | None, *, read_only: bool = False, timeout: float = 5.0
) -> Any:
    """A keyed connection that never creates a missing file."""
    conn = cipherdb.connect(path, key, read_only=read_only, timeout=timeout)
    conn.execute("PRAGMA secure_delete=ON")
    return conn
