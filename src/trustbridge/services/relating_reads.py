"""The lists of stages 5-7 read as plain rows, each record with the person it is about:
ladder steps, gut checks (and how well they matched what happened), moments of evidence, boundaries and their moments, I-statements,
and the balance log.

The one way they are read: the web on the store's connection (``services.relating``,
``people``, ``boundaries``), the command line on a plain read-only connection without
SQLAlchemy. Records have the models' attribute names and values (:mod:`trustbridge.store.rows`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from trustbridge.domain import balance as bal
from trustbridge.domain import calibration as cal
from trustbridge.domain.relations import i_statement
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


@dataclass(frozen=True, slots=True)
class GutCalibration:
    overall: cal.Calibration
    by_person: list[tuple[SimpleNamespace, cal.Calibration]]
    open_checks: list[Pair]


def gut_calibration(connection: Any) -> GutCalibration:
    """How well instincts have matched what happened, overall and per person (in the order
    of each person's latest resolved check), and the checks still open, newest first."""
    found = _about(connection, "gut_checks", order="created_at DESC, id DESC", limit=None)
    resolved: dict[int, list[cal.GutOutcome]] = {}
    people: dict[int, SimpleNamespace] = {}
    for check, person in found:
        if check.came_true is not None:
            people[person.id] = person
            resolved.setdefault(person.id, []).append(
                cal.GutOutcome(check.confidence / 100, check.came_true)
            )
    everyone = [o for outcomes in resolved.values() for o in outcomes]
    return GutCalibration(
        overall=cal.calibration(everyone),
        by_person=[(people[pid], cal.calibration(o)) for pid, o in resolved.items()],
        open_checks=[(c, p) for c, p in found if c.came_true is None],
    )


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


@dataclass(frozen=True, slots=True)
class BoundaryView:
    boundary: Any
    respected: int
    crossed: int
    review_due: bool


def boundaries(connection: Any, today: dt.date) -> list[BoundaryView]:
    """Every boundary with how often it was respected or crossed, and whether a review is due."""
    cursor = connection.cursor()
    found = rows.select(cursor, "boundaries", order="id")
    counts = rows.tally(cursor, "boundary_events", ("boundary_id", "respected"))
    return [
        BoundaryView(b, counts.get((b.id, True), 0), counts.get((b.id, False), 0),
                     b.review_on is not None and b.review_on <= today)
        for b in found
    ]  # fmt: skip


def boundary_events(
    connection: Any, limit: int = 100
) -> list[tuple[SimpleNamespace, SimpleNamespace, SimpleNamespace]]:
    """Moments a boundary was respected or crossed, the latest first, each with whom and
    which boundary."""
    order = "occurred_on DESC, id DESC"
    found = _about(connection, "boundary_events", order=order, limit=limit)
    cursor = connection.cursor()
    ids = (e.boundary_id for e, _ in found)
    named = rows.read(cursor, "boundaries", rows.shaped("boundaries"), ids)
    return [(e, p, named[e.boundary_id]) for e, p in found if e.boundary_id in named]


def i_statements(connection: Any, limit: int = 100) -> list[SimpleNamespace]:
    """I-statements, the latest first."""
    order = "created_at DESC, id DESC"
    return rows.select(connection.cursor(), "i_statements", order=order, limit=max(1, limit))


def sentence(statement: Any) -> str:
    """An I-statement as one sentence."""
    return i_statement(statement.feel, statement.when, statement.because, statement.need)


def balance_report(connection: Any, today: dt.date, weeks: int = 3) -> bal.BalanceReport:
    """Time alone and connected, needs met, and plain signals of drifting one way or the
    other: the days logged in the last ``weeks`` weeks, and who in the circle gives support
    back (how often it was noted, by name)."""
    cursor = connection.cursor()
    since = today - dt.timedelta(weeks=weeks)
    logs = rows.select(cursor, "balance_logs", "day > ?", (since.isoformat(),), order="id")
    given = "dimension = 'reciprocates_support' AND positive"
    counts = rows.tally(cursor, "evidence_events", ("person_id",), given)
    people = rows.read(cursor, "people", {"name": None}, (pid for (pid,) in counts))
    support = {people[pid].name: float(n) for (pid,), n in counts.items() if pid in people}
    days = [
        bal.BalanceDay(x.day, x.alone_minutes, x.connected_minutes, x.solitude_met, x.closeness_met)
        for x in logs
    ]
    return bal.balance_report(days, support, today, weeks)


def _about(
    connection: Any,
    table: str,
    where: str = "",
    params: tuple[object, ...] = (),
    *,
    order: str,
    limit: int | None,
) -> list[Pair]:
    """Records of ``table`` (``limit`` of them, or all), each with the person its
    ``person_id`` names (only those people are read: a circle of hundreds costs more than
    the few a list names)."""
    cursor = connection.cursor()
    most = None if limit is None else max(1, limit)
    found = rows.select(cursor, table, where, params, order=order, limit=most)
    people = rows.read(cursor, "people", rows.shaped("people"), (r.person_id for r in found))
    return [(record, people[record.person_id]) for record in found if record.person_id in people]
