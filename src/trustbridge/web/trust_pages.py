"""The relationship pages (stages 5-7) built once from the services, for full pages and HTMX alike.

Each builder takes the forms to show (as typed, with problems) and falls back to fresh ones,
so a failed save re-renders the same page with the person's input kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.domain import calibration as cal
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field, ValidationError
from trustbridge.services import boundaries, people, relating
from trustbridge.services.base import Saved, local_day
from trustbridge.services.people import Editable
from trustbridge.store.db import Store
from trustbridge.web.deps import is_htmx
from trustbridge.web.forms import FormState, raw_values, read_form
from trustbridge.web.render import render
from trustbridge.web.routes_editing import form_values, record_edit_page
from trustbridge.web.routes_tools import EDITED
from trustbridge.web.trust_views import (
    BOUNDARY_KIND_NAMES,
    KIND_NAMES,
    OUTCOME_NAMES,
    RESPONSE_NAMES,
    SOURCE_NAMES,
    dimension_views,
    draft_sentence,
    estimate_view,
    fresh,
    person_options,
    removal_list,
    values_of,
)

Forms = Mapping[str, FormState]
#: confirmations a page shows after a save or an action, by key (never free text in a URL)
SAVED = {
    "person": "Added to your circle. Open their page to start noting what they do.",
    "evidence": "The moment is logged. The estimates now include it.",
    "evidence_deleted": "That moment was removed, and the estimates no longer count it.",
    "promise": "The promise is saved. Mark it when you know how it went.",
    "settled": "Noted. A promise they made now counts as evidence about keeping promises.",
    "bridge": "Your bridge plan is saved.",
    "gut": "Your gut check is saved. Come back when you know how it turned out.",
    "resolved": "Noted. Your calibration now includes it.",
    "archived": "Moved to the archive. Their history is kept; bring them back any time.",
    "unarchived": "Back in your circle.",
    "deleted": "They were removed, with everything recorded about them.",
    "rung": "Your step is planned. Come back afterwards to note how it went.",
    "reflected": "Thank you for noting how it went. Their response now counts as evidence.",
    "boundary": "Your boundary is saved.",
    "event": "Noted. It now counts as evidence about respecting boundaries.",
    "istatement": "Your I-statement is saved.",
    "balance": "Your day is logged.",
    "edited": EDITED,
}
#: how many logged days the balance page lists, latest first
LOGS_SHOWN = 14
COMMON = {
    "kind_names": KIND_NAMES,
    "response_names": RESPONSE_NAMES,
    "source_names": SOURCE_NAMES,
    "outcome_names": OUTCOME_NAMES,
    "boundary_kind_names": BOUNDARY_KIND_NAMES,
    "estimate_view": estimate_view,
    "blank": FormState(),
    "draft_sentence": draft_sentence,
    "min_resolved": cal.MIN_RESOLVED,
}


def _flags(saved: str, care: str) -> dict[str, Any]:
    text = SAVED.get(saved, "")
    return {"saved": bool(text), "saved_text": text, "care": care if text else ""}


def done(request: Request, target: str, saved: str, care: str, page: Any, *args: Any) -> Response:
    """After a save: HTMX gets the page with its confirmation, a plain post a redirect to it."""
    if is_htmx(request):
        response: Response = page(request, *args, saved=saved, care=care)
        return response
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    query = f"saved={saved}" + (f"&care={care}" if care else "")
    joiner = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{joiner}{query}{anchor}", status_code=303)


async def save_form(
    request: Request,
    fields: Sequence[Field],
    save: Callable[[dict[str, object]], Saved[Any]],
    page: Callable[..., Response],
    page_args: tuple[Any, ...],
    *,
    form: str,
    target: str,
    saved: str,
    fixed: Mapping[str, object] | None = None,
    on_error: Mapping[str, Any] | None = None,
) -> Response:
    """The one way a stage 5-7 form is saved.

    Read the post, save it (``fixed`` values override what was posted); on a problem show
    ``page`` again with the form as typed and each message by its field (422); otherwise
    confirm through :func:`done`.
    """
    posted = await read_form(request)
    try:
        result = save({**raw_values(fields, posted), **(fixed or {})})
    except ValidationError as problem:
        state = FormState.from_posted(fields, posted, problem.errors)
        return page(request, *page_args, forms={form: state}, status=422, **(on_error or {}))
    return done(request, target, saved, result.crisis.level, page, *page_args)


#: where a record is shown once changed: the address, and the page (and its arguments) that
#: an HTMX save gets instead of a redirect
Shown = Callable[[Any, Store, dt.datetime], tuple[str, Callable[..., Response], tuple[Any, ...]]]


@dataclass(frozen=True, slots=True)
class RecordEdit:
    """One kind of stage 5-7 record changed on the web: what the form calls it, how it is
    read (``Editable``) and saved by the service, and where it is shown afterwards."""

    noun: str
    read: Callable[[Store, int], Editable[Any]]
    update: Callable[[Store, int, Mapping[str, object], dt.datetime], Saved[Any]]
    shown: Shown
    #: deletes the record for good (the edit page then offers it); ``None``: deleted elsewhere
    delete: Callable[[Store, int], None] | None = None


def _editable(edit: RecordEdit, store: Store, record_id: int) -> Editable[Any]:
    try:
        return edit.read(store, record_id)
    except ValidationError as refused:  # evidence another tool gave is changed there
        raise HTTPException(400, " ".join(refused.errors.values())) from None


def edit_form(
    request: Request, store: Store, now: dt.datetime, edit: RecordEdit, record_id: int, *,
    back: tuple[str, str], action: str, form: FormState | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    """The shared edit page, filled in with the record; ``back`` is the (href, name) of the
    page it lives on, where "Cancel" goes too. "Who" is chosen from the circle."""
    found = _editable(edit, store, record_id)
    with_someone = any(f.name == "person" for f in found.fields)
    return record_edit_page(
        request, noun=edit.noun, back=back, action=action, cancel=back[0],
        record=found.record, fields=found.fields, now=now, status=status,
        form=form or FormState(form_values(found.fields, found.values)),
        people=person_options(people.active_people(store)) if with_someone else None,
        delete_action=_deleted_at(action) if edit.delete is not None else "",
    )  # fmt: skip


def _deleted_at(action: str) -> str:
    """Where an edit page's record is deleted: its ``.../edit`` address ending in ``/delete``."""
    return action.removesuffix("/edit") + "/delete"


