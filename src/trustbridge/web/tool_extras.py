"""What the dedicated tool pages show beyond the generic form and list: charts, summaries, steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trustbridge.content import load_program
from trustbridge.domain.records import (
    BELIEF_RATING_FIELDS,
    CONNECTION,
    EMOTION_SLOTS,
    ENERGY,
    MOODS,
    readable_emotions,
)
from trustbridge.services import entries, selfwork
from trustbridge.services.catalog import spec
from trustbridge.store import models as m
from trustbridge.store.db import Store
from trustbridge.web.charts import line_chart, trend_words
from trustbridge.web.forms import FormState
from trustbridge.web.views import value_text

Extras = dict[str, Any]
#: promises due within this many days show on the home page
DUE_SOON_DAYS = 7
BELIEFS_SHOWN = 50
OPEN_PROMISES_SHOWN = 50
DUE_SOON_SHOWN = 5


@dataclass(frozen=True, slots=True)
class BeliefSummary:
    belief: m.Belief
    latest: int | None


def _beliefs(store: Store, now: dt.datetime) -> Extras:
    listed = entries.recent(store, "belief_tracker", limit=BELIEFS_SHOWN)
    summaries = [
        BeliefSummary(b, b.ratings[-1].believability if b.ratings else None) for b in listed
    ]
    return {"beliefs": summaries}


def _safety(store: Store, now: dt.datetime) -> Extras:
    history = selfwork.safety_history(store)
    return {
        "history": history,
        "chart": line_chart([(c.created_at, c.score) for c in history.checks]),
        "trend_text": trend_words(history.trend, "safety score"),
    }


def _promises(store: Store, now: dt.datetime) -> Extras:
    summary = selfwork.promises(store, now)
    return {"promises": summary, "open_shown": summary.open[:OPEN_PROMISES_SHOWN]}


def _thought(store: Store, now: dt.datetime) -> Extras:
    hints = {d.key: d.explanation for d in load_program().distortions}
    return {"distortion_hints": hints, "slots": range(1, EMOTION_SLOTS + 1)}


def _empathy(store: Store, now: dt.datetime) -> Extras:
    steps = load_program().checklists["self_empathy_steps"]
    return {"steps": [(step.key, step) for step in steps]}


def _affirmations(store: Store, now: dt.datetime) -> Extras:
    return {"affirmation": selfwork.affirmation_of_the_day(store, now)}


#: the two pages that show the check-in form (``_checkin.html``): Today, and the tool's page
CHECKIN_PAGES = ("/", "/tools/checkin")


def checkin_context(
    store: Store,
    now: dt.datetime,
    form: FormState | None = None,
    *,
    another: bool = False,
    page: str = "/",
) -> Extras:
    """What ``_checkin.html`` needs, on either page: one form, so both check in the same way.

    The form shows unless today's check-in is done (then a summary of it shows instead);
    ``page`` is where its links and a plain (no JavaScript) save lead back to.
    """
    today = selfwork.checkin_today(store, now)
    return checkin_shown(today, form, another=another, page=page)


def checkin_shown(
    today: Any,
    form: FormState | None = None,
    *,
    another: bool = False,
    page: str = "/",
) -> Extras:
    """:func:`checkin_context` for a page that has already looked up today's check-in."""
    return {
        "checkin": today,
        "show_form": today is None or another or form is not None,
        "checkin_form": form or FormState(),
        "checkin_fields": {f.name: f for f in spec("checkin").form_fields},
        "checkin_page": page if page in CHECKIN_PAGES else "/",
        "mood_choices": MOODS,
        "energy_choices": ENERGY,
        "mood_words": dict(MOODS),
        "energy_words": dict(ENERGY),
        "connection_words": dict(CONNECTION),
    }


def _checkin(store: Store, now: dt.datetime) -> Extras:
    return checkin_context(store, now, page="/tools/checkin")


PAGE_EXTRAS: dict[str, Callable[[Store, dt.datetime], Extras]] = {
    "checkin": _checkin,
    "belief_tracker": _beliefs,
    "safety_selfcheck": _safety,
    "self_promises": _promises,
    "thought_record": _thought,
    "self_empathy": _empathy,
    "affirmations": _affirmations,
}


def page_extras(slug: str, store: Store, now: dt.datetime) -> Extras:
    extra = PAGE_EXTRAS.get(slug)
    return extra(store, now) if extra else {}


def _belief_entry(record: Any, form: FormState | None) -> Extras:
    ratings = list(record.ratings)
    return {
        "chart": line_chart([(x.rated_at, x.believability) for x in ratings]),
        "trend_text": trend_words(selfwork.belief_trend(record), "belief"),
        "ratings": list(reversed(ratings)),
        "rate_fields": BELIEF_RATING_FIELDS,
        "rate_form": form or FormState(),
    }


def _safety_entry(record: Any, form: FormState | None) -> Extras:
    from trustbridge.services.catalog import tool_specs

    fields = tool_specs()["safety_selfcheck"].fields
    # a store written before imports were checked may hold anything here: show what reads
    answers = record.answers if isinstance(record.answers, dict) else {}
    return {"answers": [(f.label, value_text(f, str(answers.get(f.name, "")))) for f in fields]}


def _thought_entry(record: Any, form: FormState | None) -> Extras:
    program = load_program()
    names = {d.key: d.name for d in program.distortions}
    keys = [k for k in (record.distortions or "").split(",") if k]
    return {
        "distortion_names": [names.get(k, k) for k in keys],
        "emotions": readable_emotions(record.emotions),
    }


ENTRY_EXTRAS: dict[str, Callable[[Any, FormState | None], Extras]] = {
    "belief_tracker": _belief_entry,
    "safety_selfcheck": _safety_entry,
    "thought_record": _thought_entry,
}


def entry_extras(slug: str, record: Any, form: FormState | None = None) -> Extras:
    extra = ENTRY_EXTRAS.get(slug)
    return extra(record, form) if extra else {}


def due_soon(store: Store, now: dt.datetime) -> list[Any]:
    """Open promises to myself past their date or due within the coming week, soonest first."""
    return selfwork.promises_due(store, now, within_days=DUE_SOON_DAYS, limit=DUE_SOON_SHOWN)


def due_with_people(store: Store, now: dt.datetime) -> list[tuple[Any, Any]]:
    """Open promises with people (made either way) due within the coming week, soonest first."""
    return selfwork.promises_with_people_due(
        store, now, within_days=DUE_SOON_DAYS, limit=DUE_SOON_SHOWN
    )
