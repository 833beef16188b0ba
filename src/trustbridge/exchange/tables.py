"""The store's tables as exchange sees them: parents first, plain names, and the rules rows meet.

Every row of a table that belongs to a tool is checked with the field rules a person typing
it would meet (the ``Field`` declarations, through ``domain.fields.clean``). Where the stored
form differs from the typed one it is turned into the typed form first, not checked by a
second copy of the rules: ``positive`` becomes the evidence form's ``direction``, a thought
record's ``emotions`` its numbered emotion fields, a self-check's ``answers`` one answer per
sign. JSON columns must have exactly the shape the app writes.

Which rules are about typing "now", and which are about what can be stored:

- A date field's window *back* from today (``lo``: a habits day within a year, a promise
  due today or later) is about typing; it is not applied, so an export made long ago still
  imports. Any date from 1900 is accepted, as the field rules accept at most.
- A date field's window *ahead* (``hi``: "not in the future", a promise due within ten years)
  is about what can be stored: the app's today, whenever it saved a row, was no later than
  the import's. It is counted from the latest calendar day anywhere on Earth at the import,
  so a file made in another time zone is not refused for being a day "ahead".
- A field is required only where its column must hold a value: a ladder step is stored
  before it is reflected on, a gut check before it is settled, and a thought record from
  FreeCBT has no emotions.
- Values the app sets itself (a promise's status, where evidence came from, a learned
  belief's key, a self-check's score) must be among those it sets.

Rules that span rows (two people with one name, evidence dated before the person was
added) are left to the app's own forms; a file breaking them is still readable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from trustbridge.content import load_program
from trustbridge.domain import growth as g
from trustbridge.domain import records as r
from trustbridge.domain import relations as rel
from trustbridge.domain import reminders as rem
from trustbridge.domain import support as sup
from trustbridge.domain.fields import Field, ValidationError, clean, date_window, readable
from trustbridge.domain.scoring import safety_score
from trustbridge.exchange import layout
from trustbridge.exchange.common import ExchangeError
from trustbridge.services.catalog import tool_specs

if TYPE_CHECKING:
    from sqlalchemy import Table

#: what one table holds, in the person's words (used in previews and the format's docs)
TABLE_NOUNS = {
    "checkins": "Check-ins",
    "journal_entries": "Journal entries",
    "hurts": "Hurts",
    "learned_belief_marks": "Learned-belief marks",
    "pattern_entries": "Pattern entries",
    "thought_records": "Thought records",
    "beliefs": "Beliefs",
    "belief_ratings": "Belief ratings",
    "safety_checks": "Safety self-checks",
    "self_promises": "Promises",
    "self_empathy": "Self-empathy exercises",
    "affirmations": "Affirmations",
    "habit_logs": "Habit logs",
    "mindful_pauses": "Mindful pauses",
    "people": "People",
    "evidence_events": "Evidence",
    "ladder_rungs": "Ladder steps",
    "bridge_plans": "Bridge plans",
    "gut_checks": "Gut checks",
    "boundaries": "Boundaries",
    "i_statements": "I-statements",
    "boundary_events": "Boundary events",
    "balance_logs": "Balance logs",
    "preferences": "Preferences",
    "partner_checkins": "Partner check-ins",
    "rituals": "Rituals",
    "rituals_kept": "Times a ritual was kept",
    "appreciations": "Appreciations",
    "shared_goals": "Shared goals",
    "goal_reviews": "Goal reviews",
    "wins": "Wins",
    "support_contacts": "Support map",
    "safety_plans": "Safety plan",
}
#: where evidence can come from: noted by hand, or settled in another tool
EVIDENCE_SOURCES: r.Choices = (
    ("manual", "Noted by hand"),
    ("ladder", "A ladder step"),
    ("promise", "A promise"),
    ("boundary", "A boundary event"),
    ("appreciation", "An appreciation"),
    ("ritual", "A ritual kept together"),
    ("partner_checkin", "A partner check-in"),
)
PROMISE_STATUSES: r.Choices = (
    ("open", "Open"),
    *((outcome, outcome.capitalize()) for outcome in rel.PROMISE_OUTCOMES),
)
#: the settings the preferences table may hold
PREFERENCE_KEYS: r.Choices = (
    (g.CHECKIN_DAYS_KEY, "Days between partner check-ins"),
    (rem.CHECKIN_TIME_KEY, "Time of the daily check-in reminder"),
    (rem.FULL_TITLES_KEY, "Reminder titles show what you wrote"),
    (rem.UID_SALT_KEY, "Random salt for reminder identifiers"),
    (rem.FEED_TOKEN_KEY, "Secret in the reminders feed address"),
)
#: the keys of an emotion in a thought record, as the app writes them
EMOTION_KEYS = ("name", "intensity", "rerated")

Row = Mapping[str, object]
#: where a field's value is in the file, from its field name (``tables.x[3].mood``)
Where = Callable[[str], str]


@cache
def mapped_tables() -> tuple[tuple[Table, Any], ...]:
    """Every table with a model, parents before the rows that refer to them."""
    from trustbridge.store import models as m

    by_table = {mapper.local_table: mapper.class_ for mapper in m.Base.registry.mappers}
    return tuple(
        (table, by_table[table]) for table in m.Base.metadata.sorted_tables if table in by_table
    )


@cache
def references() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each table's columns that refer to another table's ids: (column, table referred to)."""
    return {
        table.name: tuple(
            (column.key, fk.column.table.name)
            for column in table.columns
            for fk in column.foreign_keys
        )
        for table, _ in mapped_tables()
    }


