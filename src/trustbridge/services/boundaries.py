"""Boundaries and balance: boundaries, I-statements, boundary events as evidence, the balance log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from trustbridge.domain import balance as bal
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import ValidationError, clean
from trustbridge.services.base import NotFound, Saved, crisis_in, local_day
from trustbridge.services.people import check_not_before_added, record_evidence, resolve_person
from trustbridge.store import models as m
from trustbridge.store.db import Store


def add_boundary(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.Boundary]:
    values = clean(rel.BOUNDARY_FIELDS, raw, local_day(now))
    boundary = m.Boundary(created_at=now, **values)
    with store.session() as session:
        session.add(boundary)
    return Saved(boundary, crisis_in(rel.BOUNDARY_FIELDS, values))


@dataclass(frozen=True, slots=True)
class BoundaryView:
    boundary: m.Boundary
    respected: int
    crossed: int
    review_due: bool


def boundaries(store: Store, now: dt.datetime) -> list[BoundaryView]:
    """Every boundary with how often it was respected or crossed, and whether a review is due."""
    today = local_day(now)
    with store.sessions() as session:
        items = list(session.scalars(select(m.Boundary).order_by(m.Boundary.id)))
        tallies = session.execute(
            select(m.BoundaryEvent.boundary_id, m.BoundaryEvent.respected, func.count())
            .group_by(m.BoundaryEvent.boundary_id, m.BoundaryEvent.respected)
        ).all()  # fmt: skip
    counts = {(b, r): n for b, r, n in tallies}
    return [
        BoundaryView(b, counts.get((b.id, True), 0), counts.get((b.id, False), 0),
                     b.review_on is not None and b.review_on <= today)
        for b in items
    ]  # fmt: skip


def add_i_statement(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.IStatement]:
    """Save an I-statement, on its own or for one of my boundaries."""
    values = clean(rel.ISTATEMENT_FIELDS, raw, local_day(now))
    with store.session() as session:
        if (
            values["boundary_id"] is not None
            and session.get(m.Boundary, values["boundary_id"]) is None
        ):
            raise ValidationError(
                {"boundary_id": f"There is no boundary number {values['boundary_id']}."}
            )
        statement = m.IStatement(created_at=now, **values)
        session.add(statement)
    return Saved(statement, crisis_in(rel.ISTATEMENT_FIELDS, values))


def i_statements(store: Store, limit: int = 100) -> list[m.IStatement]:
    with store.sessions() as session:
        return list(session.scalars(
            select(m.IStatement).order_by(m.IStatement.created_at.desc()).limit(limit)
        ))  # fmt: skip


def sentence(statement: m.IStatement) -> str:
    return rel.i_statement(statement.feel, statement.when, statement.because, statement.need)


def add_boundary_event(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.BoundaryEvent]:
    """A boundary respected or crossed by someone; it becomes "respects boundaries" evidence."""
    values = clean(rel.BOUNDARY_EVENT_FIELDS, raw, local_day(now))
    with store.session() as session:
        boundary = session.get(m.Boundary, values["boundary_id"])
        if boundary is None:
            raise ValidationError(
                {"boundary_id": f"There is no boundary number {values['boundary_id']}."}
            )
        person = resolve_person(session, values.pop("person"))
        check_not_before_added(person, values["occurred_on"], "occurred_on")  # type: ignore[arg-type]
        respected = values.pop("outcome") == "respected"
        event = m.BoundaryEvent(created_at=now, person_id=person.id, respected=respected, **values)
        session.add(event)
        session.flush()
        record_evidence(
            session, person.id, "respects_boundaries",
            rel.boundary_evidence(respected, boundary.non_negotiable),
            event.occurred_on, now, ("boundary", event.id),
            note=f"From boundary {boundary.id}: {'respected' if respected else 'crossed'}",
        )  # fmt: skip
    return Saved(event, crisis_in(rel.BOUNDARY_EVENT_FIELDS, values))


def boundary_events(
    store: Store, limit: int = 100
) -> list[tuple[m.BoundaryEvent, m.Person, m.Boundary]]:
    with store.sessions() as session:
        rows = session.execute(
            select(m.BoundaryEvent, m.Person, m.Boundary)
            .join(m.Person, m.Person.id == m.BoundaryEvent.person_id)
            .join(m.Boundary, m.Boundary.id == m.BoundaryEvent.boundary_id)
            .order_by(m.BoundaryEvent.occurred_on.desc(), m.BoundaryEvent.id.desc())
            .limit(limit)
        ).all()  # fmt: skip
    return [(e, p, b) for e, p, b in rows]


def add_balance(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.BalanceLog]:
    values = clean(rel.BALANCE_FIELDS, raw, local_day(now))
    log = m.BalanceLog(created_at=now, **values)
    with store.session() as session:
        session.add(log)
    return Saved(log, crisis_in(rel.BALANCE_FIELDS, values))


def balance_report(store: Store, now: dt.datetime, weeks: int = 3) -> bal.BalanceReport:
    """Time alone and connected, needs met, and plain signals of drifting one way or the other."""
    today = local_day(now)
    since = today - dt.timedelta(weeks=weeks)
    with store.sessions() as session:
        logs = list(session.scalars(select(m.BalanceLog).where(m.BalanceLog.day > since)))
        support = session.execute(
            select(m.Person.name, func.count())
            .join(m.EvidenceEvent, m.EvidenceEvent.person_id == m.Person.id)
            .where(m.EvidenceEvent.dimension == "reciprocates_support", m.EvidenceEvent.positive)
            .group_by(m.Person.id)
        ).all()  # fmt: skip
    days = [
        bal.BalanceDay(x.day, x.alone_minutes, x.connected_minutes, x.solitude_met, x.closeness_met)
        for x in logs
    ]
    return bal.balance_report(days, {name: float(n) for name, n in support}, today, weeks)


def get_boundary(store: Store, boundary_id: int) -> m.Boundary:
    with store.sessions() as session:
        boundary = session.get(m.Boundary, boundary_id)
        if boundary is None:
            raise NotFound(f"No boundary with number {boundary_id}.")
        return boundary
