"""Partner spaces, and reports shared with a therapist; on PostgreSQL, who may read what.

Two accounts form a partner space by invitation (``space_members``: an account is in one
space at most, its key). A stage 8 record (partner check-in, ritual, appreciation, shared goal,
win) its author marked ``shared`` may then be read by the other member, and by no one else;
changing, deleting and writing stay its author's alone. Everything else stays its author's.

A person may share a report with an account the operator marked as a therapist
(``accounts.is_therapist``): ``report_shares`` keeps a copy of the report as the person saw it,
readable by that therapist while it is marked as one, until the share's end (``expires_at``)
or until the person takes it back.

On PostgreSQL:

* the five shareable tables get a second policy, ``partner_reads``, for ``SELECT`` only:
  ``shared AND owner_id IN (SELECT trustbridge_partners())``. Permissive policies add up, so
  a row is readable when it is the account's own (``own_rows``, 0008) or shared by its
  partner; ``INSERT``, ``UPDATE`` and ``DELETE`` are held by ``own_rows`` alone;
* ``report_shares`` gets ``own_rows`` (the person: read, write, delete) and
  ``therapist_reads`` (the therapist: read, until it ends by the database's clock), enabled
  and forced; a share may name only an account marked as a therapist;
* ``partner_spaces``, ``space_members`` and ``space_invitations`` get policies so that, as
  the app's role, an account sees only its own space and the invitations to or from it,
  joins a space only by an invitation to its own name (or by founding an empty one), and
  ends only its own space (deleting it, which takes its members and invitation with it).
  They are enabled, not forced: the functions below run as the tables' owner to look the
  space up (a policy on ``space_members`` cannot read ``space_members`` itself).

The functions are ``SECURITY DEFINER`` and read only the transaction's own account
(``trustbridge.account_id``), so calling them tells an account nothing about anyone else's.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 01:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: the stage 8 records an author may share with their partner
SHAREABLE: tuple[str, ...] = (
    "appreciations", "partner_checkins", "rituals", "shared_goals", "wins",
)  # fmt: skip
ACCOUNT = "NULLIF(current_setting('trustbridge.account_id', true), '')::int"
#: the database's own clock, as the naive UTC the columns keep
NOW = "(now() AT TIME ZONE 'UTC')"


def _functions(schema: str) -> list[str]:
    settings = f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp"
    return [
        f"""CREATE FUNCTION trustbridge_space() RETURNS integer {settings} AS $$
            SELECT space_id FROM space_members WHERE account_id = {ACCOUNT} $$""",
        f"""CREATE FUNCTION trustbridge_partners() RETURNS SETOF integer {settings} AS $$
            SELECT other.account_id FROM space_members me
            JOIN space_members other
              ON other.space_id = me.space_id AND other.account_id <> me.account_id
            WHERE me.account_id = {ACCOUNT} $$""",
        f"""CREATE FUNCTION trustbridge_may_join(space integer) RETURNS boolean {settings} AS $$
            SELECT CASE (SELECT count(*) FROM space_members WHERE space_id = space)
              WHEN 0 THEN true
              WHEN 1 THEN EXISTS (
                SELECT 1 FROM space_invitations i JOIN accounts a ON a.name_key = i.invitee_key
                WHERE i.space_id = space AND a.id = {ACCOUNT})
              ELSE false END $$""",
        f"""CREATE FUNCTION trustbridge_name_key() RETURNS text {settings} AS $$
            SELECT name_key FROM accounts WHERE id = {ACCOUNT} $$""",
    ]


FUNCTIONS = ("trustbridge_space()", "trustbridge_partners()", "trustbridge_may_join(integer)",
             "trustbridge_name_key()")  # fmt: skip


def upgrade() -> None:
    op.add_column(
        "accounts",
        sa.Column("is_therapist", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "partner_spaces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "space_members",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["space_id"], ["partner_spaces.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id"),
    )
    op.create_index(op.f("ix_space_members_space_id"), "space_members", ["space_id"])
    op.create_table(
        "space_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("inviter_id", sa.Integer(), nullable=False),
        sa.Column("invitee_key", sa.String(length=64), nullable=False),
        sa.Column("invitee_name", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["space_id"], ["partner_spaces.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["inviter_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("space_id"),
    )
    op.create_index(op.f("ix_space_invitations_inviter_id"), "space_invitations",
                    ["inviter_id"])  # fmt: skip
    op.create_index(op.f("ix_space_invitations_invitee_key"), "space_invitations",
                    ["invitee_key"])  # fmt: skip
    op.create_table(
        "report_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("sections", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["therapist_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_report_shares_owner_id"), "report_shares", ["owner_id"])
    op.create_index(op.f("ix_report_shares_therapist_id"), "report_shares", ["therapist_id"])
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.dialect.identifier_preparer.quote(
        str(bind.exec_driver_sql("SELECT current_schema()").scalar())
    )
    for statement in _functions(schema):
        bind.exec_driver_sql(statement)
    for table in SHAREABLE:
        bind.exec_driver_sql(
            f"CREATE POLICY partner_reads ON {table} FOR SELECT "
            "USING (shared AND owner_id IN (SELECT trustbridge_partners()))"
        )
    run = bind.exec_driver_sql
    run("ALTER TABLE report_shares ENABLE ROW LEVEL SECURITY")
    run("ALTER TABLE report_shares FORCE ROW LEVEL SECURITY")
    run(
        f"CREATE POLICY own_rows ON report_shares USING (owner_id = {ACCOUNT}) "
        f"WITH CHECK (owner_id = {ACCOUNT} AND EXISTS "
        "(SELECT 1 FROM accounts t WHERE t.id = therapist_id AND t.is_therapist))"
    )
    run(
        "CREATE POLICY therapist_reads ON report_shares FOR SELECT "
        f"USING (therapist_id = {ACCOUNT} AND expires_at > {NOW} AND EXISTS "
        "(SELECT 1 FROM accounts t WHERE t.id = therapist_id AND t.is_therapist))"
    )
    run("ALTER TABLE partner_spaces ENABLE ROW LEVEL SECURITY")
    run("CREATE POLICY spaces_read ON partner_spaces FOR SELECT USING (id = trustbridge_space())")
    run("CREATE POLICY spaces_found ON partner_spaces FOR INSERT WITH CHECK (true)")
    run("CREATE POLICY spaces_end ON partner_spaces FOR DELETE USING (id = trustbridge_space())")
    run("ALTER TABLE space_members ENABLE ROW LEVEL SECURITY")
    run(
        "CREATE POLICY members_read ON space_members FOR SELECT "
        f"USING (account_id = {ACCOUNT} OR space_id = trustbridge_space())"
    )
    run(
        "CREATE POLICY members_join ON space_members FOR INSERT "
        f"WITH CHECK (account_id = {ACCOUNT} AND trustbridge_may_join(space_id))"
    )
    run(
        "CREATE POLICY members_leave ON space_members FOR DELETE "
        "USING (space_id = trustbridge_space())"
    )
    run("ALTER TABLE space_invitations ENABLE ROW LEVEL SECURITY")
    run(
        "CREATE POLICY invitations_read ON space_invitations FOR SELECT "
        "USING (space_id = trustbridge_space() OR invitee_key = trustbridge_name_key())"
    )
    run(
        "CREATE POLICY invitations_make ON space_invitations FOR INSERT "
        f"WITH CHECK (space_id = trustbridge_space() AND inviter_id = {ACCOUNT})"
    )
    run(
        "CREATE POLICY invitations_end ON space_invitations FOR DELETE "
        "USING (space_id = trustbridge_space() OR invitee_key = trustbridge_name_key())"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in SHAREABLE:
            bind.exec_driver_sql(f"DROP POLICY IF EXISTS partner_reads ON {table}")
    op.drop_index(op.f("ix_report_shares_therapist_id"), table_name="report_shares")
    op.drop_index(op.f("ix_report_shares_owner_id"), table_name="report_shares")
    op.drop_table("report_shares")
    op.drop_index(op.f("ix_space_invitations_inviter_id"), table_name="space_invitations")
    op.drop_index(op.f("ix_space_invitations_invitee_key"), table_name="space_invitations")
    op.drop_table("space_invitations")
    op.drop_index(op.f("ix_space_members_space_id"), table_name="space_members")
    op.drop_table("space_members")
    op.drop_table("partner_spaces")
    if bind.dialect.name == "postgresql":
        for function in FUNCTIONS:
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}")
    # SQLite drops a column in place (3.35 and later)
    op.drop_column("accounts", "is_therapist")
