"""Reminders in the browser: the check-in time, fuller titles, the calendar file and the feed.

Every route here needs the browser session except the feed, which a calendar app on this
computer reaches with nothing but the token in its address (see ``web/gate.py``). The feed
answers 404 to a wrong token, 503 while the store is locked (it cannot check a token it
cannot read), and never counts as use, so a polling calendar app does not hold off the idle
lock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.domain import reminders as r
from trustbridge.domain.fields import ValidationError
from trustbridge.exchange.ical import CONTENT_TYPE, calendar_bytes
from trustbridge.services import reminders
from trustbridge.services.base import local_day
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import read_form
from trustbridge.web.render import render
from trustbridge.web.vault import Vault

router = APIRouter()
PAGE = "/reminders"
LOCKED_TEXT = (
    "Trustbridge is locked, so it cannot share reminders now. Unlock it in your browser and "
    "your calendar app will get them the next time it looks.\n"
)
NOT_FOUND_TEXT = "Not found.\n"
NOTICES = {
    "saved": "Saved. A subscribed calendar picks the change up when it next looks; a downloaded "
    "file needs downloading again.",
    "token": "A new feed address is made. The old one no longer works: subscribe again with "
    "this one.",
    "stopped": "The feed is stopped: its address no longer works.",
}


#: the most reminders the page lists; the file and the feed hold every one
LISTED = 100


def _rows(plan: reminders.Plan, today: dt.date) -> list[dict[str, Any]]:
    """The reminders the page lists (the first :data:`LISTED`): what each is, how it shows,
    how often, when next."""
    return [
        {
            "about": item.full_title,
            "shows": item.full_title if plan.full_titles else item.plain_title,
            "often": item.recurrence.words() if item.recurrence else "Once",
            "next": r.next_on(item, today),
        }
        for item in plan.reminders
    ]


def page(
    request: Request, store: Store, now: dt.datetime, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """The reminders page. What it says of the feed is this store's address, or what the app's
    ``feed_context`` gives (hosted mode's: :func:`.hosted_feed.feed_context`)."""
    plan = reminders.build(store, now, first=LISTED)
    feed = getattr(request.app.state, "feed_context", None)
    if feed is None:
        base = request.app.state.gate.base_url
        about_feed = {"feed_url": r.feed_url(base, reminders.feed_token(store, now))}
    else:
        about_feed = feed(request)
    shown = {
        "time": f"{plan.time:%H:%M}",
        "full_titles": plan.full_titles,
        "rows": _rows(plan, local_day(now)),
        "unlisted": plan.left_out,
        **about_feed,
        **context,
    }
    return render(request, "reminders.html", shown, now=now, status=status)


@router.get(PAGE, response_class=HTMLResponse)
def reminders_page(request: Request, store: StoreDep, now: NowDep, done: str = "") -> HTMLResponse:
    return page(request, store, now, notice=NOTICES.get(done, ""))


@router.post(PAGE)
async def save_settings(request: Request, store: StoreDep, now: NowDep) -> Response:
    posted = await read_form(request)
    typed = str(posted.get("time", "")).strip()
    try:
        reminders.set_checkin_time(store, typed, now)
    except ValidationError as problem:
        error = problem.errors["time"]
        return page(request, store, now, status=422, error=error, typed=typed)
    reminders.set_full_titles(store, posted.get("full_titles") == "yes", now)
    return RedirectResponse(f"{PAGE}?done=saved", status_code=303)


@router.post(f"{PAGE}/download")
async def download(store: StoreDep, now: NowDep) -> Response:
    plan = await run_in_threadpool(reminders.build, store, now)
    name = f"trustbridge-reminders-{local_day(now).isoformat()}.ics"
    headers = {
        "content-disposition": f'attachment; filename="{name}"',
        "cache-control": "no-store",
    }
    return Response(calendar_bytes(plan, now), media_type=CONTENT_TYPE, headers=headers)


@router.post(f"{PAGE}/new-feed")
def new_feed(store: StoreDep, now: NowDep) -> Response:
    reminders.new_feed_token(store, now)
    return RedirectResponse(f"{PAGE}?done=token#feed", status_code=303)


@router.get(r.FEED_PATH)
def feed(request: Request, now: NowDep, token: str = "") -> Response:
    """The calendar for an app that subscribed; open without a session, see the module doc."""
    vault: Vault = request.app.state.vault
    store = vault.store_unless_locked()
    if store is None:
        return PlainTextResponse(LOCKED_TEXT, status_code=503, headers={"retry-after": "3600"})
    if not reminders.feed_token_matches(store, token):
        return PlainTextResponse(NOT_FOUND_TEXT, status_code=404)
    plan = reminders.build(store, now)
    return Response(calendar_bytes(plan, now), media_type=CONTENT_TYPE)
