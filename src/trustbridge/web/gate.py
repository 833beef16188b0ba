"""Who may use this server: the browser that opened its one-time link, and nobody else.

Any program on the computer, of any user, can connect to 127.0.0.1, and a program that is not
a browser sets ``Host`` and ``Origin`` as it likes. So being on this computer proves nothing.
What does: ``trustbridge serve`` makes random one-time links, and only the person who ran it
sees them (in their terminal, or in a 0600 file in their own data folder that their browser is
pointed at, so the secret never appears in a command line other users can list). Opening a
link swaps it for a session cookie (HttpOnly, SameSite=Strict) and redirects away from the
secret. Typing the passphrase of an encrypted store on the unlock page also starts a session:
whoever knows it may read the entries anyway. Everything is in memory, so a restart forgets
every session and link.

Every request without a live session gets the sign-in (or unlock) page instead of the route it
asked for, except the few paths in :data:`OPEN_PATHS` and static files: crisis help never
waits for anything.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from trustbridge.domain.reminders import FEED_PATH

COOKIE = "trustbridge_session"
OPEN_PATH = "/open"
#: answered for anyone: crisis help, the one-time link itself, the unlock form (which
#: checks the passphrase before it opens anything), and the reminders feed (which answers
#: only to its own random token, for a calendar app that has no session)
OPEN_PATHS = frozenset({"/help-now", OPEN_PATH, "/unlock", FEED_PATH})
#: links not yet used; the oldest is dropped beyond this, so asking for links cannot fill memory
MAX_LINKS = 8


def _digest(token: str) -> str:
    """What is kept of a secret: its hash, so the set of live secrets leaks nothing by timing."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class _Link:
    #: the redirect file a browser was sent to, removed once the link is used
    file: Path | None = None


class Gate:
    """The one-time links and live sessions of this server run; safe from any thread."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000") -> None:
        self.base_url = base_url.rstrip("/")
        self._links: dict[str, _Link] = {}
        self._sessions: set[str] = set()
        self._lock = threading.Lock()

    def new_link(self, file: Path | None = None) -> str:
        """A fresh one-time token for ``/open?token=...``."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            while len(self._links) >= MAX_LINKS:
                _remove(self._links.pop(next(iter(self._links))).file)
            self._links[_digest(token)] = _Link(file)
        return token

    def link_url(self, token: str) -> str:
        return f"{self.base_url}{OPEN_PATH}?token={token}"

    def browser_file(self, folder: Path) -> Path:
        """A 0600 page in ``folder`` that sends the browser to a new one-time link.

        Opening this file rather than the link keeps the secret out of the browser's command
        line, which every user of the computer can read in the process list. On a first run
        the folder does not exist yet: it is made private, as the store makes it.
        """
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = folder / f"open-{secrets.token_hex(8)}.html"
        token = self.new_link(name)
        url = self.link_url(token)
        page = (
            '<!doctype html><meta charset="utf-8"><title>Opening Trustbridge</title>'
            f'<meta http-equiv="refresh" content="0;url={url}">'
            f'<p><a href="{url}">Open Trustbridge</a></p>\n'
        )
        descriptor = _private_file(name)
        with open(descriptor, "w", encoding="utf-8") as out:
            out.write(page)
        return name

    def redeem(self, token: str) -> str | None:
        """Swap a one-time token for a new session token; ``None`` if it is unknown or used."""
        with self._lock:
            link = self._links.pop(_digest(token), None)
        if link is None:
            return None
        _remove(link.file)
        return self.new_session()

    def new_session(self) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions.add(_digest(token))
        return token

    def admits(self, connection: HTTPConnection) -> bool:
        """Whether this request carries a session of this server run."""
        token = connection.cookies.get(COOKIE)
        if not token:
            return False
        with self._lock:
            return _digest(token) in self._sessions

    def close(self) -> None:
        """Forget every link and remove their redirect files (the server is stopping)."""
        with self._lock:
            links, self._links = self._links, {}
            self._sessions.clear()
        for link in links.values():
            _remove(link.file)


def set_session_cookie(response: Response, token: str) -> None:
    """The session lasts until the browser closes or the server stops, whichever comes first."""
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")


def _private_file(path: Path) -> int:
    import os

    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def _remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


Refusal = Callable[[Request], Awaitable[Response]]


def is_open_path(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith("/static/")


class SessionGate:
    """ASGI middleware: requests without a session get ``refuse(request)``, never the route."""

    def __init__(self, app: ASGIApp, gate: Gate, refuse: Refusal) -> None:
        self.app = app
        self.gate = gate
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_open_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if self.gate.admits(request):
            await self.app(scope, receive, send)
            return
        response = await self.refuse(request)
        await response(scope, receive, send)
