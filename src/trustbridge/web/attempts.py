"""Passphrase tries on the web app: one at a time, with a growing wait after a few wrong ones.

The web app is reachable by every program on the computer, so its unlock form is a way to
guess the passphrase. Argon2id makes each guess cost a few hundred milliseconds; this makes
a run of wrong guesses cost minutes, for the whole server rather than per client (every
client here is 127.0.0.1). Only one try is checked at a time, so many tries sent at once are
refused straight away instead of being worked through in parallel, and none of them holds
up the rest of the app. A right passphrase clears the count.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

#: wrong tries allowed before any waiting, and the wait after the next one (it doubles)
FREE_TRIES = 3
FIRST_WAIT = 1.0
LONGEST_WAIT = 300.0


class TryLater(Exception):
    """A try was refused before checking; ``seconds`` until the next one may be made."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"wait {seconds:.0f} s")
        self.seconds = seconds


class Attempts:
    """The server's count of wrong passphrases in a row, and when the next try may be made."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._busy = False
        self._wrong = 0
        self._not_before = 0.0

    def begin(self) -> None:
        """Claim the one slot for a try, or raise :class:`TryLater`."""
        with self._lock:
            wait = self._not_before - self._clock()
            if self._busy or wait > 0:
                raise TryLater(max(wait, 1.0))
            self._busy = True

    def end(self, *, right: bool) -> None:
        """Free the slot and count the outcome."""
        with self._lock:
            self._busy = False
            if right:
                self._wrong, self._not_before = 0, 0.0
                return
            self._wrong += 1
            extra = self._wrong - FREE_TRIES
            if extra >= 0:
                wait = min(LONGEST_WAIT, FIRST_WAIT * 2.0**extra)
                self._not_before = self._clock() + wait

    @property
    def wrong(self) -> int:
        return self._wrong


def wait_words(seconds: float) -> str:
    """``1 second``, ``40 seconds``, ``3 minutes``: how long to wait, rounded up."""
    whole = max(1, int(-(-seconds // 1)))
    if whole < 90:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = -(-whole // 60)
    return f"{minutes} minutes"
