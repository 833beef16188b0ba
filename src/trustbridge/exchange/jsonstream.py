"""Reading a large JSON file a piece at a time: the outer objects and lists step by step, each
value inside them (a row of an export) parsed whole by Python's own JSON parser.

So a file of any size is read in a few megabytes of memory, and every value comes out
exactly as ``json.loads`` would give it (the same numbers, the same rules, the same messages,
with the line and column in the whole file). A streaming parser from PyPI was not needed:
``json``'s C scanner parses each value as fast as it parses a whole file, and the outer
layers are only a few characters to step over.

The bytes are decoded as UTF-8 (a byte-order mark is skipped) as they are read, and every
byte read goes into a digest, so a second reading can tell whether the file changed between.
Each piece read also has a digest of its own: a second reading given the first one's
(``expected``) stops at the first piece that differs, before any value in it is parsed. A
file read only once (an import agreed to beforehand) is read without them.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from trustbridge.exchange.common import ExchangeError

#: how much of the file is read at a time, at least
PIECE = 1 << 18
_SPACE = re.compile(r"[ \t\n\r]*")
#: a parse that fails this near the end of what has been read may only need more of the file
_NEAR_END = 16


class JsonReader:
    """Steps through one JSON text read from ``binary``; every problem is an ``ExchangeError``
    naming the line and column, as :func:`trustbridge.exchange.common.load_json` does."""

    def __init__(
        self,
        binary: IO[bytes],
        piece: int = PIECE,
        *,
        expected: list[bytes] | None = None,
        changed: str = "The file changed while it was read.",
        digests: bool = True,
    ) -> None:
        """``digests``: keep the digests a second reading is checked against (a file read
        only once has no use for them, and they cost as much as a tenth of its reading)."""
        self._file = binary
        self._digests = digests
        self._expected = expected
        self._changed = changed
        #: the digest of each piece read, in order (the last one that of the empty end)
        self.pieces: list[bytes] = []
        self._piece = piece
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._scan = json.JSONDecoder().raw_decode
        self._text = ""
        self._pos = 0
        self._ended = False
        #: newlines in the bytes decoded so far, for a byte that is not UTF-8
        self._byte_lines = 0
        #: lines, and characters after the last newline, in text already let go
        self._lines_before = 0
        self._column_before = 0
        self.digest = hashlib.blake2b()

    # --- the file, a piece at a time ------------------------------------------------------

    def _more(self) -> None:
        """Read on (at the end of the file, only note that it ended), letting go of the text
        already stepped over."""
        if self._ended:
            return
        text, pos = self._text, self._pos
        newline = text.rfind("\n", 0, pos)
        if newline >= 0:
            self._lines_before += text.count("\n", 0, pos)
            self._column_before = pos - newline - 1
        else:
            self._column_before += pos
        left = text[pos:]
        data = self._file.read(max(self._piece, len(left)))
        self._ended = not data
        if self._digests:
            self.digest.update(data)
            self._check_piece(hashlib.blake2b(data, digest_size=16).digest())
        try:
            decoded = self._decoder.decode(data, final=self._ended)
        except UnicodeDecodeError as exc:
            line = self._byte_lines + exc.object[: exc.start].count(b"\n") + 1
            raise ExchangeError(f"Line {line}: this is not UTF-8 text") from None
        self._byte_lines += data.count(b"\n")
        self._text, self._pos = left + decoded, 0

    def _check_piece(self, digest: bytes) -> None:
        """Note the piece's digest; with ``expected``, an ``ExchangeError`` when it differs
        from the first reading's (the file changed in between)."""
        at = len(self.pieces)
        self.pieces.append(digest)
        expected = self._expected
        if expected is not None and (at >= len(expected) or expected[at] != digest):
            raise ExchangeError(self._changed)

    def _next(self) -> str:
        """The next character that is not white space ("" at the end), not stepped over."""
        while True:
            self._pos = _SPACE.match(self._text, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._text):
                return self._text[self._pos]
            if self._ended:
                return ""
            self._more()

    def fail(self, message: str, at: int | None = None) -> ExchangeError:
        """The error for a problem at ``at`` (where the reader is, by default)."""
        at = self._pos if at is None else at
        line = self._lines_before + self._text.count("\n", 0, at) + 1
        newline = self._text.rfind("\n", 0, at)
        column = at - newline if newline >= 0 else self._column_before + at + 1
        return ExchangeError(f"Line {line}, column {column}: this is not valid JSON ({message})")

    def _parse(self, scan: Any) -> Any:
        """``scan(text, at)`` on what is read so far, reading on while it may need more."""
        while True:
            try:
                value, end = scan(self._text, self._pos)
            except json.JSONDecodeError as exc:
                truncated = exc.pos >= len(self._text) - _NEAR_END or exc.msg.startswith(
                    "Unterminated string"
                )
                if truncated and not self._ended:
                    self._more()
                    continue
                raise self.fail(exc.msg, exc.pos) from None
            except RecursionError:
                raise ExchangeError("This JSON is nested too deeply to be an export") from None
            except ValueError:  # such as a number with thousands of digits
                raise ExchangeError(
                    "This is not valid JSON (a number in it is far too long)"
                ) from None
            if end > len(self._text) - _NEAR_END and not self._ended:
                self._more()
                continue  # a number may go on in the next piece ("1e" of "1e9"): parse again
            self._pos = end
            return value

    # --- stepping through -----------------------------------------------------------------

    def value(self) -> Any:
        """The next value, whole (an object or list with everything in it)."""
        self._next()
        return self._parse(self._scan)

    def opens(self, bracket: str) -> bool:
        """Step into an object (``{``) or a list (``[``) if one comes next."""
        if self._next() != bracket:
            return False
        self._pos += 1
        return True

    def members(self) -> Iterator[str]:
        """Inside an object: each key in turn, the reader left at its value for the caller."""
        if self._next() == "}":
            self._pos += 1
            return
        while True:
            if self._next() != '"':
                raise self.fail("Expecting property name enclosed in double quotes")
            key = self._parse(_key)
            if self._next() != ":":
                raise self.fail("Expecting ':' delimiter")
            self._pos += 1
            yield key
            if not self._after_item("}"):
                return

    def elements(self) -> Iterator[int]:
        """Inside a list: each position in turn, the reader left at its value for the caller."""
        if self._next() == "]":
            self._pos += 1
            return
        index = 0
        while True:
            yield index
            if not self._after_item("]"):
                return
            index += 1

    def _after_item(self, closing: str) -> bool:
        """Step over the comma after an item (``True``), or the closing bracket (``False``)."""
        found = self._next()
        if found not in (",", closing):
            raise self.fail("Expecting ',' delimiter")
        self._pos += 1
        return found == ","

    def end(self) -> None:
        """Only white space may follow the document."""
        if self._next():
            raise self.fail("Extra data")


def _key(text: str, at: int) -> tuple[str, int]:
    """A key: the string starting at ``at`` (its opening quote)."""
    key, end = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
    return key, end
