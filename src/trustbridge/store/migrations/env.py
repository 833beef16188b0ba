"""Alembic environment: runs on the engine handed in by the store, never one built here."""

from alembic import context

from trustbridge.store.migrations import include_name
from trustbridge.store.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()
