"""A download sent as it is written: in pieces, with a few at most waiting, and stopped when
the browser goes away."""

from __future__ import annotations

import threading
from typing import TextIO

import pytest

from trustbridge.web import streaming
from trustbridge.web.streaming import AHEAD, PIECE, streamed


def test_the_text_comes_whole_in_pieces_as_it_is_written() -> None:
    lines = [f"line {n} é\n" for n in range(50_000)]

    def write(out: TextIO) -> None:
        for line in lines:
            out.write(line)

    pieces = list(streamed(write))
    assert b"".join(pieces) == "".join(lines).encode("utf-8")
    assert len(pieces) > 3 and all(len(p) <= 2 * PIECE for p in pieces[:-1])


def test_an_error_in_the_writer_reaches_the_response() -> None:
    def write(out: TextIO) -> None:
        out.write("x" * (PIECE + 1))
        raise RuntimeError("the database went away")

    sent = streamed(write)
    assert next(sent) == b"x" * (PIECE + 1)
    with pytest.raises(RuntimeError, match="went away"):
        next(sent)


def test_a_download_given_up_stops_the_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "_LOOK", 0.01)
    stopped = threading.Event()
    written = []

    def write(out: TextIO) -> None:
        try:
            for _ in range(10_000):
                out.write("y" * PIECE)
                written.append(1)
        finally:
            stopped.set()

    sent = streamed(write)
    next(sent)
    sent.close()  # the browser went away after one piece
    assert stopped.wait(5)
    assert len(written) <= AHEAD + 3  # it never ran far ahead of what was sent
