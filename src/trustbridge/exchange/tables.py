"""The store's tables as exchange sees them: in an order parents come first, with plain names."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Table

from trustbridge.store import models as m

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
}


@cache
def mapped_tables() -> tuple[tuple[Table, Any], ...]:
    """Every table with a model, parents before the rows that refer to them."""
    by_table = {mapper.local_table: mapper.class_ for mapper in m.Base.registry.mappers}
    return tuple(
        (table, by_table[table]) for table in m.Base.metadata.sorted_tables if table in by_table
    )
