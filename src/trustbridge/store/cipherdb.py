"""Every connection to a store file is made here, so none can forget the key.

The store is one SQLite file encrypted page by page with SQLCipher (the ``sqlcipher3``
module, a drop-in for ``sqlite3``; see ``docs/security.md``). A store a person chose not to
encrypt is opened by the same module with no key, which makes it plain SQLite.

The data key is given as raw bytes (``PRAGMA key = "x'…'"``), so SQLCipher's own PBKDF2 is
skipped: the key was already stretched once, at unlock, by Argon2id (:mod:`.keys`).

One exception, for reading only: :func:`read_plain` opens a file that is plain SQLite (a store
a person chose not to encrypt, nothing else) with Python's own ``sqlite3``, which turns rows
into values quicker. An encrypted file never starts with SQLite's header (its first bytes are
SQLCipher's random salt), so it is never opened that way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as dbapi

__all__ = [
    "CannotDecrypt",
    "StoreLocked",
    "apply_key",
    "connect",
    "dbapi",
    "is_decrypt_failure",
    "is_plain",
    "read_plain",
]

Error: type[Exception] = dbapi.Error
DatabaseError: type[Exception] = dbapi.DatabaseError
OperationalError: type[Exception] = dbapi.OperationalError

KEY_BYTES = 32
#: how every unencrypted SQLite file begins (an encrypted one begins with a random salt)
PLAIN_HEADER = b"SQLite format 3\0"
#: what SQLCipher (and SQLite) say when a page does not decrypt: wrong key, or a damaged file
NOT_A_DATABASE = "file is not a database"


class StoreLocked(Exception):
    """The store is encrypted and no key was given for it."""


class CannotDecrypt(Exception):
    """The store's pages do not decrypt and authenticate with this key: wrong key or damage."""


def apply_key(conn: Any, key: bytes | None) -> None:
    """Make ``conn`` read and write with ``key`` (``None``: a store kept unencrypted).

    This must be the first statement on a connection. SQLCipher's own log goes quiet: its
    errors reach us as exceptions, and its log would print to the terminal. The connection
    also gets the functions the store's own triggers call (see :mod:`.trust_totals`).
    """
    from trustbridge.store.trust_totals import add_functions

    conn.execute("PRAGMA cipher_log_level = NONE")
    add_functions(conn)
    if key is not None:
        if len(key) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def is_plain(path: Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite file (readable with no key)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == PLAIN_HEADER
    except OSError:
        return False


def read_plain(path: Path) -> Any | None:
    """A read-only connection by Python's own ``sqlite3`` to the file at ``path`` when it is
    plain SQLite (``None`` when it is not: encrypted, say, which only SQLCipher reads).

    The same file format, read by the same SQL: for a big read of a store kept unencrypted
    (an export), the standard library's driver reads rows about 1.6 times quicker than
    ``sqlcipher3``. Its errors are ``sqlite3.Error``, not :data:`Error`: a caller catches both.
    Nothing can be written through it, so the store's own functions are not needed.
    """
    if not is_plain(Path(path)):
        return None
    import sqlite3

    target = f"{Path(path).resolve().as_uri()}?mode=ro"
    return sqlite3.connect(target, uri=True, isolation_level=None, timeout=5.0)


def connect(
    path: Path | str,
    key: bytes | None,
    *,
    read_only: bool = False,
    must_exist: bool = True,
    timeout: float = 5.0,
    **kwargs: Any,
) -> Any:
    """A connection to the store file at ``path``, keyed, in autocommit mode.

    ``must_exist`` (the default) never creates a missing file, so a wrong path is an error
    rather than an empty new store.
    """
    if must_exist or read_only:
        mode = "ro" if read_only else "rw"
        target, uri = f"{Path(path).resolve().as_uri()}?mode={mode}", True
    else:
        target, uri = str(path), False
    kwargs.setdefault("isolation_level", None)
    conn = dbapi.connect(target, uri=uri, timeout=timeout, **kwargs)
    try:
        apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def is_decrypt_failure(exc: BaseException) -> bool:
    """Whether a database error means "these pages do not decrypt" (wrong key or tampering)."""
    return NOT_A_DATABASE in str(exc) or "hmac check failed" in str(exc)
