"""The stage 8 pages (check-ins, rituals, appreciation, goals, wins), for full pages and HTMX.

Like the stage 5-7 builders, each takes the forms to show (as typed, with problems) and
falls back to fresh ones, so a failed save shows the same page with the input kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from trustbridge.domain import growth as g
from trustbridge.domain.fields import Field
from trustbridge.services import growth, people
from trustbridge.services.base import local_day
from trustbridge.store.db import Store
from trustbridge.web.forms import FormState
from trustbridge.web.render import render
from trustbridge.web.trust_views import fresh, person_options

Forms = Mapping[str, FormState]
#: confirmations a page shows after a save or an action, by key (never free text in a URL)
SAVED = {
    "checkin": "Your check-in is saved. Thank you both for making the time.",
    "every": "Got it. Check-ins now come round on your new rhythm.",
    "ritual": "Your ritual is saved. Tap “Kept today” whenever you keep it.",
    "kept": "Marked as kept. Nice.",
    "already": "Today was already marked as kept, so nothing changed.",
    "aside": "Set aside for now. Its history stays, and you can bring it back.",
    "back": "Back in your rituals.",
    "appreciation": "Your appreciation is saved.",
    "goal": "Your shared goal is saved.",
    "review": "Thank you for looking at it again. Your notes are saved.",
    "win": "Your win is saved. Well done.",
    "deleted": "Deleted, along with anything it added elsewhere.",
    "edited": "Your changes are saved.",
}
#: where a linked entry can be seen
SOURCE_PAGES = {
    "thought_record": "/tools/thought-record/{id}",
    "boundary_event": "/boundaries#events-title",
    "ladder": "/ladder",
    "partner_checkin": "/partner-checkins#list-title",
    "ritual": "/rituals#list-title",
    "appreciation": "/appreciation#list-title",
    "goal": "/goals#list-title",
}


#: keys that confirm an action rather than a save, shown without the word "Saved"
NOTICES = frozenset({"already", "aside", "back", "deleted"})


def _flags(saved: str, care: str) -> dict[str, Any]:
    text = SAVED.get(saved, "")
    if saved in NOTICES:
        return {"saved": False, "saved_text": "", "care": "", "notice": text}
    return {"saved": bool(text), "saved_text": text, "care": care if text else ""}


def _base(store: Store, saved: str, care: str) -> dict[str, Any]:
    found = people.active_people(store)
    return {**_flags(saved, care), "options": person_options(found), "blank": FormState(),
            "names": {p.id: p.name for p in found}}  # fmt: skip


def _form(forms: Forms | None, name: str, fields: tuple[Field, ...], today: dt.date,
          **preset: str) -> FormState:  # fmt: skip
    return (forms or {}).get(name) or fresh(fields, today, **preset)


def checkins_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "",
) -> HTMLResponse:  # fmt: skip
    today = local_day(now)
    due, now_due = growth.next_checkin(store, now)
    every = growth.checkin_every(store)
    context = {
        **_base(store, saved, care),
        "listed": growth.checkins(store), "due": due, "due_now": now_due, "every": every,
        "fields": g.CHECKIN_FIELDS, "form": _form(forms, "checkin", g.CHECKIN_FIELDS, today),
        "every_fields": g.CADENCE_FIELDS,
        "every_form": _form(forms, "every", g.CADENCE_FIELDS, today, days=str(every)),
    }  # fmt: skip
    return render(request, "partner_checkins.html", context, now=now, status=status)


def rituals_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "", notice: str = "",
) -> HTMLResponse:  # fmt: skip
    today = local_day(now)
    listed = [(r, p, g.progress_words(p), today in {k.kept_on for k in r.kept})
              for r, p in growth.rituals(store, now)]  # fmt: skip
    context = {
        **_base(store, saved, care),
        **({"notice": notice} if notice else {}),
        "listed": listed, "aside": growth.rituals(store, now, archived=True),
        "cadence_names": dict(g.CADENCES),
        "fields": g.RITUAL_FIELDS, "form": _form(forms, "ritual", g.RITUAL_FIELDS, today),
    }  # fmt: skip
    return render(request, "rituals.html", context, now=now, status=status)


def appreciation_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "",
) -> HTMLResponse:  # fmt: skip
    today = local_day(now)
    context = {
        **_base(store, saved, care), "listed": growth.appreciations(store),
        "fields": g.APPRECIATION_FIELDS,
        "form": _form(forms, "appreciation", g.APPRECIATION_FIELDS, today),
    }  # fmt: skip
    return render(request, "appreciation.html", context, now=now, status=status)


def goals_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "",
) -> HTMLResponse:  # fmt: skip
    today = local_day(now)
    listed = growth.goals(store, now)
    context = {
        **_base(store, saved, care), "listed": listed,
        "status_names": dict(g.GOAL_STATUSES),
        "fields": g.GOAL_FIELDS, "form": _form(forms, "goal", g.GOAL_FIELDS, today),
        "review_fields": g.REVIEW_FIELDS,
        "review_forms": {x.id: _form(forms, f"review-{x.id}", g.REVIEW_FIELDS, today)
                         for x, _ in listed},
        "open_review": next((int(k[7:]) for k in (forms or {}) if k.startswith("review-")), None),
    }  # fmt: skip
    return render(request, "goals.html", context, now=now, status=status)


def wins_page(
    request: Request, store: Store, now: dt.datetime, *, forms: Forms | None = None,
    status: int = 200, saved: str = "", care: str = "",
) -> HTMLResponse:  # fmt: skip
    today = local_day(now)
    context = {
        **_base(store, saved, care), "listed": growth.wins(store),
        "kind_names": dict(g.WIN_KINDS), "source_pages": SOURCE_PAGES,
        "fields": g.WIN_FORM_FIELDS, "form": _form(forms, "win", g.WIN_FORM_FIELDS, today),
    }  # fmt: skip
    return render(request, "wins.html", context, now=now, status=status)
