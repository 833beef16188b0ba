"""Every count a person is shown is the number of things in the list it stands for.

Things are made through the services, then the number on the program map (web and
``trustbridge program``) and on "delete everything" (web and command line) is compared with
the length of the list the person would open.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import NOW, Invoke, ok, store_of
from trustbridge.config import Settings
from trustbridge.content import load_program
from trustbridge.services import entries, people, relating, selfwork
from trustbridge.services.boundaries import add_balance
from trustbridge.services.program import program_map
from trustbridge.store.db import Store, open_store

DUE = "2026-03-20"


def _tool_count(html: str, name: str) -> int:
    """The number next to a tool's link on the program map (0 when there is none)."""
    found = re.search(rf">{re.escape(name)}</a>( <span class=\"count\"[^>]*>(\d+)</span>)?", html)
    assert found is not None, name
    return int(found.group(2) or 0)


def _stage_done(html: str, title: str) -> str:
    card = re.search(rf"{re.escape(title)}</a></h3>\s*<p class=\"done\">([^<]*)</p>", html)
    assert card is not None, title
    return card.group(1)


def _promises(store: Store) -> None:
    """One promise to myself, two with Maya (one each way), and the self-promise settled."""
    people.add_person(store, {"name": "Maya", "kind": "friend"}, NOW)
    mine = entries.add(store, "self_promises", {"text": "Rest", "due_on": DUE}, NOW)
    relating.settle_promise(store, mine.record.id, "kept", NOW)
    for made_by in ("me", "them"):
        relating.add_promise(
            store, {"person": "Maya", "made_by": made_by, "text": "Call", "due_on": DUE}, NOW
        )


def test_the_stage_3_card_counts_the_promises_the_tool_lists(client: TestClient) -> None:
    store = store_of(client)
    _promises(store)
    listed = selfwork.promises(store, NOW)
    on_the_tool = len(listed.open) + len(listed.settled)
    assert on_the_tool == 1
    for page in ("/stages", "/"):
        html = client.get(page).text
        assert _tool_count(html, "Promises to myself") == on_the_tool
        assert _stage_done(html, "Emotional safety and self-trust") == "1 thing done so far"
        assert _tool_count(html, "Promises both ways") == len(
            people.person_page(store, "Maya", NOW).promises
        )


def test_trustbridge_program_shows_the_same_counts(
    cli: Invoke, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one line per stage, so each count reads whole
    store = open_store(settings)
    try:
        _promises(store)
    finally:
        store.close()
    shown = ok(cli("program"))
    assert "Promises to myself (1)" in shown and "Promises both ways (2)" in shown


def test_a_trust_estimate_is_not_counted_as_something_done(client: TestClient) -> None:
    store = store_of(client)
    people.add_person(store, {"name": "Sam", "kind": "friend"}, NOW)
    people.add_evidence(
        store,
        {"person": "Sam", "dimension": "keeps_promises", "direction": "positive",
         "weight": "small", "occurred_on": "2026-03-14"},
        NOW,
    )  # fmt: skip
    html = client.get("/stages").text
    # one person and one moment of evidence: two things, each in a list of its own
    assert _stage_done(html, "Rebuilding trust step by step") == "2 things done so far"
    assert _tool_count(html, "Evidence log") == people.person_page(store, "Sam", NOW).evidence_count
    assert _tool_count(html, "Trust estimate") == 0


def test_the_balance_log_counts_days_as_its_page_does(store: Store) -> None:
    for minutes in (30, 45):  # two notes on one day are that day, added up
        add_balance(store, {"day": "2026-03-14", "alone_minutes": minutes,
                            "connected_minutes": 10}, NOW)  # fmt: skip
    add_balance(store, {"day": "2026-03-13", "alone_minutes": 5, "connected_minutes": 5}, NOW)
    report_days = 2
    counts = {t.tool.slug: t.count for s in program_map(store).stages for t in s.tools}
    assert counts["balance_log"] == report_days


def _tick(store: Store, how_many: int) -> None:
    items = load_program().checklists["learned_beliefs"]
    selfwork.mark_learned_beliefs(store, [i.key for i in items[:how_many]], NOW)


def test_the_delete_page_counts_the_beliefs_that_were_ticked(client: TestClient) -> None:
    store = store_of(client)
    _tick(store, 3)
    assert sum(selfwork.learned_beliefs(store).values()) == 3
    html = client.get("/settings/delete").text
    assert "3 learned-belief marks" in html
    _tick(store, 2)  # one unticked
    assert "2 learned-belief marks" in client.get("/settings/delete").text


def test_delete_everything_on_the_command_line_counts_them_too(
    cli: Invoke, settings: Settings
) -> None:
    store = open_store(settings)
    try:
        _tick(store, 3)
        entries.add(store, "self_promises", {"text": "Rest", "due_on": DUE}, NOW)
    finally:
        store.close()
    shown = cli("--no-input", "delete-everything").stdout
    assert "3 learned-belief marks" in shown and "1 promise" in shown


def test_unticked_marks_an_older_version_kept_go_at_the_next_save(client: TestClient) -> None:
    from trustbridge.store import models as m

    store = store_of(client)
    items = load_program().checklists["learned_beliefs"]
    with store.session() as session:  # as an older Trustbridge saved it: a row for every item
        for n, item in enumerate(items):
            session.add(m.LearnedBeliefMark(key=item.key, applies=n < 1, updated_at=NOW))
    assert sum(selfwork.learned_beliefs(store).values()) == 1
    _tick(store, 3)
    assert "3 learned-belief marks" in client.get("/settings/delete").text
