"""Hosted mode under load: two app servers, one PostgreSQL, many accounts reading and writing.

Issue 12 asks for >= 500 requests a second on 2 cores with a p99 of 100 ms or less, no errors,
and every write the servers confirmed found in the database afterwards. This bench sets that
up as an operator would and measures it:

* a throwaway PostgreSQL cluster (``tests/hosted/cluster.py``), stopped in ``finally``, also
  on Ctrl-C; a database owned by a plain ``trustbridge`` role, set up with ``trustbridge
  hosted migrate`` and ``trustbridge hosted grant-app-role trustbridge_app`` as that owner;
* ``--accounts`` accounts (an administrator made with ``hosted create-admin``, the others
  joining by invitation), each given entries of every kind, people and trust evidence
  (``populate.py``, written as the account, through row-level security);
* two ``trustbridge serve --database-url ... --plain-http`` processes on free loopback ports
  (one uvicorn worker each, as ``trustbridge serve`` runs), connected as the app's own role; every account signs in through the form (Argon2id) before
  anything is timed;
* a load of reads (Today, the journal list, one journal entry's page, the circle, the stages)
  and writes (journal entries and check-ins: real urlencoded form posts carrying the
  ``Sec-Fetch-Site`` and ``Origin`` a browser sends, so they pass the CSRF check), each
  request from an account picked at random, over ``--connections`` keep-alive connections
  split between the two servers, as a proxy without sticky sessions would;
* a floor measured the same way in the same run: a static file through the same servers.

It prints requests per second, the median and 99th percentile latency, errors, each server's
and PostgreSQL's CPU use and the servers' resident memory, as ratios to the goal and to the
floor; then it reads back every write a server confirmed (a 303 to the saved entry) by the
marker written into it, with the account it must belong to, and prints "N of N confirmed
writes present".

**The load generator** is an asyncio client in this process (on uvloop when it is
installed): raw HTTP/1.1 over keep-alive sockets, no HTTP library. It is not wrk (which
``bench/server.py`` uses) because each confirmed write must be matched to the marker its
request carried, and wrk's Lua sees a response without knowing which request it answers.
Plain asyncio costs some tens of microseconds of CPU a request, a few per cent of one core at
the goal's rate; the client's CPU time is printed beside the servers', so a reader can see how
much of the two cores it took.

Run with ``make bench``, or ``python bench/hosted.py --seconds 30``. Not a test: the numbers
depend on the machine (``tests/hosted/test_bench.py`` only runs it for a second).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # for tests.hosted.cluster

from populate import populate, populate_circle
from server import stop
from tests.hosted import cluster as pg
from tests.served import free_port

GOAL_RPS = 500
GOAL_P99_MS = 100.0
OWNER, APP = "trustbridge", "trustbridge_app"
DATABASE = "trustbridge"
COOKIE = "trustbridge_hosted"  # the session cookie under --plain-http
FLOOR = "/static/app.css"
BIN = Path(sys.executable).with_name("trustbridge")
CLI = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]
START_SECONDS = 120.0
#: what the load asks for, and how often (out of 100)
MIX = (
    ("today", 20),
    ("journal", 15),
    ("entry", 20),
    ("circle", 10),
    ("stages", 15),
    ("write journal", 10),
    ("write check-in", 10),
)
WORDS = ("quiet", "walk", "friend", "call", "tired", "hopeful", "tea", "letter", "calm", "rain")


@dataclass
class Account:
    name: str
    password: str
    id: int = 0
    token: str = ""
    entries: list[int] = field(default_factory=list)


@dataclass
class Tally:
    """What one phase of the load found."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    problems: dict[str, int] = field(default_factory=dict)
    #: (marker, account id) of every write a server confirmed
    confirmed: list[tuple[str, int]] = field(default_factory=list)
    seconds: float = 0.0
    client_cpu: float = 0.0
    server_cpu: list[float] = field(default_factory=list)
    database_cpu: float = 0.0
    #: connections PostgreSQL accepted meanwhile (each a new server process)
    connections: int = 0

    def fail(self, what: str) -> None:
        self.errors += 1
        self.problems[what] = self.problems.get(what, 0) + 1

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


