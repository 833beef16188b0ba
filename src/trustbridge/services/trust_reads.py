"""Everyone's overall trust evidence at once, from the store's running totals.

The circle page needs, for each person, how much faded evidence went well and how much did
not. :mod:`trustbridge.store.trust_totals` keeps that per person, dimension and sign, so this
reads a few rows a person instead of every event. People with evidence dated after today
(which counts in full, not faded) are worked out from their events, as is everything on a
database without the totals' triggers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustbridge.domain import trust
from trustbridge.store import models as m
from trustbridge.store import trust_totals
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
        later = set(
            session.scalars(
                select(m.EvidenceEvent.person_id).where(m.EvidenceEvent.occurred_on > today)
            )
        )
        rows = session.connection().exec_driver_sql(
            trust_totals.faded_sql("julianday(?)"), (today.isoformat(),)
        )
        sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        for person_id, positive, amount, events in rows:
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
    e = m.EvidenceEvent
    query = select(e.id, e.person_id, e.dimension, e.positive, e.weight, e.occurred_on)
    if people is not None:
        query = query.where(e.person_id.in_(people))
    by_person: dict[int, list[trust.Evidence]] = defaultdict(list)
    for r in session.execute(query):
        by_person[r.person_id].append(
            trust.Evidence(r.id, r.dimension, r.positive, r.weight, r.occurred_on)
        )
    found = {}
    for pid, events in by_person.items():
        est = trust.estimate(events, today, half_life)
        found[pid] = Amounts(est.positive, est.negative, len(events))
    return found
