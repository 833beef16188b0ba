"""What the web app holds between requests: the store when it is open, and when to lock it.

The app starts in one of three ways. A store kept unencrypted opens straight away. An
encrypted store starts locked, and opens when someone types the passphrase (or recovery key)
on the unlock page. With no store yet, the first page is the set-up page.

Locking forgets everything the key opened: the engine is disposed, so no connection or
cached page keeps it, and the settings lose the key. It happens when asked, and after
``idle`` without a request (checked on every request and by a timer, so a server left
alone does not keep the key in memory until the next visit).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time

from trustbridge.config import Settings
from trustbridge.services import security
from trustbridge.services.security import State
from trustbridge.store.db import Store, open_store

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
            store, self._store = self._store, None
            self.by_recovery = False
            if store is not None:
                store.close()
