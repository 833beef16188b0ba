"""Words every message and page shares: counts with their nouns, lengths of time, dates.

Pure and light (no regular expressions, nothing from the rest of Trustbridge), so the
command line's fast paths can use it too.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Sequence


def count_words(count: int, one: str, many: str = "") -> str:
    """A count with its noun: ``1 minute``, ``2 minutes`` (``many`` when it is not ``one + "s"``)."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def duration_words(seconds: float) -> str:
    """A length of time as a person says it: ``10 seconds``, ``3 minutes``, ``2 minutes 30 seconds``."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return count_words(rest, "second")
    if not rest:
        return count_words(minutes, "minute")
    return f"{count_words(minutes, 'minute')} {count_words(rest, 'second')}"


def or_words(items: Sequence[str]) -> str:
    """``a, b or c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def full_day_words(day: dt.date) -> str:
    """A date the way people say it, in every message and heading: ``Saturday 14 March 2026``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def day_words(day: dt.date) -> str:
    """The same style where space is short, in lists, tables and shown values: ``4 Mar 2026``."""
    return f"{day.day} {day:%b %Y}"


class _Counts(string.Formatter):
    """``{n:promise|promises}`` picks the word that fits the count; other fields as usual."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if isinstance(value, int) and value == 1 else many
        return str(super().format_field(value, format_spec))


_COUNTS = _Counts()


class Counted(str):
    """A message template whose counts agree with their nouns.

    ``Counted("{n} open {n:promise is|promises are} past the date").format(n=1)`` gives
    "1 open promise is past the date", so callers format it like any other message.
    """

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        return _COUNTS.format(str(self), *args, **kwargs)
