"""Encryption at rest in the web app: set-up, unlock, lock, idle lock, and the settings page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, signed_in
from trustbridge.config import Settings, load_settings
from trustbridge.services import entries, security
from trustbridge.store import keys
from trustbridge.web.app import create_app
from trustbridge.web.deps import get_now
from trustbridge.web.vault import Vault

PASSPHRASE = "a long enough passphrase"
CODE = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}")


def _client(settings: Settings, idle_minutes: int = 15) -> TestClient:
    web = create_app(settings, idle_minutes=idle_minutes)
    web.dependency_overrides[get_now] = lambda: NOW
    return signed_in(TestClient(web))


def vault(client: TestClient) -> Vault:
    found: Vault = client.app.state.vault  # type: ignore[attr-defined]
    return found


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[TestClient]:
    with _client(load_settings(tmp_path / "fresh")) as client:
        yield client


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[TestClient]:
    settings = load_settings(tmp_path / "locked")
    security.create(settings, PASSPHRASE)
    with _client(settings) as client:
        yield client


def unlock(client: TestClient, **extra: str) -> None:
    done = client.post("/unlock", data={"passphrase": PASSPHRASE, "next": "/", **extra})
    assert done.status_code == 200, done.text


def test_first_visit_asks_to_choose_and_shows_the_recovery_key_once(fresh: TestClient) -> None:
    first = fresh.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/setup"
    page = fresh.get("/setup").text
    assert "Choose a passphrase" in page and "Continue without encryption" in page
    weak = fresh.post("/setup", data={"choice": "encrypt", "passphrase": "short"})
    assert weak.status_code == 422 and "at least 8" in weak.text
    typo = fresh.post(
        "/setup", data={"choice": "encrypt", "passphrase": PASSPHRASE, "passphrase_again": "x"}
    )
    assert typo.status_code == 422 and "not the same" in typo.text
    made = fresh.post(
        "/setup",
        data={"choice": "encrypt", "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE},
    )
    assert made.status_code == 200 and CODE.search(made.text)
    assert "shown only this once" in made.text
    assert vault(fresh).encrypted and vault(fresh).is_open
    assert fresh.get("/").status_code == 200
    assert fresh.get("/setup", follow_redirects=False).status_code == 303
    assert 'action="/lock"' in fresh.get("/").text


def test_choosing_no_encryption_opens_a_plain_store(fresh: TestClient) -> None:
    done = fresh.post("/setup", data={"choice": "plain"}, follow_redirects=False)
    assert done.status_code == 303
    assert vault(fresh).state is security.State.PLAIN and vault(fresh).is_open
    assert 'action="/lock"' not in fresh.get("/").text


def test_a_locked_store_sends_every_page_to_unlock_and_back(locked: TestClient) -> None:
    sent = locked.get("/tools/journal?x=1", follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/unlock?next=/tools/journal%3Fx%3D1"
    assert locked.get("/help-now").status_code == 200  # crisis help never waits for a passphrase
    htmx = locked.get("/tools/journal", headers={**HTMX, "HX-Current-URL": "http://x/circle"})
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"] == "/unlock?next=/circle"
    wrong = locked.post("/unlock", data={"passphrase": "not it at all", "next": "/circle"})
    assert wrong.status_code == 422 and "open this journal" in wrong.text
    right = locked.post(
        "/unlock", data={"passphrase": PASSPHRASE, "next": "/circle"}, follow_redirects=False
    )
    assert right.status_code == 303 and right.headers["location"] == "/circle"
    evil = locked.get("/unlock?next=//example.com", follow_redirects=False)
    assert evil.headers["location"] == "/"


def test_lock_now_forgets_the_key(locked: TestClient) -> None:
    unlock(locked)
    assert locked.get("/").status_code == 200
    done = locked.post("/lock", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/unlock"
    assert not vault(locked).is_open and vault(locked).settings.key is None
    assert locked.get("/", follow_redirects=False).status_code == 303


def test_it_locks_itself_after_the_idle_time(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "idle")
    security.create(settings, PASSPHRASE)
    with _client(settings, idle_minutes=1) as client:
        unlock(client)
        assert not vault(client).lock_if_idle()
        vault(client)._last_used -= 61
        assert client.get("/", follow_redirects=False).status_code == 303
        assert not vault(client).is_open
        unlock(client)
        vault(client)._last_used -= 61
        assert vault(client).lock_if_idle()  # what the timer calls when nobody visits
    with _client(settings, idle_minutes=0) as never:
        unlock(never)
        vault(never)._last_used -= 10**6
        assert not vault(never).lock_if_idle()


def test_a_form_sent_after_the_lock_is_kept_and_can_be_saved(locked: TestClient) -> None:
    words = "Written before the lock & kept <safe>"
    kept = locked.post("/tools/journal", data={"title": "T", "body": words})
    assert kept.status_code == 200 and "not saved yet" in kept.text
    assert 'name="carry:body"' in kept.text and "&lt;safe&gt;" in kept.text
    unlocked = locked.post(
        "/unlock",
        data={"passphrase": PASSPHRASE, "next": "/tools/journal", "carry:title": "T",
              "carry:body": words},
    )  # fmt: skip
    assert unlocked.status_code == 200 and "Save it now" in unlocked.text
    assert 'name="body"' in unlocked.text
    saved = locked.post("/tools/journal", data={"title": "T", "body": words})
    assert saved.status_code == 200
    assert [e.body for e in entries.recent(vault(locked).store(), "journal")] == [words]


def test_htmx_form_sent_while_locked_shows_the_unlock_page_in_place(locked: TestClient) -> None:
    page = locked.post("/checkin", data={"mood": "3"}, headers=HTMX)
    assert page.status_code == 200 and page.headers["HX-Retarget"] == "#main"
    assert 'name="carry:mood"' in page.text


def test_the_recovery_key_opens_it_and_then_a_new_passphrase_is_chosen(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "recover")
    made = security.create(settings, PASSPHRASE)
    with _client(settings) as client:
        form = client.get("/unlock?recovery=1").text
        assert 'name="recovery_code"' in form
        bad = client.post("/unlock", data={"recovery": "1", "recovery_code": "ABCD"})
        assert bad.status_code == 422
        done = client.post(
            "/unlock",
            data={"recovery": "1", "recovery_code": str(made.recovery_code), "next": "/"},
            follow_redirects=False,
        )
        assert done.headers["location"] == "/settings/security"
        page = client.get("/settings/security").text
        assert "recovery key, so choose a new passphrase" in page and 'name="current"' in page
        changed = client.post(
            "/settings/security/passphrase",
            data={"passphrase": "my new passphrase", "passphrase_again": "my new passphrase"},
        )
        assert changed.status_code == 200 and "passphrase is changed" in changed.text
    with pytest.raises(keys.WrongPassphrase):
        security.unlock(settings, PASSPHRASE)
    assert security.unlock(settings, "my new passphrase").key is not None


def test_settings_change_passphrase_and_recovery_key_need_the_current_one(
    locked: TestClient,
) -> None:
    unlock(locked)
    page = locked.get("/settings/security").text
    assert "are encrypted" in page and "15 minutes" in page
    new = {"passphrase": "another good one", "passphrase_again": "another good one"}
    wrong = locked.post("/settings/security/passphrase", data={"current": "nope", **new})
    assert wrong.status_code == 422 and "open this journal" in wrong.text
    right = locked.post("/settings/security/passphrase", data={"current": PASSPHRASE, **new})
    assert right.status_code == 200 and "passphrase is changed" in right.text
    refused = locked.post("/settings/security/recovery", data={"current": PASSPHRASE})
    assert refused.status_code == 422
    code = locked.post("/settings/security/recovery", data={"current": "another good one"})
    assert code.status_code == 200 and CODE.search(code.text)


def test_settings_turn_encryption_on_for_a_plain_store(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "plain")
    security.create(settings, None)
    with _client(settings) as client:
        store = vault(client).store()
        entries.add(store, "journal", {"body": "CANARY-web-encrypt"}, NOW)
        assert "not encrypted" in client.get("/settings/security").text
        done = client.post(
            "/settings/security/encrypt",
            data={"passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE},
        )
        assert done.status_code == 200 and CODE.search(done.text)
        assert vault(client).encrypted and vault(client).is_open
        assert [e.body for e in entries.recent(vault(client).store(), "journal")] == [
            "CANARY-web-encrypt"
        ]
    for path in settings.data_dir.rglob("*"):
        if path.is_file():
            assert b"CANARY-web-encrypt" not in path.read_bytes(), path


def test_uploads_are_never_spooled_to_a_temporary_file(fresh: TestClient) -> None:
    from starlette.formparsers import MultiPartParser

    from trustbridge.exchange.common import MAX_FILE_BYTES

    assert MultiPartParser.spool_max_size > MAX_FILE_BYTES


def test_a_server_left_running_takes_its_daily_backup(tmp_path: Path) -> None:
    from trustbridge.store import backup as files

    settings = load_settings(tmp_path / "running")
    security.create(settings, PASSPHRASE)
    with _client(settings) as client:
        unlock(client)
        entries.add(vault(client).store(), "journal", {"body": "worth keeping"}, NOW)
        vault(client).backup_if_due()
        (made,) = files.backup_files(files.folder_for(settings.data_dir))
        assert files.verify(made.path, vault(client).settings.key).ok
        vault(client).lock()
        vault(client).backup_if_due()  # locked: nothing to open it with, nothing happens


def test_an_upload_sent_while_locked_asks_to_unlock_first(locked: TestClient) -> None:
    page = locked.post(
        "/settings/exchange/import/jrnl", files={"file": ("j.json", b"{}", "application/json")}
    )
    assert page.status_code == 200 and 'name="passphrase"' in page.text
    assert 'name="next" value="/settings/exchange"' in page.text
