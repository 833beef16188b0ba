"""What each tool gives a therapist report: its entries on the chosen days, as labelled words.

Each section is read with one :class:`Reader`, which keeps to the chosen days and names only
the people the entries it returns are about (looked up one by one, never the whole circle).
An entry's day is the day it is about where the tool asks for one (a check-in's day, when a
boundary event happened, the day a ritual was kept), else the day it was saved, in this
computer's time zone. A tool with a parent and dated children (a belief and its ratings, a
person and the evidence about them, a ritual and the days it was kept, a goal and its
reviews) shows a parent once, with only the children from the chosen days.

Three sections are not logs but how things stand: the learned-beliefs checklist, the support
map and the safety plan. They are shown as they are today, whatever the dates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Date, or_, select
from sqlalchemy.orm import Session

from trustbridge.charts.model import ChartData, Figure, Table
from trustbridge.content import load_program
from trustbridge.domain import growth as g
from trustbridge.domain import records as r
from trustbridge.domain import relations as rel
from trustbridge.domain import support as sup
from trustbridge.domain.fields import Field, value_words
from trustbridge.domain.words import day_words
from trustbridge.services.catalog import spec
from trustbridge.store import models as m


@dataclass(frozen=True, slots=True)
class Line:
    """One labelled value of an entry; ``long`` for writing that may run to paragraphs."""

    label: str
    text: str
    long: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry as a report shows it: under its day and title (which may be empty)."""

    day: dt.date
    title: str
    lines: tuple[Line, ...]


@dataclass
class Found:
    entries: list[Entry] = field(default_factory=list)
    charts: list[Figure] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Window:
    """The chosen days, first and last included."""

    since: dt.date
    until: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.since <= day <= self.until

    def around(self, column: Any) -> Any:
        """A SQL condition a little wider than the days (a moment is stored in UTC, a day is
        local); :meth:`holds` then decides on the local day."""
        if isinstance(column.type, Date):
            return column.between(self.since, self.until)
        start = dt.datetime.combine(self.since - dt.timedelta(days=1), dt.time(), dt.UTC)
        end = dt.datetime.combine(self.until + dt.timedelta(days=2), dt.time(), dt.UTC)
        return column.between(start, end)


def local(when: dt.date | dt.datetime) -> dt.date:
    """The calendar day of a stored day or moment, in this computer's time zone."""
    return when.astimezone().date() if isinstance(when, dt.datetime) else when


def over_time(key: str, title: str, summary: str, measure: str,
              points: Sequence[tuple[dt.datetime, float]]) -> Figure:  # fmt: skip
    """Values out of 100, each at the moment it was saved: the chart the insights draw, and
    beside it the same numbers with their day and time (two on one day stay two)."""
    moments = [(when.astimezone(), value) for when, value in points]
    column = f"{measure} (of 100)"
    rows = tuple({"x": f"{w:%Y-%m-%dT%H:%M:%S}", "y": v, "series": measure} for w, v in moments)
    chart = ChartData(key, "lines", title, summary, rows, column, (0, 100), (measure,))
    cells = tuple((f"{day_words(w.date())}, {w:%H:%M}", f"{v:g}") for w, v in moments)
    return Figure(chart, Table(("When", column), cells))


def lines_of(
    row: Any, fields: Iterable[Field], given: Mapping[str, object] | None = None
) -> list[Line]:
    """Every filled-in field, in form order, as words (``given`` replaces stored values)."""
    pairs = ((f, (given or {}).get(f.name, getattr(row, f.name, None))) for f in fields)
    return [Line(f.label, value_words(f, v), f.kind == "longtext")
            for f, v in pairs if v is not None and v != "" and v != []]  # fmt: skip


@dataclass
class Reader:
    """One report's reads: the session, the chosen days, and the names asked for so far."""

    session: Session
    window: Window
    names: dict[int, str] = field(default_factory=dict)

    def name(self, person_id: int | None) -> str | None:
        if person_id is None:
            return None
        if person_id not in self.names:
            person = self.session.get(m.Person, person_id)
            self.names[person_id] = person.name if person else "someone no longer in your circle"
        return self.names[person_id]

    def dated(self, model: Any, column: str, *where: Any) -> list[tuple[dt.date, Any]]:
        """The rows whose ``column`` falls on the chosen days, oldest first, with that day."""
        attribute = getattr(model, column)
        query = select(model).where(*where, self.window.around(attribute))
        rows = ((local(getattr(x, column)), x) for x in self.session.scalars(query))
        return sorted(
            ((d, x) for d, x in rows if self.window.holds(d)), key=lambda p: (p[0], p[1].id)
        )

    def every(self, model: Any, *order: Any) -> list[Any]:
        """All of a table, in this order: for the sections that show how things stand."""
        return list(self.session.scalars(select(model).order_by(*order)))


