"""Scores and trends: the emotional-safety score, promise follow-through, trends over time, daily picks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

MAX_FREQUENCY = 4
#: change in score per 30 days below which a trend counts as steady
FLAT_SLOPE = 2.0


def safety_score(answers: Mapping[str, int]) -> int:
    """Score an emotional-safety self-check from 0 (signs present almost always) to 100 (never).

    Each answer says how often a sign of low emotional safety shows up, 0 (never) to 4
    (almost always); the score is the share of the possible "never" that was reached.
    """
    if not answers:
        raise ValueError("a self-check needs at least one answer")
    for key, value in answers.items():
        if not 0 <= value <= MAX_FREQUENCY:
            raise ValueError(f"answer {key!r} must be between 0 and {MAX_FREQUENCY}")
    worst = MAX_FREQUENCY * len(answers)
    return round(100 * (worst - sum(answers.values())) / worst)


def follow_through(statuses: Iterable[str]) -> float | None:
    """Share of promises kept among those that were kept or broken; ``None`` before any is settled."""
    kept = broken = 0
    for status in statuses:
        kept += status == "kept"
        broken += status == "broken"
    return kept_share(kept, broken)


def kept_share(kept: int, broken: int) -> float | None:
    """Share kept among settled promises; ``None`` before any is settled."""
    return None if kept + broken == 0 else kept / (kept + broken)


Direction = Literal["rising", "falling", "steady", "too early"]


class Trend(NamedTuple):
    """Which way a series is heading, with its slope in points per 30 days."""

    direction: Direction
    per_30_days: float


def trend(points: Sequence[tuple[dt.datetime, float]]) -> Trend:
    """Least-squares slope of values over time; needs two points on different moments."""
    if len(points) < 2:
        return Trend("too early", 0.0)
    points = sorted(points)  # the answer must not depend on the order entries arrive in
    origin = min(t for t, _ in points)
    xs = [(t - origin).total_seconds() / 86400 / 30 for t, _ in points]
    ys = [float(v) for _, v in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return Trend("too early", 0.0)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    if abs(slope) < FLAT_SLOPE:
        return Trend("steady", slope)
    return Trend("rising" if slope > 0 else "falling", slope)


def daily_index(count: int, day: dt.date) -> int | None:
    """Which of ``count`` items to show on ``day``: the same all day, a different one the next."""
    return None if count <= 0 else day.toordinal() % count


def suggest_next_stage(done: Mapping[int, int], order: Sequence[int]) -> int:
    """The stage to suggest next: the first in program order not yet tried, else the least used.

    Never a lock: the suggestion is only a nudge, every stage stays open.
    """
    for number in order:
        if done.get(number, 0) == 0:
            return number
    return min(order, key=lambda n: (done.get(n, 0), order.index(n)))
