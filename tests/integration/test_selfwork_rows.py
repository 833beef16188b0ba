"""Promises to myself and the self-check history, read as plain rows, are what the ORM
reads: the same records, in the same order, with the same values, and the same counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from tests.integration.support import fresh_people, values
from trustbridge.services import selfwork, selfwork_reads
from trustbridge.services.base import local_day
from trustbridge.services.entries import Through
from trustbridge.store import models as m
from trustbridge.store.db import Store

NOW = dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC)
TO_MYSELF = m.SelfPromise.person_id.is_(None)
PROMISES = st.lists(
    st.tuples(
        st.booleans(),  # with someone (not to myself)
        st.integers(-10, 12),  # days from today it is due
        st.sampled_from(("open", "kept", "broken", "renegotiated")),
        st.one_of(st.none(), st.integers(0, 5)),  # settled that many days ago
    ),
    max_size=14,
)
CHECKS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 20)), max_size=12)
ONCE = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _by_the_orm(store: Store, settled_limit: int) -> tuple[list[Any], list[Any], dict[str, int]]:
    with store.session() as session:
        still_open = session.scalars(
            select(m.SelfPromise)
            .where(m.SelfPromise.status == "open", TO_MYSELF)
            .order_by(m.SelfPromise.due_on, m.SelfPromise.id)
        )
        settled = session.scalars(
            select(m.SelfPromise)
            .where(m.SelfPromise.status != "open", TO_MYSELF)
            .order_by(m.SelfPromise.resolved_at.desc(), m.SelfPromise.id.desc())
            .limit(settled_limit)
        )
        tally = session.execute(
            select(m.SelfPromise.status, func.count())
            .where(TO_MYSELF)
            .group_by(m.SelfPromise.status)
        )
        return (
            [values(p, "self_promises") for p in still_open],
            [values(p, "self_promises") for p in settled],
            {status: n for status, n in tally.all()},
        )


@ONCE
@given(promises=PROMISES, settled_limit=st.integers(1, 6), open_limit=st.integers(1, 6))
def test_promises_to_myself_are_what_the_orm_reads(
    store: Store, promises: list[tuple[bool, int, str, int | None]], settled_limit: int,
    open_limit: int,
) -> None:  # fmt: skip
    with store.session() as session:
        [person] = fresh_people(session, m.SelfPromise, count=1)
        for with_someone, days, status, settled in promises:
            session.add(m.SelfPromise(
                text=f"Promise due in {days}", person_id=person.id if with_someone else None,
                due_on=local_day(NOW) + dt.timedelta(days=days), status=status,
                resolved_at=None if settled is None else NOW - dt.timedelta(days=settled),
                created_at=NOW,
            ))  # fmt: skip
    still_open, settled, tally = _by_the_orm(store, settled_limit)
    found = selfwork.promises(store, NOW, settled_limit)
    assert [values(p, "self_promises") for p in found.open] == still_open
    assert [values(p, "self_promises") for p in found.settled] == settled
    assert (found.kept, found.broken) == (tally.get("kept", 0), tally.get("broken", 0))
    assert found.overdue == sum(p["due_on"] < local_day(NOW) for p in still_open)
    with store.session() as session:  # the command line's: the first few open, the same counts
        first = selfwork_reads.promises(Through(session), local_day(NOW), settled_limit, open_limit)
    assert [values(p, "self_promises") for p in first.open] == still_open[:open_limit]
    assert (first.settled, first.kept, first.broken, first.overdue) == (
        found.settled, found.kept, found.broken, found.overdue,
    )  # fmt: skip


@ONCE
@given(checks=CHECKS, limit=st.integers(1, 8))
def test_the_self_check_history_is_what_the_orm_reads(
    store: Store, checks: list[tuple[int, int]], limit: int
) -> None:
    with store.session() as session:
        session.execute(delete(m.SafetyCheck))
        for hours_ago, score in checks:  # the same moment more than once: then by number
            when = NOW - dt.timedelta(hours=hours_ago)
            session.add(m.SafetyCheck(created_at=when, answers={"numbness": 1}, score=score))
    with store.session() as session:
        newest = session.scalars(
            select(m.SafetyCheck)
            .order_by(m.SafetyCheck.created_at.desc(), m.SafetyCheck.id.desc())
            .limit(limit)
        )
        expected = [values(c, "safety_checks") for c in newest][::-1]
    found = selfwork.safety_history(store, limit)
    assert [values(c, "safety_checks") for c in found.checks] == expected
    assert found.latest is (found.checks[-1] if found.checks else None)


@ONCE
@given(marks=st.dictionaries(st.sampled_from(["not_good_enough", "too_much", "alone"]),
                             st.booleans()))  # fmt: skip
def test_the_learned_beliefs_ticked_are_what_the_orm_reads(
    store: Store, marks: dict[str, bool]
) -> None:
    with store.session() as session:
        session.execute(delete(m.LearnedBeliefMark))
        session.add_all(
            m.LearnedBeliefMark(key=key, applies=applies, updated_at=NOW)
            for key, applies in marks.items()
        )
    with store.session() as session:
        expected = {x.key: x.applies for x in session.scalars(select(m.LearnedBeliefMark))}
    found = selfwork.learned_beliefs(store)
    assert dict(found) == expected and found["never marked"] is False