Gather = Callable[[Reader], Found]
LinesOf = Callable[[Reader, Any], list[Line]]


def _plain(fields: Sequence[Field]) -> LinesOf:
    """The fields as the form asks for them, with the person of the entry by name."""
    return lambda rd, x: lines_of(x, fields, {"person": rd.name(getattr(x, "person_id", None))})


def _log(model: Any, column: str, lines: LinesOf, *where: Any) -> Gather:
    """A tool whose entries stand alone: one entry per row on the chosen days."""

    def gather(rd: Reader) -> Found:
        return Found(
            [Entry(day, "", tuple(lines(rd, x))) for day, x in rd.dated(model, column, *where)]
        )

    return gather


def _tool(slug: str, column: str = "created_at") -> Gather:
    """A tool from the catalog, its day field left out (it is the entry's heading)."""
    tool = spec(slug)
    fields = [f for f in tool.fields if f.name != column]
    return _log(tool.model, column, _plain(fields), *tool.belongs())


# --- tools with more than their fields ------------------------------------------------------


def _thought_lines(rd: Reader, x: m.ThoughtRecord) -> list[Line]:
    fields = spec("thought_record").fields
    felt = [f"{e.name} {e.intensity}" + ("" if e.rerated is None else f", later {e.rerated}")
            for e in r.readable_emotions(x.emotions)]  # fmt: skip
    emotions = [Line("Emotions (0-100)", "; ".join(felt))] if felt else []
    return lines_of(x, fields[:2]) + emotions + lines_of(x, fields[2 + 3 * r.EMOTION_SLOTS :])


def _safety(rd: Reader) -> Found:
    fields = spec("safety_selfcheck").fields
    checks = rd.dated(m.SafetyCheck, "created_at")
    found = Found()
    for day, x in checks:
        answers = x.answers if isinstance(x.answers, dict) else {}
        lines = [Line("Score", f"{x.score} of 100"),
                 *lines_of(x, fields, {k: str(v) for k, v in answers.items()})]  # fmt: skip
        found.entries.append(Entry(day, "", tuple(lines)))
    if checks:
        points = [(x.created_at, float(x.score)) for _, x in checks]
        found.charts.append(over_time("safety", "Safety score over time", "Your emotional safety "
                                      "self-check score, 0 to 100, each time you took it on these "
                                      "days.", "Score", points))  # fmt: skip
    return found


def _status_lines(rd: Reader, x: m.SelfPromise, fields: Sequence[Field]) -> list[Line]:
    settled = "" if x.resolved_at is None else f", {day_words(local(x.resolved_at))}"
    return [*_plain(fields)(rd, x), Line("Status", x.status + settled)]


def _gut_lines(rd: Reader, x: m.GutCheck) -> list[Line]:
    lines = _plain(rel.GUT_FIELDS)(rd, x)
    if x.came_true is not None:  # "no" is an answer here, not a blank
        lines += lines_of(x, rel.GUT_RESOLVE_FIELDS)
    return lines


def _event_lines(rd: Reader, x: m.BoundaryEvent) -> list[Line]:
    boundary = rd.session.get(m.Boundary, x.boundary_id)
    given = {"person": rd.name(x.person_id), "outcome": "respected" if x.respected else "crossed",
             "boundary_id": boundary.statement if boundary else str(x.boundary_id)}  # fmt: skip
    fields = [f for f in rel.BOUNDARY_EVENT_FIELDS if f.name != "occurred_on"]
    return lines_of(x, fields, given)


def _i_statement(rd: Reader, x: m.IStatement) -> list[Line]:
    return [Line("I-statement", rel.i_statement(x.feel, x.when, x.because, x.need))]


def _ladder(rd: Reader) -> Found:
    """A step shows on the day it was done, or on the day it was planned if not done yet."""
    when = rd.window.around(m.LadderRung.created_at)
    query = select(m.LadderRung).where(or_(when, rd.window.around(m.LadderRung.done_on)))
    fields = [*rel.RUNG_FIELDS, *rel.REFLECT_FIELDS]
    found = Found()
    for x in rd.session.scalars(query.order_by(m.LadderRung.id)):
        day = x.done_on if x.done_on and rd.window.holds(x.done_on) else local(x.created_at)
        if rd.window.holds(day):
            found.entries.append(Entry(day, "", tuple(_plain(fields)(rd, x))))
    found.entries.sort(key=lambda e: e.day)
    return found


