"""The trust circle and each person's page: people, evidence, promises both ways, the bridge
plan, gut checks, archiving and deleting."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field
from trustbridge.services import people, relating
from trustbridge.services.base import NotFound, Saved
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import read_form
from trustbridge.web.trust_pages import (
    CIRCLE_PAGE,
    RecordEdit,
    Shown,
    circle_page,
    delete_then_back,
    done,
    edit_form,
    person_page,
    save_edit,
    save_form,
)

router = APIRouter()


@router.get("/circle", response_class=HTMLResponse)
def show_circle(
    request: Request, store: StoreDep, now: NowDep, saved: str = "", care: str = "",
    show: Annotated[int, Query(ge=1, le=1_000_000)] = CIRCLE_PAGE,
) -> HTMLResponse:  # fmt: skip
    return circle_page(request, store, now, saved=saved, care=care, shown=show)


@router.post("/circle", response_class=HTMLResponse)
async def add_person(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, rel.PERSON_FIELDS, lambda raw: people.add_person(store, raw, now), circle_page,
        (store, now), form="person", target="/circle#people-title", saved="person",
    )  # fmt: skip


@router.post("/circle/evidence", response_class=HTMLResponse)
async def add_evidence_to_anyone(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, rel.EVIDENCE_FIELDS, lambda raw: people.add_evidence(store, raw, now),
        circle_page, (store, now), form="evidence", target="/circle#people-title",
        saved="evidence",
    )  # fmt: skip


@router.post("/circle/{person_id}/archive")
def archive(person_id: int, store: StoreDep, now: NowDep) -> RedirectResponse:
    people.archive_person(store, person_id, now, archived=True)
    return RedirectResponse("/circle?saved=archived", status_code=303)


@router.post("/circle/{person_id}/unarchive")
def unarchive(person_id: int, store: StoreDep, now: NowDep) -> RedirectResponse:
    people.archive_person(store, person_id, now, archived=False)
    return RedirectResponse(f"/circle/{person_id}?saved=unarchived", status_code=303)


@router.post("/circle/{person_id}/delete")
def delete(person_id: int, store: StoreDep) -> RedirectResponse:
    people.delete_person(store, person_id)
    return RedirectResponse("/circle?saved=deleted", status_code=303)


@router.get("/circle/{person_id}", response_class=HTMLResponse)
def show_person(
    request: Request,
    person_id: int,
    store: StoreDep,
    now: NowDep,
    saved: str = "",
    care: str = "",
) -> HTMLResponse:
    return person_page(request, store, now, person_id, saved=saved, care=care)


Adder = Callable[..., Saved[Any]]


async def _save_for_person(
    request: Request, store: StoreDep, now: NowDep, person_id: int,
    fields: Sequence[Field], form: str, add: Adder, saved: str,
) -> Response:  # fmt: skip
    """Save one of the person page's forms; on a problem show the page with it as typed."""
    people.find_person(store, person_id)
    return await save_form(
        request, fields, lambda raw: add(store, raw, now), person_page,
        (store, now, person_id), form=form, target=f"/circle/{person_id}#{form}-title",
        saved=saved, fixed={"person": str(person_id)},
    )  # fmt: skip


@router.post("/circle/{person_id}/evidence", response_class=HTMLResponse)
async def add_evidence(request: Request, person_id: int, store: StoreDep, now: NowDep) -> Response:
    return await _save_for_person(
        request, store, now, person_id, rel.EVIDENCE_FIELDS, "evidence", people.add_evidence,
        "evidence",
    )  # fmt: skip


@router.post("/circle/{person_id}/evidence/{event_id}/delete")
def delete_evidence(person_id: int, event_id: int, store: StoreDep) -> RedirectResponse:
    people.delete_evidence(store, event_id)
    return RedirectResponse(
        f"/circle/{person_id}?saved=evidence_deleted#evidence-title", status_code=303
    )


@router.post("/circle/{person_id}/promises", response_class=HTMLResponse)
async def add_promise(request: Request, person_id: int, store: StoreDep, now: NowDep) -> Response:
    return await _save_for_person(
        request, store, now, person_id, rel.PROMISE_FIELDS, "promise", relating.add_promise,
        "promise",
    )  # fmt: skip


@router.post("/circle/{person_id}/promises/{promise_id}/settle")
async def settle_promise(
    request: Request, person_id: int, promise_id: int, store: StoreDep, now: NowDep
) -> Response:
    outcome = (await read_form(request)).get("outcome", "")
    if outcome not in rel.PROMISE_OUTCOMES:
        raise HTTPException(400, "Please choose kept, not kept or changed together.")
    relating.settle_promise(store, promise_id, outcome, now)
    return done(request, f"/circle/{person_id}#promise-title", "settled", "",
                person_page, store, now, person_id)  # fmt: skip


@router.post("/circle/{person_id}/gut", response_class=HTMLResponse)
async def add_gut_check(request: Request, person_id: int, store: StoreDep, now: NowDep) -> Response:
    return await _save_for_person(
        request, store, now, person_id, rel.GUT_FIELDS, "gut", relating.add_gut_check, "gut"
    )


