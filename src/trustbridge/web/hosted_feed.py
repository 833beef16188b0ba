"""The calendar feed on a shared server: a private address per account, kept only as a hash.

A calendar app reads the feed with nothing but the token in its address: no session, no
cookie. So the gate lets ``/reminders/feed.ics`` through without one (it never counts as use
of a session), and the account comes from the token's own row (``calendar_feeds``, migration
0011, looked up by the token's SHA-256, as sessions are); the reminders are then read as that
account, under row-level security, exactly as its pages read them. A wrong, old or stopped
token gets the same 404.

The token (256 random bits) is shown once, on the page that makes it, and never again: only
its hash is kept. Making a new one replaces it, so the old address stops at once; the feed
can also be stopped.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.domain import reminders as r
from trustbridge.exchange.ical import CONTENT_TYPE, calendar_bytes
from trustbridge.services import reminders
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.hosted_routes import _me, accounts_of
from trustbridge.web.hosted_store import account_store
from trustbridge.web.routes_reminders import NOT_FOUND_TEXT, PAGE, page

router = APIRouter()


def feed_context(request: Request) -> dict[str, Any]:
    """What the reminders page says of the account's feed: when it was made (its address is
    not kept, so it is not shown again)."""
    return {"feed_url": "", "feed_made": accounts_of(request).feed_made(_me(request).account_id)}


@router.post(f"{PAGE}/new-feed")
def new_feed(request: Request, store: StoreDep, now: NowDep) -> Response:
    """A new address, shown on this page only; the one before stops working."""
    token = accounts_of(request).new_feed(_me(request).account_id)
    address = r.feed_url(str(request.base_url), token)
    return page(request, store, now, new_feed_url=address)


@router.post(f"{PAGE}/stop-feed")
def stop_feed(request: Request) -> Response:
    accounts_of(request).stop_feed(_me(request).account_id)
    return RedirectResponse(f"{PAGE}?done=stopped#feed", status_code=303)


@router.get(r.FEED_PATH)
async def feed(request: Request, now: NowDep, token: str = "") -> Response:
    """The account's reminders for a calendar app, found by the token alone (see above)."""
    account = await run_in_threadpool(accounts_of(request).feed_account, token)
    if account is None:
        return PlainTextResponse(NOT_FOUND_TEXT, status_code=404)
    store = account_store(request.app.state.vault._store, account)
    plan = await run_in_threadpool(reminders.build, store, now)
    return Response(calendar_bytes(plan, now), media_type=CONTENT_TYPE)
