"""Stage 8: partner check-ins, rituals, appreciation, shared goals and wins, kept in the store.

Entries with a person in the circle become small positive evidence about them; changing an
entry moves that evidence with it, and deleting an entry takes it away again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from trustbridge.domain import growth as g
from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.domain.words import full_day_words
from trustbridge.services import growth_reads
from trustbridge.services.base import NotFound, Saved, crisis_in, local_day
from trustbridge.services.entries import Through
from trustbridge.services.people import (
    added_on,
    check_edit,
    check_not_before_added,
    forget_evidence,
    person_value,
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


@dataclass(frozen=True, slots=True)
class Kind:
    """One stage 8 tool: where its entries live, what they are called, and the evidence they give.

    ``fields`` are the whole entry, as adding and changing it both ask for it. ``source`` names
    the evidence an entry with a person gives (``g.EVIDENCE``); it falls on the day in
    ``day_field``, or for a ritual on each kept day.
    """

    model: Any
    what: str
    fields: tuple[Field, ...]
    source: str | None = None
    day_field: str | None = None


KINDS: dict[str, Kind] = {
    "partner_checkin": Kind(m.PartnerCheckIn, "partner check-in", g.CHECKIN_FIELDS,
                            "partner_checkin", "held_on"),
    "ritual": Kind(m.Ritual, "ritual", g.RITUAL_FIELDS, "ritual"),
    "appreciation": Kind(m.Appreciation, "appreciation", g.APPRECIATION_FIELDS, "appreciation",
                         "noted_on"),
    "goal": Kind(m.SharedGoal, "shared goal", g.GOAL_EDIT_FIELDS),
    "win": Kind(m.Win, "win", g.WIN_FORM_FIELDS),
}  # fmt: skip
#: what a change of person is told when the ritual was kept before they joined the circle
KEPT_BEFORE = "This ritual was kept on {day}, before {name} was added to your circle."


def _evidence_days(kind: str, record: Any) -> list[tuple[int, dt.date]]:
    """Each piece of evidence an entry gives, as (the id it is kept under, the day it is about)."""
    if kind == "ritual":
        return [(kept.id, kept.kept_on) for kept in record.kept]
    day_field = KINDS[kind].day_field
    return [(record.id, getattr(record, day_field))] if day_field else []


def _evidence(session: Session, source: str, source_id: int, person_id: int | None,
              on: dt.date, now: dt.datetime) -> None:  # fmt: skip
    """What one entry (or kept day) says about its person: nothing when it is with no one."""
    if person_id is None:
        forget_evidence(session, source, source_id)
        return
    dimension, rule = g.EVIDENCE[source]
    record_evidence(session, person_id, dimension, rule, on, now, (source, source_id))


def _check_added(kind: str, person: m.Person, record: Any) -> None:
    """No evidence from before someone was in the circle: not the entry's day, nor a kept day."""
    days = [day for _, day in _evidence_days(kind, record)]
    if not days:
        return
    day_field = KINDS[kind].day_field
    if day_field is not None:
        check_not_before_added(person, min(days), day_field)
    elif min(days) < added_on(person):
        raise ValidationError(
            {"person": KEPT_BEFORE.format(day=full_day_words(min(days)), name=person.name)}
        )


def _weekdays(values: Mapping[str, object]) -> str:
    """A ritual's chosen days as "mon,thu": kept only for a ritual on chosen days, which needs one."""
    days = [str(d) for d in values["weekdays"] or []]  # type: ignore[attr-defined]
    if values["cadence"] != "days":
        return ""
    if not days:
        raise ValidationError({"weekdays": "Choose at least one day of the week."})
    return ",".join(days)


def _link(session: Session, text: object, kept: object = None) -> tuple[str | None, int | None]:
    """A win's link, checked to lead somewhere, unless it is the link it had (``kept``)."""
    tool, number = parse_link(None if text is None else str(text))
    if tool is not None and text != kept and session.get(WIN_SOURCES[tool], number) is None:
        raise ValidationError({"source": f"There is no {tool.replace('_', ' ')} number {number}."})
    return tool, number


