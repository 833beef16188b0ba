"""View models shared by routes and templates: tool names and links, dates, entry rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from trustbridge.content import Stage, load_program
from trustbridge.domain.fields import Field, calendar_day, date_window
from trustbridge.domain.words import duration_words, full_day_words
from trustbridge.services.catalog import ToolSpec, spec, tool_specs

#: tools that keep their work under another tool's entries or on a page of their own
_OTHER_PAGES = {
    "emotion_checkin": "/tools/checkin",
    "learned_beliefs": "/tools/learned-beliefs",
    "crisis_resources": "/help-now",
    # stages 5-7: relationship tools live on the circle, ladder, gut-check, boundary and
    # balance pages rather than as entry lists of their own
    "vulnerability_ladder": "/ladder",
    "trust_circle": "/circle",
    "evidence_log": "/circle#evidence-title",
    "trust_estimate": "/circle#people-title",
    "bridge_plan": "/circle#people-title",
    "promises_both_ways": "/circle#people-title",
    "gut_checks": "/gut",
    "boundaries": "/boundaries",
    "istatement": "/boundaries#istatement-title",
    "boundary_events": "/boundaries#events-title",
    "balance_log": "/balance",
    # stage 8 and the support layer
    "partner_checkin": "/partner-checkins",
    "rituals": "/rituals",
    "appreciation_log": "/appreciation",
    "shared_goals": "/goals",
    "wins": "/wins",
    "support_map": "/support",
    "safety_plan": "/safety-plan",
    "therapist_report": "/report",
}
#: entry-keeping tools that are not named in the program's tool list
_OWN_NAMES = {
    "checkin": ("Check-in", "A few taps to note how you are today.", "emotion_checkin"),
    "journal": ("Journal", "Write whatever is on your mind, in your own words.", ""),
}
#: tools with a page of their own; every other tool uses the generic templates
DEDICATED_FORMS = frozenset(
    {"thought_record", "belief_tracker", "safety_selfcheck", "self_promises", "self_empathy",
     "mindful_pause"}
)  # fmt: skip
DEDICATED_ENTRIES = frozenset({"thought_record", "belief_tracker", "safety_selfcheck"})
#: reflective writing opens on its own page once saved, so the person sees it whole
OPENS_ENTRY = frozenset(
    {"journal", "hurt_inventory", "pattern_journal", "thought_record", "self_empathy"}
)
#: suggestions offered while naming an emotion (any word is welcome)
EMOTIONS = (
    "calm", "content", "hopeful", "grateful", "relieved", "safe", "loved", "tired",
    "anxious", "tense", "sad", "lonely", "hurt", "angry", "frustrated", "ashamed",
    "guilty", "numb", "overwhelmed", "confused",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ToolView:
    """A tool as the web pages show it."""

    spec: ToolSpec
    name: str
    blurb: str
    stage: Stage | None

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def href(self) -> str:
        return f"/tools/{self.spec.url_slug}"

    @property
    def opens_entry_after_save(self) -> bool:
        return self.slug in OPENS_ENTRY

    @property
    def form_template(self) -> str:
        return f"tool_{self.slug}.html" if self.slug in DEDICATED_FORMS else "tool.html"

    @property
    def entry_template(self) -> str:
        return f"entry_{self.slug}.html" if self.slug in DEDICATED_ENTRIES else "entry.html"


@cache
def tool_view(url_slug: str) -> ToolView:
    """The tool behind ``/tools/<url_slug>``; raises ``NotFound`` when there is none."""
    found = spec(url_slug)
    program = load_program()
    if found.slug in _OWN_NAMES:
        name, blurb, program_slug = _OWN_NAMES[found.slug]
    else:
        tool = program.tools[found.slug]
        name, blurb, program_slug = tool.name, tool.blurb, found.slug
    try:
        stage: Stage | None = program.stage_for_tool(program_slug)
    except KeyError:
        stage = None
    return ToolView(found, name, blurb, stage)


def tool_href(program_slug: str) -> str | None:
    """Where a program tool lives in the web app, or ``None`` if it is not built yet."""
    if program_slug in _OTHER_PAGES:
        return _OTHER_PAGES[program_slug]
    if program_slug in tool_specs():
        return f"/tools/{program_slug.replace('_', '-')}"
    return None


def phone_numbers(text: str) -> list[tuple[str, str]]:
    """Split "113 or 0800 0113" into each number as shown and its ``tel:`` link."""
    shown = [part.strip() for part in re.split(r"\s+or\s+|[,;/]", text) if part.strip()]
    return [(number, "tel:" + re.sub(r"[^0-9+]", "", number)) for number in shown]


def stage_label(stage: Stage) -> str:
    return f"Stage {stage.number}" if stage.number <= 8 else "Alongside every stage"


def when_text(moment: dt.datetime) -> str:
    """A saved moment in this computer's time zone."""
    local = moment.astimezone()
    return f"{full_day_words(local.date())}, {local:%H:%M}"


