"""A real ``trustbridge serve``, tried by another user of the computer and by the command line.

The other user is uid 65534 (nobody), reached with ``setpriv`` when the tests run as root (as
CI does); elsewhere that test is skipped, saying why.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.integration.test_access import ROUTES
from tests.served import LINK, TRUSTBRIDGE, Served, serving
from trustbridge.config import load_settings
from trustbridge.services import entries, security
from trustbridge.store.db import open_store
from trustbridge.web.gate import is_open_path

CANARY = "CANARY-private-words-5d1f0c3a"
PASSPHRASE = "a long enough passphrase"
NOBODY = 65534
SYSTEM_PYTHON = Path("/usr/bin/python3")

#: run as the other user: every route without a session, and the private sockets
PROBE = r"""
import json, socket, sys, urllib.error, urllib.request
base, routes, sockets = json.loads(sys.stdin.read())
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
answers = []
for method, path in routes:
    body = b"word=DELETE&body=x&next=/" if method == "POST" else None
    headers = {"Origin": base, "Content-Type": "application/x-www-form-urlencoded"}
    request = urllib.request.Request(base + path, body, headers, method=method)
    try:
        with opener.open(request, timeout=10) as response:
            answers.append([method, path, response.status, response.read().decode()])
    except urllib.error.HTTPError as error:
        answers.append([method, path, error.code, error.read().decode(errors="replace")])
reached = []
for path in sockets:
    try:
        with socket.socket(socket.AF_UNIX) as conn:
            conn.connect(path)
            conn.sendall(b"LINK\n")
            reached.append([path, conn.recv(4096).decode()])
    except OSError as error:
        reached.append([path, type(error).__name__])
