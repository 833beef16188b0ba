"""The calendar feed on a shared server: a private address per account, kept only as a hash.

A calendar app reads the feed with nothing but the token in its address: no session, no
cookie. So the gate lets ``/reminders/feed.ics`` through without one (it never counts as use
of a session), and the account comes from the token's own row (``calendar_feeds``, migration
0011, looked up by the token's SHA-256, as sessions are); the reminders are then read as that
account, under row-level security, exactly as its pages read them. A wrong, old or stopped
token gets the same 404.

The token (256 random bits) is shown once and never again: only its hash is kept. Making a
new one replaces it, so the old address stops at once; the feed can also be stopped. The form
that makes it answers with a redirect to the reminders page, not with the page itself, so
reloading that page never posts again and silently ends the address just copied into a
calendar. The new token travels to that one page in a cookie (``HttpOnly``, ``SameSite=Strict``,
two minutes at most), which the page deletes as it shows the address.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.domain import reminders as r
from trustbridge.exchange.ical import CONTENT_TYPE, calendar_bytes
from trustbridge.services import reminders
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.hosted_routes import _me, accounts_of
from trustbridge.web.hosted_store import account_store
from trustbridge.web.routes_reminders import NOT_FOUND_TEXT, NOTICES, PAGE, page

router = APIRouter()
#: the new token on its way from the form to the page that shows it once
SECURE_NEW_FEED_COOKIE = "__Host-trustbridge-new-feed"
PLAIN_NEW_FEED_COOKIE = "trustbridge_hosted_new_feed"
#: long enough for the redirect, however slow the connection
NEW_FEED_SECONDS = 120
#: what a token made here looks like (anything else in the cookie is not shown)
_A_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _new_feed_cookie(request: Request) -> str:
    secure = request.app.state.hosted.secure
    return SECURE_NEW_FEED_COOKIE if secure else PLAIN_NEW_FEED_COOKIE


def feed_context(request: Request) -> dict[str, Any]:
    """What the reminders page says of the account's feed: when it was made (its address is
    not kept, so it is not shown again)."""
    return {"feed_url": "", "feed_made": accounts_of(request).feed_made(_me(request).account_id)}


@router.get(PAGE, response_class=HTMLResponse)
def reminders_page(request: Request, store: StoreDep, now: NowDep, done: str = "") -> Response:
    """The reminders page; just after a new address is made, with that address, once."""
    name = _new_feed_cookie(request)
    token = request.cookies.get(name, "")
    if not _A_TOKEN.fullmatch(token):
        return page(request, store, now, notice=NOTICES.get(done, ""))
    address = r.feed_url(str(request.base_url), token)
    shown = page(request, store, now, new_feed_url=address)
    shown.delete_cookie(
        name, httponly=True, samesite="strict", secure=request.app.state.hosted.secure, path="/"
    )
    return shown


@router.post(f"{PAGE}/new-feed")
def new_feed(request: Request) -> Response:
    """A new address, shown once on the reminders page; the one before stops working."""
    token = accounts_of(request).new_feed(_me(request).account_id)
    moved = RedirectResponse(f"{PAGE}#feed", status_code=303)
    moved.set_cookie(
        _new_feed_cookie(request), token, max_age=NEW_FEED_SECONDS, httponly=True,
        samesite="strict", secure=request.app.state.hosted.secure, path="/",
    )  # fmt: skip
    return moved


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
