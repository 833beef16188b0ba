"""Running totals of the trust evidence, per person, dimension and sign, kept by triggers.

The trust circle shows an estimate for every person. Working it out from every event means
reading 50,000 rows for 500 people; these totals let it read at most ten rows a person.

Why it can be exact: an event's weight fades as ``w * 0.5 ** ((today - day) / h)``, and
``0.5 ** ((today - d) / h) = 0.5 ** ((today - ref) / h) * 0.5 ** ((ref - d) / h)``. So each
(person, dimension, sign) keeps ``total = sum(w * 0.5 ** ((ref - d) / h))`` with ``ref`` its
newest day, and today's faded sum is ``total * 0.5 ** ((today - ref) / h)``: one row, read in
closed form. Every term of ``total`` is at most its weight (``ref`` is the newest day), so it
never overflows, and an event added later than ``ref`` moves ``ref`` and rescales the rest.

Why triggers: every change to ``evidence_events`` goes through SQLite (the ORM, bulk deletes,
a person's ``ON DELETE CASCADE``, imports), so the totals change in the same transaction as
the events, whichever way they come. Deleting the newest event of a total would leave the
others scaled to a day no event holds any more; the trigger then adds the rest up afresh,
so no subtraction error can build up where it matters.

The half-life ``h`` is a setting (``TRUSTBRIDGE_HALF_LIFE_DAYS``): the totals remember the
one they were made with, and :func:`ensure` makes them again when it differs. Events dated
after today count in full (age 0), which no closed form gives: a person with any is worked
out from their events instead (see ``services.people``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from typing import Any

TABLE = "trust_totals"
META = "trust_totals_meta"
#: ``tb_fade(days, half_life)`` = ``0.5 ** (days / half_life)``; SQLCipher has no ``pow``
FADE = "tb_fade"

#: weights as :data:`trustbridge.domain.trust.WEIGHTS`, for SQL (a test checks they agree)
WEIGHT_SQL = (
    "(CASE {row}.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0"
    " WHEN 'major' THEN 4.0 ELSE 0.0 END)"
)
_H = f"(SELECT half_life FROM {META})"


def _fade(days: float | None, half_life: float | None) -> float | None:
    if days is None or half_life is None or half_life <= 0:
        return None
    return float(0.5 ** (days / half_life))


def add_functions(conn: Any) -> None:
    """Give a new connection the function the triggers call (deterministic, so triggers may)."""
    conn.create_function(FADE, 2, _fade, deterministic=True)


CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    " person_id INTEGER NOT NULL, dimension VARCHAR(32) NOT NULL, positive BOOLEAN NOT NULL,"
    " total FLOAT NOT NULL, ref FLOAT NOT NULL, events INTEGER NOT NULL,"
    " PRIMARY KEY (person_id, dimension, positive))",
    f"CREATE TABLE IF NOT EXISTS {META} (half_life FLOAT NOT NULL)",
]


def _key(row: str) -> str:
    return (
        f"person_id = {row}.person_id AND dimension = {row}.dimension AND positive = {row}.positive"
    )


def _add(row: str) -> str:
    """Statements adding the event ``row`` (``NEW``) to its total."""
    day, weight = f"julianday({row}.occurred_on)", WEIGHT_SQL.format(row=row)
    return (
        f"INSERT OR IGNORE INTO {TABLE} VALUES ({row}.person_id, {row}.dimension, {row}.positive,"
        f" 0.0, {day}, 0);"
        f" UPDATE {TABLE} SET"
        f" total = CASE WHEN {day} > ref THEN total * {FADE}({day} - ref, {_H}) + {weight}"
        f" ELSE total + {weight} * {FADE}(ref - {day}, {_H}) END,"
        f" ref = max(ref, {day}), events = events + 1 WHERE {_key(row)};"
    )


def _remove(row: str) -> str:
    """Statements taking the event ``row`` (``OLD``) out of its total."""
    day, weight = f"julianday({row}.occurred_on)", WEIGHT_SQL.format(row=row)
    again = (
        f"(SELECT coalesce(sum({WEIGHT_SQL.format(row='e')}"
        f" * {FADE}({TABLE}.ref - julianday(e.occurred_on), {_H})), 0.0)"
        f" FROM evidence_events e WHERE e.person_id = {row}.person_id"
        f" AND e.dimension = {row}.dimension AND e.positive = {row}.positive)"
    )
    newest = (
        f"(SELECT max(julianday(e.occurred_on)) FROM evidence_events e"
        f" WHERE e.person_id = {row}.person_id AND e.dimension = {row}.dimension"
        f" AND e.positive = {row}.positive)"
    )
    return (
        f"UPDATE {TABLE} SET events = events - 1,"
        f" total = max(0.0, total - {weight} * {FADE}(ref - {day}, {_H}))"
        f" WHERE {_key(row)};"
        f" DELETE FROM {TABLE} WHERE {_key(row)} AND events <= 0;"
        # the newest went: scale to the newest left, and add the rest up afresh
        f" UPDATE {TABLE} SET ref = {newest} WHERE {_key(row)} AND ref = {day};"
        f" UPDATE {TABLE} SET total = {again} WHERE {_key(row)} AND ref < {day};"
    )


TRIGGERS = {
    f"{TABLE}_ai": f"AFTER INSERT ON evidence_events BEGIN {_add('NEW')} END",
    f"{TABLE}_ad": f"AFTER DELETE ON evidence_events BEGIN {_remove('OLD')} END",
    f"{TABLE}_au": (
        "AFTER UPDATE OF person_id, dimension, positive, weight, occurred_on ON evidence_events"
        f" BEGIN {_remove('OLD')} {_add('NEW')} END"
    ),
}


def install(execute: Callable[[str], Any]) -> None:
    """Create the totals and their triggers (the totals start empty: see :func:`rebuild`)."""
    for statement in CREATE:
        execute(statement)
    for name, body in TRIGGERS.items():
        execute(f"DROP TRIGGER IF EXISTS {name}")
        execute(f"CREATE TRIGGER {name} {body}")


def rebuild(execute: Callable[[str], Any], half_life: float) -> None:
    """Make every total afresh from the events, for ``half_life``; one statement, in SQLite."""
    execute(f"DELETE FROM {META}")
    execute(f"INSERT INTO {META} VALUES ({float(half_life)!r})")
    execute(f"DELETE FROM {TABLE}")
    execute(
        f"INSERT INTO {TABLE} SELECT e.person_id, e.dimension, e.positive,"
        f" sum({WEIGHT_SQL.format(row='e')} * {FADE}(n.ref - julianday(e.occurred_on), {_H})),"
        " n.ref, count(*) FROM evidence_events e JOIN (SELECT person_id, dimension, positive,"
        " max(julianday(occurred_on)) AS ref FROM evidence_events"
        " GROUP BY person_id, dimension, positive) n"
        " ON n.person_id = e.person_id AND n.dimension = e.dimension AND n.positive = e.positive"
        " GROUP BY e.person_id, e.dimension, e.positive"
    )


def kept_half_life(execute: Callable[[str], Any]) -> float | None:
    row = execute(f"SELECT half_life FROM {META}").fetchone()
    return None if row is None else row[0]


def ensure(execute: Callable[[str], Any], half_life: float) -> bool:
    """Rebuild the totals if they were made for another half-life; returns whether it did."""
    if kept_half_life(execute) == float(half_life):
        return False
    rebuild(execute, half_life)
    return True


#: ``julianday('YYYY-MM-DD')`` is a date's ordinal plus this (midnight, as SQLite counts)
JULIAN_OFFSET = 1721424.5


def faded(
    execute: Callable[..., Any], today: dt.date, half_life: float, people: Collection[int] | None
) -> Iterator[tuple[int, str, bool, float, int]]:
    """Each total faded to ``today``, as ``(person_id, dimension, positive, amount, events)``
    (only ``people``'s, when given); ``half_life`` must be the one the totals were made with.

    Faded here, not in SQL: SQLite calling :data:`FADE` back for each row costs several
    times what reading the rows does (6 ms against 1 for a circle of 500).
    """
    now = today.toordinal() + JULIAN_OFFSET
    query = f"SELECT person_id, dimension, positive, total, ref, events FROM {TABLE}"
    if people is None:
        rows = execute(query)
    else:
        chosen = sorted({int(p) for p in people})
        if not chosen:
            return
        rows = execute(
            f"{query} WHERE person_id IN ({', '.join('?' * len(chosen))})", tuple(chosen)
        )
    for person_id, dimension, positive, total, ref, events in rows.fetchall():
        fade = _fade(now - ref, half_life)
        yield person_id, dimension, bool(positive), total * (0.0 if fade is None else fade), events


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """For Alembic's comparisons: these tables are not described by models."""
    return not (type_ == "table" and name in (TABLE, META))
