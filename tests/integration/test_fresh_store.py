"""A new store is made in one go from ``fresh_store.sql``, and it is exactly the store that
replaying every migration makes: the same tables, indexes, triggers, rows and settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from trustbridge.config import load_settings
from trustbridge.store import db, fresh
from trustbridge.store.db import make_engine, open_store
from trustbridge.store.schema import HEAD_REVISION

PRAGMAS = ("user_version", "application_id", "page_size", "auto_vacuum", "encoding")


def _everything(path: Path) -> dict[str, Any]:
    """All a store file holds that a schema or its first rows could differ in."""
    connection = sqlite3.connect(path)
    try:
        master = connection.execute(
            "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"
        ).fetchall()
        tables = [name for kind, name, _t, _s in master if kind == "table"]
        return {
            "schema": sorted(master),
            "rows": {
                name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"')))
                for name in tables
            },
            "pragmas": {name: connection.execute(f"PRAGMA {name}").fetchall() for name in PRAGMAS},
            "integrity": connection.execute("PRAGMA integrity_check").fetchall(),
        }
    finally:
        connection.close()


def test_a_new_store_is_what_every_migration_makes(tmp_path: Path) -> None:
    made = open_store(load_settings(tmp_path / "new"))
    made.close()
    assert made.settings.sqlite_path is not None
    built, migrated = _everything(made.settings.sqlite_path), _everything(fresh.migrated(tmp_path))
    assert built == migrated
    assert built["integrity"] == [("ok",)] and len(built["schema"]) > 200
    assert built["rows"]["alembic_version"] == [repr((HEAD_REVISION,))]


def test_the_script_is_as_new_as_the_migrations() -> None:
    assert fresh.SCRIPT.read_text(encoding="utf-8") == fresh.migrated_script(), (
        "a migration changed the schema: run `python -m trustbridge.store.fresh` and commit "
        "src/trustbridge/store/fresh_store.sql"
    )


def test_a_store_made_a_moment_before_by_another_process_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(tmp_path)
    open_store(settings).close()
    monkeypatch.setattr(fresh, "is_blank", lambda _engine: True)  # it was, when we looked
    engine = make_engine(settings)
    try:
        assert db.upgrade_if_behind(engine) is False
    finally:
        engine.dispose()
    assert settings.sqlite_path is not None
    assert _everything(settings.sqlite_path)["integrity"] == [("ok",)]


def test_a_store_holding_anything_goes_through_the_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(tmp_path)
    assert settings.sqlite_path is not None
    settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(settings.sqlite_path).execute("CREATE TABLE notes (text)").connection.close()
    upgraded: list[str] = []
    monkeypatch.setattr(command, "upgrade", lambda _config, to: upgraded.append(to))
    engine = make_engine(settings)
    try:
        assert db.upgrade_if_behind(engine) is True
    finally:
        engine.dispose()
    assert upgraded == ["head"]
