"""The trust circle and each person's page: people, evidence, promises both ways, the bridge
plan, gut checks, archiving and deleting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field
from trustbridge.services import people, relating
from trustbridge.services.base import Saved
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import read_form
from trustbridge.web.trust_pages import circle_page, done, person_page, save_form

router = APIRouter()


@router.get("/circle", response_class=HTMLResponse)
def show_circle(
    request: Request, store: StoreDep, now: NowDep, saved: str = "", care: str = ""
) -> HTMLResponse:
    return circle_page(request, store, now, saved=saved, care=care)


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
