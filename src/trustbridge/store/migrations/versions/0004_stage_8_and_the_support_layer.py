"""Stage 8 and the support layer: partner check-ins, rituals, appreciation, shared goals,
wins, the support map, the safety plan, and small preferences such as check-in cadence.

Every new record has an owner (empty in local mode) and a "shared with partner" flag.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 17:39:10.289407
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "preferences",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=256), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "safety_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("warning_signs", sa.Text(), nullable=True),
        sa.Column("on_my_own", sa.Text(), nullable=True),
        sa.Column("distractions", sa.Text(), nullable=True),
        sa.Column("ask_for_help", sa.Text(), nullable=True),
        sa.Column("professionals", sa.Text(), nullable=True),
        sa.Column("safer_surroundings", sa.Text(), nullable=True),
        sa.Column("reasons_for_living", sa.Text(), nullable=True),
        sa.Column("keep_outside", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("safety_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safety_plans_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "wins",
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("source_tool", sa.String(length=32), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("wins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wins_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_wins_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "appreciations",
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("said_out_loud", sa.Boolean(), nullable=True),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appreciations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appreciations_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_appreciations_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appreciations_person_id"), ["person_id"], unique=False)

    op.create_table(
        "partner_checkins",
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("went_well", sa.Text(), nullable=True),
        sa.Column("was_hard", sa.Text(), nullable=True),
        sa.Column("appreciation", sa.Text(), nullable=True),
        sa.Column("need", sa.Text(), nullable=True),
        sa.Column("to_try", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("partner_checkins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_checkins_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partner_checkins_held_on"), ["held_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_partner_checkins_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_checkins_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "rituals",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("cadence", sa.String(length=8), nullable=False),
        sa.Column("weekdays", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rituals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rituals_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_rituals_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rituals_person_id"), ["person_id"], unique=False)

    op.create_table(
        "shared_goals",
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("shared_goals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shared_goals_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_shared_goals_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shared_goals_person_id"), ["person_id"], unique=False)

    op.create_table(
        "support_contacts",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("helps_with", sa.Text(), nullable=True),
        sa.Column("how_to_reach", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("support_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_support_contacts_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_support_contacts_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_support_contacts_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "goal_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("still_ours", sa.Boolean(), nullable=True),
        sa.Column("progress", sa.Text(), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["shared_goals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("goal_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_reviews_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "rituals_kept",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ritual_id", sa.Integer(), nullable=False),
        sa.Column("kept_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["ritual_id"], ["rituals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rituals_kept", schema=None) as batch_op:
        batch_op.create_index("ix_rituals_kept_day", ["ritual_id", "kept_on"], unique=True)
        batch_op.create_index(batch_op.f("ix_rituals_kept_ritual_id"), ["ritual_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rituals_kept", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rituals_kept_ritual_id"))
        batch_op.drop_index("ix_rituals_kept_day")

    op.drop_table("rituals_kept")
    with op.batch_alter_table("goal_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_reviews_goal_id"))

    op.drop_table("goal_reviews")
    with op.batch_alter_table("support_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_contacts_person_id"))
        batch_op.drop_index(batch_op.f("ix_support_contacts_owner_id"))
        batch_op.drop_index(batch_op.f("ix_support_contacts_created_at"))

    op.drop_table("support_contacts")
    with op.batch_alter_table("shared_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_goals_person_id"))
        batch_op.drop_index(batch_op.f("ix_shared_goals_owner_id"))
        batch_op.drop_index(batch_op.f("ix_shared_goals_created_at"))

    op.drop_table("shared_goals")
    with op.batch_alter_table("rituals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rituals_person_id"))
        batch_op.drop_index(batch_op.f("ix_rituals_owner_id"))
        batch_op.drop_index(batch_op.f("ix_rituals_created_at"))

    op.drop_table("rituals")
    with op.batch_alter_table("partner_checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_checkins_person_id"))
        batch_op.drop_index(batch_op.f("ix_partner_checkins_owner_id"))
        batch_op.drop_index(batch_op.f("ix_partner_checkins_held_on"))
        batch_op.drop_index(batch_op.f("ix_partner_checkins_created_at"))

    op.drop_table("partner_checkins")
    with op.batch_alter_table("appreciations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appreciations_person_id"))
        batch_op.drop_index(batch_op.f("ix_appreciations_owner_id"))
        batch_op.drop_index(batch_op.f("ix_appreciations_created_at"))

    op.drop_table("appreciations")
    with op.batch_alter_table("wins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wins_owner_id"))
        batch_op.drop_index(batch_op.f("ix_wins_created_at"))

    op.drop_table("wins")
    with op.batch_alter_table("safety_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_plans_owner_id"))

    op.drop_table("safety_plans")
    op.drop_table("preferences")
