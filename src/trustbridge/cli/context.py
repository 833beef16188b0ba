"""What one run of the command line shares: settings, a store opened at most once, the moment.

Nothing heavy is imported here at module level: the store (and SQLAlchemy with it) is opened
only by commands that need it, and closed when the command ends.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trustbridge.config import Settings
    from trustbridge.store.db import Store


class _Run:
    """One run's state. A plain class: a dataclass costs more to define (its methods are
    compiled from source at import) than this module's whole use of it."""

    __slots__ = ("ask", "home", "now", "passphrase_file", "settings", "store")

    def __init__(
        self, home: Path | None = None, ask: bool = True, passphrase_file: Path | None = None
    ) -> None:
        self.home = home
        self.ask = ask
        self.passphrase_file = passphrase_file
        self.settings: Settings | None = None
        self.store: Store | None = None
        self.now: dt.datetime | None = None


_run = _Run()


def start(home: Path | None, *, ask: bool = True, passphrase_file: Path | None = None) -> None:
    """Begin a run: forget anything a previous run (in the same process) left behind."""
    global _run
    finish()
    _run = _Run(home=home, ask=ask, passphrase_file=passphrase_file)


def finish() -> None:
    """Close the store if this run opened it."""
    store, _run.store = _run.store, None
    if store is not None:
        store.close()


def settings() -> Settings:
    if _run.settings is None:
        from trustbridge.config import load_settings

        _run.settings = load_settings(_run.home)
    return _run.settings


def unlocked() -> Settings:
    """The settings, carrying the key when the store is encrypted (asked for only once).

    On first use, at a terminal, the person first chooses a passphrase (or none) and the
    store is made; elsewhere a missing store is an error that says how to make one.
    """
    current = settings()
    if current.key is None:
        from trustbridge.cli import unlock
        from trustbridge.services.security import State, state

        if state(current) is State.NEW:
            _run.settings = unlock.first_run(current, _run.passphrase_file, interactive())
            from trustbridge.cli.output import welcome

            welcome()
        else:
            _run.settings = unlock.unlocked_settings(current, _run.passphrase_file, interactive())
    return settings()


def passphrase_file() -> Path | None:
    """The file ``--passphrase-file`` named for this run, if any."""
    return _run.passphrase_file


def use(keyed: Settings) -> Settings:
    """Make ``keyed`` (settings carrying a key unlocked another way) this run's settings."""
    _run.settings = keyed
    return keyed


def quick_key() -> tuple[bool, bytes | None]:
    """For the fast paths: whether they can open the store without asking, and with what key.

    An unencrypted store needs no key; an encrypted one only when the key agent holds it
    (a passphrase given by a script is stretched on the normal path, which it dominates).

    The agent's key is not compared with the keys file here (``unlock.cached_key`` does that
    on the normal path): opening the store checks it. SQLCipher authenticates every page it
    reads with a key made from this one, so a key that is not the store's reads and writes
    nothing, the quick connection is refused, and the command takes the normal path, which
    then asks. Comparing it here as well would load the keys module, JSON and a second OpenSSL
    (for the HMAC of the key id), for a check the store makes anyway.
    """
    from trustbridge.store import keyfile

    current = settings()
    if current.key is not None:  # unlocked earlier in this run (set up, or asked for)
        return True, current.key
    folder = current.data_dir
    if not keyfile.exists(folder):
        return True, None
    from trustbridge import keyagent
    from trustbridge.cli.unlock import PASSPHRASE_ENV
    from trustbridge.store.cipherdb import KEY_BYTES

    if _run.passphrase_file is not None or os.environ.get(PASSPHRASE_ENV):
        return False, None
    key = keyagent.fetch(folder)
    return (True, key) if key is not None and len(key) == KEY_BYTES else (False, None)


def store() -> Store:
    """The open store, made, unlocked or brought up to date the first time it is asked for."""
    if _run.store is None:
        from trustbridge.store.db import open_store

        _run.store = open_store(unlocked())
    return _run.store


def quick_settings() -> Settings | None:
    """The settings to write with without SQLAlchemy (the key agent's key in them), or
    ``None`` when the store is not local SQLite or would need a passphrase asked for."""
    usable, key = quick_key()
    found = settings()
    return found.unlocked(key) if usable and found.sqlite_path is not None else None


def quick_connection(*, plain: bool = False, read_only: bool = True) -> Any | None:
    """A plain connection to the store (read-only unless asked), without SQLAlchemy, or ``None``.

    Only for a store that exists, is at this code's revision and needs nothing asked (not
    encrypted, or its key held by the key agent: :func:`quick_settings`); otherwise the
    caller opens :func:`store`, which makes, unlocks or brings it up to date first. The
    caller closes it. ``plain``: a store kept unencrypted is read by Python's own
    ``sqlite3`` (see ``quick.connect``).
    """
    from trustbridge.store import quick

    found = quick_settings()
    if found is None or found.sqlite_path is None:
        return None
    return quick.connect(found.sqlite_path, found.key, read_only=read_only, plain=plain)


@contextmanager
def reading(*, plain: bool = False) -> Iterator[Any]:
    """A DB-API connection to read with: :func:`quick_connection` (``plain`` passed on) when
    it can be had, else the connection of the store opened the long way."""
    connection = quick_connection(plain=plain)
    if connection is None:
        with store().sessions() as session:
            yield session.connection().connection
        return
    try:
        yield connection
    finally:
        connection.close()


def now() -> dt.datetime:
    """One aware moment for the whole command, so everything it saves agrees on the time."""
    if _run.now is None:
        _run.now = dt.datetime.now(dt.UTC)
    return _run.now


def today() -> dt.date:
    """The person's calendar day, in this machine's time zone."""
    return now().astimezone().date()


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def interactive() -> bool:
    """Whether questions can be asked: a person at a terminal, and ``--no-input`` not given."""
    return _run.ask and stdin_is_terminal()
