"""The web app factory: opens the store, wires routes, templates, static files and error pages."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.telemetry import TelemetryConfig
from starlette.exceptions import HTTPException as StarletteHTTPException

from trustbridge.config import Settings, load_settings
from trustbridge.domain.crisis import warm_up
from trustbridge.keyagent import AgentUnsafe
from trustbridge.services.base import NotFound, utcnow
from trustbridge.web import (
    routes_backups,
    routes_boundaries,
    routes_circle,
    routes_editing,
    routes_growth,
    routes_help,
    routes_home,
    routes_insights,
    routes_practice,
    routes_reminders,
    routes_report,
    routes_search,
    routes_security,
    routes_selfwork,
    routes_settings,
    routes_support,
    routes_tools,
    routes_unlock,
)
from trustbridge.web.attempts import Attempts
from trustbridge.web.control import ControlSocket, socket_path
from trustbridge.web.forms import MAX_BODY, BodyLimit, FormTooLarge
from trustbridge.web.gate import Gate, SessionGate
from trustbridge.web.offload import Previews
from trustbridge.web.render import make_templates, render
from trustbridge.web.route_index import index_routes
from trustbridge.web.security import SecurityHeaders, apply_headers
from trustbridge.web.vault import Locked, NoStoreYet, Vault, idle_minutes_from_env

STATIC = Path(__file__).with_name("static")

_MESSAGES = {
    400: ("Something in that request did not make sense", "Please go back and try again."),
    403: ("That was not accepted", "Please go back and try again from this page."),
    404: (
        "We could not find that page",
        "It may have been deleted, or the address may have a typo. Your other entries are safe.",
    ),
    405: ("That did not work", "Please go back and use the buttons on the page."),
    413: (
        "That was more than Trustbridge can take in at once",
        f"The form was over {MAX_BODY // (1024 * 1024)} MB, so nothing was saved. Each box "
        "holds at most 20,000 characters; try splitting your writing into a few entries.",
    ),
    500: (
        "Something went wrong on our side",
        "It is not your fault. If you were saving something, it may not have been kept; "
        "please go back and check before you retype it.",
    ),
}


def _error_page(request: Request, status: int, detail: str = "") -> HTMLResponse:
    title, text = _MESSAGES.get(status, _MESSAGES[400])
    context = {"title": title, "text": detail or text, "status": status}
    return render(request, "error.html", context, now=utcnow(), status=status)


def _add_error_pages(app: FastAPI) -> None:
    # imported here, not at the top: this function is the one part of the module that needs them
    from sqlalchemy.exc import DBAPIError

    from trustbridge.store import cipherdb
    from trustbridge.store.db import DISK_FULL, DiskFull, is_disk_full

    async def http_error(request: Request, exc: Exception) -> HTMLResponse:
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
        detail = exc.detail if isinstance(exc, StarletteHTTPException) else ""
        plain = detail if status == 400 and isinstance(detail, str) else ""
        return _error_page(request, status, plain)

    async def not_found(request: Request, exc: Exception) -> HTMLResponse:
        return _error_page(request, 404)

    async def too_large(request: Request, exc: Exception) -> HTMLResponse:
        return _error_page(request, 413)

    async def crashed(request: Request, exc: Exception) -> HTMLResponse:
        # This response is sent outside the middleware stack, so it sets its own headers.
        response = _error_page(request, 500)
        apply_headers(response.headers)
        return response

    async def disk_full(request: Request, exc: Exception) -> HTMLResponse:
        """A full disk met outside a form (a delete, a backup, opening the store): plain words.

        Forms never get here: :class:`DiskFull` is a ``ValidationError``, shown by the form
        with what was typed. Any other error of these kinds goes on to the 500 page.
        """
        if not is_disk_full(exc):
            raise exc
        text = f"{DISK_FULL} What you saved before is safe."
        context = {"title": "The disk is full", "text": text, "status": 507}
        return render(request, "error.html", context, now=utcnow(), status=507)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, not_found)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(FormTooLarge, too_large)
    app.add_exception_handler(Locked, routes_unlock.locked_response)
    app.add_exception_handler(NoStoreYet, routes_unlock.locked_response)
    for kind in (DiskFull, DBAPIError, cipherdb.Error, OSError):  # each checked: full or not
        app.add_exception_handler(kind, disk_full)
    app.add_exception_handler(Exception, crashed)


#: every page's routes, the same in local and hosted mode
ROUTERS = (routes_home, routes_help, routes_selfwork, routes_tools, routes_editing, routes_circle,
           routes_practice, routes_boundaries, routes_growth, routes_support,
           routes_report, routes_reminders, routes_search, routes_insights, routes_settings, routes_backups,
           routes_security, routes_unlock)  # fmt: skip

#: how often a server nobody is using checks whether it is time to lock
IDLE_CHECK_SECONDS = 15.0
#: and every this many checks (15 minutes), whether the daily backup is due
BACKUP_CHECK_EVERY = 60


#: FastAPI reports to OpenTelemetry when a tracer or meter is set up in the process; this app
#: never reports anything anywhere, whatever else is installed or set in the environment
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


@dataclass(frozen=True, slots=True)
class Listen:
    """Where a served app listens, for its links and the hosts it answers to."""

    host: str = "127.0.0.1"
    port: int = 8000
    #: whether ``trustbridge lock`` and ``trustbridge open`` can reach it (a real server)
    control: bool = False

    @property
    def base_url(self) -> str:
        shown = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{shown}:{self.port}"

    @property
    def beyond_this_computer(self) -> bool:
        import ipaddress

        try:
            return not ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host != "localhost"


async def _start_control(listen: Listen, vault: Vault, gate: Gate) -> ControlSocket | None:
    """The socket ``trustbridge lock`` and ``trustbridge open`` reach this server by."""
    try:
        control = ControlSocket(socket_path(vault.base.data_dir, listen.port), vault, gate)
        await control.start()
    except (AgentUnsafe, OSError) as exc:
        print(CONTROL_UNAVAILABLE.format(reason=exc), file=sys.stderr)
        return None
    return control


CONTROL_UNAVAILABLE = (
    "Trustbridge could not open its private line for `trustbridge lock` and `trustbridge "
    "open` ({reason}). Use the Lock button on the page instead."
)


#: the oldest generation is collected 10 times less often than Python's default (10)
OLD_GENERATION_EVERY = 100


def calm_garbage_collection() -> None:
    """Keep Python's full collections from stalling page loads.

    A page such as the circle makes thousands of short-lived objects; with the default
    thresholds the cycle collector then walks the whole heap (templates, modules, the app)
    every few requests, and one request in ten took five times its median. What exists at
    start-up is frozen out of the collector's view, and full collections come ten times less
    often: at 500 people, 95 of 100 circle pages were then within 1.3x of the median.
    Called once by ``trustbridge serve`` before the server starts (never per app: tests make
    hundreds of apps in one process, and frozen objects are never freed).
    """
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, OLD_GENERATION_EVERY)


def new_app(lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]]) -> FastAPI:
    """An app as both modes make it: no API docs, no telemetry, the templates and the static
    files; each mode adds its state, routes and middleware."""
    app = FastAPI(
        title="Trustbridge",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
        telemetry=NO_TELEMETRY,
    )
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    index_routes(app)  # sees the routes each mode adds after this, at its first request
    return app


def create_app(
    settings: Settings | None = None,
    *,
    idle_minutes: int | None = None,
    listen: Listen | None = None,
) -> FastAPI:
    """Build the app for one person's store (for a PostgreSQL database: hosted mode).

    A store kept unencrypted is opened here; an encrypted one when it is unlocked, and it
    locks again after ``idle_minutes`` (``TRUSTBRIDGE_IDLE_LOCK_MINUTES``, 15 unless set;
    0 never) without a request. Only a browser with this app's session gets past the sign-in
    page (see :mod:`.gate`). Whatever is open is closed on shutdown.
    """
    settings = settings or load_settings()
    if settings.sqlite_path is None:  # a PostgreSQL database: hosted mode
        from trustbridge.web.hosted_app import create_hosted_app

        return create_hosted_app(settings, base_url=(listen or Listen()).base_url)
    listen = listen or Listen()
    idle = idle_minutes_from_env() if idle_minutes is None else idle_minutes
    vault = Vault(settings, idle)
    gate = Gate(listen.base_url)
    previews = Previews()
    attempts = Attempts()

    async def look_after() -> None:
        """Lock when idle, and take the daily backup while the server keeps running."""
        checks = 0
        while True:
            await asyncio.sleep(IDLE_CHECK_SECONDS)
            vault.lock_if_idle()
            checks += 1
            if checks % BACKUP_CHECK_EVERY == 0:
                await asyncio.to_thread(vault.backup_if_due)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        control = await _start_control(listen, vault, gate) if listen.control else None
        warm_up()  # the crisis check's model, so the first save after start is not the slow one
        watcher = asyncio.create_task(look_after())
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            if control is not None:
                await control.stop()
            attempts.close()
            gate.close()
            vault.close()

    app = new_app(lifespan)
    app.state.vault = vault
    app.state.gate = gate
    app.state.attempts = attempts
    app.state.previews = previews
    for module in ROUTERS:
        app.include_router(module.router)
    _add_error_pages(app)
    # the last added runs first: host and origin checks, then the body cap, then the session
    app.add_middleware(SessionGate, gate=gate, refuse=routes_unlock.signin_response)
    app.add_middleware(BodyLimit, limit_for=routes_settings.body_limit)
    app.add_middleware(SecurityHeaders, any_address=listen.beyond_this_computer)
    return app
