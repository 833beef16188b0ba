"""Limits that keep the web app answering and private: passphrase tries, slow work off the event
loop, request bodies capped before parsing (nothing spooled to /tmp), lock everywhere."""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import NOW, signed_in
from trustbridge import keyagent
from trustbridge.config import Settings, load_settings
from trustbridge.exchange.common import MAX_FILE_BYTES, ExchangeError, Importer
from trustbridge.services import security
from trustbridge.web.app import create_app
from trustbridge.web.attempts import FREE_TRIES, LONGEST_WAIT, Attempts, TryLater, wait_words
from trustbridge.web.deps import get_now
from trustbridge.web.offload import read_in_child
from trustbridge.web.routes_settings import UPLOAD_LIMIT

PASSPHRASE = "a long enough passphrase"
#: a failure bound for waiting on another thread, never a speed target
PATIENCE = 20.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- the count of wrong tries ----------------------------------------------------------------


def test_a_few_wrong_tries_are_free_then_the_wait_doubles_up_to_a_limit() -> None:
    clock = Clock()
    attempts = Attempts(clock)
    waits = []
    for _ in range(16):
        try:
            attempts.begin()
        except TryLater as wait:
            waits.append(wait.seconds)
            clock.now += wait.seconds
            attempts.begin()
        attempts.end(right=False)
    assert len(waits) == 16 - FREE_TRIES
    assert waits[:4] == [1.0, 2.0, 4.0, 8.0]
    assert waits[-1] == LONGEST_WAIT


def test_a_right_passphrase_clears_the_count() -> None:
    clock = Clock()
    attempts = Attempts(clock)
    for _ in range(FREE_TRIES):
        attempts.begin()
        attempts.end(right=False)
    with pytest.raises(TryLater):
        attempts.begin()
    clock.now += 1.0
    attempts.begin()
    attempts.end(right=True)
    assert attempts.wrong == 0
    attempts.begin()  # no wait


def test_only_one_try_is_checked_at_a_time() -> None:
    attempts = Attempts(Clock())
    attempts.begin()
    with pytest.raises(TryLater):
        attempts.begin()
    attempts.end(right=True)
    attempts.begin()


def test_waits_are_said_in_plain_words() -> None:
    assert wait_words(0.2) == "1 second"
    assert wait_words(4) == "4 seconds"
    assert wait_words(300) == "5 minutes"


# --- the web app under many wrong tries at once ------------------------------------------------


@pytest.fixture
def encrypted(tmp_path: Path) -> Settings:
    settings = load_settings(tmp_path / "enc")
    security.create(settings, PASSPHRASE)
    return settings


def _client(settings: Settings) -> TestClient:
    web = create_app(settings)
    web.dependency_overrides[get_now] = lambda: NOW
    return TestClient(web)


