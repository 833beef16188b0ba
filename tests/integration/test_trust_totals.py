"""The running trust totals the store keeps give the same estimates as working them out afresh.

Whatever happens to the evidence (added, changed, deleted one by one or with its person,
dated after today, or read with another half-life), the circle's estimate from the kept
totals equals the estimate from every event.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from trustbridge.config import load_settings
from trustbridge.domain import trust
from trustbridge.services import trust_reads
from trustbridge.store import models as m
from trustbridge.store import trust_totals
from trustbridge.store.db import Store, open_store

TODAY = dt.date(2026, 3, 14)
START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

days = st.integers(-2500, 30).map(lambda n: TODAY + dt.timedelta(days=n))
events = st.tuples(
    st.integers(0, 2), st.sampled_from(trust.DIMENSIONS), st.booleans(),
    st.sampled_from(sorted(trust.WEIGHTS)), days,
)  # fmt: skip
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), events),
        st.tuples(st.just("change"), st.integers(0, 10_000), events),
        st.tuples(st.just("delete"), st.integers(0, 10_000)),
        st.tuples(st.just("forget person"), st.integers(0, 2)),
    ),
    max_size=40,
)


def _store(half_life: float = 180.0) -> Store:
    folder = Path(tempfile.mkdtemp(prefix="trust-totals-"))
    return open_store(load_settings(folder).replace(half_life_days=half_life))


def _afresh(store: Store, today: dt.date, half_life: float) -> dict[int, trust.Estimate]:
    with store.sessions() as session:
        rows = session.scalars(select(m.EvidenceEvent)).all()
    by_person: dict[int, list[trust.Evidence]] = {}
    for r in rows:
        by_person.setdefault(r.person_id, []).append(
            trust.Evidence(r.id, r.dimension, r.positive, r.weight, r.occurred_on)
        )
    return {pid: trust.estimate(evs, today, half_life) for pid, evs in by_person.items()}


def _agree(store: Store, today: dt.date, half_life: float) -> None:
    kept = trust_reads.overall(store, today, half_life)
    fresh = _afresh(store, today, half_life)
    assert set(kept) == set(fresh)
    for pid, est in fresh.items():
        got = kept[pid].estimate()
        assert math.isclose(got.positive, est.positive, rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(got.negative, est.negative, rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(got.mean, est.mean, rel_tol=1e-9, abs_tol=1e-12)


def _agree_by_dimension(store: Store, today: dt.date, half_life: float) -> None:
    """``trust_reads.latest``, with later evidence counted in full or left out, gives each
    dimension's estimate and the pooled one as every event would."""
    with store.sessions() as session:
        rows = session.scalars(select(m.EvidenceEvent)).all()
        found = {
            in_full: trust_reads.latest(session, today, half_life, later_in_full=in_full)
            for in_full in (True, False)
        }
        some = set(sorted(found[True])[:1])  # one person's alone, as the insights ask for it
        alone = trust_reads.latest(session, today, half_life, later_in_full=True, people=some)
    assert set(alone) == some
    for pid in some:
        assert alone[pid] == found[True][pid]
    for in_full, kept in found.items():
        by_person: dict[int, list[trust.Evidence]] = {}
        for r in rows:
            if in_full or r.occurred_on <= today:
                by_person.setdefault(r.person_id, []).append(
                    trust.Evidence(r.id, r.dimension, r.positive, r.weight, r.occurred_on)
                )
        assert set(kept) == set(by_person)
        for pid, evs in by_person.items():
            assert kept[pid].events == len(evs)
            got = kept[pid].estimates()
            for name, est in trust.estimates(evs, today, half_life).items():
                assert math.isclose(got[name].mean, est.mean, rel_tol=1e-9, abs_tol=1e-12)
                assert math.isclose(got[name].amount, est.amount, rel_tol=1e-9, abs_tol=1e-9)


