"""Reminders: the check-in time and the other reminder settings, and what the calendar holds.

``build`` reads the store once and returns plain :class:`~trustbridge.domain.reminders.Reminder`
specs; ``exchange.ical`` writes them. Settings live in the ``preferences`` table: the daily
check-in time, whether titles may carry what was written, the salt that keeps UIDs from
telling anything, and the token of the calendar feed.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from trustbridge.domain import growth as g
from trustbridge.domain import reminders as r
from trustbridge.services.base import local_day
from trustbridge.store import models as m
from trustbridge.store.db import Store

PLAIN_CHECKIN = "Trustbridge check-in"
PLAIN_RITUAL = "Trustbridge ritual"
PLAIN_REVIEW = "Trustbridge review"
PLAIN_PROMISE = "Trustbridge promise"


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything one calendar needs: when it rings, how it is titled, and its entries."""

    time: dt.time
    full_titles: bool
    salt: str
    reminders: tuple[r.Reminder, ...]
    #: how many more there are, when only the first few were asked for (see :func:`build`)
    left_out: int = 0


# --- settings -----------------------------------------------------------------------------------


def _read(session: Session, key: str) -> m.Preference | None:
    return session.get(m.Preference, key)


def _write(store: Store, key: str, value: str, now: dt.datetime) -> None:
    with store.session() as session:
        session.merge(m.Preference(key=key, value=value, updated_at=now))


def checkin_time(store: Store) -> dt.time:
    """The time of day every reminder rings (20:00 until the person chooses)."""
    with store.sessions() as session:
        pref = _read(session, r.CHECKIN_TIME_KEY)
    try:
        return r.parse_time(pref.value) if pref else r.DEFAULT_CHECKIN_TIME
    except ValueError:  # a hand-edited store: the default is safer than no reminders
        return r.DEFAULT_CHECKIN_TIME


def set_checkin_time(store: Store, text: str, now: dt.datetime) -> dt.time:
    """Keep a new check-in time; a ``ValidationError`` in plain words when it is not one."""
    chosen = r.parse_time(text)
    _write(store, r.CHECKIN_TIME_KEY, f"{chosen:%H:%M}", now)
    return chosen


def full_titles(store: Store) -> bool:
    """Whether the person chose titles that carry what they wrote (off unless chosen)."""
    with store.sessions() as session:
        pref = _read(session, r.FULL_TITLES_KEY)
    return pref is not None and pref.value == "yes"


def set_full_titles(store: Store, on: bool, now: dt.datetime) -> None:
    _write(store, r.FULL_TITLES_KEY, "yes" if on else "no", now)


def _made_once(store: Store, key: str, now: dt.datetime) -> tuple[str, dt.datetime]:
    """A random value kept under ``key`` and when it was made (the first time it is asked for)."""
    with store.sessions() as session:
        pref = _read(session, key)
        if pref is not None:
            return pref.value, pref.updated_at
    made = secrets.token_urlsafe(32)
    _write(store, key, made, now)
    return made, now


def feed_token(store: Store, now: dt.datetime) -> str:
    """The secret in the feed's address (made the first time it is asked for)."""
    return _made_once(store, r.FEED_TOKEN_KEY, now)[0]


def new_feed_token(store: Store, now: dt.datetime) -> str:
    """A new feed secret; the old address stops working at once."""
    token = secrets.token_urlsafe(32)
    _write(store, r.FEED_TOKEN_KEY, token, now)
    return token


def feed_token_matches(store: Store, given: str) -> bool:
    """Whether ``given`` is the feed's secret, compared in constant time (never makes one)."""
    with store.sessions() as session:
        pref = _read(session, r.FEED_TOKEN_KEY)
    if pref is None or not given:
        return False
    return hmac.compare_digest(pref.value.encode(), given.encode("utf-8", "surrogatepass"))


# --- what the calendar holds --------------------------------------------------------------------


def build(
    store: Store, now: dt.datetime, full: bool | None = None, *, first: int | None = None
) -> Plan:
    """Every reminder the store asks for, titled plainly unless ``full`` (or the setting) says.

    With ``first``, only the first ``first`` reminders are made, in the same order, and
    ``left_out`` counts the rest: a page lists a hundred of what may be thousands, while the
    calendar file and the feed hold every one."""
    salt, made = _made_once(store, r.UID_SALT_KEY, now)
    today = local_day(now)
    began = min(local_day(made), today)
    found = [_daily_checkin(began)]
    total = 1
    with store.sessions() as session:
        for source in _SOURCES:
            room = None if first is None else max(first - len(found), 0)
            made_here, counted = source(session, today, room)
            found += made_here
            total += counted
    chosen = full_titles(store) if full is None else full
    shown = tuple(found[:first])
    return Plan(checkin_time(store), chosen, salt, shown, total - len(shown))


