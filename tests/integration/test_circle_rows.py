"""The circle's people and everyone's evidence, read as plain rows through the driver, are what
the ORM read: the same people in the same order with the same values, and the same events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from trustbridge.domain import trust
from trustbridge.services import people
from trustbridge.services.trust_reads import events_by_person
from trustbridge.store import models as m
from trustbridge.store import shapes
from trustbridge.store.db import Store

NOW = dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
EVENTS = st.lists(
    st.tuples(
        st.integers(0, 3),  # whose (an index into the people)
        st.sampled_from(trust.DIMENSIONS),
        st.booleans(),
        st.sampled_from(tuple(trust.WEIGHTS)),
        st.integers(-400, 3),  # days from today
    ),
    max_size=25,
)
FIXTURE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _fill(store: Store, archived: list[bool], added: list[int], events: list[Any]) -> list[int]:
    with store.session() as session:
        session.execute(delete(m.EvidenceEvent))
        session.execute(delete(m.Person))
        made = [
            m.Person(name=f"Person {n}", kind="friend", notes=None if n % 2 else "a note",
                     created_at=NOW - dt.timedelta(days=days),
                     archived_at=NOW if gone else None)
            for n, (gone, days) in enumerate(zip(archived, added, strict=True))
        ]  # fmt: skip
        session.add_all(made)
        session.flush()
        for whose, dimension, positive, weight, days in events:
            if whose < len(made):
                session.add(m.EvidenceEvent(
                    person_id=made[whose].id, dimension=dimension, positive=positive,
                    weight=weight, occurred_on=TODAY + dt.timedelta(days=days), created_at=NOW,
                ))  # fmt: skip
        return [p.id for p in made]


def _values(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in shapes.TABLES["people"]}


@FIXTURE
@given(
    archived=st.lists(st.booleans(), min_size=4, max_size=4),
    added=st.lists(st.integers(0, 2), min_size=4, max_size=4),  # ties on the day: then by id
    events=EVENTS,
    everyone=st.booleans(),
)
def test_the_circle_is_the_people_the_orm_read_with_their_evidence(
    store: Store, archived: list[bool], added: list[int], events: list[Any], everyone: bool
) -> None:
    _fill(store, archived, added, events)
    with store.session() as session:
        query = select(m.Person).order_by(m.Person.created_at.desc(), m.Person.id.desc())
        if not everyone:
            query = query.where(m.Person.archived_at.is_(None))
        expected = [_values(p) for p in session.scalars(query)]
        by_orm = _events_by_the_orm(session, None, None)
    members = people.circle(store, NOW, include_archived=everyone)
    assert [_values(x.person) for x in members] == expected
    for x in members:
        found = by_orm.get(x.person.id, [])
        assert x.evidence_count == len(found)
        worked_out = trust.estimate(found, TODAY, store.settings.half_life_days)
        # SQLite adds up kept totals (trust_totals), to the last bit or so of a float
        assert x.overall.positive == pytest.approx(worked_out.positive, rel=1e-12, abs=1e-12)
        assert x.overall.negative == pytest.approx(worked_out.negative, rel=1e-12, abs=1e-12)


def _events_by_the_orm(
    session: Any, day: dt.date | None, whose: list[int] | None
) -> dict[int, list[trust.Evidence]]:
    e = m.EvidenceEvent
    query = select(e.id, e.person_id, e.dimension, e.positive, e.weight, e.occurred_on)
    if day is not None:
        query = query.where(e.occurred_on <= day)
    if whose is not None:
        query = query.where(e.person_id.in_(whose))
    found: dict[int, list[trust.Evidence]] = {}
    for number, person_id, dimension, positive, weight, on in session.execute(query).all():
        found.setdefault(person_id, []).append(
            trust.Evidence(number, dimension, positive, weight, on)
        )
    return found


@FIXTURE
@given(
    events=EVENTS,
    day=st.none() | st.integers(-400, 3).map(lambda days: TODAY + dt.timedelta(days=days)),
    whose=st.none() | st.lists(st.integers(0, 4), max_size=3),
)
def test_everyones_evidence_is_what_the_orm_read(
    store: Store, events: list[Any], day: dt.date | None, whose: list[int] | None
) -> None:
    ids = _fill(store, [False] * 4, [0] * 4, events)
    wanted = None if whose is None else [ids[n] if n < len(ids) else 999 for n in whose]
    with store.session() as session:
        expected = _events_by_the_orm(session, day, wanted)
        found = events_by_person(session, day, wanted)
    assert {pid: sorted(them) for pid, them in found.items()} == {
        pid: sorted(them) for pid, them in expected.items()
    }
