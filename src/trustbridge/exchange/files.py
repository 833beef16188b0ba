"""Writing an export to disk: readable by this user only, and never half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_private(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` with mode 0600, whole or not at all.

    The bytes go to a private temporary file next to ``path`` first and are moved into place
    once they are on disk, so a crash never leaves half an export behind.
    ``FileExistsError`` when ``path`` exists and ``overwrite`` is not set.
    """
    path = path.expanduser()
    if path.exists() and not overwrite:
        raise FileExistsError(17, "The file already exists", str(path))
    folder = path.parent if str(path.parent) else Path(".")
    # mkstemp creates the file with mode 0600 before anything is written to it
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path
