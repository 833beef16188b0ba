"""Stage 8: partner check-ins, rituals, appreciation, shared goals and wins, kept in the store.

Entries with a person in the circle become small positive evidence about them; deleting an
entry takes that evidence away again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustbridge.domain import growth as g
from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.services.base import NotFound, Saved, crisis_in, local_day
from trustbridge.services.people import (
    check_not_before_added,
    forget_evidence,
    record_evidence,
    resolve_person,
)
from trustbridge.store import models as m
from trustbridge.store.db import Store

#: the entries a win may come from: link name -> model
WIN_SOURCES: dict[str, Any] = {
    "thought_record": m.ThoughtRecord,
    "boundary_event": m.BoundaryEvent,
    "ladder": m.LadderRung,
    "partner_checkin": m.PartnerCheckIn,
    "ritual": m.Ritual,
    "appreciation": m.Appreciation,
    "goal": m.SharedGoal,
}


def _person(session: Session, values: dict[str, object], day_field: str) -> int | None:
    """Resolve the optional person and check the day is not before they were added."""
    given = values.pop("person", None)
    if given is None:
        return None
    person = resolve_person(session, given)
    check_not_before_added(person, values[day_field], day_field)  # type: ignore[arg-type]
    return person.id


def _evidence(session: Session, source: str, record: Any, person_id: int | None,
              on: dt.date, now: dt.datetime) -> None:  # fmt: skip
    if person_id is None:
        return
    dimension, rule = g.EVIDENCE[source]
    record_evidence(session, person_id, dimension, rule, on, now, (source, record.id))


def _add(store: Store, model: Any, fields: tuple[Field, ...], raw: Mapping[str, object],
         now: dt.datetime, day_field: str, source: str | None) -> Saved[Any]:  # fmt: skip
    values = clean(fields, raw, local_day(now))
    with store.session() as session:
        person_id = _person(session, values, day_field) if "person" in values else None
        record = model(created_at=now, person_id=person_id, **values)
        session.add(record)
        session.flush()
        if source:
            _evidence(session, source, record, person_id, values[day_field], now)  # type: ignore[arg-type]
    return Saved(record, crisis_in(fields, values))


def _all(store: Store, model: Any, order: Any) -> list[Any]:
    with store.sessions() as session:
        return list(session.scalars(select(model).order_by(order.desc(), model.id.desc())))


def _get(session: Session, model: Any, entry_id: int, what: str) -> Any:
    record = session.get(model, entry_id)
    if record is None:
        raise NotFound(f"There is no {what} number {entry_id}.")
    return record


def delete(store: Store, kind: str, entry_id: int) -> None:
    """Delete one entry, its kept days or reviews, and any evidence it gave."""
    model, what, source = KINDS[kind]
    with store.session() as session:
        record = _get(session, model, entry_id, what)
        if source:
            forget_evidence(session, source, entry_id)
        if kind == "ritual":
            for kept in record.kept:
                forget_evidence(session, "ritual", kept.id)
        session.delete(record)


# --- partner check-ins ------------------------------------------------------------------------


def checkin_every(store: Store) -> int:
    with store.sessions() as session:
        pref = session.get(m.Preference, g.CHECKIN_DAYS_KEY)
    return int(pref.value) if pref else g.DEFAULT_CHECKIN_DAYS


def set_checkin_every(store: Store, raw: Mapping[str, object], now: dt.datetime) -> int:
    days = int(str(clean(g.CADENCE_FIELDS, raw, local_day(now))["days"]))
    with store.session() as session:
        session.merge(m.Preference(key=g.CHECKIN_DAYS_KEY, value=str(days), updated_at=now))
    return days


def add_checkin(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.PartnerCheckIn]:
    return _add(store, m.PartnerCheckIn, g.CHECKIN_FIELDS, raw, now, "held_on", "partner_checkin")


def checkins(store: Store) -> list[m.PartnerCheckIn]:
    return _all(store, m.PartnerCheckIn, m.PartnerCheckIn.held_on)


def next_checkin(store: Store, now: dt.datetime) -> tuple[dt.date, bool]:
    found = checkins(store)
    last = found[0].held_on if found else None
    return g.next_checkin(last, checkin_every(store), local_day(now))


# --- rituals ----------------------------------------------------------------------------------


def add_ritual(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.Ritual]:
    values = clean(g.RITUAL_FIELDS, raw, local_day(now))
    days: list[object] = list(values.pop("weekdays") or [])  # type: ignore[call-overload]
    if values["cadence"] == "days" and not days:
        raise ValidationError({"weekdays": "Choose at least one day of the week."})
    with store.session() as session:
        given = values.pop("person")
        person_id = None if given is None else resolve_person(session, given).id
        ritual = m.Ritual(created_at=now, person_id=person_id,
                          weekdays=",".join(map(str, days)) if values["cadence"] == "days" else "",
                          **values)  # fmt: skip
        session.add(ritual)
    return Saved(ritual, crisis_in(g.RITUAL_FIELDS, values))


def keep_ritual(
    store: Store, ritual_id: int, raw: Mapping[str, object], now: dt.datetime
) -> tuple[Saved[m.RitualKept], bool]:
    """Mark a day kept; the second return is False when that day was already marked."""
    values = clean(g.KEPT_FIELDS, raw, local_day(now), may_be_empty=True)
    with store.session() as session:
        ritual = _get(session, m.Ritual, ritual_id, "ritual")
        for kept in ritual.kept:
            if kept.kept_on == values["kept_on"]:
                return Saved(kept, crisis_in(g.KEPT_FIELDS, {})), False
        person = None if ritual.person_id is None else session.get(m.Person, ritual.person_id)
        if person is not None:
            check_not_before_added(person, values["kept_on"], "kept_on")  # type: ignore[arg-type]
        kept = m.RitualKept(ritual_id=ritual.id, created_at=now, **values)
        session.add(kept)
        session.flush()
        _evidence(session, "ritual", kept, ritual.person_id, kept.kept_on, now)
    return Saved(kept, crisis_in(g.KEPT_FIELDS, values)), True


def archive_ritual(store: Store, ritual_id: int, now: dt.datetime, archived: bool = True) -> None:
    with store.session() as session:
        _get(session, m.Ritual, ritual_id, "ritual").archived_at = now if archived else None


def ritual_progress(ritual: m.Ritual, now: dt.datetime) -> g.Progress:
    since = ritual.created_at.astimezone().date()
    days = [k.kept_on for k in ritual.kept]
    since = min([since, *days])
    return g.progress(
        ritual.cadence, g.parse_weekdays(ritual.weekdays), days, since, local_day(now)
    )


def rituals(
    store: Store, now: dt.datetime, archived: bool = False
) -> list[tuple[m.Ritual, g.Progress]]:
    with store.sessions() as session:
        found = list(session.scalars(select(m.Ritual).order_by(m.Ritual.id)))
        for r in found:
            _ = r.kept  # load while the session is open
    return [(r, ritual_progress(r, now)) for r in found if (r.archived_at is not None) == archived]


# --- appreciation, goals, wins ----------------------------------------------------------------


def add_appreciation(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.Appreciation]:
    return _add(store, m.Appreciation, g.APPRECIATION_FIELDS, raw, now, "noted_on", "appreciation")


def appreciations(store: Store) -> list[m.Appreciation]:
    return _all(store, m.Appreciation, m.Appreciation.noted_on)


def add_goal(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.SharedGoal]:
    values = clean(g.GOAL_FIELDS, raw, local_day(now))
    with store.session() as session:
        given = values.pop("person")
        person_id = None if given is None else resolve_person(session, given).id
        goal = m.SharedGoal(created_at=now, person_id=person_id, status="active", **values)
        session.add(goal)
    return Saved(goal, crisis_in(g.GOAL_FIELDS, values))


def review_goal(
    store: Store, goal_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.GoalReview]:
    values = clean(g.REVIEW_FIELDS, raw, local_day(now), may_be_empty=True)
    with store.session() as session:
        goal = _get(session, m.SharedGoal, goal_id, "goal")
        next_on, status = values.pop("review_on"), values.pop("status")
        goal.review_on = next_on
        if status:
            goal.status = str(status)
        review = m.GoalReview(goal_id=goal.id, created_at=now, **values)
        session.add(review)
    return Saved(review, crisis_in(g.REVIEW_FIELDS, values))


def goals(store: Store, now: dt.datetime) -> list[tuple[m.SharedGoal, bool]]:
    """Every goal with whether its review day has come (only for active goals)."""
    today = local_day(now)
    with store.sessions() as session:
        found = list(session.scalars(select(m.SharedGoal).order_by(m.SharedGoal.id)))
        for x in found:
            _ = x.reviews
    return [(x, x.status == "active" and x.review_on is not None and x.review_on <= today)
            for x in found]  # fmt: skip


def parse_link(text: str | None) -> tuple[str | None, int | None]:
    """ "thought_record:12" as its tool and number, with a clear message when it is not."""
    if not text:
        return None, None
    tool, _, number = text.partition(":")
    tool = tool.strip().replace("-", "_")
    if tool not in WIN_SOURCES or not number.strip().isdigit():
        names = ", ".join(WIN_SOURCES)
        raise ValidationError(
            {"source": f"Link a win as TOOL:NUMBER, where TOOL is one of {names}."}
        )
    return tool, int(number)


def add_win(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.Win]:
    values = clean(g.WIN_FIELDS, raw, local_day(now))
    tool, number = parse_link(str(raw.get("source") or "").strip() or None)
    with store.session() as session:
        if tool is not None and session.get(WIN_SOURCES[tool], number) is None:
            raise ValidationError(
                {"source": f"There is no {tool.replace('_', ' ')} number {number}."}
            )
        win = m.Win(created_at=now, source_tool=tool, source_id=number, **values)
        session.add(win)
    return Saved(win, crisis_in(g.WIN_FIELDS, values))


def wins(store: Store) -> list[m.Win]:
    return _all(store, m.Win, m.Win.happened_on)


KINDS: dict[str, tuple[Any, str, str | None]] = {
    "partner_checkin": (m.PartnerCheckIn, "check-in", "partner_checkin"),
    "ritual": (m.Ritual, "ritual", None),
    "appreciation": (m.Appreciation, "appreciation", "appreciation"),
    "goal": (m.SharedGoal, "goal", None),
    "win": (m.Win, "win", None),
}
