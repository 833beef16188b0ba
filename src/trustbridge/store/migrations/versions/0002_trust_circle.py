"""People, evidence and the tools of stages 5-7

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:12:33.761317
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "balance_logs",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("alone_minutes", sa.Integer(), nullable=False),
        sa.Column("connected_minutes", sa.Integer(), nullable=False),
        sa.Column("solitude_met", sa.Boolean(), nullable=True),
        sa.Column("closeness_met", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("balance_logs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_balance_logs_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_balance_logs_day"), ["day"], unique=False)

    op.create_table(
        "boundaries",
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("non_negotiable", sa.Boolean(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("boundaries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_boundaries_created_at"), ["created_at"], unique=False)

    op.create_table(
        "people",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("support", sa.Text(), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_created_at"), ["created_at"], unique=False)

    op.create_table(
        "boundary_events",
        sa.Column("boundary_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("respected", sa.Boolean(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("my_response", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["boundary_id"], ["boundaries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("boundary_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_boundary_events_boundary_id"), ["boundary_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_boundary_events_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_boundary_events_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "bridge_plans",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("what_broke", sa.Text(), nullable=True),
        sa.Column("my_expectations", sa.Text(), nullable=True),
        sa.Column("their_expectations", sa.Text(), nullable=True),
        sa.Column("agreed_steps", sa.Text(), nullable=True),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("next_checkin_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id"),
    )
    with op.batch_alter_table("bridge_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bridge_plans_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "evidence_events",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.String(length=16), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_events_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evidence_events_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index("ix_evidence_person_day", ["person_id", "occurred_on"], unique=False)

    op.create_table(
        "gut_checks",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("sense", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=False),
        sa.Column("came_true", sa.Boolean(), nullable=True),
        sa.Column("what_happened", sa.Text(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gut_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gut_checks_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_gut_checks_person_id"), ["person_id"], unique=False)

    op.create_table(
        "i_statements",
        sa.Column("boundary_id", sa.Integer(), nullable=True),
        sa.Column("feel", sa.Text(), nullable=False),
        sa.Column("when", sa.Text(), nullable=False),
        sa.Column("because", sa.Text(), nullable=True),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["boundary_id"], ["boundaries.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("i_statements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_i_statements_boundary_id"), ["boundary_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_i_statements_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "ladder_rungs",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("risk", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("fear_before", sa.Integer(), nullable=True),
        sa.Column("response", sa.String(length=16), nullable=True),
        sa.Column("feeling_after", sa.Text(), nullable=True),
        sa.Column("learned", sa.Text(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ladder_rungs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ladder_rungs_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ladder_rungs_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("self_promises", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("made_by", sa.String(length=8), nullable=False, server_default="me")
        )
        batch_op.create_index(batch_op.f("ix_self_promises_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_self_promises_person_id_people", "people", ["person_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    with op.batch_alter_table("self_promises", schema=None) as batch_op:
        batch_op.drop_constraint("fk_self_promises_person_id_people", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_self_promises_person_id"))
        batch_op.drop_column("made_by")
        batch_op.drop_column("person_id")

    with op.batch_alter_table("ladder_rungs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ladder_rungs_person_id"))
        batch_op.drop_index(batch_op.f("ix_ladder_rungs_created_at"))

    op.drop_table("ladder_rungs")
    with op.batch_alter_table("i_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_i_statements_created_at"))
        batch_op.drop_index(batch_op.f("ix_i_statements_boundary_id"))

    op.drop_table("i_statements")
    with op.batch_alter_table("gut_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gut_checks_person_id"))
        batch_op.drop_index(batch_op.f("ix_gut_checks_created_at"))

    op.drop_table("gut_checks")
    with op.batch_alter_table("evidence_events", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_person_day")
        batch_op.drop_index(batch_op.f("ix_evidence_events_person_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_events_created_at"))

    op.drop_table("evidence_events")
    with op.batch_alter_table("bridge_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bridge_plans_created_at"))

    op.drop_table("bridge_plans")
    with op.batch_alter_table("boundary_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_boundary_events_person_id"))
        batch_op.drop_index(batch_op.f("ix_boundary_events_created_at"))
        batch_op.drop_index(batch_op.f("ix_boundary_events_boundary_id"))

    op.drop_table("boundary_events")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_created_at"))

    op.drop_table("people")
    with op.batch_alter_table("boundaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_boundaries_created_at"))

    op.drop_table("boundaries")
    with op.batch_alter_table("balance_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_balance_logs_day"))
        batch_op.drop_index(batch_op.f("ix_balance_logs_created_at"))

    op.drop_table("balance_logs")
