"""Practising trust: the vulnerability ladder (plan a step, reflect on it) and gut checks."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from trustbridge.domain import relations as rel
from trustbridge.domain.fields import ValidationError
from trustbridge.services import relating
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import FormState, raw_values, read_form
from trustbridge.web.trust_pages import done, gut_page, ladder_page

router = APIRouter()


@router.get("/ladder", response_class=HTMLResponse)
def show_ladder(
    request: Request,
    store: StoreDep,
    now: NowDep,
    saved: str = "",
    care: bool = False,
    person: str = "",
    risk: str = "",
) -> HTMLResponse:
    """``?person=3&risk=20`` starts the plan form with the app's suggestion filled in."""
    preset = {"person": person if person.isdigit() else "", "risk": risk if risk.isdigit() else ""}
    return ladder_page(request, store, now, saved=saved, care=care, preset=preset)


@router.post("/ladder", response_class=HTMLResponse)
async def plan_rung(request: Request, store: StoreDep, now: NowDep) -> Response:
    posted = await read_form(request)
    try:
        result = relating.add_rung(store, raw_values(rel.RUNG_FIELDS, posted), now)
    except ValidationError as problem:
        form = FormState.from_posted(rel.RUNG_FIELDS, posted, problem.errors)
        return ladder_page(request, store, now, forms={"rung": form}, status=422)
    return done(request, "/ladder#planned-title", "rung", result.crisis.flagged,
                ladder_page, store, now)  # fmt: skip


@router.post("/ladder/{rung_id}/reflect", response_class=HTMLResponse)
async def reflect_rung(request: Request, rung_id: int, store: StoreDep, now: NowDep) -> Response:
    posted = await read_form(request)
    try:
        result = relating.reflect_rung(store, rung_id, raw_values(rel.REFLECT_FIELDS, posted), now)
    except ValidationError as problem:
        form = FormState.from_posted(rel.REFLECT_FIELDS, posted, problem.errors)
        return ladder_page(request, store, now, forms={"reflect": form}, status=422,
                           reflecting=rung_id)  # fmt: skip
    return done(request, "/ladder#done-title", "reflected", result.crisis.flagged,
                ladder_page, store, now)  # fmt: skip


@router.get("/gut", response_class=HTMLResponse)
def show_gut(
    request: Request, store: StoreDep, now: NowDep, saved: str = "", care: bool = False
) -> HTMLResponse:
    return gut_page(request, store, now, saved=saved, care=care)


@router.post("/gut", response_class=HTMLResponse)
async def add_gut_check(request: Request, store: StoreDep, now: NowDep) -> Response:
    posted = await read_form(request)
    try:
        result = relating.add_gut_check(store, raw_values(rel.GUT_FIELDS, posted), now)
    except ValidationError as problem:
        form = FormState.from_posted(rel.GUT_FIELDS, posted, problem.errors)
        return gut_page(request, store, now, forms={"gut": form}, status=422)
    return done(request, "/gut#open-title", "gut", result.crisis.flagged, gut_page, store, now)


@router.post("/gut/{check_id}/resolve", response_class=HTMLResponse)
async def resolve_gut_check(
    request: Request, check_id: int, store: StoreDep, now: NowDep
) -> Response:
    posted = await read_form(request)
    try:
        result = relating.resolve_gut_check(
            store, check_id, raw_values(rel.GUT_RESOLVE_FIELDS, posted), now
        )
    except ValidationError as problem:
        form = FormState.from_posted(rel.GUT_RESOLVE_FIELDS, posted, problem.errors)
        return gut_page(request, store, now, forms={"resolve": form}, status=422,
                        resolving=check_id)  # fmt: skip
    return done(request, "/gut#calibration-title", "resolved", result.crisis.flagged,
                gut_page, store, now)  # fmt: skip
