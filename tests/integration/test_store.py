"""The store: an unbroken migration chain, run on open only when behind, and errors that keep secrets."""

from __future__ import annotations

import itertools

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from tests.conftest import NOW
from trustbridge.config import Settings
from trustbridge.store import cipherdb
from trustbridge.store.db import alembic_config, make_engine, open_store, upgrade_if_behind
from trustbridge.store.migrations import include_name
from trustbridge.store.models import ALL_METADATA
from trustbridge.store.schema import HEAD_REVISION


def test_chain_is_linear_and_ends_at_the_code_head(settings: Settings) -> None:
    engine = make_engine(settings)
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    heads = scripts.get_heads()
    assert heads == [HEAD_REVISION]
    revisions = list(scripts.walk_revisions())
    assert revisions[-1].down_revision is None
    for newer, older in itertools.pairwise(revisions):
        assert newer.down_revision == older.revision


def test_migrations_create_exactly_what_the_models_describe(settings: Settings) -> None:
    store = open_store(settings)
    with store.engine.connect() as conn:
        options = {"include_name": include_name}
        context = MigrationContext.configure(conn, opts=options)
        differences = compare_metadata(context, list(ALL_METADATA))
    store.close()
    assert differences == []


def test_upgrade_runs_only_when_behind(settings: Settings) -> None:
    store = open_store(settings)
    assert upgrade_if_behind(store.engine) is False
    store.close()
    assert settings.sqlite_path is not None
    with cipherdb.connect(settings.sqlite_path, None) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )


def test_database_errors_never_echo_what_was_written(settings: Settings) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    from trustbridge.store.models import JournalEntry

    store = open_store(settings)
    secret = "a private sentence about my sister"
    with pytest.raises(IntegrityError) as info, store.session() as session:
        session.add(JournalEntry(id=1, created_at=NOW, body=secret))
        session.flush()
        session.add(JournalEntry(id=1, created_at=NOW, body=secret))
    store.close()
    assert secret not in str(info.value)


def test_a_store_from_the_first_release_upgrades_without_losing_entries(
    settings: Settings,
) -> None:
    from alembic import command

    engine = make_engine(settings)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO self_promises (id, created_at, text, due_on, status)"
            " VALUES (1, '2026-01-01 10:00:00.000000', 'Rest', '2026-01-05', 'open')"
        )
    engine.dispose()
    store = open_store(settings)
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT text, made_by, person_id FROM self_promises").one()
    store.close()
    assert tuple(row) == ("Rest", "me", None)


def test_the_upgrade_to_0003_keeps_only_ticked_beliefs(settings: Settings) -> None:
    from alembic import command
    from sqlalchemy import text

    engine = make_engine(settings)
    command.upgrade(alembic_config(engine), "0002")
    with engine.begin() as conn:
        for key, applies in (("feelings_too_much", True), ("distance_is_safer", False)):
            conn.execute(
                text("INSERT INTO learned_belief_marks VALUES (:k, :a, '2026-01-01 00:00:00')"),
                {"k": key, "a": applies},
            )
    engine.dispose()
    store = open_store(settings)
    with store.sessions() as session:
        keys = session.scalars(text("SELECT key FROM learned_belief_marks")).all()
    store.close()
    assert keys == ["feelings_too_much"]