def described() -> tuple[str, dict[str, layout.Table]]:
    """Every table as :mod:`.layout` keeps it, made from the models (the ORM is the one source
    of truth: a test checks the kept layout is exactly this, and :func:`write_layout` writes
    it again after a change to the models)."""
    from sqlalchemy import Boolean, Date, Float, Integer, String

    from trustbridge.store.schema import HEAD_REVISION
    from trustbridge.store.types import PrivateJSON, PrivateText, UTCDateTime

    kinds = ((PrivateJSON, "json"), (UTCDateTime, "moment"), (Date, "day"), (Boolean, "bool"),
             (Integer, "int"), (Float, "float"))  # fmt: skip

    def column(c: Any) -> layout.Column:
        kind = next((name for found, name in kinds if isinstance(c.type, found)), "text")
        length = c.type.length if kind == "text" and isinstance(c.type, String) else None
        default = c.default.arg if c.default is not None and c.default.is_scalar else ...
        return layout.Column(c.key, kind, length, bool(c.nullable), default)

    return HEAD_REVISION, {
        table.name: layout.Table(
            next(iter(table.primary_key.columns)).key,  # every table has a single id column
            tuple(column(c) for c in table.columns),
            references()[table.name],
            tuple(c.key for c in table.columns if isinstance(c.type, PrivateText)),
        )
        for table, _ in mapped_tables()
    }


def write_layout() -> None:
    """Write :mod:`.layout` afresh from the models (then ``ruff format`` it)."""
    from pathlib import Path

    text = Path(layout.__file__).read_text()
    head = text[: text.rindex(layout.MARK) + len(layout.MARK)]
    revision, found = described()
    body = "".join(f"    {name!r}: {table!r},\n" for name, table in found.items())
    tables = f"TABLES: dict[str, Table] = {{\n{body}}}"
    Path(layout.__file__).write_text(f"{head}\n\nREVISION = {revision!r}\n{tables}\n")


def latest_day(now: dt.datetime) -> dt.date:
    """The latest calendar day anywhere on Earth at ``now`` (UTC+14 is the furthest ahead)."""
    return (now.astimezone(dt.UTC) + dt.timedelta(hours=14)).date()


# --- the rules of one row ---------------------------------------------------------------------


def _stored(field: Field, table: str) -> Field:
    """A typed field's rule as it applies to a stored row (see the module notes)."""
    changes: dict[str, Any] = {}
    if field.kind == "date":
        changes["lo"] = None
    column = _columns(table).get(field.name)
    if column is not None and column.nullable:
        changes["required"] = False
        if field.kind == "bool":
            changes["kind"] = "maybe"  # not answered yet, rather than "no"
    return field._replace(**changes) if changes else field


