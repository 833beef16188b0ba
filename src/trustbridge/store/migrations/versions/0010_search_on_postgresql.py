"""Search on PostgreSQL: every table with words a person wrote gets their words, indexed.

A local store searches SQLite's FTS5 index (0005), which PostgreSQL does not have. Here each
of those tables gets a generated column, ``search_words``: the ``tsvector`` of the same
columns 0005 indexes, kept by PostgreSQL itself on every insert and update (so the ORM, plain
SQL and imports all keep it), with a GIN index. The words stay in the rows they came from, so
the row's own ``owner_id`` and row-level security policy (0008) hold them: an account's
search reaches only rows it may read, and the app's role can bypass none of it.

The words are read with the text search configuration ``trustbridge_search``: PostgreSQL's
``simple`` (every word kept, in lower case, no stemming, as FTS5's ``unicode61``), with the
``unaccent`` dictionary in front when the server has the extension, so "cafe" finds "café"
as in a local store. ``unaccent`` is a trusted extension (PostgreSQL 13 and later): the
database's owner may create it, and Debian's ``postgresql`` package ships it. Where it cannot
be had, the configuration is ``simple`` alone and accents count (docs/hosted.md says so).
The downgrade leaves the extension in place: something else in the database may use it.

SQLite is left as it was: its index is 0005's.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 04:30:00.000000
"""

from alembic import op

from trustbridge.store import search_postgres

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

#: table -> (text columns, JSON columns): 0005's list, which the models still have
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
    if bind.dialect.name != "postgresql":
        return  # a local store searches 0005's FTS5 index
    for statement in search_postgres.install_statements(bind.exec_driver_sql, COLUMNS):
        bind.exec_driver_sql(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in search_postgres.remove_statements(COLUMNS):
        bind.exec_driver_sql(statement)
