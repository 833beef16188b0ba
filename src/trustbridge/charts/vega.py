"""Vega-Lite specs for :class:`ChartData`, drawn to SVG in this process by vl-convert.

vl-convert carries Vega and Vega-Lite inside its wheel and runs them in an embedded
JavaScript engine, so nothing is fetched: data is always inline, and ``allowed_base_urls``
is empty so a spec could not load anything even if one tried. Text is measured with the
DejaVu Sans the PDF report already ships, and the SVG names that font (then the browser's
sans-serif), never a web font. Each SVG is made in memory and handed back; nothing is cached
on disk. A chart takes tens of milliseconds to draw, so pages load them as separate images.

The Vega-Lite version is pinned to the one the specs' ``$schema`` names, so a new vl-convert
release (which would otherwise draw with its newest Vega-Lite) cannot change a chart unseen.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from pathlib import Path
from typing import Any

from trustbridge.charts.model import ChartData

#: the Vega-Lite the specs are written for; vl-convert draws with this release's minor version
VEGA_LITE = "6.4.1"
SCHEMA = f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE}.json"
PINNED = ".".join(VEGA_LITE.split(".")[:2])
FONTS = Path(__file__).parents[1] / "exchange" / "fonts"
FONT = "DejaVu Sans, Verdana, sans-serif"
WIDTH, HEIGHT = 290, 180
INK, MUTED, GRID = "#24292b", "#586064", "#d8d1c4"
#: distinguishable in colour and (with dashes or shapes) without it; each dark enough on white
PALETTE = ("#2c6b64", "#b04a1c", "#3b5ba5", "#7a4a8c", "#6b5a00", "#5d6d2b", "#8a3a5c")
#: very low to very good: calm to warm, never an alarm red
MOOD_COLOURS = ("#8e8cc2", "#b7bfd8", "#e4dcb8", "#9ccbb7", "#3d8a76")
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3])
_lock = threading.Lock()
_fonts_ready = False
_SAFE_URL = re.compile(r"https?://(?!www\.w3\.org/)")


def _config() -> dict[str, Any]:
    axis = {"labelColor": MUTED, "titleColor": MUTED, "gridColor": GRID, "domainColor": GRID,
            "tickColor": GRID, "labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal"}  # fmt: skip
    return {
        "font": FONT,
        "background": "#ffffff",
        "view": {"stroke": None},
        "axis": axis,
        "legend": {
            "labelColor": INK,
            "titleColor": MUTED,
            "labelFontSize": 12,
            "orient": "bottom",
            "direction": "vertical",
            "title": None,
            "labelLimit": 280,
        },
        "line": {"strokeWidth": 2.5},
    }


def _colour(chart: ChartData, colours: tuple[str, ...] = PALETTE) -> dict[str, Any]:
    names = list(chart.series)
    return {"field": "series", "type": "nominal", "sort": names,
            "scale": {"domain": names, "range": list(colours[: len(names)] or colours[:1])}}  # fmt: skip


def _y(chart: ChartData) -> dict[str, Any]:
    y: dict[str, Any] = {"field": "y", "type": "quantitative", "title": chart.y_title}
    if chart.y_domain is not None:
        y["scale"] = {"domain": list(chart.y_domain)}
    return y


_X_TIME = {"field": "x", "type": "temporal", "title": None,
           "axis": {"format": "%-d %b", "labelOverlap": True, "tickCount": 5}}  # fmt: skip


def _lines(chart: ChartData) -> dict[str, Any]:
    dashes: dict[str, Any] = {"field": "series", "type": "nominal", "sort": list(chart.series),
              "scale": {"domain": list(chart.series), "range": list(DASHES[: len(chart.series)])}}  # fmt: skip
    colour = _colour(chart)
    if len(chart.series) == 1:  # one line needs no key: the chart's title says what it is
        colour["legend"] = dashes["legend"] = None
    return {
        "mark": {
            "type": "line",
            "point": {"filled": True, "size": 36},
            "invalid": "break-paths-filter-domains",
        },
        "encoding": {"x": _X_TIME, "y": _y(chart), "color": colour, "strokeDash": dashes},
    }


def _band_layers(
    chart: ChartData, title: str | None, axis: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """A shaded likely range with the best guess as a line through it."""
    x, colour = _X_TIME, PALETTE[0]
    y: dict[str, Any] = {"type": "quantitative", "scale": {"domain": list(chart.y_domain or (0, 100))},
                         "title": title} | ({"axis": axis} if axis else {})  # fmt: skip
    return [
        {"mark": {"type": "area", "opacity": 0.22, "color": colour},
         "encoding": {"x": x, "y": {"field": "low", **y}, "y2": {"field": "high"}}},
        {"mark": {"type": "line", "color": colour, "point": {"filled": True, "color": colour}},
         "encoding": {"x": x, "y": {"field": "y", **y}}},
    ]  # fmt: skip


def _band(chart: ChartData) -> dict[str, Any]:
    return {"layer": _band_layers(chart, chart.y_title)}


def _bands(chart: ChartData) -> dict[str, Any]:
    """One small band per series, one under another, named above it: narrow enough for a phone."""
    header = {"labelFontSize": 12, "labelColor": INK, "labelAnchor": "start", "labelPadding": 4,
              "labelLimit": WIDTH}  # fmt: skip
    return {
        "facet": {"field": "series", "type": "nominal", "sort": list(chart.series), "title": None,
                  "header": header},
        "columns": 1,
        "spacing": 14,
        "spec": {"width": WIDTH, "height": 64,
                 "layer": _band_layers(chart, None, {"values": [0, 50, 100], "labelOverlap": False})},
    }  # fmt: skip


def _bars(chart: ChartData) -> dict[str, Any]:
    grouped = any("series" in r for r in chart.rows)
    labels = list(dict.fromkeys(str(r["x"]) for r in chart.rows))
    x = _y(chart)
    if chart.y_domain is None:  # counts: whole numbers only on the axis
        top = max([int(float(str(r["y"]))) for r in chart.rows] + [1])
        step = -(-top // 5)
        x["axis"] = {"values": list(range(0, top + step, step)), "format": "d"}
    encoding: dict[str, Any] = {
        "y": {"field": "x", "type": "nominal", "sort": labels, "title": None,
              "axis": {"labelLimit": 120, "labelFontSize": 12}},
        "x": x,
    }  # fmt: skip
    if grouped:
        encoding |= {
            "color": _colour(chart),
            "yOffset": {"field": "series", "sort": list(chart.series)},
        }
    return {"mark": {"type": "bar", "color": PALETTE[0], "cornerRadiusEnd": 2},
            "encoding": encoding, "height": {"step": 14 if grouped else 22}}  # fmt: skip


def _calendar_rows(chart: ChartData) -> list[dict[str, object]]:
    """Each logged day as a square: its week across (or down, within its month), its weekday."""
    days = [dt.date.fromisoformat(str(r["x"])) for r in chart.rows]
    if not days:
        return []
    monday = min(days) - dt.timedelta(days=min(days).weekday())
    return [
        {**r, "week": (d - monday).days // 7, "weekday": f"{d:%a}", "month": f"{d:%b %Y}",
         "row": (d.day - 1 + d.replace(day=1).weekday()) // 7}
        for r, d in zip(chart.rows, days, strict=True)
    ]  # fmt: skip


_WEEK = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _calendar(chart: ChartData) -> dict[str, Any]:
    rows = _calendar_rows(chart)
    months = list(dict.fromkeys(str(r["month"]) for r in rows))
    mark = {"type": "rect", "stroke": "#ffffff", "strokeWidth": 1, "cornerRadius": 1}
    if len(months) <= 2:  # a week or a month: one strip, weekdays down
        return {
            "data": {"values": rows}, "mark": mark, "width": {"step": 22}, "height": {"step": 22},
            "encoding": {
                "x": {"field": "week", "type": "ordinal", "title": None, "axis": None},
                "y": {"field": "weekday", "type": "ordinal", "sort": _WEEK, "title": None,
                      "scale": {"domain": _WEEK}, "axis": {"labelFontSize": 11}},
                "color": _colour(chart, MOOD_COLOURS),
            },
        }  # fmt: skip
    return {  # a year: one small calendar per month, three across
        "data": {"values": rows},
        "facet": {"field": "month", "type": "ordinal", "sort": months, "title": None,
                  "header": {"labelFontSize": 11, "labelColor": MUTED}},
        "columns": 3,
        "spec": {
            "width": {"step": 11}, "height": {"step": 11}, "mark": mark,
            "encoding": {
                "x": {"field": "weekday", "type": "ordinal", "sort": _WEEK, "title": None,
                      "scale": {"domain": _WEEK}, "axis": None},
                "y": {"field": "row", "type": "ordinal", "title": None,
                      "scale": {"domain": [0, 1, 2, 3, 4, 5]}, "axis": None},
                "color": _colour(chart, MOOD_COLOURS),
            },
        },
    }  # fmt: skip


def _dots(chart: ChartData) -> dict[str, Any]:
    shapes = {"field": "series", "type": "nominal", "legend": None,
              "scale": {"domain": list(chart.series),
                        "range": ["circle", "square", "triangle-up", "diamond"]}}  # fmt: skip
    return {
        "mark": {"type": "point", "filled": True, "size": 90},
        "encoding": {"x": _X_TIME, "y": _y(chart), "color": _colour(chart), "shape": shapes},
    }


_KINDS = {"lines": _lines, "band": _band, "bands": _bands, "bars": _bars, "calendar": _calendar,
          "dots": _dots}  # fmt: skip
#: the kinds whose ``x`` is a day (or a moment) placed along a time axis
_IN_TIME = ("lines", "band", "bands", "dots")


def _values(chart: ChartData) -> list[dict[str, object]]:
    """The rows as the spec carries them. A bare day is read as UTC midnight by JavaScript but
    drawn in local time, which puts it on the day before west of Greenwich; so a day is given
    as local midnight, the way a moment without a zone is read."""
    values = [dict(r) for r in chart.rows]
    if chart.kind in _IN_TIME:
        for row in values:
            if isinstance(row.get("x"), str) and len(str(row["x"])) == 10:
                row["x"] = f"{row['x']}T00:00:00"
    return values


def spec(chart: ChartData) -> dict[str, Any]:
    """The Vega-Lite spec for a chart, its data inline and its description as the SVG's label."""
    body = _KINDS[chart.kind](chart)
    top: dict[str, Any] = {
        "$schema": SCHEMA,
        "description": chart.summary,
        "width": WIDTH,
        "height": HEIGHT,
        "padding": 6,
        "data": {"values": _values(chart)},
        "config": _config(),
    }
    if chart.kind in ("calendar", "bands"):  # their size comes from their parts
        del top["width"], top["height"]
    if chart.kind == "calendar":
        del top["data"]
    elif chart.kind == "bars":
        top["width"] = WIDTH - 90
    return top | body


