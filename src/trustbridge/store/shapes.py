"""Every table's columns, and how the ORM stores the values it converts, without SQLAlchemy.

Reads that must not pay for importing SQLAlchemy and the models (a list on the command line
must start, read and print in well under 150 ms) take their columns from here and convert
each value with :mod:`trustbridge.store.rows`. The table below is written out by
``python -m trustbridge.store.shapes`` from the models; a test checks they still agree.

A column's kind: ``"moment"`` (``UTCDateTime``), ``"day"`` (``Date``), ``"flag"``
(``Boolean``), ``"data"`` (``PrivateJSON``), or ``None`` for text and numbers, kept as stored.
"""

from __future__ import annotations

from typing import Any

Kind = str | None

# fmt: off
TABLES: dict[str, dict[str, Kind]] = {
    "affirmations": {"text": None, "active": "flag", "id": None, "created_at": "moment"},
    "appreciations": {"what": None, "person_id": None, "said_out_loud": "flag", "noted_on": "day", "owner_id": None, "shared": "flag", "id": None, "created_at": "moment"},
    "balance_logs": {"day": "day", "alone_minutes": None, "connected_minutes": None, "solitude_met": "flag", "closeness_met": "flag", "note": None, "id": None, "created_at": "moment"},
    "belief_ratings": {"id": None, "belief_id": None, "rated_at": "moment", "believability": None, "note": None},
    "beliefs": {"statement": None, "id": None, "created_at": "moment"},
    "boundaries": {"statement": None, "kind": None, "non_negotiable": "flag", "review_on": "day", "id": None, "created_at": "moment"},
    "boundary_events": {"boundary_id": None, "person_id": None, "respected": "flag", "occurred_on": "day", "my_response": None, "id": None, "created_at": "moment"},
    "bridge_plans": {"person_id": None, "what_broke": None, "my_expectations": None, "their_expectations": None, "agreed_steps": None, "cadence_days": None, "next_checkin_on": "day", "id": None, "created_at": "moment"},
    "checkins": {"day": "day", "mood": None, "emotion": None, "energy": None, "connection": None, "note": None, "id": None, "created_at": "moment"},
    "evidence_events": {"person_id": None, "dimension": None, "positive": "flag", "weight": None, "occurred_on": "day", "note": None, "source": None, "source_id": None, "id": None, "created_at": "moment"},
    "goal_reviews": {"id": None, "goal_id": None, "reviewed_on": "day", "still_ours": "flag", "progress": None, "next_step": None, "created_at": "moment"},
    "gut_checks": {"person_id": None, "sense": None, "confidence": None, "came_true": "flag", "what_happened": None, "resolved_on": "day", "id": None, "created_at": "moment"},
    "habit_logs": {"day": "day", "sleep_hours": None, "movement_minutes": None, "food": None, "creative_minutes": None, "note": None, "id": None, "created_at": "moment"},
    "hurts": {"what_happened": None, "who": None, "occurred_on": "day", "kind": None, "impact": None, "belief": None, "id": None, "created_at": "moment"},
    "i_statements": {"boundary_id": None, "feel": None, "when": None, "because": None, "need": None, "id": None, "created_at": "moment"},
    "journal_entries": {"title": None, "body": None, "id": None, "created_at": "moment"},
    "ladder_rungs": {"person_id": None, "action": None, "risk": None, "planned_on": "day", "fear_before": None, "response": None, "feeling_after": None, "learned": None, "done_on": "day", "id": None, "created_at": "moment"},
    "learned_belief_marks": {"key": None, "applies": "flag", "updated_at": "moment"},
    "mindful_pauses": {"seconds": None, "id": None, "created_at": "moment"},
    "partner_checkins": {"person_id": None, "held_on": "day", "went_well": None, "was_hard": None, "appreciation": None, "need": None, "to_try": None, "owner_id": None, "shared": "flag", "id": None, "created_at": "moment"},
    "pattern_entries": {"situation": None, "pattern": None, "feeling": None, "need": None, "id": None, "created_at": "moment"},
    "people": {"name": None, "kind": None, "notes": None, "support": None, "archived_at": "moment", "id": None, "created_at": "moment"},
    "preferences": {"key": None, "value": None, "updated_at": "moment"},
    "rituals": {"name": None, "person_id": None, "cadence": None, "weekdays": None, "note": None, "archived_at": "moment", "owner_id": None, "shared": "flag", "id": None, "created_at": "moment"},
    "rituals_kept": {"id": None, "ritual_id": None, "kept_on": "day", "note": None, "created_at": "moment"},
    "safety_checks": {"answers": "data", "score": None, "id": None, "created_at": "moment"},
    "safety_plans": {"id": None, "updated_at": "moment", "warning_signs": None, "on_my_own": None, "distractions": None, "ask_for_help": None, "professionals": None, "safer_surroundings": None, "reasons_for_living": None, "keep_outside": "flag", "owner_id": None, "shared": "flag"},
    "self_empathy": {"situation": None, "acknowledge": None, "reflect": None, "validate": None, "be_kind": None, "challenge": None, "id": None, "created_at": "moment"},
    "self_promises": {"text": None, "person_id": None, "made_by": None, "due_on": "day", "status": None, "resolved_at": "moment", "id": None, "created_at": "moment"},
    "shared_goals": {"goal": None, "why": None, "person_id": None, "review_on": "day", "status": None, "owner_id": None, "shared": "flag", "id": None, "created_at": "moment"},
    "support_contacts": {"name": None, "kind": None, "person_id": None, "helps_with": None, "how_to_reach": None, "owner_id": None, "shared": "flag", "id": None, "created_at": "moment"},
    "thought_records": {"situation": None, "automatic_thought": None, "emotions": "data", "distortions": None, "evidence_for": None, "evidence_against": None, "friend_view": None, "balanced_thought": None, "id": None, "created_at": "moment"},
    "wins": {"what": None, "kind": None, "happened_on": "day", "source_tool": None, "source_id": None, "owner_id": None, "shared": "flag", "id": None, "created_at": "moment"},
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

    return {
        name: {column.name: kind(column) for column in table.columns}
        for name, table in sorted(Base.metadata.tables.items())
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
