"""Insights through the service, the command line (words and --json) and the web page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.insights_data import fill
from tests.integration.support import NOW, Invoke, ok, store_of
from trustbridge.charts.model import ChartData
from trustbridge.charts.vega import PINNED, VEGA_LITE, render_svg, spec
from trustbridge.config import Settings
from trustbridge.domain import trust
from trustbridge.services.errors import NotFound
from trustbridge.services.insight_areas import KIND_CHARTS, PERSON_CHARTS
from trustbridge.services.insights import insights, trust_numbers
from trustbridge.store import models as m
from trustbridge.store.db import Store, open_store


def test_the_service_builds_every_area_with_words_first(store: Store) -> None:
    fill(store, NOW.date(), days=120)
    found = insights(store, NOW, "year")
    keys = [a.key for a in found.areas]
    assert keys == ["mood", "selfcheck", "beliefs", "trust", "ladder", "distortions",
                    "balance", "promises", "gut", "stages"]  # fmt: skip
    assert not found.empty and all(a.words for a in found.areas)
    trust_area = next(a for a in found.areas if a.key == "trust")
    keys = [f.chart.key for f in trust_area.figures]
    assert keys == ["trust-1", "trust-1-kinds", "trust-2", "trust-2-kinds"]
    for figure in trust_area.figures:  # each band keeps its likely range around its best guess
        assert all(r["low"] <= r["y"] <= r["high"] for r in figure.chart.rows)  # type: ignore[operator]
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


def _circle(store: Store, noted: dict[str, list[tuple[str, bool]]], on: dt.date) -> None:
    """People, each with evidence (dimension, went well) noted on ``on``."""
    with store.session() as s:
        for name, events in noted.items():
            person = m.Person(created_at=NOW - dt.timedelta(days=60), name=name, kind="friend")
            s.add(person)
            s.flush()
            for dimension, positive in events:
                s.add(m.EvidenceEvent(created_at=NOW, person_id=person.id, dimension=dimension,
                                      positive=positive, weight="small", occurred_on=on))  # fmt: skip


def test_trust_is_drawn_kind_by_kind_with_its_range(store: Store) -> None:
    on = NOW.date() - dt.timedelta(days=10)
    noted = [("keeps_promises", True)] * 3 + [("validates_feelings", False)] * 2
    _circle(store, {"Maya": noted}, on)
    found = insights(store, NOW, "month")
    figure = next(f for a in found.areas for f in a.figures if f.chart.key == "trust-1-kinds")
    kinds = figure.chart
    assert kinds.kind == "bands" and kinds.title == "Trust with Maya, kind by kind"
    assert kinds.series == ("Keeps promises", "Validates feelings")  # only what was noted
    assert "Nothing noted yet about: respects boundaries, reciprocates support" in kinds.summary
    assert all(r["low"] <= r["y"] <= r["high"] for r in kinds.rows)  # type: ignore[operator]
    assert min(str(r["x"]) for r in kinds.rows) >= on.isoformat()  # from the evidence on
    events = [trust.Evidence(i, d, good, "small", on) for i, (d, good) in enumerate(noted)]
    est = trust.estimate(events, NOW.date(), store.settings.half_life_days, "validates_feelings")
    best, low, high = (trust.out_of_100(v) for v in (est.mean, est.low, est.high))
    today = {r["series"]: r for r in kinds.rows if r["x"] == NOW.date().isoformat()}
    assert today["Validates feelings"] == {"x": "2026-03-14", "y": best, "low": low,
                                               "high": high, "series": "Validates feelings", "enough": est.enough}  # fmt: skip
    assert figure.table.columns == ("Kind of trust", "Day", "Best guess", "Likely range")
    assert figure.table.rows[-1] == (
        "Validates feelings",
        "14 Mar 2026",
        str(best),
        f"{low} to {high}",
    )
    drawn = render_svg(kinds)
    assert "Keeps promises" in drawn and "Validates feelings" in drawn and "Respects" not in drawn


def test_only_the_few_people_noted_about_most_are_drawn_kind_by_kind(store: Store) -> None:
    week_ago = NOW.date() - dt.timedelta(days=7)
    counts = {"Ada": 1, "Bo": 4, "Cy": 2, "Di": 3, "Ed": 4}
    _circle(store, {name: [("keeps_promises", True)] * n for name, n in counts.items()}, week_ago)
    area = next(a for a in insights(store, NOW, "month").areas if a.key == "trust")
    kinds = [f.chart.title for f in area.figures if f.chart.kind == "bands"]
    assert len(kinds) == KIND_CHARTS == 3
    assert kinds == [f"Trust with {n}, kind by kind" for n in ("Bo", "Di", "Ed")]  # page order
    assert len([f for f in area.figures if f.chart.kind == "band"]) == 5  # everyone, overall
    assert area.note == ("Each kind of trust is drawn on its own for Bo, Di and Ed: the "
                         "people you noted most about in the last 30 days.")  # fmt: skip
    quiet = insights(store, NOW + dt.timedelta(days=60), "month")  # nothing noted in that time
    trust_area = next(a for a in quiet.areas if a.key == "trust")
    assert not [f for f in trust_area.figures if f.chart.kind == "bands"]
    assert not trust_area.note


def test_a_big_circle_gets_charts_for_the_people_noted_most_and_words_for_everyone(
    store: Store,
) -> None:
    week_ago = NOW.date() - dt.timedelta(days=7)
    noted = {f"P{i:02}": [("keeps_promises", True)] * (1 + i % 5) for i in range(20)}
    _circle(store, noted, week_ago)
    _circle(store, {"Old": [("keeps_promises", False)]}, NOW.date() - dt.timedelta(days=90))
    area = next(a for a in insights(store, NOW, "month").areas if a.key == "trust")
    assert len(area.words) == 21  # everyone's best guess, in words
    assert area.words[-1].startswith("Old: ")
    drawn = [
        f.chart.title.removeprefix("Trust with ") for f in area.figures if f.chart.kind == "band"
    ]
    assert len(drawn) == PERSON_CHARTS == 12
    most = sorted(noted, key=lambda name: (-len(noted[name]), name))[:PERSON_CHARTS]
    assert drawn == sorted(most)  # the people noted about most, in the circle's order
    assert "Old" not in drawn  # nothing noted about them in the last 30 days
    assert area.note.startswith("With 21 people noted about, a chart is drawn for the 12 you ")
    for figure in area.figures:  # a chart's picture works out only its own area, the same
        alone = insights(store, NOW, "month", chart=figure.chart.key)
        assert [a.key for a in alone.areas] == ["trust"]
        assert alone.chart(figure.chart.key) == figure.chart
    assert insights(store, NOW, "month", chart="connection").areas[0].key == "mood"
    assert insights(store, NOW, "month", chart="no-such-chart").chart("no-such-chart") is None


def test_a_day_is_drawn_on_its_own_day_in_any_time_zone() -> None:
    chart = ChartData("d", "lines", "t", "s", ({"x": "2026-03-14", "y": 3, "series": "a"},
                                                {"x": "2026-03-14T20:15:00", "y": 4, "series": "a"}))  # fmt: skip
    values = spec(chart)["data"]["values"]
    assert [v["x"] for v in values] == ["2026-03-14T00:00:00", "2026-03-14T20:15:00"]
    assert chart.rows[0]["x"] == "2026-03-14"  # --json keeps the day as it was


def test_charts_are_drawn_with_the_vega_lite_their_specs_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new vl-convert release draws with its newest Vega-Lite unless told which: ours is
    pinned, and it is the one ``$schema`` names, down to the patch release."""
    import vl_convert

    chart = ChartData("c", "bars", "t", "s", ({"x": "a", "y": 1},), series=("a",))
    assert spec(chart)["$schema"] == f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE}.json"
    assert VEGA_LITE.startswith(f"{PINNED}.") and PINNED in vl_convert.get_vegalite_versions()
    bundled = vl_convert.javascript_bundle(vl_version=PINNED)
    assert f'"{VEGA_LITE}"' in bundled, "vl-convert now ships another Vega-Lite: update VEGA_LITE"
    asked: list[dict[str, object]] = []
    real = vl_convert.vegalite_to_svg

    def noted(given: object, **options: object) -> str:
        asked.append(options)
        return str(real(given, **options))

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", noted)
    render_svg(chart)
    assert asked and asked[0]["vl_version"] == PINNED and asked[0]["allowed_base_urls"] == []


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