# --- setting up, as an operator would ---------------------------------------------------------


def _trustbridge(*args: str, url: str, stdin: str | None = None) -> None:
    exe = [str(BIN)] if BIN.exists() else CLI
    done = subprocess.run(
        [*exe, "hosted", *args, "--database-url", url],
        input=stdin, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"trustbridge hosted {args[0]} failed:\n{done.stdout}{done.stderr}")


def set_up_database(cluster: pg.Cluster, database: str) -> tuple[str, str]:
    """A database owned by a plain role, migrated and granted as documented in docs/hosted.md;
    returns the owner's address and the app role's."""
    import psycopg

    admin = cluster.url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        for role in (OWNER, APP):
            found = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if found is None:
                conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f'CREATE DATABASE "{database}" OWNER {OWNER}')
    base = f"postgresql+psycopg://{{}}@127.0.0.1:{cluster.port}/{database}"
    owner_url, app_url = base.format(OWNER), base.format(APP)
    _trustbridge("migrate", url=owner_url)
    _trustbridge("grant-app-role", APP, url=owner_url)
    return owner_url, app_url


def make_accounts(owner_url: str, folder: Path, count: int, rng: random.Random) -> list[Account]:
    """The first account with ``hosted create-admin``, the others by invitation, as people join."""
    from trustbridge.config import Settings
    from trustbridge.services.accounts import Accounts
    from trustbridge.store.db import make_engine

    people = [Account(f"Bench {i:03d}", f"{rng.getrandbits(128):032x} bench") for i in range(count)]
    _trustbridge(
        "create-admin", "--name", people[0].name, "--password-stdin",
        url=owner_url, stdin=people[0].password + "\n",
    )  # fmt: skip
    engine = make_engine(Settings(folder, owner_url))
    try:
        accounts = Accounts(engine)
        first = accounts.find(people[0].name)
        assert first is not None
        people[0].id = first.id
        for person in people[1:]:
            token, _ = accounts.invite(first.id)
            person.id = accounts.accept(token, person.name, person.password)
    finally:
        engine.dispose()
    return people


def fill(owner_url: str, folder: Path, people: list[Account], options: argparse.Namespace) -> None:
    """Each account's own entries, people and evidence, written as that account (row-level
    security holds the owner role too: the tables force it)."""
    from sqlalchemy import select

    from trustbridge.config import Settings
    from trustbridge.store import models as m
    from trustbridge.store.db import open_store
    from trustbridge.web.hosted_store import account_store

    store = open_store(Settings(folder, owner_url))
    try:
        for n, person in enumerate(people):
            own = account_store(store, person.id)
            populate(own, options.entries, seed=n)
            populate_circle(own, options.people, options.evidence, seed=n)
            with own.session() as session:
                person.entries = list(session.scalars(select(m.JournalEntry.id)))
    finally:
        store.close()


# --- the servers ----------------------------------------------------------------------------------


