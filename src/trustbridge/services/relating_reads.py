"""The lists of stages 5-7 read as plain rows, each record with the person it is about:
ladder steps, gut checks, moments of evidence, and the balance log.

The one way they are read: the web on the store's connection (``services.relating``,
``people``, ``boundaries``), the command line on a plain read-only connection without
SQLAlchemy. Records have the models' attribute names and values (:mod:`trustbridge.store.rows`).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from trustbridge.services.errors import NoSuchPerson
from trustbridge.services.person_reads import find_person, no_one_called
from trustbridge.store import rows

#: where a moment of evidence came from, when not noted by hand
EVIDENCE_SOURCES = {
    "ladder": "ladder step",
    "promise": "promise",
    "boundary": "boundary moment",
    "appreciation": "appreciation",
    "ritual": "kept ritual",
    "partner_checkin": "partner check-in",
}

Pair = tuple[SimpleNamespace, SimpleNamespace]


def rungs(connection: Any, limit: int = 200) -> list[Pair]:
    """Ladder steps, planned ones first by date, then done ones newest first."""
    order = "done_on IS NOT NULL, done_on DESC, planned_on, id"
    return _about(connection, "ladder_rungs", order=order, limit=limit)


def gut_checks(connection: Any, limit: int = 200) -> list[Pair]:
    """Every gut check with whom it is about, newest first."""
    return _about(connection, "gut_checks", order="created_at DESC, id DESC", limit=limit)


def evidence_list(connection: Any, person: object = None, limit: int = 50) -> list[Pair]:
    """Moments noted, newest first, with whom; only one person's when ``person`` is given
    (by name or number; ``NotFound`` for no one of that name)."""
    where: tuple[str, tuple[object, ...]] = ("", ())
    if person is not None:
        found = find_person(connection.cursor(), person)
        if found is None:
            raise NoSuchPerson(no_one_called(person, connection.cursor()))
        where = ("person_id = ?", (found.id,))
    order = "occurred_on DESC, id DESC"
    return _about(connection, "evidence_events", *where, order=order, limit=limit)


def balance_logs(connection: Any, limit: int = 100) -> list[SimpleNamespace]:
    """Logged days, the latest day first."""
    order = "day DESC, id DESC"
    return rows.select(connection.cursor(), "balance_logs", order=order, limit=max(1, limit))


def _about(
    connection: Any,
    table: str,
    where: str = "",
    params: tuple[object, ...] = (),
    *,
    order: str,
    limit: int,
) -> list[Pair]:
    """Records of ``table``, each with the person its ``person_id`` names (only those people
    are read: a circle of hundreds costs more than the few a list names)."""
    cursor = connection.cursor()
    found = rows.select(cursor, table, where, params, order=order, limit=max(1, limit))
    people = rows.read(cursor, "people", rows.shaped("people"), (r.person_id for r in found))
    return [(record, people[record.person_id]) for record in found if record.person_id in people]