def _apply(store: Store, people: list[int], step: tuple) -> None:  # type: ignore[type-arg]
    with store.session() as session:
        ids = list(session.scalars(select(m.EvidenceEvent.id).order_by(m.EvidenceEvent.id)))
        if step[0] == "add":
            who, dimension, positive, weight, on = step[1]
            session.add(m.EvidenceEvent(
                created_at=START, person_id=people[who], dimension=dimension,
                positive=positive, weight=weight, occurred_on=on, source="manual",
            ))  # fmt: skip
        elif step[0] == "change" and ids:
            event = session.get(m.EvidenceEvent, ids[step[1] % len(ids)])
            who, event.dimension, event.positive, event.weight, event.occurred_on = step[2]
            event.person_id = people[who]
        elif step[0] == "delete" and ids:
            session.execute(
                delete(m.EvidenceEvent).where(m.EvidenceEvent.id == ids[step[1] % len(ids)])
            )
        elif step[0] == "forget person":
            session.execute(
                delete(m.EvidenceEvent).where(m.EvidenceEvent.person_id == people[step[1]])
            )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=steps, half_life=st.sampled_from([7.0, 30.0, 180.0, 365.0]))
def test_kept_totals_match_the_events_after_any_changes(steps: list, half_life: float) -> None:  # type: ignore[type-arg]
    store = _store(half_life)
    try:
        with store.session() as session:
            persons = [m.Person(created_at=START, name=f"P{i}", kind="friend") for i in range(3)]
            session.add_all(persons)
            session.flush()
            people = [p.id for p in persons]
        for step in steps:
            _apply(store, people, step)
            _agree(store, TODAY, half_life)
        _agree(store, TODAY + dt.timedelta(days=400), half_life)  # the future events now past
        _agree_by_dimension(store, TODAY, half_life)
    finally:
        store.close()


def test_a_new_half_life_makes_the_totals_again(store: Store) -> None:
    with store.session() as session:
        person = m.Person(created_at=START, name="Sam", kind="friend")
        session.add(person)
        session.flush()
        for n in range(30):
            session.add(m.EvidenceEvent(
                created_at=START, person_id=person.id, dimension=trust.DIMENSIONS[n % 5],
                positive=n % 3 != 0, weight="significant", occurred_on=TODAY - dt.timedelta(days=9 * n),
                source="manual",
            ))  # fmt: skip
    _agree(store, TODAY, 180.0)
    _agree(store, TODAY, 45.0)
    with store.sessions() as session:
        assert trust_totals.kept_half_life(session.connection().exec_driver_sql) == 45.0


def test_a_deleted_person_leaves_no_totals(store: Store) -> None:
    with store.session() as session:
        person = m.Person(created_at=START, name="Kim", kind="friend")
        session.add(person)
        session.flush()
        session.add(m.EvidenceEvent(
            created_at=START, person_id=person.id, dimension="keeps_promises", positive=True,
            weight="small", occurred_on=TODAY, source="manual",
        ))  # fmt: skip
    with store.session() as session:
        session.execute(delete(m.Person))
    with store.sessions() as session:
        left = session.connection().exec_driver_sql(f"SELECT count(*) FROM {trust_totals.TABLE}")
        assert left.scalar() == 0


def test_the_sql_weights_are_the_domain_weights() -> None:
    for name, weight in trust.WEIGHTS.items():
        assert f"'{name}' THEN {weight!r}" in trust_totals.WEIGHT_SQL


@pytest.mark.parametrize("encrypted", [False, True])
def test_the_circle_reads_the_totals_on_a_real_store(tmp_path: Path, encrypted: bool) -> None:
    settings_ = load_settings(tmp_path)
    if encrypted:
        settings_ = settings_.replace(key=b"k" * 32)
    store = open_store(settings_)
    try:
        with store.session() as session:
            person = m.Person(created_at=START, name="Ana", kind="friend")
            session.add(person)
            session.flush()
            session.add(m.EvidenceEvent(
                created_at=START, person_id=person.id, dimension="keeps_promises", positive=True,
                weight="major", occurred_on=TODAY, source="manual",
            ))  # fmt: skip
        _agree(store, TODAY, settings_.half_life_days)
    finally:
        store.close()
