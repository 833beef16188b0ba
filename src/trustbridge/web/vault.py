"""What the web app holds between requests: the store when it is open, and when to lock it.

The app starts in one of three ways. A store kept unencrypted opens straight away. An
encrypted store starts locked, and opens when someone types the passphrase (or recovery key)
on the unlock page. With no store yet, the first page is the set-up page.

Locking forgets everything the key opened: the engine is disposed, so no connection or
cached page keeps it, and the settings lose the key. It happens when asked, and after
``idle`` without a request (checked on every request and by a timer, so a server left
alone does not keep the key in memory until the next visit).

While a store is open, the vault also keeps the costly summaries pages show on every visit
(the program map counts every tool's entries) until anything in the store changes; see
:meth:`Vault.reuse`. Locking forgets them with the rest.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from trustbridge.config import Settings
from trustbridge.services import security
from trustbridge.services.security import State
from trustbridge.store import cipherdb
from trustbridge.store.db import Store, open_store

T = TypeVar("T")

IDLE_ENV = "TRUSTBRIDGE_IDLE_LOCK_MINUTES"
DEFAULT_IDLE_MINUTES = 15
MAX_IDLE_MINUTES = 1440


class Locked(Exception):
    """The store is encrypted and nobody has unlocked it (or it locked itself)."""


class NoStoreYet(Exception):
    """There is no store yet: the person first chooses a passphrase, or none."""


def idle_minutes_from_env() -> int:
    """``TRUSTBRIDGE_IDLE_LOCK_MINUTES``: whole minutes, 0 for never; 15 when unset."""
    raw = os.environ.get(IDLE_ENV, "").strip()
    if not raw:
        return DEFAULT_IDLE_MINUTES
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_IDLE_MINUTES:
        raise ValueError(f"{IDLE_ENV} must be a whole number of minutes from 0 to 1440")
    return int(raw)


class Vault:
    """The app's one store, opened and locked safely from any thread."""

    def __init__(self, settings: Settings, idle_minutes: int = DEFAULT_IDLE_MINUTES) -> None:
        self.base = settings.unlocked(None)
        self.idle = dt.timedelta(minutes=idle_minutes)
        self._store: Store | None = None
        #: opened with the recovery key, so a new passphrase may be set without the old one
        self.by_recovery = False
        self._last_used = time.monotonic()
        self._lock = threading.RLock()
        #: a connection that only ever asks whether the store changed (see :meth:`reuse`)
        self._watcher: Any = None
        #: what :meth:`reuse` keeps, by name: the store version and ``per`` it was worked
        #: out for, and the result
        self._kept: dict[str, tuple[int, Hashable, Any]] = {}
        self._kept_lock = threading.RLock()
        if security.state(self.base) is State.PLAIN:
            self.open(self.base)

    @property
    def state(self) -> State:
        return security.state(self.base)

    @property
    def encrypted(self) -> bool:
        return self.state is State.ENCRYPTED

    @property
    def is_open(self) -> bool:
        return self._store is not None

    @property
    def settings(self) -> Settings:
        """The open store's settings, with its key; without a key while locked."""
        return self.base if self._store is None else self._store.settings

    def open(self, settings: Settings, *, by_recovery: bool = False) -> Store:
        """Open the store with these (keyed) settings; what an unlock or set-up ends with."""
        with self._lock:
            self.close()
            self._store = open_store(settings)
            self.by_recovery = by_recovery
            self._last_used = time.monotonic()
            event.listen(self._store.engine, "engine_disposed", self._forget_when_disposed)
            return self._store

    def store(self) -> Store:
        """The open store for this request, or :class:`Locked` / :class:`NoStoreYet`."""
        with self._lock:
            self.lock_if_idle()
            if self._store is None:
                if self.state is State.NEW:
                    raise NoStoreYet
                if self.state is State.PLAIN:  # made meanwhile by the command line
                    return self.open(self.base)
                raise Locked
            self._last_used = time.monotonic()
            return self._store

    def store_unless_locked(self) -> Store | None:
        """The open store, or ``None``, without counting as use: a calendar app that polls the
        reminders feed must not keep the key in memory past the idle lock."""
        with self._lock:
            self.lock_if_idle()
            if self._store is None and self.state is State.PLAIN:
                return self.open(self.base)
            return self._store

    def together(self, store: Store) -> AbstractContextManager[Store]:
        """The store for several :meth:`reuse` calls of one page. Here, the same store (each
        result is kept on its own); hosted mode's vault runs them in one transaction."""
        return nullcontext(store)

    def reuse(
        self,
        store: Store,
        what: str,
        compute: Callable[[Store], T],
        *,
        per: Hashable = None,
        keep: bool = True,
    ) -> T:
        """``compute(store)``, worked out again only when the store has changed (or ``per`` has).

        For what a page shows on every visit and costs more than the rest of it: Today and
        the stages page count every tool's entries for the program map, on every visit. A
        change is any commit, by this server or by a ``trustbridge`` command run meanwhile:
        SQLite's ``PRAGMA data_version``, asked on a connection of the vault's own that never
        writes, moves on every commit made on any other. It is read before ``compute`` runs,
        so a commit made while it runs only makes the next visit work it out again.

        ``what`` names the result (one is kept for each name); ``per`` is whatever else it
        depends on, such as the day. ``compute`` must read nothing else, and its result is
        shared between requests, so nobody may change it. A store SQLite does not hold
        (hosted) is not watched, and nothing is kept for it. Without ``keep``, what is kept is
        used but a new result is not: for a part of it worked out alone (one chart of a page).
        """
        with self._kept_lock:
            watcher, version = self._version(store)
            kept = self._kept.get(what)
            if version is not None and kept is not None and kept[:2] == (version, per):
                found: T = kept[2]
                return found
        result = compute(store)
        if version is not None and keep:
            with self._kept_lock:
                if store is self._store and watcher is self._watcher:  # not closed meanwhile
                    self._kept[what] = (version, per, result)
        return result

    def _version(self, store: Store) -> tuple[Any, int | None]:
        """The watching connection and the store's version now (``None``: cannot tell).

        The connection is opened when first needed, so one closed when the store's engine
        was disposed (a restore swaps the file under it) is replaced by one on the new file.
        Called with ``_kept_lock`` held.
        """
        if store is not self._store or store.settings.sqlite_path is None:
            return None, None
        try:
            if self._watcher is None:
                pooled = store.engine.raw_connection()
                pooled.detach()  # the vault's own: never handed to a request, never writing
                self._watcher = pooled.dbapi_connection
            return self._watcher, int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
        except (cipherdb.Error, DBAPIError):
            self._forget_kept()
            return None, None

    def _forget_when_disposed(self, _engine: object) -> None:
        """The store's engine was disposed: the store closed, locked, restored or deleted."""
        with self._kept_lock:
            self._forget_kept()

    def _forget_kept(self) -> None:
        """Close the watching connection and drop what was kept (``_kept_lock`` held)."""
        watcher, self._watcher = self._watcher, None
        self._kept.clear()
        if watcher is not None:
            watcher.close()

    def lock_if_idle(self) -> bool:
        """Lock an encrypted store nobody has used for ``idle``; whether it locked now."""
        with self._lock:
            if self._store is None or not self.idle:
                return False
            if time.monotonic() - self._last_used < self.idle.total_seconds():
                return False
            self.lock()  # only here look at the files: a busy store costs no disk access
            return True

    def backup_if_due(self) -> None:
        """The daily automatic backup, for a server left running for days."""
        with self._lock:
            if self._store is not None:
                from trustbridge.store.backup import backup_if_due

                backup_if_due(self.settings, dt.datetime.now(dt.UTC))

    def lock(self) -> None:
        """Forget the key and everything opened with it (a store kept unencrypted stays open)."""
        with self._lock:
            if self.encrypted:
                self.close()

    def close(self) -> None:
        with self._lock:
            with self._kept_lock:
                store, self._store = self._store, None
                self._forget_kept()
            self.by_recovery = False
            if store is not None:
                store.close()
