"""The parts of the insights that look at people and practice: beliefs, trust, promises,
gut checks and what was done in each stage. The shapes every part shares are here too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trustbridge.charts.model import ChartData, Figure, Table
from trustbridge.content import load_program
from trustbridge.domain import calibration as cal
from trustbridge.domain import insights as ins
from trustbridge.domain import trust
from trustbridge.domain.words import day_words
from trustbridge.store import models as m


@dataclass(frozen=True, slots=True)
class Area:
    """One part of the insights: sentences first, the numbers behind them, then figures."""

    key: str
    title: str
    words: tuple[str, ...]
    numbers: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    empty: bool = False
    #: a word about the charts themselves, for the page (the command line shows no charts)
    note: str = ""
    #: the people the words are about, for a page that shows each one's numbers on request
    people: tuple[PersonLine, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonLine:
    """One person in the trust area: their number, name and best guess in words."""

    id: int
    name: str
    words: str


@dataclass(frozen=True, slots=True)
class PersonNumbers:
    """The numbers behind one person's best guess: one line for each kind of trust, then
    all of them together (none when nothing is noted about them)."""

    id: int
    name: str
    lines: tuple[str, ...]


def bounds(p: ins.Period) -> tuple[dt.datetime, dt.datetime]:
    """Moments a little wider than the period's days; each row's local day then decides."""
    start = dt.datetime.combine(p.first - dt.timedelta(days=1), dt.time(), dt.UTC)
    return start, dt.datetime.combine(p.last + dt.timedelta(days=2), dt.time(), dt.UTC)


def _day(when: dt.datetime) -> dt.date:
    return when.astimezone().date()


def belief_area(session: Session, p: ins.Period) -> Area:
    start, end = bounds(p)
    rows = session.execute(
        select(m.Belief.id, m.Belief.statement, m.BeliefRating.rated_at, m.BeliefRating.believability)
        .join(m.BeliefRating, m.BeliefRating.belief_id == m.Belief.id)
        .where(m.BeliefRating.rated_at.between(start, end))
        .order_by(m.Belief.id, m.BeliefRating.rated_at)
    ).all()  # fmt: skip
    by_belief: dict[int, tuple[str, list[tuple[dt.datetime, float]]]] = {}
    for bid, statement, when, value in rows:
        if p.holds(_day(when)):
            by_belief.setdefault(bid, (statement, []))[1].append((when, float(value)))
    title = "How true your beliefs feel"
    if not by_belief:
        return Area("beliefs", title, ("No belief ratings in this time.",), empty=True)
    words = tuple(
        f"“{s}”: " + _lower(ins.change_words(pts, "how true it feels"))
        for s, pts in by_belief.values()
    )
    names = tuple(_short(s) for s, _ in by_belief.values())
    data = tuple(
        {"x": _day(w).isoformat(), "y": v, "series": name}
        for name, (_, pts) in zip(names, by_belief.values(), strict=True)
        for w, v in pts
    )
    chart = ChartData(
        "beliefs", "lines", "How true it feels", "How true each belief felt, 0 to 100, each "
        "time you rated it.", data, "How true (of 100)", (0, 100), names,
    )  # fmt: skip
    table = Table(("Belief", "Day", "How true"),
                  tuple((str(r["series"]), day_words(dt.date.fromisoformat(str(r["x"]))), f"{r['y']:g}")
                        for r in data))  # fmt: skip
    return Area("beliefs", title, words, (), (Figure(chart, table),))


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _short(text: str, size: int = 32) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


class _Named(Protocol):
    """A person as the trust area reads them: a number and a name."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


class _Person(NamedTuple):
    """A person as the trust area reads them (a Row's names cost a look-up each, 500 times)."""

    id: int
    name: str


#: how many people are also drawn kind by kind: those with the most evidence in the period
KIND_CHARTS = 3
#: how many people get a chart of their own; with more, the rest are in words and numbers
PERSON_CHARTS = 12


