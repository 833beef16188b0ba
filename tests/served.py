"""A real ``trustbridge serve`` on a free port for the tests that need one, and how to get in."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: the one-time link ``serve`` prints
LINK = re.compile(r"http://\S+/open\?token=[\w-]+")
#: the test's own requests must not go through a proxy named in the environment
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
TRUSTBRIDGE = (sys.executable, "-c", "from trustbridge.cli.main import run; run()")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running server: its address, its store's folder, and what it printed."""

    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    printed: Path

    def first_link(self) -> str:
        """The one-time link ``serve`` printed when it started."""
        found = LINK.search(self.printed.read_text(encoding="utf-8"))
        assert found, self.printed.read_text(encoding="utf-8")
        return found.group()

    def new_link(self) -> str:
        """A fresh one-time link, asked for as ``trustbridge open --print`` does."""
        from trustbridge.web.control import ask_servers

        replies = ask_servers(self.data_dir, b"LINK")
        assert replies, "the server did not answer on its control socket"
        return replies[0]


@contextmanager
def serving(
    home: Path,
    *,
    env: dict[str, str] | None = None,
    command: Sequence[str] = TRUSTBRIDGE,
    errors: Path | None = None,
    browser: bool = False,
) -> Iterator[Served]:
    """Start ``trustbridge serve`` for the store in ``home``; stopped (and waited for) after.

    With ``browser``, it opens a browser as ``make run`` does: give ``env`` a ``BROWSER``.
    """
    port = free_port()
    printed = home.parent / f"serve-{port}.out"
    errors = errors or home.parent / f"serve-{port}.err"
    environment = {**(env or os.environ), "TRUSTBRIDGE_HOME": str(home)}
    with printed.open("wb") as stdout, errors.open("wb") as stderr:
        process = subprocess.Popen(
            [*command, "serve", "--port", str(port), *([] if browser else ["--no-browser"])],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
    served = Served(f"http://127.0.0.1:{port}", home, process, printed)
    try:
        _wait_until_up(served, errors)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(served: Served, errors: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            OPENER.open(served.url + "/help-now", timeout=1).close()
            if LINK.search(served.printed.read_text(encoding="utf-8")):
                return
        except OSError:
            pass
        if served.process.poll() is not None or time.monotonic() > deadline:
            said = errors.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the server did not start: {said}")
        time.sleep(0.1)
