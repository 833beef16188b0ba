"""Today's promises with people, read as plain rows in one statement, are the promises and
people the ORM's join finds: the same ones, in the same order, with the same values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from trustbridge.services import selfwork
from trustbridge.services.base import local_day
from trustbridge.store import models as m
from trustbridge.store import shapes
from trustbridge.store.db import Store

NOW = dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC)
PROMISES = st.lists(
    st.tuples(
        st.integers(0, 3),  # which person (0: a promise to myself)
        st.integers(-10, 12),  # days from today it is due
        st.sampled_from(("open", "kept", "broken")),
        st.sampled_from(("me", "them")),
    ),
    max_size=12,
)


def _by_the_orm(store: Store, within: int, limit: int) -> list[tuple[Any, Any]]:
    horizon = local_day(NOW) + dt.timedelta(days=within)
    with store.session() as session:
        found = session.execute(
            select(m.SelfPromise, m.Person)
            .join(m.Person, m.Person.id == m.SelfPromise.person_id)
            .where(m.SelfPromise.status == "open", m.SelfPromise.due_on <= horizon)
            .where(m.Person.archived_at.is_(None))
            .order_by(m.SelfPromise.due_on, m.SelfPromise.id)
            .limit(limit)
        ).all()
        return [(promise, person) for promise, person in found]


def _values(record: Any, table: str) -> dict[str, Any]:
    return {name: getattr(record, name) for name in shapes.TABLES[table]}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    promises=PROMISES,
    archived=st.sets(st.integers(1, 3)),
    within=st.integers(0, 8),
    limit=st.integers(1, 6),
)
def test_promises_with_people_are_what_the_orms_join_finds(
    store: Store, promises: list[tuple[int, int, str, str]], archived: set[int], within: int,
    limit: int,
) -> None:  # fmt: skip
    with store.session() as session:
        session.execute(delete(m.SelfPromise))
        session.execute(delete(m.Person))
        people = [
            m.Person(name=f"Person {n}", kind="friend", created_at=NOW,
                     archived_at=NOW if n in archived else None)
            for n in (1, 2, 3)
        ]  # fmt: skip
        session.add_all(people)
        session.flush()
        for who, days, status, made_by in promises:
            session.add(m.SelfPromise(
                text=f"Promise due in {days}", person_id=people[who - 1].id if who else None,
                made_by=made_by, due_on=local_day(NOW) + dt.timedelta(days=days), status=status,
                created_at=NOW,
            ))  # fmt: skip
    expected = _by_the_orm(store, within, limit)
    found = selfwork.promises_with_people_due(store, NOW, within_days=within, limit=limit)
    assert [(_values(p, "self_promises"), _values(who, "people")) for p, who in found] == [
        (_values(p, "self_promises"), _values(who, "people")) for p, who in expected
    ]
