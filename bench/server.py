"""The real server under load: requests per second on `/`, `/circle` and `/stages` with 4 clients.

The store holds 100,000 entries, 500 people and 50,000 evidence events (``populate.py``), as
in issue 11. The server is the ``trustbridge serve --no-browser`` command itself, started as
its own process on a free loopback port with ``TRUSTBRIDGE_HOME`` pointing at the store, so
what is measured is what a person runs. The bench gets in the way a browser does: it opens
the one-time link the server prints and keeps the session cookie. Each page is then asked
for by 4 keep-alive clients for ``--seconds`` after a ``--warm-up``, and the bench prints
requests per second against the goal (>= 300 on `/`), the median and 99th percentile
latency, errors, the server's CPU use and its resident memory after the load. A static file
is measured the same way first, as the floor: what the server does when a page costs nothing.

The load comes from Debian's ``wrk`` (``apt-get install -y wrk``; ``make bench`` installs
it): one thread in C, so it takes little of the two cores from the server it measures. Its
CPU time is printed too. The session token reaches wrk through the environment, never its
command line, which every user of the computer can read.

Run with ``make bench``, or ``python bench/server.py --keep /tmp/tb-server`` to build the
store once (a few minutes) and reuse it. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from populate import populate, populate_circle

ENTRIES = 100_000
PEOPLE, EVIDENCE = 500, 50_000
CLIENTS = 4
GOAL_RPS = 300
PAGES = ("/", "/circle", "/stages")
FLOOR = "/static/app.css"
BIN = Path(sys.executable).with_name("trustbridge")
CLI = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]
COOKIE = "trustbridge_session"
#: how long the server may take to start (imports, opening the store, the crisis model)
START_SECONDS = 120.0
#: wrk's Lua: the session cookie on every request, and the figures on one line at the end
WRK_SCRIPT = f"""
wrk.headers["Cookie"] = "{COOKIE}=" .. os.getenv("TB_BENCH_SESSION")
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True, slots=True)
class Load:
    """What one timed run of wrk against one path found."""

    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    server_cpu: float  # the server's CPU seconds per wall second (1.0: one core busy)
    wrk_cpu: float  # the same for wrk
    rss_mib: float  # the server's resident memory after the run

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def build(folder: Path) -> Path:
    """A plain store with the entries, people and evidence of issue 11 (made once when kept)."""
    from trustbridge.config import load_settings
    from trustbridge.services import backups, security
    from trustbridge.store.db import open_store

    if (folder / "trustbridge.sqlite3").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    made = security.create(load_settings(folder), None)
    store = open_store(made.settings)
    populate(store, ENTRIES)
    populate_circle(store, PEOPLE, EVIDENCE)
    store.close()
    backups.take_backup(made.settings)  # so the server does not take the day's backup mid-run
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(home: Path, port: int) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``trustbridge serve`` on ``port`` for ``home``, and the one-time link it printed."""
    exe = [str(BIN)] if BIN.exists() else CLI
    env = {k: v for k, v in os.environ.items() if k != "TRUSTBRIDGE_PASSPHRASE"}
    env["TRUSTBRIDGE_HOME"] = str(home)
    command = [*exe, "serve", "--no-browser", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        link = ""
        for line in server.stdout:
            found = re.search(r"http://\S+/open\?token=\S+", line)
            if found:
                link = found.group()
                break
        if not link:
            raise SystemExit(f"trustbridge serve stopped before it printed a link: {command}")
        _wait_until_listening(port)
        yield server, link
    finally:
        stop(server)


def stop(server: subprocess.Popen[Any]) -> None:
    """End a server process: politely, then for good if it has not gone in 30 seconds."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _wait_until_listening(port: int) -> None:
    """The link is printed before uvicorn starts; wait until it answers."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            _get(port, "/help-now")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer on port {port} in {START_SECONDS:.0f} s")


def _get(port: int, path: str, cookie: str = "") -> tuple[int, str, bytes]:
    """One request: its status, its Set-Cookie header and its body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.getheader("set-cookie") or "", response.read()
    finally:
        connection.close()


