"""What people read, through the web and the command line: sentences, one date style, plain words.

Dates people read are in words; ISO dates stay only where a machine reads them and in the
"like 2026-03-14" example of what to type. A mistyped date stays in its box. Estimates and
calibration are in plain words, with the numbers behind "How is this worked out?" or --json.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import NOW, Invoke, ok, store_of
from trustbridge.domain.records import TEN_YEARS
from trustbridge.domain.words import full_day_words
from trustbridge.services import people, relating
from trustbridge.services.catalog import tool_specs
from trustbridge.store.db import Store

TODAY = NOW.date()
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def field_error(html: str, field_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
    assert found is not None, f"no message for {field_id}"
    return unescape(found.group(1))


def input_tag(html: str, field_id: str) -> str:
    found = re.search(rf'<input [^>]*id="{field_id}"[^>]*>', html)
    assert found is not None, f"no input {field_id}"
    return found.group(0)


def outside_details(html: str) -> str:
    """The page as read without opening any "How is this worked out?"."""
    return re.sub(r'<details class="how">.*?</details>', "", html, flags=re.DOTALL)


def hurt(client: TestClient, when: str) -> str:
    data = {"what_happened": "Left out", "kind": "neglect", "occurred_on": when}
    response = client.post("/tools/hurt-inventory", data=data)
    assert response.status_code == 422
    return response.text


# --- a mistyped date stays where it was typed ---------------------------------------------------


def test_a_date_that_is_not_on_the_calendar_stays_in_its_box_as_typed(client: TestClient) -> None:
    html = hurt(client, "2026-02-30")
    box = input_tag(html, "f-occurred_on")
    # a date box would be emptied by the browser; a text box keeps what was typed
    assert 'type="text"' in box and 'value="2026-02-30"' in box
    assert field_error(html, "f-occurred_on") == (
        "When it happened must be a date, like 2026-03-14 (you typed “2026-02-30”)."
    )
    assert 'value="Left out"' in html or ">Left out</textarea>" in html


def test_words_typed_for_a_date_stay_too(client: TestClient) -> None:
    box = input_tag(hurt(client, "last spring"), "f-occurred_on")
    assert 'type="text"' in box and 'value="last spring"' in box


def test_a_real_date_out_of_range_keeps_its_date_picker(client: TestClient) -> None:
    html = hurt(client, "1850-06-01")
    box = input_tag(html, "f-occurred_on")
    assert 'type="date"' in box and 'value="1850-06-01"' in box and 'min="1900-01-01"' in box
    assert field_error(html, "f-occurred_on") == (
        "When it happened must be on or after Monday 1 January 1900."
    )


# --- one date style in messages -----------------------------------------------------------------


def test_date_limits_are_said_the_way_the_pages_say_dates(client: TestClient) -> None:
    sam = client.post("/circle", data={"name": "Sam", "kind": "friend"}, follow_redirects=False)
    assert sam.status_code == 303
    person = people.find_person(store_of(client), "Sam").id
    far = (TODAY + dt.timedelta(days=TEN_YEARS + 1)).isoformat()
    data = {"made_by": "them", "text": "Pay me back", "due_on": far}
    html = client.post(f"/circle/{person}/promises", data=data).text
    latest = full_day_words(TODAY + dt.timedelta(days=TEN_YEARS))
    assert field_error(html, "p-due_on") == f"The date it is due must be on or before {latest}."
    past = client.post("/tools/self-promises", data={"text": "Rest", "due_on": "2026-03-13"}).text
    assert field_error(past, "f-due_on") == "The date it is due cannot be in the past."


def test_the_command_line_says_dates_in_words_too(cli: Invoke) -> None:
    past = cli("promise", "add", "--text", "Rest", "--due", "2001-01-01")
    assert past.exit_code == 2 and "The date it is due cannot be in the past." in past.stderr
    far = cli("habit", "add", "--day", "1999-01-01", "--sleep", "7")
    assert far.exit_code == 2
    assert re.search(r"The day must be on or after \w+day \d+ \w+ \d{4}\.", far.stderr)
    assert not ISO.search(far.stderr)
    typo = cli("promise", "add", "--text", "Rest", "--due", "tomorow")
    today = dt.datetime.now(dt.UTC).astimezone().date().isoformat()  # the one ISO date: an example
    assert f"The date it is due must be a date, like {today} (you typed “tomorow”)." in typo.stderr


# --- the mindful pause speaks of minutes --------------------------------------------------------


def test_a_pause_out_of_range_is_told_in_minutes(client: TestClient, cli: Invoke) -> None:
    refused = client.post("/tools/mindful-pause", data={"seconds": "5"})
    message = field_error(refused.text, "f-seconds")
    assert message == (
        "How long you paused must be a length of time between 10 seconds and 60 minutes."
    )
    short = cli("pause", "--minutes", "0.1")
    assert short.exit_code == 2
    assert "A pause can be from 10 seconds to 60 minutes long." in short.stderr


# --- the safety self-check says what its score means ---------------------------------------------


def test_the_self_check_page_says_what_a_score_out_of_100_means(client: TestClient) -> None:
    fields = tool_specs()["safety_selfcheck"].fields
    saved = client.post("/tools/safety-selfcheck", data={f.name: "1" for f in fields})
    assert saved.status_code in (200, 303)
    page = client.get("/tools/safety-selfcheck").text
    assert "/100" not in page
    assert "Score 75 out of 100" in page and "The higher it is, the less often" in page
    missing = client.post("/tools/safety-selfcheck", data={f.name: "1" for f in fields[:-1]})
    assert "Statement 10 of 10" in missing.text
    assert field_error(missing.text, f"f-{fields[-1].name}") == (
        "Please choose how often statement 10 is true for you."
    )


# --- trust estimates and gut checks in plain words ----------------------------------------------


def _sam_with_moments(store: Store, now: dt.datetime = NOW) -> int:
    people.add_person(store, {"name": "Sam", "kind": "friend"}, now)
    for direction, weight in (("positive", "major"), ("positive", "significant"),
                              ("negative", "small")):  # fmt: skip
        raw = {"person": "Sam", "dimension": "keeps_promises", "direction": direction,
               "weight": weight, "occurred_on": now.astimezone().date().isoformat()}  # fmt: skip
        people.add_evidence(store, raw, now)
    return people.find_person(store, "Sam").id


def _hunches(store: Store, person: str, results: list[bool]) -> None:
    for came_true in results:
        saved = relating.add_gut_check(
            store, {"person": person, "sense": "x", "confidence": 90}, NOW
        )
        relating.resolve_gut_check(store, saved.record.id, {"came_true": came_true}, NOW)


JARGON = ("Brier", "80% range", "of 2 needed", "points")


def test_the_person_page_speaks_plainly_and_keeps_the_numbers_folded(client: TestClient) -> None:
    sam = _sam_with_moments(store_of(client))
    _hunches(store_of(client), "Sam", [True, True, True, False, True])
    html = client.get(f"/circle/{sam}").text
    read = outside_details(html)
    for word in JARGON:
        assert word not in read, word
    assert "The evidence so far leans positive: likely between" in read
    assert "Not enough noted yet: 2 more moments would start to show which way it leans." in read
    assert "raised it a lot" in read
    assert "Your hunches came true 4 times out of 5." in read
    how = html[html.index('<details class="how">') :]
    assert "How is this worked out?" in how and "Best guess:" in how and "out of 100" in how
    assert re.search(r"Brier score: \d\.\d\d\.", html)
    assert re.search(r": up \d+ out of 100</li>", html)


def test_the_circle_and_gut_pages_speak_plainly(client: TestClient) -> None:
    _sam_with_moments(store_of(client))
    _hunches(store_of(client), "Sam", [True, False])
    circle = outside_details(client.get("/circle").text)
    gut = client.get("/gut").text
    for word in JARGON:
        assert word not in circle and word not in outside_details(gut), word
    assert "Not enough yet: 3 more hunches to go" in circle
    assert "1 of 2 came true" in gut


def test_the_command_line_person_page_speaks_plainly(cli: Invoke, store: Store) -> None:
    _sam_with_moments(store, dt.datetime.now(dt.UTC))  # the command line reads the real clock
    out = ok(cli("person", "show", "Sam"))
    for word in JARGON:
        assert word not in out, word
    assert "The evidence so far leans positive: likely between" in out
    assert "built trust (major), which raised it a lot" in out
    assert "The numbers behind these estimates: trustbridge person show Sam --json" in out
    data = json.loads(ok(cli("person", "show", "Sam", "--json")))
    numbers = data["estimates"]["keeps_promises"]
    assert 0 < numbers["low"] < numbers["mean"] < numbers["high"] < 1
    assert numbers["description"].startswith("The evidence so far leans positive")


def test_the_command_line_gut_calibration_speaks_plainly(cli: Invoke, store: Store) -> None:
    people.add_person(store, {"name": "Sam", "kind": "friend"}, NOW)
    _hunches(store, "Sam", [True, True, False, True, True, True])
    out = ok(cli("gut", "calibration"))
    assert "Brier score:" not in out and "check(s)" not in out
    assert "All gut checks: 5 of 6 came true." in out
    assert "Your hunches came true 5 times out of 6." in out
    data = json.loads(ok(cli("gut", "calibration", "--json")))
    assert data["overall"]["came_true"] == 5 and data["overall"]["brier"] is not None


# --- counts agree with their nouns --------------------------------------------------------------


@pytest.mark.parametrize(("weeks", "words"), [("1", "last 1 week yet"), ("2", "last 2 weeks yet")])
def test_a_count_of_one_is_singular(cli: Invoke, weeks: str, words: str) -> None:
    assert words in ok(cli("balance", "report", "--weeks", weeks))


# --- asking again at the terminal ---------------------------------------------------------------


def test_a_bad_answer_at_the_terminal_is_told_once_in_a_sentence(
    cli: Invoke, terminal: None
) -> None:
    """Needs ``cli/forms.py`` to print the field's message as it is (see the report)."""
    result = cli("hurt", "add", "--what-happened", "Forgotten", input="\n1850-01-01\n\n4\n\n\n")
    assert "When it happened must be on or after Monday 1 January 1900." in result.stderr
    assert "When (roughly) When" not in result.stderr
