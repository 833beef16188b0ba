"""Nothing leaves this computer: the whole web app and the CLI, watched for every attempt to bind,
connect, send to or look up an address, reach nothing but loopback addresses and Unix sockets.

Python's audit hooks see every such attempt made from Python code (``socket.connect``,
``socket.getaddrinfo``, ``socket.sendto``, ``http.client.connect``, ``urllib.Request``,
``webbrowser.open`` ...; the list is in ``netwatch/sitecustomize.py``). Two tests use them:

- in this process, the web app through FastAPI's TestClient and the CLI through Typer's runner
  (the TestClient itself opens no socket, so anything seen would come from the app);
- for real, ``trustbridge serve`` and the ``trustbridge`` command as separate processes, each
  started with ``netwatch`` first on ``PYTHONPATH`` so that its ``sitecustomize`` logs every
  attempt to a file, driven over loopback the way a browser and a person at a terminal would.

An attempt to reach anywhere else is recorded and then refused, so even a failing run sends
nothing out. Two more tests prove that each watch sees and refuses a deliberate attempt.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.integration.support import signed_in
from tests.integration.test_web import PAGES as WEB_PAGES
from tests.served import serving
from trustbridge.cli.app import app as cli_app
from trustbridge.config import load_settings
from trustbridge.store.db import open_store
from trustbridge.web.app import create_app

DATA = Path(__file__).parents[1] / "data"
NETWATCH = Path(__file__).parent / "netwatch"
#: TEST-NET-1 (RFC 5737): never routed, and refused by the watch before any packet is sent
OUTSIDE = ("192.0.2.1", 9)
#: the test's own requests to the server must not go through a proxy named in the environment
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

Attempt = dict[str, Any]


def _load_netwatch() -> Any:
    """The child processes' ``sitecustomize``, loaded under another name to share its rules."""
    spec = importlib.util.spec_from_file_location("netwatch_rules", NETWATCH / "sitecustomize.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


netwatch = _load_netwatch()


def make_store(home: Path) -> None:
    """An existing store, so that the app and the commands open it straight away."""
    open_store(load_settings(home)).close()


def outside(seen: list[Attempt]) -> list[Attempt]:
    return [
        attempt for attempt in seen if attempt["event"] != "netwatch.start" and not attempt["local"]
    ]


# --- the flows -------------------------------------------------------------------------------


class Page(NamedTuple):
    status: int
    text: str


Form = dict[str, Any] | None
Files = dict[str, tuple[str, bytes]] | None
#: send(method, path, form fields, files to upload as {field: (file name, bytes)}) -> Page
Send = Callable[[str, str, Form, Files], Page]

PAGES = [
    *WEB_PAGES,
    "/circle",
    "/ladder",
    "/gut",
    "/boundaries",
    "/balance",
    "/settings",
    "/settings/exchange",
    "/settings/backups",
    "/settings/delete",
    "/settings/security",
    "/static/app.css",
    "/static/app.js",
    "/static/vendor/htmx.min.js",
]


def prefilled(html: str, name: str) -> str:
    """The value a form field starts with, sent untouched as a browser would (today's date)."""
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*\bvalue="([^"]*)"', html)
    assert found, f"no pre-filled {name}"
    return found.group(1)


