"""Fixtures for the interface tests: a CLI runner and a web client, each on a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from tests.integration.support import NOW, Invoke, signed_in
from trustbridge.cli import context
from trustbridge.cli.app import app
from trustbridge.config import Settings, load_settings
from trustbridge.store.db import open_store
from trustbridge.web.app import create_app
from trustbridge.web.deps import get_now


@pytest.fixture
def cli(settings: Settings) -> Invoke:
    """Run ``trustbridge --home <fresh folder> ...`` through Typer's test runner.

    The store is made first, unencrypted (as ``trustbridge init --no-encryption`` would), so
    commands run straight away; the encryption tests make their own stores.
    """
    open_store(settings).close()
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        result = runner.invoke(app, ["--home", str(settings.data_dir), *args], input=input)
        assert "Traceback" not in result.output
        return result

    return invoke


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person is at the terminal, so missing fields are asked for."""
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The web app on a fresh store, with the clock fixed at ``NOW``."""
    settings = load_settings(tmp_path / "web")
    open_store(settings).close()
    web = create_app(settings)
    web.dependency_overrides[get_now] = lambda: NOW
    with signed_in(TestClient(web)) as test_client:
        yield test_client
