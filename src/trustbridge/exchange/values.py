"""What the store can hold, checked while an import is planned: times, days, text and numbers.

Every importer's planner passes what it is about to store through here, so a value that
parses but cannot be stored (a time in year 0, 9999 pushed past the calendar's end by its
offset, half of a surrogate pair, a NUL) is refused with its line or record and field named,
before anything is written, instead of failing half-way through the save.

The range is the same for every importer (``docs/export-format.md``): times from
1900-01-01 00:00 to 2200-12-31 23:59:59 after turning them into UTC, days from 1900-01-01 to
2200-12-31. Far wider than anything a person writes in, far inside what every database and
every time zone can show.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

from trustbridge.domain.fields import MAX_LONGTEXT
from trustbridge.exchange.common import ExchangeError

EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)
EARLIEST_DAY = EARLIEST.date()
LATEST_DAY = LATEST.date()
MOMENT_RULE = f"must be a time from {EARLIEST.year} to {LATEST.year} (in UTC)"
DAY_RULE = f"must be a day from {EARLIEST.year} to {LATEST.year}"
TEXT_RULE = "contains characters that are not valid text (a NUL, or half of a surrogate pair)"
_INT64 = 2**63
T = TypeVar("T")

#: where a value is in the file, from its field name (``Line 4, createdAt``)
Where = Callable[[str], str]


def moment(value: dt.datetime, at: str) -> dt.datetime:
    """An aware time within the range; a time without an offset is read in local time."""
    try:
        aware = value if value.tzinfo is not None else value.astimezone()
        in_utc = aware.astimezone(dt.UTC)
    except (OverflowError, ValueError, OSError):  # near year 1 or 9999 it cannot be converted
        raise ExchangeError(f"{at}: {MOMENT_RULE}") from None
    if not EARLIEST <= in_utc <= LATEST:
        raise ExchangeError(f"{at}: {MOMENT_RULE}")
    return aware


def day(value: dt.date, at: str) -> dt.date:
    """A calendar day within the range."""
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ExchangeError(f"{at}: {DAY_RULE}")
    return value


#: what UTF-8 cannot hold (half of a surrogate pair), and a NUL
_NOT_TEXT = re.compile("[\ud800-\udfff\x00]")


def is_text(value: str) -> bool:
    """Whether ``value`` can be written as UTF-8 and kept whole: no lone surrogate, no NUL."""
    return _NOT_TEXT.search(value) is None


def text(value: str, at: str, limit: int | None = None) -> str:
    """Text that can be stored, at most ``limit`` characters long."""
    if not is_text(value):
        raise ExchangeError(f"{at}: {TEXT_RULE}")
    if limit is not None and len(value) > limit:
        raise ExchangeError(f"{at}: must be at most {limit:,} characters")
    return value


def number(value: float | int, at: str) -> float | int:
    """A number the database can hold: finite, and a whole number within 64 bits."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ExchangeError(f"{at}: must be a finite number")
    if isinstance(value, int) and not -_INT64 <= value < _INT64:
        raise ExchangeError(f"{at}: must be a whole number")
    return value


def structure(value: object, at: str) -> object:
    """A JSON column's value: every key and piece of text storable, every number finite."""
    if _storable(value):
        return value  # the usual value: nothing to name, so no place is put into words
    return _structure(value, at)


def _structure(value: object, at: str) -> object:
    """:func:`structure` part by part, each part's place in words: what it refuses is named."""
    if isinstance(value, str):
        text(value, at)
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int | float):
        number(value, at)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _structure(item, f"{at}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            _structure(text(str(key), at), at)
            _structure(item, f"{at}.{key}" if is_text(str(key)) else at)
    else:
        raise ExchangeError(f"{at}: is not a value a file can hold")
    return value


def _storable(value: object) -> bool:
    """Whether :func:`_structure` takes ``value`` as it is, found without naming where each
    part is (``False`` for anything unusual: :func:`_structure` then judges it, and says
    what is wrong): a hundred thousand thought records hold half a million parts."""
    kind = type(value)
    if kind is str:
        return is_text(value)  # type: ignore[arg-type]
    if kind is dict:
        return all(
            type(key) is str and is_text(key) and _storable(item)
            for key, item in value.items()  # type: ignore[attr-defined]
        )
    if kind is list:
        return all(_storable(item) for item in value)  # type: ignore[attr-defined]
    if kind is int:
        return -_INT64 <= value < _INT64  # type: ignore[operator]
    if kind is float:
        return math.isfinite(value)  # type: ignore[arg-type]
    return value is None or kind is bool


def column_value(column: Any, value: object, at: str) -> object:
    """One value checked against what its column can hold (``None`` passes: nullability is
    the model's and the planner's business)."""
    from sqlalchemy import Date, Float, Integer, String

    from trustbridge.store.types import PrivateJSON, PrivateText, UTCDateTime

    kind = column.type
    if value is None:
        return None
    if isinstance(kind, UTCDateTime) and isinstance(value, dt.datetime):
        return moment(value, at)
    if isinstance(kind, Date) and isinstance(value, dt.date):
        return day(value.date() if isinstance(value, dt.datetime) else value, at)
    if isinstance(kind, PrivateJSON):
        return structure(value, at)
    if isinstance(kind, Integer | Float) and isinstance(value, int | float):
        return number(value, at)
    if isinstance(value, str):
        length = kind.length if isinstance(kind, String) else None
        return text(value, at, MAX_LONGTEXT if isinstance(kind, PrivateText) else length)
    return value


@cache
def _columns(model: Any) -> tuple[tuple[str, Any], ...]:
    """A model's columns by the attribute that holds each one."""
    mapper = model.__mapper__
    table = model.__table__
    return tuple((mapper.get_property_by_column(c).key, c) for c in table.columns)


def record(found: T, at: Where, names: Mapping[str, str] | None = None) -> T:
    """Check every value of a record about to be stored; ``ExchangeError`` names the first
    one the store cannot hold.

    :param at: where a value came from in the file, from a name (``Line 4, createdAt``)
    :param names: the file's own name for a column where it differs (``created_at`` was
        ``date`` in a jrnl entry)
    """
    renamed = names or {}
    model: Any = type(found)
    for attribute, column in _columns(model):
        value = getattr(found, attribute, None)
        column_value(column, value, at(renamed.get(column.key, column.key)))
    return found