@router.post("/circle/{person_id}/bridge", response_class=HTMLResponse)
async def save_bridge(request: Request, person_id: int, store: StoreDep, now: NowDep) -> Response:
    people.find_person(store, person_id)
    return await save_form(
        request, rel.BRIDGE_FIELDS, lambda raw: relating.save_bridge(store, person_id, raw, now),
        person_page, (store, now, person_id), form="bridge",
        target=f"/circle/{person_id}#bridge-title", saved="bridge",
    )  # fmt: skip


@router.post("/circle/{person_id}/gut/{check_id}/resolve", response_class=HTMLResponse)
async def resolve_gut_check(
    request: Request, person_id: int, check_id: int, store: StoreDep, now: NowDep
) -> Response:
    return await save_form(
        request, rel.GUT_RESOLVE_FIELDS,
        lambda raw: relating.resolve_gut_check(store, check_id, raw, now), person_page,
        (store, now, person_id), form="resolve", target=f"/circle/{person_id}#gut-title",
        saved="resolved", on_error={"resolving": check_id},
    )  # fmt: skip


# --- changing someone's details, and what is on their page -----------------------------------


def _their_page(anchor: str) -> Shown:
    """After a change, the page of the person the record is with now (it may have moved)."""

    def shown(record: Any, store: Store, now: dt.datetime) -> tuple[str, Any, tuple[Any, ...]]:
        person_id = record.person_id
        return f"/circle/{person_id}#{anchor}", person_page, (store, now, person_id)

    return shown


PERSON = RecordEdit(
    "person's details", people.person_to_edit, people.update_person,
    lambda record, store, now: (f"/circle/{record.id}", person_page, (store, now, record.id)),
)  # fmt: skip
#: what a person's page shows and can change, by the word in its address
THEIRS = {
    "evidence": RecordEdit("moment", people.evidence_to_edit, people.update_evidence,
                           _their_page("evidence-title")),
    "promises": RecordEdit("promise", relating.promise_to_edit, relating.update_promise,
                           _their_page("promise-title"), relating.delete_promise),
    "ladder": RecordEdit("ladder step", relating.rung_to_edit, relating.update_rung,
                         _their_page("ladder-title"), relating.delete_rung),
    "gut": RecordEdit("gut check", relating.gut_check_to_edit, relating.update_gut_check,
                      _their_page("gut-title"), relating.delete_gut_check),
}  # fmt: skip


@router.get("/circle/{person_id}/edit", response_class=HTMLResponse)
def edit_person(request: Request, person_id: int, store: StoreDep, now: NowDep) -> HTMLResponse:
    back, action = _their_link(store, person_id), f"/circle/{person_id}/edit"
    return edit_form(request, store, now, PERSON, person_id, back=back, action=action)


@router.post("/circle/{person_id}/edit", response_class=HTMLResponse)
async def save_person(request: Request, person_id: int, store: StoreDep, now: NowDep) -> Response:
    back, action = _their_link(store, person_id), f"/circle/{person_id}/edit"
    return await save_edit(request, store, now, PERSON, person_id, back=back, action=action)


@router.get("/circle/{person_id}/{kind}/{record_id}/edit", response_class=HTMLResponse)
def edit_theirs(
    request: Request, person_id: int, kind: str, record_id: int, store: StoreDep, now: NowDep
) -> HTMLResponse:
    edit, back, action = _theirs(store, person_id, kind, record_id)
    return edit_form(request, store, now, edit, record_id, back=back, action=action)


@router.post("/circle/{person_id}/{kind}/{record_id}/edit", response_class=HTMLResponse)
async def save_theirs(
    request: Request, person_id: int, kind: str, record_id: int, store: StoreDep, now: NowDep
) -> Response:
    edit, back, action = _theirs(store, person_id, kind, record_id)
    return await save_edit(request, store, now, edit, record_id, back=back, action=action)


@router.post("/circle/{person_id}/{kind}/{record_id}/delete")
def delete_theirs(person_id: int, kind: str, record_id: int, store: StoreDep) -> Response:
    edit, back, _ = _theirs(store, person_id, kind, record_id)
    return delete_then_back(store, edit, record_id, back)


def _their_link(store: Store, person_id: int) -> tuple[str, str]:
    """Their page, to go back to: its address and their name."""
    return f"/circle/{person_id}", people.find_person(store, person_id).name


def _theirs(
    store: Store, person_id: int, kind: str, record_id: int
) -> tuple[RecordEdit, tuple[str, str], str]:
    """The edit of one record on a person's page: only one that is theirs (else not found)."""
    edit = THEIRS.get(kind)
    if edit is None:
        raise NotFound(f"Nothing called {kind!r} on a person's page.")
    read = edit.read

    def theirs(store: Store, record_id: int) -> Any:
        found = read(store, record_id)
        if found.record.person_id != person_id:
            raise NotFound(f"Number {record_id} is not on this person's page.")
        return found

    here = f"/circle/{person_id}/{kind}/{record_id}/edit"
    return dataclasses.replace(edit, read=theirs), _their_link(store, person_id), here
