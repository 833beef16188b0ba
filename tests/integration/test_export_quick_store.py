"""Both exports of a store with every kind of record, written text that tries to break them and
rows across many chunks: the same bytes as the plain ways (the JSON as ``json.dumps`` lays out
the models' document, the Markdown as when every row was read value by value)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import NOW
from tests.integration.test_exchange_hardening import HOSTILE, HOSTILE_SHORT, _fill
from tests.integration.test_exchange_stream import _by_the_models, _thoughts, _written, bulk
from trustbridge.exchange import json_export, markdown
from trustbridge.services import entries
from trustbridge.store import rows
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
