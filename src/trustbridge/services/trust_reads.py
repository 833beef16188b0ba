"""Everyone's overall trust evidence at once, from the store's running totals.

The circle page needs, for each person, how much faded evidence went well and how much did
not. :mod:`trustbridge.store.trust_totals` keeps that per person, dimension and sign, so this
reads a few rows a person instead of every event. People with evidence dated after today
(which counts in full, not faded) are worked out from their events, as is everything on a
database without the totals' triggers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustbridge.domain import trust
from trustbridge.store import models as m
from trustbridge.store import rows, trust_totals
from trustbridge.store.db import Store


@dataclass(frozen=True, slots=True)
class Amounts:
    """One person's faded evidence, pooled over every dimension."""

    positive: float = 0.0
    negative: float = 0.0
    events: int = 0

    def estimate(self) -> trust.Estimate:
        return trust.from_amounts(self.positive, self.negative)


def overall(store: Store, today: dt.date, half_life: float) -> dict[int, Amounts]:
    """Each person's pooled evidence today (people with none are left out)."""
    if store.engine.dialect.name != "sqlite":
        with store.sessions() as session:
            return _from_events(session, today, half_life, None)
    with store.sessions() as session:
        kept = trust_totals.kept_half_life(session.connection().exec_driver_sql)
    if kept != float(half_life):  # the setting changed since the totals were made
        with store.session() as session:
            trust_totals.ensure(session.connection().exec_driver_sql, half_life)
    with store.sessions() as session:
        later = _later(session, today, None)
        execute = _raw(session)
        sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        for person_id, _, positive, amount, events in trust_totals.faded(
            execute, today, half_life, None
        ):
            if person_id not in later:
                kept_sums = sums[person_id]
                kept_sums[0 if positive else 1] += max(0.0, amount)
                kept_sums[2] += events
        found = {pid: Amounts(r, s, int(n)) for pid, (r, s, n) in sums.items()}
        if later:
            found |= _from_events(session, today, half_life, later)
    return found


def _from_events(
    session: Session, today: dt.date, half_life: float, people: set[int] | None
) -> dict[int, Amounts]:
    found = {}
    for pid, events in events_by_person(session, None, people).items():
        est = trust.estimate(events, today, half_life)
        found[pid] = Amounts(est.positive, est.negative, len(events))
    return found


@dataclass(frozen=True, slots=True)
class Latest:
    """One person's faded evidence on a day, per dimension and sign, and how many events it
    rests on; estimates are worked out only when asked for."""

    amounts: dict[tuple[str, bool], float]
    events: int

    def estimate(self, name: str) -> trust.Estimate:
        """One dimension's estimate, or ``"overall"``: every dimension pooled."""
        if name == trust.OVERALL:
            good = math.fsum(v for (_, sign), v in self.amounts.items() if sign)
            bad = math.fsum(v for (_, sign), v in self.amounts.items() if not sign)
            return trust.from_amounts(good, bad)
        return trust.from_amounts(
            self.amounts.get((name, True), 0.0), self.amounts.get((name, False), 0.0), name
        )

    def estimates(self) -> dict[str, trust.Estimate]:
        """Every dimension's, in ``trust.DIMENSIONS`` order, then ``"overall"``."""
        return {name: self.estimate(name) for name in (*trust.DIMENSIONS, trust.OVERALL)}


def latest(
    session: Session,
    day: dt.date,
    half_life: float,
    *,
    later_in_full: bool = False,
    people: Collection[int] | None = None,
) -> dict[int, Latest]:
    """Each person's estimates on ``day`` (only ``people``'s, when given), from the running
    totals where they hold the answer.

    Evidence dated after ``day`` is left out (the insights' rule), or with ``later_in_full``
    counted in full, as :func:`trust.estimate` counts it (the circle's and the ladder's rule).
    The totals are faded to ``day`` in closed form; a person with evidence dated after ``day``
    is worked out from their events, as is everyone on a database without the totals or with
    totals made for another half-life (the circle page makes them again).
    """
    upto = None if later_in_full else day
    connection = session.connection()
    if connection.dialect.name != "sqlite" or (
        trust_totals.kept_half_life(connection.exec_driver_sql) != float(half_life)
    ):
        return _latest_from_events(session, day, half_life, people, upto)
    later = _later(session, day, people)
    rows = trust_totals.faded(_raw(session), day, half_life, people)
    sums: dict[int, dict[tuple[str, bool], float]] = defaultdict(dict)
    counts: dict[int, int] = defaultdict(int)
    for person_id, dimension, positive, amount, events in rows:
        if person_id not in later:
            sums[person_id][dimension, positive] = max(0.0, amount)
            counts[person_id] += events
    found = {pid: Latest(amounts, counts[pid]) for pid, amounts in sums.items()}
    if later:
        found |= _latest_from_events(session, day, half_life, later, upto)
    return found


def _raw(session: Session) -> Callable[..., Any]:
    """The SQLite connection's own ``execute``, under the session's: the totals' thousands of
    plain rows need none of SQLAlchemy's row handling, which costs more than reading them."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    return raw.execute  # type: ignore[no-any-return]


def _later(session: Session, day: dt.date, people: Collection[int] | None) -> set[int]:
    """The people with evidence dated after ``day``. Not ``DISTINCT``: SQLite would then walk
    the whole (person, day) index instead of the few rows the day index finds."""
    e = m.EvidenceEvent
    query = select(e.person_id).where(e.occurred_on > day)
    if people is not None:
        query = query.where(e.person_id.in_(list(people)))
    return set(session.scalars(query))


def _latest_from_events(
    session: Session,
    day: dt.date,
    half_life: float,
    people: Collection[int] | None,
    upto: dt.date | None,
) -> dict[int, Latest]:
    found = {}
    for pid, events in events_by_person(session, upto, people).items():
        estimates = trust.estimates(events, day, half_life)
        amounts = {(d, good): getattr(estimates[d], "positive" if good else "negative")
                   for d in trust.DIMENSIONS for good in (True, False)}  # fmt: skip
        found[pid] = Latest(amounts, len(events))
    return found


def events_by_person(
    session: Session, day: dt.date | None, people: Iterable[int] | None = None
) -> dict[int, list[trust.Evidence]]:
    """The evidence dated up to ``day`` (all of it for ``None``), person by person (only
    ``people``'s, when given).

    Read through the session's driver connection (:class:`.entries.Through`, narrowed to the
    account in hosted mode as the ORM narrows it): the circle reads every event on each
    visit, and SQLAlchemy's result cost more than the statement."""
    from trustbridge.services.entries import Through

    conditions: list[str] = []
    params: list[object] = []
    if day is not None:
        conditions.append("occurred_on <= ?")
        params.append(day.isoformat())
    if people is not None:
        wanted = list(people)
        if not wanted:
            return {}
        conditions.append(f"person_id IN ({', '.join('?' * len(wanted))})")
        params += wanted
    by_person: dict[int, list[trust.Evidence]] = defaultdict(list)
    for part in rows.stream(
        Through(session).cursor(), "evidence_events", 5000, " AND ".join(conditions), params,
        columns=("id", "person_id", "dimension", "positive", "weight", "occurred_on"),
    ):  # fmt: skip
        for number, person_id, dimension, positive, weight, on in part:
            evidence = trust.Evidence(number, dimension, bool(positive), weight, rows.day(on))
            by_person[person_id].append(evidence)
    return by_person
