"""Changing the records of stages 5-7 on a phone (375 px), in a real browser.

Each record has an ordinary "Change" link where it is shown; it opens the record's form
filled in, the change is saved, and the page shows it. No page scrolls sideways on the way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width, serving_filled

pytestmark = pytest.mark.browser
#: (the page, its "Change" link, the box to change, the new words)
CHANGES = [
    ("/circle/1", 'a[href="/circle/1/edit"]', "Notes", "Met at the choir"),
    ("/circle/1", 'a[href="/circle/1/evidence/1/edit"]', "What happened", "She listened"),
    ("/circle/1", 'a[href="/circle/1/promises/1/edit"]', "The promise", "Call on Sunday"),
    ("/ladder", 'a[href="/ladder/1/edit"]', "What I will share or ask", "Say I was hurt"),
    ("/gut", 'a[href="/gut/1/edit"]', "I sense that", "She will write back"),
    ("/boundaries", 'a[href="/boundaries/1/edit"]', "My boundary", "No calls after nine"),
    ("/boundaries", 'a[href="/boundaries/events/1/edit"]', "How I responded", "I said so"),
    ("/boundaries", 'a[href="/boundaries/i-statements/1/edit"]', "I need", "a day's notice"),
    ("/balance", 'a[href="/balance/1/edit"]', "Note", "A quiet evening"),
]


def _fill(home: Path) -> None:
    from trustbridge.config import load_settings
    from trustbridge.services import boundaries, people, relating
    from trustbridge.store.db import open_store

    store = open_store(load_settings(home))
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone().date().isoformat()
    try:
        people.add_person(store, {"name": "Maya", "kind": "partner"}, now)
        people.add_evidence(store, {"person": "Maya", "dimension": "validates_feelings",
                                    "direction": "positive", "occurred_on": today,
                                    "note": "She asked how I was"}, now)  # fmt: skip
        relating.add_promise(store, {"person": "Maya", "made_by": "them", "text": "Call",
                                     "due_on": today}, now)  # fmt: skip
        relating.add_rung(store, {"person": "Maya", "action": "Say I was sad", "risk": 30}, now)
        relating.add_gut_check(store, {"person": "Maya", "sense": "She will call",
                                       "confidence": 70}, now)  # fmt: skip
        boundaries.add_boundary(store, {"statement": "No calls after ten", "kind": "time"}, now)
        boundaries.add_boundary_event(store, {"boundary_id": 1, "person": "Maya",
                                              "outcome": "respected", "occurred_on": today}, now)  # fmt: skip
        boundaries.add_i_statement(store, {"feel": "tense", "when": "plans change",
                                           "need": "notice", "boundary_id": 1}, now)  # fmt: skip
        boundaries.add_balance(store, {"day": today, "alone_minutes": 90,
                                       "connected_minutes": 60}, now)  # fmt: skip
    finally:
        store.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Any]:
    yield from serving_filled(tmp_path, _fill)


def test_every_record_is_changed_where_it_is_shown_on_a_phone(site: Any, phone: Any) -> None:
    phone.goto(site.new_link())
    for path, link, label, words in CHANGES:
        phone.goto(site.url + path)
        assert fits_width(phone), path
        phone.locator(f"main {link}").click()
        phone.get_by_role("heading", name="Change this", exact=False).wait_for()
        assert fits_width(phone), f"the edit page of {link}"
        phone.get_by_label(label).fill(words)
        phone.get_by_role("button", name="Save changes").click()
        phone.locator(".saved").wait_for()
        assert words in phone.locator("main").inner_text(), link
        assert fits_width(phone), f"{path} after the change"
