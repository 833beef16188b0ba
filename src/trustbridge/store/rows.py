"""Records read as plain rows, without SQLAlchemy: a few columns of a few ids, converted as
the ORM's column types would give them back.

Search shows a page of results from the command line, where importing SQLAlchemy and the
models alone takes longer than the whole command may (see :mod:`trustbridge.store.quick`).
A result needs only a title, a link and a day, so it reads just those columns, on the same
DB-API connection it searched with, into small objects with the models' attribute names.

How the ORM stores what these convert (:mod:`trustbridge.store.types`, SQLAlchemy's SQLite
types): a ``UTCDateTime`` as UTC text without a zone (``2026-03-14 10:00:00.000000``), a
``Date`` as ``2026-03-14``, a ``Boolean`` as 0 or 1, and ``PrivateJSON`` as JSON text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from types import SimpleNamespace
from typing import Any

#: turns a stored value into what the model's attribute holds (never given ``None``)
Convert = Callable[[Any], Any]
#: most ids a single ``IN (…)`` holds; SQLite allows many more, a page of results far fewer
_MOST_IDS = 500


def moment(stored: Any) -> dt.datetime:
    """A ``UTCDateTime``: the stored UTC time as an aware datetime."""
    value = stored if isinstance(stored, dt.datetime) else dt.datetime.fromisoformat(str(stored))
    return value.replace(tzinfo=dt.UTC)


def day(stored: Any) -> dt.date:
    """A ``Date``."""
    return stored if isinstance(stored, dt.date) else dt.date.fromisoformat(str(stored)[:10])


def flag(stored: Any) -> bool:
    """A ``Boolean``."""
    return bool(stored)


def data(stored: Any) -> Any:
    """A ``PrivateJSON``: the structure the JSON text holds."""
    return json.loads(stored)


def read(
    cursor: Any, table: str, columns: Mapping[str, Convert | None], ids: Iterable[int]
) -> dict[int, SimpleNamespace]:
    """The rows of ``table`` with these ``ids`` (those that still exist), keyed by id.

    Each row is an object with ``id`` and an attribute for every one of ``columns``, its value
    converted by the column's :data:`Convert` (``None``: as stored, for text and numbers).
    ``table`` and the column names come from code, never from what a person typed.
    """
    wanted = sorted(set(ids))
    names = [name for name in columns if name != "id"]
    select = ", ".join(["id", *(f'"{name}"' for name in names)])
    found: dict[int, SimpleNamespace] = {}
    for start in range(0, len(wanted), _MOST_IDS):
        chunk = wanted[start : start + _MOST_IDS]
        marks = ", ".join("?" * len(chunk))
        cursor.execute(f"SELECT {select} FROM {table} WHERE id IN ({marks})", chunk)
        for row_id, *values in cursor.fetchall():
            row = SimpleNamespace(id=int(row_id))
            for name, value in zip(names, values, strict=True):
                convert = columns[name]
                setattr(row, name, value if value is None or convert is None else convert(value))
            found[int(row_id)] = row
    return found
