"""Imported text is crisis-checked: a gentle note with a count and Help now, never the words."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.integration.support import Invoke, ok
from tests.integration.test_exchange_web import finish, token_of, upload
from trustbridge.exchange.importers import importer
from trustbridge.store.db import Store

HARD = "Some nights I want to kill myself and nobody knows"
ALSO = "I keep thinking everyone would be better off if I were dead"
CALM = "Baked bread with Sam and laughed a lot"


def jrnl(*bodies: str) -> bytes:
    entries = [
        {"title": f"Day {n}", "body": body, "date": f"2026-02-{n:02d}", "time": "21:30"}
        for n, body in enumerate(bodies, start=1)
    ]
    return json.dumps({"tags": {}, "entries": entries}).encode()


def test_cli_import_counts_without_echoing(cli: Invoke, tmp_path: Path) -> None:
    file = tmp_path / "journal.json"
    file.write_bytes(jrnl(CALM, HARD, ALSO))
    out = ok(cli("import", "jrnl", str(file), "--yes"))
    assert "2 of the imported entries sound like" in out and "trustbridge help-now" in out
    assert HARD not in out and ALSO not in out and "kill" not in out


def test_cli_import_of_calm_entries_says_nothing_more(cli: Invoke, tmp_path: Path) -> None:
    file = tmp_path / "calm.json"
    file.write_bytes(jrnl(CALM))
    out = ok(cli("import", "jrnl", str(file), "--yes"))
    assert "help-now" not in out


def test_the_count_comes_from_the_save(store: Store) -> None:
    chosen = importer("jrnl")
    stored = chosen.save(store, chosen.plan(jrnl(HARD, CALM, CALM)))
    assert (stored.total, stored.crisis_entries) == (3, 1)


def test_web_job_page_shows_a_calm_note(client: TestClient) -> None:
    preview = upload(client, "jrnl", "journal.json", jrnl(HARD, CALM))
    assert preview.status_code == 200
    done = finish(client, token_of(preview))
    assert "Imported 2 entries" in done.text
    assert "1 of the imported entries sounds like" in done.text
    assert 'href="/help-now">Help now</a>' in done.text
    assert HARD not in done.text and "You do not have to carry this alone" not in done.text


def _export(*entries: tuple[str, str]) -> bytes:
    """A full export holding journal entries, each ``(created_at, body)``."""
    rows = [
        {"id": n, "title": None, "body": body, "created_at": at}
        for n, (at, body) in enumerate(entries, start=1)
    ]
    document = {"format": "trustbridge-export", "version": 1, "exported_at": "2026-03-14T09:00:00+00:00",
                "schema_revision": "0001", "tables": {"journal_entries": rows}}  # fmt: skip
    return json.dumps(document).encode()


def test_a_restore_counts_the_recent_entries_only(store: Store) -> None:
    """Each older entry was checked when it was first saved; the note is about today."""
    chosen = importer("json")
    now = dt.datetime(2026, 3, 14, 12, tzinfo=dt.UTC)
    file = _export(
        ("2024-01-05T21:30:00+00:00", HARD),  # two years before: not checked again
        ("2026-02-20T21:30:00+00:00", ALSO),  # in the last 30 days
        ("2026-03-13T21:30:00+00:00", HARD),
        ("2026-03-14T08:00:00+00:00", CALM),
    )
    stored = chosen.save(store, chosen.plan(file, now))
    assert (stored.total, stored.crisis_entries) == (4, 2)


def test_other_apps_entries_are_all_checked_however_old(store: Store) -> None:
    chosen = importer("jrnl")
    old = json.dumps({"tags": {}, "entries": [
        {"title": "Then", "body": HARD, "date": "2019-02-01", "time": "21:30"}]}).encode()  # fmt: skip
    stored = chosen.save(store, chosen.plan(old, dt.datetime(2026, 3, 14, tzinfo=dt.UTC)))
    assert stored.crisis_entries == 1


def _yesterday() -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()


def test_a_restore_says_which_entries_it_counted(cli: Invoke, tmp_path: Path) -> None:
    """Only the last 30 days were checked, so the note does not speak of every entry."""
    file = tmp_path / "export.json"
    file.write_bytes(_export(("2024-01-05T21:30:00+00:00", ALSO), (_yesterday(), HARD)))
    out = ok(cli("import", "json", str(file), "--yes"))
    assert "1 of the entries written in the last 30 days sounds like" in out
    assert "imported entries" not in out and HARD not in out


def test_web_restore_says_which_entries_it_counted(client: TestClient) -> None:
    preview = upload(client, "json", "export.json", _export((_yesterday(), HARD)))
    assert preview.status_code == 200
    done = finish(client, token_of(preview))
    assert "1 of the entries written in the last 30 days sounds like" in done.text
    assert "imported entries" not in done.text
