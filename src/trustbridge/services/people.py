"""The trust circle: people, the evidence about them, and what that evidence says so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from trustbridge.domain import relations as rel
from trustbridge.domain import trust
from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.domain.words import full_day_words
from trustbridge.services import person_reads, trust_reads
from trustbridge.services.base import Saved, crisis_in, local_day, numbered
from trustbridge.services.entries import _settled_dates
from trustbridge.services.errors import NoSuchPerson
from trustbridge.services.person_reads import PersonPage, read_person_page
from trustbridge.services.relating_reads import EVIDENCE_SOURCES
from trustbridge.store import models as m
from trustbridge.store import rows
from trustbridge.store.backup import truncate_wal
from trustbridge.store.db import Store


def resolve_person(session: Session, value: object, *, field: str = "person") -> m.Person:
    """Find someone in the circle by number or by name (any case); a clear error otherwise.

    The same rule as every plain read of a person (:func:`.person_reads.find_person`).
    """
    from trustbridge.services.entries import Through

    cursor = Through(session).cursor()
    found = person_reads.find_person(cursor, value)
    person = None if found is None else session.get(m.Person, found.id)
    if person is None:
        raise ValidationError({field: person_reads.no_one_called(value, cursor)})
    return person


def added_on(person: m.Person) -> dt.date:
    return person.created_at.astimezone().date()


def check_not_before_added(person: m.Person, day: dt.date, field: str) -> None:
    """Evidence and outcomes cannot predate the person being added to the circle."""
    if day < added_on(person):
        raise ValidationError(
            {
                field: f"That date is before {person.name} was added, on {full_day_words(added_on(person))}."
            }
        )


def add_person(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.Person]:
    values = clean(rel.PERSON_FIELDS, raw, local_day(now))
    with store.session() as session:
        _check_name_free(session, str(values["name"]))
        person = m.Person(created_at=now, **values)
        session.add(person)
    return Saved(person, crisis_in(rel.PERSON_FIELDS, values))


def _check_name_free(session: Session, name: str, person_id: int | None = None) -> None:
    """Names find people, so no two in the circle may share one (in any case)."""
    query = select(m.Person.name)
    if person_id is not None:  # a person keeps their own name, in any case
        query = query.where(m.Person.id != person_id)
    if any(n.casefold() == name.casefold() for n in session.scalars(query)):
        raise ValidationError({"name": "Someone in your circle already has that name."})


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Editable(Generic[T]):
    """A record as its edit form shows it: the fields that apply to it (a planned ladder step
    has no reflection yet) and what it holds now, keyed by field name."""

    record: T
    fields: tuple[Field, ...]
    values: dict[str, object]


def person_value(person: m.Person) -> str:
    """How a form names someone: by name, or by number when the name is itself a number."""
    return str(person.id) if person.name.strip().isdigit() else person.name


def values_with_person(session: Session, record: Any, fields: Sequence[Field]) -> dict[str, object]:
    """A record's values as its form asks for them, with the person it is with by name."""
    values: dict[str, object] = {}
    for f in fields:
        if f.name == "person":
            person = session.get(m.Person, record.person_id)
            values["person"] = None if person is None else person_value(person)
        else:
            values[f.name] = getattr(record, f.name, None)
    return values


def check_edit(
    fields: Sequence[Field], raw: Mapping[str, object], stored: Mapping[str, object],
    now: dt.datetime,
) -> tuple[list[Field], dict[str, object]]:  # fmt: skip
    """Check an edit by the rules of adding: a date left as it was is kept even if it has
    since left its window (a step planned for a day now past). Returns the fields as checked."""
    fields = _settled_dates(fields, raw, stored)
    return fields, clean(fields, raw, local_day(now))


def refuse_given(raw: Mapping[str, object], fields: Sequence[Field], message: str) -> None:
    """Refuse an edit that fills in fields this record does not have (yet)."""
    for f in fields:
        value = raw.get(f.name)
        if value is not None and str(value).strip():
            raise ValidationError({f.name: message})


def _person(session: Session, person_id: int) -> m.Person:
    return numbered(session, m.Person, person_id, "one")