def trust_areas(
    session: Session, p: ins.Period, half_life: float, *, numbers: bool = True
) -> list[Area]:
    """One area for the trust circle: each person's overall path with its likely range, and
    each kind of trust on its own for the few people noted about most in the period.

    Everyone's estimate on the period's last day comes from the running totals
    (``trust_reads.latest``); only the people who get a chart have their events read, so the
    page stays quick with a circle of hundreds. Without ``numbers`` only the best guess in
    words is worked out for each person: the page asks for one person's numbers when they
    are opened (:func:`person_numbers`).
    """
    from trustbridge.services import trust_reads

    active = select(m.Person.id, m.Person.name).where(m.Person.archived_at.is_(None))
    people = [_Person(*row) for row in session.execute(active.order_by(m.Person.id)).all()]
    latest = trust_reads.latest(session, p.last, half_life)
    known = [x for x in people if x.id in latest]
    title = "Trust, person by person"
    if not known:
        return [Area("trust", title, ("No evidence noted about anyone yet.",), empty=True)]
    e = m.EvidenceEvent
    in_period = select(e.person_id, func.count()).where(e.occurred_on.between(p.first, p.last))
    noted: dict[int, int] = {pid: n for pid, n in session.execute(in_period.group_by(e.person_id))}
    ranked = sorted(known, key=lambda x: (-noted.get(x.id, 0), x.id))
    drawn = {x.id for x in ranked[:PERSON_CHARTS]}
    busiest = {x.id for x in ranked[:KIND_CHARTS] if noted.get(x.id)}
    events = trust_reads.events_by_person(session, p.last, drawn)
    lines: list[PersonLine] = []
    every: list[str] = []
    figures: list[Figure] = []
    for person in known:
        overall = latest[person.id].estimate(trust.OVERALL)
        lines.append(
            PersonLine(person.id, person.name, f"{person.name}: {trust.describe(overall)}")
        )
        if numbers:
            estimates = latest[person.id].estimates()
            every.extend(f"{person.name}, {line}" for line in dimension_lines(estimates))
        if person.id in drawn:
            figures.append(_trust_figure(person, ins.trust_path(events[person.id], p, half_life)))
        if person.id in busiest:
            kinds = ins.dimension_paths(events[person.id], p, half_life)
            figures.append(_kinds_figure(person, kinds, p))
    words = tuple(line.words for line in lines)
    note = _trust_note(known, drawn, busiest, p)
    return [
        Area("trust", title, words, tuple(every), tuple(figures), note=note, people=tuple(lines))
    ]


def _trust_note(known: list[_Person], drawn: set[int], busiest: set[int], p: ins.Period) -> str:
    notes = []
    if len(known) > len(drawn):
        notes.append(f"With {len(known)} people noted about, a chart is drawn for the "
                     f"{len(drawn)} you noted most about in {p.words}; everyone's best guess "
                     "is in the words above.")  # fmt: skip
    if busiest and len(known) > len(busiest):  # say why some people have one chart only
        names = _and([x.name for x in known if x.id in busiest])
        notes.append(f"Each kind of trust is drawn on its own for {names}: the "
                     f"{'person' if len(busiest) == 1 else 'people'} you noted most about in {p.words}.")  # fmt: skip
    return " ".join(notes)


def person_numbers(
    session: Session, p: ins.Period, half_life: float, person_id: int
) -> PersonNumbers:
    """The numbers behind one person's best guess on the period's last day, as the trust
    area would list them; ``NotFound`` for no such person in the circle."""
    from trustbridge.services import trust_reads
    from trustbridge.services.base import NotFound

    person = session.execute(
        select(m.Person.id, m.Person.name).where(m.Person.id == person_id, m.Person.archived_at.is_(None))
    ).first()  # fmt: skip
    if person is None:
        raise NotFound(f"No person with number {person_id} in your circle.")
    found = trust_reads.latest(session, p.last, half_life, people={person_id})
    if person_id not in found:
        return PersonNumbers(person.id, person.name, ())
    lines = dimension_lines(found[person_id].estimates())
    return PersonNumbers(person.id, person.name, tuple(x[:1].upper() + x[1:] for x in lines))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def dimension_lines(latest: Mapping[str, trust.Estimate]) -> list[str]:
    """Each estimate as ``keeps promises: 72 (likely 60 to 80)``, or ``...: not enough yet``."""
    lines = []
    for key, est in latest.items():
        name = trust.DIMENSION_NAMES.get(key, "Overall").lower()
        if est.enough:
            lines.append(f"{name}: {trust.out_of_100(est.mean)} (likely "
                         f"{trust.out_of_100(est.low)} to {trust.out_of_100(est.high)})")  # fmt: skip
        else:
            lines.append(f"{name}: not enough yet")
    return lines


