"""Headers that keep private pages out of caches, other sites out of this one, and bodies small."""

from __future__ import annotations

import ipaddress

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
_COMMON = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def host_is_local(host: str, *, any_address: bool = False) -> bool:
    """True for ``localhost``, loopback addresses and the test client's host.

    Refusing other names stops DNS-rebinding pages from reading this person's entries. Other
    IP addresses are accepted only by a server told to listen beyond this computer
    (``any_address``); even then, a request needs this server's session (see ``gate``).
    """
    name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    if name in ("localhost", "testserver") or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or any_address


def _cross_site(headers: Headers) -> bool:
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:  # a browser old enough not to send it on same-origin posts
        return False
    if origin == "null":  # a sandboxed frame, a data: URL or a file: page: never this app
        return True
    return origin.split("://", 1)[-1] != headers.get("host", "")


def apply_headers(out: MutableHeaders, *, static: bool = False) -> None:
    """Set the security headers, and keep anything but static files out of every cache."""
    for key, value in _COMMON.items():
        out[key] = value
    out["cache-control"] = "no-cache" if static else "no-store"


#: :data:`_COMMON` as a response's raw headers, and the cache's for a page and a static file
_RAW = tuple((key.encode("latin-1"), value.encode("latin-1")) for key, value in _COMMON.items())
_CACHE = {False: (b"cache-control", b"no-store"), True: (b"cache-control", b"no-cache")}


def with_headers(
    message: Message, *, static: bool = False, more: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    """:func:`apply_headers` (and ``more``) on a response's start message, on its raw headers:
    the same headers, without making and searching a header object for each one, on every
    response."""
    ours = (*_RAW, _CACHE[static], *more)
    names = {key for key, _ in ours}
    kept = [pair for pair in message.get("headers", ()) if pair[0].lower() not in names]
    message["headers"] = [*kept, *ours]


class SecurityHeaders:
    """ASGI middleware: security headers on every response, ``no-store`` on every page."""

    def __init__(self, app: ASGIApp, *, any_address: bool = False) -> None:
        self.app = app
        self.any_address = any_address

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = None
        if not host_is_local(headers.get("host", ""), any_address=self.any_address):
            refusal = "Trustbridge only answers on this computer's own addresses."
        elif scope["method"] in _UNSAFE and _cross_site(headers):
            refusal = "This form came from another site, so it was not accepted."
        if refusal is not None:
            response = PlainTextResponse(refusal, status_code=403)
            await response(scope, receive, self._with_headers(scope, send))
            return
        await self.app(scope, receive, self._with_headers(scope, send))

    def _with_headers(self, scope: Scope, send: Send) -> Send:
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                with_headers(message, static=static)
            await send(message)

        return send_with_headers
