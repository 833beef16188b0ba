"""Insights in a real browser: charts load as images, nothing scrolls sideways, tables open."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width
from tests.insights_data import fill
from tests.served import serving

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LOADED = "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Any]:
    from trustbridge.config import load_settings
    from trustbridge.store.db import open_store

    store = open_store(load_settings(tmp_path / "data"))
    try:
        fill(store, dt.datetime.now(dt.UTC).astimezone().date(), days=120)
    finally:
        store.close()
    with serving(tmp_path / "data") as served:
        yield served


def _open(page: Any, site: Any, period: str) -> None:
    page.goto(site.new_link())
    page.goto(f"{site.url}/insights?period={period}")
    page.wait_for_function(LOADED, timeout=30_000)


def test_insights_on_a_phone(site: Any, phone: Any) -> None:
    _open(phone, site, "month")
    charts = phone.locator(".insight-chart img")
    assert charts.count() >= 10
    assert fits_width(phone)
    widths = phone.evaluate(
        "[...document.querySelectorAll('.insight-chart img')].map(i => i.getBoundingClientRect().right)"
    )
    assert max(widths) <= 375
    person = phone.locator(".trust-people details").first
    person.locator("summary").click()  # the numbers load in place, without leaving the page
    person.locator(".trust-numbers li").first.wait_for(timeout=10_000)
    assert "Keeps promises" in person.locator(".trust-numbers").inner_text()
    assert phone.url.endswith("/insights?period=month") and fits_width(phone)
    phone.get_by_text("Show as a table").first.click()
    assert phone.locator(".insight-chart table").first.is_visible()
    phone.get_by_role("link", name="Year").click()
    phone.wait_for_function(LOADED, timeout=30_000)
    assert phone.get_by_role("link", name="Year").get_attribute("aria-current") == "page"
    assert fits_width(phone)


@pytest.mark.skipif(not os.environ.get("TRUSTBRIDGE_SCREENSHOTS"), reason="make screenshots")
def test_insights_screenshots(site: Any, phone: Any, desktop: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page, name in ((phone, "insights-375.png"), (desktop, "insights-1280.png")):
        _open(page, site, "month")
        page.screenshot(path=str(SHOTS / name), full_page=True)
