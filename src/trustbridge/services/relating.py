"""Practising trust with people: the vulnerability ladder, promises both ways, bridge plans, gut checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustbridge.domain import calibration as cal
from trustbridge.domain import ladder, trust
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.domain.relations import GUT_OUTCOME_FIELDS, PROMISE_EDIT_FIELDS, PROMISE_STATUS
from trustbridge.services import entries, relating_reads, trust_reads
from trustbridge.services.base import Saved, crisis_in, local_day, numbered
from trustbridge.services.catalog import spec, stored_values
from trustbridge.services.entries import Through
from trustbridge.services.people import (
    Editable,
    check_edit,
    check_not_before_added,
    delete_record,
    forget_evidence,
    record_evidence,
    refuse_given,
    resolve_person,
    values_with_person,
)
from trustbridge.services.relating_reads import GutCalibration
from trustbridge.store import models as m
from trustbridge.store.db import Store

OPENNESS = "responds_to_openness"
#: what an edit of a step not yet taken, or of an open gut check, is told about the later part
STEP_NOT_DONE = "This step is still planned. Note how it went first; then you can change that too."
CHECK_OPEN = (
    "This gut check is still open. Note how it turned out first; then you can change that too."
)
TO_YOURSELF = "This is a promise to yourself: only its words and its date can be changed."


R = TypeVar("R", m.LadderRung, m.SelfPromise, m.GutCheck)


def _add_with_person(
    store: Store, fields: Sequence[Field], model: type[R], raw: Mapping[str, object],
    now: dt.datetime, **fixed: object,
) -> Saved[R]:  # fmt: skip
    """Validate, find the person the entry is with (by name or number), and save it whole."""
    values = clean(fields, raw, local_day(now))
    with store.session() as session:
        person = resolve_person(session, values.pop("person"))
        record = model(created_at=now, person_id=person.id, **fixed, **values)
        session.add(record)
    return Saved(record, crisis_in(fields, values))


def add_rung(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.LadderRung]:
    """Plan a rung: what I will share or ask, with whom, how risky it feels."""
    return _add_with_person(store, rel.RUNG_FIELDS, m.LadderRung, raw, now)


def reflect_rung(
    store: Store, rung_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.LadderRung]:
    """Record how the step went; their response becomes openness evidence about them."""
    values = clean(rel.REFLECT_FIELDS, raw, local_day(now))
    with store.session() as session:
        rung = numbered(session, m.LadderRung, rung_id, "ladder step")
        person = session.get(m.Person, rung.person_id)
        assert person is not None
        check_not_before_added(person, values["done_on"], "done_on")  # type: ignore[arg-type]
        for key, value in values.items():
            setattr(rung, key, value)
        _ladder_evidence(session, rung, now)
    return Saved(rung, crisis_in(rel.REFLECT_FIELDS, values))


def _ladder_evidence(session: Session, rung: m.LadderRung, now: dt.datetime) -> None:
    """How they responded to a step taken, as "responds well to openness" evidence."""
    record_evidence(
        session, rung.person_id, OPENNESS, rel.LADDER_EVIDENCE[str(rung.response)],
        rung.done_on or local_day(now), now, ("ladder", rung.id),
        note=rel.source_note("ladder", rung.id, str(rung.response)),
    )  # fmt: skip


def _rung_fields(rung: m.LadderRung) -> tuple[Field, ...]:
    return rel.RUNG_FIELDS + (rel.REFLECT_FIELDS if rung.done_on is not None else ())


def rung_to_edit(store: Store, rung_id: int) -> Editable[m.LadderRung]:
    """A step's plan, and once it is taken, how it went."""
    with store.sessions() as session:
        rung = numbered(session, m.LadderRung, rung_id, "ladder step")
        fields = _rung_fields(rung)
        return Editable(rung, fields, values_with_person(session, rung, fields))


def update_rung(
    store: Store, rung_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.LadderRung]:
    """Change a step by the rules of planning it (and of reflecting, once taken); the
    evidence from their response follows: to another person, another response, another day."""
    with store.session() as session:
        rung = numbered(session, m.LadderRung, rung_id, "ladder step")
        done = rung.done_on is not None
        if not done:
            refuse_given(raw, rel.REFLECT_FIELDS, STEP_NOT_DONE)
        stored = values_with_person(session, rung, _rung_fields(rung))
        fields, values = check_edit(_rung_fields(rung), raw, stored, now)
        person = resolve_person(session, values.pop("person"))
        if done:
            check_not_before_added(person, values["done_on"], "done_on")  # type: ignore[arg-type]
        rung.person_id = person.id
        for key, value in values.items():
            setattr(rung, key, value)
        if done:
            _ladder_evidence(session, rung, now)
    return Saved(rung, crisis_in(fields, values), updated=True)


def delete_rung(store: Store, rung_id: int) -> None:
    """A ladder step deleted for good, with the evidence their response gave."""
    delete_record(store, m.LadderRung, rung_id, "ladder step",
                  lambda session, rung: forget_evidence(session, "ladder", rung.id))  # fmt: skip


