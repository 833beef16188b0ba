"""The home page (today's check-in, affirmation, program map, promises), the welcome note and stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.content import load_program
from trustbridge.domain.fields import ValidationError
from trustbridge.services import entries, program, selfwork
from trustbridge.services.base import NotFound, local_day
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep, is_htmx
from trustbridge.web.forms import FormState, raw_values, read_form
from trustbridge.web.render import render
from trustbridge.web.routes_tools import NOTICES, tool_page
from trustbridge.web.tool_extras import (
    CHECKIN_PAGES,
    checkin_context,
    checkin_shown,
    due_soon,
    due_with_people,
)
from trustbridge.web.vault import Vault
from trustbridge.web.views import tool_view

router = APIRouter()
WELCOME_COOKIE = "tb_welcomed"
TEN_YEARS = 10 * 365 * 24 * 3600
TOOL_PAGE = CHECKIN_PAGES[1]  # /tools/checkin
#: the check-in's fields and the day it is about (empty for today)
CHECKIN_FORM = tool_view("checkin").spec.form_fields


def _program_map(request: Request, store: Store) -> program.ProgramMap:
    """The map, counted again only after a save: it counts every tool's entries."""
    vault: Vault = request.app.state.vault
    return vault.reuse(store, "program map", program.program_map)


@dataclass(frozen=True, slots=True)
class _Day:
    """What Today reads from the store: it changes with a save, or with the day, not between."""

    #: today's check-in and the promises due: plain rows with the models' attributes
    checkin: Any
    affirmation: selfwork.DailyAffirmation
    due: list[Any]
    #: open promises with people due soon, each with its person: plain rows too
    due_with_people: list[tuple[Any, Any]]


def _day(request: Request, store: Store, now: dt.datetime) -> _Day:
    """Today's check-in, affirmation and promises due, looked up again only after a save or
    when the day changes (each of them is worked out from the day ``now`` falls on)."""

    def look_up(store: Store) -> _Day:
        return _Day(
            selfwork.checkin_today(store, now),
            selfwork.affirmation_of_the_day(store, now),
            due_soon(store, now),
            due_with_people(store, now),
        )

    vault: Vault = request.app.state.vault
    return vault.reuse(store, "today", look_up, per=local_day(now))


def home_page(
    request: Request,
    store: Store,
    now: dt.datetime,
    *,
    form: FormState | None = None,
    another: bool = False,
    status: int = 200,
    **flags: Any,
) -> HTMLResponse:
    vault: Vault = request.app.state.vault
    with vault.together(store) as reading:
        day = _day(request, reading, now)
        program_map = _program_map(request, reading)
    context = {
        **checkin_shown(day.checkin, form, another=another),
        "welcomed": request.cookies.get(WELCOME_COOKIE) == "1",
        "affirmation": day.affirmation,
        "map": program_map,
        "due": day.due,
        "due_with_people": day.due_with_people,
        **flags,
    }
    return render(request, "home.html", context, now=now, status=status)


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    store: StoreDep,
    now: NowDep,
    another: bool = False,
    saved: bool = False,
    care: str = "",
    note: str = "",
) -> HTMLResponse:
    return home_page(
        request, store, now, another=another, just_saved=saved, care=care,
        notice=NOTICES.get(note, ""),
    )  # fmt: skip


@router.post("/checkin", response_class=HTMLResponse)
async def save_checkin(request: Request, store: StoreDep, now: NowDep) -> Response:
    """The one check-in save, from Today or from the check-in page (``page``), back to it.

    On the check-in page the whole page comes back (with or without HTMX), so its list of
    earlier check-ins is up to date; on Today, only the check-in card.
    """
    posted = await read_form(request)
    on_tool_page = posted.get("page") == TOOL_PAGE
    values = raw_values(CHECKIN_FORM, posted)
    try:  # in a worker thread, as every page's reads are: the server goes on answering meanwhile
        saved = await run_in_threadpool(entries.add, store, "checkin", values, now)
    except ValidationError as problem:
        form = FormState.from_posted(CHECKIN_FORM, posted, problem.errors)
        if on_tool_page:
            return tool_page(request, tool_view("checkin"), store, now, form, status=422)
        if is_htmx(request):
            context = checkin_context(store, now, form)
            return render(request, "_checkin.html", context, now=now, status=422)
        return home_page(request, store, now, form=form, status=422)
    care = saved.crisis.level
    if is_htmx(request) and on_tool_page:
        checkin = tool_view("checkin")
        return tool_page(request, checkin, store, now, FormState(), saved=saved.record, care=care)
    if is_htmx(request):
        context = {**checkin_context(store, now), "just_saved": True, "care": care}
        return render(request, "_checkin.html", context, now=now)
    done = f"{TOOL_PAGE}?saved={saved.record.id}" if on_tool_page else "/?saved=1"
    return RedirectResponse(done + (f"&care={care}" if care else "") + "#checkin", 303)


@router.post("/welcome")
def dismiss_welcome(request: Request) -> Response:
    """Remember only that the welcome note was read: a single flag, nothing else."""
    response: Response = (
        HTMLResponse("") if is_htmx(request) else RedirectResponse("/", status_code=303)
    )
    response.set_cookie(WELCOME_COOKIE, "1", max_age=TEN_YEARS, httponly=True, samesite="strict")
    return response


@router.get("/stages", response_class=HTMLResponse)
def stages(request: Request, store: StoreDep, now: NowDep) -> HTMLResponse:
    return render(request, "stages.html", {"map": _program_map(request, store)}, now=now)


@router.get("/stages/{slug}", response_class=HTMLResponse)
def stage(request: Request, slug: str, now: NowDep) -> HTMLResponse:
    try:
        found = load_program().stage(slug)
    except KeyError:
        raise NotFound(f"There is no stage called {slug!r}") from None
    return render(request, "stage.html", {"stage": found}, now=now)
