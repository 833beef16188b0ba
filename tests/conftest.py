"""Shared fixtures: every test that touches data gets a fresh store in its own temporary folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# One BLAS thread for the crisis check's encoder, here and in every process a test starts:
# two test workers already keep both cores busy, and OpenBLAS's own threads then spin for
# their turn, costing several times the processor time of the sums themselves. Set before
# anything imports NumPy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from trustbridge.config import Settings, load_settings

# Hypothesis's deadline per example is a wall-clock assertion: on a busy 2-core machine it
# flakes (the crisis check's encoder loading on first use alone takes longer than its 200 ms).
# How fast things are is measured in bench/, never asserted in a test.
hypothesis_settings.register_profile("trustbridge", deadline=None)
hypothesis_settings.load_profile("trustbridge")

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


# --- the browser, one per test worker: local-mode and hosted-mode browser tests share it (two
# Playwright instances in one process would run one's event loop inside the other's) ---

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