def delete_then_back(
    store: Store, edit: RecordEdit, record_id: int, back: tuple[str, str]
) -> Response:
    """Delete a record for good (read first, so the page's own checks of whose it is hold),
    then back to the page it was on."""
    if edit.delete is None:
        raise HTTPException(404)
    _editable(edit, store, record_id)
    edit.delete(store, record_id)
    return RedirectResponse(back[0], status_code=303)


async def save_edit(
    request: Request, store: Store, now: dt.datetime, edit: RecordEdit, record_id: int, *,
    back: tuple[str, str], action: str,
) -> Response:  # fmt: skip
    """Save an edit; a refusal shows the form again as typed (422). Once saved, the page the
    record is on confirms it, with crisis support first when the new words call for it."""
    fields = _editable(edit, store, record_id).fields
    posted = await read_form(request)
    try:
        saved = edit.update(store, record_id, raw_values(fields, posted), now)
    except ValidationError as problem:
        form = FormState.from_posted(fields, posted, problem.errors)
        return edit_form(request, store, now, edit, record_id, back=back, action=action,
                         form=form, status=422)  # fmt: skip
    target, page, args = edit.shown(saved.record, store, now)
    return done(request, target, "edited", saved.crisis.level, page, *args)


def _form(forms: Forms | None, name: str, default: FormState) -> FormState:
    return (forms or {}).get(name) or default


#: people shown on the circle page at first; a link shows as many more each time
CIRCLE_PAGE = 100