def _clean(fields: Sequence[Field], raw: Row, today: dt.date, where: Where) -> dict[str, object]:
    """``clean``, with each problem named by where it is in the file.

    An empty entry is let through: earlier versions kept empty habits logs and bridge plans,
    and their exports must come back whole.
    """
    try:
        return clean(fields, raw, today, may_be_empty=True)
    except ValidationError as exc:
        raise ExchangeError(
            "; ".join(f"{where(name)}: {text}" for name, text in exc.errors.items())
        ) from None


#: a value's quick look: ``True`` only when the field's rule takes it as it is (``clean``
#: accepts it and gives the same stored form); anything else goes through ``clean``, which
#: says what is wrong or how it is stored
Passes = Callable[[object], bool]


@dataclasses.dataclass(frozen=True, slots=True)
class RowRules:
    """How one table's rows meet the field rules.

    :param fields: the typed fields, as they apply to stored rows
    :param typed: the stored row in typed form (only where the two differ)
    :param columns: the column each typed-only field came from (``direction`` from
        ``positive``), for messages
    :param extra: further checks of the stored form (a JSON column's shape)
    """

    fields: tuple[Field, ...]
    typed: Callable[[Row], Row] | None = None
    columns: Mapping[str, str] = dataclasses.field(default_factory=dict)
    extra: Callable[[Row, Where, dt.date], None] | None = None
    #: each field's name, default and quick look, by the day they were made for
    _looks: dict[dt.date, tuple[tuple[str, object, Passes], ...]] = dataclasses.field(
        default_factory=dict, repr=False, compare=False
    )

    def check(self, row: dict[str, object], at: Where, today: dt.date) -> dict[str, object]:
        """The row's values, choices in their stored keys; ``ExchangeError`` says what is wrong.

        The usual row, every value already in the form the rules give, comes back itself
        (not a copy), so a caller can tell by ``is`` whether the rules changed a value.
        """
        if self.extra is not None:
            self.extra(row, at, today)
        raw = row if self.typed is None else self.typed(row)
        looks = self._looks.get(today)
        if looks is None:
            looks = tuple((f.name, f.default, _passes(f, today)) for f in self.fields)
            self._looks[today] = looks
        for name, default, passes in looks:  # a plain loop: ``all`` of a generator costs more
            if not passes(raw.get(name, default)):
                break
        else:
            return row
        values = _clean(self.fields, raw, today, lambda name: at(self.columns.get(name, name)))
        fixed = dict(row)
        for field in self.fields:  # "Connected" as a key: the stored form is "connected"
            if field.name in row and field.kind == "choice":
                fixed[field.name] = values[field.name]
            elif row.get(field.name) is not None and field.kind == "choices":
                fixed[field.name] = ",".join(values[field.name])  # type: ignore[arg-type]
        return fixed


def _passes(field: Field, today: dt.date) -> Passes:
    """The quick look for one field: the usual values of its kind, within its rule as ``clean``
    has it (a hundred thousand rows go through here; ``clean`` costs ten times as much)."""
    kind, empty_ok = field.kind, not field.required
    if kind in ("text", "longtext"):
        limit = field.max_length

        def text(value: object) -> bool:
            if type(value) is not str:
                return value is None and empty_ok
            return len(value) <= limit and readable(value) and (empty_ok or bool(value.strip()))

        return text  # text is stored as it came: only ``clean``'s verdict matters
    if kind in ("int", "float"):
        lo, hi = field.lo, field.hi
        numbers = (int,) if kind == "int" else (int, float)

        def number(value: object) -> bool:
            if type(value) not in numbers:
                return value is None and empty_ok
            within = (lo is None or lo <= value) and (hi is None or value <= hi)  # type: ignore[operator]
            return value == value and within  # NaN is not a number here

        return number
    if kind == "date":
        earliest, latest = date_window(field, today)
        return lambda value: (
            earliest <= value <= latest if type(value) is dt.date else value is None and empty_ok
        )
    keys = frozenset(key for key, _ in field.choices)
    if kind == "choice":
        return lambda value: value in keys if type(value) is str else value is None and empty_ok

    if kind == "choices":  # stored as keys joined by commas, each once

        def choices(value: object) -> bool:
            if type(value) is not str or not value:
                return value in (None, "") and empty_ok
            picked = value.split(",")
            return len(set(picked)) == len(picked) and keys.issuperset(picked)

        return choices
    return lambda value: type(value) is bool or (value is None and empty_ok)  # yes/no, maybe


