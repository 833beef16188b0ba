"""Reading an uploaded file for its preview, in a process of its own, so the server stays quick.

A worker thread is not enough for this: parsing a large JSON file is one call into C that
holds Python's interpreter lock for as long as it takes (about 0.3 s for 60 MB here), and no
other request, crisis help included, is answered meanwhile. A separate process has its own
lock. It is started fresh for each preview, with a clean environment and no open store or
key, and exits afterwards, so the memory a big file took goes back at once.

The file reaches it through a pipe, never a temporary file, written in slices of the bytes
already in memory: no copy of the whole file is made on the way (each would hold the lock
too), and the lock is let go while the pipe takes each slice.

``python -m trustbridge.web.offload`` is the child: it reads a pickled header (importer,
moment, options, size), then the file, and writes back a pickled ``("ok", Preview)`` or
``("refused", message)``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import pickle
import struct
import subprocess
import sys
from typing import IO, Any

from trustbridge.exchange.common import ExchangeError, Preview

SLICE = 1 << 20
_SIZE = struct.Struct("!Q")


class PreviewFailed(ExchangeError):
    """The child process stopped without an answer (killed, or out of memory)."""


def read_in_child(key: str, data: bytes, now: dt.datetime, options: dict[str, Any]) -> Preview:
    """What importing ``data`` with importer ``key`` would create, worked out in a new process."""
    from trustbridge.keyagent import agent_environment

    header = pickle.dumps((key, now, options, len(data)))
    child = subprocess.Popen(
        [sys.executable, "-m", "trustbridge.web.offload"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        bufsize=0,
        env=agent_environment(os.environ),
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        _write_all(child.stdin, _SIZE.pack(len(header)) + header)
        whole = memoryview(data)
        for start in range(0, len(whole), SLICE):
            _write_all(child.stdin, whole[start : start + SLICE])
        child.stdin.close()
        answer = child.stdout.read()
    except BrokenPipeError:
        answer = b""
    finally:
        child.wait()
    if not answer:
        raise PreviewFailed(
            "Trustbridge stopped part way through reading this file, so nothing was imported. "
            "If it is very large, try a smaller export."
        )
    outcome, value = pickle.loads(answer)
    if outcome == "refused":
        raise ExchangeError(value)
    assert isinstance(value, Preview)
    return value


def _write_all(pipe: IO[bytes], chunk: bytes | memoryview) -> None:
    view = memoryview(chunk)
    while view:
        written = pipe.write(view) or 0
        view = view[written:]


class Previews:
    """Previews for the web app: each in a new process, awaited without blocking the loop."""

    async def preview(
        self, key: str, data: bytes, now: dt.datetime, options: dict[str, Any]
    ) -> Preview:
        """What importing ``data`` with importer ``key`` would create (``ExchangeError`` if not)."""
        return await asyncio.to_thread(read_in_child, key, data, now, options)


def _child() -> None:
    from trustbridge.exchange.importers import IMPORTERS

    source = sys.stdin.buffer
    (length,) = _SIZE.unpack(source.read(_SIZE.size))
    key, now, options, size = pickle.loads(source.read(length))
    data = source.read(size)
    try:
        answer: tuple[str, object] = ("ok", IMPORTERS[key].preview(data, now, **options))
    except ExchangeError as problem:
        answer = ("refused", str(problem))
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _child()
