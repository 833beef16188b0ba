"""Boundaries and balance: boundaries, I-statements, boundary events as evidence, the balance log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from trustbridge.domain import balance as bal
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.services import relating_reads
from trustbridge.services.base import Saved, crisis_in, local_day, numbered
from trustbridge.services.entries import Through
from trustbridge.services.people import (
    Editable,
    check_edit,
    check_not_before_added,
    delete_record,
    forget_evidence,
    record_evidence,
    resolve_person,
    values_with_person,
)
from trustbridge.services.relating_reads import BoundaryView
from trustbridge.services.relating_reads import sentence as sentence  # the web calls it here
from trustbridge.store import models as m
from trustbridge.store.db import Store


def add_boundary(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.Boundary]:
    values = clean(rel.BOUNDARY_FIELDS, raw, local_day(now))
    boundary = m.Boundary(created_at=now, **values)
    with store.session() as session:
        session.add(boundary)
    return Saved(boundary, crisis_in(rel.BOUNDARY_FIELDS, values))


def boundaries(store: Store, now: dt.datetime) -> list[BoundaryView]:
    """Every boundary with its tallies (:func:`.relating_reads.boundaries`)."""
    with store.sessions() as session:
        return relating_reads.boundaries(Through(session), local_day(now))


def _values(record: object, fields: tuple[Field, ...]) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in fields}


def _boundary(session: Session, boundary_id: int) -> m.Boundary:
    return numbered(session, m.Boundary, boundary_id, "boundary")


def boundary_to_edit(store: Store, boundary_id: int) -> Editable[m.Boundary]:
    with store.sessions() as session:
        boundary = _boundary(session, boundary_id)
    return Editable(boundary, rel.BOUNDARY_FIELDS, _values(boundary, rel.BOUNDARY_FIELDS))


def update_boundary(
    store: Store, boundary_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.Boundary]:
    """Change a boundary. Crossing a non-negotiable one weighs most, so when that changes,
    every time it was crossed counts again by the new rule."""
    with store.session() as session:
        boundary = _boundary(session, boundary_id)
        was = boundary.non_negotiable
        stored = _values(boundary, rel.BOUNDARY_FIELDS)
        fields, values = check_edit(rel.BOUNDARY_FIELDS, raw, stored, now)
        for key, value in values.items():
            setattr(boundary, key, value)
        if boundary.non_negotiable != was:
            for event in session.scalars(
                select(m.BoundaryEvent).where(m.BoundaryEvent.boundary_id == boundary.id)
            ):
                _boundary_evidence(session, event, boundary, now)
    return Saved(boundary, crisis_in(fields, values), updated=True)


def _linked_boundary(session: Session, values: Mapping[str, object]) -> m.Boundary | None:
    """The boundary a form names by number (none when left empty), or a clear error."""
    if values["boundary_id"] is None:
        return None
    boundary = session.get(m.Boundary, values["boundary_id"])
    if boundary is None:
        raise ValidationError(
            {"boundary_id": f"There is no boundary number {values['boundary_id']}."}
        )
    return boundary


def add_i_statement(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.IStatement]:
    """Save an I-statement, on its own or for one of my boundaries."""
    values = clean(rel.ISTATEMENT_FIELDS, raw, local_day(now))
    with store.session() as session:
        _linked_boundary(session, values)
        statement = m.IStatement(created_at=now, **values)
        session.add(statement)
    return Saved(statement, crisis_in(rel.ISTATEMENT_FIELDS, values))


def _i_statement(session: Session, statement_id: int) -> m.IStatement:
    return numbered(session, m.IStatement, statement_id, "I-statement")


def i_statement_to_edit(store: Store, statement_id: int) -> Editable[m.IStatement]:
    with store.sessions() as session:
        statement = _i_statement(session, statement_id)
    fields = rel.ISTATEMENT_FIELDS
    return Editable(statement, fields, _values(statement, fields))


def update_i_statement(
    store: Store, statement_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.IStatement]:
    """Change an I-statement's words, or the boundary it is for, by the rules of writing it."""
    values = clean(rel.ISTATEMENT_FIELDS, raw, local_day(now))
    with store.session() as session:
        statement = _i_statement(session, statement_id)
        _linked_boundary(session, values)
        for key, value in values.items():
            setattr(statement, key, value)
    return Saved(statement, crisis_in(rel.ISTATEMENT_FIELDS, values), updated=True)


def i_statements(store: Store, limit: int = 100) -> list[Any]:
    """I-statements, the latest first (:func:`.relating_reads.i_statements`)."""
    with store.sessions() as session:
        return relating_reads.i_statements(Through(session), limit)


def add_boundary_event(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.BoundaryEvent]:
    """A boundary respected or crossed by someone; it becomes "respects boundaries" evidence."""
    values = clean(rel.BOUNDARY_EVENT_FIELDS, raw, local_day(now))
    with store.session() as session:
        event = m.BoundaryEvent(created_at=now)
        _fill_event(session, event, values, now)
    return Saved(event, crisis_in(rel.BOUNDARY_EVENT_FIELDS, values))