def admit(port: int, link: str) -> str:
    """Open the one-time link as a browser would, and return the session token it sets."""
    path = link.split(f":{port}", 1)[1]
    status, set_cookie, _ = _get(port, path)
    found = re.match(rf"{COOKIE}=([^;]+)", set_cookie)
    if status != 303 or not found:
        raise SystemExit(f"the one-time link did not let the bench in (HTTP {status})")
    session = found.group(1)
    status, _, _ = _get(port, "/", f"{COOKIE}={session}")
    if status != 200:  # without a session it would be the sign-in page, HTTP 401
        raise SystemExit(f"the session did not open the Today page (HTTP {status})")
    return session


def _cpu_seconds(pid: int) -> float:
    """A process's user and system CPU time so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def drive(
    wrk: str, script: Path, port: int, path: str, seconds: float, pid: int, env: dict[str, str]
) -> Load:
    """Run wrk with ``CLIENTS`` keep-alive connections on one thread for ``seconds``."""
    command = [wrk, "-t1", f"-c{CLIENTS}", f"-d{seconds:g}s", "--timeout", "30s", "-s", str(script)]
    command.append(f"http://127.0.0.1:{port}{path}")
    server_before, wrk_before, started = _cpu_seconds(pid), _children_cpu(), time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    wall = time.monotonic() - started
    server_cpu, wrk_cpu = _cpu_seconds(pid) - server_before, _children_cpu() - wrk_before
    found = re.search(r"^RESULT (.*)$", done.stdout, re.MULTILINE)
    if found is None:
        raise SystemExit(f"wrk printed no result for {path}:\n{done.stdout}{done.stderr}")
    requests, micros, *errors, p50, p99 = (float(n) for n in found.group(1).split())
    return Load(
        requests=int(requests),
        seconds=micros / 1e6,
        errors=int(sum(errors)),
        p50_ms=p50 / 1000,
        p99_ms=p99 / 1000,
        server_cpu=server_cpu / wall,
        wrk_cpu=wrk_cpu / wall,
        rss_mib=_rss_mib(pid),
    )


def show(name: str, load: Load, floor: Load | None) -> None:
    """One path's figures, with its rate as a ratio to the floor and to the goal."""
    against = f"{load.per_second / floor.per_second:6.2f}x floor" if floor else f"{'':12}"
    verdict = "ok" if load.per_second >= GOAL_RPS else "UNDER"
    print(
        f"{name:<24} {load.per_second:7.0f} req/s {against} {load.per_second / GOAL_RPS:5.2f}x goal"
        f" {verdict:<5}  p50 {load.p50_ms:6.1f} ms  p99 {load.p99_ms:6.1f} ms"
        f"  errors {load.errors}  server CPU {load.server_cpu:4.2f}  wrk CPU {load.wrk_cpu:4.2f}"
        f"  RSS {load.rss_mib:4.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="timed load per path")
    parser.add_argument("--warm-up", type=float, default=2.0, help="untimed load per path first")
    parser.add_argument("--keep", type=Path, help="build the store here, and reuse it")
    options = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("this bench needs wrk: apt-get install -y wrk (make bench does)")

    import compileall

    import trustbridge

    # What a person's second start sees: bytecode cached, even where the environment sets
    # PYTHONDONTWRITEBYTECODE (this sandbox does).
    compileall.compile_dir(Path(trustbridge.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="tb-server-") as tmp:
        home = build((options.keep or Path(tmp)) / f"plain-{ENTRIES}")
        script = Path(tmp) / "session.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        port = free_port()
        with serving(home, port) as (server, link):
            env = {**os.environ, "TB_BENCH_SESSION": admit(port, link)}
            print(
                f"{ENTRIES:,} entries, {PEOPLE} people, {EVIDENCE:,} evidence events in {home}\n"
                f"trustbridge serve on port {port} (pid {server.pid}), RSS "
                f"{_rss_mib(server.pid):.0f} MiB after start; {os.cpu_count()} cores; wrk, "
                f"{CLIENTS} keep-alive clients, {options.warm_up:g} s warm-up, "
                f"{options.seconds:g} s timed; goal >= {GOAL_RPS} req/s on /"
            )
            floor: Load | None = None
            for path in (FLOOR, *PAGES):
                drive(wrk, script, port, path, options.warm_up, server.pid, env)
                load = drive(wrk, script, port, path, options.seconds, server.pid, env)
                show(f"GET {path}" + (" (floor)" if path == FLOOR else ""), load, floor)
                floor = floor or load


if __name__ == "__main__":
    main()
