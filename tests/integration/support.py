"""Helpers the interface tests share: running the CLI, reaching a web app's store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import Result

from trustbridge.store import shapes
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


def values(record: Any, table: str) -> dict[str, Any]:
    """A record's stored columns by name, a model's or a plain row's alike: what the tests of
    the plain reads compare."""
    return {name: getattr(record, name) for name in shapes.TABLES[table]}


def fresh_people(session: Any, *emptied: type, count: int = 3) -> list[Any]:
    """Empty the tables of the models ``emptied`` and the circle, then add ``count`` people
    ("Person 0", "Person 1", ...), numbered."""
    from sqlalchemy import delete

    from trustbridge.store import models as m

    for model in (*emptied, m.Person):
        session.execute(delete(model))
    people = [m.Person(name=f"Person {n}", kind="friend", created_at=NOW) for n in range(count)]
    session.add_all(people)
    session.flush()
    return people
