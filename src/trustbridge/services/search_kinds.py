"""Every kind of record search can find: what it is called, its page, its title and its day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from trustbridge.domain.words import day_words
from trustbridge.services.catalog import tool_specs
from trustbridge.store import models as m


@dataclass(frozen=True, slots=True)
class Kind:
    """One table search looks in, as a person would name it.

    :param name: the kind in results and JSON (``journal``, ``person``, ``evidence``)
    :param label: how one is called on screen (``Journal entry``)
    :param tool: the name ``--tool`` and ``?tool=`` narrow a search to (several kinds may
        share one: a boundary, its I-statements and its events are all ``boundaries``)
    :param model: the record's model
    :param link: the page that shows the record
    :param title: a short name for the record
    :param day: the day the record is about
    :param named: whether the title is a name of the record's own, rather than the start of
        what was written in it (which the snippet may already show)
    """

    name: str
    label: str
    tool: str
    model: type[Any]
    link: Callable[[Any], str]
    title: Callable[[Any], str]
    day: Callable[[Any], dt.date]
    named: Callable[[Any], bool] = lambda record: False


def short(text: str | None, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _saved_day(record: Any) -> dt.date:
    moment: dt.datetime = record.created_at
    return moment.astimezone().date()


def _on(attribute: str) -> Callable[[Any], dt.date]:
    def day(record: Any) -> dt.date:
        value = getattr(record, attribute)
        return value.astimezone().date() if isinstance(value, dt.datetime) else value

    return day


def _text(attribute: str) -> Callable[[Any], str]:
    return lambda record: short(getattr(record, attribute))


def _person_page(anchor: str) -> Callable[[Any], str]:
    return lambda record: f"/circle/{record.person_id}#{anchor}"


def _promise_link(record: Any) -> str:
    if record.person_id is not None:
        return f"/circle/{record.person_id}#promise-title"
    return f"/tools/self-promises/{record.id}"


def _always(record: Any) -> bool:
    return True


#: tools whose entries are called by something other than their first words
_NAMED_TOOLS: Mapping[str, Callable[[Any], bool]] = {
    "journal": lambda entry: bool(entry.title),  # untitled: called by the start of its text
    "checkin": _always,
    "habits": _always,
}


def _tool_kinds() -> list[Kind]:
    """The entry-keeping tools: each entry has its own page."""
    kinds = []
    for spec in tool_specs().values():
        if spec.slug in ("safety_selfcheck", "mindful_pause"):
            continue  # no words to find: answers are numbers, a pause is a length of time

        def link(record: Any, url_slug: str = spec.url_slug) -> str:
            return f"/tools/{url_slug}/{record.id}"

        link_of = _promise_link if spec.slug == "self_promises" else link
        label = spec.noun[0].upper() + spec.noun[1:]
        named = _NAMED_TOOLS.get(spec.slug, lambda record: False)
        kinds.append(
            Kind(spec.slug, label, spec.slug, spec.model, link_of, spec.title, _saved_day, named)
        )
    return kinds


def _other_kinds() -> list[Kind]:
    """Records shown on a list or a person's page rather than a page of their own."""
    goals, rituals, bounds = "/goals#list-title", "/rituals#list-title", "/boundaries"
    return [
        Kind("belief_rating", "Belief rating", "belief_tracker", m.BeliefRating,
             lambda x: f"/tools/belief-tracker/{x.belief_id}", _text("note"), _on("rated_at")),
        Kind("person", "Person", "people", m.Person, lambda x: f"/circle/{x.id}",
             _text("name"), _saved_day, _always),
        Kind("evidence", "Evidence", "evidence", m.EvidenceEvent,
             _person_page("estimates-title"), _text("note"), _on("occurred_on")),
        Kind("ladder_step", "Ladder step", "ladder", m.LadderRung,
             lambda x: "/ladder#" + ("done-title" if x.done_on else "planned-title"),
             _text("action"), _saved_day),
        Kind("bridge_plan", "Bridge plan", "bridge", m.BridgePlan, _person_page("bridge-title"),
             lambda x: "Bridge plan", _saved_day, _always),
        Kind("gut_check", "Gut check", "gut", m.GutCheck, _person_page("gut-title"),
             _text("sense"), _saved_day),
        Kind("boundary", "Boundary", "boundaries", m.Boundary, lambda x: f"{bounds}#list-title",
             _text("statement"), _saved_day),
        Kind("i_statement", "I-statement", "boundaries", m.IStatement,
             lambda x: f"{bounds}#istatement-title",
             lambda x: short(f"I feel {x.feel} when {x.when}"), _saved_day),
        Kind("boundary_event", "Boundary respected or crossed", "boundaries", m.BoundaryEvent,
             lambda x: f"{bounds}#events-title", _text("my_response"), _on("occurred_on")),
        Kind("balance", "Balance log", "balance", m.BalanceLog, lambda x: "/balance",
             lambda x: f"Balance on {day_words(x.day)}", _on("day"), _always),
        Kind("partner_checkin", "Partner check-in", "partner_checkins", m.PartnerCheckIn,
             lambda x: "/partner-checkins#list-title",
             lambda x: f"Check-in on {day_words(x.held_on)}", _on("held_on"), _always),
        Kind("ritual", "Ritual", "rituals", m.Ritual, lambda x: rituals, _text("name"),
             _saved_day, _always),
        Kind("ritual_kept", "Ritual kept", "rituals", m.RitualKept, lambda x: rituals,
             _text("note"), _on("kept_on")),
        Kind("appreciation", "Appreciation", "appreciation", m.Appreciation,
             lambda x: "/appreciation#list-title", _text("what"), _on("noted_on")),
        Kind("goal", "Shared goal", "goals", m.SharedGoal, lambda x: goals, _text("goal"),
             _saved_day),
        Kind("goal_review", "Goal review", "goals", m.GoalReview, lambda x: goals,
             lambda x: short(x.progress or x.next_step), _on("reviewed_on")),
        Kind("win", "Win", "wins", m.Win, lambda x: "/wins#list-title", _text("what"),
             _on("happened_on")),
        Kind("support", "Support", "support", m.SupportContact, lambda x: "/support#map-title",
             _text("name"), _saved_day, _always),
        Kind("safety_plan", "Safety plan", "safety_plan", m.SafetyPlan,
             lambda x: "/safety-plan#plan-title", lambda x: "My safety plan", _on("updated_at"),
             _always),
    ]  # fmt: skip


@cache
def kinds_by_table() -> Mapping[str, Kind]:
    """Every searchable kind, keyed by its table."""
    return {kind.model.__tablename__: kind for kind in _tool_kinds() + _other_kinds()}


def tool_names() -> tuple[str, ...]:
    """The names a search can be narrowed to, in program order."""
    return tuple(dict.fromkeys(kind.tool for kind in kinds_by_table().values()))


def tables_for(tool: str) -> tuple[str, ...]:
    """The tables behind a tool name (hyphens or underscores); empty when there is none."""
    wanted = tool.strip().lower().replace("-", "_")
    return tuple(t for t, kind in kinds_by_table().items() if kind.tool == wanted)
