"""Every kind of record search can find: what it is called, its page, its title and its day.

Nothing here imports SQLAlchemy or the models: ``trustbridge search`` must finish in less
time than importing them takes. A kind names its table and the few columns its link, title
and day read; search reads those as plain rows (:mod:`trustbridge.store.rows`), objects
with the models' attribute names, so the functions below work on either.

The entry-keeping tools are described in :mod:`trustbridge.services.catalog`, which builds
their models. Their names, nouns, tables and titles are repeated here, in the catalog's
order, so search need not load it; a test checks each against the catalog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, NamedTuple

from trustbridge.domain.words import day_words
from trustbridge.store import rows

#: how the columns kinds read are stored, where that is not as they are used (the rest are
#: text and numbers); a test checks these against the models' column types
_STORED: Mapping[str, rows.Convert] = {
    **dict.fromkeys(("created_at", "rated_at", "updated_at"), rows.moment),
    **dict.fromkeys(
        ("day", "occurred_on", "done_on", "held_on", "kept_on", "noted_on", "reviewed_on",
         "happened_on"),
        rows.day,
    ),
}  # fmt: skip


class Kind(NamedTuple):
    """One table search looks in, as a person would name it.

    :param name: the kind in results and JSON (``journal``, ``person``, ``evidence``)
    :param label: how one is called on screen (``Journal entry``)
    :param tool: the name ``--tool`` and ``?tool=`` narrow a search to (several kinds may
        share one: a boundary, its I-statements and its events are all ``boundaries``)
    :param table: the record's table
    :param reads: the columns ``link``, ``title``, ``day`` and ``named`` read, each with how
        it is stored (see :func:`trustbridge.store.rows.read`)
    :param link: the page that shows the record
    :param title: a short name for the record
    :param day: the day the record is about
    :param named: whether the title is a name of the record's own, rather than the start of
        what was written in it (which the snippet may already show)
    """

    name: str
    label: str
    tool: str
    table: str
    reads: Mapping[str, rows.Convert | None]
    link: Callable[[Any], str]
    title: Callable[[Any], str]
    day: Callable[[Any], dt.date]
    named: Callable[[Any], bool] = lambda record: False


def _reads(columns: str) -> dict[str, rows.Convert | None]:
    """``"created_at note"`` as the columns a kind reads, each with how it is stored."""
    return {name: _STORED.get(name) for name in columns.split()}


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


class _Tool(NamedTuple):
    """What search needs of one of the catalog's tools (the same slug, noun, table, title)."""

    slug: str
    noun: str
    table: str
    reads: str
    title: Callable[[Any], str]
    named: Callable[[Any], bool] = lambda record: False


#: the catalog's tools with words to find, in its order (a self-check's answers are numbers,
#: a mindful pause is a length of time)
_TOOLS = (
    _Tool("checkin", "check-in", "checkins", "mood emotion",
          lambda x: f"Mood {x.mood}/5" + (f" · {x.emotion}" if x.emotion else ""), _always),
    _Tool("journal", "journal entry", "journal_entries", "title body",
          lambda x: short(x.title or x.body),
          lambda x: bool(x.title)),  # untitled: called by the start of its text
    _Tool("hurt_inventory", "hurt", "hurts", "what_happened", _text("what_happened")),
    _Tool("pattern_journal", "pattern entry", "pattern_entries", "situation", _text("situation")),
    _Tool("thought_record", "thought record", "thought_records", "automatic_thought",
          _text("automatic_thought")),
    _Tool("belief_tracker", "belief", "beliefs", "statement", _text("statement")),
    _Tool("self_promises", "promise", "self_promises", "text person_id", _text("text")),
    _Tool("self_empathy", "self-empathy exercise", "self_empathy", "situation",
          _text("situation")),
    _Tool("affirmations", "affirmation", "affirmations", "text", _text("text")),
    _Tool("habits", "habits log", "habit_logs", "day", lambda x: f"Habits on {day_words(x.day)}",
          _always),
)  # fmt: skip


def _tool_kinds() -> list[Kind]:
    """The entry-keeping tools: each entry has its own page."""
    kinds = []
    for tool in _TOOLS:

        def link(record: Any, url_slug: str = tool.slug.replace("_", "-")) -> str:
            return f"/tools/{url_slug}/{record.id}"

        link_of = _promise_link if tool.slug == "self_promises" else link
        label = tool.noun[0].upper() + tool.noun[1:]
        reads = _reads(f"created_at {tool.reads}")
        kinds.append(
            Kind(tool.slug, label, tool.slug, tool.table, reads, link_of, tool.title, _saved_day,
                 tool.named)
        )  # fmt: skip
    return kinds


