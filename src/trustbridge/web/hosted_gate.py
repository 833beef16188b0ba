"""Who may use a hosted server: a browser with a live session, checked in the database.

Local mode's gate (:mod:`.gate`) keeps its sessions in memory; a hosted server keeps none, so
two servers behind a proxy serve the same person. The session cookie holds a random token;
the database holds only its hash (:mod:`trustbridge.services.accounts`), and each request looks
it up there, with the idle and absolute timeouts. The cookie is ``HttpOnly``,
``SameSite=Lax`` and, behind TLS (the default), ``Secure`` with the ``__Host-`` prefix, which
binds it to this host and path ``/``.

In front of that, the same checks as local mode (:mod:`.security`): the ``Host`` must be one
this server was told to answer to (against DNS rebinding), a form must come from this site
(``Sec-Fetch-Site``, or ``Origin``, the same CSRF check as local mode), and every response
carries the security headers, plus HSTS behind TLS.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trustbridge.domain.reminders import FEED_PATH
from trustbridge.services.accounts import Accounts, SignedIn
from trustbridge.web.hosted_store import current_account
from trustbridge.web.security import _UNSAFE, _cross_site, with_headers

SECURE_COOKIE = "__Host-trustbridge"
PLAIN_COOKIE = "trustbridge_hosted"
#: between a right password and a right code: a half-made session of its own
SECURE_STEP_COOKIE = "__Host-trustbridge-step"
PLAIN_STEP_COOKIE = "trustbridge_hosted_step"
#: a year, and subdomains too (ASVS 3.4.1)
HSTS = "max-age=31536000; includeSubDomains"
#: answered without a session: crisis help, signing in, joining by invitation, and the calendar
#: feed (its token opens it: :mod:`.hosted_feed`)
OPEN_PATHS = frozenset({"/help-now", "/signin", "/signin/code", "/join", FEED_PATH})
#: parts of the local app that make no sense on a shared server (see :mod:`.hosted_routes`);
#: export and import have hosted pages of their own (:mod:`.hosted_exchange`), but for the
#: local import's preview kept in memory and its background jobs
NOT_HOSTED = (
    "/setup", "/unlock", "/open", "/settings/security", "/settings/backups", "/settings/delete",
    "/settings/exchange/confirm", "/settings/exchange/jobs",
)  # fmt: skip
#: the request's signed-in account, in the ASGI scope's state
SIGNED_IN = "signed_in"


@dataclass(frozen=True, slots=True)
class HostedConfig:
    """How a hosted server runs.

    :param secure: behind TLS (the default): cookies ``Secure`` with the ``__Host-`` prefix,
        and HSTS. Only ``trustbridge serve --plain-http`` turns it off, to try hosted mode on
        one's own computer.
    :param allowed_hosts: the host names (and addresses) requests may name in ``Host``
    """

    secure: bool = True
    allowed_hosts: frozenset[str] = field(
        default_factory=lambda: frozenset({"localhost", "127.0.0.1", "::1"})
    )

    @property
    def cookie(self) -> str:
        return SECURE_COOKIE if self.secure else PLAIN_COOKIE

    @property
    def step_cookie(self) -> str:
        return SECURE_STEP_COOKIE if self.secure else PLAIN_STEP_COOKIE

    def set_cookie(self, response: Response, name: str, token: str) -> None:
        """A session cookie: no ``Max-Age``, so the browser forgets it when it closes."""
        response.set_cookie(
            name, token, httponly=True, samesite="lax", secure=self.secure, path="/"
        )

    def clear_cookie(self, response: Response, name: str) -> None:
        response.delete_cookie(name, httponly=True, samesite="lax", secure=self.secure, path="/")


def _off_loop(look_up: Callable[[str], SignedIn | None], token: str) -> Awaitable[SignedIn | None]:
    """``look_up(token)`` in the event loop's own pool of threads: a third less work than
    Starlette's hand-over to a thread (AnyIO's, with its limiter and cancel scope), on every
    request. Nothing of the request's context is needed there."""
    return asyncio.get_running_loop().run_in_executor(None, look_up, token)


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    return name.lower() in allowed


def signed_in(connection: HTTPConnection) -> SignedIn | None:
    """The account of this request, as the gate found it (``None``: not signed in)."""
    found = connection.scope.get("state", {}).get(SIGNED_IN)
    return found if isinstance(found, SignedIn) else None


class HostedGateState:
    """``app.state.gate`` in hosted mode: what the shared pages ask of a gate."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def admits(self, connection: HTTPConnection) -> bool:
        return signed_in(connection) is not None

    def close(self) -> None:
        """Nothing is kept in memory, so nothing to forget."""


def is_open_path(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith("/static/")


def not_hosted(path: str) -> bool:
    return any(path == p or path.startswith(f"{p}/") for p in NOT_HOSTED)


class HostedGate:
    """ASGI middleware: host and CSRF checks, headers, and the session, for every request."""

    def __init__(
        self,
        app: ASGIApp,
        accounts: Accounts,
        config: HostedConfig,
        not_here: Callable[[Request], Response],
        signed_out: Callable[[Request], Awaitable[Response]],
    ) -> None:
        self.app = app
        self.accounts = accounts
        self.config = config
        self.not_here = not_here
        #: a form posted after the session ended: the sign-in page, showing what was typed
        self.signed_out = signed_out

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(scope, send)
        headers = Headers(scope=scope)
        refusal = None
        if not host_allowed(headers.get("host", ""), self.config.allowed_hosts):
            refusal = "This server does not answer to that name."
        elif scope["method"] in _UNSAFE and _cross_site(headers):
            refusal = "This form came from another site, so it was not accepted."
        if refusal is not None:
            await PlainTextResponse(refusal, status_code=403)(scope, receive, send)
            return
        path = scope["path"]
        request = Request(scope, receive)
        who = None
        if not path.startswith("/static/"):
            token = request.cookies.get(self.config.cookie)
            who = await _off_loop(self.accounts.session_for, token) if token else None
        scope.setdefault("state", {})[SIGNED_IN] = who
        if who is None and not is_open_path(path):
            if scope["method"] == "POST":
                await (await self.signed_out(request))(scope, receive, send)
            else:
                await self._to_signin(request)(scope, receive, send)
            return
        if not_hosted(path):
            await self.not_here(request)(scope, receive, send)
            return
        reset = current_account.set(who.account_id if who is not None else None)
        try:
            await self.app(scope, receive, send)
        finally:
            current_account.reset(reset)

    def _to_signin(self, request: Request) -> Response:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = (
            "/signin" if request.method != "GET" or here == "/" else (f"/signin?next={quote(here)}")
        )
        if request.headers.get("hx-request") == "true":
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    def _with_headers(self, scope: Scope, send: Send) -> Send:
        static = str(scope.get("path", "")).startswith("/static/")
        more = ((b"strict-transport-security", HSTS.encode()),) if self.config.secure else ()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                with_headers(message, static=static, more=more)
            await send(message)

        return send_with_headers