#: an import checks every row at the same moment
_latest_day = lru_cache(maxsize=8)(latest_day)


def check_row(
    table: Table, row: dict[str, object], at: Where, now: dt.datetime
) -> dict[str, object]:
    """One stored row checked with its table's rules: ``row`` itself when they keep every
    value as it is (a table without rules passes as it is), else a copy with their changes."""
    rules = row_rules().get(table.name)
    return row if rules is None else rules.check(row, at, _latest_day(now))


# --- tables whose stored form differs from the typed one --------------------------------------


def _emotions(row: Row, at: Where, today: dt.date) -> None:
    """A thought record's emotions: a list of up to three ``{name, intensity, rerated}``."""
    emotions, here = row.get("emotions"), at("emotions")
    if not isinstance(emotions, list):
        raise ExchangeError(f"{here}: must be a list of emotions, each with a name and intensity")
    if len(emotions) > r.EMOTION_SLOTS:
        raise ExchangeError(f"{here}: must hold at most {r.EMOTION_SLOTS} emotions")
    for i, emotion in enumerate(emotions):
        _emotion(emotion, i + 1, f"{here}[{i}]", today)


def _emotion(emotion: object, n: int, spot: str, today: dt.date) -> None:
    """One emotion, in its exact stored shape, checked as emotion ``n`` of the form."""
    if not isinstance(emotion, dict):
        raise ExchangeError(f"{spot}: must be an object with a name, an intensity and rerated")
    if sorted(emotion) != sorted(EMOTION_KEYS):
        raise ExchangeError(f"{spot}: must have exactly the keys name, intensity and rerated")
    if not isinstance(emotion["name"], str):
        raise ExchangeError(f"{spot}.name: must be text")
    for key in ("intensity", "rerated"):
        value = emotion[key]
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not whole and not (value is None and key == "rerated"):
            raise ExchangeError(f"{spot}.{key}: must be a whole number")
    name, level, later = f"emotion_{n}", f"intensity_{n}", f"rerated_{n}"
    raw = {name: emotion["name"], level: emotion["intensity"], later: emotion["rerated"]}
    keys = {name: "name", level: "intensity", later: "rerated"}
    _emotion_rules(n).check(raw, lambda field: f"{spot}.{keys[field]}", today)


@cache
def _emotion_rules(n: int) -> RowRules:
    """Emotion ``n``'s fields of the form: a named emotion needs its intensity, whichever slot
    it is in (checked as a row's fields are: the usual emotion by their quick look)."""
    slots = {f.name: f for f in r.emotion_fields()}
    return RowRules((
        slots[f"emotion_{n}"]._replace(required=True),
        slots[f"intensity_{n}"]._replace(required=True),
        slots[f"rerated_{n}"],
    ))  # fmt: skip


def _answers(signs: tuple[Field, ...]) -> RowRules:
    """A self-check: one answer (0-4) per sign, kept as numbers, and the score they give."""

    def extra(row: Row, at: Where, today: dt.date) -> None:
        answers, here = row.get("answers"), at("answers")
        if not isinstance(answers, dict):
            raise ExchangeError(f"{here}: must be an object with one answer per sign")
        known = {f.name for f in signs}
        for key, value in answers.items():
            if key not in known:
                raise ExchangeError(f"{here}.{key}: is not a sign on the self-check")
            if isinstance(value, bool) or not isinstance(value, int):
                raise ExchangeError(f"{here}.{key}: must be a whole number")
        _clean(signs, {k: str(v) for k, v in answers.items()}, today, lambda k: f"{here}.{k}")
        if row.get("score") != safety_score(answers):
            raise ExchangeError(f"{at('score')}: is not the score its answers give")

    return RowRules((), extra=extra)


def _tool_fields(table: str) -> tuple[Field, ...]:
    """The fields of the tool keeping this table, those that are columns of it."""
    for tool in tool_specs().values():
        if tool.table == table:
            return tuple(f for f in tool.fields if f.name in _columns(table))
    return ()


@cache
def _columns(table: str) -> dict[str, layout.Column]:
    """A table's columns by name, as :mod:`.layout` has them."""
    return {column.name: column for column in layout.TABLES[table].columns}


