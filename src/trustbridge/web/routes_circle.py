"""The trust circle and each person's page: people, evidence, promises both ways, the bridge
plan, gut checks, archiving and deleting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field, ValidationError
from trustbridge.services import people, relating
from trustbridge.services.base import Saved
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import FormState, Posted, raw_values, read_form
from trustbridge.web.trust_pages import circle_page, done, person_page

router = APIRouter()


def _with_person(fields: Sequence[Field], posted: Posted, person_id: int) -> dict[str, object]:
    """The form's values with the person fixed to the page's person, whatever was posted."""
    return {**raw_values(fields, posted), "person": str(person_id)}


@router.get("/circle", response_class=HTMLResponse)
def show_circle(
    request: Request, store: StoreDep, now: NowDep, saved: str = "", care: bool = False
) -> HTMLResponse:
    return circle_page(request, store, now, saved=saved, care=care)


@router.post("/circle", response_class=HTMLResponse)
async def add_person(request: Request, store: StoreDep, now: NowDep) -> Response:
    posted = await read_form(request)
    try:
        result = people.add_person(store, raw_values(rel.PERSON_FIELDS, posted), now)
    except ValidationError as problem:
        form = FormState.from_posted(rel.PERSON_FIELDS, posted, problem.errors)
        return circle_page(request, store, now, forms={"person": form}, status=422)
    care = result.crisis.flagged
    return done(request, "/circle#people-title", "person", care, circle_page, store, now)


@router.post("/circle/evidence", response_class=HTMLResponse)
async def add_evidence_to_anyone(request: Request, store: StoreDep, now: NowDep) -> Response:
    posted = await read_form(request)
    try:
        result = people.add_evidence(store, raw_values(rel.EVIDENCE_FIELDS, posted), now)
    except ValidationError as problem:
        form = FormState.from_posted(rel.EVIDENCE_FIELDS, posted, problem.errors)
        return circle_page(request, store, now, forms={"evidence": form}, status=422)
    care = result.crisis.flagged
    return done(request, "/circle#people-title", "evidence", care, circle_page, store, now)


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
    care: bool = False,
) -> HTMLResponse:
    return person_page(request, store, now, person_id, saved=saved, care=care)


Adder = Callable[..., Saved[Any]]


async def _save_for_person(
    request: Request, store: StoreDep, now: NowDep, person_id: int,
    fields: Sequence[Field], form: str, add: Adder, saved: str,
) -> Response:  # fmt: skip
    """Save one of the person page's forms; on a problem show the page with it as typed."""
    people.find_person(store, person_id)
    posted = await read_form(request)
    try:
        result = add(store, _with_person(fields, posted, person_id), now)
    except ValidationError as problem:
        state = FormState.from_posted(fields, posted, problem.errors)
        return person_page(request, store, now, person_id, forms={form: state}, status=422)
    target = f"/circle/{person_id}#{form}-title"
    return done(request, target, saved, result.crisis.flagged, person_page, store, now, person_id)


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
    return done(request, f"/circle/{person_id}#promise-title", "settled", False,
                person_page, store, now, person_id)  # fmt: skip


@router.post("/circle/{person_id}/gut", response_class=HTMLResponse)
async def add_gut_check(request: Request, person_id: int, store: StoreDep, now: NowDep) -> Response:
    return await _save_for_person(
        request, store, now, person_id, rel.GUT_FIELDS, "gut", relating.add_gut_check, "gut"
    )


@router.post("/circle/{person_id}/bridge", response_class=HTMLResponse)
async def save_bridge(request: Request, person_id: int, store: StoreDep, now: NowDep) -> Response:
    people.find_person(store, person_id)
    posted = await read_form(request)
    try:
        result = relating.save_bridge(store, person_id, raw_values(rel.BRIDGE_FIELDS, posted), now)
    except ValidationError as problem:
        state = FormState.from_posted(rel.BRIDGE_FIELDS, posted, problem.errors)
        return person_page(request, store, now, person_id, forms={"bridge": state}, status=422)
    return done(request, f"/circle/{person_id}#bridge-title", "bridge", result.crisis.flagged,
                person_page, store, now, person_id)  # fmt: skip


@router.post("/circle/{person_id}/gut/{check_id}/resolve", response_class=HTMLResponse)
async def resolve_gut_check(
    request: Request, person_id: int, check_id: int, store: StoreDep, now: NowDep
) -> Response:
    posted = await read_form(request)
    try:
        result = relating.resolve_gut_check(
            store, check_id, raw_values(rel.GUT_RESOLVE_FIELDS, posted), now
        )
    except ValidationError as problem:
        state = FormState.from_posted(rel.GUT_RESOLVE_FIELDS, posted, problem.errors)
        return person_page(request, store, now, person_id, forms={"resolve": state},
                           status=422, resolving=check_id)  # fmt: skip
    return done(request, f"/circle/{person_id}#gut-title", "resolved", result.crisis.flagged,
                person_page, store, now, person_id)  # fmt: skip
