"""Keep a learned-belief mark only for a belief that is ticked

Earlier versions kept a row for every item on the checklist, ticked or not, so a count of
rows ("11 learned-belief marks") was not what the person had ticked. A mark that is not
ticked says nothing, so those rows go.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM learned_belief_marks WHERE NOT applies"))


def downgrade() -> None:
    # nothing to restore: an item without a row reads as not ticked, as it did before
    pass