@contextmanager
def serving(app_url: str, home: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``trustbridge serve`` in hosted mode on ``port``, as the app's own role."""
    exe = [str(BIN)] if BIN.exists() else CLI
    env = {**os.environ, "TRUSTBRIDGE_HOME": str(home)}
    env.pop("TRUSTBRIDGE_DATABASE_URL", None)
    command = [*exe, "serve", "--database-url", app_url, "--plain-http", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if server.poll() is not None:
                raise SystemExit(f"trustbridge serve stopped:\n{log.read_text(errors='replace')}")
            try:
                _request(port, "GET", "/help-now")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"the server on port {port} did not answer") from None
                time.sleep(0.1)
        yield server
    finally:
        stop(server)


def _request(
    port: int, method: str, path: str, body: str = "", cookie: str = ""
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if method == "POST":
        headers.update(_post_headers(port))
    connection.request(method, path, body=body.encode() or None, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _post_headers(port: int) -> dict[str, str]:
    """What a browser sends with a form posted from the page it came from."""
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://127.0.0.1:{port}",
        "Sec-Fetch-Site": "same-origin",
    }


def sign_in(port: int, person: Account) -> None:
    """Through the form, as a browser does (Argon2id, before anything is timed)."""
    form = urllib.parse.urlencode({"name": person.name, "password": person.password, "next": "/"})
    response = _request(port, "POST", "/signin", form)
    found = re.search(rf"{COOKIE}=([^;]+)", response.getheader("set-cookie") or "")
    if response.status != 303 or found is None:
        raise SystemExit(f"{person.name} could not sign in (HTTP {response.status})")
    person.token = found.group(1)


# --- the load -------------------------------------------------------------------------------------


class Mix:
    """The requests of the load: what to ask, and what answer confirms it."""

    def __init__(self, people: list[Account], run: str, seed: int) -> None:
        self.people = people
        self.run = run
        self.rng = random.Random(seed)
        self.kinds = [kind for kind, weight in MIX for _ in range(weight)]
        self.written = 0

    def next(self, port: int, floor: bool) -> tuple[str, bytes, str, str, int]:
        """(kind, request bytes, expected Location prefix or "", marker or "", account id)."""
        person = self.rng.choice(self.people)
        kind = "floor" if floor else self.rng.choice(self.kinds)
        path, form, expect, marker = FLOOR, "", "", ""
        if kind == "today":
            path = "/"
        elif kind == "journal":
            path = "/tools/journal"
        elif kind == "entry":
            path = f"/tools/journal/{self.rng.choice(person.entries)}"
        elif kind == "circle":
            path = "/circle"
        elif kind == "stages":
            path = "/stages"
        elif kind.startswith("write"):
            self.written += 1
            marker = f"{self.run}-{self.written}"
            words = " ".join(self.rng.choice(WORDS) for _ in range(30))
            if kind == "write journal":
                path, expect = "/tools/journal", "/tools/journal/"
                fields = {"title": "An evening", "body": f"{marker} {words}"}
            else:
                path, expect = "/checkin", "/?saved=1"
                fields = {"mood": "3", "emotion": "calm", "energy": "4",
                          "connection": "connected", "note": f"{marker} {words}"}  # fmt: skip
            form = urllib.parse.urlencode(fields)
        head = [
            f"{'POST' if form else 'GET'} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            f"Cookie: {COOKIE}={person.token}",
            "User-Agent: trustbridge-bench",
        ]
        if form:
            head += [f"{k}: {v}" for k, v in _post_headers(port).items()]
            head.append(f"Content-Length: {len(form)}")
        raw = ("\r\n".join(head) + "\r\n\r\n" + form).encode()
        return kind, raw, expect, marker, person.id


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, str, bool]:
    """Status, Location, and whether the server will close the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, chunked, location, close = 0, False, "", False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding":
            chunked = "chunked" in value.lower()
        elif name == "location":
            location = value.strip()
        elif name == "connection":
            close = "close" in value.lower()
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, location, close


async def _connection(port: int, mix: Mix, tally: Tally, until: float, floor: bool) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < until:
            kind, raw, expect, marker, account = mix.next(port, floor)
            started = time.perf_counter()
            try:
                writer.write(raw)
                status, location, close = await asyncio.wait_for(_read_response(reader), 30)
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
                tally.fail(f"{kind}: {type(exc).__name__}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            tally.latencies.append(time.perf_counter() - started)
            if marker:
                if status == 303 and location.startswith(expect):
                    tally.confirmed.append((marker, account))
                else:
                    tally.fail(f"{kind}: HTTP {status} {location}")
            elif status != 200:
                tally.fail(f"{kind}: HTTP {status} {location}")
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


def _cpu_seconds(pid: int) -> float:
    """A process's user and system CPU time so far (with its waited-for children), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(n) for n in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _database_cpu(cluster: pg.Cluster) -> float:
    """The CPU time of the PostgreSQL server and every process it started."""
    try:
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    total = _cpu_seconds(postmaster)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == postmaster:
                total += _cpu_seconds(int(entry.name))
    return total


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(
    ports: list[int], pids: list[int], cluster: pg.Cluster, mix: Mix, options: argparse.Namespace,
    seconds: float, *, floor: bool = False,
) -> Tally:  # fmt: skip
    """``options.connections`` keep-alive connections, split evenly between the servers."""
    tally = Tally()
    opened = _sessions_opened(cluster)
    servers = [_cpu_seconds(pid) for pid in pids]
    database = _database_cpu(cluster)
    mine = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()

    async def run() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(*(
            _connection(ports[i % len(ports)], mix, tally, until, floor)
            for i in range(options.connections)
        ))  # fmt: skip

    _runner(run)
    wall = time.monotonic() - started
    used = resource.getrusage(resource.RUSAGE_SELF)
    tally.seconds = wall
    tally.client_cpu = (used.ru_utime + used.ru_stime - mine.ru_utime - mine.ru_stime) / wall
    tally.server_cpu = [
        (_cpu_seconds(pid) - before) / wall for pid, before in zip(pids, servers, strict=True)
    ]
    tally.database_cpu = (_database_cpu(cluster) - database) / wall
    tally.connections = max(0, _sessions_opened(cluster) - opened - 1)  # not the one asking
    return tally


def _sessions_opened(cluster: pg.Cluster) -> int:
    """How many connections the cluster has accepted so far, in every database."""
    import psycopg

    admin = cluster.url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT sum(sessions) FROM pg_stat_database").fetchone()
    return int(found[0] or 0) if found else 0


def _runner(run: object) -> None:
    try:
        import uvloop

        factory = uvloop.new_event_loop
    except ImportError:
        factory = asyncio.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(run())  # type: ignore[operator]


def show(name: str, tally: Tally, floor: Tally | None, pids: list[int]) -> None:
    p50, p99 = tally.percentile(0.50), tally.percentile(0.99)
    against = ""
    if floor is not None:
        against = (
            f"  {tally.per_second / floor.per_second:5.2f}x floor req/s,"
            f" {p99 / floor.percentile(0.99):5.1f}x floor p99"
        )
    cpu = " + ".join(f"{c:4.2f}" for c in tally.server_cpu)
    rss = " + ".join(f"{_rss_mib(pid):.0f}" for pid in pids)
    print(
        f"{name:<18} {tally.per_second:6.0f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
        f"  errors {tally.errors}{against}\n"
        f"{'':<18} CPU (cores): servers {cpu}, PostgreSQL {tally.database_cpu:4.2f},"
        f" load generator {tally.client_cpu:4.2f}; servers' RSS {rss} MiB;"
        f" new connections to PostgreSQL {tally.connections}"
    )
    if tally.latencies:
        # what each request cost, whatever else the machine was doing: a figure that the
        # other programs on a shared computer disturb far less than the rate
        server_ms = sum(tally.server_cpu) * tally.seconds / len(tally.latencies) * 1000
        database_ms = tally.database_cpu * tally.seconds / len(tally.latencies) * 1000
        cores = os.cpu_count() or 1
        print(
            f"{'':<18} CPU per request: servers {server_ms:.2f} ms + PostgreSQL"
            f" {database_ms:.2f} ms = {server_ms + database_ms:.2f} ms (all {cores} cores"
            f" would serve about {cores * 1000 / (server_ms + database_ms):.0f} req/s)"
        )
    for what, count in sorted(tally.problems.items()):
        print(f"{'':<18} {count} x {what}")


def verdict(tally: Tally) -> None:
    rate, p99 = tally.per_second, tally.percentile(0.99)
    print(
        f"goal: >= {GOAL_RPS} req/s: {rate / GOAL_RPS:5.2f}x {'ok' if rate >= GOAL_RPS else 'UNDER'};"
        f"  p99 <= {GOAL_P99_MS:.0f} ms: {p99 / GOAL_P99_MS:5.2f}x"
        f" {'ok' if p99 <= GOAL_P99_MS else 'OVER'};"
        f"  errors: {tally.errors} {'ok' if tally.errors == 0 else 'FAILED'}"
    )


def check_writes(cluster: pg.Cluster, database: str, run: str, tallies: list[Tally]) -> bool:
    """Every confirmed write in the database, by its marker, under the account that wrote it."""
    import psycopg

    confirmed = {marker: account for t in tallies for marker, account in t.confirmed}
    url = cluster.url_for(database).replace("postgresql+psycopg", "postgresql")
    stored: dict[str, int] = {}
    with psycopg.connect(url) as conn:  # the cluster's superuser: every account's rows
        for table, column in (("journal_entries", "body"), ("checkins", "note")):
            for owner, text in conn.execute(
                f"SELECT owner_id, {column} FROM {table} WHERE {column} LIKE %s", (f"{run}-%",)
            ):
                stored[text.split(" ", 1)[0]] = owner
    present = sum(1 for marker, account in confirmed.items() if stored.get(marker) == account)
    extra = len(set(stored) - set(confirmed))
    print(
        f"{present} of {len(confirmed)} confirmed writes present"
        + (f" ({extra} more stored that no answer confirmed)" if extra else "")
    )
    return present == len(confirmed)


def bench(cluster: pg.Cluster, options: argparse.Namespace) -> tuple[bool, int]:
    """Everything but the cluster: whether every confirmed write was found, and how many
    requests failed (in the warm-up and the timed load)."""
    rng = random.Random(options.seed)
    run = f"hb{rng.getrandbits(40):010x}"
    with tempfile.TemporaryDirectory(prefix="tb-hosted-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        made = time.monotonic()
        owner_url, app_url = set_up_database(cluster, options.database)
        people = make_accounts(owner_url, folder, options.accounts, rng)
        fill(owner_url, folder, people, options)
        ports = [free_port(), free_port()]
        servers = [
            stack.enter_context(serving(app_url, folder, port, folder / f"server-{port}.log"))
            for port in ports
        ]
        pids = [server.pid for server in servers]
        for n, person in enumerate(people):
            sign_in(ports[n % 2], person)
        print(
            f"{options.accounts} accounts, each with {options.entries} entries, {options.people}"
            f" people and {options.evidence} evidence events; set up and signed in in"
            f" {time.monotonic() - made:.0f} s\n"
            f"two servers on ports {ports[0]} and {ports[1]} (pids {pids[0]}, {pids[1]}),"
            f" PostgreSQL on port {cluster.port}; {os.cpu_count()} cores;"
            f" {options.connections} connections; {options.warm_up:g} s warm-up,"
            f" {options.seconds:g} s timed\n"
            f"mix: {', '.join(f'{kind} {weight}%' for kind, weight in MIX)}"
        )
        mix = Mix(people, run, options.seed)
        load(ports, pids, cluster, mix, options, options.warm_up, floor=True)
        floor = load(ports, pids, cluster, mix, options, options.floor, floor=True)
        show(f"GET {FLOOR}", floor, None, pids)
        warm = load(ports, pids, cluster, mix, options, options.warm_up)
        timed = load(ports, pids, cluster, mix, options, options.seconds)
        show("mixed", timed, floor, pids)
        verdict(timed)
        kept = check_writes(cluster, options.database, run, [warm, timed])
        return kept, warm.errors + timed.errors


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    made.add_argument("--seconds", type=float, default=20.0, help="timed mixed load")
    made.add_argument("--warm-up", type=float, default=3.0, help="untimed load first")
    made.add_argument("--floor", type=float, default=5.0, help="timed static-file load")
    made.add_argument("--accounts", type=int, default=50, help="accounts signed in")
    made.add_argument("--entries", type=int, default=300, help="entries per account")
    made.add_argument("--people", type=int, default=10, help="people per account")
    made.add_argument("--evidence", type=int, default=100, help="evidence events per account")
    made.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    made.add_argument("--seed", type=int, default=12, help="for the mix and the data")
    made.add_argument("--database", default=DATABASE, help=argparse.SUPPRESS)
    return made


def main() -> None:
    options = parser().parse_args()
    if options.accounts < 1 or options.entries < 6 or options.connections < 2:
        raise SystemExit("Please ask for at least 1 account, 6 entries and 2 connections.")
    try:
        cluster = pg.start()
    except pg.Unavailable as exc:
        raise SystemExit(f"this bench needs PostgreSQL: {exc} (make bench installs it)") from None
    try:
        kept, _errors = bench(cluster, options)
    finally:
        cluster.stop()
    if not kept:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