def _other_kinds() -> list[Kind]:
    """Records shown on a list or a person's page rather than a page of their own."""
    goals, rituals, bounds = "/goals#list-title", "/rituals#list-title", "/boundaries"
    return [
        Kind("belief_rating", "Belief rating", "belief_tracker", "belief_ratings",
             _reads("belief_id note rated_at"),
             lambda x: f"/tools/belief-tracker/{x.belief_id}", _text("note"), _on("rated_at")),
        Kind("person", "Person", "people", "people", _reads("name created_at"),
             lambda x: f"/circle/{x.id}", _text("name"), _saved_day, _always),
        Kind("evidence", "Evidence", "evidence", "evidence_events",
             _reads("person_id note occurred_on"),
             _person_page("estimates-title"), _text("note"), _on("occurred_on")),
        Kind("ladder_step", "Ladder step", "ladder", "ladder_rungs",
             _reads("done_on action created_at"),
             lambda x: "/ladder#" + ("done-title" if x.done_on else "planned-title"),
             _text("action"), _saved_day),
        Kind("bridge_plan", "Bridge plan", "bridge", "bridge_plans", _reads("person_id created_at"),
             _person_page("bridge-title"), lambda x: "Bridge plan", _saved_day, _always),
        Kind("gut_check", "Gut check", "gut", "gut_checks", _reads("person_id sense created_at"),
             _person_page("gut-title"), _text("sense"), _saved_day),
        Kind("boundary", "Boundary", "boundaries", "boundaries", _reads("statement created_at"),
             lambda x: f"{bounds}#list-title", _text("statement"), _saved_day),
        Kind("i_statement", "I-statement", "boundaries", "i_statements",
             _reads("feel when created_at"), lambda x: f"{bounds}#istatement-title",
             lambda x: short(f"I feel {x.feel} when {x.when}"), _saved_day),
        Kind("boundary_event", "Boundary respected or crossed", "boundaries", "boundary_events",
             _reads("my_response occurred_on"), lambda x: f"{bounds}#events-title",
             _text("my_response"), _on("occurred_on")),
        Kind("balance", "Balance log", "balance", "balance_logs", _reads("day"),
             lambda x: "/balance", lambda x: f"Balance on {day_words(x.day)}", _on("day"),
             _always),
        Kind("partner_checkin", "Partner check-in", "partner_checkins", "partner_checkins",
             _reads("held_on"), lambda x: "/partner-checkins#list-title",
             lambda x: f"Check-in on {day_words(x.held_on)}", _on("held_on"), _always),
        Kind("ritual", "Ritual", "rituals", "rituals", _reads("name created_at"),
             lambda x: rituals, _text("name"), _saved_day, _always),
        Kind("ritual_kept", "Ritual kept", "rituals", "rituals_kept", _reads("note kept_on"),
             lambda x: rituals, _text("note"), _on("kept_on")),
        Kind("appreciation", "Appreciation", "appreciation", "appreciations",
             _reads("what noted_on"), lambda x: "/appreciation#list-title", _text("what"),
             _on("noted_on")),
        Kind("goal", "Shared goal", "goals", "shared_goals", _reads("goal created_at"),
             lambda x: goals, _text("goal"), _saved_day),
        Kind("goal_review", "Goal review", "goals", "goal_reviews",
             _reads("progress next_step reviewed_on"), lambda x: goals,
             lambda x: short(x.progress or x.next_step), _on("reviewed_on")),
        Kind("win", "Win", "wins", "wins", _reads("what happened_on"),
             lambda x: "/wins#list-title", _text("what"), _on("happened_on")),
        Kind("support", "Support", "support", "support_contacts", _reads("name created_at"),
             lambda x: "/support#map-title", _text("name"), _saved_day, _always),
        Kind("safety_plan", "Safety plan", "safety_plan", "safety_plans", _reads("updated_at"),
             lambda x: "/safety-plan#plan-title", lambda x: "My safety plan", _on("updated_at"),
             _always),
    ]  # fmt: skip


@cache
def kinds_by_table() -> Mapping[str, Kind]:
    """Every searchable kind, keyed by its table."""
    return {kind.table: kind for kind in _tool_kinds() + _other_kinds()}


def tool_names() -> tuple[str, ...]:
    """The names a search can be narrowed to, in program order."""
    return tuple(dict.fromkeys(kind.tool for kind in kinds_by_table().values()))


def tables_for(tool: str) -> tuple[str, ...]:
    """The tables behind a tool name (hyphens or underscores); empty when there is none."""
    wanted = tool.strip().lower().replace("-", "_")
    return tuple(t for t, kind in kinds_by_table().items() if kind.tool == wanted)
