"""Only the person who opened it can use the web app: sessions, the sign-in page, hosts, origins.

Any program on the computer can connect to 127.0.0.1 and send any Host or Origin it likes, so
these tests use a client without the session cookie as the other user or process would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, signed_in
from tests.integration.test_encryption_at_rest import (  # the writer, without the encoder
    Written,
    _write_everything,
    patterns_and_first_model_only,  # noqa: F401
)
from trustbridge.config import Settings, load_settings
from trustbridge.services import security
from trustbridge.web.app import Listen, create_app
from trustbridge.web.deps import get_now
from trustbridge.web.gate import COOKIE, Gate, is_open_path

PASSPHRASE = "a long enough passphrase"
CANARY = re.compile(r"CANARY-[a-z_]+-\d+-[a-z0-9_]+-[0-9a-f]{16}")
#: a value for each path parameter, so that every route is asked for something real
PARAMS = {
    "url_slug": "journal", "entry_id": "1", "belief_id": "1", "promise_id": "1", "slug": "roots",
    "person_id": "1", "event_id": "1", "check_id": "1", "rung_id": "1", "key": "json",
    "job_id": "x", "name": "x", "ritual_id": "1", "goal_id": "1", "kind": "win", "record_id": "1",
    "log_id": "1", "share_id": "1",
}  # fmt: skip


def _app(settings: Settings, listen: Listen | None = None) -> TestClient:
    web = create_app(settings, listen=listen)
    web.dependency_overrides[get_now] = lambda: NOW
    return TestClient(web)


def every_route() -> list[tuple[str, str]]:
    """Every (method, path) the app serves, its parameters filled in."""
    web = create_app(load_settings())
    found = []
    for included in web.routes[1:]:  # the first is the static files
        for route in included.original_router.routes:  # type: ignore[attr-defined]
            path = re.sub(r"{(\w+)}", lambda m: PARAMS[m.group(1)], route.path)
            found += [(method, path) for method in sorted(route.methods)]
    return found


ROUTES = every_route()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Written]:
    """A store kept unencrypted with a canary in every kind of record."""
    settings = load_settings(tmp_path_factory.mktemp("filled") / "store")
    written, store = _write_everything(settings, total=200)
    store.close()
    return settings, written


@pytest.fixture
def outsider(filled: tuple[Settings, Written]) -> Iterator[TestClient]:
    """The app on the filled store, and a client that was never let in."""
    with _app(filled[0]) as client:
        yield client


def _leaks(response_text: str, written: Written) -> set[str]:
    return set(CANARY.findall(response_text)) & written.live


def test_the_matrix_covers_every_route() -> None:
    assert len(ROUTES) >= 60
    assert ("POST", "/settings/exchange/export/json") in ROUTES
    assert ("POST", "/settings/delete") in ROUTES


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_client_without_the_session_gets_nothing_personal_from_any_route(
    outsider: TestClient, filled: tuple[Settings, Written], htmx: bool
) -> None:
    written = filled[1]
    headers = {"Origin": "http://testserver", **(HTMX if htmx else {})}
    for method, path in ROUTES:
        form = {"body": "x", "word": "DELETE", "passphrase": "guess", "next": "/"}
        data = form if method == "POST" else None
        answer = outsider.request(method, path, data=data, headers=headers)
        where = f"{method} {path}"
        assert not _leaks(answer.text + str(answer.headers), written), where
        assert COOKIE not in answer.headers.get("set-cookie", ""), where
        if path == "/help-now":
            assert answer.status_code == 200
        elif not is_open_path(path):
            assert "trustbridge open" in answer.text, where
            assert answer.status_code == (200 if htmx else 401), where
    # and nothing was changed: the store still holds everything, and no export was made
    everything = signed_in(outsider).post("/settings/exchange/export/json")
    assert written.live <= set(CANARY.findall(everything.text)), everything.text[:2000]


def test_the_export_the_audit_got_is_refused(outsider: TestClient) -> None:
    # the audit's exact request: right Host and Origin, no session
    headers = {"Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000"}
    answer = outsider.post("/settings/exchange/export/json", headers=headers)
    assert answer.status_code == 401
    assert "content-disposition" not in answer.headers
    assert "Open Trustbridge from your own terminal" in answer.text


def test_crisis_help_and_static_files_need_no_session(outsider: TestClient) -> None:
    assert outsider.get("/help-now").status_code == 200
    assert outsider.get("/static/app.css").status_code == 200


def test_the_one_time_link_works_once_and_sets_a_strict_http_only_cookie(
    outsider: TestClient,
) -> None:
    gate: Gate = outsider.app.state.gate  # type: ignore[attr-defined]
    token = gate.new_link()
    opened = outsider.get(f"/open?token={token}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/"
    cookie = opened.headers["set-cookie"].lower()
    assert cookie.startswith(f"{COOKIE}=") and "httponly" in cookie and "samesite=strict" in cookie
    assert token not in opened.headers["set-cookie"]
    assert outsider.get("/").status_code == 200
    again = TestClient(outsider.app).get(f"/open?token={token}", follow_redirects=False)
    assert again.status_code == 401 and "already been used" in again.text
    assert TestClient(outsider.app).get("/", follow_redirects=False).status_code == 401


def test_a_restart_forgets_every_session(filled: tuple[Settings, Written]) -> None:
    with signed_in(_app(filled[0])) as first:
        assert first.get("/").status_code == 200
        cookie = first.cookies[COOKIE]
    with _app(filled[0]) as restarted:
        restarted.cookies.set(COOKIE, cookie)
        assert restarted.get("/", follow_redirects=False).status_code == 401


def test_a_made_up_or_empty_cookie_is_refused(outsider: TestClient) -> None:
    for value in ("", "x", "a" * 43):
        outsider.cookies.set(COOKIE, value)
        assert outsider.get("/", follow_redirects=False).status_code == 401


def test_a_form_sent_without_the_session_is_shown_back_so_it_is_not_lost(
    outsider: TestClient,
) -> None:
    answer = outsider.post("/tools/journal", data={"title": "Rain", "body": "Words I wrote"})
    assert answer.status_code == 401
    assert "Words I wrote" in answer.text and "not saved" in answer.text


def test_the_browser_page_sends_the_browser_to_a_one_time_link(tmp_path: Path) -> None:
    gate = Gate("http://127.0.0.1:9999")
    page = gate.browser_file(tmp_path)
    assert page.stat().st_mode & 0o777 == 0o600
    link = re.search(r"url=(http://127\.0\.0\.1:9999/open\?token=[\w-]+)", page.read_text())
    assert link
    assert gate.redeem(link.group(1).rsplit("=", 1)[1]) is not None
    assert not page.exists()  # used: gone


# --- an encrypted store: the passphrase lets a browser in ------------------------------------


@pytest.fixture
def encrypted(tmp_path: Path) -> Settings:
    settings = load_settings(tmp_path / "enc")
    security.create(settings, PASSPHRASE)
    return settings


def test_without_the_session_an_encrypted_store_asks_for_the_passphrase(
    encrypted: Settings,
) -> None:
    with signed_in(_app(encrypted)) as owner:
        owner.post("/unlock", data={"passphrase": PASSPHRASE, "next": "/"})
        assert owner.get("/").status_code == 200  # open, for the owner
        other = TestClient(owner.app)
        asked = other.get("/", follow_redirects=False)
        assert asked.status_code == 401 and 'name="passphrase"' in asked.text
        wrong = other.post("/unlock", data={"passphrase": "not it at all", "next": "/"})
        assert wrong.status_code == 422 and COOKIE not in other.cookies
        assert other.get("/", follow_redirects=False).status_code == 401
        right = other.post("/unlock", data={"passphrase": PASSPHRASE, "next": "/"})
        assert right.status_code == 200 and COOKIE in other.cookies
        assert other.get("/").status_code == 200


def test_a_form_posted_after_a_restart_is_carried_through_the_unlock(
    encrypted: Settings,
) -> None:
    with _app(encrypted) as browser:
        sent = browser.post("/tools/journal", data={"body": "Kept across a restart"})
        assert sent.status_code == 401 and "not saved yet" in sent.text
        assert 'name="carry:body" value="Kept across a restart"' in sent.text
        unlocked = browser.post(
            "/unlock",
            data={"passphrase": PASSPHRASE, "next": "/tools/journal", "carry:body": "Kept"},
        )
        assert "Save it now" in unlocked.text
        saved = browser.post("/tools/journal", data={"body": "Kept"})
        assert saved.status_code == 200 and "Kept" in saved.text


# --- hosts and origins --------------------------------------------------------------------------


def test_only_loopback_hosts_are_answered_by_default(outsider: TestClient) -> None:
    for host in ("192.168.1.5:8000", "10.0.0.2", "[fe80::1]:8000", "example.com"):
        assert outsider.get("/help-now", headers={"Host": host}).status_code == 403, host
    for host in ("127.0.0.1:8000", "127.0.0.2", "[::1]:8000", "localhost:8000"):
        assert outsider.get("/help-now", headers={"Host": host}).status_code == 200, host


def test_a_server_open_to_the_network_still_needs_the_session(
    filled: tuple[Settings, Written],
) -> None:
    with _app(filled[0], Listen("0.0.0.0", 8000)) as lan:
        lan_host = {"Host": "192.168.1.5:8000"}
        assert lan.get("/help-now", headers=lan_host).status_code == 200
        assert lan.get("/", headers=lan_host, follow_redirects=False).status_code == 401


def test_a_post_with_origin_null_is_refused_everywhere(client: TestClient) -> None:
    client.post("/tools/journal", data={"body": "still here"})
    for method, path in ROUTES:
        if method == "POST":
            answer = client.post(path, data={"word": "DELETE"}, headers={"Origin": "null"})
            assert answer.status_code == 403, path
    assert "still here" in client.get("/tools/journal").text


def test_the_lock_button_only_shows_to_a_browser_let_in(encrypted: Settings) -> None:
    with signed_in(_app(encrypted)) as owner:
        unlocked = owner.post("/unlock", data={"passphrase": PASSPHRASE, "next": "/"})
        assert 'action="/lock"' in unlocked.text
        assert 'action="/lock"' not in TestClient(owner.app).get("/help-now").text


def test_fastapi_telemetry_is_off_even_when_a_provider_is_set_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from fastapi.telemetry import _asgi

    # as if an OpenTelemetry SDK in the environment had installed global providers
    monkeypatch.setattr(_asgi, "_unconfigured", lambda provider: False)
    monkeypatch.setenv("FASTAPI_OTEL_AUTO_CONFIGURE", "true")
    web = create_app(load_settings(tmp_path / "t"))
    assert not web._native_telemetry.enabled()  # type: ignore[attr-defined]
    assert web._telemetry["auto_configure"] is False  # type: ignore[attr-defined]
