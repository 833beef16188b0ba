"""Insights over time, built once and shown three ways: the web page, the command line, JSON.

One read of the store per area, then the pure rules in ``domain.insights``. Each area has
plain sentences first, the numbers behind them, and for each chart the same data as a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustbridge.charts.model import ChartData, Figure, Table
from trustbridge.content import load_program
from trustbridge.domain import insights as ins
from trustbridge.domain.balance import BalanceDay
from trustbridge.domain.records import CONNECTION, MOODS
from trustbridge.domain.relations import RESPONSES
from trustbridge.domain.scoring import trend
from trustbridge.domain.words import day_words
from trustbridge.services.base import local_day
from trustbridge.services.catalog import tool_specs
from trustbridge.services.insight_areas import (
    Area,
    PersonNumbers,
    activity_area,
    belief_area,
    bounds,
    gut_area,
    person_numbers,
    promise_area,
    trust_areas,
)
from trustbridge.store import models as m
from trustbridge.store.db import Store


@dataclass(frozen=True, slots=True)
class Insights:
    period: ins.Period
    areas: tuple[Area, ...]

    @property
    def empty(self) -> bool:
        return all(a.empty for a in self.areas)

    def chart(self, key: str) -> ChartData | None:
        for area in self.areas:
            for figure in area.figures:
                if figure.chart.key == key:
                    return figure.chart
        return None

    def as_data(self) -> dict[str, Any]:
        """Everything as plain data, for ``--json``."""
        p = self.period
        return {
            "period": p.name,
            "first": p.first.isoformat(),
            "last": p.last.isoformat(),
            "areas": [
                {
                    "key": a.key,
                    "title": a.title,
                    "words": list(a.words),
                    "numbers": list(a.numbers),
                    "note": a.note,
                    "charts": [{**asdict(f.chart), "table": asdict(f.table)} for f in a.figures],
                }
                for a in self.areas
            ],
        }


def insights(
    store: Store,
    now: dt.datetime,
    period: str = "month",
    *,
    chart: str | None = None,
    every_number: bool = True,
) -> Insights:
    """Every area of insight for the period ending today (``ValueError`` for an unknown one).

    With ``chart``, only the area that draws that chart is worked out (a chart's picture
    asks for its own, and the page may hold many). Without ``every_number``, the trust area
    leaves out each person's numbers: the page loads one person's when they are opened
    (:func:`trust_numbers`), where a circle of hundreds would otherwise list thousands."""
    p = ins.period(period, local_day(now))
    half_life = store.settings.half_life_days
    numbers = every_number and chart is None
    builders: dict[str, Callable[[Session], list[Area]]] = {
        "mood": lambda s: [mood_area(s, p)],
        "selfcheck": lambda s: [selfcheck_area(s, p)],
        "beliefs": lambda s: [belief_area(s, p)],
        "trust": lambda s: trust_areas(s, p, half_life, numbers=numbers),
        "ladder": lambda s: [ladder_area(s, p)],
        "distortions": lambda s: [distortion_area(s, p)],
        "balance": lambda s: [balance_area(s, p)],
        "promises": lambda s: [promise_area(s, p)],
        "gut": lambda s: [gut_area(s)],
        "stages": lambda s: [activity_area(s, p, tool_specs())],
    }
    if chart is not None:
        key = _CHART_AREAS.get(chart, "trust" if chart.startswith("trust-") else chart)
        builders = {key: builders[key]} if key in builders else {}
    with store.sessions() as session:
        areas = [area for build in builders.values() for area in build(session)]
    return Insights(p, tuple(areas))


def trust_numbers(
    store: Store, now: dt.datetime, period: str, person_id: int
) -> tuple[ins.Period, PersonNumbers]:
    """The numbers behind one person's best guess in the trust area of ``period``'s insights
    (``NotFound`` for no such person in the circle)."""
    p = ins.period(period, local_day(now))
    with store.sessions() as session:
        return p, person_numbers(session, p, store.settings.half_life_days, person_id)


#: the charts whose key is not their area's
_CHART_AREAS = {"mood-energy": "mood", "mood-calendar": "mood", "connection": "mood"}


def _number(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


def mood_area(session: Session, p: ins.Period) -> Area:
    rows = session.execute(
        select(m.CheckIn.day, m.CheckIn.mood, m.CheckIn.energy, m.CheckIn.connection).where(
            m.CheckIn.day.between(p.first, p.last)
        )
    ).all()
    logs = [ins.DayLog(d, mood, energy, conn) for d, mood, energy, conn in rows]
    calendar = ins.mood_calendar(logs, p)
    steps = ins.mood_steps(logs, p)
    names = dict(CONNECTION)
    counts = ins.connection_counts(logs, p)
    said = [f"{names[k]}: {n}" for k, n in counts.items() if n]
    words = [ins.mood_words(calendar, p)]
    if said:
        words.append("How connected you felt: " + ", ".join(said) + ".")
    if not calendar:
        return Area("mood", "Mood, energy and connection", tuple(words), empty=True)
    return Area(
        "mood",
        "Mood, energy and connection",
        tuple(words),
        (f"Average mood {_number(_avg(calendar.values()))} of 5 on {len(calendar)} days.",),
        (_mood_lines(steps, p), _mood_pixels(calendar, p), _connection_bars(counts, names)),
    )


def _avg(values: Any) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _mood_lines(steps: list[ins.StepAverage], p: ins.Period) -> Figure:
    rows: list[dict[str, object]] = [
        {"x": s.start.isoformat(), "y": None if value is None else round(value, 2), "series": name}
        for s in steps
        for name, value in (("Mood", s.mood), ("Energy", s.energy))
    ]  # a blank step stays blank: the line breaks there instead of joining across it
    each = "each week's average" if p.step == "week" else "each day"
    chart = ChartData(
        "mood-energy", "lines", "Mood and energy",
        f"Mood and energy, 1 to 5, {each} over {p.words}; days with no check-in are left blank.",
        tuple(rows), "1 low to 5 high", (1, 5), ("Mood", "Energy"),
    )  # fmt: skip
    table = Table(
        ("When", "Mood", "Energy"),
        tuple(
            (day_words(s.start), _number(s.mood), _number(s.energy))
            for s in steps
            if s.mood is not None
        ),
    )
    return Figure(chart, table)


def _mood_pixels(calendar: dict[dt.date, int], p: ins.Period) -> Figure:
    moods = dict(MOODS)
    rows = [{"x": d.isoformat(), "y": v, "series": moods[str(v)]} for d, v in calendar.items()]
    chart = ChartData(
        "mood-calendar", "calendar", "Mood, day by day",
        f"A calendar of {p.words}: one square per day, coloured by mood; blank days are left empty.",
        tuple(rows), "Mood", (1, 5), tuple(name for _, name in MOODS),
    )  # fmt: skip
    table = Table(
        ("Day", "Mood"), tuple((day_words(d), moods[str(v)]) for d, v in calendar.items())
    )
    return Figure(chart, table)


def _connection_bars(counts: dict[str, int], names: dict[str, str]) -> Figure:
    rows = [{"x": names[k], "y": n} for k, n in counts.items()]
    chart = ChartData(
        "connection", "bars", "How connected you felt",
        "How many check-ins felt connected, in between, or alone.", tuple(rows), "Check-ins",
        series=tuple(names.values()),
    )  # fmt: skip
    return Figure(chart, Table(("Felt", "Check-ins"), tuple((r["x"], str(r["y"])) for r in rows)))  # type: ignore[misc]


def selfcheck_area(session: Session, p: ins.Period) -> Area:
    start, end = bounds(p)
    checks = session.execute(
        select(m.SafetyCheck.created_at, m.SafetyCheck.score).where(
            m.SafetyCheck.created_at.between(start, end)
        )
    ).all()
    points = sorted((w, float(s)) for w, s in checks if p.holds(w.astimezone().date()))
    title = "Emotional safety self-check"
    if not points:
        return Area("selfcheck", title, ("No self-checks in this time.",), empty=True)
    words = (
        ins.change_words(points, "your safety score"),
        ins.direction_words(trend(points), "score"),
    )
    rows = tuple(
        {"x": w.astimezone().date().isoformat(), "y": v, "series": "Score"} for w, v in points
    )
    chart = ChartData(
        "selfcheck", "lines", "Safety score", "Your self-check score, 0 to 100, each time you took it.",
        rows, "Score (of 100)", (0, 100), ("Score",),
    )  # fmt: skip
    table = Table(
        ("Day", "Score"), tuple((day_words(w.astimezone().date()), f"{v:g}") for w, v in points)
    )
    return Area(
        "selfcheck", title, words, (f"Self-checks taken: {len(points)}.",), (Figure(chart, table),)
    )


def ladder_area(session: Session, p: ins.Period) -> Area:
    rows = session.execute(
        select(m.LadderRung.done_on, m.LadderRung.risk, m.LadderRung.response).where(
            m.LadderRung.done_on.between(p.first, p.last), m.LadderRung.response.is_not(None)
        )
    ).all()
    steps = sorted((ins.Step(d, risk, str(resp)) for d, risk, resp in rows if d is not None),
                   key=lambda s: s.day)  # fmt: skip
    title = "Vulnerability ladder"
    if not steps:
        return Area("ladder", title, (ins.ladder_words(steps),), empty=True)
    responses = dict(RESPONSES)
    data = tuple(
        {"x": s.day.isoformat(), "y": s.risk, "series": responses.get(s.response, s.response)}
        for s in steps
    )
    chart = ChartData(
        "ladder", "dots", "Steps taken", "Each step you took: how risky it felt, 0 to 100, "
        "and how they responded.", data, "Risk (of 100)", (0, 100), tuple(responses.values()),
    )  # fmt: skip
    table = Table(
        ("Day", "Risk", "Response"),
        tuple(
            (day_words(s.day), str(s.risk), responses.get(s.response, s.response)) for s in steps
        ),
    )
    counts = ins.tally(s.response for s in steps)
    numbers = tuple(f"{responses.get(k, k)}: {n}" for k, n in counts)
    return Area("ladder", title, (ins.ladder_words(steps),), numbers, (Figure(chart, table),))


def distortion_area(session: Session, p: ins.Period) -> Area:
    start, end = bounds(p)
    rows = session.execute(
        select(m.ThoughtRecord.created_at, m.ThoughtRecord.distortions).where(
            m.ThoughtRecord.created_at.between(start, end)
        )
    ).all()
    keys = [
        k for w, tags in rows if p.holds(w.astimezone().date()) for k in (tags or "").split(",")
    ]
    counts = ins.tally(keys)
    names = {d.key: d.name for d in load_program().distortions}
    title = "Thinking traps"
    words = (ins.tally_words(counts, names),)
    if not counts:
        return Area("distortions", title, words, empty=True)
    data = tuple({"x": names.get(k, k), "y": n} for k, n in counts)
    chart = ChartData(
        "distortions", "bars", "Thinking traps noticed",
        "How often you noticed each thinking trap in your thought records.", data, "Times",
        series=tuple(str(r["x"]) for r in data),
    )  # fmt: skip
    table = Table(("Thinking trap", "Times"), tuple((names.get(k, k), str(n)) for k, n in counts))
    return Area("distortions", title, words, (), (Figure(chart, table),))


def balance_area(session: Session, p: ins.Period) -> Area:
    logs = session.scalars(select(m.BalanceLog).where(m.BalanceLog.day.between(p.first, p.last)))
    days = [BalanceDay(x.day, x.alone_minutes, x.connected_minutes, None, None) for x in logs]
    steps = ins.balance_steps(days, p)
    title = "Balance: time alone and with others"
    words = (ins.balance_words(steps),)
    logged = [s for s in steps if s.alone is not None]
    if not logged:
        return Area("balance", title, words, empty=True)
    data = tuple(
        {"x": s.start.isoformat(), "y": round(v or 0), "series": name}
        for s in logged
        for name, v in (("On my own", s.alone), ("With others", s.connected))
    )
    chart = ChartData(
        "balance", "lines", "Minutes a day", "Minutes a logged day spent on your own and with "
        "others; days with no log are left blank.", data, "Minutes", None,
        ("On my own", "With others"),
    )  # fmt: skip
    table = Table(
        ("When", "On my own", "With others"),
        tuple(
            (day_words(s.start), f"{s.alone or 0:.0f}", f"{s.connected or 0:.0f}") for s in logged
        ),
    )
    return Area("balance", title, words, (), (Figure(chart, table),))
