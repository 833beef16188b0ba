"""The web app factory: opens the store, wires routes, templates, static files and error pages."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from trustbridge.config import Settings, load_settings
from trustbridge.services.base import NotFound, utcnow
from trustbridge.web import (
    routes_backups,
    routes_boundaries,
    routes_circle,
    routes_help,
    routes_home,
    routes_practice,
    routes_security,
    routes_selfwork,
    routes_settings,
    routes_tools,
)
from trustbridge.web.forms import MAX_BODY, FormTooLarge
from trustbridge.web.render import make_templates, render
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

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, not_found)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(FormTooLarge, too_large)
    app.add_exception_handler(Locked, routes_security.locked_response)
    app.add_exception_handler(NoStoreYet, routes_security.locked_response)
    app.add_exception_handler(Exception, crashed)


#: how often a server nobody is using checks whether it is time to lock
IDLE_CHECK_SECONDS = 15.0
#: and every this many checks (15 minutes), whether the daily backup is due
BACKUP_CHECK_EVERY = 60


def create_app(settings: Settings | None = None, *, idle_minutes: int | None = None) -> FastAPI:
    """Build the app for one person's store.

    A store kept unencrypted is opened here; an encrypted one when it is unlocked, and it
    locks again after ``idle_minutes`` (``TRUSTBRIDGE_IDLE_LOCK_MINUTES``, 15 unless set;
    0 never) without a request. Whatever is open is closed on shutdown.
    """
    settings = settings or load_settings()
    idle = idle_minutes_from_env() if idle_minutes is None else idle_minutes
    vault = Vault(settings, idle)

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
        watcher = asyncio.create_task(look_after())
        yield
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        vault.close()

    app = FastAPI(
        title="Trustbridge", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.vault = vault
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = (routes_home, routes_help, routes_selfwork, routes_tools, routes_circle,
               routes_practice, routes_boundaries, routes_settings, routes_backups,
               routes_security)  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    _add_error_pages(app)
    app.add_middleware(SecurityHeaders)
    return app
