"""Boundaries and balance: boundaries, moments they were respected or crossed, I-statements,
and the balance log with its report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field
from trustbridge.services import boundaries
from trustbridge.services.base import Saved
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.trust_pages import balance_page, boundaries_page, save_form

router = APIRouter()


@router.get("/boundaries", response_class=HTMLResponse)
def show_boundaries(
    request: Request,
    store: StoreDep,
    now: NowDep,
    saved: str = "",
    care: str = "",
    event: str = "",
    say: str = "",
) -> HTMLResponse:
    """``?say=3`` starts the I-statement builder for boundary 3, ``?event=3`` the event form."""
    preset = {"event": event, "say": say}
    return boundaries_page(request, store, now, saved=saved, care=care, preset=preset)


async def _save(
    request: Request, store: StoreDep, now: NowDep, fields: Sequence[Field], form: str,
    add: Callable[..., Saved[Any]], target: str,
) -> Response:  # fmt: skip
    return await save_form(
        request, fields, lambda raw: add(store, raw, now), boundaries_page, (store, now),
        form=form, target=target, saved=form,
    )  # fmt: skip


@router.post("/boundaries", response_class=HTMLResponse)
async def add_boundary(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await _save(request, store, now, rel.BOUNDARY_FIELDS, "boundary",
                       boundaries.add_boundary, "/boundaries#list-title")  # fmt: skip


@router.post("/boundaries/events", response_class=HTMLResponse)
async def add_boundary_event(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await _save(request, store, now, rel.BOUNDARY_EVENT_FIELDS, "event",
                       boundaries.add_boundary_event, "/boundaries#events-title")  # fmt: skip


@router.post("/boundaries/i-statements", response_class=HTMLResponse)
async def add_i_statement(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await _save(request, store, now, rel.ISTATEMENT_FIELDS, "istatement",
                       boundaries.add_i_statement, "/boundaries#istatement-title")  # fmt: skip


@router.get("/balance", response_class=HTMLResponse)
def show_balance(
    request: Request, store: StoreDep, now: NowDep, saved: str = "", care: str = ""
) -> HTMLResponse:
    return balance_page(request, store, now, saved=saved, care=care)


@router.post("/balance", response_class=HTMLResponse)
async def add_balance(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, rel.BALANCE_FIELDS, lambda raw: boundaries.add_balance(store, raw, now),
        balance_page, (store, now), form="balance", target="/balance#report-title",
        saved="balance",
    )  # fmt: skip
