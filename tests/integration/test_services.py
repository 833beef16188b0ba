"""The use-cases, through the services layer, on a fresh store each time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustbridge.content import load_program
from trustbridge.domain.fields import ValidationError
from trustbridge.domain.scoring import daily_index
from trustbridge.services import entries, program, relating, selfwork
from trustbridge.services.base import NotFound, local_day
from trustbridge.services.catalog import tool_specs
from trustbridge.store import models as m
from trustbridge.store.db import Store

DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)


def rows(store: Store, model: type[m.Base]) -> int:
    from sqlalchemy import func, select

    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def thought(**extra: object) -> dict[str, object]:
    return {
        "situation": "My friend did not reply for two days",
        "automatic_thought": "They are tired of me",
        "emotion_1": "anxious",
        "intensity_1": "80",
        "rerated_1": "40",
        "distortions": ["mind_reading"],
        "balanced_thought": "They are often busy on weekdays",
        **extra,
    }


def test_thought_record_keeps_every_field(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "thought_record", thought(), now)
    record = entries.get(store, "thought_record", saved.record.id)
    assert record.emotions == [{"name": "anxious", "intensity": 80, "rerated": 40}]
    assert record.distortions == "mind_reading"
    assert record.created_at == now
    assert not saved.crisis.flagged


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"intensity_1": "140"}, "intensity_1"),
        ({"situation": ""}, "situation"),
        ({"emotion_2": "sad"}, "intensity_2"),
        ({"distortions": ["not_a_trap"]}, "distortions"),
        ({"friend_view": "y" * 5_000_000}, "friend_view"),
    ],
)
def test_bad_thought_record_is_refused_whole(
    store: Store, now: dt.datetime, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        entries.add(store, "thought_record", thought(**change), now)
    assert field in info.value.errors
    assert rows(store, m.ThoughtRecord) == 0


def test_crisis_text_is_saved_and_flagged(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "journal", {"body": "I want to end my life"}, now)
    assert saved.crisis.flagged
    assert entries.get(store, "journal", saved.record.id).body == "I want to end my life"


def test_every_tool_saves_lists_and_deletes(store: Store, now: dt.datetime) -> None:
    samples = {
        "checkin": {"mood": 3},
        "journal": {"body": "A quiet day"},
        "hurt_inventory": {"what_happened": "Left out", "kind": "rejection"},
        "pattern_journal": {"situation": "Argument", "pattern": "withdraw"},
        "thought_record": thought(),
        "belief_tracker": {"statement": "I must manage alone", "believability": 70},
        "safety_selfcheck": {},
        "self_promises": {"text": "Rest on Sunday", "due_on": "2026-03-20"},
        "self_empathy": {"situation": "Work", "acknowledge": "I felt small"},
        "affirmations": {"text": "I am allowed to rest"},
        "habits": {"day": "2026-03-13", "sleep_hours": "7.5"},
        "mindful_pause": {"seconds": 60},
    }
    spec = tool_specs()["safety_selfcheck"]
    samples["safety_selfcheck"] = {f.name: "1" for f in spec.fields}
    assert set(samples) == set(tool_specs())
    for slug, raw in samples.items():
        saved = entries.add(store, slug, raw, now)
        assert [r.id for r in entries.recent(store, slug)] == [saved.record.id], slug
    assert all(n == 1 for n in entries.counts(store).values())
    for slug in samples:
        entries.delete(store, slug, entries.recent(store, slug)[0].id)
        with pytest.raises(NotFound):
            entries.get(store, slug, 1)
    assert rows(store, m.BeliefRating) == 0


def test_belief_believability_over_time(store: Store, now: dt.datetime) -> None:
    belief = entries.add(store, "belief_tracker", {"statement": "x", "believability": 90}, now)
    for i, level in enumerate((70, 50, 30), start=1):
        selfwork.rate_belief(store, belief.record.id, {"believability": level}, now + i * 30 * DAY)
    loaded = entries.get(store, "belief_tracker", belief.record.id)
    assert [r.believability for r in loaded.ratings] == [90, 70, 50, 30]
    assert selfwork.belief_trend(loaded).direction == "falling"
    with pytest.raises(NotFound):
        selfwork.rate_belief(store, 999, {"believability": 10}, now)


def test_safety_history_and_trend(store: Store, now: dt.datetime) -> None:
    keys = [f.name for f in tool_specs()["safety_selfcheck"].fields]
    for month, level in enumerate(("4", "3", "2", "1")):
        entries.add(store, "safety_selfcheck", dict.fromkeys(keys, level), now + month * 30 * DAY)
    history = selfwork.safety_history(store)
    assert [c.score for c in history.checks] == [0, 25, 50, 75]
    assert history.trend.direction == "rising"


def test_promises_follow_through(store: Store, now: dt.datetime) -> None:
    ids = [
        entries.add(
            store, "self_promises", {"text": f"p{i}", "due_on": "2026-03-15"}, now
        ).record.id
        for i in range(4)
    ]
    relating.settle_promise(store, ids[0], "kept", now)
    relating.settle_promise(store, ids[1], "kept", now)
    relating.settle_promise(store, ids[2], "broken", now)
    summary = selfwork.promises(store, now + 3 * DAY)
    assert summary.rate == pytest.approx(2 / 3)
    assert [p.id for p in summary.open] == [ids[3]] and summary.overdue == 1
    with pytest.raises(ValidationError):
        relating.settle_promise(store, ids[3], "maybe", now)  # type: ignore[arg-type]


def test_learned_beliefs_checklist(store: Store, now: dt.datetime) -> None:
    first, second = load_program().checklists["learned_beliefs"][:2]
    selfwork.mark_learned_beliefs(store, [first.key], now)
    selfwork.mark_learned_beliefs(store, [first.key, second.key], now)
    marks = selfwork.learned_beliefs(store)
    assert marks[first.key] and marks[second.key] and sum(marks.values()) == 2
    with pytest.raises(ValidationError):
        selfwork.mark_learned_beliefs(store, ["made_up"], now)


def test_affirmation_of_the_day_is_stable_and_own_first(store: Store, now: dt.datetime) -> None:
    starter = selfwork.affirmation_of_the_day(store, now)
    assert not starter.own and starter.text
    for text in ("one", "two", "three"):
        entries.add(store, "affirmations", {"text": text}, now)
    today = selfwork.affirmation_of_the_day(store, now)
    assert today.own and today == selfwork.affirmation_of_the_day(
        store, now + dt.timedelta(hours=1)
    )
    assert selfwork.affirmation_of_the_day(store, now + DAY) != today


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    active=st.lists(st.booleans(), max_size=9),
    days=st.integers(min_value=0, max_value=3000),
)
def test_the_affirmation_of_the_day_is_the_one_counting_them_would_pick(
    store: Store, now: dt.datetime, active: list[bool], days: int
) -> None:
    """One statement picks what counting the active affirmations, then reading the one at
    ``daily_index`` of that count, picks: the same text on every day, with any mix of
    affirmations set aside."""
    from sqlalchemy import delete

    with store.session() as session:
        session.execute(delete(m.Affirmation))
        session.add_all(
            m.Affirmation(text=f"affirmation {n}", active=on, created_at=now)
            for n, on in enumerate(active)
        )
    moment = now + days * DAY
    shown = [f"affirmation {n}" for n, on in enumerate(active) if on]
    index = daily_index(len(shown), local_day(moment))
    found = selfwork.affirmation_of_the_day(store, moment)
    if index is None:
        assert not found.own and found.text in load_program().affirmation_starters
    else:
        assert found == selfwork.DailyAffirmation(shown[index], own=True)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    promises=st.lists(
        st.tuples(st.integers(-10, 20), st.sampled_from(["open", "kept"]), st.booleans()),
        max_size=12,
    ),
    checkins=st.lists(
        st.tuples(st.integers(-2, 1), st.integers(0, 3000)), max_size=5, unique_by=lambda c: c[1]
    ),
)
def test_todays_plain_reads_find_what_the_models_would(
    store: Store,
    now: dt.datetime,
    promises: list[tuple[int, str, bool]],
    checkins: list[tuple[int, int]],
) -> None:
    """Today reads its check-in and the promises due as plain rows: the same records, in the
    same order, with the same values, as the models read by the same rules."""
    from sqlalchemy import delete, select

    today = local_day(now)
    with store.session() as session:
        for model in (m.SelfPromise, m.CheckIn, m.Person):
            session.execute(delete(model))
        someone = m.Person(name="Sam", kind="friend", created_at=now)
        session.add(someone)
        session.flush()
        session.add_all(
            m.SelfPromise(
                text=f"promise {n}", due_on=today + days * DAY, status=status, made_by="me",
                person_id=someone.id if with_someone else None, created_at=now,
            )
            for n, (days, status, with_someone) in enumerate(promises)
        )  # fmt: skip
        session.add_all(
            m.CheckIn(day=today + days * DAY, mood=3, created_at=now - seconds * SECOND)
            for days, seconds in checkins
        )
    horizon = today + 7 * DAY
    with store.sessions() as session:
        due = session.scalars(
            select(m.SelfPromise)
            .where(m.SelfPromise.status == "open", m.SelfPromise.due_on <= horizon)
            .where(m.SelfPromise.person_id.is_(None))
            .order_by(m.SelfPromise.due_on, m.SelfPromise.id)
            .limit(5)
        ).all()
        latest = session.scalars(
            select(m.CheckIn).where(m.CheckIn.day == today).order_by(m.CheckIn.created_at.desc())
        ).first()
        expected = [(p.id, p.text, p.due_on, p.status, p.person_id) for p in due]
        expected_checkin = None if latest is None else (latest.id, latest.day, latest.created_at)
    found = selfwork.promises_due(store, now)
    assert [(p.id, p.text, p.due_on, p.status, p.person_id) for p in found] == expected
    checkin = selfwork.checkin_today(store, now)
    assert (None if checkin is None else (checkin.id, checkin.day, checkin.created_at)) == (
        expected_checkin
    )


def test_checkin_today_and_program_map(store: Store, now: dt.datetime) -> None:
    assert selfwork.checkin_today(store, now) is None
    first = program.program_map(store)
    assert first.suggestion.stage.number == 1 and first.suggestion.done == 0
    entries.add(store, "checkin", {"mood": 4, "connection": "alone"}, now)
    entries.add(store, "hurt_inventory", {"what_happened": "x", "kind": "neglect"}, now)
    assert selfwork.checkin_today(store, now).mood == 4  # type: ignore[union-attr]
    after = program.program_map(store)
    assert after.stages[0].done == 1
    assert after.suggestion.stage.number == 2
