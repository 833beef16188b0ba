"""Every table's columns, and how the ORM stores the values it converts, without SQLAlchemy.

Reads that must not pay for importing SQLAlchemy and the models (a list on the command line
must start, read and print in well under 150 ms) take their columns from here and convert
each value with :mod:`trustbridge.store.rows`. The table below is written out by
``python -m trustbridge.store.shapes`` from the models; a test checks they still agree.

Tables come parents first (the order an export writes and an import reads them), and each
table's key columns first. A column's kind: ``"moment"`` (``UTCDateTime``), ``"day"`` (``Date``), ``"flag"``
(``Boolean``), ``"data"`` (``PrivateJSON``), or ``None`` for text and numbers, kept as stored.
"""

from __future__ import annotations

from typing import Any

Kind = str | None

# fmt: off
TABLES: dict[str, dict[str, Kind]] = {
    "affirmations": {"id": None, "text": None, "active": "flag", "owner_id": None, "created_at": "moment"},
    "balance_logs": {"id": None, "day": "day", "alone_minutes": None, "connected_minutes": None, "solitude_met": "flag", "closeness_met": "flag", "note": None, "owner_id": None, "created_at": "moment"},
    "beliefs": {"id": None, "statement": None, "owner_id": None, "created_at": "moment"},
    "boundaries": {"id": None, "statement": None, "kind": None, "non_negotiable": "flag", "review_on": "day", "owner_id": None, "created_at": "moment"},
    "checkins": {"id": None, "day": "day", "mood": None, "emotion": None, "energy": None, "connection": None, "note": None, "owner_id": None, "created_at": "moment"},
    "habit_logs": {"id": None, "day": "day", "sleep_hours": None, "movement_minutes": None, "food": None, "creative_minutes": None, "note": None, "owner_id": None, "created_at": "moment"},
    "hurts": {"id": None, "what_happened": None, "who": None, "occurred_on": "day", "kind": None, "impact": None, "belief": None, "owner_id": None, "created_at": "moment"},
    "journal_entries": {"id": None, "title": None, "body": None, "owner_id": None, "created_at": "moment"},
    "learned_belief_marks": {"key": None, "applies": "flag", "updated_at": "moment", "owner_id": None},
    "mindful_pauses": {"id": None, "seconds": None, "owner_id": None, "created_at": "moment"},
    "pattern_entries": {"id": None, "situation": None, "pattern": None, "feeling": None, "need": None, "owner_id": None, "created_at": "moment"},
    "people": {"id": None, "name": None, "kind": None, "notes": None, "support": None, "archived_at": "moment", "owner_id": None, "created_at": "moment"},
    "preferences": {"key": None, "value": None, "updated_at": "moment", "owner_id": None},
    "safety_checks": {"id": None, "answers": "data", "score": None, "owner_id": None, "created_at": "moment"},
    "safety_plans": {"id": None, "updated_at": "moment", "warning_signs": None, "on_my_own": None, "distractions": None, "ask_for_help": None, "professionals": None, "safer_surroundings": None, "reasons_for_living": None, "keep_outside": "flag", "shared": "flag", "owner_id": None},
    "self_empathy": {"id": None, "situation": None, "acknowledge": None, "reflect": None, "validate": None, "be_kind": None, "challenge": None, "owner_id": None, "created_at": "moment"},
    "thought_records": {"id": None, "situation": None, "automatic_thought": None, "emotions": "data", "distortions": None, "evidence_for": None, "evidence_against": None, "friend_view": None, "balanced_thought": None, "owner_id": None, "created_at": "moment"},
    "wins": {"id": None, "what": None, "kind": None, "happened_on": "day", "source_tool": None, "source_id": None, "shared": "flag", "owner_id": None, "created_at": "moment"},
    "appreciations": {"id": None, "what": None, "person_id": None, "said_out_loud": "flag", "noted_on": "day", "shared": "flag", "owner_id": None, "created_at": "moment"},
    "belief_ratings": {"id": None, "belief_id": None, "rated_at": "moment", "believability": None, "note": None, "owner_id": None},
    "boundary_events": {"id": None, "boundary_id": None, "person_id": None, "respected": "flag", "occurred_on": "day", "my_response": None, "owner_id": None, "created_at": "moment"},
    "bridge_plans": {"id": None, "person_id": None, "what_broke": None, "my_expectations": None, "their_expectations": None, "agreed_steps": None, "cadence_days": None, "next_checkin_on": "day", "owner_id": None, "created_at": "moment"},
    "evidence_events": {"id": None, "person_id": None, "dimension": None, "positive": "flag", "weight": None, "occurred_on": "day", "note": None, "source": None, "source_id": None, "owner_id": None, "created_at": "moment"},
    "gut_checks": {"id": None, "person_id": None, "sense": None, "confidence": None, "came_true": "flag", "what_happened": None, "resolved_on": "day", "owner_id": None, "created_at": "moment"},
    "i_statements": {"id": None, "boundary_id": None, "feel": None, "when": None, "because": None, "need": None, "owner_id": None, "created_at": "moment"},
    "ladder_rungs": {"id": None, "person_id": None, "action": None, "risk": None, "planned_on": "day", "fear_before": None, "response": None, "feeling_after": None, "learned": None, "done_on": "day", "owner_id": None, "created_at": "moment"},
    "partner_checkins": {"id": None, "person_id": None, "held_on": "day", "went_well": None, "was_hard": None, "appreciation": None, "need": None, "to_try": None, "shared": "flag", "owner_id": None, "created_at": "moment"},
    "rituals": {"id": None, "name": None, "person_id": None, "cadence": None, "weekdays": None, "note": None, "archived_at": "moment", "shared": "flag", "owner_id": None, "created_at": "moment"},
    "self_promises": {"id": None, "text": None, "person_id": None, "made_by": None, "due_on": "day", "status": None, "resolved_at": "moment", "owner_id": None, "created_at": "moment"},
    "shared_goals": {"id": None, "goal": None, "why": None, "person_id": None, "review_on": "day", "status": None, "shared": "flag", "owner_id": None, "created_at": "moment"},
    "support_contacts": {"id": None, "name": None, "kind": None, "person_id": None, "helps_with": None, "how_to_reach": None, "shared": "flag", "owner_id": None, "created_at": "moment"},
    "goal_reviews": {"id": None, "goal_id": None, "reviewed_on": "day", "still_ours": "flag", "progress": None, "next_step": None, "created_at": "moment", "owner_id": None},
    "rituals_kept": {"id": None, "ritual_id": None, "kept_on": "day", "note": None, "created_at": "moment", "owner_id": None},
}
# fmt: on


