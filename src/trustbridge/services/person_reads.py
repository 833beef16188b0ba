"""One person's page read as plain rows: the one way it is read, by the web and the CLI.

Runs on a DB-API connection, so ``trustbridge person show`` reads without SQLAlchemy on a
plain read-only connection, and the web on the store's own (``people.person_page``). The
records have the models' attribute names and values (:mod:`trustbridge.store.rows`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, NamedTuple

from trustbridge.domain import trust
from trustbridge.services.errors import NoSuchPerson
from trustbridge.store import rows

#: the most names suggested for one that was not found
MOST_SUGGESTED = 3


class Explained(NamedTuple):
    """An event and how much it moved an estimate."""

    event: Any
    shift: float


class PersonPage(NamedTuple):
    person: Any
    estimates: dict[str, trust.Estimate]
    explanations: dict[str, list[Explained]]
    recent: list[Any]
    evidence_count: int
    promises: list[Any]
    rungs: list[Any]
    bridge: Any | None
    gut_checks: list[Any]


def find_person(cursor: Any, name_or_id: object) -> SimpleNamespace | None:
    """Someone in the circle by number, or by name in any case (the first added of that name)."""
    text = str(name_or_id).strip()
    if text.isdigit():
        found = rows.select(cursor, "people", "id = ?", (int(text),))
    else:
        wanted = text.casefold()
        found = [
            p for p in rows.select(cursor, "people", order="id") if p.name.casefold() == wanted
        ]
    return found[0] if found else None


def active_names(connection: Any) -> dict[int, str]:
    """The names of the people in the active circle, by number (for "who" columns)."""
    return {p.id: p.name for p in rows.select(connection.cursor(), "people", "archived_at IS NULL")}


def no_one_called(name_or_id: object, cursor: Any = None) -> str:
    """Nobody by that name or number; given the store's ``cursor``, the names in the circle
    that hold what was typed ("Sam" for "Sam Rivera"), as a suggestion."""
    text = str(name_or_id).strip()
    said = f"There is no one called {text!r} in your circle yet."
    if cursor is None or not text or text.isdigit():
        return said
    wanted = text.casefold()
    near = [
        p.name for p in rows.select(cursor, "people", order="id") if wanted in p.name.casefold()
    ]
    if not near:
        return said
    shown = " or ".join(repr(name) for name in near[:MOST_SUGGESTED])
    return f"{said} Did you mean {shown}?"


def as_evidence(events: Sequence[Any]) -> list[trust.Evidence]:
    """Stored evidence events as the trust estimate reads them."""
    return [trust.Evidence(e.id, e.dimension, e.positive, e.weight, e.occurred_on) for e in events]


def read_person_page(
    connection: Any, name_or_id: object, today: dt.date, half_life: float, recent: int = 20
) -> PersonPage:
    """Everything about one person: estimates with what moved them, and every linked record."""
    cursor = connection.cursor()
    person = find_person(cursor, name_or_id)
    if person is None:
        raise NoSuchPerson(no_one_called(name_or_id, cursor))

    def of(table: str, order: str) -> list[SimpleNamespace]:
        return rows.select(cursor, table, "person_id = ?", (person.id,), order=order)

    events = of("evidence_events", "occurred_on DESC, id DESC")
    bridges = of("bridge_plans", "id")
    domain_events = as_evidence(events)
    by_id = {e.id: e for e in events}
    moved = trust.influences(domain_events, today, half_life)
    return PersonPage(
        person=person,
        estimates=trust.estimates(domain_events, today, half_life),
        explanations={
            key: [Explained(by_id[i.evidence_id], i.shift) for i in items]
            for key, items in moved.items()
        },
        recent=events[:recent],
        evidence_count=len(events),
        promises=of("self_promises", "due_on DESC, id DESC"),
        rungs=of("ladder_rungs", "created_at DESC, id DESC"),
        bridge=bridges[0] if bridges else None,
        gut_checks=of("gut_checks", "created_at DESC, id DESC"),
    )
