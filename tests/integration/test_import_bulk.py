"""A full export restored in bulk: the triggers' work is done once at the end, and the search
index, the trust totals and the triggers themselves come out exactly as if every row had been
inserted with its triggers firing; a failure puts everything back as it was.

A small import keeps its triggers firing (cheaper than taking them away and back): every test
here holds them back whatever the size, but for the one that compares both ways."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from tests.conftest import NOW
from tests.integration.test_exchange_hardening import _fill
from tests.integration.test_exchange_stream import bulk
from trustbridge.config import load_settings
from trustbridge.exchange import common, json_format
from trustbridge.services import entries
from trustbridge.store import bulk as bulk_store
from trustbridge.store import models as m
from trustbridge.store.db import Store, open_store


@pytest.fixture(autouse=True)
def held_back_at_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "HOLD_BACK_FROM", 1)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(load_settings(tmp_path / "fresh"))
    yield opened
    opened.close()


def _written(store: Store) -> bytes:
    out = io.StringIO()
    json_format.write_json(store, NOW, out)
    return out.getvalue().encode()


def _rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(sql).fetchall()]


def _triggers(store: Store) -> list[tuple[Any, ...]]:
    return _rows(store, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1")


def _indexes(store: Store) -> list[tuple[Any, ...]]:
    return _rows(store, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
                 "ORDER BY 1")  # fmt: skip


def _index(store: Store) -> list[tuple[Any, ...]]:
    return _rows(store, "SELECT rowid, text FROM search_index ORDER BY rowid")


def _settings(store: Store) -> list[tuple[Any, ...]]:
    """The search index's own settings (FTS5's ``search_index_config``)."""
    return _rows(store, "SELECT k, v FROM search_index_config ORDER BY k")


def _totals(store: Store) -> list[tuple[Any, ...]]:
    return _rows(store, "SELECT * FROM trust_totals ORDER BY person_id, dimension, positive")


@pytest.mark.parametrize("hold_back_from", [1, 10**9])
def test_the_index_and_totals_are_what_the_triggers_made(
    store: Store, fresh: Store, hold_back_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "HOLD_BACK_FROM", hold_back_from)
    _fill(store)  # every kind of record, words in JSON columns too
    bulk(store, journal=300, checkins=200, evidence=400)
    json_format.apply(fresh, _written(store), NOW)
    assert _index(fresh) == _index(store) and len(_index(fresh)) > 900
    restored, kept = _totals(fresh), _totals(store)
    assert [row[:3] + row[4:] for row in restored] == [row[:3] + row[4:] for row in kept]
    assert [row[3] for row in restored] == pytest.approx([row[3] for row in kept], rel=1e-12)
    assert _triggers(fresh) == _triggers(store)
    assert _indexes(fresh) == _indexes(store)
    assert _settings(fresh) == _settings(store)  # filled in bulk, then set back
    assert _rows(fresh, "PRAGMA integrity_check") == [("ok",)]  # each index holds every row
    with fresh.engine.begin() as connection:  # FTS5 raises if its index and rows disagree
        connection.exec_driver_sql(
            "INSERT INTO search_index(search_index) VALUES('integrity-check')"
        )


def test_settings_made_before_are_kept_after_a_bulk_fill(store: Store, fresh: Store) -> None:
    """A setting of the index made earlier is what it was after an import (one never made
    stays unmade)."""
    with fresh.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO search_index(search_index, rank) VALUES('automerge', 8)"
        )
    before = _settings(fresh)
    bulk(store, journal=50)
    json_format.apply(fresh, _written(store), NOW)
    assert _settings(fresh) == before and ("automerge", 8) in before
    assert not any(name == "hashsize" for name, _ in before)


def test_the_indexes_are_made_again_and_used(store: Store, fresh: Store) -> None:
    """Dropped while the rows go in (but for unique ones), made again from their own SQL."""
    bulk(store, journal=20, evidence=30)
    json_format.IMPORTER.import_now(fresh, _written(store), NOW)
    assert _indexes(fresh) == _indexes(store) and len(_indexes(fresh)) > 80
    plan = _rows(fresh, "EXPLAIN QUERY PLAN SELECT id FROM evidence_events WHERE person_id = 1")
    assert "ix_evidence" in str(plan)


def test_the_triggers_work_again_after_an_import(store: Store, fresh: Store) -> None:
    bulk(store, journal=20)
    json_format.apply(fresh, _written(store), NOW)
    entries.add(fresh, "journal", {"title": "After", "body": "a heron by the canal"}, NOW)
    assert any("heron" in text for _, text in _index(fresh))


def test_a_failure_leaves_the_triggers_and_the_index_as_they_were(
    store: Store, fresh: Store
) -> None:
    bulk(store, journal=1500, evidence=1200)
    before, settings_before = _triggers(fresh), _settings(fresh)

    def fail_at_the_end(done: int, total: int) -> None:
        if done == total:
            raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        json_format.apply(fresh, _written(store), NOW, fail_at_the_end)
    assert json_format.is_empty(fresh)
    assert _triggers(fresh) == before and len(before) > 80
    assert _indexes(fresh) == _indexes(store)
    assert not _index(fresh) and not _totals(fresh)
    assert _settings(fresh) == settings_before


def test_a_trigger_it_does_not_know_keeps_firing_row_by_row() -> None:
    ours = [
        ("search_index_checkins_ai", "CREATE TRIGGER search_index_checkins_ai AFTER INSERT ON "
         "checkins BEGIN INSERT INTO search_index(rowid, text) VALUES (((1 << 40) | NEW.id), "
         "concat_ws(' ', NEW.\"emotion\", NEW.\"note\")); END"),
        ("trust_totals_ai", "CREATE TRIGGER trust_totals_ai AFTER INSERT ON evidence_events ..."),
    ]  # fmt: skip
    assert bulk_store._replays(ours) == [
        'INSERT INTO search_index(rowid, text) SELECT ((1 << 40) | "checkins".id), '
        'concat_ws(\' \', "checkins"."emotion", "checkins"."note") FROM "checkins"'
    ]
    theirs = ("audit_ai", "CREATE TRIGGER audit_ai AFTER INSERT ON checkins BEGIN SELECT 1; END")
    assert bulk_store._replays([*ours, theirs]) is None


def test_rows_are_stored_exactly_as_the_app_stores_them(store: Store, fresh: Store) -> None:
    """Times, days, flags and JSON as the same text the app writes (a time kept as
    ``2025-01-01 08:00:00`` instead of ``…08:00:00.000000`` would sort and compare wrongly)."""
    _fill(store)
    bulk(store, journal=30, checkins=30, evidence=30)
    json_format.apply(fresh, _written(store), NOW)
    tables = [name for (name,) in _rows(store, "SELECT name FROM sqlite_master WHERE type = "
              "'table' AND name NOT LIKE 'search_index%' AND name NOT LIKE 'sqlite%' "
              "AND name NOT IN ('alembic_version', 'trust_totals')")]  # fmt: skip
    assert "checkins" in tables and "thought_records" in tables
    for name in tables:
        query = f'SELECT * FROM "{name}" ORDER BY 1'
        assert _rows(fresh, query) == _rows(store, query), name


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(dt.datetime(1900, 1, 2), dt.datetime(2200, 12, 30)),
    offset=st.integers(-14 * 60, 14 * 60),
)
def test_times_and_days_are_written_as_sqlalchemy_writes_them(
    moment: dt.datetime, offset: int
) -> None:
    """The quicker ``isoformat`` text of a time or a day is SQLAlchemy's own, to the character."""
    dialect = sqlite.dialect()
    aware = moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=offset)))
    for column, value in ((m.JournalEntry.__table__.c.created_at, aware),
                          (m.CheckIn.__table__.c.day, moment.date())):  # fmt: skip
        processor = column.type.dialect_impl(dialect).bind_processor(dialect)
        assert processor is not None
        assert common.sqlite_text(column, processor)(value) == processor(value)
    time = m.JournalEntry.__table__.c.created_at
    processor = time.type.dialect_impl(dialect).bind_processor(dialect)
    with pytest.raises(ValueError, match="naive"):  # still refused, by the type itself
        common.sqlite_text(time, processor)(moment)
