"""Search in a real browser: the header box on a phone (no sideways scroll), results with
their matches marked, found with the keyboard's Enter and no JavaScript needed."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width, serving_filled

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _fill(home: Path) -> None:
    from trustbridge.config import load_settings
    from trustbridge.services import entries, people
    from trustbridge.store.db import open_store

    store = open_store(load_settings(home))
    now = dt.datetime.now(dt.UTC)
    try:
        entries.add(store, "journal", {"title": "After the call with my sister",
                                       "body": "I said what I needed, calmly. She listened, and "
                                               "we agreed to walk by the café on Sunday."},
                    now - dt.timedelta(days=2))  # fmt: skip
        entries.add(store, "journal", {"body": "A slow day. I kept my promise to walk."}, now)
        entries.add(store, "thought_record", {"situation": "My sister did not call back",
                                              "automatic_thought": "She is tired of me",
                                              "emotion_1": "hurt", "intensity_1": "60",
                                              "balanced_thought": "She is busy; she walked "
                                              "with me last week"},
                    now - dt.timedelta(days=5))  # fmt: skip
        people.add_person(store, {"name": "Maya", "kind": "friend",
                                  "notes": "Walking buddy; we met at the café"}, now)  # fmt: skip
    finally:
        store.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Any]:
    yield from serving_filled(tmp_path, _fill)


def _search_from_the_header(page: Any, site: Any, words: str) -> None:
    page.goto(site.new_link())
    page.goto(site.url + "/")
    box = page.get_by_label("Search what you wrote")
    box.fill(words)
    box.press("Enter")
    page.get_by_role("heading", name="Search what you wrote").wait_for()


def test_search_from_the_header_on_a_phone(site: Any, phone: Any) -> None:
    _search_from_the_header(phone, site, "walk")
    assert phone.locator(".search-results > li").count() == 4
    assert phone.locator("mark").first.inner_text().lower().startswith("walk")
    assert fits_width(phone)
    nav = phone.locator(".site-nav li")
    tops = {round(nav.nth(i).bounding_box()["y"]) for i in range(nav.count())}
    assert len(tops) == 1  # the search box leaves the nav on one row


@pytest.mark.skipif(not os.environ.get("TRUSTBRIDGE_SCREENSHOTS"), reason="make screenshots")
def test_search_screenshots(site: Any, phone: Any, desktop: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    _search_from_the_header(phone, site, "walk sister")
    phone.screenshot(path=str(SHOTS / "search-375.png"))
    _search_from_the_header(desktop, site, "walk")
    desktop.screenshot(path=str(SHOTS / "search-1280.png"))


def _fill_many(home: Path) -> None:
    from trustbridge.config import load_settings
    from trustbridge.services import entries
    from trustbridge.store.db import open_store

    store = open_store(load_settings(home))
    now = dt.datetime.now(dt.UTC)
    try:
        for n in range(25):
            body = f"Day {n}: a walk by the river, and a long talk with my sister about Mum"
            entries.add(store, "journal", {"body": body}, now - dt.timedelta(days=n))
    finally:
        store.close()


@pytest.fixture
def many(tmp_path: Path) -> Iterator[Any]:
    yield from serving_filled(tmp_path, _fill_many)


def test_many_matches_page_on_a_phone(many: Any, phone: Any) -> None:
    _search_from_the_header(phone, many, "walk")
    assert phone.get_by_text("Best first: 1 to 20.").is_visible()
    assert phone.locator(".search-results > li").count() == 20
    assert fits_width(phone)
    phone.get_by_role("link", name="Next matches").click()
    phone.get_by_text("Best first: 21 to 25.").wait_for()
    assert phone.locator(".search-results > li").count() == 5
    assert phone.get_by_role("link", name="Journal entry").count() == 5  # untitled: said once
    assert fits_width(phone)
    phone.get_by_role("link", name="Better matches").click()
    phone.get_by_text("Best first: 1 to 20.").wait_for()