def _first(
    session: Session, query: Select[*tuple[Any, ...]], room: int | None
) -> tuple[Sequence[Any], int]:
    """The rows of ``query``, at most ``room`` of them (all for ``None``), and how many it
    has in all: counted from the same query, so the count and the rows cannot disagree."""
    if room is None:
        rows = session.execute(query).all()
        return rows, len(rows)
    rows = session.execute(query.limit(room)).all() if room else ()
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return rows, session.scalar(counted) or 0


def _daily_checkin(began: dt.date) -> r.Reminder:
    return r.Reminder("checkin", 0, PLAIN_CHECKIN, "Trustbridge: daily check-in", began,
                      r.Recurrence("daily"))  # fmt: skip


Made = tuple[list[r.Reminder], int]


def _rituals(session: Session, today: dt.date, room: int | None) -> Made:
    query = select(m.Ritual).where(m.Ritual.archived_at.is_(None)).order_by(m.Ritual.id)
    rows, counted = _first(session, query, room)
    made = []
    for (ritual,) in rows:
        weekdays = g.parse_weekdays(ritual.weekdays)
        first, recurrence = r.ritual_recurrence(
            ritual.cadence, weekdays, local_day(ritual.created_at)
        )
        title = f"Ritual: {r.one_line(ritual.name)}"
        made.append(r.Reminder("ritual", ritual.id, PLAIN_RITUAL, title, first, recurrence))
    return made, counted


def _partner_checkins(session: Session, today: dt.date, room: int | None) -> Made:
    """On the rhythm set, from the next one due (today when it is overdue); only once used."""
    every = _read(session, g.CHECKIN_DAYS_KEY)
    last = session.scalars(select(m.PartnerCheckIn.held_on).order_by(
        m.PartnerCheckIn.held_on.desc()).limit(1)).first()  # fmt: skip
    if every is None and last is None:
        return [], 0
    days = int(every.value) if every else g.DEFAULT_CHECKIN_DAYS
    due, _ = g.next_checkin(last, days, today)
    made = r.Reminder("partner_checkin", 0, PLAIN_CHECKIN, "Partner check-in",
                      max(due, today), r.every_days(days))  # fmt: skip
    return [made][:room], 1


def _bridge_plans(session: Session, today: dt.date, room: int | None) -> Made:
    """Plans with a rhythm, and plans with one check-in still to come."""
    plan = m.BridgePlan
    query = (
        select(plan, m.Person.name)
        .join(m.Person, m.Person.id == plan.person_id)
        .where(
            m.Person.archived_at.is_(None),
            or_(and_(plan.cadence_days.is_not(None), plan.cadence_days != 0),
                plan.next_checkin_on >= today),
        )
        .order_by(plan.id)
    )  # fmt: skip
    rows, counted = _first(session, query, room)
    made = []
    for bridge, name in rows:
        title = f"Bridge plan check-in with {r.one_line(name)}"
        first = bridge.next_checkin_on or local_day(bridge.created_at)
        every = r.every_days(bridge.cadence_days) if bridge.cadence_days else None
        made.append(r.Reminder("bridge_plan", bridge.id, PLAIN_CHECKIN, title, first, every))
    return made, counted


def _one_day(
    session: Session, query: Any, room: int | None, kind: str, plain: str, prefix: str
) -> Made:
    """Reminders of one day each, from ``query``'s (id, text, day) rows."""
    rows, counted = _first(session, query, room)
    return [
        r.Reminder(kind, number, plain, f"{prefix}: {r.one_line(text)}", on)
        for number, text, on in rows
    ], counted


def _boundaries(session: Session, today: dt.date, room: int | None) -> Made:
    b = m.Boundary
    query = select(b.id, b.statement, b.review_on).where(b.review_on >= today).order_by(b.id)
    return _one_day(session, query, room, "boundary", PLAIN_REVIEW, "Review boundary")


def _goals(session: Session, today: dt.date, room: int | None) -> Made:
    goal = m.SharedGoal
    query = (
        select(goal.id, goal.goal, goal.review_on)
        .where(goal.review_on >= today, goal.status == "active")
        .order_by(goal.id)
    )
    return _one_day(session, query, room, "goal", PLAIN_REVIEW, "Review goal")


def _promises(session: Session, today: dt.date, room: int | None) -> Made:
    p = m.SelfPromise  # only the columns shown: there may be thousands of open promises
    query = (
        select(p.id, p.text, p.due_on).where(p.status == "open", p.due_on >= today).order_by(p.id)
    )
    return _one_day(session, query, room, "promise", PLAIN_PROMISE, "Promise due")


#: after the daily check-in, in the order a calendar file lists them
_SOURCES: tuple[Callable[[Session, dt.date, int | None], Made], ...] = (
    _rituals, _partner_checkins, _bridge_plans, _boundaries, _goals, _promises,
)  # fmt: skip
