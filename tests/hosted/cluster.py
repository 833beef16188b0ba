"""A throwaway PostgreSQL cluster for tests: Debian's server, a temporary folder, a free port.

PostgreSQL refuses to run as root, and CI runs as root: there the cluster is made and run
by the ``postgres`` user the Debian package creates (through ``runuser``); as anyone else it
runs as that user. It listens on 127.0.0.1 and on a socket inside its own folder only, with
trust authentication, and durability turned off (nothing here needs to survive a crash).
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

#: Debian's layout: /usr/lib/postgresql/<major>/bin
SERVER_GLOB = "/usr/lib/postgresql/*/bin/postgres"
#: the user the Debian package creates, who runs the server when the tests run as root
SERVER_USER = "postgres"
#: the superuser made by initdb; trust authentication means it needs no password
SUPERUSER = "postgres"
#: how many free ports to try when another process takes one between choosing and listening
PORT_TRIES = 3
#: seconds pg_ctl waits for the server to start or stop (a limit, never an assertion)
WAIT_SECONDS = "60"
FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class Unavailable(RuntimeError):
    """No PostgreSQL server can be run here; the message says why, in one sentence."""


def server_bin() -> Path:
    """The folder of the newest installed PostgreSQL's programs."""
    found = sorted(glob.glob(SERVER_GLOB), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise Unavailable(
            "PostgreSQL is not installed (make test installs Debian's postgresql package)"
        )
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """One running server; :meth:`stop` is safe to call any number of times."""

    folder: Path
    bin: Path
    port: int = 0
    as_user: list[str] = field(default_factory=list)
    running: bool = False

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        """The URL of the ``postgres`` database, over TCP on loopback."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, *args],
            cwd=self.folder,  # the server's user may not be allowed into the current folder
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C at the terminal is for pytest, not the server
            check=False,
        )

    def _start(self) -> None:
        made = self._run(
            str(self.bin / "initdb"), "--pgdata", str(self.data), "--username", SUPERUSER,
            "--auth", "trust", "--encoding", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        if made.returncode != 0:
            raise Unavailable(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
        options = [f"-c {setting}" for setting in FAST]
        log = ""
        for _ in range(PORT_TRIES):
            self.port = free_port()
            server = " ".join(
                [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-k {self.folder}", *options]
            )
            started = self._run(
                str(self.bin / "pg_ctl"), "--pgdata", str(self.data), "--log",
                str(self.folder / "server.log"), "--wait", "--timeout", WAIT_SECONDS,
                "--options", server, "start",
            )  # fmt: skip
            if started.returncode == 0:
                self.running = True
                return
            log = (self.folder / "server.log").read_text(errors="replace")
        raise Unavailable(f"the PostgreSQL server did not start: {log.strip()[-500:]}")

    def stop(self) -> None:
        """Stop the server (immediately: its data is thrown away) and remove its folder."""
        if self.running:
            self.running = False
            self._run(
                str(self.bin / "pg_ctl"), "--pgdata", str(self.data), "--mode", "immediate",
                "--wait", "--timeout", WAIT_SECONDS, "stop",
            )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def _server_user() -> list[str]:
    """What to put before a server command: ``runuser`` when root, nothing otherwise."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise Unavailable(
            f"running as root, and there is no '{SERVER_USER}' user to run PostgreSQL"
        ) from None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Unavailable("running as root, and runuser is missing to start PostgreSQL")
    return [runuser, "-u", SERVER_USER, "--"]


def _exit_on(signum: int, _frame: object) -> None:
    """End the process as an exception would, so the clusters' ``atexit`` stops run."""
    sys.exit(128 + signum)


def _stop_when_terminated() -> None:
    """``atexit`` does not run when the process is killed by SIGTERM or SIGHUP (a CI job
    cancelled, a terminal closed): turn them into an orderly exit, where nothing else has
    claimed them, so a killed test run leaves no server behind."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _exit_on)


def start() -> Cluster:
    """Make and start a cluster; it is stopped at exit even if nobody calls :meth:`stop`,
    also when the process is terminated (:func:`_stop_when_terminated`)."""
    bin_folder = server_bin()
    as_user = _server_user()
    folder = Path(tempfile.mkdtemp(prefix="trustbridge-pg-"))
    cluster = Cluster(folder, bin_folder, as_user=as_user)
    atexit.register(cluster.stop)
    _stop_when_terminated()
    try:
        if as_user:
            record = pwd.getpwnam(SERVER_USER)
            os.chown(folder, record.pw_uid, record.pw_gid)
        cluster._start()
    except BaseException:
        cluster.stop()
        raise
    return cluster


def create_database(cluster: Cluster, name: str) -> str:
    """A new empty database on ``cluster``; returns its URL."""
    import psycopg

    admin = cluster.url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster.url_for(name)


def drop_database(cluster: Cluster, name: str) -> None:
    """Drop a test's database, closing whatever connections a failed test left open."""
    import psycopg

    admin = cluster.url.replace("postgresql+psycopg", "postgresql")
    with contextlib.suppress(psycopg.Error), psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