def person_to_edit(store: Store, person_id: int) -> Editable[m.Person]:
    with store.sessions() as session:
        person = _person(session, person_id)
    values = {f.name: getattr(person, f.name) for f in rel.PERSON_FIELDS}
    return Editable(person, rel.PERSON_FIELDS, values)


def update_person(
    store: Store, person_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.Person]:
    """Change someone's name, relationship, support or notes; their history stays with them."""
    values = clean(rel.PERSON_FIELDS, raw, local_day(now))
    with store.session() as session:
        person = _person(session, person_id)
        _check_name_free(session, str(values["name"]), person.id)
        for key, value in values.items():
            setattr(person, key, value)
    return Saved(person, crisis_in(rel.PERSON_FIELDS, values), updated=True)


def find_person(store: Store, name_or_id: object) -> m.Person:
    with store.sessions() as session:
        try:
            return resolve_person(session, name_or_id)
        except ValidationError as exc:
            raise NoSuchPerson(exc.errors["person"]) from None


def active_people(store: Store) -> list[m.Person]:
    """People in the active circle, A to Z: for "who" lists, without any estimating."""
    with store.sessions() as session:
        found = list(session.scalars(select(m.Person).where(m.Person.archived_at.is_(None))))
    return sorted(found, key=lambda p: p.name.casefold())


class Named(NamedTuple):
    """A person's number and name, all a "who" list shows."""

    id: int
    name: str


def active_names(store: Store) -> list[Named]:
    """:func:`active_people`'s numbers and names only: a circle of hundreds is read in a
    fraction of the time whole people take."""
    active = select(m.Person.id, m.Person.name).where(m.Person.archived_at.is_(None))
    with store.sessions() as session:
        found = [Named(*row) for row in session.execute(active).all()]
    return sorted(found, key=lambda p: p.name.casefold())


def archive_person(store: Store, person_id: int, now: dt.datetime, archived: bool = True) -> None:
    """Archive (or bring back) someone: their history stays, they leave the active circle."""
    with store.session() as session:
        _person(session, person_id).archived_at = now if archived else None


def delete_person(store: Store, person_id: int) -> None:
    """Remove someone and everything recorded about them, everywhere."""
    with store.session() as session:
        person = _person(session, person_id)
        for model in (m.EvidenceEvent, m.LadderRung, m.GutCheck, m.BoundaryEvent,
                      m.SelfPromise, m.BridgePlan):  # fmt: skip
            session.execute(delete(model).where(model.person_id == person_id))
        session.delete(person)
    truncate_wal(store.engine)  # so the deleted text does not linger in the WAL


def record_evidence(
    session: Session,
    person_id: int,
    dimension: str,
    rule: tuple[bool, str],
    on: dt.date,
    now: dt.datetime,
    source: tuple[str, int],
    note: str | None = None,
) -> m.EvidenceEvent:
    """Save evidence that came from another tool, replacing what that same entry gave before."""
    forget_evidence(session, *source)
    positive, weight = rule
    event = m.EvidenceEvent(
        created_at=now, person_id=person_id, dimension=dimension, positive=positive,
        weight=weight, occurred_on=on, note=note, source=source[0], source_id=source[1],
    )  # fmt: skip
    session.add(event)
    return event


def forget_evidence(session: Session, source: str, source_id: int) -> None:
    session.execute(
        delete(m.EvidenceEvent).where(
            m.EvidenceEvent.source == source, m.EvidenceEvent.source_id == source_id
        )
    )


def delete_record(
    store: Store, model: type[Any], record_id: int, noun: str,
    before: Callable[[Session, Any], None] | None = None,
) -> None:  # fmt: skip
    """Delete one record for good (``NotFound`` when there is none), with what ``before`` removes
    first in the same transaction: the trust evidence it gave, and records that hang on it."""
    with store.session() as session:
        record = numbered(session, model, record_id, noun)
        if before is not None:
            before(session, record)
        session.delete(record)
    truncate_wal(store.engine)  # so the deleted text does not linger in the WAL


