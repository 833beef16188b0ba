"""Writing an export to disk: readable by this user only, and never half-written."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TextIO


@contextlib.contextmanager
def private_file(path: Path, *, overwrite: bool = False) -> Iterator[IO[bytes]]:
    """A file to write ``path`` through, as it is made: mode 0600, whole or not at all.

    What is written goes to a private temporary file next to ``path``, moved into place once
    it is all on disk; if anything fails first, it is removed, so a crash never leaves half
    an export behind. ``FileExistsError`` when ``path`` exists and ``overwrite`` is not set.
    """
    path = path.expanduser()
    if path.exists() and not overwrite:
        raise FileExistsError(17, "The file already exists", str(path))
    folder = path.parent if str(path.parent) else Path(".")
    # mkstemp creates the file with mode 0600 before anything is written to it
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def private_text(path: Path, *, overwrite: bool = False) -> Iterator[TextIO]:
    """:func:`private_file` as UTF-8 text, lines ending as written."""
    with private_file(path, overwrite=overwrite) as binary:
        out = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        yield out
        out.flush()
        out.detach()


def write_private(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` with mode 0600, whole or not at all (see :func:`private_file`)."""
    with private_file(path, overwrite=overwrite) as out:
        out.write(data)
    return path.expanduser()


def written(write: Callable[[TextIO], object]) -> bytes:
    """What ``write`` writes as text, as UTF-8 bytes in memory (a download)."""
    buffer = io.BytesIO()
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    write(out)
    out.flush()
    return buffer.getvalue()