def _band_row(t: ins.TrustPoint, series: str) -> dict[str, object]:
    return {"x": t.day.isoformat(), "y": trust.out_of_100(t.mean), "low": trust.out_of_100(t.low),
            "high": trust.out_of_100(t.high), "series": series, "enough": t.enough}  # fmt: skip


def _band_cells(t: ins.TrustPoint) -> tuple[str, str, str]:
    """A day's best guess and likely range, for a table."""
    low, high = trust.out_of_100(t.low), trust.out_of_100(t.high)
    return day_words(t.day), str(trust.out_of_100(t.mean)), f"{low} to {high}"


RANGE_WORDS = "0 to 100, with the likely range shaded: a wide range means little evidence."


def _trust_figure(person: _Named, path: list[ins.TrustPoint]) -> Figure:
    chart = ChartData(
        f"trust-{person.id}", "band", f"Trust with {person.name}",
        f"What the evidence about {person.name} suggested over time, {RANGE_WORDS}",
        tuple(_band_row(t, "Overall") for t in path), "Out of 100", (0, 100), ("Overall",),
    )  # fmt: skip
    table = Table(("Day", "Best guess", "Likely range"), tuple(_band_cells(t) for t in path))
    return Figure(chart, table)


def _kinds_figure(
    person: _Named, paths: Mapping[str, list[ins.TrustPoint]], p: ins.Period
) -> Figure:
    """Each kind of trust noted about someone, as a small band of its own."""
    names = {d: trust.DIMENSION_NAMES[d] for d in paths}
    summary = (f"What the evidence about {person.name} suggested for each kind of trust over "
               f"{p.words}, {RANGE_WORDS}")  # fmt: skip
    unknown = [trust.DIMENSION_NAMES[d].lower() for d in trust.DIMENSIONS if d not in paths]
    if unknown:
        summary += f" Nothing noted yet about: {', '.join(unknown)}."
    chart = ChartData(
        f"trust-{person.id}-kinds", "bands", f"Trust with {person.name}, kind by kind", summary,
        tuple(_band_row(t, names[d]) for d, path in paths.items() for t in path), "Out of 100",
        (0, 100), tuple(names.values()),
    )  # fmt: skip
    table = Table(("Kind of trust", "Day", "Best guess", "Likely range"),
                  tuple((names[d], *_band_cells(t)) for d, path in paths.items() for t in path))  # fmt: skip
    return Figure(chart, table)


#: the three kinds of promise, in the words a person would use
PROMISE_KINDS = (("myself", "promises to yourself"), ("me", "promises you made to others"),
                 ("them", "promises others made to you"))  # fmt: skip


SHORT_KINDS = {"myself": "To yourself", "me": "You to others", "them": "Others to you"}


def promise_area(session: Session, p: ins.Period) -> Area:
    start, end = bounds(p)
    rows = session.execute(
        select(m.SelfPromise.person_id, m.SelfPromise.made_by, m.SelfPromise.status,
               m.SelfPromise.resolved_at)
        .where(m.SelfPromise.status != "open", m.SelfPromise.resolved_at.between(start, end))
    ).all()  # fmt: skip
    kinds: dict[str, list[str]] = {k: [] for k, _ in PROMISE_KINDS}
    for person_id, made_by, status, when in rows:
        if when is not None and p.holds(_day(when)):
            kinds["myself" if person_id is None else made_by].append(status)
    done = {k: ins.followed(v) for k, v in kinds.items()}
    title = "Promises, both ways"
    if not rows:
        return Area("promises", title, ("No promises were settled in this time.",), empty=True)
    words = tuple(ins.followed_words(done[k], name) for k, name in PROMISE_KINDS if kinds[k])
    data = tuple(
        {"x": SHORT_KINDS[k], "y": n, "series": outcome}
        for k, _ in PROMISE_KINDS
        for outcome, n in (("Kept", done[k].kept), ("Not kept", done[k].broken),
                           ("Changed by agreement", done[k].renegotiated))
    )  # fmt: skip
    chart = ChartData(
        "promises", "bars", "Promises settled", "Promises settled in this time, by who made "
        "them: kept, not kept, or changed by agreement.", data, "Promises",
        series=("Kept", "Changed by agreement", "Not kept"),  # a calm colour for "not kept"
    )  # fmt: skip
    table = Table(("Promises", "Kept", "Not kept", "Changed by agreement"),
                  tuple((name, str(done[k].kept), str(done[k].broken), str(done[k].renegotiated))
                        for k, name in PROMISE_KINDS))  # fmt: skip
    return Area("promises", title, words, (), (Figure(chart, table),))


