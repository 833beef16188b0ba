"""Hosted mode's pages for sharing: the partner space, and reports shared with a therapist.

Only a hosted server has these routes (:func:`.hosted_app.create_hosted_app` adds them).
Every page works as the signed-in account, on its own store (:mod:`.hosted_store`); the
services name that account in every statement, and PostgreSQL's policies hold it too.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.domain.fields import ValidationError
from trustbridge.services import report as rp
from trustbridge.services import spaces, therapist
from trustbridge.services.accounts import AccountProblem, SignedIn
from trustbridge.services.base import NotFound
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import FormState, Posted, raw_values, read_form
from trustbridge.web.hosted_gate import signed_in
from trustbridge.web.render import render

router = APIRouter()

SPACE = "/partner-space"
#: confirmations by key (never free text in an address)
DONE = {
    "invited": "Your invitation is waiting. It shows on their partner space page when they sign in.",
    "joined": "You are in a partner space now.",
    "declined": "The invitation is declined.",
    "left": "The partner space has ended. Each of you now sees only what you wrote.",
    "withdrawn": "Your invitation is taken back.",
    "unshared": "That entry is private to you again.",
    "shared": "Your report is shared. You can take it back here at any time.",
    "taken-back": "The share is taken back, and its copy deleted.",
}
#: each shareable kind's heading on the space's page
HEADINGS = {
    "partner_checkin": "Partner check-ins",
    "ritual": "Rituals",
    "appreciation": "Appreciation",
    "goal": "Shared goals",
    "win": "Wins",
}


def _me(request: Request) -> SignedIn:
    who = signed_in(request)
    assert who is not None  # the gate lets no request without a session reach these pages
    return who


# --- the partner space ----------------------------------------------------------------------------


def space_page(
    request: Request, store: Store, now: dt.datetime, *, done: str = "", error: str = "",
    name: str = "", status: int = 200,
) -> HTMLResponse:  # fmt: skip
    me = _me(request)
    context = {
        "me": me,
        "space": spaces.space_of(store, me.account_id),
        "shared": spaces.shared_entries(store, me.account_id, now),
        "headings": HEADINGS,
        "done": DONE.get(done, ""),
        "error": error,
        "name": name,
    }
    return render(request, "hosted_space.html", context, now=now, status=status)


def _back(done: str) -> Response:
    return RedirectResponse(f"{SPACE}?done={done}", status_code=303)


@router.get(SPACE, response_class=HTMLResponse)
def show_space(request: Request, store: StoreDep, now: NowDep, done: str = "") -> Response:
    return space_page(request, store, now, done=done)


@router.post(f"{SPACE}/invite", response_class=HTMLResponse)
async def invite(request: Request, store: StoreDep, now: NowDep) -> Response:
    posted = await read_form(request)
    name = posted.get("name", "")
    try:
        spaces.invite(store, _me(request).account_id, name, now)
    except AccountProblem as problem:
        return space_page(request, store, now, error=str(problem), name=name, status=422)
    return _back("invited")


def _space_id(posted: Posted) -> int:
    value = posted.get("space", "")
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise HTTPException(404, "There is no such invitation.")
    return int(value)


@router.post(f"{SPACE}/accept", response_class=HTMLResponse)
async def accept(request: Request, store: StoreDep, now: NowDep) -> Response:
    space_id = _space_id(await read_form(request))
    try:
        spaces.accept(store, _me(request).account_id, space_id, now)
    except NotFound as gone:
        raise HTTPException(404, str(gone)) from gone
    except AccountProblem as problem:
        return space_page(request, store, now, error=str(problem), status=422)
    return _back("joined")


@router.post(f"{SPACE}/decline", response_class=HTMLResponse)
async def decline(request: Request, store: StoreDep) -> Response:
    space_id = _space_id(await read_form(request))
    spaces.decline(store, _me(request).account_id, space_id)
    return _back("declined")


@router.post(f"{SPACE}/leave", response_class=HTMLResponse)
def leave(request: Request, store: StoreDep) -> Response:
    me = _me(request).account_id
    together = spaces.partner_of(store, me) is not None
    spaces.leave(store, me)
    return _back("left" if together else "withdrawn")


@router.post(f"{SPACE}/{{kind}}/{{entry_id}}/unshare", response_class=HTMLResponse)
def unshare(request: Request, kind: str, entry_id: int, store: StoreDep) -> Response:
    try:
        spaces.set_shared(store, kind, entry_id, False)
    except NotFound as gone:
        raise HTTPException(404, str(gone)) from gone
    return _back("unshared")


# --- reports shared with a therapist --------------------------------------------------------------


def shares_page(
    request: Request, store: Store, now: dt.datetime, *, done: str = "", status: int = 200,
) -> HTMLResponse:  # fmt: skip
    me = _me(request)
    context = {
        "me": me,
        "shares": therapist.my_shares(store, me.account_id),
        "is_therapist": therapist.is_therapist(store, me.account_id),
        "done": DONE.get(done, ""),
    }
    return render(request, "hosted_shares.html", context, now=now, status=status)


@router.get("/shares", response_class=HTMLResponse)
def show_shares(request: Request, store: StoreDep, now: NowDep, done: str = "") -> Response:
    return shares_page(request, store, now, done=done)


@router.post("/report/share", response_class=HTMLResponse)
async def share_report(request: Request, store: StoreDep, now: NowDep) -> Response:
    """Share the report the preview showed: a copy, made now, for the therapist chosen."""
    from trustbridge.web.routes_report import FIELDS as REPORT_FIELDS
    from trustbridge.web.routes_report import _preview, report_page

    me = _me(request).account_id
    posted = await read_form(request)
    try:
        choice = rp.choose(posted.getlist(rp.TOOLS), posted.get("since", ""),
                           posted.get("until", ""), now.astimezone().date())  # fmt: skip
    except ValidationError as problem:
        form = FormState.from_posted(REPORT_FIELDS, posted, problem.errors)
        return report_page(request, now, form=form, status=422)
    form = FormState.from_posted(REPORT_FIELDS, posted)
    made, pictures = await run_in_threadpool(_preview, store, choice, now)
    try:
        therapist_id, ends_on = therapist.choose(
            raw_values(therapist.FIELDS, posted), me, store, now
        )
    except ValidationError as problem:
        share_form = FormState.from_posted(therapist.FIELDS, posted, problem.errors)
        return report_page(request, now, form=form, made=made, pictures=pictures,
                           share=share_context(request, store, now, share_form),
                           status=422)  # fmt: skip
    templates = request.app.state.templates
    body = templates.get_template("_report_paper.html").render(
        made=made, pictures=pictures, notes=report_notes()
    )
    names = [section.name for section in made.sections]
    therapist.share(store, me, therapist_id, ends_on, (made.since, made.until), names, body, now)
    return RedirectResponse("/shares?done=shared", status_code=303)


def share_context(
    request: Request, store: Store, now: dt.datetime, form: FormState | None = None
) -> dict[str, object]:
    """What the report's preview needs to offer sharing it with a therapist (hosted mode)."""
    who = signed_in(request)
    if who is None:
        return {}
    fresh = FormState({"ends_on": therapist.default_end(now).isoformat()})
    return {
        "share_form": form or fresh,
        "share_fields": therapist.FIELDS,
        "therapists": therapist.therapists(store, who.account_id),
    }


