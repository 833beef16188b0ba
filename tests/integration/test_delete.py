"""Deletion is real: deleted text is gone from every byte of every file in the data folder, and
"delete everything" removes the store, its WAL and every backup (services, CLI and web)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import NOW
from tests.integration.support import Invoke, ok, store_of
from trustbridge.config import Settings
from trustbridge.services import backups, entries, people
from trustbridge.store import backup as files
from trustbridge.store import cipherdb
from trustbridge.store.db import Store, open_store


def _files_holding(folder: Path, canary: str) -> list[str]:
    """Every file under ``folder`` whose bytes contain the canary (as UTF-8 or UTF-16)."""
    needles = [canary.encode(encoding) for encoding in ("utf-8", "utf-16-le")]
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and any(n in path.read_bytes() for n in needles)
    )


def _surround(store: Store) -> None:
    """Other entries before and after, so the canary shares its pages with text that stays."""
    for n in range(30):
        entries.add(store, "journal", {"body": f"ordinary entry {n} " * 20}, NOW)


def test_every_connection_zeroes_deleted_text(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_a_deleted_journal_entry_leaves_no_trace_in_any_file(store: Store) -> None:
    canary = "CANARY-journal-7f3a9c He hit me on the 3rd of May"
    _surround(store)
    saved = entries.add(store, "journal", {"title": canary, "body": canary}, NOW)
    _surround(store)
    folder = store.settings.data_dir
    assert _files_holding(folder, canary)  # the search does find it while it is there

    entries.delete(store, "journal", saved.record.id)

    assert _files_holding(folder, canary) == []  # the store is still open: WAL and all
    store.close()
    assert _files_holding(folder, canary) == []


def test_without_the_checkpoint_the_wal_would_still_hold_deleted_text(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = "CANARY-control-93d0"
    saved = entries.add(store, "journal", {"body": canary}, NOW)
    monkeypatch.setattr(entries, "truncate_wal", lambda engine: True)

    entries.delete(store, "journal", saved.record.id)

    assert _files_holding(store.settings.data_dir, canary) == ["trustbridge.sqlite3-wal"]


def test_a_deleted_person_with_evidence_leaves_no_trace_in_any_file(store: Store) -> None:
    name, note = "CANARY-person-51be Uncle Rob", "CANARY-evidence-51be locked me in the shed"
    _surround(store)
    person = people.add_person(store, {"name": name, "kind": "family"}, NOW).record
    for n in range(3):
        people.add_evidence(
            store,
            {"person": name, "dimension": "respects_boundaries", "direction": "negative",
             "occurred_on": NOW.date().isoformat(), "note": f"{note} ({n})"},
            NOW,
        )  # fmt: skip
    _surround(store)
    folder = store.settings.data_dir
    assert _files_holding(folder, name) and _files_holding(folder, note)

    people.delete_person(store, person.id)

    assert _files_holding(folder, name) == [] and _files_holding(folder, note) == []


def test_a_deleted_moment_of_evidence_leaves_no_trace(store: Store) -> None:
    note = "CANARY-moment-0c41 said it was my fault"
    people.add_person(store, {"name": "Sam", "kind": "friend"}, NOW)
    event = people.add_evidence(
        store,
        {"person": "Sam", "dimension": "validates_feelings", "direction": "negative",
         "occurred_on": NOW.date().isoformat(), "note": note},
        NOW,
    ).record  # fmt: skip

    people.delete_evidence(store, event.id)

    assert _files_holding(store.settings.data_dir, note) == []


def test_the_wal_is_emptied_after_a_deletion(store: Store) -> None:
    saved = entries.add(store, "journal", {"body": "soon gone"}, NOW)
    entries.delete(store, "journal", saved.record.id)
    wal = Path(f"{store.settings.sqlite_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


# --- delete everything: the service ------------------------------------------------------------


def _fill(settings: Settings, canary: str) -> None:
    store = open_store(settings)
    entries.add(store, "journal", {"body": canary}, NOW)
    entries.add(store, "journal", {"body": "another"}, NOW)
    people.add_person(store, {"name": "Ada", "kind": "friend"}, NOW)
    backups.take_backup(settings, NOW)
    store.close()


def test_the_plan_names_everything_that_will_go(settings: Settings) -> None:
    _fill(settings, "anything")
    plan = backups.deletion_plan(settings)
    assert backups.describe(plan.counts) == ["2 journal entries", "1 person"]
    assert plan.backups == 1 and plan.folder == settings.data_dir


def test_delete_everything_removes_the_store_its_wal_and_every_backup(
    settings: Settings,
) -> None:
    canary = "CANARY-everything-2d77"
    _fill(settings, canary)
    store = open_store(settings)  # open, so there is a WAL and shared memory file too
    entries.add(store, "journal", {"body": canary + " again"}, NOW)
    assert _files_holding(settings.data_dir, canary)
    assert Path(f"{settings.sqlite_path}-wal").exists()

    removed = backups.delete_everything(settings, store)

    names = {p.name for p in removed}
    assert "trustbridge.sqlite3" in names and any(n.startswith("trustbridge-") for n in names)
    assert not settings.data_dir.exists()


def test_delete_everything_leaves_other_files_alone(settings: Settings) -> None:
    _fill(settings, "anything")
    mine = settings.data_dir / "my-notes.txt"
    mine.write_text("not Trustbridge's")

    backups.delete_everything(settings)

    assert sorted(p.name for p in settings.data_dir.iterdir()) == ["my-notes.txt"]


def test_delete_everything_refuses_while_another_program_has_the_store_open(
    settings: Settings,
) -> None:
    _fill(settings, "still here")
    with closing(cipherdb.connect(settings.sqlite_path, None)) as other:
        other.execute("SELECT count(*) FROM journal_entries").fetchone()
        with pytest.raises(backups.StoreInUse):
            backups.delete_everything(settings)
    assert backups.deletion_plan(settings).counts["journal_entries"] == 2


# --- delete everything: the command line -------------------------------------------------------


def test_the_command_needs_yes_without_a_terminal(cli: Invoke, settings: Settings) -> None:
    _fill(settings, "kept")
    result = cli("--no-input", "delete-everything")
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert "2 journal entries" in result.stdout and "1 backup" in result.stdout
    assert str(settings.data_dir) in result.stdout
    assert settings.sqlite_path is not None and settings.sqlite_path.exists()


@pytest.mark.usefixtures("terminal")
def test_the_command_asks_for_the_word_at_a_terminal(cli: Invoke, settings: Settings) -> None:
    canary = "CANARY-cli-88e1"
    _fill(settings, canary)

    kept = ok(cli("delete-everything", input="yes\n"))
    assert "type delete" in kept and "Nothing was deleted." in kept
    assert _files_holding(settings.data_dir, canary)

    gone = ok(cli("delete-everything", input="delete\n"))
    assert "Deleted everything" in gone
    assert not settings.data_dir.exists()


def test_the_command_with_yes_deletes_and_says_when_there_is_nothing(
    cli: Invoke, settings: Settings
) -> None:
    _fill(settings, "gone")
    assert "Deleted everything: 2 files" in ok(cli("delete-everything", "--yes"))
    assert "nothing to delete" in ok(cli("delete-everything", "--yes"))


# --- delete everything: the web page -----------------------------------------------------------


def _data_dir(client: TestClient) -> Path:
    return Path(client.app.state.vault.base.data_dir)  # type: ignore[attr-defined]


def test_the_page_names_what_will_go_and_needs_the_word(client: TestClient) -> None:
    store = store_of(client)
    entries.add(store, "journal", {"body": "mine"}, NOW)
    people.add_person(store, {"name": "Ada", "kind": "friend"}, NOW)
    backups.take_backup(store.settings, NOW)

    page = client.get("/settings/delete").text
    assert "1 journal entry" in page and "1 person" in page and "1 backup" in page
    assert str(_data_dir(client)) in page and 'name="confirm_word"' in page

    refused = client.post("/settings/delete", data={"confirm_word": "yes"})
    assert refused.status_code == 422 and "Nothing was deleted" in refused.text
    assert entries.counts(store)["journal"] == 1


def test_typing_the_word_deletes_everything_and_the_app_starts_over(client: TestClient) -> None:
    canary = "CANARY-web-4410"
    store = store_of(client)
    entries.add(store, "journal", {"body": canary}, NOW)
    backups.take_backup(store.settings, NOW)

    done = client.post("/settings/delete", data={"confirm_word": " Delete "})

    assert done.status_code == 200 and "Everything is deleted" in done.text
    assert _files_holding(_data_dir(client), canary) == []
    assert files.backup_files(files.folder_for(_data_dir(client))) == []
    again = client.get("/tools/journal", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/setup"
    assert not any(_data_dir(client).glob("trustbridge.*"))