def _rules(table: str, *fields: Field, **options: Any) -> tuple[str, RowRules]:
    return table, RowRules(tuple(_stored(f, table) for f in fields), **options)


def _without_person(fields: Sequence[Field]) -> tuple[Field, ...]:
    return tuple(f for f in fields if f is not rel.PERSON)


def _without(fields: Sequence[Field], *names: str) -> tuple[Field, ...]:
    """The fields not stored as columns of their own (a person is stored by number)."""
    return tuple(f for f in fields if f.name not in names)


@cache
def row_rules() -> Mapping[str, RowRules]:
    """The rules of every table, by name."""

    def own(table: str, *more: Field, **options: Any) -> tuple[str, RowRules]:
        return _rules(table, *_tool_fields(table), *more, **options)

    learned = tuple((i.key, i.text) for i in load_program().checklists["learned_beliefs"])
    signs = next(s.fields for s in tool_specs().values() if s.table == "safety_checks")
    rules = dict((
        own("checkins", Field("day", "Day", "date", required=True)),
        own("journal_entries"), own("hurts"), own("pattern_entries"), own("beliefs"),
        own("thought_records", extra=_emotions),
        _rules("learned_belief_marks", Field("key", "Belief", "choice", required=True,
                                          choices=learned)),
        _rules("belief_ratings", *r.BELIEF_RATING_FIELDS),
        own("self_empathy"), own("affirmations"), own("habit_logs"), own("mindful_pauses"),
        _rules("self_promises", *_without_person(rel.PROMISE_FIELDS),
               Field("status", "Status", "choice", required=True, choices=PROMISE_STATUSES)),
        _rules("people", *rel.PERSON_FIELDS),
        _rules("evidence_events", *_without_person(rel.EVIDENCE_FIELDS),
               Field("source", "Source", "choice", required=True, choices=EVIDENCE_SOURCES),
               typed=lambda row: {**row, "direction": _direction(row)},
               columns={"direction": "positive"}),
        _rules("ladder_rungs", *_without_person(rel.RUNG_FIELDS), *rel.REFLECT_FIELDS),
        _rules("bridge_plans", *rel.BRIDGE_FIELDS),
        _rules("gut_checks", *_without_person(rel.GUT_FIELDS), *rel.GUT_RESOLVE_FIELDS,
               Field("resolved_on", "Settled on", "date")),
        _rules("boundaries", *rel.BOUNDARY_FIELDS),
        _rules("i_statements", *rel.ISTATEMENT_FIELDS),
        _rules("boundary_events", *_without_person(rel.BOUNDARY_EVENT_FIELDS),
               typed=lambda row: {**row, "outcome": "respected" if row["respected"] else "crossed"},
               columns={"outcome": "respected"}),
        _rules("balance_logs", *rel.BALANCE_FIELDS),
        _rules("preferences", Field("key", "Setting", "choice", required=True,
                                   choices=PREFERENCE_KEYS), Field("value", "Value", required=True)),
        _rules("partner_checkins", *_without(g.CHECKIN_FIELDS, "person")),
        _rules("rituals", *_without(g.RITUAL_FIELDS, "person")),
        _rules("rituals_kept", *g.KEPT_FIELDS),
        _rules("appreciations", *_without(g.APPRECIATION_FIELDS, "person")),
        _rules("shared_goals", *_without(g.GOAL_FIELDS, "person"),
               Field("status", "Status", "choice", required=True, choices=g.GOAL_STATUSES)),
        _rules("goal_reviews", *_without(g.REVIEW_FIELDS, "review_on", "status")),
        _rules("wins", *g.WIN_FIELDS),
        _rules("support_contacts", *_without(sup.SUPPORT_FIELDS, "person")),
        _rules("safety_plans", *sup.SAFETY_PLAN_FIELDS, sup.KEEP_OUTSIDE),
    ))  # fmt: skip
    rules["safety_checks"] = _answers(signs)
    return rules


def _direction(row: Row) -> str:
    return "positive" if row["positive"] else "negative"


def stored_fields(table_name: str) -> dict[str, Field]:
    """The field rules a table's columns follow, by column (for tests and documentation)."""
    rules = row_rules().get(table_name)
    return {} if rules is None else {f.name: f for f in rules.fields}


if __name__ == "__main__":
    write_layout()
