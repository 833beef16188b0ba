"""Insights through the service, the command line (words and --json) and the web page."""

from __future__ import annotations

import datetime as dt
import json
import re

from fastapi.testclient import TestClient

from tests.insights_data import fill
from tests.integration.support import NOW, Invoke, ok, store_of
from trustbridge.charts.vega import render_svg, spec
from trustbridge.config import Settings
from trustbridge.services.insights import insights
from trustbridge.store.db import Store, open_store


def test_the_service_builds_every_area_with_words_first(store: Store) -> None:
    fill(store, NOW.date(), days=120)
    found = insights(store, NOW, "year")
    keys = [a.key for a in found.areas]
    assert keys == ["mood", "selfcheck", "beliefs", "trust", "ladder", "distortions",
                    "balance", "promises", "gut", "stages"]  # fmt: skip
    assert not found.empty and all(a.words for a in found.areas)
    trust_area = next(a for a in found.areas if a.key == "trust")
    assert [f.chart.key for f in trust_area.figures] == ["trust-1", "trust-2"]
    band = trust_area.figures[0].chart
    assert all(r["low"] <= r["y"] <= r["high"] for r in band.rows)  # type: ignore[operator]
    gut = next(a for a in found.areas if a.key == "gut")
    assert re.search(r"hunches came true \d+ times out of \d+", gut.words[0])
    assert any("Brier score" in line for line in gut.numbers)  # the score is one tap away


def test_a_blank_day_is_blank_not_zero(store: Store) -> None:
    fill(store, NOW.date(), days=30)
    mood = insights(store, NOW, "month").chart("mood-energy")
    assert mood is not None
    assert any(r["y"] is None for r in mood.rows)  # the seed leaves some days blank
    assert all(r["y"] is None or 1 <= r["y"] <= 5 for r in mood.rows)  # type: ignore[operator]


def test_each_chart_draws_as_svg_that_names_nothing_on_the_web(store: Store) -> None:
    fill(store, NOW.date(), days=60)
    found = insights(store, NOW, "month")
    for area in found.areas:
        for figure in area.figures:
            drawn = render_svg(figure.chart)
            assert drawn.startswith("<svg") and "viewBox" in drawn
            assert f"<title>{figure.chart.title}</title>" in drawn and 'role="img"' in drawn
            assert not re.search(r"https?://(?!www\.w3\.org/)", drawn)
            assert "@import" not in drawn and "@font-face" not in drawn
            assert "DejaVu Sans" in drawn
            assert spec(figure.chart)["data"]["values"] is not None


def test_an_empty_store_says_something_kind(store: Store) -> None:
    found = insights(store, NOW, "week")
    assert found.empty
    assert all(a.words for a in found.areas)


def test_cli_summary_and_json(settings: Settings, cli: Invoke) -> None:
    first = ok(cli("insights"))
    assert "Nothing to show for the last 30 days yet, and that is fine." in first
    store = open_store(settings)
    try:
        fill(store, dt.datetime.now(dt.UTC).astimezone().date(), days=90)  # the CLI's clock
    finally:
        store.close()
    said = ok(cli("insights", "--period", "year"))
    assert "Mood, energy and connection" in said and "You checked in on" in said
    assert "Trust, person by person" in said and "Maya:" in said
    data = json.loads(ok(cli("insights", "--period", "week", "--json")))
    assert data["period"] == "week"
    areas = {a["key"]: a for a in data["areas"]}
    chart = areas["mood"]["charts"][0]
    assert chart["key"] == "mood-energy" and chart["table"]["columns"][0] == "When"
    assert cli("insights", "--period", "decade").exit_code == 2


def test_the_page_has_words_charts_tables_and_period_links(client: TestClient) -> None:
    empty = client.get("/insights")
    assert empty.status_code == 200
    assert "Nothing to show for the last 30 days yet, and that is fine." in empty.text
    assert "<img" not in empty.text
    fill(store_of(client), NOW.date(), days=120)
    page = client.get("/insights?period=year")
    html = page.text
    assert page.status_code == 200
    assert 'href="/insights?period=week"' in html and 'aria-current="page">Year' in html
    images = re.findall(r'<img src="(/insights/chart/[^"]+)" alt="([^"]+)"', html)
    assert len(images) >= 10
    assert html.count("<table>") == len(images) and "Show as a table" in html
    assert "The numbers" in html
    svg = client.get(images[0][0].replace("&amp;", "&"))
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.headers["cache-control"] == "no-store"
    assert client.get("/insights/chart/nothing.svg").status_code == 404
    assert client.get("/insights?period=decade").status_code == 200  # a month, not an error


def test_today_and_the_stages_link_to_insights(client: TestClient) -> None:
    assert 'href="/insights"' in client.get("/").text
    assert 'href="/insights"' in client.get("/stages").text