# --- a parent with dated children -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Family:
    """How a parent and its children are stored: the child's day column and parent key."""

    parent: Any
    child: Any
    child_day: str
    parent_key: str


BELIEFS = Family(m.Belief, m.BeliefRating, "rated_at", "belief_id")
PEOPLE = Family(m.Person, m.EvidenceEvent, "occurred_on", "person_id")
RITUALS = Family(m.Ritual, m.RitualKept, "kept_on", "ritual_id")
GOALS = Family(m.SharedGoal, m.GoalReview, "reviewed_on", "goal_id")


def _families(rd: Reader, family: Family) -> list[tuple[dt.date, Any, bool, list[Any]]]:
    """Parents started on the chosen days or with children on them: (first day shown,
    parent, started then, those children), oldest first."""
    children: dict[int, list[Any]] = defaultdict(list)
    days: dict[int, list[dt.date]] = defaultdict(list)
    for day, child in rd.dated(family.child, family.child_day):
        children[getattr(child, family.parent_key)].append(child)
        days[getattr(child, family.parent_key)].append(day)
    started = {x.id: day for day, x in rd.dated(family.parent, "created_at")}
    found = []
    for parent_id in sorted(started.keys() | children.keys()):
        parent = rd.session.get(family.parent, parent_id)
        first = min(days[parent_id] + ([started[parent_id]] if parent_id in started else []))
        found.append((first, parent, parent_id in started, children[parent_id]))
    return sorted(found, key=lambda item: item[0])


def _beliefs(rd: Reader) -> Found:
    found = Found()
    for day, belief, _, ratings in _families(rd, BELIEFS):
        lines = [Line(day_words(local(x.rated_at)),
                      f"{x.believability} of 100" + (f". {x.note}" if x.note else ""))
                 for x in ratings]  # fmt: skip
        found.entries.append(Entry(day, belief.statement, tuple(lines)))
        points = [(x.rated_at, float(x.believability)) for x in ratings]
        if points:
            found.charts.append(over_time(
                f"belief-{belief.id}", f"How true it felt: {belief.statement}",
                f"How true “{belief.statement}” felt, 0 to 100, each time you rated it on these "
                "days.", "How true", points))  # fmt: skip
    return found


def _evidence_line(x: m.EvidenceEvent) -> Line:
    dimension = dict(rel.DIMENSION_CHOICES).get(x.dimension, x.dimension)
    weight = dict(rel.WEIGHT_CHOICES).get(x.weight, x.weight).lower()
    text = f"{dimension}: {'built' if x.positive else 'cost'} trust, {weight}"
    return Line(day_words(x.occurred_on), text + (f". {x.note}" if x.note else ""))


def _circle(rd: Reader) -> Found:
    found = Found()
    kinds = dict(rel.PERSON_KINDS)
    for day, person, added, evidence in _families(rd, PEOPLE):
        lines = [Line("Added to your circle", day_words(day))] if added else []
        lines += [_evidence_line(x) for x in evidence]
        title = f"{rd.name(person.id)} ({kinds.get(person.kind, person.kind).lower()})"
        found.entries.append(Entry(day, title, tuple(lines)))
    return found


def _rituals(rd: Reader) -> Found:
    found = Found()
    fields = [f for f in g.RITUAL_FIELDS if f.name != "name"]
    for day, ritual, _, kept in _families(rd, RITUALS):
        lines = _plain(fields)(rd, ritual)
        lines += [Line(day_words(x.kept_on), f"Kept. {x.note}" if x.note else "Kept") for x in kept]
        found.entries.append(Entry(day, ritual.name, tuple(lines)))
    return found


def _sentence(line: Line) -> str:
    """``Is it still ours? Yes.`` or ``Next step: call them.``"""
    asked = line.label.endswith("?")
    said = f"{line.label} {line.text.capitalize()}" if asked else f"{line.label}: {line.text}"
    return said if said.endswith((".", "!", "?")) else said + "."


def _review_line(x: m.GoalReview) -> Line:
    fields = [f for f in g.REVIEW_FIELDS if f.name in ("still_ours", "progress", "next_step")]
    said = " ".join(_sentence(line) for line in lines_of(x, fields))
    return Line(f"Looked at again, {day_words(x.reviewed_on)}", said or "Looked at again", True)


