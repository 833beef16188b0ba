"""Reading an uploaded file for its preview, in a process of its own, so the server stays quick.

A worker thread is not enough for this: parsing a large JSON file is one call into C that
holds Python's interpreter lock for as long as it takes (about 0.3 s for 60 MB here), and no
other request, crisis help included, is answered meanwhile. A separate process has its own
lock. It is started fresh for each preview (``spawn``: it inherits no open store and no key)
and exits afterwards, so the memory a big file took goes back at once. The file reaches it
through a pipe, never a temporary file.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from trustbridge.exchange.common import Preview

T = TypeVar("T")


def _preview(key: str, data: bytes, now: dt.datetime, options: dict[str, Any]) -> Preview:
    from trustbridge.exchange.importers import IMPORTERS

    return IMPORTERS[key].preview(data, now, **options)


class Previews:
    """One preview at a time per server, each in a new process."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(1, mp_context=context, max_tasks_per_child=1)
            return self._pool

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """``work(*args)`` in a fresh process; ``work`` and its arguments must pickle."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor(), work, *args)

    async def preview(
        self, key: str, data: bytes, now: dt.datetime, options: dict[str, Any]
    ) -> Preview:
        """What importing ``data`` with importer ``key`` would create (``ExchangeError`` if not)."""
        return await self.run(_preview, key, data, now, options)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
