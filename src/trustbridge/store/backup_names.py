"""Where the automatic backups are, what they are named, and when one is due.

Light to import (:mod:`.backup` loads logging, the keys module and more): a command that
writes without SQLAlchemy (``services.quick_add``) asks here whether the automatic backup is
due before loading :mod:`.backup` to take it, as opening the store the long way does.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

FOLDER = "backups"
DAY = dt.timedelta(days=1)
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^trustbridge-(\d{8}-\d{6})(?:-(\d{1,4}))?\.sqlite3$")


def folder_for(data_dir: Path) -> Path:
    return data_dir / FOLDER


def parse_name(name: str) -> tuple[dt.datetime, int] | None:
    """When a backup was taken and its same-second counter, or ``None`` for any other name."""
    found = _NAME.match(name)
    if found is None:
        return None
    try:
        taken = dt.datetime.strptime(found[1], STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return taken, int(found[2] or 0)


def due(newest: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether the automatic backup is due: there is none, or the newest is a day away."""
    return newest is None or abs(now - newest) >= DAY


def due_in(data_dir: Path, now: dt.datetime) -> bool:
    """Whether the automatic backup of the store in ``data_dir`` is due (:func:`due`)."""
    folder = folder_for(data_dir)
    names = os.listdir(folder) if folder.is_dir() else []
    taken = [found[0] for found in map(parse_name, names) if found is not None]
    return due(max(taken, default=None), now)
