"""Three kinds of promise, each shown where it belongs.

A promise to myself has no person; a promise with someone is made by me or by them. Promises
to myself are on Today's "Promises to yourself", the self-promises tool and its follow-through
rate, in the browser and on the command line alike. Promises with people are on that person's
page, and on Today only under "Promises with people".
"""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import NOW, Invoke, ok, signed_in, store_of
from trustbridge.config import Settings
from trustbridge.services import entries, people, relating
from trustbridge.services.base import NotFound
from trustbridge.store.db import Store
from trustbridge.web.app import create_app

TOMORROW = "2026-03-15"


def _section(html: str, title_id: str) -> str:
    """The HTML of the section labelled by ``title_id`` (empty when the page has none)."""
    found = re.search(rf'<section[^>]*aria-labelledby="{title_id}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def _three_promises(store: Store) -> dict[str, int]:
    people.add_person(store, {"name": "Maya", "kind": "friend"}, NOW)
    mine = entries.add(store, "self_promises", {"text": "Rest on Sunday", "due_on": TOMORROW}, NOW)
    to_maya = relating.add_promise(
        store, {"person": "Maya", "made_by": "me", "text": "Call Maya back", "due_on": TOMORROW},
        NOW,
    )  # fmt: skip
    from_maya = relating.add_promise(
        store, {"person": "Maya", "made_by": "them", "text": "Return my book", "due_on": TOMORROW},
        NOW,
    )  # fmt: skip
    return {"mine": mine.record.id, "to": to_maya.record.id, "from": from_maya.record.id}


def test_today_keeps_promises_to_yourself_apart_from_promises_with_people(
    client: TestClient,
) -> None:
    _three_promises(store_of(client))
    html = client.get("/").text
    yours = _section(html, "promises-title")
    assert "Rest on Sunday" in yours
    assert "Call Maya back" not in yours and "Return my book" not in yours
    with_people = _section(html, "people-promises-title")
    assert "Promises with people" in with_people
    assert "Call Maya back" in with_people and "You promised Maya" in with_people
    assert "Return my book" in with_people and "Maya promised you" in with_people
    assert "Rest on Sunday" not in with_people
    assert 'href="/circle/1#promise-title"' in with_people


def test_today_has_no_people_heading_when_no_promise_with_anyone_is_due(
    client: TestClient,
) -> None:
    entries.add(store_of(client), "self_promises", {"text": "Rest", "due_on": TOMORROW}, NOW)
    assert "Promises with people" not in client.get("/").text


def test_the_self_promises_tool_lists_only_promises_to_yourself(client: TestClient) -> None:
    ids = _three_promises(store_of(client))
    html = client.get("/tools/self-promises").text
    assert "Rest on Sunday" in html
    assert "Call Maya back" not in html and "Return my book" not in html
    # a promise with someone is not reachable as a promise to myself either
    assert client.get(f"/tools/self-promises/{ids['to']}").status_code == 404
    person = client.get("/circle/1").text
    assert "Call Maya back" in person and "Return my book" in person
    assert "Rest on Sunday" not in person


def test_follow_through_counts_only_promises_to_yourself(client: TestClient) -> None:
    store = store_of(client)
    ids = _three_promises(store)
    relating.settle_promise(store, ids["mine"], "kept", NOW)
    relating.settle_promise(store, ids["to"], "broken", NOW)  # to Maya: on her page only
    html = _section(client.get("/tools/self-promises").text, "rate-title")
    assert "100%" in html and "kept: 1 of 1 promise" in html
    assert "Call Maya back" not in html


def test_a_promise_changed_by_agreement_is_not_called_not_kept(store: Store) -> None:
    from trustbridge.services import selfwork

    saved = entries.add(store, "self_promises", {"text": "Swim", "due_on": TOMORROW}, NOW)
    relating.settle_promise(store, saved.record.id, "renegotiated", NOW)
    summary = selfwork.promises(store, NOW)
    assert summary.rate is None and (summary.kept, summary.broken) == (0, 0)
    with pytest.raises(NotFound):
        entries.get(store, "self_promises", 999)


def test_the_command_line_and_the_browser_list_the_same_promises(
    cli: Invoke, settings: Settings
) -> None:
    ok(cli("person", "add", "--name", "Maya", "--kind", "friend"))
    ok(cli("promise", "add", "--text", "Rest on Sunday", "--due", "tomorrow"))
    ok(cli("promise", "add", "--text", "Call Maya back", "--due", "tomorrow", "--person", "Maya",
           "--by", "me"))  # fmt: skip
    ok(cli("promise", "add", "--text", "Return my book", "--due", "tomorrow",
           "--person", "Maya", "--by", "them"))  # fmt: skip
    listed = json.loads(ok(cli("promise", "list", "--json")))
    assert [p["text"] for p in listed] == ["Rest on Sunday"]
    table = ok(cli("promise", "list"))
    assert "Rest on Sunday" in table and "Call Maya back" not in table
    ok(cli("promise", "done", str(listed[0]["id"])))
    ok(cli("promise", "broken", "2"))  # the promise to Maya: not part of my follow-through
    assert "You kept 1 of" in (summary := ok(cli("promise", "list"))) and "100%" in summary
    with_maya = ok(cli("promise", "list", "--person", "Maya"))
    assert "Call Maya back" in with_maya and "Return my book" in with_maya
    assert "Rest on Sunday" not in with_maya
    with signed_in(TestClient(create_app(settings))) as browser:  # the same store, its own clock
        page = browser.get("/tools/self-promises").text
        assert "Rest on Sunday" in page and "Call Maya back" not in page
        assert "100%" in _section(page, "rate-title")
        today = browser.get("/").text
        assert "Return my book" in _section(today, "people-promises-title")
        assert "Return my book" not in _section(today, "promises-title")
