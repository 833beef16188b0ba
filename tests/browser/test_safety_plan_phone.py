"""The safety plan on a phone (375 px): filled in through the form, shown whole, no sideways scroll."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PLAN = {
    "Warning signs": "I stop answering messages and stay in bed past noon.",
    "Things I can do on my own to cope": "A hot shower, a slow walk round the block, my calm playlist.",
    "People and places that take my mind off things": "The library on Park Road; Jo's kitchen.",
    "People I can ask for help": "My sister Ruth, 07700 900456. Jo, after six.",
    "Professionals and crisis lines": "Dr Patel's surgery, 020 7946 0018. The crisis line on Help now.",
    "Making my surroundings safer": "Ask Ruth to keep the spare pills at hers.",
    "My reasons for living": "Pepper the dog. The trip to the coast in June. My nephew's laugh.",
}


def _fill_plan(page: Any, url: str) -> None:
    page.goto(url + "/safety-plan")
    for label, text in PLAN.items():
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Save my plan").click()
    page.get_by_role("heading", name="My plan", exact=True).wait_for()


def test_safety_plan_fits_a_phone(server: str, phone: Any) -> None:
    _fill_plan(phone, server)
    assert (
        phone.locator("#plan-title + *, .card p.long").filter(has_text="Pepper the dog").count()
        == 1
    )
    assert fits_width(phone)
    phone.goto(server + "/help-now")
    first = phone.locator("main h2").first.inner_text()
    assert first == "Your safety plan"
    assert fits_width(phone)


@pytest.mark.skipif(not os.environ.get("TRUSTBRIDGE_SCREENSHOTS"), reason="make screenshots")
def test_safety_plan_screenshots(server: str, phone: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    _fill_plan(phone, server)
    phone.evaluate("window.scrollTo(0, 0)")  # a full-page shot with the sticky header on top
    phone.screenshot(path=str(SHOTS / "safety-plan-375.png"), full_page=True)
