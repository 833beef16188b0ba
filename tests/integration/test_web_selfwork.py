"""The dedicated pages: stages and lessons, thought records, beliefs, the learned-beliefs list,
the safety self-check, promises, self-empathy steps and the mindful pause."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, store_of
from trustbridge.content import load_program
from trustbridge.services import entries, selfwork
from trustbridge.services.catalog import tool_specs
from trustbridge.web.deps import get_now
from trustbridge.web.lesson import render_lesson
from trustbridge.web.views import tool_href

DAY = dt.timedelta(days=1)


# --- lessons and stages --------------------------------------------------------------------


def test_lesson_renderer_escapes_everything_and_knows_bold_and_lists() -> None:
    html = str(render_lesson(
        "Hello <script>alert(1)</script> **brave** you.\n\n- one\n  more\n- two\n\n1. first\n2. second"
    ))  # fmt: skip
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>brave</strong>" in html
    assert "<ul><li>one more</li><li>two</li></ul>" in html
    assert "<ol><li>first</li><li>second</li></ol>" in html
    assert html.count("<p>") == 1


def test_stage_page_shows_lesson_prompts_and_tools(client: TestClient) -> None:
    stage = load_program().stage("patterns")
    html = client.get("/stages/patterns").text
    assert stage.title in html and '<h2 id="lesson-title">' in html
    assert html.count("<p>") >= 4 and "<ul>" in html
    for prompt in stage.prompts:
        assert f'href="/tools/journal?prompt={quote(prompt)}#f-body"' in html
    assert 'href="/tools/thought-record"' in html and 'href="/tools/belief-tracker"' in html


def test_prompt_link_opens_the_journal_with_it_as_title(client: TestClient) -> None:
    html = client.get("/stages/roots").text
    link = re.search(r'href="(/tools/journal\?prompt=[^"#]+)', html)
    assert link is not None
    journal = client.get(link.group(1).replace("&amp;", "&")).text
    first = load_program().stage("roots").prompts[0]
    assert f'value="{first}"' in journal.replace("&#39;", "'")


def test_stage_one_shows_the_traps_and_stage_three_the_ways_to_build_safety(
    client: TestClient,
) -> None:
    checklists = load_program().checklists
    roots = client.get("/stages/roots").text
    assert all(trap.name in roots for trap in checklists["traps"])
    safety = client.get("/stages/safety").text
    assert all(way.name in safety for way in checklists["safety_builders"])
    assert 'href="/tools/checkin"' in safety  # the emotion check-in lives in the check-in


def test_every_tool_of_every_stage_has_a_page() -> None:
    program = load_program()
    missing = [t for s in program.stages for t in s.tools if tool_href(t) is None]
    assert missing == []


def test_hurt_inventory_shows_the_traps_as_gentle_hints(client: TestClient) -> None:
    html = client.get("/tools/hurt-inventory").text
    assert "Gentle hints while you write" in html and 'href="/help-now"' in html
    assert load_program().checklists["traps"][0].text in html


# --- thought record ------------------------------------------------------------------------


def test_thought_record_form_comes_in_sections_with_trap_explanations(client: TestClient) -> None:
    html = client.get("/tools/thought-record").text
    for heading in ("What happened", "The thought that came", "Thinking traps",
                    "Looking at the evidence", "How strong are the feelings now?"):  # fmt: skip
        assert heading in html
    for distortion in load_program().distortions:
        assert distortion.explanation in html
    assert html.count('name="intensity_') == 3 and html.count('name="rerated_') == 3
    assert 'min="0" max="100"' in html


def test_thought_record_page_shows_before_and_after(client: TestClient) -> None:
    client.post("/tools/thought-record", data={
        "situation": "No reply",
        "automatic_thought": "They are tired of me",
        "emotion_1": "anxious", "intensity_1": "80", "rerated_1": "30",
        "emotion_2": "sad", "intensity_2": "50",
        "distortions": ["mind_reading"],
        "balanced_thought": "They are busy this week",
    })  # fmt: skip
    [record] = entries.recent(store_of(client), "thought_record")
    html = client.get(f"/tools/thought-record/{record.id}").text
    assert "Feelings, before and after" in html
    assert re.search(r'<meter min="0" max="100" value="80"', html)
    assert "50 lower" in html and "Not re-rated" in html
    assert "Mind reading" in html and "They are busy this week" in html


# --- beliefs -------------------------------------------------------------------------------


def test_belief_list_shows_the_latest_believability(client: TestClient) -> None:
    store = store_of(client)
    belief = entries.add(
        store, "belief_tracker", {"statement": "People leave", "believability": 90}, NOW
    )
    selfwork.rate_belief(store, belief.record.id, {"believability": 65}, NOW + 7 * DAY)
    html = client.get("/tools/belief-tracker").text
    assert "People leave" in html and "Feels 65 out of 100 true" in html and "2 ratings" in html


def test_belief_page_draws_history_and_takes_a_new_rating(client: TestClient) -> None:
    store = store_of(client)
    belief = entries.add(
        store, "belief_tracker", {"statement": "I am too much", "believability": 80}, NOW - 40 * DAY
    )
    selfwork.rate_belief(store, belief.record.id, {"believability": 70}, NOW - 20 * DAY)
    page = f"/tools/belief-tracker/{belief.record.id}"
    html = client.get(page).text
    assert "<svg viewBox=" in html and 'role="img"' in html and "<polyline" in html
    assert html.count('class="dot"') == 2
    response = client.post(f"{page}/rate", data={"believability": "55", "note": "Lighter"},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == f"{page}?rated=1"
    after = client.get(response.headers["location"]).text
    assert after.count('class="dot"') == 3 and "Lighter" in after
    assert "Your new rating is now part of the history below." in after
    assert "is going down" in after


def test_belief_rating_out_of_range_keeps_the_note(client: TestClient) -> None:
    store = store_of(client)
    belief = entries.add(store, "belief_tracker", {"statement": "x", "believability": 50}, NOW)
    page = f"/tools/belief-tracker/{belief.record.id}"
    response = client.post(f"{page}/rate", data={"believability": "140", "note": "hmm"})
    assert response.status_code == 422
    assert (
        "How true it feels now must be a whole number between 0 and 100." in response.text
        and ">hmm</textarea>" in response.text
    )
    assert 'id="r-believability-error"' in response.text
    assert len(entries.get(store, "belief_tracker", belief.record.id).ratings) == 1
    htmx = client.post(f"{page}/rate", data={"believability": "40"}, headers=HTMX)
    assert htmx.status_code == 200 and "<html" not in htmx.text and "<strong>Saved" in htmx.text


def test_rating_a_missing_belief_is_a_404(client: TestClient) -> None:
    assert (
        client.post("/tools/belief-tracker/9/rate", data={"believability": "5"}).status_code == 404
    )


# --- learned beliefs -----------------------------------------------------------------------


def test_learned_beliefs_checklist_saves_and_remembers(client: TestClient) -> None:
    first, second, *_ = load_program().checklists["learned_beliefs"]
    response = client.post("/tools/learned-beliefs", data={"beliefs": [first.key, second.key]},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    html = client.get(response.headers["location"]).text
    assert "Saved." in html
    assert f'value="{first.key}" checked' in html and f'value="{second.key}" checked' in html
    assert selfwork.learned_beliefs(store_of(client))[first.key]
    client.post("/tools/learned-beliefs", data={"beliefs": [second.key]})
    assert not selfwork.learned_beliefs(store_of(client))[first.key]


def test_unknown_learned_belief_is_refused_and_ticks_are_kept(client: TestClient) -> None:
    first = load_program().checklists["learned_beliefs"][0]
    response = client.post("/tools/learned-beliefs", data={"beliefs": [first.key, "made_up"]})
    assert (
        response.status_code == 422
        and "There is no belief called made_up on the checklist." in response.text
    )
    assert f'value="{first.key}" checked' in response.text
    assert selfwork.learned_beliefs(store_of(client)) == {}


# --- safety self-check ---------------------------------------------------------------------


def test_safety_self_check_scores_and_shows_the_trend(client: TestClient) -> None:
    fields = tool_specs()["safety_selfcheck"].fields
    html = client.get("/tools/safety-selfcheck").text
    assert html.count('type="radio"') == 5 * len(fields)
    assert "Never" in html and "Almost always" in html
    store = store_of(client)
    entries.add(store, "safety_selfcheck", {f.name: "3" for f in fields}, NOW - 60 * DAY)
    response = client.post("/tools/safety-selfcheck", data={f.name: "1" for f in fields})
    assert "Safety score 75 out of 100" in response.text
    assert "<polyline" in response.text and "is going up" in response.text


def test_safety_self_check_with_a_missing_answer_keeps_the_others(client: TestClient) -> None:
    fields = tool_specs()["safety_selfcheck"].fields
    answers = {f.name: "2" for f in fields[1:]}
    response = client.post("/tools/safety-selfcheck", data=answers)
    assert response.status_code == 422
    assert "Please choose how often statement 1 is true for you." in response.text
    assert response.text.count('value="2" checked') == len(fields) - 1
    assert entries.recent(store_of(client), "safety_selfcheck") == []


def test_safety_check_page_lists_each_answer(client: TestClient) -> None:
    fields = tool_specs()["safety_selfcheck"].fields
    saved = entries.add(store_of(client), "safety_selfcheck", {f.name: "4" for f in fields}, NOW)
    html = client.get(f"/tools/safety-selfcheck/{saved.record.id}").text
    assert html.count("Almost always") == len(fields) and ">0</span>" in html


# --- promises ------------------------------------------------------------------------------


def test_promises_are_listed_with_due_dates_and_can_be_settled(client: TestClient) -> None:
    client.post("/tools/self-promises", data={"text": "Call my sister", "due_on": "2026-03-14"})
    store = store_of(client)
    late = entries.add(store, "self_promises", {"text": "Walk", "due_on": "2026-03-14"}, NOW)
    html = client.get("/tools/self-promises").text
    assert "Call my sister" in html and "Due today" in html
    later = NOW + 3 * DAY
    client.app.dependency_overrides[get_now] = lambda: later  # type: ignore[attr-defined]
    assert "Past its date" in client.get("/tools/self-promises").text
    response = client.post(f"/tools/self-promises/{late.record.id}/settle",
                           data={"outcome": "kept"}, follow_redirects=False)  # fmt: skip
    assert response.headers["location"] == "/tools/self-promises?note=kept"
    html = client.get(response.headers["location"]).text
    assert "Marked as kept" in html and "100%" in html and "kept: 1 of 1" in html


def test_settling_from_home_goes_back_home(client: TestClient) -> None:
    promise = entries.add(
        store_of(client), "self_promises", {"text": "Rest", "due_on": "2026-03-15"}, NOW
    )
    home = client.get("/").text
    assert f'action="/tools/self-promises/{promise.record.id}/settle"' in home
    response = client.post(f"/tools/self-promises/{promise.record.id}/settle",
                           data={"outcome": "broken", "back": "home"}, follow_redirects=False)  # fmt: skip
    assert response.headers["location"] == "/?note=broken#promises"
    assert "not a failure" in client.get("/?note=broken").text


def test_settling_needs_a_real_outcome(client: TestClient) -> None:
    promise = entries.add(
        store_of(client), "self_promises", {"text": "Rest", "due_on": "2026-03-15"}, NOW
    )
    response = client.post(
        f"/tools/self-promises/{promise.record.id}/settle", data={"outcome": "maybe"}
    )
    assert response.status_code == 400 and "kept the promise or not" in response.text
    assert (
        client.post("/tools/self-promises/99/settle", data={"outcome": "kept"}).status_code == 404
    )


# --- self-empathy, affirmations, mindful pause -----------------------------------------------


def test_self_empathy_walks_the_five_steps_in_order(client: TestClient) -> None:
    html = client.get("/tools/self-empathy").text
    steps = load_program().checklists["self_empathy_steps"]
    positions = [html.index(f"{step.name} <span") for step in steps]
    assert positions == sorted(positions) and html.count("data-step=") == 5
    for step in steps:
        assert step.text in html
    response = client.post("/tools/self-empathy", data={
        "situation": "Work", "acknowledge": "Hurt", "be_kind": "You did your best",
    }, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    [entry] = entries.recent(store_of(client), "self_empathy")
    assert entry.be_kind == "You did your best"


def test_affirmations_can_be_added_and_one_shows_today(client: TestClient) -> None:
    client.post("/tools/affirmations", data={"text": "I can take my time"})
    assert "I can take my time" in client.get("/tools/affirmations").text
    assert "I can take my time" in client.get("/").text


def test_mindful_pause_has_a_timer_and_logs_seconds(client: TestClient) -> None:
    html = client.get("/tools/mindful-pause").text
    assert "data-pause" in html and "breath-circle" in html and "data-start" in html
    assert 'name="minutes" value="1"' in html and 'name="minutes" value="5"' in html
    assert "data-pause-log" in html and 'name="seconds"' in html
    response = client.post("/tools/mindful-pause", data={"seconds": "180"}, headers=HTMX)
    assert "Paused for 3 minutes" in response.text
    refused = client.post("/tools/mindful-pause", data={"seconds": "5"})
    assert (
        refused.status_code == 422
        and "How long you paused must be a length of time between 10 seconds and 60 minutes."
        in refused.text
    )
    assert len(entries.recent(store_of(client), "mindful_pause")) == 1