def browse(send: Send) -> None:
    """A person's visit: every page, then one of each kind of save, export, backup and import."""

    def get(path: str) -> str:
        page = send("GET", path, None, None)
        assert page.status == 200, (path, page.status, page.text[:1000])
        return page.text

    def post(path: str, form: Form = None, files: Files = None) -> str:
        page = send("POST", path, form, files)
        assert page.status == 200, (path, page.status, page.text[:1000])
        return page.text

    for path in PAGES:
        get(path)
    post("/welcome")
    checkin = {"mood": "4", "emotion": "calm", "energy": "3", "connection": "connected"}
    post("/checkin", {**checkin, "note": "Tea on the step"})
    post("/tools/journal", {"title": "Sunday", "body": "A quiet day by the river"})
    thought = {"situation": "No reply for two days", "automatic_thought": "They are tired of me"}
    rating = {"emotion_1": "anxious", "intensity_1": "80", "rerated_1": "40"}
    post("/tools/thought-record", {**thought, **rating, "distortions": ["mind_reading"]})
    post("/tools/affirmations", {"text": "I am allowed to rest"})
    post("/circle", {"name": "Sam", "kind": "friend"})
    circle = get("/circle")
    found = re.search(r'href="/circle/(\d+)"', circle)
    assert found, "the new person is not listed"
    sam = found.group(1)
    moment = {"dimension": "validates_feelings", "direction": "positive", "weight": "small"}
    post(
        "/circle/evidence",
        {**moment, "person": sam, "occurred_on": prefilled(circle, "occurred_on")},
    )
    post("/gut", {"person": sam, "sense": "He will be on time", "confidence": "80"})
    post("/boundaries", {"statement": "No calls after nine", "kind": "time"})
    day = prefilled(get("/balance"), "day")
    post("/balance", {"day": day, "alone_minutes": "90", "connected_minutes": "60"})
    assert "Sam" in get(f"/circle/{sam}")
    assert "A quiet day by the river" in post("/settings/exchange/export/json")
    assert post("/settings/exchange/export/markdown", {"stage": ""}).startswith("# My Trustbridge")
    post("/settings/backups")
    upload = {"file": ("jrnl.json", (DATA / "jrnl.json").read_bytes())}
    preview = post("/settings/exchange/import/jrnl", None, upload)
    token = re.search(r'name="token" value="([^"]+)"', preview)
    assert token, preview[:2000]
    progress = post("/settings/exchange/confirm", {"token": token.group(1)})
    deadline = time.monotonic() + 10
    while "Importing…" in progress:
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.05)
        job = re.search(r'hx-get="(/settings/exchange/jobs/[^"]+)"', progress)
        assert job, progress[:2000]
        progress = get(job.group(1))
    assert "Imported 3 entries" in progress, progress[:2000]
    get("/")


def command_lanes(out: Path) -> list[list[list[str]]]:
    """A person at the terminal: help, each kind of save, export, import and backup.

    In two lanes that share nothing, so that as separate processes they can run side by side.
    """
    return [
        [
            ["checkin", "--mood", "4", "--emotion", "calm", "--energy", "3",
             "--connection", "connected", "--note", "A slow walk"],
            ["checkin", "--mood", "2"],
            ["journal", "add", "--title", "Sunday", "--body", "A quiet day"],
            ["thought", "add", "--situation", "No reply", "--thought", "They are tired of me",
             "--emotion", "anxious:70", "--distortion", "mind_reading"],
            ["export", "json", "--out", str(out / "export.json")],
            ["export", "markdown", "--out", str(out / "export.md")],
        ],
        [
            ["--help"],
            ["--version"],
            ["help-now"],
            ["person", "add", "--name", "Ana", "--kind", "family"],
            ["evidence", "add", "--person", "Ana", "--dimension", "keeps_promises",
             "--direction", "positive", "--note", "Came on time"],
            ["person", "show", "Ana"],
            ["import", "jrnl", str(DATA / "jrnl.json"), "--yes"],
            ["backup", "now"],
        ],
    ]  # fmt: skip


#: reading back goes through the same code as saving; in this process it costs next to nothing
READ_BACK = [["journal", "list"], ["person", "list"], ["program"], ["backup", "list"]]


# --- in this process -------------------------------------------------------------------------

_WATCH: dict[str, Any] = {"on": False, "installed": False, "seen": []}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCH["on"]:
        return
    seen = netwatch.attempt(event, args)
    if seen is None:
        return
    seen["local"] = netwatch.is_local(seen)
    _WATCH["seen"].append(seen)
    if not seen["local"]:
        raise PermissionError(f"netwatch refused {event} to {seen['host']!r}")


