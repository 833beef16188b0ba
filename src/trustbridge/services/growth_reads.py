"""Stage 8's lists read as plain rows: partner check-ins, rituals with the days kept,
appreciation, shared goals with their reviews, wins.

The one way they are read: the web on the store's connection (``services.growth``), the
command line on a plain read-only connection without SQLAlchemy. Records have the models'
attribute names and values (:mod:`trustbridge.store.rows`); in hosted mode only the
account's own rows are read.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from trustbridge.domain import growth as g
from trustbridge.store import rows


def checkin_every(connection: Any) -> int:
    """How many days apart partner check-ins come round (set by the person, else weekly)."""
    found = rows.select(connection.cursor(), "preferences", "key = ?", (g.CHECKIN_DAYS_KEY,))
    return int(found[0].value) if found else g.DEFAULT_CHECKIN_DAYS


def checkins(connection: Any) -> list[SimpleNamespace]:
    """Partner check-ins, the latest held first."""
    return rows.select(connection.cursor(), "partner_checkins", order="held_on DESC, id DESC")


def next_checkin(connection: Any, today: dt.date) -> tuple[dt.date, bool]:
    """The day the next partner check-in comes round, and whether that day has come."""
    found = checkins(connection)
    return g.next_checkin(found[0].held_on if found else None, checkin_every(connection), today)


def ritual_progress(ritual: Any, today: dt.date) -> g.Progress:
    """How a ritual has been kept, from the day it was made (or the first day kept)."""
    days = [k.kept_on for k in ritual.kept]
    since = min([ritual.created_at.astimezone().date(), *days])
    return g.progress(ritual.cadence, g.parse_weekdays(ritual.weekdays), days, since, today)


def rituals(
    connection: Any, today: dt.date, archived: bool = False
) -> list[tuple[SimpleNamespace, g.Progress]]:
    """The active rituals (or the archived ones), oldest first, each with how it was kept."""
    cursor = connection.cursor()
    where = "archived_at IS NOT NULL" if archived else "archived_at IS NULL"
    found = rows.select(cursor, "rituals", where, order="id")
    rows.attach(cursor, found, "rituals_kept", "ritual_id", "kept", "kept_on, id")
    return [(r, ritual_progress(r, today)) for r in found]


def appreciations(connection: Any) -> list[SimpleNamespace]:
    """Appreciation noted, the latest first."""
    return rows.select(connection.cursor(), "appreciations", order="noted_on DESC, id DESC")


def goals(connection: Any, today: dt.date) -> list[tuple[SimpleNamespace, bool]]:
    """Every shared goal, oldest first, with its reviews and whether its review day has come
    (only for active goals)."""
    cursor = connection.cursor()
    found = rows.select(cursor, "shared_goals", order="id")
    rows.attach(cursor, found, "goal_reviews", "goal_id", "reviews", "reviewed_on, id")
    return [
        (x, x.status == "active" and x.review_on is not None and x.review_on <= today)
        for x in found
    ]


def wins(connection: Any) -> list[SimpleNamespace]:
    """Wins, the latest first."""
    return rows.select(connection.cursor(), "wins", order="happened_on DESC, id DESC")
