"""Stage 8 on the web: partner check-ins, rituals, appreciation, shared goals and wins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from trustbridge.content import load_program
from trustbridge.domain import growth as g
from trustbridge.domain.crisis import check_text
from trustbridge.domain.fields import Field, ValidationError
from trustbridge.services import growth, people
from trustbridge.services.base import NotFound, Saved, local_day
from trustbridge.store.db import Store
from trustbridge.web import growth_pages as pages
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import FormState, raw_values, read_form
from trustbridge.web.routes_editing import form_values, record_edit_page
from trustbridge.web.trust_pages import done, save_form
from trustbridge.web.trust_views import person_options

router = APIRouter()

#: where each kind of entry is listed, for going back after an action
HOMES: dict[str, tuple[str, Callable[..., HTMLResponse]]] = {
    "partner_checkin": ("/partner-checkins#list-title", pages.checkins_page),
    "ritual": ("/rituals#list-title", pages.rituals_page),
    "appreciation": ("/appreciation#list-title", pages.appreciation_page),
    "goal": ("/goals#list-title", pages.goals_page),
    "win": ("/wins#list-title", pages.wins_page),
}
#: each kind's tool in the program, whose name leads back from an edit page
TOOLS = {"partner_checkin": "partner_checkin", "ritual": "rituals",
         "appreciation": "appreciation_log", "goal": "shared_goals", "win": "wins"}  # fmt: skip


async def _save(
    request: Request, store: Store, now: Any, fields: Sequence[Field], form: str,
    add: Callable[..., Saved[Any]], kind: str,
) -> Response:  # fmt: skip
    target, page = HOMES[kind]
    fixed = await _shared(request)
    return await save_form(request, fields, lambda raw: add(store, raw, now), page, (store, now),
                           form=form, target=target, saved=form, fixed=fixed)  # fmt: skip


def _hosted(request: Request) -> bool:
    return getattr(request.app.state, "hosted", None) is not None


async def _shared(request: Request) -> dict[str, object]:
    """Hosted mode's "Share with my partner" box, as the services take it (nothing in local
    mode, where there is no one to share with)."""
    if not _hosted(request):
        return {}
    return {"shared": (await read_form(request)).get("shared") == "on"}


def _missing(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except NotFound as gone:
        raise HTTPException(404, str(gone)) from gone


@router.get("/partner-checkins", response_class=HTMLResponse)
def show_checkins(request: Request, store: StoreDep, now: NowDep, saved: str = "",
                  care: str = "") -> HTMLResponse:  # fmt: skip
    return pages.checkins_page(request, store, now, saved=saved, care=care)


@router.post("/partner-checkins", response_class=HTMLResponse)
async def add_checkin(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await _save(request, store, now, g.CHECKIN_FIELDS, "checkin", growth.add_checkin,
                       "partner_checkin")  # fmt: skip


@router.post("/partner-checkins/every", response_class=HTMLResponse)
async def set_every(request: Request, store: StoreDep, now: NowDep) -> Response:
    # a number of days holds no words to check, hence the empty crisis check
    return await save_form(
        request, g.CADENCE_FIELDS,
        lambda raw: Saved(growth.set_checkin_every(store, raw, now), check_text()),
        pages.checkins_page, (store, now), form="every", target="/partner-checkins",
        saved="every",
    )  # fmt: skip


@router.get("/rituals", response_class=HTMLResponse)
def show_rituals(request: Request, store: StoreDep, now: NowDep, saved: str = "",
                 care: str = "") -> HTMLResponse:  # fmt: skip
    return pages.rituals_page(request, store, now, saved=saved, care=care)


@router.post("/rituals", response_class=HTMLResponse)
async def add_ritual(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await _save(request, store, now, g.RITUAL_FIELDS, "ritual", growth.add_ritual, "ritual")


@router.post("/rituals/{ritual_id}/kept", response_class=HTMLResponse)
async def keep_ritual(request: Request, ritual_id: int, store: StoreDep, now: NowDep) -> Response:
    """The one-tap "kept today" button, or another day from the small form beside it."""
    posted = await read_form(request)
    raw = {k: v for k, v in raw_values(g.KEPT_FIELDS, posted).items() if v not in (None, "")}
    raw.setdefault("kept_on", local_day(now).isoformat())
    try:
        saved, new = _missing(lambda: growth.keep_ritual(store, ritual_id, raw, now))
    except ValidationError as problem:
        notice = " ".join(problem.errors.values())
        return pages.rituals_page(request, store, now, status=422, notice=notice)
    key = "kept" if new else "already"
    return done(request, "/rituals#list-title", key, saved.crisis.level, pages.rituals_page,
                store, now)  # fmt: skip


@router.post("/rituals/{ritual_id}/aside", response_class=HTMLResponse)
async def set_aside(request: Request, ritual_id: int, store: StoreDep, now: NowDep) -> Response:
    _missing(lambda: growth.archive_ritual(store, ritual_id, now))
    return done(request, "/rituals#list-title", "aside", "", pages.rituals_page, store, now)


@router.post("/rituals/{ritual_id}/back", response_class=HTMLResponse)
async def bring_back(request: Request, ritual_id: int, store: StoreDep, now: NowDep) -> Response:
    _missing(lambda: growth.archive_ritual(store, ritual_id, now, archived=False))
    return done(request, "/rituals#list-title", "back", "", pages.rituals_page, store, now)


@router.get("/appreciation", response_class=HTMLResponse)
def show_appreciation(request: Request, store: StoreDep, now: NowDep, saved: str = "",
                      care: str = "") -> HTMLResponse:  # fmt: skip
    return pages.appreciation_page(request, store, now, saved=saved, care=care)


@router.post("/appreciation", response_class=HTMLResponse)
async def add_appreciation(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await _save(request, store, now, g.APPRECIATION_FIELDS, "appreciation",
                       growth.add_appreciation, "appreciation")  # fmt: skip


@router.get("/goals", response_class=HTMLResponse)
def show_goals(request: Request, store: StoreDep, now: NowDep, saved: str = "",
               care: str = "") -> HTMLResponse:  # fmt: skip
    return pages.goals_page(request, store, now, saved=saved, care=care)


@router.post("/goals", response_class=HTMLResponse)
async def add_goal(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await _save(request, store, now, g.GOAL_FIELDS, "goal", growth.add_goal, "goal")


@router.post("/goals/{goal_id}/reviews", response_class=HTMLResponse)
async def review_goal(request: Request, goal_id: int, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, g.REVIEW_FIELDS,
        lambda raw: _missing(lambda: growth.review_goal(store, goal_id, raw, now)),
        pages.goals_page, (store, now), form=f"review-{goal_id}", target="/goals#list-title",
        saved="review",
    )  # fmt: skip


@router.get("/wins", response_class=HTMLResponse)
def show_wins(request: Request, store: StoreDep, now: NowDep, saved: str = "",
              care: str = "") -> HTMLResponse:  # fmt: skip
    return pages.wins_page(request, store, now, saved=saved, care=care)


@router.post("/wins", response_class=HTMLResponse)
async def add_win(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await _save(request, store, now, g.WIN_FORM_FIELDS, "win", growth.add_win, "win")


def _home(kind: str) -> tuple[str, Callable[..., HTMLResponse]]:
    if kind not in HOMES:
        raise HTTPException(404)
    return HOMES[kind]


@router.post("/growth/{kind}/{entry_id}/delete", response_class=HTMLResponse)
async def delete_entry(request: Request, kind: str, entry_id: int, store: StoreDep,
                       now: NowDep) -> Response:  # fmt: skip
    target, page = _home(kind)
    _missing(lambda: growth.delete(store, kind, entry_id))
    return done(request, target, "deleted", "", page, store, now)


def _edit_page(
    request: Request, store: Store, now: Any, kind: str, entry_id: int,
    form: FormState | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    """The entry's own form, filled in with what it holds now (or as typed, with problems)."""
    target, _ = _home(kind)
    shape = growth.KINDS[kind]
    record = _missing(lambda: growth.get(store, kind, entry_id))
    if form is None:
        form = FormState(form_values(shape.fields, growth.current(store, kind, entry_id)))
    here = f"/growth/{kind}/{entry_id}/edit"
    with_someone = any(f.name == "person" for f in shape.fields)
    return record_edit_page(
        request, noun=shape.what, back=(target, load_program().tools[TOOLS[kind]].name),
        action=here, cancel=target, record=record, fields=shape.fields, form=form, now=now,
        status=status, people=person_options(people.active_people(store)) if with_someone else None,
        shareable=_hosted(request),
    )  # fmt: skip


@router.get("/growth/{kind}/{entry_id}/edit", response_class=HTMLResponse)
def edit_entry(request: Request, kind: str, entry_id: int, store: StoreDep,
               now: NowDep) -> HTMLResponse:  # fmt: skip
    return _edit_page(request, store, now, kind, entry_id)


@router.post("/growth/{kind}/{entry_id}/edit", response_class=HTMLResponse)
async def save_edit(request: Request, kind: str, entry_id: int, store: StoreDep,
                    now: NowDep) -> Response:  # fmt: skip
    """Save a change; a refusal shows the form again as typed, with each problem by its field."""
    target, page = _home(kind)
    fields = growth.KINDS[kind].fields
    posted = await read_form(request)
    try:
        raw = {**raw_values(fields, posted), **(await _shared(request))}
        saved = _missing(lambda: growth.update(store, kind, entry_id, raw, now))
    except ValidationError as problem:
        form = FormState.from_posted(fields, posted, problem.errors)
        return _edit_page(request, store, now, kind, entry_id, form, status=422)
    return done(request, target, "edited", saved.crisis.level, page, store, now)
