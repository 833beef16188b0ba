"""Making a write or a rename survive a power cut: flush a file, or the folder that names it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename durable; some platforms cannot open a folder, and then it is skipped."""
    with contextlib.suppress(OSError):
        fsync(path)
