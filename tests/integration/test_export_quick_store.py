"""Both exports of a store with every kind of record, written text that tries to break them and
rows across many chunks: the same bytes as the plain ways (the JSON as ``json.dumps`` lays out
the models' document, the Markdown as when every row was read value by value)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOW
from tests.integration.test_exchange_hardening import HOSTILE, HOSTILE_SHORT, _fill
from tests.integration.test_exchange_stream import _by_the_models, _thoughts, _written, bulk
from trustbridge.config import Settings, load_settings
from trustbridge.exchange import json_export, markdown
from trustbridge.services import entries, security
from trustbridge.store import cipherdb, quick, rows
from trustbridge.store.db import Store


@pytest.fixture
def varied(store: Store) -> Store:
    _fill(store)
    _thoughts(store)
    entries.add(store, "journal", {"title": HOSTILE_SHORT, "body": HOSTILE}, NOW)
    entries.add(store, "journal", {"title": None, "body": 'One "line" \\ with\ttab'}, NOW)
    bulk(store, journal=9, checkins=7, evidence=11)
    return store


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_the_json_is_byte_for_byte_what_json_lays_out(
    varied: Store, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(json_export, "CHUNK", chunk)
    expected = json.dumps(_by_the_models(varied), ensure_ascii=False, indent=2) + "\n"
    assert _written(varied) == expected


def _row_by_row(
    self: Any, table: str, where: str = "", params: Any = (), order: str = "", columns: Any = ()
) -> Any:
    """The rows as the Markdown copy read them before: each value converted on its own, every
    column read."""
    return rows.each(self.connection.cursor(), table, where, params, order=order, chunk=2)


@pytest.mark.parametrize(("stage", "pieces"), [(None, 1), (None, 250), (2, 3), (6, 2)])
def test_the_markdown_is_byte_for_byte_what_row_by_row_reading_writes(
    varied: Store, monkeypatch: pytest.MonkeyPatch, stage: int | None, pieces: int
) -> None:
    monkeypatch.setattr(markdown, "PIECES", pieces)
    quick = markdown.export_markdown(varied, NOW, stage)
    monkeypatch.setattr(markdown, "PIECES", 1000)
    monkeypatch.setattr(markdown._Context, "rows", _row_by_row)
    assert quick == markdown.export_markdown(varied, NOW, stage)


def _markdown_on(connection: Any) -> str:
    out = io.StringIO()
    try:
        markdown.write(connection, NOW, out)
    finally:
        connection.close()
    return out.getvalue()


def test_a_plain_store_read_by_python_s_sqlite3_gives_the_same_bytes(
    varied: Store, settings: Settings
) -> None:
    path = settings.sqlite_path
    assert path is not None
    by_sqlite3 = quick.connect(path, None, read_only=True, plain=True)
    by_sqlcipher = quick.connect(path, None, read_only=True)
    assert type(by_sqlite3).__module__ == "sqlite3"
    assert type(by_sqlcipher).__module__.startswith("sqlcipher3")
    expected = markdown.export_markdown(varied, NOW)
    assert _markdown_on(by_sqlite3) == _markdown_on(by_sqlcipher) == expected


def test_an_encrypted_store_is_only_ever_read_through_sqlcipher(tmp_path: Path) -> None:
    made = security.create(load_settings(tmp_path / "data"), "a passphrase long enough")
    path, key = made.settings.sqlite_path, made.settings.key
    assert path is not None and key is not None
    assert not cipherdb.is_plain(path)
    assert cipherdb.read_plain(path) is None
    assert quick.connect(path, None, read_only=True, plain=True) is None  # no key: nothing
    keyed = quick.connect(path, key, read_only=True, plain=True)
    assert type(keyed).__module__.startswith("sqlcipher3")
    assert _markdown_on(keyed).startswith("# My Trustbridge")