def _fill_event(
    session: Session, event: m.BoundaryEvent, values: dict[str, object], now: dt.datetime
) -> None:
    """Give a new or changed boundary moment its values, then the evidence it now gives."""
    boundary = _linked_boundary(session, values)
    assert boundary is not None  # the field is required
    person = resolve_person(session, values.pop("person"))
    check_not_before_added(person, values["occurred_on"], "occurred_on")  # type: ignore[arg-type]
    event.person_id, event.respected = person.id, values.pop("outcome") == "respected"
    for key, value in values.items():
        setattr(event, key, value)
    session.add(event)
    session.flush()
    _boundary_evidence(session, event, boundary, now)


def _boundary_evidence(
    session: Session, event: m.BoundaryEvent, boundary: m.Boundary, now: dt.datetime
) -> None:
    """A boundary respected or crossed, as "respects boundaries" evidence about that person."""
    record_evidence(
        session, event.person_id, "respects_boundaries",
        rel.boundary_evidence(event.respected, boundary.non_negotiable),
        event.occurred_on, now, ("boundary", event.id),
        note=rel.source_note("boundary", boundary.id, "respected" if event.respected else "crossed"),
    )  # fmt: skip


def _event(session: Session, event_id: int) -> m.BoundaryEvent:
    return numbered(session, m.BoundaryEvent, event_id, "boundary moment")


def _event_values(session: Session, event: m.BoundaryEvent) -> dict[str, object]:
    values = values_with_person(session, event, rel.BOUNDARY_EVENT_FIELDS)
    return {**values, "outcome": "respected" if event.respected else "crossed"}


def boundary_event_to_edit(store: Store, event_id: int) -> Editable[m.BoundaryEvent]:
    with store.sessions() as session:
        event = _event(session, event_id)
        return Editable(event, rel.BOUNDARY_EVENT_FIELDS, _event_values(session, event))


def update_boundary_event(
    store: Store, event_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.BoundaryEvent]:
    """Change a boundary moment by the rules of noting it; its evidence follows (another
    person, boundary, outcome or day)."""
    with store.session() as session:
        event = _event(session, event_id)
        stored = _event_values(session, event)
        fields, values = check_edit(rel.BOUNDARY_EVENT_FIELDS, raw, stored, now)
        _fill_event(session, event, values, now)
    return Saved(event, crisis_in(fields, values), updated=True)


def delete_boundary(store: Store, boundary_id: int) -> None:
    """A boundary deleted for good, with its moments and the evidence they gave; an
    I-statement built on it stays, no longer tied to it."""

    def moments(session: Session, boundary: m.Boundary) -> None:
        held = m.BoundaryEvent
        for event_id in session.scalars(select(held.id).where(held.boundary_id == boundary.id)):
            forget_evidence(session, "boundary", event_id)
        session.execute(delete(held).where(held.boundary_id == boundary.id))

    delete_record(store, m.Boundary, boundary_id, "boundary", moments)


def delete_boundary_event(store: Store, event_id: int) -> None:
    """A boundary moment deleted for good, with the evidence it gave."""
    delete_record(store, m.BoundaryEvent, event_id, "boundary moment",
                  lambda session, event: forget_evidence(session, "boundary", event.id))  # fmt: skip


def delete_i_statement(store: Store, statement_id: int) -> None:
    delete_record(store, m.IStatement, statement_id, "I-statement")


def delete_balance(store: Store, log_id: int) -> None:
    delete_record(store, m.BalanceLog, log_id, "balance log entry")


def boundary_events(store: Store, limit: int = 100) -> list[tuple[Any, Any, Any]]:
    """Boundary moments with whom and which (:func:`.relating_reads.boundary_events`)."""
    with store.sessions() as session:
        return relating_reads.boundary_events(Through(session), limit)


def add_balance(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.BalanceLog]:
    values = clean(rel.BALANCE_FIELDS, raw, local_day(now))
    log = m.BalanceLog(created_at=now, **values)
    with store.session() as session:
        session.add(log)
    return Saved(log, crisis_in(rel.BALANCE_FIELDS, values))


def _balance_log(session: Session, log_id: int) -> m.BalanceLog:
    return numbered(session, m.BalanceLog, log_id, "balance log entry")


def balance_to_edit(store: Store, log_id: int) -> Editable[m.BalanceLog]:
    with store.sessions() as session:
        log = _balance_log(session, log_id)
    return Editable(log, rel.BALANCE_FIELDS, _values(log, rel.BALANCE_FIELDS))


def update_balance(
    store: Store, log_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.BalanceLog]:
    """Change a logged day by the rules of logging it; the report counts the new numbers."""
    with store.session() as session:
        log = _balance_log(session, log_id)
        stored = _values(log, rel.BALANCE_FIELDS)
        fields, values = check_edit(rel.BALANCE_FIELDS, raw, stored, now)
        for key, value in values.items():
            setattr(log, key, value)
    return Saved(log, crisis_in(fields, values), updated=True)


def balance_logs(store: Store, limit: int = 100) -> list[Any]:
    """Logged days, the latest first (:func:`.relating_reads.balance_logs`)."""
    from trustbridge.services import relating_reads
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return relating_reads.balance_logs(Through(session), limit)


def balance_report(store: Store, now: dt.datetime, weeks: int = 3) -> bal.BalanceReport:
    """The balance log's report (:func:`.relating_reads.balance_report`, on the store's
    connection)."""
    with store.sessions() as session:
        return relating_reads.balance_report(Through(session), local_day(now), weeks)


def get_boundary(store: Store, boundary_id: int) -> m.Boundary:
    with store.sessions() as session:
        return _boundary(session, boundary_id)
