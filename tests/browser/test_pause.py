"""The mindful pause timer speaks of its length in words that agree with the number."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("minutes", "said"), [(1, "1 minute."), (3, "3 minutes.")])
def test_the_pause_says_its_length_in_words(
    server: str, phone: Any, minutes: int, said: str
) -> None:
    page = phone
    page.goto(server + "/tools/mindful-pause")
    page.locator(f"label[for=p-min-{minutes}]").click()
    page.locator("[data-pause] button", has_text="Start").click()
    status = page.locator("[data-status]")
    assert status.text_content() == f"Pause started for {said}"