def circle_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "", shown: int = CIRCLE_PAGE,
) -> HTMLResponse:  # fmt: skip
    """Everyone in the circle with the overall evidence so far, and the forms to add to it.

    A large circle shows its ``shown`` most recently added people first, with a link to the
    next ones: a page of five hundred cards is long to scroll and slow to draw.
    """
    today = local_day(now)
    members, calibration = _circle(request, store, now)
    active = [x for x in members if x.person.archived_at is None]
    context = {
        **COMMON,
        **_flags(saved, care),
        "active": active,
        "shown": shown,
        "more": min(len(active), shown + CIRCLE_PAGE),
        "archived": [x for x in members if x.person.archived_at is not None],
        "options": person_options(
            sorted((x.person for x in active), key=lambda p: p.name.casefold())
        ),
        "person_fields": rel.PERSON_FIELDS,
        "evidence_fields": rel.EVIDENCE_FIELDS,
        "person_form": _form(forms, "person", fresh(rel.PERSON_FIELDS, today)),
        "evidence_form": _form(forms, "evidence", fresh(rel.EVIDENCE_FIELDS, today)),
        "calibration": calibration,
    }
    return render(request, "circle.html", context, now=now, status=status)


def _circle(
    request: Request, store: Store, now: dt.datetime
) -> tuple[list[people.CircleMember], Any]:
    """Everyone with their estimate, and the gut checks' calibration: worked out again only
    after a change to the store or on a new day (estimates fade by the day), see
    ``Vault.reuse``. With 500 people and 50,000 events this took half of the page's time."""

    def look_up(store: Store) -> tuple[list[people.CircleMember], Any]:
        members = people.circle(store, now, include_archived=True)
        return members, relating.overall_calibration(store)

    kept: tuple[list[people.CircleMember], Any] = request.app.state.vault.reuse(
        store, "circle", look_up, per=local_day(now)
    )
    return kept


def person_page(
    request: Request, store: Store, now: dt.datetime, person_id: int, *,
    forms: Forms | None = None, status: int = 200, saved: str = "", care: str = "",
    resolving: int | None = None,
) -> HTMLResponse:  # fmt: skip
    """One person: estimates with what moved them, evidence, promises, ladder, plan, gut checks."""
    today = local_day(now)
    page = people.person_page(store, person_id, now)
    overall, dims = dimension_views(page.estimates, page.explanations)
    outcomes = [
        cal.GutOutcome(c.confidence / 100, c.came_true)
        for c in page.gut_checks
        if c.came_true is not None
    ]
    bridge = values_of(page.bridge, rel.BRIDGE_FIELDS) if page.bridge is not None else {}
    context = {
        **COMMON,
        **_flags(saved, care),
        "page": page,
        "person": page.person,
        "overall": overall,
        "dims": dims,
        "open_promises": [p for p in page.promises if p.status == "open"],
        "settled_promises": [p for p in page.promises if p.status != "open"],
        "open_checks": [c for c in page.gut_checks if c.came_true is None],
        "resolved_checks": [c for c in page.gut_checks if c.came_true is not None],
        "calibration": cal.calibration(outcomes),
        "removal": removal_list(page),
        "evidence_fields": rel.EVIDENCE_FIELDS[1:],
        "promise_fields": rel.PROMISE_FIELDS[1:],
        "gut_fields": rel.GUT_FIELDS[1:],
        "bridge_fields": rel.BRIDGE_FIELDS,
        "resolve_fields": rel.GUT_RESOLVE_FIELDS,
        "evidence_form": _form(forms, "evidence", fresh(rel.EVIDENCE_FIELDS, today)),
        "promise_form": _form(forms, "promise", fresh(rel.PROMISE_FIELDS, today)),
        "gut_form": _form(forms, "gut", fresh(rel.GUT_FIELDS, today)),
        "bridge_form": _form(forms, "bridge", FormState(bridge)),
        "resolve_form": _form(forms, "resolve", FormState()),
        "resolving": resolving,
    }
    return render(request, "person.html", context, now=now, status=status)


