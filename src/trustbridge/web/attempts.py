"""Passphrase tries on the web app: one at a time, with a growing wait after a few wrong ones.

The web app is reachable by every program on the computer, so its unlock form is a way to
guess the passphrase. Argon2id makes each guess cost a few hundred milliseconds; this makes
a run of wrong guesses cost minutes, for the whole server rather than per client (every
client here is 127.0.0.1). Only one try is checked at a time, so many tries sent at once are
refused straight away instead of being worked through in parallel. A right passphrase clears
the count.

The check itself runs in a thread of its own at a lower scheduling priority: Argon2id keeps
more than one core busy, and pages (crisis help above all) should not wait behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

#: how much less the checking thread gets than the rest of the app (a ``nice`` value)
CHECK_NICENESS = 10
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
        self._worker: ThreadPoolExecutor | None = None

    async def check(self, work: Callable[..., T], *args: object) -> T:
        """Run one passphrase check (``work(*args)``, which raises when it is wrong), counted.

        Raises :class:`TryLater` without checking while another try runs or a wait is due.
        """
        self.begin()
        right = False
        try:
            result = await asyncio.get_running_loop().run_in_executor(self._thread(), work, *args)
            right = True
            return result
        finally:
            self.end(right=right)

    def _thread(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._worker is None:
                self._worker = ThreadPoolExecutor(
                    1, thread_name_prefix="passphrase", initializer=_lower_priority
                )
            return self._worker

    def close(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.shutdown(wait=False, cancel_futures=True)

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


def _lower_priority() -> None:
    """Lower this thread's priority, and so that of the threads Argon2id starts from it (Linux)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CHECK_NICENESS)


def wait_words(seconds: float) -> str:
    """``1 second``, ``40 seconds``, ``3 minutes``: how long to wait, rounded up."""
    whole = max(1, int(-(-seconds // 1)))
    if whole < 90:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = -(-whole // 60)
    return f"{minutes} minutes"
