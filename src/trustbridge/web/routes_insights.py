"""Insights over time: the page (words, numbers behind a tap, tables), each chart as SVG, and
each person's trust numbers, loaded when their name is opened.

The page is quick because it carries no drawing: each chart is an ``<img>`` of
``/insights/chart/KEY.svg``, drawn in memory on request (tens of milliseconds each, see
``charts.vega``) and never cached. What is drawn is worked out once for the page and its
charts while the store stays the same (:meth:`Vault.reuse`). Without JavaScript everything
works, period links included.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.charts.vega import render_svg
from trustbridge.domain.insights import PERIOD_WORDS
from trustbridge.services.base import NotFound, local_day
from trustbridge.services.insights import Insights, insights, trust_numbers
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep, is_htmx
from trustbridge.web.render import render
from trustbridge.web.vault import Vault

router = APIRouter()
PERIOD_LINKS = (("week", "Week"), ("month", "Month"), ("year", "Year"))


def _period(value: str) -> str:
    return value if value in PERIOD_WORDS else "month"


def _kept(
    request: Request, store: Store, now: dt.datetime, period: str, chart: str | None = None
) -> Insights:
    """The page's insights, worked out again only when the store or the day has changed: a
    visit asks for the page and then for each of its dozen charts. A chart asked for when
    nothing is kept works out its own area alone, and that is not kept."""
    vault: Vault = request.app.state.vault
    return vault.reuse(
        store,
        f"insights {period}",
        lambda s: insights(s, now, period, chart=chart, every_number=False),
        per=local_day(now),
        keep=chart is None,
    )


@router.get("/insights", response_class=HTMLResponse)
def insights_page(
    request: Request, store: StoreDep, now: NowDep, period: str = "month"
) -> HTMLResponse:
    found = _kept(request, store, now, _period(period))
    context = {"found": found, "periods": PERIOD_LINKS}
    return render(request, "insights.html", context, now=now)


@router.get("/insights/trust/{person_id}", response_class=HTMLResponse)
def trust_numbers_page(
    request: Request, person_id: int, store: StoreDep, now: NowDep, period: str = "month"
) -> HTMLResponse:
    """One person's numbers: what opening their name on the page loads in place, or a page
    of its own without JavaScript."""
    p, found = trust_numbers(store, now, _period(period), person_id)
    name = "_trust_numbers.html" if is_htmx(request) else "insights_person.html"
    return render(request, name, {"found": found, "period": p}, now=now)


@router.get("/insights/chart/{key}.svg")
async def insight_chart(
    request: Request, key: str, store: StoreDep, now: NowDep, period: str = "month"
) -> Response:
    found = await run_in_threadpool(_kept, request, store, now, _period(period), key)
    chart = found.chart(key)
    if chart is None:
        raise NotFound("There is no such chart.")
    drawn = await run_in_threadpool(render_svg, chart)
    return Response(drawn, media_type="image/svg+xml")
