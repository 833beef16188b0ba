"""Editing stage 8 entries and the support map: service, command line and web.

The heart of it is a table: for each kind, an entry added one way and then changed must end
up exactly like the same entry added the changed way in the first place, the trust evidence
it gives included (who it is about, on which day, how much).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.integration.support import HTMX, NOW, Invoke, ok, store_of
from trustbridge.config import load_settings
from trustbridge.domain.fields import ValidationError
from trustbridge.services import growth, people, program, support
from trustbridge.services.base import NotFound
from trustbridge.services.search import search_store
from trustbridge.store import models as m
from trustbridge.store.db import Store, open_store

CRISIS = "I want to end my life"
DAY1, DAY2 = "2026-03-01", "2026-03-08"
#: people are added well before the days the entries are about
JOINED = NOW - dt.timedelta(days=60)
ADD: dict[str, Callable[..., Any]] = {
    "partner_checkin": growth.add_checkin,
    "ritual": growth.add_ritual,
    "appreciation": growth.add_appreciation,
    "goal": growth.add_goal,
    "win": growth.add_win,
}
#: (kind, added as, changed to): the person moves, goes, or comes; the day moves
CASES: list[tuple[str, dict[str, object], dict[str, object]]] = [
    ("partner_checkin", {"held_on": DAY1, "person": "Sam", "went_well": "Tea"},
     {"held_on": DAY2, "person": "Alex", "went_well": "Tea", "to_try": "A walk"}),
    ("partner_checkin", {"held_on": DAY1, "person": "Sam", "went_well": "Tea"},
     {"held_on": DAY1, "went_well": "Tea"}),
    ("partner_checkin", {"held_on": DAY1, "went_well": "Tea"},
     {"held_on": DAY2, "person": "Sam", "went_well": "Tea"}),
    ("appreciation", {"what": "Tea", "person": "Sam", "noted_on": DAY1},
     {"what": "The lift", "person": "Alex", "noted_on": DAY2, "said_out_loud": "yes"}),
    ("appreciation", {"what": "Tea", "person": "Sam", "noted_on": DAY1},
     {"what": "Tea", "noted_on": DAY1, "said_out_loud": "no"}),
    ("appreciation", {"what": "Tea", "noted_on": DAY1},
     {"what": "Tea", "person": "Sam", "noted_on": DAY2}),
    ("ritual", {"name": "Walk", "person": "Sam", "cadence": "weekly"},
     {"name": "Sunday walk", "person": "Alex", "cadence": "days", "weekdays": ["sun"]}),
    ("ritual", {"name": "Walk", "person": "Sam", "cadence": "weekly"},
     {"name": "Walk", "cadence": "weekly", "note": "Just me for now"}),
    ("ritual", {"name": "Walk", "cadence": "days", "weekdays": ["mon", "thu"]},
     {"name": "Walk", "person": "Sam", "cadence": "daily"}),
    ("goal", {"goal": "A trip", "person": "Sam"},
     {"goal": "A trip north", "person": "Alex", "why": "Rest", "review_on": "2026-04-01",
      "status": "active"}),
    ("goal", {"goal": "A trip", "person": "Sam"}, {"goal": "A trip", "status": "active"}),
    ("win", {"what": "Calm", "kind": "other", "happened_on": DAY1},
     {"what": "Calm at dinner", "kind": "trigger_grace", "happened_on": DAY2}),
]  # fmt: skip
#: the days a ritual was kept, before and after its change
KEPT = (DAY1, DAY2)


def _store(path: Path) -> Store:
    """A store with two people in the circle, both added before any of the days above."""
    store = open_store(load_settings(path))
    people.add_person(store, {"name": "Sam", "kind": "partner"}, JOINED)
    people.add_person(store, {"name": "Alex", "kind": "friend"}, JOINED)
    return store


@pytest.fixture
def circle(tmp_path: Path) -> Iterator[Store]:
    store = _store(tmp_path / "circle")
    yield store
    store.close()


def _add(store: Store, kind: str, raw: dict[str, object]) -> Any:
    record = ADD[kind](store, raw, NOW).record
    if kind == "ritual":
        for day in KEPT:
            growth.keep_ritual(store, record.id, {"kept_on": day}, NOW)
    return record


def evidence(store: Store) -> list[tuple[object, ...]]:
    """Every piece of evidence, as what it says: never its number or when it was written."""
    e = m.EvidenceEvent
    query = select(e.source, e.source_id, e.dimension, e.positive, e.weight, e.occurred_on,
                   m.Person.name).join(m.Person, m.Person.id == e.person_id)  # fmt: skip
    with store.sessions() as session:
        return sorted(tuple(row) for row in session.execute(query))


def _whole(kind: str, store: Store, entry_id: int, change: dict[str, object]) -> dict[str, object]:
    """The whole entry as its edit form would post it, with ``change`` made."""
    current = growth.current(store, kind, entry_id)
    return {**{k: v for k, v in current.items() if v is not None}, **change}


# --- the service ------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "first", "then"), CASES)
def test_an_edit_ends_as_if_added_that_way(
    tmp_path: Path, kind: str, first: dict[str, object], then: dict[str, object]
) -> None:
    edited, direct = _store(tmp_path / "edited"), _store(tmp_path / "direct")
    try:
        record = _add(edited, kind, first)
        cleared = {f.name: None for f in growth.KINDS[kind].fields}  # what B leaves empty
        saved = growth.update(edited, kind, record.id, {**cleared, **then}, NOW)
        assert saved.updated and not saved.crisis.flagged
        _add(direct, kind, then)
        assert evidence(edited) == evidence(direct)
        assert growth.current(edited, kind, 1) == growth.current(direct, kind, 1)
    finally:
        edited.close()
        direct.close()


def test_the_table_moves_evidence_it_really_gives(circle: Store) -> None:
    """The table is not empty on both sides: a check-in moved to Alex is about Alex."""
    _add(circle, "partner_checkin", CASES[0][1])
    assert [row[-1] for row in evidence(circle)] == ["Sam"]
    growth.update(circle, "partner_checkin", 1, CASES[0][2], NOW)
    assert evidence(circle) == [("partner_checkin", 1, "responds_to_openness", True, "small",
                                 dt.date(2026, 3, 8), "Alex")]  # fmt: skip


def test_a_rituals_kept_days_stay_and_their_evidence_follows_its_person(circle: Store) -> None:
    ritual = _add(circle, "ritual", {"name": "Walk", "person": "Sam", "cadence": "weekly"})
    assert [row[-1] for row in evidence(circle)] == ["Sam", "Sam"]
    growth.update(circle, "ritual", ritual.id, {"name": "Walk", "person": "Alex",
                                                "cadence": "weekly"}, NOW)  # fmt: skip
    assert [(row[1], row[-1]) for row in evidence(circle)] == [(1, "Alex"), (2, "Alex")]
    edited = growth.get(circle, "ritual", ritual.id)
    assert [k.kept_on.isoformat() for k in edited.kept] == list(KEPT)
    growth.update(circle, "ritual", ritual.id, {"name": "Walk", "cadence": "weekly"}, NOW)
    assert evidence(circle) == []


def test_a_person_added_after_the_day_is_refused_and_nothing_changes(circle: Store) -> None:
    people.add_person(circle, {"name": "Robin", "kind": "friend"}, NOW)
    checkin = _add(circle, "partner_checkin", {"held_on": DAY1, "person": "Sam", "went_well": "x"})
    before = evidence(circle)
    with pytest.raises(ValidationError) as refused:
        growth.update(circle, "partner_checkin", checkin.id,
                      {"held_on": DAY1, "person": "Robin", "went_well": "y"}, NOW)  # fmt: skip
    assert "before Robin was added" in refused.value.errors["held_on"]
    ritual = _add(circle, "ritual", {"name": "Walk", "person": "Sam", "cadence": "weekly"})
    with pytest.raises(ValidationError) as refused:
        growth.update(circle, "ritual", ritual.id,
                      {"name": "Walk", "person": "Robin", "cadence": "weekly"}, NOW)  # fmt: skip
    assert "before Robin was added" in refused.value.errors["person"]
    assert growth.current(circle, "partner_checkin", checkin.id)["went_well"] == "x"
    assert before == evidence(circle)[:1] and [row[-1] for row in evidence(circle)] == ["Sam"] * 3


def test_an_edit_follows_the_add_rules(circle: Store) -> None:
    ritual = _add(circle, "ritual", {"name": "Walk", "cadence": "weekly"})
    with pytest.raises(ValidationError) as refused:
        growth.update(circle, "ritual", ritual.id, {"name": "Walk", "cadence": "days"}, NOW)
    assert "at least one day" in refused.value.errors["weekdays"]
    with pytest.raises(ValidationError) as refused:
        growth.update(circle, "ritual", ritual.id, {"cadence": "weekly", "person": "Zed"}, NOW)
    assert set(refused.value.errors) == {"name"}
    with pytest.raises(ValidationError) as refused:
        growth.update(circle, "ritual", ritual.id, {"name": "Walk", "cadence": "weekly",
                                                    "person": "Zed"}, NOW)  # fmt: skip
    assert "no one called 'Zed'" in refused.value.errors["person"]
    with pytest.raises(NotFound):
        growth.update(circle, "goal", 9, {"goal": "x"}, NOW)


def test_chosen_days_are_kept_only_for_a_ritual_on_chosen_days(circle: Store) -> None:
    ritual = _add(circle, "ritual", {"name": "Tea", "cadence": "days", "weekdays": ["mon"]})
    assert growth.current(circle, "ritual", ritual.id)["weekdays"] == ["mon"]
    growth.update(circle, "ritual", ritual.id,
                  {"name": "Tea", "cadence": "days", "weekdays": ["thu", "mon"]}, NOW)  # fmt: skip
    assert growth.get(circle, "ritual", ritual.id).weekdays == "thu,mon"
    growth.update(circle, "ritual", ritual.id,
                  {"name": "Tea", "cadence": "daily", "weekdays": ["thu"]}, NOW)  # fmt: skip
    assert growth.get(circle, "ritual", ritual.id).weekdays == ""


def test_a_goal_changes_status_and_keeps_its_reviews(circle: Store) -> None:
    goal = _add(circle, "goal", {"goal": "A trip", "person": "Sam"})
    growth.review_goal(circle, goal.id, {"reviewed_on": DAY2, "progress": "Booked"}, NOW)
    raw = _whole("goal", circle, goal.id, {"status": "reached", "review_on": ""})
    growth.update(circle, "goal", goal.id, raw, NOW)
    changed = growth.get(circle, "goal", goal.id)
    assert (changed.status, changed.review_on, changed.person_id) == ("reached", None, 1)
    assert [r.progress for r in changed.reviews] == ["Booked"]


def test_a_wins_link_is_checked_changed_and_removed(circle: Store) -> None:
    goal = _add(circle, "goal", {"goal": "A trip"})
    win = _add(circle, "win", {"what": "Calm", "kind": "other", "happened_on": DAY1,
                               "source": f"goal:{goal.id}"})  # fmt: skip
    assert growth.current(circle, "win", win.id)["source"] == "goal:1"
    with pytest.raises(ValidationError) as refused:
        growth.update(circle, "win", win.id, _whole("win", circle, win.id, {"source": "goal:7"}),
                      NOW)  # fmt: skip
    assert "no goal number 7" in refused.value.errors["source"]
    growth.delete(circle, "goal", goal.id)  # the link now leads nowhere, but it was there
    growth.update(circle, "win", win.id, _whole("win", circle, win.id, {"what": "Calm!"}), NOW)
    assert growth.current(circle, "win", win.id) | {"happened_on": None} == {
        "what": "Calm!", "kind": "other", "happened_on": None, "source": "goal:1"}  # fmt: skip
    growth.update(circle, "win", win.id, _whole("win", circle, win.id, {"source": ""}), NOW)
    assert growth.get(circle, "win", win.id).source_tool is None
    assert growth.current(circle, "win", win.id)["source"] is None


def test_an_old_day_left_as_it_was_does_not_block_an_edit(circle: Store) -> None:
    checkin = _add(circle, "partner_checkin", {"held_on": DAY1, "went_well": "Tea"})
    later = NOW + dt.timedelta(days=400)  # the day has left the 366-day window since
    raw = {"held_on": DAY1, "went_well": "Tea and cake"}
    growth.update(circle, "partner_checkin", checkin.id, raw, later)
    assert growth.current(circle, "partner_checkin", checkin.id)["went_well"] == "Tea and cake"
    with pytest.raises(ValidationError):  # a new day must still be in the window
        growth.update(circle, "partner_checkin", checkin.id, {**raw, "held_on": DAY2}, later)


@pytest.mark.parametrize("kind", sorted(ADD))
def test_the_crisis_check_runs_on_the_new_words(circle: Store, kind: str) -> None:
    first = next(a for k, a, _ in CASES if k == kind)
    record = _add(circle, kind, first)
    words = {"partner_checkin": "was_hard", "ritual": "note", "appreciation": "what",
             "goal": "why", "win": "what"}[kind]  # fmt: skip
    saved = growth.update(circle, kind, record.id, _whole(kind, circle, record.id,
                                                          {words: CRISIS}), NOW)  # fmt: skip
    assert saved.updated and saved.crisis.flagged and saved.crisis.level == "urgent"


@pytest.mark.parametrize("kind", sorted(ADD))
def test_shared_and_owner_stay_as_they_were(circle: Store, kind: str) -> None:
    record = _add(circle, kind, next(a for k, a, _ in CASES if k == kind))
    model = growth.KINDS[kind].model
    with circle.session() as session:
        row = session.get(model, record.id)
        assert row is not None
        row.shared, row.owner_id = True, 7
    growth.update(circle, kind, record.id, _whole(kind, circle, record.id, {}), NOW)
    again = growth.get(circle, kind, record.id)
    assert (again.shared, again.owner_id) == (True, 7)


def test_an_edited_appreciation_is_found_by_its_new_words_only(circle: Store) -> None:
    def found(words: str) -> list[tuple[str, int]]:
        return [(r.kind, r.id) for r in search_store(circle, words).results]

    record = _add(circle, "appreciation", {"what": "The marmalade sandwich", "noted_on": DAY1})
    assert found("marmalade") == [("appreciation", record.id)]
    growth.update(circle, "appreciation", record.id,
                  {"what": "The quince tart", "noted_on": DAY1}, NOW)  # fmt: skip
    assert found("marmalade") == []
    assert found("quince") == [("appreciation", record.id)]


def test_counts_stay_the_same_after_edits(circle: Store) -> None:
    for kind, first, then in CASES[::3]:
        record = _add(circle, kind, first)
        before = program.program_map(circle)
        growth.update(circle, kind, record.id, then, NOW)
        after = program.program_map(circle)
        assert [s.done for s in before.stages] == [s.done for s in after.stages], kind
    with circle.sessions() as session:
        assert session.scalar(select(func.count()).select_from(m.RitualKept)) == len(KEPT)


def test_a_support_contact_is_edited_by_the_add_rules(circle: Store) -> None:
    saved = support.add_contact(
        circle, {"name": "Ana", "kind": "person", "person": "Sam", "helps_with": ["listening"]},
        NOW,
    )  # fmt: skip
    assert support.contact_values(circle, saved.record.id) == {
        "name": "Ana", "kind": "person", "person": "Sam", "helps_with": ["listening"],
        "how_to_reach": None,
    }  # fmt: skip
    raw = {"name": "Ana B", "kind": "person", "person": "Alex",
           "helps_with": ["listening", "advice"], "how_to_reach": "Evenings"}  # fmt: skip
    edited = support.update_contact(circle, saved.record.id, raw, NOW)
    assert edited.updated and not edited.crisis.flagged
    assert support.contact_values(circle, saved.record.id) == {**raw, "person": "Alex"}
    with pytest.raises(ValidationError) as refused:
        support.update_contact(circle, saved.record.id, {**raw, "name": "", "kind": "x"}, NOW)
    assert set(refused.value.errors) == {"name", "kind"}
    assert support.get_contact(circle, saved.record.id).name == "Ana B"
    flagged = support.update_contact(circle, saved.record.id, {**raw, "how_to_reach": CRISIS}, NOW)
    assert flagged.crisis.level == "urgent"
    with pytest.raises(NotFound):
        support.update_contact(circle, 9, raw, NOW)


def test_someone_named_as_a_number_is_kept_as_themselves(circle: Store) -> None:
    people.add_person(circle, {"name": "1", "kind": "friend"}, JOINED)  # person number 3
    record = _add(circle, "appreciation", {"what": "Tea", "person": "3", "noted_on": DAY1})
    raw = _whole("appreciation", circle, record.id, {"what": "Tea again"})
    growth.update(circle, "appreciation", record.id, raw, NOW)
    assert growth.get(circle, "appreciation", record.id).person_id == 3


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def sam(cli: Invoke) -> None:
    ok(cli("person", "add", "--name", "Sam", "--kind", "partner"))
    ok(cli("person", "add", "--name", "Alex", "--kind", "friend"))


def _listed(cli: Invoke, group: str) -> list[dict[str, Any]]:
    return list(json.loads(ok(cli(group, "list", "--json"))))


@pytest.mark.parametrize("group", ["partner-checkin", "ritual", "appreciation", "goal", "win",
                                   "support"])  # fmt: skip
def test_cli_every_group_has_edit_with_help(cli: Invoke, group: str) -> None:
    text = ok(cli(group, "edit", "--help"))
    assert "Change" in text and "number ID" in text
    assert ("--person" in text) == (group != "win")


def test_cli_edit_changes_only_what_is_given_and_moves_evidence(
    cli: Invoke, store: Store, sam: None
) -> None:
    ok(cli("partner-checkin", "add", "--person", "Sam", "--went-well", "We laughed",
           "--to-try", "Walk"))  # fmt: skip
    out = ok(cli("partner-checkin", "edit", "1", "--person", "Alex"))
    assert "Saved your changes to partner check-in number 1" in out
    [shown] = _listed(cli, "partner-checkin")
    assert (shown["went_well"], shown["to_try"], shown["person_id"]) == ("We laughed", "Walk", 2)
    assert [row[-1] for row in evidence(store)] == ["Alex"]
    ok(cli("partner-checkin", "edit", "1", "--person", ""))
    assert evidence(store) == []


def test_cli_ritual_edit_keeps_its_kept_days(cli: Invoke, store: Store, sam: None) -> None:
    ok(cli("ritual", "add", "--name", "Tea", "--person", "Sam", "--cadence", "daily"))
    ok(cli("ritual", "done", "1"))
    ok(cli("ritual", "edit", "1", "--cadence", "days", "--weekdays", "mon,sat"))
    [shown] = _listed(cli, "ritual")
    assert (shown["weekdays"], len(shown["kept_days"]), shown["name"]) == ("mon,sat", 1, "Tea")
    assert [row[-1] for row in evidence(store)] == ["Sam"]
    refused = cli("ritual", "edit", "1", "--cadence", "days", "--weekdays", "")
    assert refused.exit_code == 2 and "at least one day" in refused.stderr


def test_cli_goal_win_and_appreciation_edits(cli: Invoke, store: Store, sam: None) -> None:
    ok(cli("goal", "add", "--goal", "A trip"))
    ok(cli("goal", "edit", "1", "--status", "reached", "--person", "Sam"))
    [goal] = _listed(cli, "goal")
    assert (goal["status"], goal["person_id"]) == ("reached", 1)
    ok(cli("win", "add", "--what", "Calm", "--from", "goal:1"))
    refused = cli("win", "edit", "1", "--source", "goal:5")
    assert refused.exit_code == 2 and "no goal number 5" in refused.stderr
    ok(cli("win", "edit", "1", "--kind", "opened_up"))
    [win] = _listed(cli, "win")
    assert (win["kind"], win["source_tool"], win["source_id"]) == ("opened_up", "goal", 1)
    ok(cli("appreciation", "add", "--what", "Tea", "--said"))
    ok(cli("appreciation", "edit", "1", "--said-out-loud", "no"))
    assert _listed(cli, "appreciation")[0]["said_out_loud"] is False


def test_cli_edit_offers_crisis_support(cli: Invoke) -> None:
    ok(cli("appreciation", "add", "--what", "Tea"))
    out = cli("appreciation", "edit", "1", "--what", CRISIS).output
    assert "Saved your changes to appreciation number 1" in out
    assert "help-now" in out or "Help now" in out


def test_cli_edit_of_a_missing_entry_says_so(cli: Invoke) -> None:
    result = cli("goal", "edit", "4", "--goal", "x")
    assert result.exit_code != 0 and "There is no shared goal number 4" in result.output
    result = cli("support", "edit", "4", "--name", "x")
    assert result.exit_code != 0 and "No one on your support map with number 4" in result.output


def test_cli_edit_asks_at_a_terminal_with_the_current_answers(
    cli: Invoke, sam: None, terminal: None
) -> None:
    ok(cli("appreciation", "add", "--what", "Tea", "--person", "Sam", "--said", "--when", "today"))
    [before] = _listed(cli, "appreciation")
    # a new text; Enter keeps the person, whether it was said and the day
    out = ok(cli("appreciation", "edit", "1", input="Tea in bed\n\n\n\n"))
    assert "Sam" in out
    [shown] = _listed(cli, "appreciation")
    assert (shown["what"], shown["person_id"]) == ("Tea in bed", 1)
    assert (shown["noted_on"], shown["said_out_loud"]) == (before["noted_on"], True)


def test_cli_support_edit(cli: Invoke, sam: None) -> None:
    ok(cli("support", "add", "--name", "Ana", "--kind", "person", "--person", "Sam",
           "--helps-with", "listening"))  # fmt: skip
    out = ok(cli("support", "edit", "1", "--helps-with", "listening,advice",
                 "--how-to-reach", "Evenings"))  # fmt: skip
    assert "Saved your changes to support map entry number 1" in out
    [shown] = json.loads(ok(cli("support", "list", "--json")))
    assert (shown["helps_with"], shown["how_to_reach"], shown["person"]) == (
        ["listening", "advice"], "Evenings", "Sam")  # fmt: skip


# --- the web ----------------------------------------------------------------------------------

PAGES = {"partner_checkin": "/partner-checkins", "ritual": "/rituals",
         "appreciation": "/appreciation", "goal": "/goals", "win": "/wins"}  # fmt: skip


@pytest.fixture
def web(client: TestClient) -> TestClient:
    store = store_of(client)
    people.add_person(store, {"name": "Sam", "kind": "partner"}, JOINED)
    people.add_person(store, {"name": "Alex", "kind": "friend"}, JOINED)
    for kind, first, _ in [*CASES[::3], CASES[-1]]:
        _add(store, kind, first)
    return client


def _form(kind: str, store: Store, change: dict[str, object]) -> dict[str, object]:
    """The edit form as a browser posts it: the person by number, yes and no as keys."""
    posted = _whole(kind, store, 1, change)
    if posted.get("person") in ("Sam", "Alex"):
        posted["person"] = {"Sam": "1", "Alex": "2"}[str(posted["person"])]
    if isinstance(posted.get("said_out_loud"), bool):
        posted["said_out_loud"] = "yes" if posted["said_out_loud"] else "no"
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in posted.items()}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_web_each_list_links_to_a_filled_in_edit_form_that_saves(
    web: TestClient, kind: str
) -> None:
    listed = web.get(PAGES[kind]).text
    url = f"/growth/{kind}/1/edit"
    assert f'href="{url}"' in listed
    form = web.get(url)
    assert form.status_code == 200 and f'action="{url}"' in form.text
    if "person" in {f.name for f in growth.KINDS[kind].fields}:
        assert '<option value="1" selected>Sam</option>' in form.text
    change = {"win": {"what": "Calm at dinner"}, "goal": {"goal": "A trip north"},
              "ritual": {"name": "Sunday walk"}, "appreciation": {"what": "The lift"},
              "partner_checkin": {"went_well": "Long talk"}}[kind]  # fmt: skip
    someone: dict[str, object] = {} if kind == "win" else {"person": "Alex"}
    posted = _form(kind, store_of(web), {**change, **someone})
    done = web.post(url, data=posted, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith(PAGES[kind] + "?saved=edited")
    page = web.get(done.headers["location"]).text
    assert "Your changes are saved." in page and next(iter(change.values())) in page
    if kind != "win":
        assert growth.current(store_of(web), kind, 1)["person"] == "Alex"


def test_web_appreciation_form_shows_its_yes_or_no(web: TestClient) -> None:
    growth.update(store_of(web), "appreciation", 1,
                  {"what": "Tea", "noted_on": DAY1, "said_out_loud": "no"}, NOW)  # fmt: skip
    form = web.get("/growth/appreciation/1/edit").text
    assert 'value="no" checked' in form


def test_web_edit_refusal_is_a_422_with_the_problem_by_its_field(web: TestClient) -> None:
    posted = _form("ritual", store_of(web), {"name": "Kept as typed", "cadence": "days",
                                               "weekdays": []})  # fmt: skip
    refused = web.post("/growth/ritual/1/edit", data=posted)
    assert refused.status_code == 422
    assert "Not saved yet" in refused.text and "Kept as typed" in refused.text
    assert "at least one day" in refused.text
    assert growth.get(store_of(web), "ritual", 1).name == "Walk"


def test_web_edit_shows_crisis_support_first(web: TestClient) -> None:
    posted = _form("appreciation", store_of(web), {"what": CRISIS})
    done = web.post("/growth/appreciation/1/edit", data=posted, follow_redirects=False)
    assert "care=urgent" in done.headers["location"]
    htmx = web.post("/growth/appreciation/1/edit", data=posted, headers=HTMX)
    assert htmx.status_code == 200 and 'href="/help-now"' in htmx.text
    assert "Your changes are saved." in htmx.text


def test_web_edit_of_a_missing_or_unknown_entry_is_not_found(web: TestClient) -> None:
    assert web.get("/growth/goal/99/edit").status_code == 404
    assert web.post("/growth/goal/99/edit", data={"goal": "x"}).status_code == 404
    assert web.get("/growth/person/1/edit").status_code == 404
    assert web.get("/support/99/edit").status_code == 404


def test_web_support_entry_edit(web: TestClient) -> None:
    store = store_of(web)
    support.add_contact(store, {"name": "Ana", "kind": "person", "person": "Sam"}, NOW)
    assert 'href="/support/1/edit"' in web.get("/support").text
    form = web.get("/support/1/edit")
    assert form.status_code == 200 and 'value="Ana"' in form.text
    assert '<option value="1" selected>Sam</option>' in form.text
    data = {"name": "Ana", "kind": "person", "person": "2", "helps_with": ["advice"],
            "how_to_reach": "After seven"}  # fmt: skip
    done = web.post("/support/1/edit", data=data, follow_redirects=False)
    assert done.status_code == 303 and "saved=contact_edited" in done.headers["location"]
    page = web.get(done.headers["location"]).text
    assert "Your changes to your support map are saved." in page and "After seven" in page
    refused = web.post("/support/1/edit", data={**data, "name": ""})
    assert refused.status_code == 422 and "After seven" in refused.text
    urgent = web.post("/support/1/edit", data={**data, "how_to_reach": CRISIS}, headers=HTMX)
    assert 'href="/help-now"' in urgent.text
