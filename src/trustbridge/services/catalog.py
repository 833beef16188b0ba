"""The tools a person can save entries with, each described once: table, fields and how to build a row.

Light to import: the models (and SQLAlchemy) are loaded only when a tool's ``model`` is
first asked for, so the command line can list and show entries without them
(:mod:`trustbridge.services.entry_rows`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from trustbridge.domain import records as r
from trustbridge.domain.fields import Field, ValidationError
from trustbridge.domain.words import day_words, duration_words, full_day_words

if TYPE_CHECKING:
    from trustbridge.store import models as m

#: an entry's columns, as plain values, from its checked values and the moment it is saved
Columns = Callable[[dict[str, Any], dt.datetime], dict[str, Any]]
#: applies checked values to an entry already saved (an edit)
Reviser = Callable[[Any, dict[str, Any]], None]
#: how far back an entry may be dated: a year for check-ins (as the habits log), ten for writing
BACKDATE_DAYS = 366


class ToolSpec(NamedTuple):
    """One tool that keeps entries.

    :param slug: the tool's key in the program content (``thought_record``)
    :param noun: what one entry is called (``thought record``)
    :param table: where its entries are kept (the model is the mapped class of that table)
    :param title: how an entry is named in lists
    :param scope: which rows of ``table`` are this tool's, as an SQL condition (the promises
        table also holds promises with people, which belong to the person's page)
    :param one_per_day: the date field that keeps one entry per day; saving that day again
        updates its entry, and ``updated`` (with ``{day}``) says so
    :param dated: an optional "day" field for entries that may be dated in the past (a
        check-in, a journal entry); kept out of ``fields`` so the quick check-in, imports and
        exports do not change, and offered by the forms (``form_fields``)
    :param columns: the new entry's columns from its checked values (default: the values,
        and ``created_at``), as plain values; the ORM record is made of them, and the quick
        add of the command line writes them by plain SQL (:mod:`.quick_add`)
    :param child: a row saved with each new entry, in another table that refers to it (a
        belief's first rating): that table, and the row's columns from the same values
    :param revise: how an edit applies checked values (default: set each attribute)
    :param editable: the fields an edit may change, when not all of them (a belief's rating
        has its own history, so an edit changes only the statement)
    """

    slug: str
    noun: str
    table: str
    fields: tuple[Field, ...]
    title: Callable[[Any], str]
    columns: Columns | None = None
    child: tuple[str, Columns] | None = None
    scope: str = ""
    one_per_day: str = ""
    updated: str = ""
    dated: Field | None = None
    revise: Reviser | None = None
    editable: tuple[Field, ...] = ()

    @property
    def form_fields(self) -> tuple[Field, ...]:
        """What an add form offers: the fields, then the day when an entry may be backdated."""
        return self.fields + ((self.dated,) if self.dated is not None else ())

    @property
    def edit_fields(self) -> tuple[Field, ...]:
        """What an edit offers: the editable fields (all by default), then the day."""
        return (self.editable or self.fields) + ((self.dated,) if self.dated is not None else ())

    def apply(self, record: Any, values: dict[str, Any]) -> None:
        """Put an edit's checked values into ``record``."""
        if self.revise is not None:
            self.revise(record, values)
        else:
            for key, value in values.items():
                setattr(record, key, value)

    @property
    def model(self) -> type[m.Record]:
        """The mapped class of ``table`` (loads the models the first time)."""
        return _model_of(self.table)

    @property
    def url_slug(self) -> str:
        return self.slug.replace("_", "-")

    def rows(
        self, values: dict[str, Any], now: dt.datetime
    ) -> tuple[dict[str, Any], tuple[str, dict[str, Any]] | None]:
        """The new entry's columns as plain values, and its ``child`` row's table and columns
        (if it has one)."""
        child = None if self.child is None else (self.child[0], self.child[1](values, now))
        if self.columns is not None:
            return self.columns(values, now), child
        return {"created_at": now, **values}, child

    def make(self, values: dict[str, Any], now: dt.datetime) -> m.Record:
        """The new entry's record (not yet added to a session), made of :meth:`rows`."""
        row, child = self.rows(values, now)
        record = self.model(**row)
        if child is not None:
            from sqlalchemy import inspect

            table, columns = child
            relation = next(
                found
                for found in inspect(self.model).relationships
                if found.mapper.class_.__tablename__ == table
            )
            getattr(record, relation.key).append(relation.mapper.class_(**columns))
        return record

    def belongs(self) -> list[Any]:
        """The conditions a row must meet to be this tool's (none for most tools)."""
        if not self.scope:
            return []
        from sqlalchemy import text

        return [text(self.scope)]

    def updated_text(self, record: Any) -> str:
        return self.updated.format(day=full_day_words(getattr(record, self.one_per_day)))


@cache
def _model_of(table: str) -> type[m.Record]:
    from trustbridge.store.models import Base

    return next(
        mapper.class_
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__tablename__", None) == table
    )


def _short(text: str | None, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _thought_values(values: dict[str, Any]) -> dict[str, Any]:
    """The numbered emotion slots as one stored list, and the traps as stored (comma separated)."""
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
    return values


def _thought_columns(values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {"created_at": now, **_thought_values(values)}


def _revise_thought(record: Any, values: dict[str, Any]) -> None:
    for key, value in _thought_values(values).items():
        setattr(record, key, value)


def _safety_columns(values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    from trustbridge.domain.scoring import safety_score

    answers = {k: int(v) for k, v in values.items()}
    return {"created_at": now, "answers": answers, "score": safety_score(answers)}


def _revise_safety(record: Any, values: dict[str, Any]) -> None:
    from trustbridge.domain.scoring import safety_score

    record.answers = {k: int(v) for k, v in values.items()}
    record.score = safety_score(record.answers)


def _belief_columns(values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {"created_at": now, "statement": values["statement"]}


def _first_rating(values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {"rated_at": now, "believability": values["believability"]}


def moment_on(day: dt.date | None, now: dt.datetime) -> dt.datetime:
    """When an entry dated ``day`` was written: ``now``, moved to that day when it is earlier.

    A backdated entry keeps the time of day it was written, so it sorts among that day's
    entries and every list, chart and export dates it as the person said.
    """
    local = now.astimezone()
    if day is None or day == local.date():
        return now
    return dt.datetime.combine(day, local.timetz()).astimezone(dt.UTC)


def _checkin_columns(values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    day = values.pop("day", None) or now.astimezone().date()
    return {"created_at": moment_on(day, now), "day": day, **values}


def _journal_columns(values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {"created_at": moment_on(values.pop("day", None), now), **values}


def _redate(record: Any, values: dict[str, Any]) -> None:
    """An edit of a backdatable entry: its fields, and a changed day moves when it was written."""
    day = values.pop("day", None)
    for key, value in values.items():
        setattr(record, key, value)
    if day is None:
        return
    if day != record.created_at.astimezone().date():
        record.created_at = moment_on(day, record.created_at)
    if hasattr(record, "day"):  # a check-in is kept under its day too
        record.day = day


def stored_values(tool: ToolSpec, record: Any) -> dict[str, object]:
    """An entry's values as its edit form asks for them (the inverse of building it)."""
    values: dict[str, object] = {f.name: getattr(record, f.name, None) for f in tool.fields}
    if tool.slug == "thought_record":
        for i, e in enumerate(r.readable_emotions(record.emotions), start=1):
            values |= {f"emotion_{i}": e.name, f"intensity_{i}": e.intensity}
            values[f"rerated_{i}"] = e.rerated
        values["distortions"] = [k for k in (record.distortions or "").split(",") if k]
    elif tool.slug == "safety_selfcheck":
        values = {f.name: str((record.answers or {}).get(f.name, "")) for f in tool.fields}
    if tool.dated is not None:
        values["day"] = getattr(record, "day", None) or record.created_at.astimezone().date()
    return {f.name: values.get(f.name) for f in tool.edit_fields}


def _promise_columns(values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {"created_at": now, "status": "open", **values}


def _day_field(days_back: int) -> Field:
    return Field("day", "Day", "date", lo=days_back, help="Leave it empty for today.",
                 noun="the day")  # fmt: skip


@cache
def _program_lists() -> dict[str, tuple[tuple[str, str], ...]]:
    """The choices some tools offer, from the program content: read only for those tools."""
    from trustbridge.content import load_program

    program = load_program()
    lists = program.checklists
    return {
        "patterns": tuple((i.key, i.name) for i in lists["patterns"]),
        "distortions": tuple((d.key, d.name) for d in program.distortions),
        "signs": tuple((i.key, i.text) for i in lists["safety_signs"]),
        "empathy": tuple((step.key, step.text) for step in lists["self_empathy_steps"]),
    }


def _choices(name: str) -> tuple[tuple[str, str], ...]:
    return _program_lists()[name]


#: slug -> how to make its spec, in program order; a spec is made when first asked for, so
#: listing journal entries does not read the program content the thought record needs
_MAKE: dict[str, Callable[[], ToolSpec]] = {
    "checkin": lambda: ToolSpec(
        "checkin", "check-in", "checkins", r.CHECKIN_FIELDS,
        lambda x: f"Mood {x.mood}/5" + (f" · {x.emotion}" if x.emotion else ""),
        _checkin_columns, dated=_day_field(BACKDATE_DAYS), revise=_redate),
    "journal": lambda: ToolSpec(
        "journal", "journal entry", "journal_entries", r.JOURNAL_FIELDS,
        lambda x: _short(x.title or x.body), _journal_columns,
        dated=_day_field(r.TEN_YEARS), revise=_redate),
    "hurt_inventory": lambda: ToolSpec(
        "hurt_inventory", "hurt", "hurts", r.HURT_FIELDS, lambda x: _short(x.what_happened)),
    "pattern_journal": lambda: ToolSpec(
        "pattern_journal", "pattern entry", "pattern_entries",
        r.pattern_fields(_choices("patterns")), lambda x: _short(x.situation)),
    "thought_record": lambda: ToolSpec(
        "thought_record", "thought record", "thought_records",
        r.thought_fields(_choices("distortions")), lambda x: _short(x.automatic_thought),
        _thought_columns, revise=_revise_thought),
    "belief_tracker": lambda: ToolSpec(
        "belief_tracker", "belief", "beliefs", r.BELIEF_FIELDS,
        lambda x: _short(x.statement), _belief_columns,
        child=("belief_ratings", _first_rating), editable=r.BELIEF_FIELDS[:1]),
    "safety_selfcheck": lambda: ToolSpec(
        "safety_selfcheck", "self-check", "safety_checks", r.safety_fields(_choices("signs")),
        lambda x: f"Safety score {x.score} out of 100", _safety_columns, revise=_revise_safety),
    "self_promises": lambda: ToolSpec(
        "self_promises", "promise", "self_promises", r.SELF_PROMISE_FIELDS,
        lambda x: _short(x.text), _promise_columns, scope="self_promises.person_id IS NULL"),
    "self_empathy": lambda: ToolSpec(
        "self_empathy", "self-empathy exercise", "self_empathy",
        r.self_empathy_fields(_choices("empathy")), lambda x: _short(x.situation)),
    "affirmations": lambda: ToolSpec(
        "affirmations", "affirmation", "affirmations", r.AFFIRMATION_FIELDS,
        lambda x: _short(x.text)),
    "habits": lambda: ToolSpec(
        "habits", "habits log", "habit_logs", r.HABIT_FIELDS,
        lambda x: f"Habits on {day_words(x.day)}", one_per_day="day",
        updated="Updated your habits for {day}."),
    "mindful_pause": lambda: ToolSpec(
        "mindful_pause", "mindful pause", "mindful_pauses", r.PAUSE_FIELDS,
        lambda x: f"Paused for {duration_words(x.seconds)}"),
}  # fmt: skip


@cache
def _spec(slug: str) -> ToolSpec:
    return _MAKE[slug]()


@cache
def tool_specs() -> Mapping[str, ToolSpec]:
    """Every entry-keeping tool, keyed by slug, in program order."""
    return {slug: _spec(slug) for slug in _MAKE}


def spec(slug: str) -> ToolSpec:
    """The tool with this slug (hyphens or underscores); ``NotFound`` if there is none."""
    from trustbridge.services.errors import NotFound

    try:
        return _spec(slug.replace("-", "_"))
    except KeyError:
        raise NotFound(f"There is no tool called {slug!r}.") from None
