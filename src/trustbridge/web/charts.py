"""Charts on pages: Vega-Lite charts as images held in the page itself, and small inline SVG
line charts for a tool's own page (coordinates worked out here, the template only draws them)."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from trustbridge.charts.model import ChartData
from trustbridge.charts.vega import render_svg
from trustbridge.domain.scoring import Trend

WIDTH, HEIGHT = 420, 230
#: at most this many of the latest points are drawn; more would only be noise at this size
MAX_POINTS = 120
#: dots are drawn for each point only while they stay readable
MAX_DOTS = 40
LEFT, RIGHT, TOP, BOTTOM = 40, 14, 14, 34


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    value: float
    when: dt.datetime


@dataclass(frozen=True, slots=True)
class LineChart:
    """Everything an SVG line chart needs, plus a plain-language summary for screen readers."""

    points: list[ChartPoint]
    y_ticks: list[tuple[float, str]]
    first: dt.datetime
    last: dt.datetime
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def dots(self) -> list[ChartPoint]:
        return self.points if len(self.points) <= MAX_DOTS else self.points[-1:]

    @property
    def recent(self) -> list[ChartPoint]:
        """The latest points, newest first, for the list shown instead of the picture."""
        return list(reversed(self.points[-MAX_DOTS:]))

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def line_chart(
    series: Sequence[tuple[dt.datetime, float]], lo: float = 0, hi: float = 100
) -> LineChart | None:
    """Place each (moment, value) on a chart scaled from ``lo`` to ``hi``; ``None`` when empty."""
    if not series:
        return None
    ordered = sorted(series, key=lambda point: point[0])[-MAX_POINTS:]
    first, last = ordered[0][0], ordered[-1][0]
    span = (last - first).total_seconds()
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x_of(when: dt.datetime) -> float:
        if span == 0:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (when - first).total_seconds() / span

    def y_of(value: float) -> float:
        clamped = min(max(value, lo), hi)
        return TOP + plot_h * (1 - (clamped - lo) / (hi - lo))

    points = [ChartPoint(x_of(when), y_of(value), value, when) for when, value in ordered]
    steps = 4
    ticks = [
        (y_of(lo + (hi - lo) * i / steps), f"{lo + (hi - lo) * i / steps:g}")
        for i in range(steps + 1)
    ]
    return LineChart(points, ticks, first, last)


def trend_words(trend: Trend, noun: str) -> str:
    """Say which way a series is moving, without praise or blame."""
    if trend.direction == "too early":
        return f"Too early to see a direction for your {noun}. A few more entries will show one."
    if trend.direction == "steady":
        return f"Your {noun} has stayed about the same."
    points = abs(round(trend.per_30_days))
    way = "up" if trend.direction == "rising" else "down"
    return f"Your {noun} is going {way}, by about {points} points a month."


def inline_image(chart: ChartData) -> str:
    """A chart as an image address that holds the SVG itself, for a page made once and not
    kept (a report's preview), where a separate address per chart would have to ask again."""
    drawn = base64.b64encode(render_svg(chart).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{drawn}"