def _goals(rd: Reader) -> Found:
    found = Found()
    fields = [f for f in g.GOAL_FIELDS if f.name not in ("goal", "review_on")]
    status = Field("status", "Status", "choice", choices=g.GOAL_STATUSES)
    for day, goal, _, reviews in _families(rd, GOALS):
        lines = _plain([*fields, status])(rd, goal) + [_review_line(x) for x in reviews]
        found.entries.append(Entry(day, goal.goal, tuple(lines)))
    return found


# --- how things stand today -----------------------------------------------------------------


def _learned(rd: Reader) -> Found:
    texts = {i.key: i.text for i in load_program().checklists["learned_beliefs"]}
    marks = [x for x in rd.every(m.LearnedBeliefMark, m.LearnedBeliefMark.key) if x.applies]
    return Found([Entry(local(x.updated_at), texts.get(x.key, x.key), ()) for x in marks])


def _support(rd: Reader) -> Found:
    fields = [f for f in sup.SUPPORT_FIELDS if f.name != "name"]
    contacts = rd.every(m.SupportContact, m.SupportContact.created_at, m.SupportContact.id)
    return Found([Entry(local(x.created_at), x.name, tuple(_plain(fields)(rd, x)))
                  for x in contacts])  # fmt: skip


def _plan(rd: Reader) -> Found:
    plans = rd.every(m.SafetyPlan, m.SafetyPlan.id)[:1]
    return Found([Entry(local(x.updated_at), "Last changed", tuple(lines_of(x, sup.SAFETY_PLAN_FIELDS)))
                  for x in plans])  # fmt: skip


@dataclass(frozen=True, slots=True)
class Part:
    """One section a person can choose: its key, what gathers it, and whether it is dated."""

    key: str
    gather: Gather
    standing: bool = False


#: every section in the order a report shows them: the daily tools, then stage by stage
PARTS: tuple[Part, ...] = (
    Part("checkin", _tool("checkin", "day")),
    Part("journal", _tool("journal")),
    Part("hurt_inventory", _tool("hurt_inventory")),
    Part("learned_beliefs", _learned, standing=True),
    Part("pattern_journal", _tool("pattern_journal")),
    Part("thought_record", _log(m.ThoughtRecord, "created_at", _thought_lines)),
    Part("belief_tracker", _beliefs),
    Part("safety_selfcheck", _safety),
    Part("self_promises", _log(m.SelfPromise, "created_at",
                               lambda rd, x: _status_lines(rd, x, r.SELF_PROMISE_FIELDS),
                               m.SelfPromise.person_id.is_(None))),
    Part("self_empathy", _tool("self_empathy")),
    Part("affirmations", _tool("affirmations")),
    Part("mindful_pause", _tool("mindful_pause")),
    Part("habits", _tool("habits", "day")),
    Part("vulnerability_ladder", _ladder),
    Part("trust_circle", _circle),
    Part("bridge_plan", _log(m.BridgePlan, "created_at", _plain((rel.PERSON, *rel.BRIDGE_FIELDS)))),
    Part("promises_both_ways", _log(m.SelfPromise, "created_at",
                                    lambda rd, x: _status_lines(rd, x, rel.PROMISE_FIELDS),
                                    m.SelfPromise.person_id.is_not(None))),
    Part("gut_checks", _log(m.GutCheck, "created_at", _gut_lines)),
    Part("boundaries", _log(m.Boundary, "created_at", _plain(rel.BOUNDARY_FIELDS))),
    Part("istatement", _log(m.IStatement, "created_at", _i_statement)),
    Part("boundary_events", _log(m.BoundaryEvent, "occurred_on", _event_lines)),
    Part("balance_log", _log(m.BalanceLog, "day", _plain(rel.BALANCE_FIELDS[1:]))),
    Part("partner_checkin", _log(m.PartnerCheckIn, "held_on", _plain(g.CHECKIN_FIELDS[1:]))),
    Part("rituals", _rituals),
    Part("appreciation_log", _log(m.Appreciation, "noted_on",
                                  _plain(g.APPRECIATION_FIELDS[:-1]))),
    Part("shared_goals", _goals),
    Part("wins", _log(m.Win, "happened_on", _plain(g.WIN_FIELDS[:-1]))),
    Part("support_map", _support, standing=True),
    Part("safety_plan", _plan, standing=True),
)  # fmt: skip