def report_notes() -> dict[str, str]:
    return {"shared": rp.SHARED_NOTE, "not_therapy": rp.NOT_THERAPY, "title": rp.TITLE}


@router.post("/shares/{share_id}/take-back", response_class=HTMLResponse)
def take_back(request: Request, share_id: int, store: StoreDep) -> Response:
    try:
        therapist.take_back(store, _me(request).account_id, share_id)
    except NotFound as gone:
        raise HTTPException(404, str(gone)) from gone
    return RedirectResponse("/shares?done=taken-back", status_code=303)


@router.get("/shared-with-me", response_class=HTMLResponse)
def shared_with_me(request: Request, store: StoreDep, now: NowDep) -> Response:
    me = _me(request)
    context = {
        "me": me,
        "is_therapist": therapist.is_therapist(store, me.account_id),
        "shares": therapist.shared_with_me(store, me.account_id, now),
    }
    return render(request, "hosted_shared_with_me.html", context, now=now)


@router.get("/shared-with-me/{share_id}", response_class=HTMLResponse)
def shared_report(request: Request, share_id: int, store: StoreDep, now: NowDep) -> Response:
    me = _me(request)
    try:
        share, body = therapist.shared_report(store, me.account_id, share_id, now)
    except NotFound as gone:
        raise HTTPException(404, str(gone)) from gone
    context = {"me": me, "share": share, "body": body}
    return render(request, "hosted_shared_report.html", context, now=now)