def delete_promise(store: Store, promise_id: int) -> None:
    """A promise (to myself or with someone) deleted for good, with the evidence it gave."""
    delete_record(store, m.SelfPromise, promise_id, "promise",
                  lambda session, promise: forget_evidence(session, "promise", promise.id))  # fmt: skip


def delete_gut_check(store: Store, check_id: int) -> None:
    """A gut check deleted for good (it gave no evidence; the calibration counts it no more)."""
    delete_record(store, m.GutCheck, check_id, "gut check")


def get_rung(store: Store, rung_id: int) -> m.LadderRung:
    with store.sessions() as session:
        rung = numbered(session, m.LadderRung, rung_id, "ladder step")
        return rung


def rungs(store: Store, limit: int = 200) -> list[tuple[Any, Any]]:
    """Ladder steps with whom (:func:`.relating_reads.rungs`, on the store's connection)."""
    with store.sessions() as session:
        return relating_reads.rungs(Through(session), limit)


@dataclass(frozen=True, slots=True)
class NextStep:
    suggestion: ladder.Suggestion
    person: m.Person | None


def next_step(store: Store, now: dt.datetime) -> NextStep:
    """The rung the app proposes next, with its reason."""
    today, half_life = local_day(now), store.settings.half_life_days
    with store.sessions() as session:
        done = session.execute(
            select(m.LadderRung.person_id, m.LadderRung.risk, m.LadderRung.response,
                   m.LadderRung.done_on)
            .where(m.LadderRung.response.is_not(None), m.LadderRung.done_on.is_not(None))
            .order_by(m.LadderRung.done_on, m.LadderRung.id)
        ).all()  # fmt: skip
        active = select(m.Person.id).where(m.Person.archived_at.is_(None)).order_by(m.Person.id)
        ids = list(session.scalars(active))  # numbers only: the circle may be hundreds
        people = set(ids)
        known = trust_reads.latest(session, today, half_life, later_in_full=True)
        history = [
            ladder.Outcome(pid, risk, str(resp), day)
            for pid, risk, resp, day in done
            if pid in people and day is not None
        ]
        nothing = trust.from_amounts(0.0, 0.0, OPENNESS)
        openness = {pid: known[pid].estimate(OPENNESS) if pid in known else nothing for pid in ids}
        suggestion = ladder.suggest_next(history, openness, today)
        chosen = suggestion.person_id
        person = session.get(m.Person, chosen) if chosen is not None else None
    return NextStep(suggestion, person)


def add_promise(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.SelfPromise]:
    """A promise between me and someone in my circle, made by either of us."""
    return _add_with_person(store, rel.PROMISE_FIELDS, m.SelfPromise, raw, now, status="open")


def settle_promise(store: Store, promise_id: int, outcome: str, now: dt.datetime) -> m.SelfPromise:
    """Mark any promise kept, broken or renegotiated; theirs become "keeps promises" evidence."""
    if outcome not in rel.PROMISE_OUTCOMES:
        raise ValidationError({"outcome": "The outcome must be kept, broken or renegotiated."})
    with store.session() as session:
        promise = numbered(session, m.SelfPromise, promise_id, "promise")
        promise.status, promise.resolved_at = outcome, now
        _promise_evidence(session, promise, now)
        return promise


def _promise_evidence(session: Session, promise: m.SelfPromise, now: dt.datetime) -> None:
    """A settled promise they made is "keeps promises" evidence, dated when it was settled
    (or when it was due, if that came first); any other promise gives none."""
    outcome = promise.status
    if promise.person_id is None or promise.made_by != "them" or outcome == "open":
        forget_evidence(session, "promise", promise.id)
        return
    settled_on = local_day(promise.resolved_at or now)
    record_evidence(
        session, promise.person_id, "keeps_promises", rel.PROMISE_EVIDENCE[outcome],
        min(settled_on, promise.due_on), now, ("promise", promise.id),
        note=rel.source_note("promise", promise.id, outcome),
    )  # fmt: skip


def promise_to_edit(store: Store, promise_id: int) -> Editable[m.SelfPromise]:
    """Any promise: one to myself as its tool's form shows it, one with someone with them too."""
    with store.sessions() as session:
        promise = numbered(session, m.SelfPromise, promise_id, "promise")
        if promise.person_id is None:
            tool = spec("self_promises")
            return Editable(promise, tool.edit_fields, stored_values(tool, promise))
        values = values_with_person(session, promise, PROMISE_EDIT_FIELDS)
        return Editable(promise, PROMISE_EDIT_FIELDS, values)


