"""Search: one FTS5 index of everything a person wrote, inside the store, kept by triggers.

The index is filled from what the store already holds; on a large store this prints a
counter to stderr, so a slow first start after the upgrade is never silent. The columns
indexed are frozen here as they were at this revision; a later migration that adds a
private column calls ``search_index.install`` again with its own list.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10 10:00:00.000000
"""

from alembic import op

from trustbridge.store import search_index

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: table -> (text columns, JSON columns), as the models were at this revision
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "checkins": (("emotion", "note"), ()),
    "journal_entries": (("title", "body"), ()),
    "hurts": (("what_happened", "who", "impact", "belief"), ()),
    "pattern_entries": (("situation", "feeling", "need"), ()),
    "thought_records": (
        ("situation", "automatic_thought", "evidence_for", "evidence_against", "friend_view",
         "balanced_thought"),
        ("emotions",),
    ),
    "beliefs": (("statement",), ()),
    "belief_ratings": (("note",), ()),
    "self_promises": (("text",), ()),
    "self_empathy": (
        ("situation", "acknowledge", "reflect", "validate", "be_kind", "challenge"), ()
    ),
    "affirmations": (("text",), ()),
    "habit_logs": (("note",), ()),
    "people": (("name", "notes", "support"), ()),
    "evidence_events": (("note",), ()),
    "ladder_rungs": (("action", "feeling_after", "learned"), ()),
    "bridge_plans": (("what_broke", "my_expectations", "their_expectations", "agreed_steps"), ()),
    "gut_checks": (("sense", "what_happened"), ()),
    "boundaries": (("statement",), ()),
    "i_statements": (("feel", "when", "because", "need"), ()),
    "boundary_events": (("my_response",), ()),
    "balance_logs": (("note",), ()),
    "partner_checkins": (("went_well", "was_hard", "appreciation", "need", "to_try"), ()),
    "rituals": (("name", "note"), ()),
    "rituals_kept": (("note",), ()),
    "appreciations": (("what",), ()),
    "shared_goals": (("goal", "why"), ()),
    "goal_reviews": (("progress", "next_step"), ()),
    "wins": (("what",), ()),
    "support_contacts": (("name", "helps_with", "how_to_reach"), ()),
    "safety_plans": (
        ("warning_signs", "on_my_own", "distractions", "ask_for_help", "professionals",
         "safer_surroundings", "reasons_for_living"),
        (),
    ),
}  # fmt: skip


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return  # FTS5 is SQLite's; other databases search without this index

    def execute(sql: str) -> object:
        return bind.exec_driver_sql(sql)

    search_index.install(execute, COLUMNS)
    search_index.rebuild(execute, COLUMNS)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in COLUMNS:
        for statement in search_index.drop_trigger_statements(table):
            bind.exec_driver_sql(statement)
    bind.exec_driver_sql(f"DROP TABLE IF EXISTS {search_index.TABLE}")
