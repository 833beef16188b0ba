"""The support layer: the support map and the safety plan.

Both save through ``trust_pages.save_form``, so they behave like every other form: HTMX gets
the page back, a plain post a 303, and a problem the form as typed with its messages (422).
The safety plan answers a crisis-sounding save with a calm pointer to Help now, not the full
alarm: a plan is written about hard moments on purpose (see ``safety_plan.html``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.domain import support as sup
from trustbridge.domain.fields import ValidationError
from trustbridge.services import people, safety_plan, support
from trustbridge.services.base import local_day
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import FormState, raw_values, read_form
from trustbridge.web.render import render
from trustbridge.web.routes_editing import form_values, record_edit_page
from trustbridge.web.trust_pages import done, save_form
from trustbridge.web.trust_views import fresh, person_options

router = APIRouter()
Forms = Mapping[str, FormState]
#: confirmations by key (never free text in a URL)
SAVED = {
    "contact": "Added to your support map.",
    "contact_deleted": "Removed from your support map.",
    "contact_edited": "Your changes to your support map are saved.",
    "plan": "Your safety plan is saved. Help now shows it first.",
    "plan_deleted": "Your safety plan is deleted, with any copy kept outside the encryption.",
}


def _flags(saved: str, care: str) -> dict[str, object]:
    text = SAVED.get(saved, "")
    return {"saved": bool(text), "saved_text": text, "care": care if text else ""}


def support_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "",
) -> HTMLResponse:  # fmt: skip
    """The support map with gentle hints where nobody helps yet, and the form to add to it."""
    found = support.support_map(store)
    context = {
        **_flags(saved, care),
        "contacts": found.contacts,
        "gaps": found.gaps,
        "kind_names": dict(sup.SUPPORT_KINDS),
        "area_names": dict(sup.HELP_AREAS),
        "fields": sup.SUPPORT_FIELDS,
        "options": person_options(people.active_people(store)),
        "form": (forms or {}).get("contact") or fresh(sup.SUPPORT_FIELDS, local_day(now)),
    }
    return render(request, "support.html", context, now=now, status=status)


@router.get("/support", response_class=HTMLResponse)
def show_support(
    request: Request, store: StoreDep, now: NowDep, saved: str = "", care: str = ""
) -> HTMLResponse:
    return support_page(request, store, now, saved=saved, care=care)


@router.post("/support", response_class=HTMLResponse)
async def add_contact(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, sup.SUPPORT_FIELDS, lambda raw: support.add_contact(store, raw, now),
        support_page, (store, now), form="contact", target="/support#map-title",
        saved="contact",
    )  # fmt: skip


@router.post("/support/{entry_id}/delete")
def delete_contact(entry_id: int, store: StoreDep) -> RedirectResponse:
    support.delete_contact(store, entry_id)
    return RedirectResponse("/support?saved=contact_deleted#map-title", status_code=303)


def contact_edit_page(
    request: Request, store: Store, now: dt.datetime, entry_id: int,
    form: FormState | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    """One entry's own form, filled in with what it holds now (or as typed, with problems)."""
    contact = support.get_contact(store, entry_id)
    if form is None:
        form = FormState(form_values(sup.SUPPORT_FIELDS, support.contact_values(store, entry_id)))
    return record_edit_page(
        request, noun="support map entry", back=("/support#map-title", "Support map"),
        action=f"/support/{entry_id}/edit", cancel="/support#map-title", record=contact,
        fields=sup.SUPPORT_FIELDS, form=form, now=now, status=status,
        people=person_options(people.active_people(store)),
    )  # fmt: skip


@router.get("/support/{entry_id}/edit", response_class=HTMLResponse)
def edit_contact(request: Request, entry_id: int, store: StoreDep, now: NowDep) -> HTMLResponse:
    return contact_edit_page(request, store, now, entry_id)


@router.post("/support/{entry_id}/edit", response_class=HTMLResponse)
async def save_contact_edit(
    request: Request, entry_id: int, store: StoreDep, now: NowDep
) -> Response:
    """Save a change; a refusal shows the form again as typed, with each problem by its field."""
    posted = await read_form(request)
    try:
        raw = raw_values(sup.SUPPORT_FIELDS, posted)
        saved = support.update_contact(store, entry_id, raw, now)
    except ValidationError as problem:
        form = FormState.from_posted(sup.SUPPORT_FIELDS, posted, problem.errors)
        return contact_edit_page(request, store, now, entry_id, form, status=422)
    return done(request, "/support#map-title", "contact_edited", saved.crisis.level,
                support_page, store, now)  # fmt: skip


def _plan_form(plan: object) -> FormState:
    values: dict[str, str | list[str]] = dict(safety_plan.parts_of(plan))  # type: ignore[arg-type]
    if plan is not None and getattr(plan, "keep_outside", False):
        values[sup.KEEP_OUTSIDE.name] = "on"
    return FormState(values)


def plan_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "",
) -> HTMLResponse:  # fmt: skip
    """The plan as it stands, and the calm form to write or change it."""
    plan = safety_plan.get_plan(store)
    context = {
        **_flags(saved, ""),
        # a plan sounds like crisis by its nature: a calm line, not the alarm (see module)
        "calm": bool(care) and saved == "plan",
        "plan": plan,
        "parts": safety_plan.labelled(safety_plan.parts_of(plan)),
        "fields": sup.SAFETY_PLAN_FIELDS,
        "keep_field": sup.KEEP_OUTSIDE,
        "form": (forms or {}).get("plan") or _plan_form(plan),
    }
    return render(request, "safety_plan.html", context, now=now, status=status)


@router.get("/safety-plan", response_class=HTMLResponse)
def show_plan(
    request: Request, store: StoreDep, now: NowDep, saved: str = "", care: str = ""
) -> HTMLResponse:
    return plan_page(request, store, now, saved=saved, care=care)


@router.post("/safety-plan", response_class=HTMLResponse)
async def save_plan(request: Request, store: StoreDep, now: NowDep) -> Response:
    return await save_form(
        request, (*sup.SAFETY_PLAN_FIELDS, sup.KEEP_OUTSIDE),
        lambda raw: safety_plan.save_plan(store, raw, now), plan_page, (store, now),
        form="plan", target="/safety-plan#plan-title", saved="plan",
    )  # fmt: skip


@router.post("/safety-plan/delete")
def delete_plan(store: StoreDep) -> RedirectResponse:
    safety_plan.delete_plan(store)
    return RedirectResponse("/safety-plan?saved=plan_deleted", status_code=303)
