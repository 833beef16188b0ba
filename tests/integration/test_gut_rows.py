"""Gut calibration read as plain rows is what it was through the ORM: the same checks with
the same people, the same per-person calibrations in the same order, the same open checks."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.integration.support import fresh_people, values
from trustbridge.domain import calibration as cal
from trustbridge.services import relating
from trustbridge.store import models as m
from trustbridge.store.db import Store

NOW = dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC)
CHECKS = st.lists(  # whose, how sure, what came of it, hours ago (the same more than once)
    st.tuples(st.integers(0, 2), st.integers(50, 100), st.one_of(st.none(), st.booleans()),
              st.integers(0, 4)),
    max_size=12,
)  # fmt: skip


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(checks=CHECKS)
def test_gut_calibration_is_what_the_orm_reads(
    store: Store, checks: list[tuple[int, int, bool | None, int]]
) -> None:
    with store.session() as session:
        people = fresh_people(session, m.GutCheck)
        for who, sure, came_true, hours in checks:
            session.add(m.GutCheck(
                person_id=people[who].id, sense="they will come", confidence=sure,
                came_true=came_true, created_at=NOW - dt.timedelta(hours=hours),
            ))  # fmt: skip
    with store.session() as session:
        found = [
            (values(c, "gut_checks"), values(p, "people"))
            for c, p in session.execute(
                select(m.GutCheck, m.Person)
                .join(m.Person, m.Person.id == m.GutCheck.person_id)
                .order_by(m.GutCheck.created_at.desc(), m.GutCheck.id.desc())
            ).all()
        ]
    resolved: dict[int, list[cal.GutOutcome]] = {}
    for check, person in found:
        if check["came_true"] is not None:
            outcome = cal.GutOutcome(check["confidence"] / 100, check["came_true"])
            resolved.setdefault(person["id"], []).append(outcome)
    result = relating.gut_calibration(store)
    assert result.overall == cal.calibration([o for os in resolved.values() for o in os])
    assert [(p.id, c) for p, c in result.by_person] == [
        (pid, cal.calibration(os)) for pid, os in resolved.items()
    ]
    assert [(values(c, "gut_checks"), values(p, "people")) for c, p in result.open_checks] == [
        (c, p) for c, p in found if c["came_true"] is None
    ]