def gut_area(session: Session) -> Area:
    """Calibration looks at every gut check resolved so far: a few weeks are rarely enough."""
    rows = session.execute(
        select(m.GutCheck.confidence, m.GutCheck.came_true).where(m.GutCheck.came_true.is_not(None))
    ).all()
    found = cal.calibration([cal.GutOutcome(c / 100, bool(t)) for c, t in rows])
    title = "Your gut checks, all so far"
    if not found.count:
        return Area("gut", title, (found.summary,), empty=True)
    bands = [b for b in found.bands if b.count]
    data = tuple(
        {"x": f"{b.low}-{b.high}%", "y": round(100 * value), "series": name}
        for b in bands
        for name, value in (("How sure you felt", b.mean_confidence or 0.0),
                            ("How often it came true", b.hit_rate or 0.0))
    )  # fmt: skip
    chart = ChartData(
        "gut", "bars", "How sure you felt, and how often it came true", "For each level of "
        "confidence, how sure you felt on average and how often your hunch came true, in %.",
        data, "%", (0, 100), ("How sure you felt", "How often it came true"),
    )  # fmt: skip
    table = Table(("Confidence", "Hunches", "Came true"),
                  tuple((f"{b.low}-{b.high}%", str(b.count), f"{round(100 * (b.hit_rate or 0))}%")
                        for b in bands))  # fmt: skip
    return Area(
        "gut",
        title,
        (found.summary,),
        (found.tally + ".", found.score_words),
        (Figure(chart, table),),
    )


def activity_area(session: Session, p: ins.Period, specs: Mapping[str, Any]) -> Area:
    """Entries written in each stage in the period, counted by the day they were saved."""
    start, end = bounds(p)
    program = load_program()
    models: dict[str, Any] = {slug: s.model for slug, s in specs.items()}
    models |= {"vulnerability_ladder": m.LadderRung, "evidence_log": m.EvidenceEvent,
               "gut_checks": m.GutCheck, "boundaries": m.Boundary, "boundary_events": m.BoundaryEvent,
               "balance_log": m.BalanceLog, "rituals": m.Ritual, "wins": m.Win,
               "appreciation_log": m.Appreciation}  # fmt: skip
    per_stage: dict[int, int] = {s.number: 0 for s in program.stages}
    counted: dict[Any, int] = {}
    for slug, model in models.items():
        try:
            stage = program.stage_for_tool("emotion_checkin" if slug == "checkin" else slug)
        except KeyError:
            continue
        counted.setdefault(model, stage.number)
    # one query for every table: a scalar subquery each
    totals = session.execute(
        select(*(select(func.count()).select_from(model)
                 .where(model.created_at.between(start, end)).scalar_subquery()
                 for model in counted))
    ).one()  # fmt: skip
    for number, total in zip(counted.values(), totals, strict=True):
        per_stage[number] += total or 0
    activity = [(s.number, s.title, per_stage[s.number]) for s in program.stages]
    data = tuple({"x": f"{n}. {t}", "y": c} for n, t, c in activity)
    chart = ChartData(
        "stages", "bars", "What you did in each stage", "How many entries you saved in each "
        "stage in this time.", data, "Entries", series=tuple(str(r["x"]) for r in data),
    )  # fmt: skip
    table = Table(("Stage", "Entries"), tuple((f"{n}. {t}", str(c)) for n, t, c in activity))
    empty = not any(c for *_, c in activity)
    return Area("stages", "Stage activity", (ins.stage_words(activity),), (),
                () if empty else (Figure(chart, table),), empty)  # fmt: skip