@contextmanager
def watching() -> Iterator[list[Attempt]]:
    """Record every attempt this process makes to reach an address, until the block ends.

    Audit hooks cannot be removed, so one is installed for good and only listens while asked.
    """
    if not _WATCH["installed"]:
        sys.addaudithook(_hook)
        _WATCH["installed"] = True
    seen: list[Attempt] = []
    _WATCH.update(on=True, seen=seen)
    try:
        yield seen
    finally:
        _WATCH["on"] = False


def test_the_watch_in_this_process_catches_and_refuses_outside_attempts() -> None:
    with watching() as seen:
        with pytest.raises(PermissionError), socket.socket() as sock:
            sock.connect(OUTSIDE)
        with pytest.raises(PermissionError), socket.socket(type=socket.SOCK_DGRAM) as sock:
            sock.sendto(b"x", OUTSIDE)
        with pytest.raises(PermissionError):
            socket.getaddrinfo("example.com", 443)
        with pytest.raises(PermissionError):
            OPENER.open("https://example.com/", timeout=0.01)
        socket.getaddrinfo("localhost", 80)
    assert [(a["event"], a["host"], a["local"]) for a in seen] == [
        ("socket.connect", "192.0.2.1", False),
        ("socket.sendto", "192.0.2.1", False),
        ("socket.getaddrinfo", "example.com", False),
        ("urllib.Request", "example.com", False),
        ("socket.getaddrinfo", "localhost", True),
    ]


def test_web_app_and_cli_in_this_process_reach_nothing_outside(tmp_path: Path) -> None:
    make_store(load_settings().data_dir)  # TRUSTBRIDGE_HOME, set for every test
    runner = CliRunner()
    with watching() as seen:
        with signed_in(TestClient(create_app(load_settings()))) as client:

            def send(method: str, path: str, form: Form, files: Files) -> Page:
                response = client.request(method, path, data=form, files=files)
                return Page(response.status_code, response.text)

            browse(send)
        for args in [*(args for lane in command_lanes(tmp_path) for args in lane), *READ_BACK]:
            result = runner.invoke(cli_app, args)
            assert result.exit_code == 0, (args, result.output)
            assert "Traceback" not in result.output, (args, result.output)
        socket.getaddrinfo("localhost", 80)  # the watch was still listening at the end
    assert outside(seen) == []
    assert seen[-1]["host"] == "localhost"


# --- separate processes, for real ------------------------------------------------------------

TRUSTBRIDGE = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]


def watched_env(home: Path, log: Path) -> dict[str, str]:
    path = [str(NETWATCH), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(path),
        netwatch.LOG_ENV: str(log),
        "TRUSTBRIDGE_HOME": str(home),
    }


