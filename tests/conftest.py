"""Shared fixtures: every test that touches data gets a fresh store in its own temporary folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustbridge.config import Settings, load_settings

#: a fixed moment, so tests never depend on the wall clock
NOW = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may ever read or write the developer's real data folder."""
    monkeypatch.setenv("TRUSTBRIDGE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TRUSTBRIDGE_DATABASE_URL", raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(tmp_path / "store")


@pytest.fixture
def store(settings: Settings) -> Iterator[object]:
    from trustbridge.store.db import open_store

    opened = open_store(settings)
    yield opened
    opened.close()


@pytest.fixture
def now() -> dt.datetime:
    return NOW
