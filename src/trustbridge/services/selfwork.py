"""Use-cases beyond saving an entry: re-rating beliefs, settling promises, self-check trends, checklists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from trustbridge.content import load_program
from trustbridge.domain import records as r
from trustbridge.domain.fields import ValidationError, clean
from trustbridge.domain.scoring import Trend, daily_index, kept_share, trend
from trustbridge.services.base import NotFound, Saved, crisis_in, local_day
from trustbridge.store import models as m
from trustbridge.store.db import Store


def rate_belief(
    store: Store, belief_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.BeliefRating]:
    """Record how true a belief feels today, so its believability can be followed over time."""
    values = clean(r.BELIEF_RATING_FIELDS, raw, local_day(now))
    with store.session() as session:
        if session.get(m.Belief, belief_id) is None:
            raise NotFound(f"No belief with number {belief_id}")
        rating = m.BeliefRating(belief_id=belief_id, rated_at=now, **values)
        session.add(rating)
    return Saved(rating, crisis_in(r.BELIEF_RATING_FIELDS, values))


@dataclass(frozen=True, slots=True)
class PromiseSummary:
    open: list[m.SelfPromise]
    settled: list[m.SelfPromise]
    rate: float | None
    overdue: int


def promises(store: Store, now: dt.datetime, settled_limit: int = 50) -> PromiseSummary:
    """Promises to myself: open by due date, the latest settled, and my follow-through rate.

    The rate counts every promise I made, to myself or to someone else; promises others
    made to me are evidence about them instead (see ``relating.settle_promise``).
    """
    with store.sessions() as session:
        still_open = list(
            session.scalars(
                select(m.SelfPromise)
                .where(m.SelfPromise.status == "open", m.SelfPromise.person_id.is_(None))
                .order_by(m.SelfPromise.due_on, m.SelfPromise.id)
            )
        )
        settled = list(
            session.scalars(
                select(m.SelfPromise)
                .where(m.SelfPromise.status != "open", m.SelfPromise.person_id.is_(None))
                .order_by(m.SelfPromise.resolved_at.desc(), m.SelfPromise.id.desc())
                .limit(settled_limit)
            )
        )
        tally = dict(
            session.execute(
                select(m.SelfPromise.status, func.count())
                .where(m.SelfPromise.made_by == "me")
                .group_by(m.SelfPromise.status)
            ).all()
        )
    today = local_day(now)
    return PromiseSummary(
        open=still_open,
        settled=settled,
        rate=kept_share(tally.get("kept", 0), tally.get("broken", 0)),
        overdue=sum(p.due_on < today for p in still_open),
    )


def promises_due(
    store: Store, now: dt.datetime, within_days: int = 7, limit: int = 5
) -> list[m.SelfPromise]:
    """Open promises past their date or due within ``within_days``, soonest first."""
    horizon = local_day(now) + dt.timedelta(days=within_days)
    with store.sessions() as session:
        return list(
            session.scalars(
                select(m.SelfPromise)
                .where(
                    m.SelfPromise.status == "open",
                    m.SelfPromise.due_on <= horizon,
                    m.SelfPromise.made_by == "me",
                )
                .order_by(m.SelfPromise.due_on, m.SelfPromise.id)
                .limit(limit)
            )
        )


@dataclass(frozen=True, slots=True)
class SafetyHistory:
    checks: list[m.SafetyCheck]
    trend: Trend

    @property
    def latest(self) -> m.SafetyCheck | None:
        return self.checks[-1] if self.checks else None


def safety_history(store: Store, limit: int = 120) -> SafetyHistory:
    """The latest ``limit`` self-checks, oldest first, with the direction the score is moving."""
    with store.sessions() as session:
        newest = list(
            session.scalars(
                select(m.SafetyCheck)
                .order_by(m.SafetyCheck.created_at.desc(), m.SafetyCheck.id.desc())
                .limit(limit)
            )
        )
    checks = newest[::-1]
    return SafetyHistory(checks, trend([(c.created_at, c.score) for c in checks]))


def belief_trend(belief: m.Belief) -> Trend:
    return trend([(x.rated_at, x.believability) for x in belief.ratings])


def learned_beliefs(store: Store) -> dict[str, bool]:
    """Which learned beliefs the person marked as ringing true."""
    with store.sessions() as session:
        return {x.key: x.applies for x in session.scalars(select(m.LearnedBeliefMark))}


def mark_learned_beliefs(
    store: Store, applying: Iterable[str], now: dt.datetime
) -> dict[str, bool]:
    """Save the whole checklist at once: the keys given ring true, the rest do not."""
    known = [i.key for i in load_program().checklists["learned_beliefs"]]
    chosen = set(applying)
    unknown = chosen - set(known)
    if unknown:
        raise ValidationError({"beliefs": "Unknown belief: " + ", ".join(sorted(unknown))})
    with store.session() as session:
        for key in known:
            mark = session.get(m.LearnedBeliefMark, key)
            if mark is None:
                session.add(m.LearnedBeliefMark(key=key, applies=key in chosen, updated_at=now))
            elif mark.applies != (key in chosen):
                mark.applies, mark.updated_at = key in chosen, now
    return {key: key in chosen for key in known}


@dataclass(frozen=True, slots=True)
class DailyAffirmation:
    text: str
    own: bool


def affirmation_of_the_day(store: Store, now: dt.datetime) -> DailyAffirmation:
    """One of the person's own affirmations, the same all day; a starter if they have none yet."""
    with store.sessions() as session:
        ids = list(
            session.scalars(
                select(m.Affirmation.id).where(m.Affirmation.active).order_by(m.Affirmation.id)
            )
        )
        index = daily_index(len(ids), local_day(now))
        if index is not None:
            chosen = session.get(m.Affirmation, ids[index])
            assert chosen is not None
            return DailyAffirmation(chosen.text, own=True)
    starters = load_program().affirmation_starters
    return DailyAffirmation(starters[daily_index(len(starters), local_day(now)) or 0], own=False)


def checkin_today(store: Store, now: dt.datetime) -> m.CheckIn | None:
    """Today's most recent check-in, if there is one."""
    with store.sessions() as session:
        return session.scalars(
            select(m.CheckIn)
            .where(m.CheckIn.day == local_day(now))
            .order_by(m.CheckIn.created_at.desc())
            .limit(1)
        ).first()
