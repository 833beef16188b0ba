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
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
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


def build(store: Store, now: dt.datetime, full: bool | None = None) -> Plan:
    """Every reminder the store asks for, titled plainly unless ``full`` (or the setting) says."""
    salt, made = _made_once(store, r.UID_SALT_KEY, now)
    today = local_day(now)
    began = min(local_day(made), today)
    with store.sessions() as session:
        found = (
            _daily_checkin(began),
            *_rituals(session),
            *_partner_checkins(session, today),
            *_bridge_plans(session, today),
            *_reviews(session, today),
            *_promises(session, today),
        )
    chosen = full_titles(store) if full is None else full
    return Plan(checkin_time(store), chosen, salt, found)


def _daily_checkin(began: dt.date) -> r.Reminder:
    return r.Reminder("checkin", 0, PLAIN_CHECKIN, "Trustbridge: daily check-in", began,
                      r.Recurrence("daily"))  # fmt: skip


def _rituals(session: Session) -> Iterator[r.Reminder]:
    query = select(m.Ritual).where(m.Ritual.archived_at.is_(None)).order_by(m.Ritual.id)
    for ritual in session.scalars(query):
        weekdays = g.parse_weekdays(ritual.weekdays)
        first, recurrence = r.ritual_recurrence(
            ritual.cadence, weekdays, local_day(ritual.created_at)
        )
        title = f"Ritual: {r.one_line(ritual.name)}"
        yield r.Reminder("ritual", ritual.id, PLAIN_RITUAL, title, first, recurrence)


def _partner_checkins(session: Session, today: dt.date) -> Iterator[r.Reminder]:
    """On the rhythm set, from the next one due (today when it is overdue); only once used."""
    every = _read(session, g.CHECKIN_DAYS_KEY)
    last = session.scalars(select(m.PartnerCheckIn.held_on).order_by(
        m.PartnerCheckIn.held_on.desc()).limit(1)).first()  # fmt: skip
    if every is None and last is None:
        return
    days = int(every.value) if every else g.DEFAULT_CHECKIN_DAYS
    due, _ = g.next_checkin(last, days, today)
    yield r.Reminder("partner_checkin", 0, PLAIN_CHECKIN, "Partner check-in",
                     max(due, today), r.every_days(days))  # fmt: skip


def _bridge_plans(session: Session, today: dt.date) -> Iterator[r.Reminder]:
    query = (
        select(m.BridgePlan, m.Person)
        .join(m.Person, m.Person.id == m.BridgePlan.person_id)
        .where(m.Person.archived_at.is_(None))
        .order_by(m.BridgePlan.id)
    )
    for plan, person in session.execute(query):
        title = f"Bridge plan check-in with {r.one_line(person.name)}"
        first = plan.next_checkin_on or local_day(plan.created_at)
        if plan.cadence_days:
            recurrence = r.every_days(plan.cadence_days)
            yield r.Reminder("bridge_plan", plan.id, PLAIN_CHECKIN, title, first, recurrence)
        elif plan.next_checkin_on and plan.next_checkin_on >= today:
            yield r.Reminder("bridge_plan", plan.id, PLAIN_CHECKIN, title, first)


def _reviews(session: Session, today: dt.date) -> Iterator[r.Reminder]:
    boundaries = select(m.Boundary).where(m.Boundary.review_on >= today).order_by(m.Boundary.id)
    for boundary in session.scalars(boundaries):
        title = f"Review boundary: {r.one_line(boundary.statement)}"
        assert boundary.review_on is not None
        yield r.Reminder("boundary", boundary.id, PLAIN_REVIEW, title, boundary.review_on)
    goals = (
        select(m.SharedGoal)
        .where(m.SharedGoal.review_on >= today, m.SharedGoal.status == "active")
        .order_by(m.SharedGoal.id)
    )
    for goal in session.scalars(goals):
        title = f"Review goal: {r.one_line(goal.goal)}"
        assert goal.review_on is not None
        yield r.Reminder("goal", goal.id, PLAIN_REVIEW, title, goal.review_on)


def _promises(session: Session, today: dt.date) -> Iterator[r.Reminder]:
    p = m.SelfPromise  # only the columns shown: there may be thousands of open promises
    query = (
        select(p.id, p.text, p.due_on).where(p.status == "open", p.due_on >= today).order_by(p.id)
    )
    for number, text, due_on in session.execute(query):
        yield r.Reminder(
            "promise", number, PLAIN_PROMISE, f"Promise due: {r.one_line(text)}", due_on
        )
