"""The same Alembic chain that builds the SQLite store builds exactly the models on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.pool import QueuePool

from trustbridge.config import Settings
from trustbridge.store.db import alembic_config, current_revision, make_engine
from trustbridge.store.migrations import include_name
from trustbridge.store.models import ALL_METADATA
from trustbridge.store.schema import HEAD_REVISION


def _engine(url: str, tmp_path: Path) -> Engine:
    return make_engine(Settings(data_dir=tmp_path, database_url=url))


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        return list(compare_metadata(context, list(ALL_METADATA)))


def test_the_chain_builds_exactly_the_models_and_goes_down_and_up_again(
    database_url: str, tmp_path: Path
) -> None:
    engine = _engine(database_url, tmp_path)
    assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
    assert isinstance(engine.pool, QueuePool)
    config = alembic_config(engine)

    command.upgrade(config, "head")
    assert current_revision(engine) == HEAD_REVISION
    assert _differences(engine) == []

    command.downgrade(config, "base")
    assert current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    command.upgrade(config, "head")
    assert current_revision(engine) == HEAD_REVISION
    assert _differences(engine) == []
    engine.dispose()


def test_every_step_of_the_chain_goes_down_again(database_url: str, tmp_path: Path) -> None:
    """Each revision's downgrade undoes its upgrade, one step at a time, on real data types."""
    engine = _engine(database_url, tmp_path)
    config = alembic_config(engine)
    revisions = ["0001", "0002", "0003", "0004", "0005", "0006", "0007"]
    assert revisions[-1] == HEAD_REVISION
    for revision in revisions:
        command.upgrade(config, revision)
        assert current_revision(engine) == revision
    for before in reversed(revisions[:-1]):
        command.downgrade(config, "-1")
        assert current_revision(engine) == before
    engine.dispose()
