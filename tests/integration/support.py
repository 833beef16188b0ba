"""Helpers the interface tests share: running the CLI, reaching a web app's store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient
from typer.testing import Result

from trustbridge.store.db import Store

#: the web tests' fixed clock
NOW = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)
HTMX = {"HX-Request": "true"}
FORM = {"content-type": "application/x-www-form-urlencoded"}

Invoke = Callable[..., Result]


def ok(result: Result) -> str:
    """The standard output of a command that must have succeeded."""
    assert result.exit_code == 0, result.output
    return result.stdout


def signed_in(client: TestClient) -> TestClient:
    """Let this client in, as opening the one-time link ``trustbridge serve`` prints does."""
    gate = client.app.state.gate  # type: ignore[attr-defined]
    opened = client.get(f"/open?token={gate.new_link()}", follow_redirects=False)
    assert opened.status_code == 303, opened.text
    return client


def store_of(client: TestClient) -> Store:
    store: Store = client.app.state.vault.store()  # type: ignore[attr-defined]
    return store