def _fill(session: Session, kind: str, record: Any, values: Mapping[str, object],
          now: dt.datetime, stored: Mapping[str, object]) -> None:  # fmt: skip
    """Give a new or changed entry its values, then exactly the evidence it now gives.

    ``stored`` is what the entry held before (empty for a new one). A refusal raised here
    (the person, the link, a kept day before the person joined) undoes the whole save.
    """
    columns = dict(values)
    if kind == "ritual":
        columns["weekdays"] = _weekdays(values)
    if kind == "win":
        columns["source_tool"], columns["source_id"] = _link(
            session, columns.pop("source"), stored.get("source")
        )
    person = None
    if "person" in columns:
        given = columns.pop("person")
        person = None if given is None else resolve_person(session, given)
        columns["person_id"] = None if person is None else person.id
    for key, value in columns.items():
        setattr(record, key, value)
    session.add(record)
    session.flush()
    if person is not None:
        _check_added(kind, person, record)
    source = KINDS[kind].source
    if source is not None:
        for source_id, day in _evidence_days(kind, record):
            _evidence(session, source, source_id, record.person_id, day, now)


def _shared(raw: Mapping[str, object]) -> bool | None:
    """Whether the author shares the entry with their partner space (hosted mode's checkbox);
    ``None`` when nothing was said (a new entry is then not shared, a changed one stays)."""
    value = raw.get("shared")
    return None if value is None else value is True


def _add(store: Store, kind: str, raw: Mapping[str, object], now: dt.datetime) -> Saved[Any]:
    """Save a new entry of any stage 8 tool, with the evidence it gives about its person;
    ``raw["shared"]`` (``True``) shares it with the author's partner space."""
    shape = KINDS[kind]
    shared = _shared(raw)
    values = clean(shape.fields, raw, local_day(now))
    with store.session() as session:
        record = shape.model(created_at=now, shared=bool(shared))
        _fill(session, kind, record, values, now, {})
        _load_children(record)
    return Saved(record, crisis_in(shape.fields, values))