def ladder_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "", reflecting: int | None = None,
    preset: Mapping[str, str] | None = None,
) -> HTMLResponse:  # fmt: skip
    """The vulnerability ladder: the suggested next step, a plan form, and every step so far."""
    today = local_day(now)
    steps = relating.rungs(store)
    context = {
        **COMMON,
        **_flags(saved, care),
        "next": relating.next_step(store, now),
        "planned": [(r, p) for r, p in steps if r.done_on is None],
        "done": [(r, p) for r, p in steps if r.done_on is not None],
        "options": person_options(people.active_names(store)),
        "rung_fields": rel.RUNG_FIELDS,
        "reflect_fields": rel.REFLECT_FIELDS,
        "rung_form": _form(forms, "rung", fresh(rel.RUNG_FIELDS, today, **(preset or {}))),
        "reflect_fresh": fresh(rel.REFLECT_FIELDS, today),
        "reflect_form": _form(forms, "reflect", FormState()),
        "reflecting": reflecting,
    }
    return render(request, "ladder.html", context, now=now, status=status)


def gut_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "", resolving: int | None = None,
) -> HTMLResponse:  # fmt: skip
    """Gut checks across the circle: open ones to resolve, and how calibrated instincts are."""
    today = local_day(now)
    context = {
        **COMMON,
        **_flags(saved, care),
        "gut": relating.gut_calibration(store),
        "options": person_options(people.active_people(store)),
        "gut_fields": rel.GUT_FIELDS,
        "resolve_fields": rel.GUT_RESOLVE_FIELDS,
        "gut_form": _form(forms, "gut", fresh(rel.GUT_FIELDS, today)),
        "resolve_form": _form(forms, "resolve", FormState()),
        "resolving": resolving,
    }
    return render(request, "gut.html", context, now=now, status=status)


def boundaries_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "",
    preset: Mapping[str, str] | None = None,
) -> HTMLResponse:  # fmt: skip
    """Boundaries with their tallies, moments they were kept or crossed, and I-statements."""
    today = local_day(now)
    listed = boundaries.boundaries(store, now)
    statements = boundaries.i_statements(store)
    chosen = dict(preset or {})
    context = {
        **COMMON,
        **_flags(saved, care),
        "listed": listed,
        "boundary_choices": [(str(v.boundary.id), v.boundary.statement) for v in listed],
        "events": boundaries.boundary_events(store),
        "statements": [(s, boundaries.sentence(s)) for s in statements],
        "statement_boundaries": {v.boundary.id: v.boundary.statement for v in listed},
        "options": person_options(people.active_people(store)),
        "boundary_fields": rel.BOUNDARY_FIELDS,
        "event_fields": rel.BOUNDARY_EVENT_FIELDS,
        "istatement_fields": rel.ISTATEMENT_FIELDS,
        "boundary_form": _form(forms, "boundary", fresh(rel.BOUNDARY_FIELDS, today)),
        "event_form": _form(
            forms, "event", fresh(rel.BOUNDARY_EVENT_FIELDS, today, **_only(chosen, "event"))
        ),
        "istatement_form": _form(
            forms, "istatement", fresh(rel.ISTATEMENT_FIELDS, today, **_only(chosen, "say"))
        ),
    }
    return render(request, "boundaries.html", context, now=now, status=status)


def _only(preset: Mapping[str, str], form: str) -> dict[str, str]:
    """The boundary a link asked a form to start with (``?event=3`` or ``?say=3``)."""
    value = preset.get(form, "")
    return {"boundary_id": value} if value.isdigit() else {}


def balance_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "",
) -> HTMLResponse:  # fmt: skip
    """The balance log: a day's form, and the report of the last few weeks with its signals."""
    today = local_day(now)
    context = {
        **COMMON,
        **_flags(saved, care),
        "report": boundaries.balance_report(store, now),
        "logs": boundaries.balance_logs(store, LOGS_SHOWN),
        "balance_fields": rel.BALANCE_FIELDS,
        "balance_form": _form(forms, "balance", fresh(rel.BALANCE_FIELDS, today)),
    }
    return render(request, "balance.html", context, now=now, status=status)
