"""The store's tables as an import checks and writes them, without loading the ORM.

A whole export is restored by plain SQL on the store's own connection (:mod:`.json_restore`),
so the command imports neither SQLAlchemy nor the models, which would take more memory than
all the rest of the import. What it needs of each table is kept here, as plain values made
from the models by :func:`trustbridge.exchange.tables.described`: the models stay the one
source of truth (``tests/unit/test_exchange_layout.py`` checks this file is exactly what
they give; ``python -m trustbridge.exchange.tables`` writes it again after they change).
``REVISION`` is the store layout they were made for: a store at another one is restored
the long way. A tool's ``add`` on the command line writes its row from here too
(:mod:`trustbridge.store.plain_sql`, :mod:`trustbridge.services.quick_add`), each column's
``default`` filled in as the ORM fills it.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Column(NamedTuple):
    """One column: its name, how its values are checked (``json``, ``moment``, ``day``,
    ``bool``, ``int``, ``float`` or ``text``, with a ``length`` limit for short text), whether
    it may hold nothing, and the value an older file without it gets (``...``: none)."""

    name: str
    kind: str
    length: int | None
    nullable: bool
    default: Any


class Table(NamedTuple):
    """One table, in the order the models list their columns."""

    id: str
    columns: tuple[Column, ...]
    #: the columns referring to another table's ids, with that table
    refers: tuple[tuple[str, str], ...]
    #: the columns holding text a person wrote (``PrivateText``)
    private: tuple[str, ...]


#: what follows is written by ``python -m trustbridge.exchange.tables``
MARK = "# --- made from the models ---"

# --- made from the models ---

REVISION = "0011"
TABLES: dict[str, Table] = {
    "affirmations": Table(
        id="id",
        columns=(
            Column(name="text", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="active", kind="bool", length=None, nullable=False, default=True),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("text",),
    ),
    "balance_logs": Table(
        id="id",
        columns=(
            Column(name="day", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="alone_minutes", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(
                name="connected_minutes", kind="int", length=None, nullable=False, default=Ellipsis
            ),
            Column(name="solitude_met", kind="bool", length=None, nullable=True, default=Ellipsis),
            Column(name="closeness_met", kind="bool", length=None, nullable=True, default=Ellipsis),
            Column(name="note", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("note",),
    ),
    "beliefs": Table(
        id="id",
        columns=(
            Column(name="statement", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("statement",),
    ),
    "boundaries": Table(
        id="id",
        columns=(
            Column(name="statement", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="kind", kind="text", length=16, nullable=False, default=Ellipsis),
            Column(name="non_negotiable", kind="bool", length=None, nullable=False, default=False),
            Column(name="review_on", kind="day", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("statement",),
    ),
    "checkins": Table(
        id="id",
        columns=(
            Column(name="day", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="mood", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="emotion", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="energy", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="connection", kind="text", length=16, nullable=True, default=Ellipsis),
            Column(name="note", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("emotion", "note"),
    ),
    "habit_logs": Table(
        id="id",
        columns=(
            Column(name="day", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="sleep_hours", kind="float", length=None, nullable=True, default=Ellipsis),
            Column(
                name="movement_minutes", kind="int", length=None, nullable=True, default=Ellipsis
            ),
            Column(name="food", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(
                name="creative_minutes", kind="int", length=None, nullable=True, default=Ellipsis
            ),
            Column(name="note", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("note",),
    ),
    "hurts": Table(
        id="id",
        columns=(
            Column(
                name="what_happened", kind="text", length=None, nullable=False, default=Ellipsis
            ),
            Column(name="who", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="occurred_on", kind="day", length=None, nullable=True, default=Ellipsis),
            Column(name="kind", kind="text", length=16, nullable=False, default=Ellipsis),
            Column(name="impact", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="belief", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("what_happened", "who", "impact", "belief"),
    ),
    "journal_entries": Table(
        id="id",
        columns=(
            Column(name="title", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="body", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("title", "body"),
    ),
    "learned_belief_marks": Table(
        id="key",
        columns=(
            Column(name="key", kind="text", length=64, nullable=False, default=Ellipsis),
            Column(name="applies", kind="bool", length=None, nullable=False, default=Ellipsis),
            Column(name="updated_at", kind="moment", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
        ),
        refers=(),
        private=(),
    ),
    "mindful_pauses": Table(
        id="id",
        columns=(
            Column(name="seconds", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=(),
    ),
    "pattern_entries": Table(
        id="id",
        columns=(
            Column(name="situation", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="pattern", kind="text", length=64, nullable=False, default=Ellipsis),
            Column(name="feeling", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="need", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("situation", "feeling", "need"),
    ),
    "people": Table(
        id="id",
        columns=(
            Column(name="name", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="kind", kind="text", length=16, nullable=False, default=Ellipsis),
            Column(name="notes", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="support", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="archived_at", kind="moment", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("name", "notes", "support"),
    ),
    "preferences": Table(
        id="key",
        columns=(
            Column(name="key", kind="text", length=64, nullable=False, default=Ellipsis),
            Column(name="value", kind="text", length=256, nullable=False, default=Ellipsis),
            Column(name="updated_at", kind="moment", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
        ),
        refers=(),
        private=(),
    ),
    "safety_checks": Table(
        id="id",
        columns=(
            Column(name="answers", kind="json", length=None, nullable=False, default=Ellipsis),
            Column(name="score", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=(),
    ),
    "safety_plans": Table(
        id="id",
        columns=(
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="updated_at", kind="moment", length=None, nullable=False, default=Ellipsis),
            Column(name="warning_signs", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="on_my_own", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="distractions", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="ask_for_help", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="professionals", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(
                name="safer_surroundings", kind="text", length=None, nullable=True, default=Ellipsis
            ),
            Column(
                name="reasons_for_living", kind="text", length=None, nullable=True, default=Ellipsis
            ),
            Column(name="keep_outside", kind="bool", length=None, nullable=False, default=False),
            Column(name="shared", kind="bool", length=None, nullable=False, default=False),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
        ),
        refers=(),
        private=(
            "warning_signs",
            "on_my_own",
            "distractions",
            "ask_for_help",
            "professionals",
            "safer_surroundings",
            "reasons_for_living",
        ),
    ),
    "self_empathy": Table(
        id="id",
        columns=(
            Column(name="situation", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="acknowledge", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="reflect", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="validate", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="be_kind", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="challenge", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("situation", "acknowledge", "reflect", "validate", "be_kind", "challenge"),
    ),
    "thought_records": Table(
        id="id",
        columns=(
            Column(name="situation", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(
                name="automatic_thought", kind="text", length=None, nullable=False, default=Ellipsis
            ),
            Column(name="emotions", kind="json", length=None, nullable=False, default=Ellipsis),
            Column(name="distortions", kind="text", length=1000, nullable=False, default=""),
            Column(name="evidence_for", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(
                name="evidence_against", kind="text", length=None, nullable=True, default=Ellipsis
            ),
            Column(name="friend_view", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(
                name="balanced_thought", kind="text", length=None, nullable=True, default=Ellipsis
            ),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=(
            "situation",
            "automatic_thought",
            "evidence_for",
            "evidence_against",
            "friend_view",
            "balanced_thought",
        ),
    ),
    "wins": Table(
        id="id",
        columns=(
            Column(name="what", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="kind", kind="text", length=24, nullable=False, default=Ellipsis),
            Column(name="happened_on", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="source_tool", kind="text", length=32, nullable=True, default=Ellipsis),
            Column(name="source_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="shared", kind="bool", length=None, nullable=False, default=False),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(),
        private=("what",),
    ),
    "appreciations": Table(
        id="id",
        columns=(
            Column(name="what", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="person_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="said_out_loud", kind="bool", length=None, nullable=True, default=Ellipsis),
            Column(name="noted_on", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="shared", kind="bool", length=None, nullable=False, default=False),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("what",),
    ),
    "belief_ratings": Table(
        id="id",
        columns=(
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="belief_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="rated_at", kind="moment", length=None, nullable=False, default=Ellipsis),
            Column(name="believability", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="note", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
        ),
        refers=(("belief_id", "beliefs"),),
        private=("note",),
    ),
    "boundary_events": Table(
        id="id",
        columns=(
            Column(name="boundary_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="person_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="respected", kind="bool", length=None, nullable=False, default=Ellipsis),
            Column(name="occurred_on", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="my_response", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("boundary_id", "boundaries"), ("person_id", "people")),
        private=("my_response",),
    ),
    "bridge_plans": Table(
        id="id",
        columns=(
            Column(name="person_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="what_broke", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(
                name="my_expectations", kind="text", length=None, nullable=True, default=Ellipsis
            ),
            Column(
                name="their_expectations", kind="text", length=None, nullable=True, default=Ellipsis
            ),
            Column(name="agreed_steps", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="cadence_days", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(
                name="next_checkin_on", kind="day", length=None, nullable=True, default=Ellipsis
            ),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("what_broke", "my_expectations", "their_expectations", "agreed_steps"),
    ),
    "evidence_events": Table(
        id="id",
        columns=(
            Column(name="person_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="dimension", kind="text", length=32, nullable=False, default=Ellipsis),
            Column(name="positive", kind="bool", length=None, nullable=False, default=Ellipsis),
            Column(name="weight", kind="text", length=16, nullable=False, default=Ellipsis),
            Column(name="occurred_on", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="note", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="source", kind="text", length=16, nullable=False, default="manual"),
            Column(name="source_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("note",),
    ),
    "gut_checks": Table(
        id="id",
        columns=(
            Column(name="person_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="sense", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="confidence", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="came_true", kind="bool", length=None, nullable=True, default=Ellipsis),
            Column(name="what_happened", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="resolved_on", kind="day", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("sense", "what_happened"),
    ),
    "i_statements": Table(
        id="id",
        columns=(
            Column(name="boundary_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="feel", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="when", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="because", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="need", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("boundary_id", "boundaries"),),
        private=("feel", "when", "because", "need"),
    ),
    "ladder_rungs": Table(
        id="id",
        columns=(
            Column(name="person_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="action", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="risk", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="planned_on", kind="day", length=None, nullable=True, default=Ellipsis),
            Column(name="fear_before", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="response", kind="text", length=16, nullable=True, default=Ellipsis),
            Column(name="feeling_after", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="learned", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="done_on", kind="day", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("action", "feeling_after", "learned"),
    ),
    "partner_checkins": Table(
        id="id",
        columns=(
            Column(name="person_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="held_on", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="went_well", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="was_hard", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="appreciation", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="need", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="to_try", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="shared", kind="bool", length=None, nullable=False, default=False),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("went_well", "was_hard", "appreciation", "need", "to_try"),
    ),
    "rituals": Table(
        id="id",
        columns=(
            Column(name="name", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="person_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="cadence", kind="text", length=8, nullable=False, default=Ellipsis),
            Column(name="weekdays", kind="text", length=32, nullable=False, default=""),
            Column(name="note", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="archived_at", kind="moment", length=None, nullable=True, default=Ellipsis),
            Column(name="shared", kind="bool", length=None, nullable=False, default=False),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("name", "note"),
    ),
    "self_promises": Table(
        id="id",
        columns=(
            Column(name="text", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="person_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="made_by", kind="text", length=8, nullable=False, default="me"),
            Column(name="due_on", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="status", kind="text", length=16, nullable=False, default="open"),
            Column(name="resolved_at", kind="moment", length=None, nullable=True, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("text",),
    ),
    "shared_goals": Table(
        id="id",
        columns=(
            Column(name="goal", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="why", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="person_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="review_on", kind="day", length=None, nullable=True, default=Ellipsis),
            Column(name="status", kind="text", length=16, nullable=False, default="active"),
            Column(name="shared", kind="bool", length=None, nullable=False, default=False),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("goal", "why"),
    ),
    "support_contacts": Table(
        id="id",
        columns=(
            Column(name="name", kind="text", length=None, nullable=False, default=Ellipsis),
            Column(name="kind", kind="text", length=16, nullable=False, default=Ellipsis),
            Column(name="person_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="helps_with", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="how_to_reach", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="shared", kind="bool", length=None, nullable=False, default=False),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
        ),
        refers=(("person_id", "people"),),
        private=("name", "helps_with", "how_to_reach"),
    ),
    "goal_reviews": Table(
        id="id",
        columns=(
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="goal_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="reviewed_on", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="still_ours", kind="bool", length=None, nullable=True, default=Ellipsis),
            Column(name="progress", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="next_step", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
        ),
        refers=(("goal_id", "shared_goals"),),
        private=("progress", "next_step"),
    ),
    "rituals_kept": Table(
        id="id",
        columns=(
            Column(name="id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="ritual_id", kind="int", length=None, nullable=False, default=Ellipsis),
            Column(name="kept_on", kind="day", length=None, nullable=False, default=Ellipsis),
            Column(name="note", kind="text", length=None, nullable=True, default=Ellipsis),
            Column(name="created_at", kind="moment", length=None, nullable=False, default=Ellipsis),
            Column(name="owner_id", kind="int", length=None, nullable=True, default=Ellipsis),
        ),
        refers=(("ritual_id", "rituals"),),
        private=("note",),
    ),
}
