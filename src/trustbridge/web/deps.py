"""Typed dependencies so route handlers stay short: the open store and the request's moment."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from trustbridge.config import Settings
from trustbridge.services.base import utcnow
from trustbridge.store.db import Store
from trustbridge.web.vault import Vault


def get_store(request: Request) -> Store:
    """The open store; when it is locked (or not made yet) the person is sent to unlock it."""
    vault: Vault = request.app.state.vault
    return vault.store()


async def store_for_request(request: Request) -> Store:
    """:func:`get_store` as a dependency.

    A local vault may have to open or close its store (or wait while another thread does),
    so it is asked in a worker thread, as FastAPI runs any plain ``def`` dependency. A vault
    that only hands out a ready handle (hosted mode's: ``hands_out_at_once``) is asked right
    here, which spares every request one hand-over to a thread and back.
    """
    vault = request.app.state.vault
    if getattr(vault, "hands_out_at_once", False):
        return get_store(request)
    return await run_in_threadpool(get_store, request)


def open_settings(request: Request) -> Settings:
    """The open store's settings, carrying its key (locked: the person is sent to unlock)."""
    return get_store(request).settings


async def get_now() -> dt.datetime:
    """The one clock reading a request uses; tests override this dependency.

    ``async`` because it never waits: FastAPI runs a plain ``def`` dependency in a worker
    thread, a hand-over and back on every request for one reading of the clock.
    """
    return utcnow()


def is_htmx(request: Request) -> bool:
    """Whether HTMX sent this request and wants a fragment rather than a whole page."""
    return request.headers.get("hx-request") == "true"


StoreDep = Annotated[Store, Depends(store_for_request)]
NowDep = Annotated[dt.datetime, Depends(get_now)]
