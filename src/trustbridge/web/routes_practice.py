"""Practising trust: the vulnerability ladder (plan a step, reflect on it) and gut checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from trustbridge.content import load_program
from trustbridge.domain import relations as rel
from trustbridge.services import relating
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.trust_pages import (
    RecordEdit,
    delete_then_back,
    edit_form,
    gut_page,
    ladder_page,
    save_edit,
    save_form,
)

router = APIRouter()


@router.get("/ladder", response_class=HTMLResponse)
def show_ladder(
    request: Request,
    store: StoreDep,
    now: NowDep,
    saved: str = "",
    care: str = "",
    person: str = "",
    risk: str = "",
) -> HTMLResponse:
    """``?person=3&risk=20`` starts the plan form with the app's suggestion filled in."""
    preset = {"person": person if person.isdigit() else "", "risk": risk if risk.isdigit() else ""}
    return ladder_page(request, store, now, saved=saved, care=care, preset=preset)


@router.post("/ladder", response_class=HTMLResponse)
async def plan_rung(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, rel.RUNG_FIELDS, lambda raw: relating.add_rung(store, raw, now), ladder_page,
        (store, now), form="rung", target="/ladder#planned-title", saved="rung",
    )  # fmt: skip


@router.post("/ladder/{rung_id}/reflect", response_class=HTMLResponse)
async def reflect_rung(request: Request, rung_id: int, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, rel.REFLECT_FIELDS, lambda raw: relating.reflect_rung(store, rung_id, raw, now),
        ladder_page, (store, now), form="reflect", target="/ladder#done-title",
        saved="reflected", on_error={"reflecting": rung_id},
    )  # fmt: skip


@router.get("/gut", response_class=HTMLResponse)
def show_gut(
    request: Request, store: StoreDep, now: NowDep, saved: str = "", care: str = ""
) -> HTMLResponse:
    return gut_page(request, store, now, saved=saved, care=care)


@router.post("/gut", response_class=HTMLResponse)
async def add_gut_check(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, rel.GUT_FIELDS, lambda raw: relating.add_gut_check(store, raw, now), gut_page,
        (store, now), form="gut", target="/gut#open-title", saved="gut",
    )  # fmt: skip


@router.post("/gut/{check_id}/resolve", response_class=HTMLResponse)
async def resolve_gut_check(
    request: Request, check_id: int, store: StoreDep, now: NowDep
) -> Response:
    return await save_form(
        request, rel.GUT_RESOLVE_FIELDS,
        lambda raw: relating.resolve_gut_check(store, check_id, raw, now), gut_page,
        (store, now), form="resolve", target="/gut#calibration-title", saved="resolved",
        on_error={"resolving": check_id},
    )  # fmt: skip


# --- changing a step or a gut check -----------------------------------------------------------


def _ladder(record: Any, store: Store, now: dt.datetime) -> tuple[str, Any, tuple[Any, ...]]:
    anchor = "done-title" if record.done_on is not None else "planned-title"
    return f"/ladder#{anchor}", ladder_page, (store, now)


def _gut(record: Any, store: Store, now: dt.datetime) -> tuple[str, Any, tuple[Any, ...]]:
    anchor = "calibration-title" if record.came_true is not None else "open-title"
    return f"/gut#{anchor}", gut_page, (store, now)


RUNG = RecordEdit("ladder step", relating.rung_to_edit, relating.update_rung, _ladder,
                  relating.delete_rung)  # fmt: skip
GUT = RecordEdit("gut check", relating.gut_check_to_edit, relating.update_gut_check, _gut,
                 relating.delete_gut_check)  # fmt: skip


def _back(tool: str, href: str) -> tuple[str, str]:
    return href, load_program().tools[tool].name


@router.get("/ladder/{rung_id}/edit", response_class=HTMLResponse)
def edit_rung(request: Request, rung_id: int, store: StoreDep, now: NowDep) -> HTMLResponse:
    back, action = _back("vulnerability_ladder", "/ladder"), f"/ladder/{rung_id}/edit"
    return edit_form(request, store, now, RUNG, rung_id, back=back, action=action)


@router.post("/ladder/{rung_id}/edit", response_class=HTMLResponse)
async def save_rung(request: Request, rung_id: int, store: StoreDep, now: NowDep) -> Response:
    back, action = _back("vulnerability_ladder", "/ladder"), f"/ladder/{rung_id}/edit"
    return await save_edit(request, store, now, RUNG, rung_id, back=back, action=action)


@router.post("/ladder/{rung_id}/delete")
def delete_rung(rung_id: int, store: StoreDep) -> Response:
    return delete_then_back(store, RUNG, rung_id, _back("vulnerability_ladder", "/ladder"))


@router.get("/gut/{check_id}/edit", response_class=HTMLResponse)
def edit_gut_check(request: Request, check_id: int, store: StoreDep, now: NowDep) -> HTMLResponse:
    back, action = _back("gut_checks", "/gut"), f"/gut/{check_id}/edit"
    return edit_form(request, store, now, GUT, check_id, back=back, action=action)


@router.post("/gut/{check_id}/edit", response_class=HTMLResponse)
async def save_gut_check(request: Request, check_id: int, store: StoreDep, now: NowDep) -> Response:
    back, action = _back("gut_checks", "/gut"), f"/gut/{check_id}/edit"
    return await save_edit(request, store, now, GUT, check_id, back=back, action=action)


@router.post("/gut/{check_id}/delete")
def delete_gut_check(check_id: int, store: StoreDep) -> Response:
    return delete_then_back(store, GUT, check_id, _back("gut_checks", "/gut"))