def _ready() -> None:
    global _fonts_ready
    if not _fonts_ready:
        import vl_convert

        vl_convert.register_font_directory(str(FONTS))
        _fonts_ready = True


def draw(chart: ChartData) -> str:
    """The chart as SVG text, just as Vega draws it (the PDF report takes it from here);
    ``ValueError`` if the SVG would name anything on the web."""
    import vl_convert

    with _lock:  # one engine: conversions run one at a time anyway
        _ready()
        drawn: str = vl_convert.vegalite_to_svg(
            spec(chart), vl_version=PINNED, allowed_base_urls=[]
        )
    if _SAFE_URL.search(drawn):
        raise ValueError("a chart must not refer to anything on the web")
    return drawn


def render_svg(chart: ChartData) -> str:
    """The chart as SVG text for a page, named for screen readers."""
    return _labelled(draw(chart), chart)


def _labelled(drawn: str, chart: ChartData) -> str:
    """The SVG named for screen readers wherever it goes: a label and a title inside it."""
    label = html.escape(chart.summary, quote=True)
    opened = drawn.index(">", drawn.index("<svg")) + 1
    head = drawn[:opened].replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return f"{head}<title>{html.escape(chart.title)}</title>{drawn[opened:]}"


def warm_up() -> None:
    """Start the chart engine (about a second, once), so the first chart asked for is quick."""
    render_svg(ChartData("warm", "bars", "", "", ({"x": "a", "y": 1},), series=("a",)))
