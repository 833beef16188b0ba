"""A download written as it is read: a writer of text, turned into the bytes of a response.

The exports write to a file-like ``out`` as they read the store, a chunk of rows at a time.
:func:`streamed` runs such a writer in a thread of its own and hands its text on in pieces of
about :data:`PIECE` characters, at most :data:`AHEAD` of them waiting: the server holds a few
pieces of a download at a time, however much a person wrote, and nothing goes to disk.
If the browser goes away, the writer is stopped at its next write.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TextIO

#: about how much text goes to the browser at once (characters; UTF-8 may make it more bytes)
PIECE = 64 * 1024
#: how many pieces may wait for the browser before the writer waits too
AHEAD = 4
#: how often a waiting writer looks whether the download was given up (seconds)
_LOOK = 0.5


class _GivenUp(Exception):
    """The browser stopped reading: the writer ends here."""


_DONE = object()


class _Pieces(io.TextIOBase):
    """A text file whose writes become UTF-8 pieces on a queue."""

    def __init__(self, pieces: queue.Queue[object], given_up: threading.Event) -> None:
        super().__init__()
        self._pieces = pieces
        self._given_up = given_up
        self._buffer: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._buffer.append(text)
        self._size += len(text)
        if self._size >= PIECE:
            self.send()
        return len(text)

    def send(self) -> None:
        if not self._buffer:
            return
        piece = "".join(self._buffer).encode("utf-8")
        self._buffer, self._size = [], 0
        self.put(piece)

    def put(self, item: object) -> None:
        while True:
            if self._given_up.is_set():
                raise _GivenUp
            try:
                self._pieces.put(item, timeout=_LOOK)
                return
            except queue.Full:
                continue


def streamed(write: Callable[[TextIO], object]) -> Iterator[bytes]:
    """The text ``write(out)`` writes, as UTF-8 pieces, while it writes; an error in the
    writer is raised here, where the response is being sent."""
    pieces: queue.Queue[object] = queue.Queue(maxsize=AHEAD)
    given_up = threading.Event()
    out = _Pieces(pieces, given_up)

    def run() -> None:
        try:
            write(out)  # type: ignore[arg-type]
            out.send()
            out.put(_DONE)
        except _GivenUp:
            pass
        except BaseException as problem:  # handed to the response, which ends the download
            with contextlib.suppress(_GivenUp):
                out.put(problem)

    worker = threading.Thread(target=run, name="trustbridge-download", daemon=True)
    worker.start()
    try:
        while True:
            item = pieces.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            yield item
    finally:
        given_up.set()
