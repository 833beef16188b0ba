"""Hosted mode's calendar feed: each account's private address, kept only as a hash.

A calendar app reads the feed with nothing but the token in its address, so the account is
found from the token before anything of the account is read: this table is looked up by the
token's hash, as sessions are (0007), and the reminders are then read as that account, under
row-level security. One row per account; making a new address replaces it. Made in every
store so the chain stays one; a local store leaves it empty (its feed's token is a setting of
the encrypted store).

Before this revision a hosted account's reminders page kept a feed token of the local kind
among the account's settings, in plain text, although no hosted feed ever read it: on
PostgreSQL those settings are deleted. The tables' owner is held by row-level security too
(0008 forces it), so for that one statement the policy is lifted for the owner and put back,
in the same transaction. The downgrade does not bring them back.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 13:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

#: the setting's name then (trustbridge.domain.reminders.FEED_TOKEN_KEY), as it was
FEED_TOKEN_KEY = "reminders_feed_token"

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id"),
        sa.UniqueConstraint("token_hash"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE preferences NO FORCE ROW LEVEL SECURITY")
        op.execute(
            sa.text("DELETE FROM preferences WHERE key = :key").bindparams(key=FEED_TOKEN_KEY)
        )
        op.execute("ALTER TABLE preferences FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.drop_table("calendar_feeds")
