"""``import json --yes`` into a local store, on its own connection without SQLAlchemy
(``exchange.json_restore``): the same rows, search index, trust totals, triggers, counts and
messages as the long way (``json_format.restore``), in one transaction or not at all."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW
from tests.integration.test_cli import imported, run_process
from tests.integration.test_exchange_hardening import _fill
from tests.integration.test_exchange_stream import bulk
from trustbridge.cli.messages import NOT_EMPTY_HINT
from trustbridge.config import Settings, load_settings
from trustbridge.exchange import json_format, json_restore
from trustbridge.exchange.common import ExchangeError
from trustbridge.services import entries, security
from trustbridge.store import quick
from trustbridge.store.db import Store, open_store

#: every table but FTS5's own (its rows are compared through ``search_index`` itself)
_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index_%'"
    " AND name NOT LIKE 'sqlite%' ORDER BY name"
)


def _fresh(folder: Path, passphrase: str | None = None) -> Settings:
    made = security.create(load_settings(folder), passphrase)
    open_store(made.settings).close()
    return made.settings


def _quick(settings: Settings, source: bytes) -> tuple[Any, Any]:
    assert settings.sqlite_path is not None
    conn = quick.connect(settings.sqlite_path, settings.key)
    assert conn is not None
    try:
        return json_restore.restore(conn, source, NOW)
    finally:
        conn.close()


def _everything(settings: Settings) -> dict[str, Any]:
    """Every row of every table, the schema and the index's settings, as SQLite holds them."""
    assert settings.sqlite_path is not None
    conn = quick.connect(settings.sqlite_path, settings.key)
    assert conn is not None
    try:
        found = {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for (name,) in conn.execute(_TABLES).fetchall()
            if name != "trust_totals"
        }
        found["trust_totals"] = [
            (*row[:3], round(row[3], 9), *row[4:])
            for row in conn.execute("SELECT * FROM trust_totals ORDER BY 1, 2, 3").fetchall()
        ]
        found["schema"] = conn.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall()
        found["config"] = conn.execute("SELECT * FROM search_index_config").fetchall()
        conn.execute("INSERT INTO search_index(search_index) VALUES('integrity-check')")
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    return found


def _export(store: Store) -> bytes:
    out = io.StringIO()
    json_format.write_json(store, NOW, out)
    return out.getvalue().encode()


@pytest.fixture
def source(store: Store) -> bytes:
    _fill(store)  # every kind of record, words in JSON columns too
    bulk(store, journal=120, checkins=80, evidence=150)
    entries.add(store, "journal", {"title": "Late", "body": "I want to end my life"}, NOW)
    return _export(store)


def _both_ways(folder: Path, source: bytes) -> tuple[Any, Any]:
    """``source`` restored the long way and the quick way into two new stores: what each
    said, once the stores were found to hold exactly the same."""
    long, short = _fresh(folder / "long"), _fresh(folder / "short")
    with_orm = open_store(long)
    try:
        expected = json_format.restore(with_orm, source, NOW)
    finally:
        with_orm.close()
    found = _quick(short, source)
    assert _everything(short) == _everything(long)
    return found, expected


def test_it_stores_exactly_what_the_long_way_stores(tmp_path: Path, source: bytes) -> None:
    found, expected = _both_ways(tmp_path, source)
    assert found == expected and expected[1].crisis_entries >= 1


_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(st.tuples(st.none() | _TEXT, _TEXT), min_size=1, max_size=6))
def test_any_text_is_stored_as_the_long_way_stores_it(
    tmp_path_factory: pytest.TempPathFactory, texts: list[tuple[str | None, str]]
) -> None:
    folder = tmp_path_factory.mktemp("any")
    made = open_store(_fresh(folder / "made"))
    try:
        for title, body in texts:
            entries.add(made, "journal", {"title": title, "body": f"{body}."}, NOW)
        source = _export(made)
    finally:
        made.close()
    found, expected = _both_ways(folder, source)
    assert found == expected


def test_an_encrypted_store_is_restored_too(tmp_path: Path, source: bytes) -> None:
    short = _fresh(tmp_path / "short", "correct horse battery staple")
    assert short.key is not None
    preview, stored = _quick(short, source)
    assert stored.total == preview.total > 300
    assert _everything(short)["journal_entries"]


def _bad_at_the_end(source: bytes) -> bytes:
    """The export with its very last row referring to a person who is not in the file."""
    document = json.loads(source)
    document["tables"]["evidence_events"][-1]["person_id"] = 999_999
    return json.dumps(document).encode()


@pytest.mark.parametrize("how", ["bad last row", "failure half way"])
def test_a_problem_anywhere_leaves_the_store_as_it_was(
    tmp_path: Path, source: bytes, how: str
) -> None:
    short = _fresh(tmp_path / "short")
    before = _everything(short)
    assert short.sqlite_path is not None
    conn = quick.connect(short.sqlite_path, None)
    assert conn is not None

    def fail_half_way(done: int, _total: int) -> None:
        if done > 200:
            raise OSError("the disk went away")

    try:
        if how == "bad last row":
            with pytest.raises(ExchangeError, match="refers to people 999999"):
                json_restore.restore(conn, _bad_at_the_end(source), NOW)
        else:
            with pytest.raises(OSError, match="disk went away"):
                json_restore.restore(conn, source, NOW, fail_half_way)
        assert not conn.in_transaction
    finally:
        conn.close()
    assert _everything(short) == before


def test_a_store_with_entries_is_refused(store: Store, settings: Settings, source: bytes) -> None:
    with pytest.raises(ExchangeError, match="already has entries"):
        _quick(settings, source)


@pytest.fixture
def exported(tmp_path: Path, source: bytes) -> Iterator[Path]:
    path = tmp_path / "export.json"
    path.write_bytes(source)
    yield path


def test_the_command_restores_without_sqlalchemy(tmp_path: Path, exported: Path) -> None:
    """Neither the ORM nor Typer is loaded; a store with entries is refused as before."""
    home = _fresh(tmp_path / "home").data_dir
    done = run_process("import", "json", str(exported), "-y", home=home, importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not imported(done.stderr) & {"sqlalchemy", "typer", "alembic", "pydantic", "numpy"}
    assert b"Imported 397 records from a Trustbridge export." in done.stdout
    again = run_process("import", "json", str(exported), "--yes", home=home)
    assert again.returncode != 0
    assert again.stderr.decode() == f"{json_format.NOT_EMPTY}\n{NOT_EMPTY_HINT}\n"