def update_promise(
    store: Store, promise_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[Any]:
    """Change any promise by the rules of making it. For a promise with someone, where it
    stands too: the evidence follows (another person, who made it, reopened or re-marked)."""
    with store.sessions() as session:
        found = numbered(session, m.SelfPromise, promise_id, "promise")
    if found.person_id is None:
        refuse_given(raw, (*PROMISE_EDIT_FIELDS[:2], PROMISE_STATUS), TO_YOURSELF)
        return entries.update(store, "self_promises", promise_id, raw, now)
    with store.session() as session:
        promise = numbered(session, m.SelfPromise, promise_id, "promise")
        stored = values_with_person(session, promise, PROMISE_EDIT_FIELDS)
        fields, values = check_edit(PROMISE_EDIT_FIELDS, raw, stored, now)
        promise.person_id = resolve_person(session, values.pop("person")).id
        status = str(values.pop("status"))
        for key, value in values.items():
            setattr(promise, key, value)
        if status != promise.status:  # settled now, or re-marked (settled when it first was)
            settled = status != "open"
            kept = promise.resolved_at if promise.status != "open" else None
            promise.status, promise.resolved_at = status, (kept or now) if settled else None
        _promise_evidence(session, promise, now)
    return Saved(promise, crisis_in(fields, values), updated=True)


def save_bridge(
    store: Store, person_value: object, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.BridgePlan]:
    """Create or update the bridge plan for one relationship (one plan per person).

    Only the parts given are changed (a form sends every part, so it can also clear one).
    """
    values = clean(rel.BRIDGE_FIELDS, raw, local_day(now))
    if values["next_checkin_on"] is None and values["cadence_days"]:
        values["next_checkin_on"] = local_day(now) + dt.timedelta(
            days=int(str(values["cadence_days"]))
        )
    with store.session() as session:
        person = resolve_person(session, person_value)
        plan = session.scalars(
            select(m.BridgePlan).where(m.BridgePlan.person_id == person.id)
        ).first()
        if plan is None:
            plan = m.BridgePlan(created_at=now, person_id=person.id)
            session.add(plan)
        for key, value in values.items():
            if key in raw or (key == "next_checkin_on" and value is not None):
                setattr(plan, key, value)
    return Saved(plan, crisis_in(rel.BRIDGE_FIELDS, values))


def add_gut_check(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.GutCheck]:
    """Note an instinct about someone and how sure I am (50-100%)."""
    return _add_with_person(store, rel.GUT_FIELDS, m.GutCheck, raw, now)


def resolve_gut_check(
    store: Store, check_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.GutCheck]:
    values = clean(rel.GUT_RESOLVE_FIELDS, raw, local_day(now))
    with store.session() as session:
        check = numbered(session, m.GutCheck, check_id, "gut check")
        check.came_true, check.what_happened = bool(values["came_true"]), values["what_happened"]  # type: ignore[assignment]
        check.resolved_on = local_day(now)
    return Saved(check, crisis_in(rel.GUT_RESOLVE_FIELDS, values))


def _gut_fields(check: m.GutCheck) -> tuple[Field, ...]:
    return rel.GUT_FIELDS + (GUT_OUTCOME_FIELDS if check.came_true is not None else ())


def gut_check_to_edit(store: Store, check_id: int) -> Editable[m.GutCheck]:
    """What I sensed and how sure I was, and once resolved, how it turned out."""
    with store.sessions() as session:
        check = numbered(session, m.GutCheck, check_id, "gut check")
        fields = _gut_fields(check)
        return Editable(check, fields, values_with_person(session, check, fields))


def update_gut_check(
    store: Store, check_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.GutCheck]:
    """Change a gut check by the rules of noting it (and of resolving it, once resolved)."""
    with store.session() as session:
        check = numbered(session, m.GutCheck, check_id, "gut check")
        if check.came_true is None:
            refuse_given(raw, GUT_OUTCOME_FIELDS, CHECK_OPEN)
        stored = values_with_person(session, check, _gut_fields(check))
        fields, values = check_edit(_gut_fields(check), raw, stored, now)
        check.person_id = resolve_person(session, values.pop("person")).id
        for key, value in values.items():
            setattr(check, key, value)
    return Saved(check, crisis_in(fields, values), updated=True)


def gut_checks(store: Store, limit: int = 200) -> list[tuple[Any, Any]]:
    """Gut checks with whom (:func:`.relating_reads.gut_checks`, on the store's connection)."""
    with store.sessions() as session:
        return relating_reads.gut_checks(Through(session), limit)


_RESOLVED_GUT_CHECKS = (
    select(m.GutCheck.person_id, m.GutCheck.confidence, m.GutCheck.came_true)
    .join(m.Person, m.Person.id == m.GutCheck.person_id)
    .where(m.GutCheck.came_true.is_not(None))
    .order_by(m.GutCheck.created_at.desc())
)


def overall_calibration(store: Store) -> cal.Calibration:
    """``gut_calibration(store).overall``, reading only the three columns it needs (the circle
    shows it on every visit): the same outcomes, in the same order."""
    with store.sessions() as session:
        rows = session.execute(_RESOLVED_GUT_CHECKS).all()
    resolved: dict[int, list[cal.GutOutcome]] = {}
    for person_id, confidence, came_true in rows:
        outcome = cal.GutOutcome(confidence / 100, bool(came_true))  # never None: resolved
        resolved.setdefault(person_id, []).append(outcome)
    return cal.calibration([o for outcomes in resolved.values() for o in outcomes])


def gut_calibration(store: Store) -> GutCalibration:
    """How well instincts have matched what happened (:func:`.relating_reads.gut_calibration`,
    on the store's connection)."""
    with store.sessions() as session:
        return relating_reads.gut_calibration(Through(session))
