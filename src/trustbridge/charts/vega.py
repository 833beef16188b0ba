"""Vega-Lite specs for :class:`ChartData`, drawn to SVG in this process by vl-convert.

vl-convert carries Vega and Vega-Lite inside its wheel and runs them in an embedded
JavaScript engine, so nothing is fetched: data is always inline, and ``allowed_base_urls``
is empty so a spec could not load anything even if one tried. Text is measured with the
DejaVu Sans the PDF report already ships, and the SVG names that font (then the browser's
sans-serif), never a web font. Each SVG is made in memory and handed back; nothing is cached
on disk. A chart takes tens of milliseconds to draw, so pages load them as separate images.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from pathlib import Path
from typing import Any

from trustbridge.charts.model import ChartData

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
    dashes = {"field": "series", "type": "nominal", "sort": list(chart.series),
              "scale": {"domain": list(chart.series), "range": list(DASHES[: len(chart.series)])}}  # fmt: skip
    return {
        "mark": {
            "type": "line",
            "point": {"filled": True, "size": 36},
            "invalid": "break-paths-filter-domains",
        },
        "encoding": {"x": _X_TIME, "y": _y(chart), "color": _colour(chart), "strokeDash": dashes},
    }


def _band(chart: ChartData) -> dict[str, Any]:
    x, colour = _X_TIME, PALETTE[0]
    return {
        "layer": [
            {"mark": {"type": "area", "opacity": 0.22, "color": colour},
             "encoding": {"x": x, "y": {"field": "low", "type": "quantitative",
                                        "scale": {"domain": [0, 100]}, "title": chart.y_title},
                          "y2": {"field": "high"}}},
            {"mark": {"type": "line", "color": colour, "point": {"filled": True, "color": colour}},
             "encoding": {"x": x, "y": {"field": "y", "type": "quantitative"}}},
        ]
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


_KINDS = {"lines": _lines, "band": _band, "bars": _bars, "calendar": _calendar, "dots": _dots}


def spec(chart: ChartData) -> dict[str, Any]:
    """The Vega-Lite spec for a chart, its data inline and its description as the SVG's label."""
    body = _KINDS[chart.kind](chart)
    top: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": chart.summary,
        "width": WIDTH,
        "height": HEIGHT,
        "padding": 6,
        "data": {"values": [dict(r) for r in chart.rows]},
        "config": _config(),
    }
    if chart.kind == "calendar":
        del top["width"], top["height"], top["data"]
    elif chart.kind == "bars":
        top["width"] = WIDTH - 90
    return top | body


def _ready() -> None:
    global _fonts_ready
    if not _fonts_ready:
        import vl_convert

        vl_convert.register_font_directory(str(FONTS))
        _fonts_ready = True


def render_svg(chart: ChartData) -> str:
    """The chart as SVG text; ``ValueError`` if the SVG would name anything on the web."""
    import vl_convert

    with _lock:  # one engine: conversions run one at a time anyway
        _ready()
        drawn: str = vl_convert.vegalite_to_svg(spec(chart), allowed_base_urls=[])
    if _SAFE_URL.search(drawn):
        raise ValueError("a chart must not refer to anything on the web")
    return _labelled(drawn, chart)


def _labelled(drawn: str, chart: ChartData) -> str:
    """The SVG named for screen readers wherever it goes: a label and a title inside it."""
    label = html.escape(chart.summary, quote=True)
    opened = drawn.index(">", drawn.index("<svg")) + 1
    head = drawn[:opened].replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return f"{head}<title>{html.escape(chart.title)}</title>{drawn[opened:]}"


def warm_up() -> None:
    """Start the chart engine (about a second, once), so the first chart asked for is quick."""
    render_svg(ChartData("warm", "bars", "", "", ({"x": "a", "y": 1},), series=("a",)))
