"""Boundaries and balance: boundaries, moments they were respected or crossed, I-statements,
and the balance log with its report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from trustbridge.content import load_program
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field
from trustbridge.services import boundaries
from trustbridge.services.base import NotFound, Saved
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.trust_pages import (
    RecordEdit,
    Shown,
    balance_page,
    boundaries_page,
    delete_then_back,
    edit_form,
    save_edit,
    save_form,
)

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


# --- changing a boundary, a moment it was kept or crossed, an I-statement, a logged day -------


def _on(href: str, page: Callable[..., Response]) -> Shown:
    def shown(record: Any, store: Store, now: dt.datetime) -> tuple[str, Any, tuple[Any, ...]]:
        return href, page, (store, now)

    return shown


#: what can be changed, by the words in its address: /boundaries/3/edit, /boundaries/events/3/edit
EDITS = {
    "": RecordEdit("boundary", boundaries.boundary_to_edit, boundaries.update_boundary,
                   _on("/boundaries#list-title", boundaries_page), boundaries.delete_boundary),
    "events": RecordEdit("boundary moment", boundaries.boundary_event_to_edit,
                         boundaries.update_boundary_event,
                         _on("/boundaries#events-title", boundaries_page),
                         boundaries.delete_boundary_event),
    "i-statements": RecordEdit("I-statement", boundaries.i_statement_to_edit,
                               boundaries.update_i_statement,
                               _on("/boundaries#istatement-title", boundaries_page),
                               boundaries.delete_i_statement),
}  # fmt: skip
BALANCE = RecordEdit("logged day", boundaries.balance_to_edit, boundaries.update_balance,
                     _on("/balance#days-title", balance_page), boundaries.delete_balance)  # fmt: skip


def _boundaries(kind: str, record_id: int) -> tuple[RecordEdit, tuple[str, str], str]:
    edit = EDITS.get(kind)
    if edit is None:
        raise NotFound(f"Nothing called {kind!r} on the boundaries page.")
    here = "/".join(part for part in ("/boundaries", kind, str(record_id), "edit") if part)
    return edit, ("/boundaries", "Boundaries"), here


@router.get("/boundaries/{record_id}/edit", response_class=HTMLResponse)
@router.get("/boundaries/{kind}/{record_id}/edit", response_class=HTMLResponse)
def edit_boundary_record(
    request: Request, record_id: int, store: StoreDep, now: NowDep, kind: str = ""
) -> HTMLResponse:
    edit, back, action = _boundaries(kind, record_id)
    return edit_form(request, store, now, edit, record_id, back=back, action=action)


@router.post("/boundaries/{record_id}/delete")
@router.post("/boundaries/{kind}/{record_id}/delete")
def delete_boundary_record(record_id: int, store: StoreDep, kind: str = "") -> Response:
    edit, back, _ = _boundaries(kind, record_id)
    return delete_then_back(store, edit, record_id, back)


@router.post("/boundaries/{record_id}/edit", response_class=HTMLResponse)
@router.post("/boundaries/{kind}/{record_id}/edit", response_class=HTMLResponse)
async def save_boundary_record(
    request: Request, record_id: int, store: StoreDep, now: NowDep, kind: str = ""
) -> Response:
    edit, back, action = _boundaries(kind, record_id)
    return await save_edit(request, store, now, edit, record_id, back=back, action=action)


def _balance_back() -> tuple[str, str]:
    return "/balance", load_program().tools["balance_log"].name


@router.get("/balance/{log_id}/edit", response_class=HTMLResponse)
def edit_balance(request: Request, log_id: int, store: StoreDep, now: NowDep) -> HTMLResponse:
    action = f"/balance/{log_id}/edit"
    return edit_form(request, store, now, BALANCE, log_id, back=_balance_back(), action=action)


@router.post("/balance/{log_id}/edit", response_class=HTMLResponse)
async def save_balance(request: Request, log_id: int, store: StoreDep, now: NowDep) -> Response:
    action = f"/balance/{log_id}/edit"
    return await save_edit(
        request, store, now, BALANCE, log_id, back=_balance_back(), action=action
    )


@router.post("/balance/{log_id}/delete")
def delete_balance(log_id: int, store: StoreDep) -> Response:
    return delete_then_back(store, BALANCE, log_id, _balance_back())