print(json.dumps({"answers": answers, "sockets": reached}))
"""


def _cli(
    home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # BROWSER: a browser that does nothing, so no real one starts during the tests
    env = {**os.environ, "TRUSTBRIDGE_HOME": str(home), "BROWSER": "true", **(env or {})}
    return subprocess.run(
        [*TRUSTBRIDGE, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def _browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )


def _get(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, str, str]:
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode(errors="replace")


def _post(opener: urllib.request.OpenerDirector, url: str, form: dict[str, str]) -> int:
    body = urllib.parse.urlencode(form).encode()
    origin = url.split("/", 3)[:3]
    request = urllib.request.Request(url, body, {"Origin": "/".join(origin)}, method="POST")
    try:
        with opener.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _as_nobody(served: Served, sockets: list[str]) -> dict[str, list[list[object]]]:
    routes = [[m, p] for m, p in ROUTES]
    probe = [SYSTEM_PYTHON, "-I", "-c", PROBE]
    command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *probe]
    done = subprocess.run(
        [str(part) for part in command],
        input=json.dumps([served.url, routes, sockets]),
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": "/"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, list[list[object]]] = json.loads(done.stdout)
    return result


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a probe as another user")
@pytest.mark.skipif(not shutil.which("setpriv"), reason="setpriv (util-linux) is missing")
@pytest.mark.skipif(not SYSTEM_PYTHON.exists(), reason="no system python for the other user")
def test_another_user_gets_nothing_from_a_running_unlocked_server(tmp_path: Path) -> None:
    home = tmp_path / "data"
    settings = load_settings(home)
    store = open_store(settings)
    entries.add(store, "journal", {"title": CANARY, "body": CANARY}, dt.datetime.now(dt.UTC))
    store.close()
    with serving(home) as served:
        from trustbridge import keyagent
        from trustbridge.web.control import socket_path

        sockets = [str(socket_path(home, int(served.url.rsplit(":", 1)[1])))]
        sockets.append(str(keyagent.socket_path(home)))
        seen = _as_nobody(served, sockets)
        owner = _browser()
        _get(owner, served.first_link())
        assert CANARY in _get(owner, served.url + "/tools/journal")[2]  # the owner still can
    answers = seen["answers"]
    assert len(answers) == len(ROUTES)
    for method, path, status, body in answers:
        assert CANARY not in str(body), (method, path)
        if not is_open_path(str(path)):
            assert status == 401 and "trustbridge open" in str(body), (method, path, status)
    export = [a for a in answers if a[1] == "/settings/exchange/export/json"]
    assert export and export[0][2] == 401
    for path, outcome in seen["sockets"]:
        assert outcome in ("PermissionError", "FileNotFoundError"), (path, outcome)


def test_lock_on_the_command_line_locks_a_running_server(tmp_path: Path) -> None:
    home = tmp_path / "data"
    security.create(load_settings(home), PASSPHRASE)
    with serving(home) as served:
        browser = _browser()
        _get(browser, served.first_link())
        assert _post(browser, served.url + "/unlock", {"passphrase": PASSPHRASE}) == 200
        status, where, page = _get(browser, served.url + "/")
        assert status == 200 and urllib.parse.urlsplit(where).path == "/"
        locked = _cli(home, "lock")
        assert locked.returncode == 0, locked.stderr
        assert "in your browser is locked too" in locked.stdout
        status, where, page = _get(browser, served.url + "/")
        assert urllib.parse.urlsplit(where).path == "/unlock" and 'name="passphrase"' in page


def test_open_gives_a_new_link_for_another_browser(tmp_path: Path) -> None:
    home = tmp_path / "data"
    open_store(load_settings(home)).close()
    with serving(home) as served:
        first = _browser()
        assert _get(first, served.first_link())[0] == 200
        printed = _cli(home, "open", "--print")
        assert printed.returncode == 0, printed.stderr
        link = LINK.search(printed.stdout)
        assert link and link.group() != served.first_link()
        second = _browser()
        assert _get(second, served.url + "/")[0] == 401
        assert _get(second, link.group())[0] == 200
        assert _get(second, served.url + "/")[0] == 200
        assert _get(_browser(), link.group())[0] == 401  # once only


def test_a_first_run_with_no_data_folder_yet_opens_the_browser(tmp_path: Path) -> None:
    home = tmp_path / "data"  # as on a new machine: the data folder does not exist yet
    env = {**os.environ, "BROWSER": "true"}
    with serving(home, env=env, browser=True) as served:
        assert served.process.poll() is None
        assert home.stat().st_mode & 0o777 == 0o700
        assert _cli(home, "open").returncode == 0
        assert _get(_browser(), served.url + "/")[0] == 401  # the pages still need a link


def test_open_without_a_browser_says_where_the_page_is(tmp_path: Path) -> None:
    home = tmp_path / "data"
    open_store(load_settings(home)).close()
    with serving(home) as served:
        opened = _cli(home, "open", env={"BROWSER": "false"})  # a browser that fails to start
        assert opened.returncode == 1
        (page,) = home.glob("open-*.html")
        assert "No browser could be started" in opened.stderr
        assert page.as_uri() in opened.stderr and "--print" in opened.stderr
        assert "Opening" not in opened.stdout and "Traceback" not in opened.stderr
        assert _get(_browser(), served.url + "/")[0] == 401  # the page's link is not used up


def test_open_says_plainly_when_nothing_is_running(tmp_path: Path) -> None:
    home = tmp_path / "data"
    open_store(load_settings(home)).close()
    done = _cli(home, "open", "--print")
    assert done.returncode == 1
    assert "not running" in done.stderr and "Traceback" not in done.stderr


def test_the_server_leaves_no_link_page_or_socket_behind(tmp_path: Path) -> None:
    home = tmp_path / "data"
    open_store(load_settings(home)).close()
    with serving(home) as served:
        opened = _cli(home, "open")  # a browser that does nothing: the page stays until the end
        assert opened.returncode == 0, opened.stderr
        assert list(home.glob("open-*.html"))
        from trustbridge.web.control import socket_path

        control = socket_path(home, int(served.url.rsplit(":", 1)[1]))
        assert control.exists() and control.stat().st_mode & 0o777 == 0o600
    assert not list(home.glob("open-*.html"))
    assert not control.exists()
