"""The tools a person can save entries with, each described once: model, fields and how to build a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from trustbridge.content import load_program
from trustbridge.domain import records as r
from trustbridge.domain.fields import Field, ValidationError
from trustbridge.domain.scoring import safety_score
from trustbridge.domain.words import day_words, duration_words, full_day_words
from trustbridge.store import models as m

Builder = Callable[[dict[str, Any], dt.datetime], m.Record]


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """One tool that keeps entries.

    :param slug: the tool's key in the program content (``thought_record``)
    :param noun: what one entry is called (``thought record``)
    :param title: how an entry is named in lists
    :param scope: which rows of ``model`` are this tool's (the promises table also holds
        promises with people, which belong to the person's page, not to this tool)
    :param one_per_day: the date field that keeps one entry per day; saving that day again
        updates its entry, and ``updated`` (with ``{day}``) says so
    """

    slug: str
    noun: str
    model: type[m.Record]
    fields: tuple[Field, ...]
    title: Callable[[Any], str]
    build: Builder | None = None
    scope: Callable[[], Any] | None = None
    one_per_day: str = ""
    updated: str = ""

    @property
    def url_slug(self) -> str:
        return self.slug.replace("_", "-")

    def make(self, values: dict[str, Any], now: dt.datetime) -> m.Record:
        if self.build is not None:
            return self.build(values, now)
        return self.model(created_at=now, **values)

    def belongs(self) -> list[Any]:
        """The conditions a row must meet to be this tool's (none for most tools)."""
        return [] if self.scope is None else [self.scope()]

    def updated_text(self, record: Any) -> str:
        return self.updated.format(day=full_day_words(getattr(record, self.one_per_day)))


def _short(text: str | None, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _build_thought(values: dict[str, Any], now: dt.datetime) -> m.Record:
    slots = {
        k: values.get(k) for k in values if k.split("_")[0] in ("emotion", "intensity", "rerated")
    }
    errors = {}
    for i in range(1, r.EMOTION_SLOTS + 1):
        name, level = slots.get(f"emotion_{i}"), slots.get(f"intensity_{i}")
        if bool(name) != (level is not None):
            missing = f"intensity_{i}" if name else f"emotion_{i}"
            errors[missing] = f"Emotion {i} needs both a name and an intensity."
    if errors:
        raise ValidationError(errors)
    emotions = r.emotions_from(values)
    values["emotions"] = [
        {"name": e.name, "intensity": e.intensity, "rerated": e.rerated} for e in emotions
    ]
    values["distortions"] = ",".join(values.get("distortions") or [])
    return m.ThoughtRecord(created_at=now, **values)


def _build_safety(values: dict[str, Any], now: dt.datetime) -> m.Record:
    answers = {k: int(v) for k, v in values.items()}
    return m.SafetyCheck(created_at=now, answers=answers, score=safety_score(answers))


def _build_belief(values: dict[str, Any], now: dt.datetime) -> m.Record:
    belief = m.Belief(created_at=now, statement=values["statement"])
    belief.ratings.append(m.BeliefRating(rated_at=now, believability=values["believability"]))
    return belief


def _build_checkin(values: dict[str, Any], now: dt.datetime) -> m.Record:
    return m.CheckIn(created_at=now, day=now.astimezone().date(), **values)


def _build_promise(values: dict[str, Any], now: dt.datetime) -> m.Record:
    return m.SelfPromise(created_at=now, status="open", **values)


@cache
def tool_specs() -> Mapping[str, ToolSpec]:
    """Every entry-keeping tool, keyed by slug, in program order."""
    program = load_program()
    lists = program.checklists
    patterns = tuple((i.key, i.name) for i in lists["patterns"])
    distortions = tuple((d.key, d.name) for d in program.distortions)
    signs = tuple((i.key, i.text) for i in lists["safety_signs"])
    empathy = tuple((step.key, step.text) for step in lists["self_empathy_steps"])
    specs = (
        ToolSpec("checkin", "check-in", m.CheckIn, r.CHECKIN_FIELDS,
                 lambda x: f"Mood {x.mood}/5" + (f" · {x.emotion}" if x.emotion else ""),
                 _build_checkin),
        ToolSpec("journal", "journal entry", m.JournalEntry, r.JOURNAL_FIELDS,
                 lambda x: _short(x.title or x.body)),
        ToolSpec("hurt_inventory", "hurt", m.Hurt, r.HURT_FIELDS,
                 lambda x: _short(x.what_happened)),
        ToolSpec("pattern_journal", "pattern entry", m.PatternEntry, r.pattern_fields(patterns),
                 lambda x: _short(x.situation)),
        ToolSpec("thought_record", "thought record", m.ThoughtRecord,
                 r.thought_fields(distortions), lambda x: _short(x.automatic_thought),
                 _build_thought),
        ToolSpec("belief_tracker", "belief", m.Belief, r.BELIEF_FIELDS,
                 lambda x: _short(x.statement), _build_belief),
        ToolSpec("safety_selfcheck", "self-check", m.SafetyCheck, r.safety_fields(signs),
                 lambda x: f"Safety score {x.score} out of 100", _build_safety),
        ToolSpec("self_promises", "promise", m.SelfPromise, r.SELF_PROMISE_FIELDS,
                 lambda x: _short(x.text), _build_promise,
                 scope=lambda: m.SelfPromise.person_id.is_(None)),
        ToolSpec("self_empathy", "self-empathy exercise", m.SelfEmpathy,
                 r.self_empathy_fields(empathy), lambda x: _short(x.situation)),
        ToolSpec("affirmations", "affirmation", m.Affirmation, r.AFFIRMATION_FIELDS,
                 lambda x: _short(x.text)),
        ToolSpec("habits", "habits log", m.HabitLog, r.HABIT_FIELDS,
                 lambda x: f"Habits on {day_words(x.day)}", one_per_day="day",
                 updated="Updated your habits for {day}."),
        ToolSpec("mindful_pause", "mindful pause", m.MindfulPause, r.PAUSE_FIELDS,
                 lambda x: f"Paused for {duration_words(x.seconds)}"),
    )  # fmt: skip
    return {s.slug: s for s in specs}


def spec(slug: str) -> ToolSpec:
    """The tool with this slug (hyphens or underscores); ``NotFound`` if there is none."""
    from trustbridge.services.base import NotFound

    try:
        return tool_specs()[slug.replace("-", "_")]
    except KeyError:
        raise NotFound(f"There is no tool called {slug!r}.") from None
