"""Insights over time: the page (words, numbers behind a tap, tables) and each chart as SVG.

The page is quick because it carries no drawing: each chart is an ``<img>`` of
``/insights/chart/KEY.svg``, drawn in memory on request from its own area only (tens of
milliseconds each, see ``charts.vega``) and never cached. Without JavaScript everything works, period links included.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.charts.vega import render_svg
from trustbridge.domain.insights import PERIOD_WORDS
from trustbridge.services.base import NotFound
from trustbridge.services.insights import insights
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.render import render

router = APIRouter()
PERIOD_LINKS = (("week", "Week"), ("month", "Month"), ("year", "Year"))


def _period(value: str) -> str:
    return value if value in PERIOD_WORDS else "month"


@router.get("/insights", response_class=HTMLResponse)
def insights_page(
    request: Request, store: StoreDep, now: NowDep, period: str = "month"
) -> HTMLResponse:
    found = insights(store, now, _period(period))
    context = {"found": found, "periods": PERIOD_LINKS}
    return render(request, "insights.html", context, now=now)


@router.get("/insights/chart/{key}.svg")
async def insight_chart(key: str, store: StoreDep, now: NowDep, period: str = "month") -> Response:
    found = await run_in_threadpool(insights, store, now, _period(period), chart=key)
    chart = found.chart(key)
    if chart is None:
        raise NotFound("There is no such chart.")
    drawn = await run_in_threadpool(render_svg, chart)
    return Response(drawn, media_type="image/svg+xml")
