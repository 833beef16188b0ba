"""What a new person does first, in a real browser: check in, write a thought record, get help."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _write_thought(page: Any, url: str) -> None:
    page.goto(url + "/tools/thought-record")
    page.get_by_label("Situation").fill("My sister did not answer my message all weekend")
    page.get_by_label("Automatic thought").fill("She does not care about me")
    page.get_by_label("Emotion 1", exact=True).fill("hurt")
    page.get_by_label("Intensity 1", exact=True).fill("80")
    page.get_by_label("Mind reading").check()
    page.get_by_label("Evidence for the thought").fill("She usually answers within a day")
    page.get_by_label("Evidence against the thought").fill("She called me on my birthday")
    page.get_by_label("What would I tell a friend?").fill("One quiet weekend is not a verdict")
    page.get_by_label("A more balanced thought").fill("She was away at the lake without signal")
    page.get_by_label("Intensity 1 now").fill("35")
    page.get_by_role("button", name="Save thought record").click()


def test_new_person_checks_in_and_records_a_thought(server: str, desktop: Any) -> None:
    page = desktop
    page.goto(server + "/")
    page.get_by_text("not therapy").first.wait_for()
    page.locator("#checkin label.tile", has_text="4 Good").click()
    page.locator("#checkin label.tile", has_text="Connected").click()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Thank you for checking in").wait_for()
    page.reload()
    assert page.locator("#checkin").get_by_text("Good").count() >= 1

    _write_thought(page, server)
    page.get_by_text("She was away at the lake without signal").first.wait_for()
    page.goto(server + "/tools/thought-record")
    assert page.get_by_role("link", name="She does not care about me").count() == 1


def test_crisis_words_show_help_at_once(server: str, desktop: Any) -> None:
    page = desktop
    page.goto(server + "/tools/journal")
    page.get_by_label("What is on your mind").fill("Everyone would be better off without me.")
    page.get_by_role("button", name="Save").click()
    care = page.locator(".crisis").first
    care.wait_for()
    assert "988" in care.inner_text() or "116 123" in care.inner_text()
    assert page.get_by_text("Saved").count() >= 1


def test_help_is_one_click_from_every_page(server: str, phone: Any) -> None:
    for path in ("/", "/tools/thought-record", "/stages/roots", "/tools/habits"):
        phone.goto(server + path)
        phone.get_by_role("link", name="Help now").first.click()
        phone.get_by_text("Grounding", exact=False).first.wait_for()
        assert phone.url.endswith("/help-now")


def test_home_has_no_horizontal_scroll_at_phone_width(server: str, phone: Any) -> None:
    phone.goto(server + "/")
    assert fits_width(phone)
    for path in ("/tools/thought-record", "/tools/safety-selfcheck", "/help-now"):
        phone.goto(server + path)
        assert fits_width(phone), path


@pytest.mark.skipif(not os.environ.get("TRUSTBRIDGE_SCREENSHOTS"), reason="make screenshots")
def test_screenshots(server: str, phone: Any, desktop: Any) -> None:
    """Home and a finished thought record at 375 and 1280 px, for the README."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    _write_thought(desktop, server)
    desktop.goto(server + "/tools/thought-record")
    link = desktop.get_by_role("link", name="She does not care about me").first
    thought_url = server + str(link.get_attribute("href"))
    for page, width in ((phone, 375), (desktop, 1280)):
        page.goto(server + "/")
        page.screenshot(path=str(SHOTS / f"home-{width}.png"), full_page=True)
        page.goto(thought_url)
        page.screenshot(path=str(SHOTS / f"thought-{width}.png"), full_page=True)