def test_the_page_opens_each_persons_numbers_where_the_command_line_lists_them_all(
    store: Store,
) -> None:
    week_ago = NOW.date() - dt.timedelta(days=7)
    _circle(store, {"Ada": [("keeps_promises", True)] * 3, "Bo": [("validates_feelings", False)]},
            week_ago)  # fmt: skip
    every = next(a for a in insights(store, NOW, "month").areas if a.key == "trust")
    page = next(
        a for a in insights(store, NOW, "month", every_number=False).areas if a.key == "trust"
    )
    assert page.words == every.words  # the same best guesses, in words, for everyone
    assert [(x.name, x.words) for x in page.people] == [("Ada", every.words[0]),
                                                         ("Bo", every.words[1])]  # fmt: skip
    assert not page.numbers and len(every.numbers) == 2 * 6  # five kinds of trust and overall
    for person in page.people:
        p, found = trust_numbers(store, NOW, "month", person.id)
        assert p.last == NOW.date() and found.name == person.name
        listed = [x.removeprefix(f"{person.name}, ") for x in every.numbers
                  if x.startswith(f"{person.name}, ")]  # fmt: skip
        assert [x.lower() for x in found.lines] == listed  # the same numbers, one person's
    assert found.lines[0] == "Keeps promises: not enough yet"
    assert found.lines[2].startswith("Validates feelings: ")
    with pytest.raises(NotFound):
        trust_numbers(store, NOW, "month", 999)


