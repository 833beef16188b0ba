"""Check-in, journal and the tools of stages 1-4

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 06:19:44.916287
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "affirmations",
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("affirmations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_affirmations_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "beliefs",
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("beliefs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_beliefs_created_at"), ["created_at"], unique=False)

    op.create_table(
        "checkins",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("mood", sa.Integer(), nullable=False),
        sa.Column("emotion", sa.Text(), nullable=True),
        sa.Column("energy", sa.Integer(), nullable=True),
        sa.Column("connection", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkins_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkins_day"), ["day"], unique=False)

    op.create_table(
        "habit_logs",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("movement_minutes", sa.Integer(), nullable=True),
        sa.Column("food", sa.Integer(), nullable=True),
        sa.Column("creative_minutes", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("habit_logs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_habit_logs_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_habit_logs_day"), ["day"], unique=False)

    op.create_table(
        "hurts",
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("who", sa.Text(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("impact", sa.Text(), nullable=True),
        sa.Column("belief", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("hurts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hurts_created_at"), ["created_at"], unique=False)

    op.create_table(
        "journal_entries",
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_journal_entries_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "learned_belief_marks",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("applies", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "mindful_pauses",
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mindful_pauses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mindful_pauses_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "pattern_entries",
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("pattern", sa.String(length=64), nullable=False),
        sa.Column("feeling", sa.Text(), nullable=True),
        sa.Column("need", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pattern_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pattern_entries_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "safety_checks",
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("safety_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safety_checks_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "self_empathy",
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("acknowledge", sa.Text(), nullable=False),
        sa.Column("reflect", sa.Text(), nullable=True),
        sa.Column("validate", sa.Text(), nullable=True),
        sa.Column("be_kind", sa.Text(), nullable=True),
        sa.Column("challenge", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("self_empathy", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_self_empathy_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "self_promises",
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("self_promises", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_self_promises_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index("ix_self_promises_status_due", ["status", "due_on"], unique=False)

    op.create_table(
        "thought_records",
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("automatic_thought", sa.Text(), nullable=False),
        sa.Column("emotions", sa.Text(), nullable=False),
        sa.Column("distortions", sa.String(length=1000), nullable=False),
        sa.Column("evidence_for", sa.Text(), nullable=True),
        sa.Column("evidence_against", sa.Text(), nullable=True),
        sa.Column("friend_view", sa.Text(), nullable=True),
        sa.Column("balanced_thought", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("thought_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thought_records_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "belief_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("belief_id", sa.Integer(), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("believability", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["belief_id"], ["beliefs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("belief_ratings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_belief_ratings_belief_id"), ["belief_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("belief_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_belief_ratings_belief_id"))

    op.drop_table("belief_ratings")
    with op.batch_alter_table("thought_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thought_records_created_at"))

    op.drop_table("thought_records")
    with op.batch_alter_table("self_promises", schema=None) as batch_op:
        batch_op.drop_index("ix_self_promises_status_due")
        batch_op.drop_index(batch_op.f("ix_self_promises_created_at"))

    op.drop_table("self_promises")
    with op.batch_alter_table("self_empathy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_empathy_created_at"))

    op.drop_table("self_empathy")
    with op.batch_alter_table("safety_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_checks_created_at"))

    op.drop_table("safety_checks")
    with op.batch_alter_table("pattern_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pattern_entries_created_at"))

    op.drop_table("pattern_entries")
    with op.batch_alter_table("mindful_pauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mindful_pauses_created_at"))

    op.drop_table("mindful_pauses")
    op.drop_table("learned_belief_marks")
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_entries_created_at"))

    op.drop_table("journal_entries")
    with op.batch_alter_table("hurts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hurts_created_at"))

    op.drop_table("hurts")
    with op.batch_alter_table("habit_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_habit_logs_day"))
        batch_op.drop_index(batch_op.f("ix_habit_logs_created_at"))

    op.drop_table("habit_logs")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkins_day"))
        batch_op.drop_index(batch_op.f("ix_checkins_created_at"))

    op.drop_table("checkins")
    with op.batch_alter_table("beliefs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_beliefs_created_at"))

    op.drop_table("beliefs")
    with op.batch_alter_table("affirmations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_affirmations_created_at"))

    op.drop_table("affirmations")
