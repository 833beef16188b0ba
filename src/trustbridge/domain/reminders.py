"""Reminders as a calendar sees them: the check-in time, recurrences from cadences, stable UIDs.

Pure rules, no clock and no store: the service gathers records, these turn each into a
:class:`Reminder` (a first day and, for what repeats, a :class:`Recurrence`), and
``exchange.ical`` writes them. Every reminder rings at the person's one check-in time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from trustbridge.domain.fields import ValidationError

DEFAULT_CHECKIN_TIME = dt.time(20, 0)
#: the preferences these rules are kept under
CHECKIN_TIME_KEY = "reminders_checkin_time"
FULL_TITLES_KEY = "reminders_full_titles"
UID_SALT_KEY = "reminders_uid_salt"
FEED_TOKEN_KEY = "reminders_feed_token"
#: where a calendar app on this computer subscribes; the only personal route open without a
#: browser session, so it answers only with the right token in ``?token=``
FEED_PATH = "/reminders/feed.ics"
#: a calendar title is one line; longer private text is cut here
MAX_TITLE = 80
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

BAD_TIME = "Please give the time as hours and minutes on a 24-hour clock, such as 20:00 or 7:30."
_TIME = re.compile(r"(\d{1,2})[:.h](\d{2})")


def parse_time(text: str) -> dt.time:
    """ "20:00", "7:30", "07.30" or "19h45" as a time of day; a ``ValidationError`` otherwise."""
    found = _TIME.fullmatch(text.strip())
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise ValidationError({"time": BAD_TIME})
    return dt.time(int(found[1]), int(found[2]))


@dataclass(frozen=True, slots=True)
class Recurrence:
    """How a reminder repeats: every ``interval`` days, or weekly on ``weekdays`` (Monday 0)."""

    freq: Literal["daily", "weekly"]
    interval: int = 1
    weekdays: tuple[int, ...] = ()

    def rrule(self) -> dict[str, object]:
        """The RRULE parts, as ``icalendar.vRecur`` takes them."""
        parts: dict[str, object] = {"FREQ": self.freq.upper()}
        if self.interval > 1:
            parts["INTERVAL"] = self.interval
        if self.weekdays:
            parts["BYDAY"] = [BYDAY[day] for day in self.weekdays]
        return parts

    def words(self) -> str:
        """How often, for the person's own page."""
        if self.freq == "weekly":
            days = [DAY_NAMES[day] + "s" for day in self.weekdays]
            return "Every day" if len(days) == 7 else " and ".join(days)
        return "Every day" if self.interval == 1 else f"Every {self.interval} days"


@dataclass(frozen=True, slots=True)
class Reminder:
    """One calendar entry: what it is about, and when it rings (at the check-in time)."""

    kind: str
    record_id: int
    #: what the calendar shows by default: nothing of what was written
    plain_title: str
    #: what it shows when the person opted in to fuller titles
    full_title: str
    first_day: dt.date
    recurrence: Recurrence | None = None


def first_on_or_after(start: dt.date, weekdays: Sequence[int]) -> dt.date:
    """The first day from ``start`` that falls on one of ``weekdays`` (``start`` if none given)."""
    if not weekdays:
        return start
    return min(start + dt.timedelta(days=(day - start.weekday()) % 7) for day in weekdays)


def ritual_recurrence(
    cadence: str, weekdays: Sequence[int], start: dt.date
) -> tuple[dt.date, Recurrence]:
    """A ritual's first day from ``start`` and how it repeats; weekly ones keep ``start``'s day."""
    if cadence == "daily":
        return start, Recurrence("daily")
    chosen = tuple(sorted(set(weekdays))) if cadence == "days" and weekdays else ()
    if not chosen:
        chosen = (start.weekday(),)
    return first_on_or_after(start, chosen), Recurrence("weekly", weekdays=chosen)


def every_days(days: int) -> Recurrence:
    """A rhythm of every ``days`` days (1 is every day)."""
    return Recurrence("daily", interval=max(1, days))


def occurrences(first: dt.date, recurrence: Recurrence | None, until: dt.date) -> Iterator[dt.date]:
    """The days a reminder rings from ``first`` to ``until``, both included."""
    if recurrence is None:
        if first <= until:
            yield first
        return
    day = first
    step = dt.timedelta(days=recurrence.interval if recurrence.freq == "daily" else 1)
    while day <= until:
        if recurrence.freq == "daily" or day.weekday() in recurrence.weekdays:
            yield day
        day += step


def next_on(reminder: Reminder, today: dt.date) -> dt.date | None:
    """The first day on or after ``today`` the reminder rings (``None``: it has passed)."""
    horizon = max(today, reminder.first_day) + dt.timedelta(days=400)
    days = occurrences(reminder.first_day, reminder.recurrence, horizon)
    return next((day for day in days if day >= today), None)


def one_line(text: str, limit: int = MAX_TITLE) -> str:
    """Private text as a calendar title: one line, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def reminder_uid(salt: str, kind: str, record_id: int) -> str:
    """A UID that stays the same for one record of one store and tells nothing about it.

    Keyed by the store's own random salt, so two stores never share UIDs and the number of
    rows cannot be read from them.
    """
    digest = hmac.new(salt.encode(), f"{kind}:{record_id}".encode(), hashlib.sha256)
    return f"{digest.hexdigest()[:32]}@trustbridge.invalid"


def feed_url(base_url: str, token: str) -> str:
    """The address a calendar app subscribes to."""
    return f"{base_url.rstrip('/')}{FEED_PATH}?token={token}"
