"""Insights over time: periods, averages per step, a mood calendar, tallies, and plain words.

Everything here is pure: it takes what was logged and the day it is, and returns numbers and
sentences. A day with nothing logged is simply absent (``None``), never a zero and never a
"miss": gaps are not failures, so nothing here counts them against anyone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from trustbridge.domain import trust
from trustbridge.domain.balance import BalanceDay
from trustbridge.domain.scoring import Trend, kept_share, trend

PeriodName = Literal["week", "month", "year"]
PERIODS: dict[str, tuple[int, str]] = {
    "week": (7, "day"),
    "month": (30, "day"),
    "year": (365, "week"),
}
PERIOD_WORDS = {"week": "the last 7 days", "month": "the last 30 days", "year": "the last year"}
MOOD_WORDS = {1: "very low", 2: "low", 3: "okay", 4: "good", 5: "very good"}


@dataclass(frozen=True, slots=True)
class Period:
    """The days an insight looks at, first and last included, and the step its lines move in."""

    name: str
    first: dt.date
    last: dt.date
    step: str  # "day" or "week"

    @property
    def words(self) -> str:
        return PERIOD_WORDS[self.name]

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def steps(self) -> list[dt.date]:
        """The first day of each step, oldest first (weeks start on a Monday)."""
        start = self.bucket(self.first)
        size = 7 if self.step == "week" else 1
        count = (self.last - start).days // size + 1
        return [start + dt.timedelta(days=size * i) for i in range(count)]

    def bucket(self, day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.weekday()) if self.step == "week" else day


def period(name: str, today: dt.date) -> Period:
    """The period called ``name`` ending ``today``; an unknown name is a ``ValueError``."""
    if name not in PERIODS:
        raise ValueError(f"period must be week, month or year, got {name!r}")
    days, step = PERIODS[name]
    return Period(name, today - dt.timedelta(days=days - 1), today, step)


# --- check-ins ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayLog:
    """One check-in: its day, mood 1-5, energy 1-5 (or none) and how connected it felt."""

    day: dt.date
    mood: int
    energy: int | None = None
    connection: str | None = None


@dataclass(frozen=True, slots=True)
class StepAverage:
    """Averages over one step; ``None`` where nothing was logged in it."""

    start: dt.date
    mood: float | None
    energy: float | None
    days: int


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def mood_steps(logs: Iterable[DayLog], p: Period) -> list[StepAverage]:
    """Mood and energy averaged per step of the period; steps with nothing logged stay blank."""
    moods: dict[dt.date, list[float]] = {s: [] for s in p.steps()}
    energy: dict[dt.date, list[float]] = {s: [] for s in moods}
    days: dict[dt.date, set[dt.date]] = {s: set() for s in moods}
    for log in logs:
        if p.holds(log.day):
            key = p.bucket(log.day)
            moods[key].append(log.mood)
            days[key].add(log.day)
            if log.energy is not None:
                energy[key].append(log.energy)
    return [StepAverage(s, _mean(moods[s]), _mean(energy[s]), len(days[s])) for s in moods]


def mood_calendar(logs: Iterable[DayLog], p: Period) -> dict[dt.date, int]:
    """Each logged day of the period and its mood (the rounded mean when logged twice)."""
    by_day: dict[dt.date, list[int]] = {}
    for log in logs:
        if p.holds(log.day):
            by_day.setdefault(log.day, []).append(log.mood)
    return {day: round(sum(m) / len(m) + 1e-9) for day, m in sorted(by_day.items())}


def connection_counts(logs: Iterable[DayLog], p: Period) -> dict[str, int]:
    """How many check-ins of the period felt connected, in between or alone."""
    found = Counter(x.connection for x in logs if p.holds(x.day) and x.connection)
    return {key: found[key] for key in ("connected", "in_between", "alone")}


def mood_words(calendar: Mapping[dt.date, int], p: Period) -> str:
    """How the period's mood looked, in words: no count of blank days, no praise or blame."""
    if not calendar:
        return f"No check-ins in {p.words}. When you check in, your mood will show here."
    days = len(calendar)
    average = sum(calendar.values()) / days
    said = "1 day" if days == 1 else f"{days} days"
    text = (
        f"You checked in on {said} in {p.words}; your mood was mostly {MOOD_WORDS[round(average)]}."
    )
    points = [(_noon(d), 25.0 * (m - 1)) for d, m in calendar.items()]
    return f"{text} {direction_words(trend(points), 'mood')}"


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def direction_words(t: Trend, noun: str) -> str:
    """Which way a series moved, without praise or blame."""
    if t.direction == "too early":
        return f"It is too early to see a direction for your {noun}."
    if t.direction == "steady":
        return f"Your {noun} stayed about the same."
    return f"Your {noun} went {'up' if t.direction == 'rising' else 'down'} over this time."


# --- scores over time --------------------------------------------------------------------------


def change_words(points: Sequence[tuple[dt.datetime, float]], what: str) -> str:
    """``How true it feels went from 80 to 40 out of 100.``, or a single reading."""
    if not points:
        return f"No ratings of {what} in this time."
    ordered = sorted(points)
    first, last = round(ordered[0][1]), round(ordered[-1][1])
    if len(ordered) == 1:
        return f"One rating of {what}: {last} out of 100."
    if first == last:
        return f"{what[:1].upper()}{what[1:]} stayed at {last} out of 100."
    return f"{what[:1].upper()}{what[1:]} went from {first} to {last} out of 100."


# --- trust over time ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrustPoint:
    """What the evidence up to ``day`` said about one dimension, or all of them pooled
    (``"overall"``)."""

    day: dt.date
    dimension: str
    mean: float
    low: float
    high: float
    enough: bool


