"""The same Alembic chain that builds the SQLite store builds exactly the models on PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.pool import QueuePool

from tests.hosted import cluster as pg
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
    revisions = [
        "0001",
        "0002",
        "0003",
        "0004",
        "0005",
        "0006",
        "0007",
        "0008",
        "0009",
        "0010",
        "0011",
    ]
    assert revisions[-1] == HEAD_REVISION
    for revision in revisions:
        command.upgrade(config, revision)
        assert current_revision(engine) == revision
    for before in reversed(revisions[:-1]):
        command.downgrade(config, "-1")
        assert current_revision(engine) == before
    engine.dispose()


def test_rows_from_before_0008_go_to_the_only_account_or_to_nobody(
    database_url: str, tmp_path: Path
) -> None:
    """With one account, its rows are its own after 0008; with two, whose they were is not
    known, and row-level security hides them from both (docs/hosted.md)."""
    from sqlalchemy import text

    for accounts, expected in ((1, 1), (2, None)):
        engine = _engine(database_url, tmp_path)
        config = alembic_config(engine)
        command.downgrade(config, "base") if current_revision(engine) else None
        command.upgrade(config, "0007")
        with engine.begin() as conn:
            for n in range(accounts):
                conn.execute(
                    text(
                        "INSERT INTO accounts (name, name_key, password_hash, is_admin, "
                        "created_at) VALUES (:n, :n, 'x', false, now())"
                    ),
                    {"n": f"a{n}"},
                )
            conn.execute(text("INSERT INTO journal_entries (body, created_at) VALUES ('x', now())"))
        command.upgrade(config, "head")
        with engine.connect() as conn:
            owner = conn.scalar(text("SELECT owner_id FROM journal_entries"))
            first = conn.scalar(text("SELECT min(id) FROM accounts"))
        assert owner == (first if expected else None)
        engine.dispose()


def test_0011_deletes_the_feed_tokens_hosted_pages_kept_as_settings(
    postgres: pg.Cluster, tmp_path: Path
) -> None:
    """As the tables' owner (not a superuser: row-level security holds it), the plain-text
    feed tokens go and every other setting stays."""
    import psycopg
    from sqlalchemy import text

    name = f"feeds_{os.getpid()}"
    with psycopg.connect(
        postgres.url.replace("postgresql+psycopg", "postgresql"), autocommit=True
    ) as c:
        if c.execute("SELECT 1 FROM pg_roles WHERE rolname = 'feed_owner'").fetchone() is None:
            c.execute("CREATE ROLE feed_owner LOGIN")
        c.execute(f'CREATE DATABASE "{name}" OWNER feed_owner')
    engine = _engine(f"postgresql+psycopg://feed_owner@127.0.0.1:{postgres.port}/{name}", tmp_path)
    as_account = text("SELECT set_config('trustbridge.account_id', :a, true)")
    try:
        config = alembic_config(engine)
        command.upgrade(config, "0010")
        with engine.begin() as conn:
            account = conn.scalar(
                text(
                    "INSERT INTO accounts (name, name_key, password_hash, is_admin, created_at)"
                    " VALUES ('a', 'a', 'x', false, now()) RETURNING id"
                )
            )
            conn.execute(as_account, {"a": str(account)})
            for key in ("reminders_feed_token", "partner_checkin_every"):
                conn.execute(
                    text(
                        "INSERT INTO preferences (key, value, updated_at, owner_id)"
                        " VALUES (:k, 'v', now(), :a)"
                    ),
                    {"k": key, "a": account},
                )
        command.upgrade(config, "0011")
        with engine.begin() as conn:
            conn.execute(as_account, {"a": str(account)})
            assert conn.scalars(text("SELECT key FROM preferences")).all() == [
                "partner_checkin_every"
            ]
            forced = conn.scalar(
                text("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'preferences'")
            )
        assert forced is True
    finally:
        engine.dispose()
        pg.drop_database(postgres, name)
