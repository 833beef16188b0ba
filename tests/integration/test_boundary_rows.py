"""Boundaries with their tallies, boundary moments with whom and which, I-statements and
the balance report, read as plain rows, are what the ORM reads: the same records, in the
same order, with the same values and counts."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.integration.support import fresh_people, values
from trustbridge.domain import balance as bal
from trustbridge.services import boundaries
from trustbridge.services.base import local_day
from trustbridge.store import models as m
from trustbridge.store.db import Store

NOW = dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC)
ONCE = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
BOUNDARIES = st.lists(st.one_of(st.none(), st.integers(-5, 5)), min_size=1, max_size=4)  # review
EVENTS = st.lists(  # which boundary, which person, respected, days ago
    st.tuples(st.integers(0, 3), st.integers(0, 1), st.booleans(), st.integers(0, 4)),
    max_size=12,
)
STATEMENTS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=8)


def _fill(store: Store, reviews: list[int | None], events: list[tuple[int, int, bool, int]],
          statements: list[tuple[int, int]]) -> None:  # fmt: skip
    today = local_day(NOW)
    with store.session() as session:
        people = fresh_people(session, m.BoundaryEvent, m.IStatement, m.Boundary, count=2)
        made = [
            m.Boundary(statement=f"Boundary {n}", kind="time", non_negotiable=n % 2 == 0,
                       review_on=None if days is None else today + dt.timedelta(days=days),
                       created_at=NOW)
            for n, days in enumerate(reviews)
        ]  # fmt: skip
        session.add_all(made)
        session.flush()
        for which, who, respected, ago in events:
            session.add(m.BoundaryEvent(
                boundary_id=made[which % len(made)].id, person_id=people[who].id,
                respected=respected, occurred_on=today - dt.timedelta(days=ago), created_at=NOW,
            ))  # fmt: skip
        for which, hours in statements:  # the same moment more than once: then by number
            session.add(m.IStatement(
                boundary_id=made[which].id if which < len(made) else None, feel="sad",
                when="you go", need="a call", created_at=NOW - dt.timedelta(hours=hours),
            ))  # fmt: skip


@ONCE
@given(reviews=BOUNDARIES, events=EVENTS, statements=STATEMENTS, limit=st.integers(1, 6))
def test_boundaries_and_their_moments_are_what_the_orm_reads(
    store: Store, reviews: list[int | None], events: list[tuple[int, int, bool, int]],
    statements: list[tuple[int, int]], limit: int,
) -> None:  # fmt: skip
    _fill(store, reviews, events, statements)
    with store.session() as session:
        listed = list(session.scalars(select(m.Boundary).order_by(m.Boundary.id)))
        counts = dict(
            ((b, r), n)
            for b, r, n in session.execute(
                select(
                    m.BoundaryEvent.boundary_id, m.BoundaryEvent.respected, func.count()
                ).group_by(m.BoundaryEvent.boundary_id, m.BoundaryEvent.respected)
            ).all()
        )
        expected = [
            (values(b, "boundaries"), counts.get((b.id, True), 0), counts.get((b.id, False), 0),
             b.review_on is not None and b.review_on <= local_day(NOW))
            for b in listed
        ]  # fmt: skip
        moments = [
            (values(e, "boundary_events"), values(p, "people"), values(b, "boundaries"))
            for e, p, b in session.execute(
                select(m.BoundaryEvent, m.Person, m.Boundary)
                .join(m.Person, m.Person.id == m.BoundaryEvent.person_id)
                .join(m.Boundary, m.Boundary.id == m.BoundaryEvent.boundary_id)
                .order_by(m.BoundaryEvent.occurred_on.desc(), m.BoundaryEvent.id.desc())
                .limit(limit)
            ).all()
        ]
        said = [
            values(s, "i_statements")
            for s in session.scalars(
                select(m.IStatement)
                .order_by(m.IStatement.created_at.desc(), m.IStatement.id.desc())
                .limit(limit)
            )
        ]
    found = boundaries.boundaries(store, NOW)
    assert [
        (values(v.boundary, "boundaries"), v.respected, v.crossed, v.review_due) for v in found
    ] == expected
    assert [
        (values(e, "boundary_events"), values(p, "people"), values(b, "boundaries"))
        for e, p, b in boundaries.boundary_events(store, limit)
    ] == moments
    assert [values(s, "i_statements") for s in boundaries.i_statements(store, limit)] == said


LOGS = st.lists(  # days ago, minutes alone, minutes with others, solitude met
    st.tuples(st.integers(0, 30), st.integers(0, 600), st.integers(0, 600),
              st.one_of(st.none(), st.booleans())),
    max_size=10,
)  # fmt: skip
SUPPORT = st.lists(st.tuples(st.integers(0, 2), st.booleans(), st.booleans()), max_size=12)


@ONCE
@given(logs=LOGS, support=SUPPORT, weeks=st.integers(1, 5))
def test_the_balance_report_is_what_the_orm_reads_gives(
    store: Store, logs: list[tuple[int, int, int, bool | None]],
    support: list[tuple[int, bool, bool]], weeks: int,
) -> None:  # fmt: skip
    today = local_day(NOW)
    with store.session() as session:
        people = fresh_people(session, m.EvidenceEvent, m.BalanceLog)
        for ago, alone, together, met in logs:
            session.add(m.BalanceLog(
                day=today - dt.timedelta(days=ago), alone_minutes=alone,
                connected_minutes=together, solitude_met=met, created_at=NOW,
            ))  # fmt: skip
        for who, gives, positive in support:
            dimension = "reciprocates_support" if gives else "keeps_promises"
            session.add(m.EvidenceEvent(
                person_id=people[who].id, dimension=dimension, positive=positive,
                weight="small", occurred_on=today, source="manual", created_at=NOW,
            ))  # fmt: skip
    since = today - dt.timedelta(weeks=weeks)
    with store.session() as session:
        days = [
            bal.BalanceDay(x.day, x.alone_minutes, x.connected_minutes, x.solitude_met,
                           x.closeness_met)
            for x in session.scalars(
                select(m.BalanceLog).where(m.BalanceLog.day > since).order_by(m.BalanceLog.id)
            )
        ]  # fmt: skip
        counted = session.execute(
            select(m.Person.name, func.count())
            .join(m.EvidenceEvent, m.EvidenceEvent.person_id == m.Person.id)
            .where(m.EvidenceEvent.dimension == "reciprocates_support", m.EvidenceEvent.positive)
            .group_by(m.Person.id)
        ).all()
    expected = bal.balance_report(days, {name: float(n) for name, n in counted}, today, weeks)
    assert boundaries.balance_report(store, NOW, weeks) == expected
