"""The reminders page on a phone (375 px): the time, the opt-in, the download and the feed."""

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
    """Two rituals, a boundary to review and a promise, so the list has something in it."""
    from trustbridge.config import load_settings
    from trustbridge.services import boundaries, growth
    from trustbridge.services.base import local_day
    from trustbridge.store.db import open_store

    store = open_store(load_settings(home))
    now = dt.datetime.now(dt.UTC)
    later = (local_day(now) + dt.timedelta(days=20)).isoformat()
    try:
        growth.add_ritual(store, {"name": "Tea together after dinner", "cadence": "days",
                                  "weekdays": ["mon", "thu"]}, now)  # fmt: skip
        growth.add_ritual(store, {"name": "Sunday walk", "cadence": "weekly"}, now)
        boundaries.add_boundary(store, {"statement": "No work calls after nine in the evening",
                                        "kind": "emotional", "review_on": later}, now)  # fmt: skip
    finally:
        store.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Any]:
    yield from serving_filled(tmp_path, _fill)


def test_set_the_time_and_download_on_a_phone(site: Any, phone: Any) -> None:
    phone.goto(site.new_link())
    phone.goto(site.url + "/reminders")
    assert fits_width(phone)
    phone.get_by_label("Time of day").fill("7:30")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_role("status").wait_for()
    assert phone.get_by_label("Time of day").input_value() == "07:30"
    assert "Trustbridge ritual" in phone.locator("table").inner_text()
    with phone.expect_download() as waiting:
        phone.get_by_role("button", name="Download reminders (.ics)").click()
    saved = Path(waiting.value.path()).read_bytes()
    assert saved.startswith(b"BEGIN:VCALENDAR") and b"Tea together" not in saved
    assert fits_width(phone)


@pytest.mark.skipif(not os.environ.get("TRUSTBRIDGE_SCREENSHOTS"), reason="make screenshots")
def test_reminders_screenshots(site: Any, phone: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.goto(site.new_link())
    phone.goto(site.url + "/reminders")
    phone.screenshot(path=str(SHOTS / "reminders-375.png"), full_page=True)