def read_log(log: Path) -> list[Attempt]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def multipart(files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = f"netwatch-{uuid.uuid4().hex}"
    body = b""
    for field, (name, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        body += head.encode() + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def over_loopback(base: str, link: str) -> Send:
    """Requests as a browser on this computer sends them: let in by the one-time link first,
    then same-origin forms with its cookie, redirects followed."""
    browser = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor()
    )
    browser.open(link, timeout=10).close()

    def send(method: str, path: str, form: Form, files: Files) -> Page:
        headers = {"Origin": base} if method == "POST" else {}
        body = None
        if files is not None:
            body, headers["Content-Type"] = multipart(files)
        elif method == "POST":
            body = urllib.parse.urlencode(form or {}, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(base + path, body, headers, method=method)
        try:
            with browser.open(request, timeout=10) as response:
                return Page(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.read().decode(errors="replace"))

    return send


def serve_and_browse(home: Path, log: Path, errors: Path) -> tuple[int, int]:
    """Run ``trustbridge serve`` on a free loopback port, watched, through a whole visit.

    Returns the server's process id and port.
    """
    with serving(home, env=watched_env(home, log), command=TRUSTBRIDGE, errors=errors) as served:
        browse(over_loopback(served.url, served.first_link()))
    return served.process.pid, int(served.url.rsplit(":", 1)[1])


def run_lane(lane: list[list[str]], home: Path, log: Path) -> list[int]:
    """Run each command as its own watched process, in order; returns their process ids."""
    pids = []
    for args in lane:
        with subprocess.Popen(
            [*TRUSTBRIDGE, *args],
            env=watched_env(home, log),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as command:
            said, complained = command.communicate(timeout=60)
        assert command.returncode == 0, (args, said[-1000:], complained[-2000:])
        assert "Traceback" not in complained, (args, complained[-2000:])
        pids.append(command.pid)
    return pids


def test_the_watch_in_a_child_process_catches_and_refuses_outside_attempts(
    tmp_path: Path,
) -> None:
    log = tmp_path / "netwatch.log"
    probe = (
        "import socket\n"
        f"for attempt in (lambda: socket.socket().connect({OUTSIDE!r}),\n"
        "                lambda: socket.getaddrinfo('example.com', 443)):\n"
        "    try:\n"
        "        attempt()\n"
        "    except PermissionError:\n"
        "        pass\n"
        "    else:\n"
        "        raise SystemExit('not refused')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=watched_env(tmp_path / "home", log),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert [(a["event"], a.get("host"), a.get("local")) for a in read_log(log)] == [
        ("netwatch.start", None, None),
        ("socket.connect", "192.0.2.1", False),
        ("socket.getaddrinfo", "example.com", False),
    ]


def test_the_real_server_and_commands_reach_nothing_outside(tmp_path: Path) -> None:
    log, out = tmp_path / "netwatch.log", tmp_path / "out"
    out.mkdir()
    lanes = command_lanes(out)
    homes = [tmp_path / f"home-{n}" for n in range(len(lanes) + 1)]
    for home in homes:
        make_store(home)

    with ThreadPoolExecutor(len(homes)) as pool:
        web = pool.submit(serve_and_browse, homes[0], log, tmp_path / "server.err")
        cli = [
            pool.submit(run_lane, lane, home, log)
            for lane, home in zip(lanes, homes[1:], strict=True)
        ]
        server, port = web.result()
        ran = [server, *(pid for lane in cli for pid in lane.result())]

    seen = read_log(log)
    started = {a["pid"] for a in seen if a["event"] == "netwatch.start"}
    assert set(ran) <= started, "a process ran without the watch"
    assert any(
        (a["pid"], a["event"], a.get("host"), a.get("port"))
        == (server, "socket.bind", "127.0.0.1", port)
        for a in seen
    ), "the server's own bind was not seen"
    argv = {a["pid"]: a["argv"] for a in seen if a["event"] == "netwatch.start"}
    assert [{**a, "argv": argv.get(a["pid"])} for a in outside(seen)] == []


def test_an_encrypted_store_and_its_key_agent_reach_nothing_outside(tmp_path: Path) -> None:
    """init, unlock (which starts the key agent), a fast check-in through it, then lock."""
    from trustbridge import keyagent

    home, log = tmp_path / "encrypted", tmp_path / "netwatch.jsonl"
    env = watched_env(home, log)
    env["TRUSTBRIDGE_PASSPHRASE"] = "a long enough passphrase"
    steps = [["init"], ["unlock", "--minutes", "2"]]
    locked_env = {k: v for k, v in env.items() if k != "TRUSTBRIDGE_PASSPHRASE"}
    after = [["checkin", "--mood", "3", "--emotion", "calm", "--energy", "3",
              "--connection", "connected", "--note", "through the agent"], ["lock"]]  # fmt: skip
    try:
        for args, use in [*((a, env) for a in steps), *((a, locked_env) for a in after)]:
            done = subprocess.run(
                [*TRUSTBRIDGE, *args], env=use, capture_output=True, text=True, timeout=60
            )
            assert done.returncode == 0, (args, done.stderr)
    finally:
        keyagent.stop(home)
    seen = read_log(log)
    assert sum(a["event"] == "netwatch.start" for a in seen) >= len(steps) + len(after)
    assert outside(seen) == []
