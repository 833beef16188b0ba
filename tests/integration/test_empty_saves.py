"""A save with nothing in it is refused kindly, and nothing is written.

The rule lives once, in field validation: an entry whose fields (dates aside) are all
optional must have at least one of them filled in. Habits keep one log per day, so saving a
day again updates that day's log and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, Invoke, ok, store_of
from trustbridge.cli import context
from trustbridge.content import load_program
from trustbridge.domain import records as r
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import NOTHING_TO_SAVE, Field, ValidationError, clean
from trustbridge.services import entries, people, relating, selfwork
from trustbridge.services.catalog import tool_specs
from trustbridge.store import models as m
from trustbridge.store.db import Store

TODAY = NOW.astimezone().date()
NOTHING = "There is nothing to save yet"
NOTHING_TICKED = "There is nothing to save yet: tick at least one belief, or come back later."

#: every set of fields a form or a command saves
FORMS: dict[str, Sequence[Field]] = {
    **{slug: tool.fields for slug, tool in tool_specs().items()},
    **{name: value for name, value in vars(rel).items() if name.endswith("_FIELDS")},
    "BELIEF_RATING_FIELDS": r.BELIEF_RATING_FIELDS,
}


def _dates_only(fields: Sequence[Field]) -> dict[str, object]:
    """What an untouched form posts: its dates (which start at today) and nothing else."""
    return {f.name: TODAY.isoformat() for f in fields if f.kind == "date"}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_no_form_can_be_saved_with_nothing_in_it(name: str) -> None:
    with pytest.raises(ValidationError):
        clean(FORMS[name], _dates_only(FORMS[name]), TODAY)


def test_a_form_with_one_optional_thing_filled_in_is_saved() -> None:
    values = clean(r.HABIT_FIELDS, {"day": TODAY.isoformat(), "sleep_hours": "0"}, TODAY)
    assert values["sleep_hours"] == 0  # nought hours is something, not nothing
    assert clean(rel.BRIDGE_FIELDS, {"agreed_steps": "Talk on Sundays"}, TODAY)


# --- habits -------------------------------------------------------------------------------------


def _habit_logs(store: Store) -> list[m.HabitLog]:
    return entries.recent(store, "habits")


def test_an_empty_habits_log_is_refused_and_the_page_keeps_the_day(client: TestClient) -> None:
    response = client.post("/tools/habits", data={"day": "2026-03-12", "note": "  "})
    assert response.status_code == 422
    assert NOTHING_TO_SAVE in response.text
    assert 'value="2026-03-12"' in response.text
    assert _habit_logs(store_of(client)) == []


def test_habits_for_a_day_already_logged_update_that_day(client: TestClient) -> None:
    first = client.post("/tools/habits", data={"day": "2026-03-14", "sleep_hours": "7"})
    assert "Habits on 14 Mar 2026" in first.text  # lists use the short style of date
    again = client.post("/tools/habits", data={"day": "2026-03-14", "movement_minutes": "30"})
    assert again.status_code == 200
    assert "Updated your habits for Saturday 14 March 2026" in again.text
    quick = client.post("/tools/habits", data={"day": "2026-03-14", "food": "4"}, headers=HTMX)
    assert "Updated your habits for Saturday 14 March 2026" in quick.text
    logs = _habit_logs(store_of(client))
    assert len(logs) == 1
    assert (logs[0].sleep_hours, logs[0].movement_minutes, logs[0].food) == (7, 30, 4)
    html = client.get("/tools/habits").text
    assert html.count("Habits on 14 Mar 2026") == 1


def test_habit_add_with_nothing_is_refused_with_the_same_words(cli: Invoke) -> None:
    result = cli("--no-input", "habit", "add")
    assert result.exit_code == 2
    assert NOTHING_TO_SAVE in result.stderr
    assert ok(cli("habit", "list", "--json")).strip() == "[]"


def test_habit_add_twice_on_one_day_updates_it(cli: Invoke) -> None:
    ok(cli("habit", "add", "--sleep", "7"))
    again = ok(cli("habit", "add", "--movement", "20"))
    today = context.now().astimezone().date()
    assert f"Updated your habits for {today:%A} {today.day} {today:%B %Y}" in again
    listed = ok(cli("habit", "list", "--json"))
    assert listed.count('"day"') == 1 and '"movement_minutes": 20' in listed


# --- bridge plans -------------------------------------------------------------------------------


def test_an_empty_bridge_plan_is_refused(client: TestClient) -> None:
    store = store_of(client)
    people.add_person(store, {"name": "Maya", "kind": "friend"}, NOW)
    blank = {f.name: "" for f in rel.BRIDGE_FIELDS}
    response = client.post("/circle/1/bridge", data=blank)
    assert response.status_code == 422 and NOTHING_TO_SAVE in response.text
    assert people.person_page(store, "Maya", NOW).bridge is None
    with pytest.raises(ValidationError):
        relating.save_bridge(store, "Maya", {}, NOW)
    saved = client.post("/circle/1/bridge", data={**blank, "what_broke": "A missed call"})
    assert saved.status_code == 200
    assert people.person_page(store, "Maya", NOW).bridge is not None


def test_bridge_with_nothing_at_the_terminal_is_refused(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli("person", "add", "--name", "Maya", "--kind", "friend"))
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    result = cli("bridge", "Maya", "--edit", input="\n" * 10)
    assert result.exit_code == 2 and NOTHING_TO_SAVE in result.stderr
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: False)
    assert "no bridge plan" in ok(cli("bridge", "Maya")).lower()


# --- the learned-beliefs checklist --------------------------------------------------------------


def test_learned_beliefs_with_nothing_ticked_are_not_saved(client: TestClient) -> None:
    response = client.post("/tools/learned-beliefs", data={})
    assert response.status_code == 422
    assert NOTHING_TICKED in response.text and "<strong>Saved.</strong>" not in response.text
    assert selfwork.learned_beliefs(store_of(client)) == {}


def test_unticking_every_belief_after_ticking_some_is_saved(store: Store) -> None:
    first = load_program().checklists["learned_beliefs"][0].key
    selfwork.mark_learned_beliefs(store, [first], NOW)
    assert selfwork.mark_learned_beliefs(store, [], NOW + dt.timedelta(days=1))[first] is False
    assert not any(selfwork.learned_beliefs(store).values())


def test_beliefs_check_clear_with_nothing_ticked_is_refused(cli: Invoke) -> None:
    result = cli("beliefs-check", "--clear")
    assert result.exit_code == 2 and NOTHING_TICKED in result.stderr
