"""Trust work in a real browser: add someone, take two ladder steps with them, note a promise they
broke, and watch their estimates and the explanation move; the person page fits a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import fits_width

pytestmark = pytest.mark.browser


def _add_person(page: Any, url: str, name: str) -> str:
    page.goto(url + "/circle")
    page.get_by_label("Name or alias").fill(name)
    page.get_by_label("Friend").check()
    page.get_by_role("button", name="Add to my circle").click()
    page.get_by_text("Added to your circle").wait_for()
    href = page.get_by_role("link", name=name, exact=True).first.get_attribute("href")
    assert href is not None and re.fullmatch(r"/circle/\d+", href)
    return url + href


def _supportive_step(page: Any, url: str, name: str, action: str) -> None:
    page.goto(url + "/ladder")
    page.get_by_label("Who", exact=True).select_option(label=name)
    page.get_by_label("What I will share or ask").fill(action)
    page.get_by_label("How risky it feels (0-100)").fill("20")
    page.get_by_role("button", name="Save this step").click()
    page.get_by_text("Your step is planned").wait_for()
    page.get_by_text("I did it: note how it went").click()
    page.get_by_label("Supportive").check()
    page.get_by_role("button", name="Save how it went").click()
    page.get_by_text("Thank you for noting how it went").wait_for()


def test_ladder_steps_and_a_broken_promise_move_the_estimates(server: str, desktop: Any) -> None:
    page = desktop
    person_url = _add_person(page, server, "Robin")
    page.goto(person_url)
    assert "Not enough noted yet" in page.locator(".overall-estimate").inner_text()

    _supportive_step(page, server, "Robin", "Tell Robin I felt left out")
    _supportive_step(page, server, "Robin", "Ask Robin to call me on Sunday")
    page.goto(person_url)
    openness = page.locator(".estimate-grid .estimate").filter(has_text="Responds well to openness")
    assert "leans positive" in openness.inner_text()
    overall_before = page.locator(".overall-estimate").inner_text()
    assert "Responds well to openness: it built trust" in overall_before

    page.get_by_label("They made it").check()
    page.get_by_label("The promise").fill("Give my book back")
    page.get_by_role("button", name="Save promise").click()
    page.get_by_text("The promise is saved").wait_for()
    page.get_by_role("button", name=re.compile(r"^Not kept\W+Give my book back")).click()
    page.get_by_text("Noted. A promise they made").wait_for()

    overall_after = page.locator(".overall-estimate").inner_text()
    assert overall_after != overall_before
    assert "Keeps promises: it cost trust" in overall_after
    assert "lowered it" in overall_after
    promises = (
        page.locator(".estimate-grid .estimate").filter(has_text="Keeps promises").inner_text()
    )
    assert "The evidence so far" in promises and "Not enough noted yet" not in promises
    assert page.locator(".range-bar .band").count() >= 3  # overall, openness, promises


def test_person_page_fits_a_phone(server: str, phone: Any) -> None:
    person_url = _add_person(phone, server, "Kai")
    _supportive_step(phone, server, "Kai", "Share one small worry with Kai about work this week")
    phone.goto(person_url)
    phone.locator(".overall-estimate").wait_for()
    assert fits_width(phone)
    for path in ("/circle", "/ladder", "/gut", "/boundaries", "/balance"):
        phone.goto(server + path)
        assert fits_width(phone), path


def test_i_statement_builder_shows_the_sentence_as_it_is_typed(server: str, phone: Any) -> None:
    phone.goto(server + "/boundaries")
    preview = phone.locator("[data-istatement-preview]")
    assert "appears here" in preview.inner_text()
    phone.get_by_label("I feel").fill("tense.")
    phone.get_by_label("when", exact=True).fill("plans change late")
    assert preview.inner_text() == "I feel tense when plans change late. I need …."
    phone.get_by_label("I need").fill("a day's notice")
    phone.get_by_role("button", name="Save I-statement").click()
    phone.get_by_text("Your I-statement is saved").wait_for()
    saved = phone.locator(".sentence-saved").first.inner_text()
    assert saved == "I feel tense when plans change late. I need a day's notice."


def test_person_page_is_usable_with_the_keyboard(server: str, desktop: Any) -> None:
    page = desktop
    person_url = _add_person(page, server, "Lee")
    page.goto(person_url)
    page.locator("#e-dimension-1").wait_for()
    page.locator("#e-dimension-3").focus()  # "Validates feelings"
    page.keyboard.press("Space")
    page.locator("#e-direction-1").focus()
    page.keyboard.press("Space")
    page.locator("#e-weight-2").focus()
    page.keyboard.press("Space")
    page.locator("#e-note").focus()
    page.keyboard.type("Listened all evening")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Save this moment" in focused
    page.keyboard.press("Enter")
    page.get_by_text("The moment is logged").wait_for()
    assert "Listened all evening" in page.locator(".overall-estimate").inner_text()