def update(
    store: Store, kind: str, entry_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[Any]:
    """Change an entry of any stage 8 tool to what was filled in, by the rules of adding one.

    ``raw`` holds the whole entry as its edit form shows it (``current`` gives it). As with
    every edit, a date left as it was is kept even if it has since left its window, and a
    win's link left as it was is kept even if its entry is gone. The evidence follows (see
    ``_fill``); the crisis check runs on the new words; ``owner_id`` stays, and so does
    ``shared`` unless ``raw`` says (``"shared": True`` or ``False``, hosted mode's checkbox).
    """
    shape = KINDS[kind]
    with store.session() as session:
        record = _get(session, shape.model, entry_id, shape.what)
        stored = _as_asked(session, kind, record)
        fields, values = check_edit(shape.fields, raw, stored, now)
        _fill(session, kind, record, values, now, stored)
        shared = _shared(raw)
        if shared is not None:
            record.shared = shared
        _load_children(record)
    return Saved(record, crisis_in(fields, values), updated=True)


def _as_asked(session: Session, kind: str, record: Any) -> dict[str, object]:
    """An entry's values as its form asks for them: the person by name, days and link as typed."""
    values = {f.name: getattr(record, f.name, None) for f in KINDS[kind].fields}
    if "person" in values:
        person = None if record.person_id is None else session.get(m.Person, record.person_id)
        values["person"] = None if person is None else person_value(person)
    if kind == "ritual":
        values["weekdays"] = [g.WEEKDAYS[day] for day in g.parse_weekdays(record.weekdays)]
    if kind == "win" and record.source_tool:
        values["source"] = f"{record.source_tool}:{record.source_id}"
    return values


def current(store: Store, kind: str, entry_id: int) -> dict[str, object]:
    """What an entry holds now, as its edit form asks for it; ``NotFound`` if there is none."""
    shape = KINDS[kind]
    with store.sessions() as session:
        return _as_asked(session, kind, _get(session, shape.model, entry_id, shape.what))


def get(store: Store, kind: str, entry_id: int) -> Any:
    """One entry of any stage 8 tool, with its kept days or reviews; ``NotFound`` if none."""
    shape = KINDS[kind]
    with store.sessions() as session:
        record = _get(session, shape.model, entry_id, shape.what)
        _load_children(record)
        return record


def _load_children(record: Any) -> None:
    for relation in inspect(type(record)).relationships:
        getattr(record, relation.key)  # load while the session is open


def _get(session: Session, model: Any, entry_id: int, what: str) -> Any:
    record = session.get(model, entry_id)
    if record is None:
        raise NotFound(f"There is no {what} number {entry_id}.")
    return record


def delete(store: Store, kind: str, entry_id: int) -> None:
    """Delete one entry, its kept days or reviews, and any evidence it gave."""
    shape = KINDS[kind]
    with store.session() as session:
        record = _get(session, shape.model, entry_id, shape.what)
        if shape.source is not None:
            for source_id, _ in _evidence_days(kind, record):
                forget_evidence(session, shape.source, source_id)
        session.delete(record)


# --- partner check-ins ------------------------------------------------------------------------


def checkin_every(store: Store) -> int:
    with store.sessions() as session:
        return growth_reads.checkin_every(Through(session))


def set_checkin_every(store: Store, raw: Mapping[str, object], now: dt.datetime) -> int:
    days = int(str(clean(g.CADENCE_FIELDS, raw, local_day(now))["days"]))
    with store.session() as session:
        session.merge(m.Preference(key=g.CHECKIN_DAYS_KEY, value=str(days), updated_at=now))
    return days


def add_checkin(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.PartnerCheckIn]:
    return _add(store, "partner_checkin", raw, now)


def checkins(store: Store) -> list[Any]:
    with store.sessions() as session:
        return growth_reads.checkins(Through(session))


def next_checkin(store: Store, now: dt.datetime) -> tuple[dt.date, bool]:
    with store.sessions() as session:
        return growth_reads.next_checkin(Through(session), local_day(now))


# --- rituals ----------------------------------------------------------------------------------


def add_ritual(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.Ritual]:
    return _add(store, "ritual", raw, now)


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
        _evidence(session, "ritual", kept.id, ritual.person_id, kept.kept_on, now)
    return Saved(kept, crisis_in(g.KEPT_FIELDS, values)), True


def archive_ritual(store: Store, ritual_id: int, now: dt.datetime, archived: bool = True) -> None:
    with store.session() as session:
        _get(session, m.Ritual, ritual_id, "ritual").archived_at = now if archived else None


def ritual_progress(ritual: Any, now: dt.datetime) -> g.Progress:
    return growth_reads.ritual_progress(ritual, local_day(now))


def rituals(store: Store, now: dt.datetime, archived: bool = False) -> list[tuple[Any, g.Progress]]:
    with store.sessions() as session:
        return growth_reads.rituals(Through(session), local_day(now), archived)


# --- appreciation, goals, wins ----------------------------------------------------------------


def add_appreciation(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.Appreciation]:
    return _add(store, "appreciation", raw, now)


def appreciations(store: Store) -> list[Any]:
    with store.sessions() as session:
        return growth_reads.appreciations(Through(session))


def add_goal(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.SharedGoal]:
    """A new goal is active whatever ``raw`` says (the form to set one has no status)."""
    return _add(store, "goal", {**raw, "status": "active"}, now)


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


def goals(store: Store, now: dt.datetime) -> list[tuple[Any, bool]]:
    """Every goal with whether its review day has come (only for active goals)."""
    with store.sessions() as session:
        return growth_reads.goals(Through(session), local_day(now))


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
    return _add(store, "win", raw, now)


def wins(store: Store) -> list[Any]:
    with store.sessions() as session:
        return growth_reads.wins(Through(session))
