"""The backups page: make one, see them listed, check one, and restore after a confirmation."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, store_of
from trustbridge.services import entries
from trustbridge.store import backup as files


def _write(client: TestClient, body: str) -> None:
    entries.add(store_of(client), "journal", {"body": body}, NOW)


def _bodies(client: TestClient) -> set[str]:
    return {e.body for e in entries.recent(store_of(client), "journal")}


def _make_backup(client: TestClient) -> str:
    response = client.post("/settings/backups", follow_redirects=False)
    assert response.status_code == 303
    name = response.headers["location"].split("made=", 1)[1]
    assert client.get(response.headers["location"]).text.count(name) >= 2
    return name


def test_the_page_explains_backups_when_there_are_none(client: TestClient) -> None:
    page = client.get("/settings/backups")
    assert page.status_code == 200
    assert "No backups yet" in page.text and "keeps the newest 7" in page.text
    assert 'action="/settings/backups"' in page.text
    fragment = client.get("/settings/backups", headers=HTMX)
    assert "<html" not in fragment.text and "Backups" in fragment.text


def test_making_a_backup_lists_it_with_what_it_holds(client: TestClient) -> None:
    _write(client, "one")
    _write(client, "two")
    name = _make_backup(client)

    page = client.get("/settings/backups").text
    assert name in page and "2 journal entries" in page
    assert f'href="/settings/backups/{name}/restore"' in page
    assert "Saturday 14 March 2026" in page  # made at the fixed clock, shown in words


def test_checking_a_backup_says_whether_it_is_whole(client: TestClient) -> None:
    _write(client, "kept")
    name = _make_backup(client)
    assert "is whole and readable" in client.post(f"/settings/backups/{name}/verify").text

    folder = files.folder_for(store_of(client).settings.data_dir)
    (folder / name).write_bytes(b"\0" * 4096)
    page = client.post(f"/settings/backups/{name}/verify")
    assert page.status_code == 200 and "has a problem" in page.text


def test_restore_asks_first_naming_the_backup_and_keeping_the_current_store(
    client: TestClient,
) -> None:
    _write(client, "before")
    name = _make_backup(client)
    _write(client, "after")

    confirm = client.get(f"/settings/backups/{name}/restore").text
    assert name in confirm and "1 journal entry" in confirm
    assert "kept as a new backup first" in confirm
    assert _bodies(client) == {"before", "after"}  # asking changed nothing

    done = client.post(f"/settings/backups/{name}/restore", follow_redirects=False)
    assert done.status_code == 303
    assert _bodies(client) == {"before"}
    page = client.get(done.headers["location"]).text
    assert f"Backup {name} is restored" in page and "kept as backup" in page
    assert "2 journal entries" in page  # the store as it was, now a backup itself


def test_a_damaged_backup_is_not_restored_from_the_page(client: TestClient) -> None:
    _write(client, "precious")
    name = _make_backup(client)
    folder = files.folder_for(store_of(client).settings.data_dir)
    (folder / name).write_bytes(b"\0" * 4096)

    response = client.post(f"/settings/backups/{name}/restore")
    assert response.status_code == 422 and "was not restored" in response.text
    assert _bodies(client) == {"precious"}


def test_unknown_backups_are_a_friendly_404(client: TestClient) -> None:
    for path in ("/settings/backups/nope/restore", "/settings/backups/trustbridge.sqlite3/restore"):
        assert client.get(path).status_code == 404
    assert client.post("/settings/backups/nope/verify").status_code == 404