def _path_days(p: Period, steps: int) -> list[dt.date]:
    """Up to ``steps`` evenly spaced days of the period, its last day included."""
    span = (p.last - p.first).days
    count = max(min(steps, span + 1), 2)
    return sorted({p.last - dt.timedelta(days=round(span * i / (count - 1))) for i in range(count)})


def _point(day: dt.date, dimension: str, est: trust.Estimate) -> TrustPoint:
    return TrustPoint(day, dimension, est.mean, est.low, est.high, est.enough)


def trust_path(
    events: Sequence[trust.Evidence], p: Period, half_life_days: float, steps: int = 12
) -> list[TrustPoint]:
    """The pooled estimate at up to ``steps`` evenly spaced days of the period, each from the
    evidence noted up to that day, with its 80% interval: the rule a person's page uses."""
    days = _path_days(p, steps) if events else []
    found = trust.estimates_by_day(events, days, half_life_days, (trust.OVERALL,))
    return [
        _point(day, trust.OVERALL, on[trust.OVERALL])
        for day, on in zip(days, found, strict=True)
        if on is not None
    ]


def dimension_paths(
    events: Sequence[trust.Evidence], p: Period, half_life_days: float, steps: int = 12
) -> dict[str, list[TrustPoint]]:
    """The same path for each dimension on its own, in ``trust.DIMENSIONS`` order; a dimension
    starts on the first of those days with evidence about it, and one with none is left out."""
    days = _path_days(p, steps) if events else []
    out: dict[str, list[TrustPoint]] = {}
    found = trust.estimates_by_day(events, days, half_life_days, trust.DIMENSIONS)
    for day, on in zip(days, found, strict=True):
        for dimension, est in (on or {}).items():
            out.setdefault(dimension, []).append(_point(day, dimension, est))
    return {d: out[d] for d in trust.DIMENSIONS if d in out}


# --- balance -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BalanceStep:
    """Average minutes a logged day spent alone and with others, over one step."""

    start: dt.date
    alone: float | None
    connected: float | None


def balance_steps(days: Iterable[BalanceDay], p: Period) -> list[BalanceStep]:
    """Minutes per logged day, averaged per step; entries for one day are added up first."""
    per_day: dict[dt.date, list[int]] = {}
    for d in days:
        if p.holds(d.day):
            got = per_day.setdefault(d.day, [0, 0])
            got[0] += d.alone_minutes
            got[1] += d.connected_minutes
    steps: dict[dt.date, list[list[int]]] = {s: [] for s in p.steps()}
    for day, minutes in per_day.items():
        steps[p.bucket(day)].append(minutes)
    return [
        BalanceStep(s, _mean([m[0] for m in got]), _mean([m[1] for m in got]))
        for s, got in steps.items()
    ]


def _hours(minutes: float) -> str:
    return f"{round(minutes)} minutes" if minutes < 90 else f"{minutes / 60:.1f} hours"


def balance_words(steps: Sequence[BalanceStep]) -> str:
    logged = [s for s in steps if s.alone is not None and s.connected is not None]
    if not logged:
        return "No balance log in this time."
    alone = _mean([s.alone or 0.0 for s in logged]) or 0.0
    connected = _mean([s.connected or 0.0 for s in logged]) or 0.0
    return (
        f"On the days you logged, about {_hours(alone)} on your own "
        f"and {_hours(connected)} with others."
    )


# --- tallies -----------------------------------------------------------------------------------


def tally(keys: Iterable[str]) -> list[tuple[str, int]]:
    """How often each key came up, most often first, ties A to Z."""
    return sorted(Counter(k for k in keys if k).items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True, slots=True)
class Followed:
    """Promises of one kind settled in the period."""

    kept: int
    broken: int
    renegotiated: int

    @property
    def rate(self) -> float | None:
        return kept_share(self.kept, self.broken)


def followed(statuses: Iterable[str]) -> Followed:
    found = Counter(statuses)
    return Followed(found["kept"], found["broken"], found["renegotiated"])


def followed_words(f: Followed, whose: str) -> str:
    """``You kept 7 of 9 promises to yourself.``: what was kept, never a scolding."""
    settled = f.kept + f.broken
    if settled == 0 and not f.renegotiated:
        return f"No {whose} were settled in this time."
    if settled == 0:
        return f"{f.renegotiated} of the {whose} were changed by agreement."
    return f"{f.kept} of {settled} {whose} were kept." + (
        f" {f.renegotiated} more were changed by agreement." if f.renegotiated else ""
    )


@dataclass(frozen=True, slots=True)
class Step:
    """A ladder step done: when, how risky it felt (0-100), and how they responded."""

    day: dt.date
    risk: int
    response: str


def ladder_words(steps: Sequence[Step]) -> str:
    if not steps:
        return "No ladder steps done in this time. The ladder is there when you feel ready."
    said = "1 step" if len(steps) == 1 else f"{len(steps)} steps"
    met = sum(s.response == "supportive" for s in steps)
    return (
        f"You took {said}; the boldest felt {max(s.risk for s in steps)} out of 100 risky. "
        f"{met} of them met with support."
    )


def tally_words(counts: Sequence[tuple[str, int]], names: Mapping[str, str]) -> str:
    if not counts:
        return "No thinking traps noted in this time."
    key, n = counts[0]
    times = "once" if n == 1 else f"{n} times"
    return f"The thinking trap you noticed most was {names.get(key, key).lower()} ({times})."


def stage_words(activity: Sequence[tuple[int, str, int]]) -> str:
    """The stage with the most entries, or a kind word when there are none."""
    busy = [a for a in activity if a[2]]
    if not busy:
        return "Nothing written in this time. Every stage is there whenever you want it."
    number, title, _ = max(busy, key=lambda a: (a[2], -a[0]))
    return f"Most of what you did was in stage {number}, {title}."
