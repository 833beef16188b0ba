"""Every row of personal data has an owner, and on PostgreSQL the database keeps them apart.

Every table that holds something a person wrote or chose gets ``owner_id`` (the tables of stage
8 and the support layer had one since 0004): empty in a local store, the account's id in
hosted mode. On PostgreSQL each of these tables then gets row-level security, enabled and
forced (so the tables' owner is held to it too), with one policy: a row can be seen, changed,
deleted or written only when its ``owner_id`` is the account the transaction runs as
(``set_config('trustbridge.account_id', ..., true)``, which hosted mode sets at the start of
every transaction). A transaction that names no account sees no rows at all.

Rows kept under another (a belief's ratings, the days a ritual was kept, a goal's reviews)
have an owner and a policy of their own rather than one through their parent: the same rule
everywhere is simpler to check, and a row can never be reached by a query that forgets the
join.

A setting (``preferences``) and a ticked belief (``learned_belief_marks``) were keyed by their
name alone; on PostgreSQL the key becomes the pair (owner, name), so each account has its own.
A local store keeps ``key`` as its primary key (one person: nothing to tell apart).

Rows written on PostgreSQL before this revision have no owner and no way to tell whose they
were. When the database has exactly one account, they are given to it; otherwise they stay
without an owner, which the policies hide from every account (docs/hosted.md says so).

The search index and the trust circle's running totals are kept by SQLite triggers and exist
only in local stores (0005, 0006), where there is one person; PostgreSQL has neither.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 23:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: the tables that had no owner until now
NEW: tuple[str, ...] = (
    "affirmations", "balance_logs", "belief_ratings", "beliefs", "boundaries",
    "boundary_events", "bridge_plans", "checkins", "evidence_events", "goal_reviews",
    "gut_checks", "habit_logs", "hurts", "i_statements", "journal_entries", "ladder_rungs",
    "learned_belief_marks", "mindful_pauses", "pattern_entries", "people", "preferences",
    "rituals_kept", "safety_checks", "self_empathy", "self_promises", "thought_records",
)  # fmt: skip
#: the tables with an owner since 0004
OLDER: tuple[str, ...] = (
    "appreciations", "partner_checkins", "rituals", "safety_plans", "shared_goals",
    "support_contacts", "wins",
)  # fmt: skip
#: every table of personal data, as it was at this revision
PERSONAL: tuple[str, ...] = tuple(sorted(NEW + OLDER))
#: tables keyed by a name, which becomes per account
KEYED: tuple[str, ...] = ("learned_belief_marks", "preferences")
#: the policy every personal table gets on PostgreSQL
POLICY = "own_rows"
ACCOUNT = "NULLIF(current_setting('trustbridge.account_id', true), '')::int"


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    for table in NEW:
        op.add_column(table, sa.Column("owner_id", sa.Integer(), nullable=True))
        op.create_index(f"ix_{table}_owner_id", table, ["owner_id"], unique=False)
    for table in KEYED:
        if postgres:
            op.drop_constraint(f"{table}_pkey", table, type_="primary")
        op.create_index(f"ux_{table}_owner_key", table, ["owner_id", "key"], unique=True)
    if not postgres:
        return
    accounts = [row[0] for row in bind.exec_driver_sql("SELECT id FROM accounts").fetchall()]
    for table in PERSONAL:
        if len(accounts) == 1:
            bind.exec_driver_sql(
                f"UPDATE {table} SET owner_id = %(id)s WHERE owner_id IS NULL", {"id": accounts[0]}
            )
        bind.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        bind.exec_driver_sql(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        bind.exec_driver_sql(
            f"CREATE POLICY {POLICY} ON {table} "
            f"USING (owner_id = {ACCOUNT}) WITH CHECK (owner_id = {ACCOUNT})"
        )


def downgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        for table in PERSONAL:
            bind.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            bind.exec_driver_sql(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            bind.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table in KEYED:
        op.drop_index(f"ux_{table}_owner_key", table_name=table)
        if postgres:  # fails if two accounts kept the same setting: then there is no way back
            op.create_primary_key(f"{table}_pkey", table, ["key"])
    for table in NEW:
        op.drop_index(f"ix_{table}_owner_id", table_name=table)
        # SQLite drops a column in place (3.35 and later): its triggers stay as they are
        bind.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN owner_id")