def test_sixteen_wrong_unlocks_at_once_are_checked_one_at_a_time(
    encrypted: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    running, most, checked = 0, 0, 0
    guard = threading.Lock()
    real = security.unlock

    def counted(settings: Settings, passphrase: str) -> Settings:
        nonlocal running, most, checked
        with guard:
            running += 1
            checked += 1
            most = max(most, running)
        try:
            return real(settings, passphrase)
        finally:
            with guard:
                running -= 1

    monkeypatch.setattr(security, "unlock", counted)
    with _client(encrypted) as client:
        form = {"passphrase": "wrong wrong wrong", "next": "/"}
        with ThreadPoolExecutor(16) as pool:
            codes = list(
                pool.map(lambda _: client.post("/unlock", data=form).status_code, range(16))
            )
        assert most == 1 and 1 <= checked < 16
        assert codes.count(422) == checked and codes.count(429) == 16 - checked
        refused = client.post("/unlock", data={"passphrase": PASSPHRASE, "next": "/"})
        if refused.status_code == 429:  # a wait may be due: it says how long, in words
            assert "Please try again in" in refused.text and "Retry-After" in refused.headers


def _blocking(release: threading.Event, started: threading.Event) -> Any:
    def wait(*args: object, **kwargs: object) -> Any:
        started.set()
        assert release.wait(PATIENCE), "the test never released the slow work"
        raise security.keys.WrongPassphrase("still not it")

    return wait


@pytest.fixture
def slow_unlock(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[threading.Event, threading.Event]]:
    release, started = threading.Event(), threading.Event()
    monkeypatch.setattr(security, "unlock", _blocking(release, started))
    yield release, started
    release.set()


def test_crisis_help_answers_while_a_passphrase_is_being_checked(
    encrypted: Settings, slow_unlock: tuple[threading.Event, threading.Event]
) -> None:
    release, started = slow_unlock
    with _client(encrypted) as client, ThreadPoolExecutor(2) as pool:
        unlocking = pool.submit(client.post, "/unlock", data={"passphrase": "x" * 9, "next": "/"})
        assert started.wait(PATIENCE)
        # if the check held the event loop, this would wait until the release below
        help_now = pool.submit(client.get, "/help-now").result(timeout=PATIENCE)
        assert help_now.status_code == 200 and not unlocking.done()
        release.set()
        assert unlocking.result(timeout=PATIENCE).status_code == 422


class HeldPreviews:
    """Stands in for the app's previews: each one waits until the test lets it go."""

    def __init__(self) -> None:
        self.started, self.release = threading.Event(), threading.Event()

    async def preview(self, *args: object) -> Any:
        self.started.set()
        await asyncio.to_thread(self.release.wait, PATIENCE)
        raise ExchangeError("stopped here by the test")


def test_crisis_help_answers_while_an_import_preview_is_read(client: TestClient) -> None:
    held = HeldPreviews()
    client.app.state.previews = held  # type: ignore[attr-defined]
    files = {"file": ("journal.json", b"{}", "application/json")}
    with ThreadPoolExecutor(2) as pool:
        preview = pool.submit(client.post, "/settings/exchange/import/jrnl", files=files)
        assert held.started.wait(PATIENCE)
        assert pool.submit(client.get, "/help-now").result(timeout=PATIENCE).status_code == 200
        assert not preview.done()
        held.release.set()
        assert preview.result(timeout=PATIENCE).status_code == 422


def test_a_preview_is_read_in_a_process_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_here(*args: object, **kwargs: object) -> Any:
        raise AssertionError("the preview was read in the server's own process")

    monkeypatch.setattr(Importer, "preview", not_here)  # only in this process
    entry = {"date": "2024-05-01", "time": "09:30", "title": "A day", "body": "words"}
    data = json.dumps({"tags": {}, "entries": [entry] * 3}).encode()
    assert read_in_child("jrnl", data, NOW, {}).total == 3
    with pytest.raises(ExchangeError, match="entries"):
        read_in_child("jrnl", b"{}", NOW, {})


# --- bodies: capped before parsing, never spooled to a temporary file --------------------------


@pytest.fixture
def no_temp_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Record every temporary file made, and every spool that rolls over to disk."""
    made: list[str] = []
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    real_rollover = tempfile.SpooledTemporaryFile.rollover

    def rollover(self: Any) -> None:
        made.append("a spooled upload rolled over to disk")
        real_rollover(self)

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", rollover)
    yield made
    made.extend(str(p) for p in temp.iterdir())


def _multipart(size: int) -> tuple[bytes, str]:
    boundary = "tb-boundary-0123456789"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\n'
        "Content-Type: application/json\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head + b" " * size + tail, f"multipart/form-data; boundary={boundary}"


def test_an_upload_just_over_the_file_limit_stays_in_memory_and_is_refused_plainly(
    client: TestClient, no_temp_files: list[str]
) -> None:
    body, kind = _multipart(MAX_FILE_BYTES + 1000)
    assert MAX_FILE_BYTES < len(body) <= UPLOAD_LIMIT
    answer = client.post(
        "/settings/exchange/import/jrnl", content=body, headers={"content-type": kind}
    )
    assert answer.status_code == 422 and "larger than 64 MB" in answer.text
    assert no_temp_files == []


def test_a_chunked_upload_of_any_size_is_stopped_at_the_limit(
    client: TestClient, no_temp_files: list[str]
) -> None:
    body, kind = _multipart(UPLOAD_LIMIT + 4 * 1024 * 1024)
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        for start in range(0, len(body), 1 << 20):
            sent += 1
            yield body[start : start + (1 << 20)]

    answer = client.post(
        "/settings/exchange/import/jrnl", content=chunks(), headers={"content-type": kind}
    )
    assert answer.status_code == 413
    assert no_temp_files == []


def test_a_chunked_form_beyond_its_limit_is_refused_before_it_is_read(
    client: TestClient, no_temp_files: list[str]
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"body="
        for _ in range(20):
            yield b"a" * (1 << 20)

    answer = client.post(
        "/tools/journal",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413
    assert "nothing was saved" in answer.text
    assert no_temp_files == []


# --- lock means locked everywhere; the agent's environment ----------------------------------


def test_the_web_lock_button_stops_the_command_lines_key_agent_too(encrypted: Settings) -> None:
    keyed = security.unlock(encrypted, PASSPHRASE)
    assert keyed.key is not None
    keyagent.start(encrypted.data_dir, keyed.key, 60)
    try:
        with signed_in(_client(encrypted)) as client:
            client.post("/unlock", data={"passphrase": PASSPHRASE, "next": "/"})
            assert keyagent.fetch(encrypted.data_dir) == keyed.key
            locked = client.post("/lock", follow_redirects=False)
            assert locked.status_code == 303
            assert keyagent.fetch(encrypted.data_dir) is None
            assert client.get("/", follow_redirects=False).headers["location"].startswith("/unlock")
    finally:
        keyagent.stop(encrypted.data_dir)


def _agent_pid(path: Path) -> int:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(path))
        raw = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid: int = struct.unpack("3i", raw)[0]
    return pid


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/environ")
def test_the_key_agent_starts_with_a_clean_environment(
    encrypted: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTBRIDGE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOME_SECRET_TOKEN", "do-not-pass-on")
    keyed = security.unlock(encrypted, PASSPHRASE)
    assert keyed.key is not None
    keyagent.start(encrypted.data_dir, keyed.key, 60)
    try:
        pid = _agent_pid(keyagent.socket_path(encrypted.data_dir))
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except PermissionError:
            pytest.skip("the agent is not dumpable, so only root can read its environment")
    finally:
        keyagent.stop(encrypted.data_dir)
    assert PASSPHRASE.encode() not in environ and b"TRUSTBRIDGE_PASSPHRASE" not in environ
    assert b"do-not-pass-on" not in environ
    names = {item.split(b"=", 1)[0] for item in environ.split(b"\0") if item}
    assert names <= {b"PATH", b"PYTHONPATH", b"VIRTUAL_ENV", b"LANG", b"LC_ALL", b"LC_CTYPE"}
