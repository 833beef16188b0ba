"""Turning encryption on for a store kept unencrypted until now: the store and its backups.

Order, so that a crash at any moment loses nothing. The keys file is written first (by the
caller, :func:`trustbridge.store.keys.create`); then each plain file is copied into a new
encrypted file with ``sqlcipher_export``, flushed, and swapped in with one atomic rename.
A crash part-way leaves a keys file beside some files still plain: the next unlock finds
them (:func:`plain_files`) and finishes the job, so no file is ever left unreadable.

The plain file's blocks are overwritten with zeros once its encrypted copy is in place
(through a second name made before the swap), as far as the file system allows; see
:func:`trustbridge.store.backup.erase`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from trustbridge.store import backup, cipherdb
from trustbridge.store.cipherdb import is_plain
from trustbridge.store.durable import fsync, fsync_dir

_PLAIN_LEFTOVER = ".plain-"
_PARTIAL = ".encrypting-"


def plain_files(db_path: Path, data_dir: Path) -> list[Path]:
    """The store and backups that are still unencrypted (all of them, before encryption)."""
    candidates = [db_path, *(b.path for b in backup.backup_files(backup.folder_for(data_dir)))]
    return [path for path in candidates if is_plain(path)]


def encrypt_all(db_path: Path, data_dir: Path, key: bytes) -> list[Path]:
    """Encrypt the store and every backup still plain with ``key``; returns what changed.

    Also erases plain copies a crash left behind. Safe to run again at any point.
    """
    done = []
    for path in plain_files(db_path, data_dir):
        encrypt_file(path, key)
        done.append(path)
    for folder in {db_path.parent, backup.folder_for(data_dir)}:
        _erase_leftovers(folder)
    return done


def encrypt_file(path: Path, key: bytes) -> None:
    """Replace the plain SQLite file at ``path`` with an encrypted copy of it."""
    partial = path.with_name(f".{path.name}{_PARTIAL}{os.getpid()}")
    leftover = path.with_name(f".{path.name}{_PLAIN_LEFTOVER}{os.getpid()}")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, backup.FILE_MODE))
    try:
        _export(path, partial, key)
        fsync(partial)
        os.link(path, leftover)  # a second name for the plain blocks, erased below
        os.replace(partial, path)
        fsync_dir(path.parent)
    finally:
        partial.unlink(missing_ok=True)
    for suffix in backup.SIDE_FILES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    backup.erase(leftover)


def _export(source: Path, target: Path, key: bytes) -> None:
    """Copy every table and index into the encrypted ``target``.

    Leaving WAL mode first folds the WAL into the file, and fails (``StoreInUse``) while any
    other program has the store open; the exclusive transaction keeps writers out meanwhile.
    """
    conn = cipherdb.connect(source, None, timeout=2.0)
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except cipherdb.OperationalError as exc:
            raise backup.StoreInUse(str(source)) from exc
        if str(mode).lower() != "delete":
            raise backup.StoreInUse(str(source))
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()


def _erase_leftovers(folder: Path) -> None:
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if _PLAIN_LEFTOVER in path.name or _PARTIAL in path.name:
                backup.erase(path)