def from_models() -> dict[str, dict[str, Kind]]:
    """The same table, read from the models (imports SQLAlchemy: for the test and for writing)."""
    from sqlalchemy import Boolean, Date

    from trustbridge.store.models import Base
    from trustbridge.store.types import PrivateJSON, UTCDateTime

    kinds: tuple[tuple[type[Any], str], ...] = (
        (UTCDateTime, "moment"), (Date, "day"), (Boolean, "flag"), (PrivateJSON, "data")
    )  # fmt: skip

    def kind(column: Any) -> Kind:
        return next((name for type_, name in kinds if isinstance(column.type, type_)), None)

    mapped = {mapper.local_table for mapper in Base.registry.mappers}
    return {
        table.name: {
            column.name: kind(column)
            for column in sorted(table.columns, key=lambda c: not c.primary_key)
        }
        for table in Base.metadata.sorted_tables
        if table in mapped
    }


def written(tables: dict[str, dict[str, Kind]]) -> str:
    """``tables`` as the lines of :data:`TABLES` above."""
    lines = []
    for name, columns in tables.items():
        inside = ", ".join(
            f'"{column}": {"None" if kind is None else repr(kind).replace(chr(39), chr(34))}'
            for column, kind in columns.items()
        )
        lines.append(f'    "{name}": {{{inside}}},')
    return "\n".join(lines)


if __name__ == "__main__":
    print(written(from_models()))
