"""The trust circle reads running totals of the evidence, kept by triggers, not every event.

See :mod:`trustbridge.store.trust_totals`. The totals are made here from the evidence the
store already holds, with the default half-life; a store set to another one has them made
again at its first read.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 09:00:00.000000
"""

from alembic import op

from trustbridge.domain.trust import DEFAULT_HALF_LIFE_DAYS
from trustbridge.store import trust_totals

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_evidence_occurred_on", "evidence_events", ["occurred_on"])
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return  # other databases have no such triggers yet: the circle reads the events there

    def execute(sql: str) -> object:
        return bind.exec_driver_sql(sql)

    trust_totals.install(execute)
    trust_totals.rebuild(execute, DEFAULT_HALF_LIFE_DAYS)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in trust_totals.TRIGGERS:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {trust_totals.TABLE}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {trust_totals.META}")
    op.drop_index("ix_evidence_occurred_on", "evidence_events")
