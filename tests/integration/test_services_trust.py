"""Stages 5-7 through the services: people, evidence from every tool, estimates, ladder, balance."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from trustbridge.domain.fields import ValidationError
from trustbridge.services import boundaries, people, relating
from trustbridge.services.base import NotFound
from trustbridge.store import models as m
from trustbridge.store.db import Store

DAY = dt.timedelta(days=1)


def count(store: Store, model: type[m.Base]) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def sam(store: Store, now: dt.datetime) -> m.Person:
    return people.add_person(store, {"name": "Sam", "kind": "friend"}, now).record


def test_person_names_are_unique_and_found_by_name_or_number(
    store: Store, now: dt.datetime, sam: m.Person
) -> None:
    with pytest.raises(ValidationError) as info:
        people.add_person(store, {"name": "sam", "kind": "friend"}, now)
    assert "name" in info.value.errors
    assert people.find_person(store, "SAM").id == sam.id
    assert people.find_person(store, str(sam.id)).name == "Sam"
    with pytest.raises(NotFound):
        people.find_person(store, "Nobody")


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"person": "Nobody"}, "person"),
        ({"occurred_on": "2026-03-01"}, "occurred_on"),  # before Sam was added
        ({"dimension": "is_nice"}, "dimension"),
        ({"occurred_on": "1850-01-01"}, "occurred_on"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_stored(
    store: Store, now: dt.datetime, sam: m.Person, raw: dict[str, str], field: str
) -> None:
    good = {"person": "Sam", "dimension": "keeps_promises", "direction": "positive",
            "weight": "small", "occurred_on": now.date().isoformat()}  # fmt: skip
    with pytest.raises(ValidationError) as info:
        people.add_evidence(store, {**good, **raw}, now)
    assert field in info.value.errors
    assert count(store, m.EvidenceEvent) == 0


def test_every_tool_feeds_the_person_page(store: Store, now: dt.datetime, sam: m.Person) -> None:
    later = now + 10 * DAY
    for _ in range(2):
        rung = relating.add_rung(store, {"person": "Sam", "action": "Tell Sam I was hurt",
                                         "risk": 30}, now).record  # fmt: skip
        relating.reflect_rung(store, rung.id, {"response": "supportive", "fear_before": 70,
                                               "done_on": later.date()}, later)  # fmt: skip
    promise = relating.add_promise(store, {"person": "Sam", "made_by": "them",
                                           "text": "Call on Friday", "due_on": later.date()},
                                   now).record  # fmt: skip
    relating.settle_promise(store, promise.id, "broken", later)
    boundary = boundaries.add_boundary(store, {"statement": "No calls after ten",
                                               "kind": "time", "non_negotiable": True},
                                       now).record  # fmt: skip
    boundaries.add_boundary_event(store, {"boundary_id": boundary.id, "person": "Sam",
                                          "outcome": "crossed", "occurred_on": later.date()},
                                  later)  # fmt: skip
    page = people.person_page(store, "Sam", later)
    assert page.evidence_count == 4
    openness = page.estimates["responds_to_openness"]
    assert openness.enough and openness.mean > 0.5
    assert page.estimates["keeps_promises"].mean < 0.5
    assert page.estimates["respects_boundaries"].mean < 0.5
    assert {e.event.source for e in page.explanations["overall"]} >= {"ladder", "promise"}
    assert len(page.rungs) == 2 and len(page.promises) == 1

    relating.settle_promise(store, promise.id, "kept", later)  # changing the outcome replaces it
    assert people.person_page(store, "Sam", later).estimates["keeps_promises"].mean > 0.5
    assert count(store, m.EvidenceEvent) == 4


def test_delete_person_removes_everything_about_them(
    store: Store, now: dt.datetime, sam: m.Person
) -> None:
    rung = relating.add_rung(store, {"person": "Sam", "action": "x", "risk": 10}, now).record
    relating.reflect_rung(store, rung.id, {"response": "neutral", "done_on": now.date()}, now)
    relating.add_gut_check(store, {"person": "Sam", "sense": "they will come", "confidence": 80},
                           now)  # fmt: skip
    relating.save_bridge(store, "Sam", {"what_broke": "Trust", "cadence_days": 14}, now)
    people.delete_person(store, sam.id)
    for model in (m.Person, m.EvidenceEvent, m.LadderRung, m.GutCheck, m.BridgePlan):
        assert count(store, model) == 0, model


def test_archiving_keeps_history(store: Store, now: dt.datetime, sam: m.Person) -> None:
    people.add_evidence(store, {"person": "Sam", "dimension": "validates_feelings",
                                "direction": "positive", "weight": "major",
                                "occurred_on": now.date()}, now)  # fmt: skip
    people.archive_person(store, sam.id, now)
    assert people.circle(store, now) == []
    archived = people.circle(store, now, include_archived=True)
    assert archived[0].evidence_count == 1


def test_who_lists_name_the_active_circle_a_to_z(
    store: Store, now: dt.datetime, sam: m.Person
) -> None:
    for name in ("ada", "Bo", "Zed"):
        people.add_person(store, {"name": name, "kind": "friend"}, now)
    people.archive_person(store, sam.id, now)
    names = people.active_names(store)
    assert [x.name for x in names] == ["ada", "Bo", "Zed"]  # as they read, whatever the case
    assert [(x.id, x.name) for x in names] == [(p.id, p.name) for p in people.active_people(store)]


def test_gut_checks_and_calibration(store: Store, now: dt.datetime, sam: m.Person) -> None:
    with pytest.raises(ValidationError) as info:
        relating.add_gut_check(store, {"person": "Sam", "sense": "x", "confidence": 120}, now)
    assert "confidence" in info.value.errors
    for i, came_true in enumerate([True, True, False, True, True, False]):
        check = relating.add_gut_check(
            store, {"person": "Sam", "sense": f"guess {i}", "confidence": 90}, now
        ).record
        relating.resolve_gut_check(store, check.id, {"came_true": came_true}, now)
    result = relating.gut_calibration(store)
    assert result.overall.count == 6
    assert result.overall.brier == pytest.approx((4 * 0.1**2 + 2 * 0.9**2) / 6)
    assert result.by_person[0][0].name == "Sam"


def test_rung_needs_a_person_and_next_step_explains(store: Store, now: dt.datetime) -> None:
    with pytest.raises(ValidationError) as info:
        relating.add_rung(store, {"action": "Share a worry", "risk": 20}, now)
    assert "person" in info.value.errors
    people.add_person(store, {"name": "Ana", "kind": "family"}, now)
    rung = relating.add_rung(store, {"person": "Ana", "action": "Share", "risk": 20}, now).record
    relating.reflect_rung(store, rung.id, {"response": "supportive", "done_on": now.date()}, now)
    step = relating.next_step(store, now)
    assert step.suggestion.risk > 20 and step.person is not None and step.suggestion.reason


def test_i_statement_and_balance(store: Store, now: dt.datetime) -> None:
    saved = boundaries.add_i_statement(
        store, {"feel": "tense", "when": "plans change late", "need": "a day's notice"}, now
    )
    assert boundaries.sentence(saved.record) == (
        "I feel tense when plans change late. I need a day's notice."
    )
    with pytest.raises(ValidationError):
        boundaries.add_i_statement(store, {"boundary_id": 99, "feel": "a", "when": "b",
                                           "need": "c"}, now)  # fmt: skip
    for i in range(7):
        boundaries.add_balance(store, {"day": (now - i * DAY).date(), "alone_minutes": 600,
                                       "connected_minutes": 5, "closeness_met": False}, now)  # fmt: skip
    report = boundaries.balance_report(store, now)
    assert report.days == 7
    assert [s.kind for s in report.signals] == ["isolation"]


def test_unanswered_needs_stay_unanswered(store: Store, now: dt.datetime) -> None:
    for i in range(6):
        boundaries.add_balance(
            store,
            {"day": (now - i * DAY).date(), "alone_minutes": 120, "connected_minutes": 180},
            now,
        )
    report = boundaries.balance_report(store, now)
    assert report.solitude_met_share is None and report.closeness_met_share is None
    assert report.signals == ()


def test_bridge_plan_updates_only_what_is_given(
    store: Store, now: dt.datetime, sam: m.Person
) -> None:
    relating.save_bridge(store, "Sam", {"what_broke": "A missed wedding", "cadence_days": 14}, now)
    relating.save_bridge(store, "Sam", {"agreed_steps": "Lunch monthly"}, now)
    plan = people.person_page(store, "Sam", now).bridge
    assert plan is not None
    assert (plan.what_broke, plan.agreed_steps, plan.cadence_days) == (
        "A missed wedding", "Lunch monthly", 14,
    )  # fmt: skip
    assert plan.next_checkin_on == now.date() + 14 * DAY