def add_evidence(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.EvidenceEvent]:
    values = clean(rel.EVIDENCE_FIELDS, raw, local_day(now))
    with store.session() as session:
        person = resolve_person(session, values.pop("person"))
        check_not_before_added(person, values["occurred_on"], "occurred_on")  # type: ignore[arg-type]
        event = m.EvidenceEvent(
            created_at=now, person_id=person.id, positive=values.pop("direction") == "positive",
            source="manual", **values,
        )  # fmt: skip
        session.add(event)
    return Saved(event, crisis_in(rel.EVIDENCE_FIELDS, values))


#: what evidence from another tool came from, as a person would name it

FROM_ELSEWHERE = (
    "This moment comes from {noun} number {id} and changes with it. "
    "Change or delete that {noun} instead."
)


def _manual_event(session: Session, event_id: int) -> m.EvidenceEvent:
    """A moment noted by hand; one another tool gave is changed through that tool's entry."""
    event = numbered(session, m.EvidenceEvent, event_id, "evidence")
    if event.source != "manual":
        noun = EVIDENCE_SOURCES.get(event.source, event.source.replace("_", " "))
        text = FROM_ELSEWHERE.format(noun=noun, id=event.source_id)
        raise ValidationError({"evidence": text})
    return event


def delete_evidence(store: Store, event_id: int) -> None:
    with store.session() as session:
        session.delete(_manual_event(session, event_id))
    truncate_wal(store.engine)


def _evidence_values(session: Session, event: m.EvidenceEvent) -> dict[str, object]:
    values = values_with_person(session, event, rel.EVIDENCE_FIELDS)
    return {**values, "direction": "positive" if event.positive else "negative"}


def evidence_to_edit(store: Store, event_id: int) -> Editable[m.EvidenceEvent]:
    with store.sessions() as session:
        event = _manual_event(session, event_id)
        return Editable(event, rel.EVIDENCE_FIELDS, _evidence_values(session, event))


def update_evidence(
    store: Store, event_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.EvidenceEvent]:
    """Change a moment noted by hand, by the rules of noting it (moving it to someone else too)."""
    with store.session() as session:
        event = _manual_event(session, event_id)
        fields, values = check_edit(rel.EVIDENCE_FIELDS, raw, _evidence_values(session, event), now)
        person = resolve_person(session, values.pop("person"))
        check_not_before_added(person, values["occurred_on"], "occurred_on")  # type: ignore[arg-type]
        event.person_id, event.positive = person.id, values.pop("direction") == "positive"
        for key, value in values.items():
            setattr(event, key, value)
    return Saved(event, crisis_in(fields, values), updated=True)


def evidence_list(store: Store, person: object = None, limit: int = 50) -> list[tuple[Any, Any]]:
    """Moments noted with whom (:func:`.relating_reads.evidence_list`, on the store's connection)."""
    from trustbridge.services import relating_reads
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return relating_reads.evidence_list(Through(session), person, limit)


@dataclass(frozen=True, slots=True)
class CircleMember:
    #: a plain row (:mod:`trustbridge.store.rows`) with the attributes of ``m.Person``
    person: Any
    overall: trust.Estimate
    evidence_count: int


def circle(
    store: Store, now: dt.datetime,
    include_archived: bool = False,
) -> list[CircleMember]:  # fmt: skip
    """Everyone in the circle with the overall evidence so far, most recently added first.

    The people are plain rows (:mod:`trustbridge.store.rows`), with the attributes of the
    model: the circle page shows them on every visit, and loading them as models cost more
    than the rest of its reads."""
    from trustbridge.services.entries import Through

    today, half_life = local_day(now), store.settings.half_life_days
    with store.sessions() as session:
        people = rows.select(
            Through(session).cursor(), "people",
            "" if include_archived else "archived_at IS NULL", order="created_at DESC, id DESC",
        )  # fmt: skip
    amounts = trust_reads.overall(store, today, half_life)
    none = trust_reads.Amounts()
    return [
        CircleMember(p, amounts.get(p.id, none).estimate(), amounts.get(p.id, none).events)
        for p in people
    ]


def person_page(
    store: Store, name_or_id: object, now: dt.datetime, recent: int = 20,
) -> PersonPage:  # fmt: skip
    """Everything about one person (:func:`.person_reads.read_person_page`, on the store's
    connection); ``NotFound`` for no one of that name or number."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return read_person_page(
            Through(session), name_or_id, local_day(now), store.settings.half_life_days, recent
        )