def test_a_name_opens_onto_its_numbers_in_place_or_on_a_page_of_its_own(
    client: TestClient,
) -> None:
    store = store_of(client)
    _circle(store, {"Ada": [("keeps_promises", True)] * 3, "Cy": []}, NOW.date())
    html = client.get("/insights").text
    link = "/insights/trust/1?period=month"
    assert f'<details hx-get="{link}" hx-trigger="toggle once">' in html
    assert f'<a href="{link}">The numbers for Ada</a>' in html  # without JavaScript too
    assert "Ada, keeps promises" not in html  # not worked out until asked for
    opened = client.get(link, headers={"HX-Request": "true"})
    assert opened.status_code == 200
    assert opened.text.lstrip().startswith('<div class="trust-numbers">')
    assert '<li dir="auto">Keeps promises: ' in opened.text and "<html" not in opened.text
    alone = client.get("/insights/trust/1?period=year")
    assert alone.status_code == 200 and "<html" in alone.text
    assert "Trust with Ada" in alone.text and 'href="/insights?period=year"' in alone.text
    assert "Keeps promises: " in alone.text
    quiet = client.get("/insights/trust/2")  # in the circle, with nothing noted yet
    assert quiet.status_code == 200 and "Nothing is noted about Cy yet." in quiet.text
    assert client.get("/insights/trust/99").status_code == 404


def test_the_page_and_its_charts_share_one_working_out_until_the_store_changes(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustbridge.web import routes_insights

    asked: list[str | None] = []

    def counted(*args: object, chart: str | None = None, **kwargs: object) -> object:
        asked.append(chart)
        return insights(*args, chart=chart, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(routes_insights, "insights", counted)
    store = store_of(client)
    _circle(store, {"Ada": [("keeps_promises", True)] * 3}, NOW.date())
    assert "Ada: " in client.get("/insights").text
    assert client.get("/insights/chart/trust-1.svg").status_code == 200
    assert client.get("/insights").status_code == 200
    assert asked == [None]  # worked out once for the page and its chart
    _circle(store, {"Bo": [("validates_feelings", False)]}, NOW.date())
    assert client.get("/insights/chart/trust-2.svg").status_code == 200  # its own area alone
    assert "Bo: " in client.get("/insights").text  # the change is seen at once
    assert client.get("/insights?period=year").status_code == 200
    assert asked == [None, "trust-2", None, None]


def test_today_and_the_stages_link_to_insights(client: TestClient) -> None:
    assert 'href="/insights"' in client.get("/").text
    assert 'href="/insights"' in client.get("/stages").text
