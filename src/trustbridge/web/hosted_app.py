"""The web app in hosted mode: the same pages, on PostgreSQL, for people who sign in.

Built by :func:`trustbridge.web.app.create_app` when the settings name a PostgreSQL database.
The differences from local mode are in what is wired, not in the pages: a gate that checks
sessions in the database (:mod:`.hosted_gate`), a store that runs every unit of work as the
signed-in account (:mod:`.hosted_store`), the sign-in and account pages
(:mod:`.hosted_routes`) put before the others, and no timers, control socket or anything
else kept in memory, so any number of servers can share one database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from trustbridge.config import Settings
from trustbridge.domain.crisis import warm_up
from trustbridge.services.accounts import Accounts, Policy, role_problem
from trustbridge.services.base import utcnow
from trustbridge.store.db import current_revision, make_engine, open_store
from trustbridge.store.schema import HEAD_REVISION
from trustbridge.web.forms import BodyLimit
from trustbridge.web.hosted_gate import HostedConfig, HostedGate, HostedGateState
from trustbridge.web.hosted_store import HostedVault, SignedOut
from trustbridge.web.offload import Previews


class CannotServe(Exception):
    """The database is not ready for the app, or the app's role could bypass row-level
    security; ``str()`` says what to do, for the operator."""


NOT_MIGRATED = (
    "The database is at revision {found}, and this Trustbridge needs {head}. Please run "
    "trustbridge hosted migrate as the tables' owner, then trustbridge hosted grant-app-role, "
    "and serve again."
)


def check_database(settings: Settings) -> None:
    """Refuse to serve as a role that row-level security would not hold (a superuser, a role
    with BYPASSRLS, the tables' owner), or on a schema the app's role cannot bring up to date."""
    engine = make_engine(settings)
    try:
        problem = role_problem(engine)
        if problem is not None:
            raise CannotServe(problem)
        found = current_revision(engine)
        if found != HEAD_REVISION:
            raise CannotServe(NOT_MIGRATED.format(found=found or "none", head=HEAD_REVISION))
    finally:
        engine.dispose()


async def _signed_out(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/signin", status_code=303)


def create_hosted_app(
    settings: Settings,
    config: HostedConfig | None = None,
    *,
    policy: Policy | None = None,
    clock: Callable[[], Any] = utcnow,
    base_url: str = "http://127.0.0.1:8000",
) -> FastAPI:
    """Build the app for a PostgreSQL database (``settings.database_url``).

    The schema must be up to date (``trustbridge hosted migrate``, run as the tables' owner)
    and the app's role one that row-level security holds (:func:`check_database`), or this
    raises :class:`CannotServe`. ``clock`` is what the sessions' timeouts and the sign-in
    limits read (tests move it instead of waiting).
    """
    from trustbridge.web import app as local
    from trustbridge.web import (
        hosted_exchange,
        hosted_feed,
        hosted_routes,
        hosted_spaces,
        routes_settings,
    )

    config = config or HostedConfig()
    check_database(settings)
    store = open_store(settings)
    accounts = Accounts(store.engine, policy or Policy(), clock)
    vault = HostedVault(store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warm_up()  # the crisis check's model, as in local mode
        try:
            yield
        finally:
            vault.close()

    app = local.new_app(lifespan)
    app.state.vault = vault
    app.state.gate = HostedGateState(base_url)
    app.state.accounts = accounts
    app.state.hosted = config
    app.state.previews = Previews()
    app.state.attempts = None
    app.state.templates.env.globals["hosted"] = True
    app.include_router(hosted_routes.router)  # first: its /settings and /lock win
    app.include_router(hosted_spaces.router)
    app.include_router(hosted_exchange.router)  # before the local export and import
    app.include_router(hosted_feed.router)  # before the local calendar feed
    app.state.feed_context = hosted_feed.feed_context
    for module in local.ROUTERS:
        app.include_router(module.router)
    local._add_error_pages(app)
    app.add_exception_handler(SignedOut, _signed_out)
    app.add_middleware(BodyLimit, limit_for=routes_settings.body_limit)
    app.add_middleware(
        HostedGate,
        accounts=accounts,
        config=config,
        not_here=hosted_routes.not_here,
        signed_out=hosted_routes.signed_out_post,
    )
    return app