def value_text(f: Field, value: Any) -> str:
    """One stored value as words; an empty string when nothing was filled in."""
    if value is None or value == "" or value == []:
        return ""
    labels: Mapping[str, str] = dict(f.choices)
    if f.kind == "choice":
        return labels.get(str(value), str(value))
    if f.kind == "choices":
        keys = value.split(",") if isinstance(value, str) else list(value)
        return ", ".join(labels.get(k, k) for k in keys if k)
    if f.kind in ("bool", "maybe"):
        return "Not answered" if value is None else "Yes" if value else "No"
    if f.kind == "date" and isinstance(value, dt.date):
        return full_day_words(value)
    if f.kind == "float" and isinstance(value, float):
        return f"{value:g}"
    if f.unit == "seconds" and isinstance(value, int):
        return duration_words(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class EntryRow:
    label: str
    text: str
    long: bool


def entry_rows(tool: ToolSpec, record: Any) -> list[EntryRow]:
    """Every field of a saved entry, labelled, in the order the form asks for them."""
    return [
        EntryRow(f.label, value_text(f, getattr(record, f.name, None)), f.kind == "longtext")
        for f in tool.fields
    ]


#: what a browser keeps in a date box: ``2026-03-14``, nothing looser (no spaces, no ``20260314``)
_DATE_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class DateBox:
    """How a date input is drawn: ``min`` and ``max`` matching the field's rule, and its type.

    A browser empties a ``type="date"`` box whose value is not a real ``YYYY-MM-DD`` date, so
    what was typed where there is no date picker (an old browser, a text-only one) would
    vanish next to its error; such a value comes back in a plain text box instead, as typed.
    """

    min: str
    max: str
    type: str


def date_bounds(f: Field, today: dt.date, typed: str = "") -> DateBox:
    """The date input for this field on ``today``, holding ``typed``."""
    earliest, latest = date_window(f, today)
    shown_as_typed = typed and not (_DATE_VALUE.fullmatch(typed) and calendar_day(typed))
    return DateBox(earliest.isoformat(), latest.isoformat(), "text" if shown_as_typed else "date")


def blank_values(tool: ToolSpec, today: dt.date) -> dict[str, str | list[str]]:
    """A fresh form: required dates start at today, everything else starts empty."""
    values: dict[str, str | list[str]] = {}
    for f in tool.fields:
        if f.kind == "date" and f.required:
            values[f.name] = today.isoformat()
    return values


def field_anchor(f: Field, prefix: str = "f") -> str:
    """The id a link to this field should jump to: the first option of a group, else the input."""
    if f.kind in ("choice", "choices"):
        return f"{prefix}-{f.name}-1"
    return f"{prefix}-{f.name}"


def error_links(
    fields: Sequence[Field],
    errors: Mapping[str, str],
    prefix: str = "f",
    anchors: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """Each problem with the link that moves focus to its field (empty when it has no field).

    ``anchors`` names the element to jump to for fields drawn some other way (tiles).
    """
    by_name = {f.name: f for f in fields}
    links = []
    for name, message in errors.items():
        if anchors and name in anchors:
            links.append(("#" + anchors[name], message))
        elif name in by_name:
            links.append(("#" + field_anchor(by_name[name], prefix), message))
        else:
            links.append(("", message))
    return links
