"""A value an earlier version let into the store never breaks a page or a command.

Imports now check every value, but a store written before may still hold a malformed
thought record's emotions or safety answers; the web page and the command line show what
can be read.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.integration.support import NOW, Invoke, ok, store_of
from tests.integration.test_exchange_hardening import _thought
from trustbridge.content import load_program
from trustbridge.services import entries
from trustbridge.store.db import Store

BAD_EMOTIONS = ['"anxious"', "42", '[1, "x", null]', '[{"name": "calm", "intensity": 20}, 7]']


def _thought_with(store: Store, stored: str) -> int:
    record_id = _thought(store)
    with store.session() as session:
        session.execute(
            text("UPDATE thought_records SET emotions = :e WHERE id = :i"),
            {"e": stored, "i": record_id},
        )
    return record_id


@pytest.mark.parametrize("stored", BAD_EMOTIONS)
def test_the_thought_record_page_shows_what_it_can(client: TestClient, stored: str) -> None:
    record_id = _thought_with(store_of(client), stored)
    page = client.get(f"/tools/thought-record/{record_id}")
    assert page.status_code == 200 and "They left" in page.text
    if "calm" in stored:
        assert ">calm<" in page.text
    assert client.get("/tools/thought-record").status_code == 200


@pytest.mark.parametrize("stored", BAD_EMOTIONS)
def test_the_thought_commands_show_what_they_can(cli: Invoke, store: Store, stored: str) -> None:
    record_id = _thought_with(store, stored)
    shown = ok(cli("thought", "show", str(record_id)))
    assert "They left" in shown
    assert "They left" in ok(cli("thought", "list"))
    if "calm" in stored:
        assert "calm" in shown


def test_the_safety_check_page_shows_what_it_can(client: TestClient) -> None:
    signs = load_program().checklists["safety_signs"]
    entries.add(store_of(client), "safety_selfcheck", {s.key: "1" for s in signs}, NOW)
    with store_of(client).session() as session:
        session.execute(text("UPDATE safety_checks SET answers = '[1, 2]'"))
    assert client.get("/tools/safety-selfcheck/1").status_code == 200
