"""Changing stage 8 entries and the support map on a phone (375 px), in a real browser.

Each list has an ordinary "Change" link by its entry; it opens the entry's form filled in,
the change is saved, and the list shows it. No page scrolls sideways on the way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width, serving_filled

pytestmark = pytest.mark.browser
#: (the list page, the box to change, the new words)
LISTS = [
    ("/partner-checkins", "What went well", "We cooked together"),
    ("/rituals", "The ritual", "Tea on the balcony"),
    ("/appreciation", "What I appreciate", "You fixed my bike"),
    ("/goals", "Our goal", "A week by the sea"),
    ("/wins", "The win", "Asked for help out loud"),
    ("/support", "Name", "Ana from the choir"),
]


def _fill(home: Path) -> None:
    from trustbridge.config import load_settings
    from trustbridge.services import growth, people, support
    from trustbridge.store.db import open_store

    store = open_store(load_settings(home))
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone().date().isoformat()
    try:
        people.add_person(store, {"name": "Maya", "kind": "partner"}, now)
        growth.add_checkin(store, {"held_on": today, "person": "Maya", "went_well": "A walk"}, now)
        growth.add_ritual(store, {"name": "Tea together", "person": "Maya", "cadence": "days",
                                  "weekdays": ["mon", "thu"]}, now)  # fmt: skip
        growth.add_appreciation(store, {"what": "You listened to me for a whole evening, "
                                                "without once looking at your phone",
                                        "person": "Maya", "noted_on": today}, now)  # fmt: skip
        growth.add_goal(store, {"goal": "A trip", "person": "Maya"}, now)
        growth.add_win(store, {"what": "Stayed calm", "kind": "trigger_grace",
                               "happened_on": today, "source": "goal:1"}, now)  # fmt: skip
        support.add_contact(store, {"name": "Ana", "kind": "person", "person": "Maya",
                                    "helps_with": ["listening", "hard_moments"]}, now)  # fmt: skip
    finally:
        store.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Any]:
    yield from serving_filled(tmp_path, _fill)


def test_every_list_changes_an_entry_on_a_phone(site: Any, phone: Any) -> None:
    phone.goto(site.new_link())
    for path, label, words in LISTS:
        phone.goto(site.url + path)
        assert fits_width(phone), path
        phone.locator("main a", has_text="Change").first.click()
        phone.get_by_role("heading", name="Change this", exact=False).wait_for()
        assert fits_width(phone), f"the edit page of {path}"
        if path != "/wins":  # the person is the circle's drop-down, with Maya chosen
            assert phone.locator("select[name=person]").input_value() == "1", path
        box = phone.get_by_label(label)
        box.fill(words)
        phone.get_by_role("button", name="Save changes").click()
        phone.locator(".saved").wait_for()
        assert words in phone.locator("main").inner_text(), path
        assert fits_width(phone), f"{path} after the change"
