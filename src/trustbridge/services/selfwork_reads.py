"""Promises to myself, the self-check's history and the learned beliefs ticked, read as
plain rows; a belief's trend.

The one way they are read: the web on the store's connection (``services.selfwork``), the
command line on a plain read-only connection without SQLAlchemy (importing it and the
models takes longer than a whole command may). Records have the models' attribute names
and values (:mod:`trustbridge.store.rows`); in hosted mode only the account's own rows are
read. ``tests/integration/test_selfwork_rows.py`` checks they are what the ORM reads.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from trustbridge.domain.scoring import Trend, daily_index, kept_share, trend
from trustbridge.store import rows

#: the three kinds of promise are kept in one table: to myself (no person), made by me to
#: someone, made by someone to me. Only promises to myself are this tool's (and Today's);
#: promises with people are on each person's page.
TO_MYSELF = "person_id IS NULL"


@dataclass(frozen=True, slots=True)
class PromiseSummary:
    """Promises to myself: open ones, the latest settled, and how many were kept or not."""

    open: list[Any]
    settled: list[Any]
    kept: int
    broken: int
    overdue: int

    @property
    def rate(self) -> float | None:
        """Kept out of kept-or-not; a promise changed by agreement is neither."""
        return kept_share(self.kept, self.broken)


def promises(
    connection: Any, today: dt.date, settled_limit: int = 50, open_limit: int | None = None
) -> PromiseSummary:
    """Promises to myself: open by due date (the first ``open_limit``, or all), the latest
    ``settled_limit`` settled, and my follow-through and the overdue counted in SQL (a list
    of twenty need not read thousands of open promises to count them)."""
    cursor = connection.cursor()
    still_open = rows.select(
        cursor, "self_promises", f"status = 'open' AND {TO_MYSELF}", order="due_on, id",
        limit=open_limit,
    )  # fmt: skip
    settled = rows.select(
        cursor, "self_promises", f"status != 'open' AND {TO_MYSELF}",
        order="resolved_at DESC, id DESC", limit=settled_limit,
    )  # fmt: skip
    tally = rows.tally(cursor, "self_promises", ("status",), TO_MYSELF)
    late = f"status = 'open' AND due_on < ? AND {TO_MYSELF}"
    overdue = rows.tally(cursor, "self_promises", ("status",), late, (today.isoformat(),))
    return PromiseSummary(
        open=still_open,
        settled=settled,
        kept=tally.get(("kept",), 0),
        broken=tally.get(("broken",), 0),
        overdue=overdue.get(("open",), 0),
    )


@dataclass(frozen=True, slots=True)
class SafetyHistory:
    checks: list[Any]
    trend: Trend

    @property
    def latest(self) -> Any | None:
        return self.checks[-1] if self.checks else None


def safety_history(connection: Any, limit: int = 120) -> SafetyHistory:
    """The latest ``limit`` self-checks, oldest first, with the direction the score is moving."""
    newest = rows.select(
        connection.cursor(), "safety_checks", order="created_at DESC, id DESC", limit=limit
    )
    checks = newest[::-1]
    return SafetyHistory(checks, trend([(c.created_at, c.score) for c in checks]))


def belief_trend(belief: Any) -> Trend:
    """Which way a belief's believability is moving, from its ratings (oldest first)."""
    return trend([(x.rated_at, x.believability) for x in belief.ratings])


def learned_beliefs(connection: Any) -> dict[str, bool]:
    """Which learned beliefs the person marked as ringing true; any other one does not."""
    marks = rows.select(connection.cursor(), "learned_belief_marks")
    return defaultdict(bool, {x.key: x.applies for x in marks})


@dataclass(frozen=True, slots=True)
class DailyAffirmation:
    text: str
    own: bool


#: the affirmation of the day in one statement: the active ones in the order they were
#: written, the one at :func:`daily_index` of their count (the day's ordinal modulo it; with
#: none, modulo nothing is no row). ``{where}``: the active ones, narrowed to the account.
_AFFIRMATION_OF_THE_DAY = (
    "SELECT affirmations.text FROM affirmations{where} ORDER BY affirmations.id LIMIT 1 "
    "OFFSET coalesce(? % nullif((SELECT count(*) FROM affirmations{where}), 0), 0)"
)


def affirmation_of_the_day(connection: Any, day: dt.date) -> DailyAffirmation:
    """One of the person's own affirmations, the same all ``day``; a starter if they have
    none yet. Counted and the one of the day read in one statement, one short answer rather
    than every affirmation's number."""
    cursor = connection.cursor()
    where, mine = rows.owned(cursor, "affirmations", "affirmations.active")
    cursor.execute(_AFFIRMATION_OF_THE_DAY.format(where=where), (*mine, day.toordinal(), *mine))
    found = cursor.fetchall()
    if found:
        return DailyAffirmation(found[0][0], own=True)
    from trustbridge.content import load_program

    starters = load_program().affirmation_starters
    return DailyAffirmation(starters[daily_index(len(starters), day) or 0], own=False)
