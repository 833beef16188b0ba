"""Editing entries: the same fields and rules as adding, through the service, the CLI and the web."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, Invoke, ok, store_of
from trustbridge.domain.fields import ValidationError
from trustbridge.services import entries, program
from trustbridge.services.catalog import stored_values, tool_specs
from trustbridge.store.db import Store

CRISIS = "I want to end my life"
SAFETY: dict[str, object] = {f.name: "1" for f in tool_specs()["safety_selfcheck"].fields}
#: one entry of every generic tool, and a change to make to it
SAMPLES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "checkin": ({"mood": 3}, {"mood": 5, "emotion": "calm"}),
    "journal": ({"body": "A quiet day"}, {"title": "Sunday", "body": "A quiet, kind day"}),
    "hurt_inventory": (
        {"what_happened": "Left out", "kind": "rejection"},
        {"what_happened": "Left out of the trip", "kind": "neglect"},
    ),
    "pattern_journal": (
        {"situation": "Argument", "pattern": "withdraw"},
        {"situation": "Argument at dinner", "pattern": "withdraw", "need": "Time"},
    ),
    "thought_record": (
        {"situation": "No reply", "automatic_thought": "They hate me", "emotion_1": "sad",
         "intensity_1": "80"},
        {"situation": "No reply", "automatic_thought": "They are busy", "emotion_1": "sad",
         "intensity_1": "80", "rerated_1": "30", "distortions": ["mind_reading"]},
    ),
    "belief_tracker": (
        {"statement": "I must manage alone", "believability": 70},
        {"statement": "I often manage alone"},
    ),
    "safety_selfcheck": (SAFETY, {**SAFETY, next(iter(SAFETY)): "4"}),
    "self_promises": (
        {"text": "Rest on Sunday", "due_on": "2026-03-20"},
        {"text": "Rest on Saturday", "due_on": "2026-03-19"},
    ),
    "self_empathy": (
        {"situation": "Work", "acknowledge": "I felt small"},
        {"situation": "Work", "acknowledge": "I felt small and unseen"},
    ),
    "affirmations": ({"text": "I am allowed to rest"}, {"text": "I may rest"}),
    "habits": ({"day": "2026-03-13", "sleep_hours": "7.5"}, {"day": "2026-03-13", "food": "4"}),
    "mindful_pause": ({"seconds": 60}, {"seconds": 120}),
}  # fmt: skip


def _whole(slug: str, record: object, change: dict[str, object]) -> dict[str, object]:
    """The whole entry as its edit form would post it, with ``change`` made."""
    current = stored_values(tool_specs()[slug], record)
    return {**{k: v for k, v in current.items() if v is not None}, **change}


# --- the service ------------------------------------------------------------------------------


def test_every_generic_tool_can_be_edited(store: Store, now: dt.datetime) -> None:
    assert set(SAMPLES) == set(tool_specs())
    for slug, (first, change) in SAMPLES.items():
        saved = entries.add(store, slug, first, now)
        raw = _whole(slug, saved.record, change)
        edited = entries.update(store, slug, saved.record.id, raw, now)
        assert edited.updated and not edited.crisis.flagged, slug
        again = stored_values(tool_specs()[slug], entries.get(store, slug, saved.record.id))
        for key, value in change.items():
            expected = value if isinstance(value, list) else str(value)
            found = again[key] if isinstance(again[key], list) else str(again[key])
            assert found == expected, (slug, key)
    assert all(n == 1 for n in entries.counts(store).values()), "an edit adds nothing"


def test_thought_record_edit_rebuilds_emotions_and_traps(store: Store, now: dt.datetime) -> None:
    first, change = SAMPLES["thought_record"]
    saved = entries.add(store, "thought_record", first, now)
    entries.update(store, "thought_record", saved.record.id, change, now)
    record = entries.get(store, "thought_record", saved.record.id)
    assert record.emotions == [{"name": "sad", "intensity": 80, "rerated": 30}]
    assert record.distortions == "mind_reading"


def test_safety_selfcheck_edit_rescores(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "safety_selfcheck", SAFETY, now)
    worse = {k: "4" for k in SAFETY}
    entries.update(store, "safety_selfcheck", saved.record.id, worse, now)
    assert entries.get(store, "safety_selfcheck", saved.record.id).score != saved.record.score


def test_belief_edit_keeps_its_ratings(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "belief_tracker", {"statement": "A", "believability": 70}, now)
    entries.update(store, "belief_tracker", saved.record.id, {"statement": "B"}, now)
    belief = entries.get(store, "belief_tracker", saved.record.id)
    assert belief.statement == "B" and [r.believability for r in belief.ratings] == [70]


def test_an_edit_is_checked_like_an_add_and_changes_nothing_when_refused(
    store: Store, now: dt.datetime
) -> None:
    saved = entries.add(store, "checkin", {"mood": 3, "note": "ok"}, now)
    with pytest.raises(ValidationError) as refused:
        entries.update(store, "checkin", saved.record.id, {"mood": 9, "note": "changed"}, now)
    assert "mood" in refused.value.errors
    record = entries.get(store, "checkin", saved.record.id)
    assert (record.mood, record.note) == (3, "ok")


def test_crisis_check_runs_on_the_new_words(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "journal", {"body": "An ordinary day"}, now)
    assert not saved.crisis.flagged
    edited = entries.update(store, "journal", saved.record.id, {"body": CRISIS}, now)
    assert edited.crisis.flagged and edited.crisis.level == "urgent"


def test_one_a_day_tool_keeps_its_rule_on_edit(store: Store, now: dt.datetime) -> None:
    entries.add(store, "habits", {"day": "2026-03-12", "sleep_hours": "6"}, now)
    other = entries.add(store, "habits", {"day": "2026-03-13", "sleep_hours": "8"}, now)
    with pytest.raises(ValidationError) as refused:
        entries.update(
            store, "habits", other.record.id, {"day": "2026-03-12", "sleep_hours": "8"}, now
        )
    assert "already an entry" in refused.value.errors["day"]
    assert entries.counts(store)["habits"] == 2


def test_an_old_date_left_as_it_was_does_not_block_an_edit(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "self_promises", {"text": "Rest", "due_on": "2026-03-15"}, now)
    later = now + dt.timedelta(days=30)  # the promise is overdue now: its date left its window
    raw = {"text": "Rest more", "due_on": "2026-03-15"}
    entries.update(store, "self_promises", saved.record.id, raw, later)
    assert entries.get(store, "self_promises", saved.record.id).text == "Rest more"
    with pytest.raises(ValidationError):  # a new date must still be in the window
        entries.update(
            store, "self_promises", saved.record.id, {**raw, "due_on": "2026-04-01"}, later
        )


def test_stage_counts_follow_edits(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "thought_record", SAMPLES["thought_record"][0], now)
    before = program.program_map(store)
    entries.update(store, "thought_record", saved.record.id, SAMPLES["thought_record"][1], now)
    after = program.program_map(store)
    assert [s.done for s in before.stages] == [s.done for s in after.stages]


def test_a_promise_with_someone_is_not_edited_as_a_promise_to_myself(
    store: Store, now: dt.datetime
) -> None:
    from trustbridge.services import people, relating
    from trustbridge.services.base import NotFound

    people.add_person(store, {"name": "Sam", "kind": "friend"}, now)
    theirs = relating.add_promise(
        store, {"person": "Sam", "text": "Call", "due_on": "2026-03-20", "made_by": "me"}, now
    )
    with pytest.raises(NotFound):
        entries.update(store, "self_promises", theirs.record.id, {"text": "x"}, now)


# --- the command line -------------------------------------------------------------------------


def test_cli_edit_changes_only_what_is_given(cli: Invoke) -> None:
    ok(cli("journal", "add", "--title", "Monday", "--body", "Long day"))
    out = ok(cli("journal", "edit", "1", "--body", "A long, good day"))
    assert "Saved your changes to journal entry number 1" in out
    shown = json.loads(ok(cli("journal", "list", "--json")))
    assert (shown[0]["title"], shown[0]["body"]) == ("Monday", "A long, good day")


@pytest.mark.parametrize(
    ("group", "add", "edit", "key", "value"),
    [
        ("checkin", ["--mood", "2"], ["--mood", "4"], "mood", 4),
        ("thought", ["--situation", "s", "--thought", "t", "--emotion", "sad:60"],
         ["--rerated-1", "20"], "emotions", [{"name": "sad", "intensity": 60, "rerated": 20}]),
        ("hurt", ["--what-happened", "w", "--kind", "neglect"], ["--kind", "betrayal"], "kind",
         "betrayal"),
        ("pattern", ["--situation", "s", "--pattern", "withdraw"], ["--feeling", "sad"],
         "feeling", "sad"),
        ("belief", ["--statement", "A", "--believability", "50"], ["--statement", "B"],
         "statement", "B"),
        ("promise", ["--text", "Rest", "--due", "tomorrow"], ["--text", "Rest well"], "text",
         "Rest well"),
        ("affirm", ["--text", "I may rest"], ["--text", "I can rest"], "text", "I can rest"),
        ("habit", ["--sleep", "7"], ["--food", "4"], "food", 4),
    ],
)  # fmt: skip
def test_cli_edit_for_each_tool_group(
    cli: Invoke, group: str, add: list[str], edit: list[str], key: str, value: object
) -> None:
    if group != "checkin":
        add = ["add", *add]
    assert cli(group, *add).exit_code == 0, cli(group, "add", "--help").output
    ok(cli(group, "edit", "1", *edit))
    listed = json.loads(ok(cli(group, "list", "--json")))
    assert listed[0][key] == value


def test_cli_edit_refusal_names_the_field_and_saves_nothing(cli: Invoke) -> None:
    ok(cli("checkin", "--mood", "3"))
    result = cli("checkin", "edit", "1", "--mood", "9")
    assert result.exit_code != 0 and "mood must be a whole number" in result.output
    assert json.loads(ok(cli("checkin", "list", "--json")))[0]["mood"] == 3


def test_cli_edit_of_a_missing_entry_says_so(cli: Invoke) -> None:
    result = cli("journal", "edit", "7", "--body", "x")
    assert result.exit_code != 0 and "No journal entry with number 7" in result.output


def test_cli_edit_offers_crisis_support(cli: Invoke) -> None:
    ok(cli("journal", "add", "--body", "fine"))
    out = cli("journal", "edit", "1", "--body", CRISIS).output
    assert "Saved your changes" in out
    assert "help-now" in out or "Help now" in out


def test_cli_edit_asks_at_a_terminal_with_the_current_answers(cli: Invoke, terminal: None) -> None:
    ok(cli("journal", "add", "--title", "Monday", "--body", "Long day"))
    # Enter keeps the title, a new body is typed, Enter keeps the day
    out = ok(cli("journal", "edit", "1", input="\nA better day\n\n"))
    assert "Monday" in out
    shown = json.loads(ok(cli("journal", "list", "--json")))
    assert (shown[0]["title"], shown[0]["body"]) == ("Monday", "A better day")


def test_cli_edit_help_names_every_field(cli: Invoke) -> None:
    text = ok(cli("thought", "edit", "--help"))
    for flag in ("--situation", "--automatic-thought", "--emotion-1", "--distortions"):
        assert flag in text


# --- the web ----------------------------------------------------------------------------------


def test_web_entry_page_links_to_its_edit_form_prefilled(client: TestClient) -> None:
    saved = entries.add(store_of(client), "journal", {"title": "Mon", "body": "Long day"}, NOW)
    page = client.get(f"/tools/journal/{saved.record.id}").text
    assert f'href="/tools/journal/{saved.record.id}/edit"' in page
    form = client.get(f"/tools/journal/{saved.record.id}/edit")
    assert form.status_code == 200
    assert 'value="Mon"' in form.text and "Long day</textarea>" in form.text


def test_web_edit_saves_and_shows_the_entry(client: TestClient) -> None:
    saved = entries.add(store_of(client), "journal", {"title": "Mon", "body": "Long day"}, NOW)
    url = f"/tools/journal/{saved.record.id}/edit"
    done = client.post(url, data={"title": "Tue", "body": "Better"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("?edited=1")
    page = client.get(done.headers["location"]).text
    assert "Your changes are saved." in page and "Better" in page


def test_web_edit_refusal_is_a_422_with_the_problem_by_its_field(client: TestClient) -> None:
    saved = entries.add(store_of(client), "checkin", {"mood": 3}, NOW)
    url = f"/tools/checkin/{saved.record.id}/edit"
    refused = client.post(url, data={"mood": "9", "note": "kept as typed"})
    assert refused.status_code == 422
    assert "Not saved yet" in refused.text and "kept as typed" in refused.text
    assert entries.get(store_of(client), "checkin", saved.record.id).mood == 3


def test_web_edit_shows_crisis_support_first(client: TestClient) -> None:
    saved = entries.add(store_of(client), "journal", {"body": "fine"}, NOW)
    url = f"/tools/journal/{saved.record.id}/edit"
    done = client.post(url, data={"body": CRISIS}, follow_redirects=False)
    assert "care=urgent" in done.headers["location"]
    htmx = client.post(url, data={"body": CRISIS}, headers=HTMX)
    assert htmx.status_code == 200 and 'href="/help-now"' in htmx.text


@pytest.mark.parametrize("slug", sorted(tool_specs()))
def test_web_edit_form_opens_for_every_tool(client: TestClient, slug: str) -> None:
    first, change = SAMPLES[slug]
    saved = entries.add(store_of(client), slug, first, NOW)
    url = f"/tools/{slug.replace('_', '-')}/{saved.record.id}/edit"
    assert client.get(url).status_code == 200
    posted = {k: v for k, v in _whole(slug, saved.record, change).items()}
    done = client.post(url, data=posted, follow_redirects=False)
    assert done.status_code == 303, done.text


def test_web_edit_of_a_missing_entry_is_not_found(client: TestClient) -> None:
    assert client.get("/tools/journal/99/edit").status_code == 404
