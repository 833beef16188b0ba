"""The stage 5-7 pages through the web: every page on an empty and a filled store, every form's
save, and the bad input that must come back with a message by its field and nothing stored."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, store_of
from trustbridge.services import boundaries, people, relating
from trustbridge.store import models as m
from trustbridge.store.db import Store

PAGES = ["/circle", "/ladder", "/gut", "/boundaries", "/balance"]
CRISIS = "Everyone would be better off without me."


def add_person(client: TestClient, name: str = "Sam", kind: str = "friend") -> int:
    response = client.post("/circle", data={"name": name, "kind": kind}, follow_redirects=False)
    assert response.status_code == 303
    return people.find_person(store_of(client), name).id


def count(store: Store, model: type[m.Record]) -> int:
    with store.sessions() as session:
        return len(list(session.query(model)))


def fill(client: TestClient) -> int:
    """A store with something in every stage 5-7 tool; returns the first person's number."""
    sam = add_person(client)
    ana = add_person(client, "Ana", "family")
    posts = [
        ("/circle/evidence", {"person": str(ana), "dimension": "validates_feelings",
                              "direction": "positive", "weight": "small",
                              "occurred_on": "2026-03-14"}),
        (f"/circle/{sam}/evidence", {"dimension": "keeps_promises", "direction": "negative",
                                     "weight": "major", "occurred_on": "2026-03-14",
                                     "note": "Forgot my birthday dinner"}),
        ("/ladder", {"person": str(sam), "action": "Say I felt left out", "risk": "30"}),
        ("/ladder", {"person": str(ana), "action": "Ask for a call", "risk": "10"}),
        ("/ladder/1/reflect", {"response": "supportive", "done_on": "2026-03-14"}),
        (f"/circle/{sam}/promises", {"made_by": "them", "text": "Return the book",
                                     "due_on": "2026-03-20"}),
        (f"/circle/{sam}/promises", {"made_by": "me", "text": "Call on Sunday",
                                     "due_on": "2026-03-15"}),
        (f"/circle/{sam}/bridge", {"what_broke": "Plans fell through", "cadence_days": "14"}),
        ("/gut", {"person": str(sam), "sense": "He will be on time", "confidence": "80"}),
        (f"/circle/{sam}/gut", {"sense": "He will call back", "confidence": "60"}),
        ("/gut/1/resolve", {"came_true": "no", "what_happened": "Twenty minutes late"}),
        ("/boundaries", {"statement": "No calls after nine", "kind": "time",
                         "non_negotiable": "on", "review_on": "2026-03-01"}),
        ("/boundaries/events", {"boundary_id": "1", "person": str(ana), "outcome": "respected",
                                "occurred_on": "2026-03-14"}),
        ("/boundaries/i-statements", {"boundary_id": "1", "feel": "tense",
                                      "when": "the phone rings late", "need": "quiet evenings"}),
        ("/balance", {"day": "2026-03-13", "alone_minutes": "90", "connected_minutes": "60",
                      "closeness_met": "on"}),
    ]  # fmt: skip
    for path, data in posts:
        response = client.post(path, data=data, follow_redirects=False)
        assert response.status_code == 303, (path, response.text[:2000])
    return sam


# --- every page ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_on_an_empty_store(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert 'href="/help-now"' in response.text and "<h1>" in response.text


@pytest.mark.parametrize("path", [*PAGES, "/circle/1", "/circle/2"])
def test_every_page_opens_on_a_filled_store(client: TestClient, path: str) -> None:
    fill(client)
    response = client.get(path)
    assert response.status_code == 200
    assert "Something went wrong" not in response.text


def test_filled_pages_show_what_was_saved(client: TestClient) -> None:
    sam = fill(client)
    circle = client.get("/circle").text
    assert f'href="/circle/{sam}"' in circle and "Family" in circle and "Friend" in circle
    person = client.get(f"/circle/{sam}").text
    for text in ("Forgot my birthday dinner", "Return the book", "Call on Sunday",
                 "Say I felt left out", "Plans fell through", "He will call back"):  # fmt: skip
        assert text in person
    ladder = client.get("/ladder").text
    assert "Ask for a call" in ladder and "Steps you have taken" in ladder
    gut = client.get("/gut").text
    assert (
        "Not enough yet: 4 more hunches to go" in gut
        and "Brier score: 0.64." in gut
        and "He will call back" in gut
    )
    bounds = client.get("/boundaries").text
    assert "Respected 1 time" in bounds and "Review due" in bounds
    assert "I feel tense when the phone rings late. I need quiet evenings." in bounds
    assert "1 h 30 min" in client.get("/balance").text


def test_unknown_person_page_is_a_friendly_404(client: TestClient) -> None:
    response = client.get("/circle/42")
    assert response.status_code == 404 and "We could not find that page" in response.text


# --- saving every form ---------------------------------------------------------------------


def test_adding_a_person_redirects_to_the_circle_with_a_confirmation(client: TestClient) -> None:
    response = client.post("/circle", data={"name": "Rae", "kind": "partner",
                                            "support": "Listens"}, follow_redirects=False)  # fmt: skip
    assert response.headers["location"] == "/circle?saved=person#people-title"
    html = client.get(response.headers["location"]).text
    assert "Added to your circle" in html and ">Rae</a>" in html and "Partner" in html


def test_every_form_saves_what_it_says(client: TestClient) -> None:
    sam = fill(client)
    store = store_of(client)
    page = people.person_page(store, sam, NOW)
    assert {p.text for p in page.promises} == {"Return the book", "Call on Sunday"}
    assert page.bridge is not None and page.bridge.cadence_days == 14
    assert page.bridge.next_checkin_on is not None  # worked out from the cadence
    assert {c.sense for c in page.gut_checks} == {"He will be on time", "He will call back"}
    assert sorted(r.action for r in page.rungs) == ["Say I felt left out"]
    assert [r.response for r, _ in relating.rungs(store) if r.done_on] == ["supportive"]
    [view] = boundaries.boundaries(store, NOW)
    assert view.boundary.non_negotiable and view.respected == 1
    [statement] = boundaries.i_statements(store)
    assert statement.boundary_id == 1
    assert count(store, m.BalanceLog) == 1 and count(store, m.EvidenceEvent) == 4


@pytest.mark.parametrize("outcome", ["kept", "broken", "renegotiated"])
def test_settling_a_promise_they_made_becomes_evidence(client: TestClient, outcome: str) -> None:
    sam = add_person(client)
    client.post(f"/circle/{sam}/promises", data={"made_by": "them", "text": "Bring the tent",
                                                 "due_on": "2026-03-14"})  # fmt: skip
    response = client.post(f"/circle/{sam}/promises/1/settle", data={"outcome": outcome},
                           follow_redirects=False)  # fmt: skip
    assert response.headers["location"] == f"/circle/{sam}?saved=settled#promise-title"
    page = people.person_page(store_of(client), sam, NOW)
    assert page.promises[0].status == outcome
    [event] = page.recent
    assert event.dimension == "keeps_promises" and event.positive == (outcome != "broken")
    assert "From a promise" in client.get(f"/circle/{sam}").text


def test_settling_with_an_unknown_outcome_is_refused(client: TestClient) -> None:
    sam = add_person(client)
    client.post(f"/circle/{sam}/promises", data={"made_by": "me", "text": "Walk",
                                                 "due_on": "2026-03-14"})  # fmt: skip
    response = client.post(f"/circle/{sam}/promises/1/settle", data={"outcome": "maybe"})
    assert response.status_code == 400
    assert people.person_page(store_of(client), sam, NOW).promises[0].status == "open"


def test_archive_and_bring_back(client: TestClient) -> None:
    sam = add_person(client)
    response = client.post(f"/circle/{sam}/archive", follow_redirects=False)
    assert response.headers["location"] == "/circle?saved=archived"
    html = client.get("/circle?saved=archived").text
    assert "Moved to the archive" in html and f'action="/circle/{sam}/unarchive"' in html
    assert f'<option value="{sam}"' not in html  # archived people leave the "who" lists
    response = client.post(f"/circle/{sam}/unarchive", follow_redirects=False)
    assert response.headers["location"] == f"/circle/{sam}?saved=unarchived"
    assert f'<option value="{sam}"' in client.get("/circle").text


def test_removing_a_logged_moment(client: TestClient) -> None:
    sam = fill(client)
    page = people.person_page(store_of(client), sam, NOW)
    manual = next(e for e in page.recent if e.source == "manual")
    response = client.post(f"/circle/{sam}/evidence/{manual.id}/delete", follow_redirects=False)
    assert response.status_code == 303
    assert "Forgot my birthday dinner" not in client.get(response.headers["location"]).text


def test_gut_check_resolved_from_the_person_page(client: TestClient) -> None:
    sam = add_person(client)
    client.post(f"/circle/{sam}/gut", data={"sense": "She will text back", "confidence": "70"})
    response = client.post(f"/circle/{sam}/gut/1/resolve", data={"came_true": "yes"},
                           follow_redirects=False)  # fmt: skip
    assert response.headers["location"] == f"/circle/{sam}?saved=resolved#gut-title"
    overall = relating.gut_calibration(store_of(client)).overall
    assert overall.count == 1 and overall.brier == pytest.approx(0.09)


def test_ladder_suggestion_has_its_reason_and_prefills_the_plan(client: TestClient) -> None:
    sam = add_person(client)
    html = client.get("/ladder").text
    suggestion = relating.next_step(store_of(client), NOW)
    assert suggestion.suggestion.reason in html.replace("&#39;", "'")
    assert f'href="/ladder?person={sam}&amp;risk={suggestion.suggestion.risk}#plan-title"' in html
    planned = client.get(f"/ladder?person={sam}&risk=10").text
    assert f'<option value="{sam}" selected>Sam</option>' in planned and 'value="10"' in planned


def test_reflecting_a_rung_counts_as_openness_evidence(client: TestClient) -> None:
    sam = add_person(client)
    client.post("/ladder", data={"person": str(sam), "action": "Share a worry", "risk": "20"})
    response = client.post("/ladder/1/reflect", data={"response": "hurtful", "done_on":
                           "2026-03-14", "learned": "Not with them, for now"},
                           follow_redirects=False)  # fmt: skip
    assert response.headers["location"] == "/ladder?saved=reflected#done-title"
    html = client.get("/ladder?saved=reflected").text
    assert "Not with them, for now" in html and "hurtful" in html
    [event] = people.person_page(store_of(client), sam, NOW).recent
    assert event.dimension == "responds_to_openness" and not event.positive


def test_i_statement_on_its_own_and_its_live_preview_hook(client: TestClient) -> None:
    html = client.get("/boundaries").text
    assert "data-istatement" in html and "data-istatement-preview" in html
    assert "<script>" not in html and "onclick" not in html  # no inline script under the CSP
    client.post("/boundaries/i-statements", data={"feel": "hurt.", "when": "I am interrupted",
                                                  "because": "it matters", "need": "a turn"})  # fmt: skip
    [statement] = boundaries.i_statements(store_of(client))
    assert statement.boundary_id is None
    assert (
        "I feel hurt when I am interrupted because it matters. I need a turn."
        in client.get("/boundaries").text
    )


def test_boundary_links_start_the_builder_and_event_form_on_that_boundary(
    client: TestClient,
) -> None:
    client.post("/boundaries", data={"statement": "No lending money", "kind": "material"})
    html = client.get("/boundaries?say=1").text
    builder = html[html.index('id="istatement-title"') : html.index('id="events-title"')]
    assert '<option value="1" selected>No lending money</option>' in builder
    html = client.get("/boundaries?event=1").text
    events = html[html.index('id="events-title"') :]
    assert '<option value="1" selected>No lending money</option>' in events


def test_htmx_save_returns_the_page_content_with_its_confirmation(client: TestClient) -> None:
    sam = add_person(client)
    response = client.post(f"/circle/{sam}/evidence", headers=HTMX, data={
        "dimension": "validates_feelings", "direction": "positive", "weight": "small",
        "occurred_on": "2026-03-14"})  # fmt: skip
    assert response.status_code == 200 and "<html" not in response.text
    assert "The moment is logged" in response.text
    balance = client.post("/balance", headers=HTMX, data={"day": "2026-03-14",
                          "alone_minutes": "30", "connected_minutes": "200"})  # fmt: skip
    assert balance.status_code == 200 and "Your day is logged" in balance.text


# --- bad input: a message by the field, input kept, nothing stored -------------------------


def field_error(html: str, field_id: str, message: str) -> None:
    """The message sits in the field's own error paragraph, and the input points at it."""
    assert "Not saved yet. Everything you typed is still here." in html
    found = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
    assert found is not None and message in found.group(1).replace("&#39;", "'")
    tag = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{field_id}"[^>]*>', html)
    assert tag is not None and 'aria-invalid="true"' in tag.group()


def test_unknown_person_is_named_by_the_who_field(client: TestClient) -> None:
    add_person(client)
    response = client.post("/circle/evidence", data={
        "person": "42", "dimension": "keeps_promises", "direction": "positive",
        "weight": "significant", "occurred_on": "2026-03-14", "note": "Kept the date"})  # fmt: skip
    assert response.status_code == 422
    field_error(response.text, "e-person", "There is no one called '42' in your circle yet")
    assert '<option value="42" selected>42 (not in the list)</option>' in response.text
    assert ">Kept the date</textarea>" in response.text
    assert 'value="significant" checked' in response.text
    assert count(store_of(client), m.EvidenceEvent) == 0


def test_unknown_person_typed_by_name_is_kept_too(client: TestClient) -> None:
    response = client.post("/gut", data={"person": "Morgan", "sense": "x", "confidence": "70"})
    assert response.status_code == 422
    field_error(response.text, "g-person", "There is no one called 'Morgan'")
    assert "Morgan (not in the list)" in response.text
    assert count(store_of(client), m.GutCheck) == 0


@pytest.mark.parametrize("where", ["/gut", "/circle/1/gut"])
def test_confidence_of_120_percent_is_refused(client: TestClient, where: str) -> None:
    sam = add_person(client)
    data = {"person": str(sam), "sense": "She will call", "confidence": "120"}
    response = client.post(where, data=data)
    assert response.status_code == 422
    field_error(
        response.text, "g-confidence", "How sure you are must be a whole number between 50 and 100."
    )
    assert 'value="120"' in response.text and 'value="She will call"' in response.text
    assert count(store_of(client), m.GutCheck) == 0


def test_rung_with_no_person_is_refused(client: TestClient) -> None:
    add_person(client)
    response = client.post("/ladder", data={"action": "Tell them I was hurt", "risk": "40"})
    assert response.status_code == 422
    field_error(response.text, "l-person", "Please fill in who it is with.")
    assert ">Tell them I was hurt</textarea>" in response.text and 'value="40"' in response.text
    assert count(store_of(client), m.LadderRung) == 0


def test_rung_with_no_one_in_the_circle_says_how_to_add_someone(client: TestClient) -> None:
    response = client.post("/ladder", data={"action": "Ask for help", "risk": "10"})
    assert response.status_code == 422
    assert 'href="/circle#person-title">Add someone to your circle</a>' in response.text


def test_evidence_dated_before_the_person_was_added_is_refused(client: TestClient) -> None:
    sam = add_person(client)
    response = client.post(f"/circle/{sam}/evidence", data={
        "dimension": "respects_boundaries", "direction": "negative", "weight": "small",
        "occurred_on": "2026-03-01", "note": "Read my messages"})  # fmt: skip
    assert response.status_code == 422
    field_error(
        response.text,
        "e-occurred_on",
        "That date is before Sam was added, on Saturday 14 March 2026.",
    )
    assert 'value="2026-03-01"' in response.text and ">Read my messages</textarea>" in response.text
    assert count(store_of(client), m.EvidenceEvent) == 0


def test_reflection_and_boundary_event_dated_before_the_person_was_added(
    client: TestClient,
) -> None:
    sam = add_person(client)
    client.post("/ladder", data={"person": str(sam), "action": "Share a worry", "risk": "20"})
    response = client.post("/ladder/1/reflect", data={"response": "supportive",
                                                      "done_on": "2026-02-01"})  # fmt: skip
    assert response.status_code == 422
    field_error(response.text, "d1-done_on", "That date is before Sam was added")
    assert re.search(r'<details class="note" open>\s*<summary>I did it', response.text)
    client.post("/boundaries", data={"statement": "No shouting", "kind": "emotional"})
    response = client.post("/boundaries/events", data={"boundary_id": "1", "person": str(sam),
                           "outcome": "crossed", "occurred_on": "2026-01-05"})  # fmt: skip
    assert response.status_code == 422
    field_error(response.text, "v-occurred_on", "That date is before Sam was added")
    store = store_of(client)
    assert count(store, m.EvidenceEvent) == 0 and count(store, m.BoundaryEvent) == 0
    assert relating.rungs(store)[0][0].done_on is None


def test_other_refusals_keep_the_form(client: TestClient) -> None:
    sam = add_person(client)
    bad = [
        ("/circle", {"name": "sam", "kind": "friend"}, "n-name", "already has that name"),
        (f"/circle/{sam}/promises", {"made_by": "them", "text": "Pay back"}, "p-due_on",
         "Please fill in the date it is due."),
        (f"/circle/{sam}/bridge", {"cadence_days": "0", "what_broke": "Trust"}, "b-cadence_days",
         "How many days apart you check in must be a whole number between 1 and 365."),
        ("/boundaries/events", {"boundary_id": "9", "person": str(sam), "outcome": "crossed",
                                "occurred_on": "2026-03-14"}, "", "There is no boundary number 9"),
        ("/boundaries/i-statements", {"feel": "sad", "when": "you leave"}, "s-need",
         "Please fill in the “I need” part."),
        ("/balance", {"day": "2026-03-14", "alone_minutes": "2000", "connected_minutes": "5"},
         "a-alone_minutes", "Your minutes alone must be a whole number between 0 and 1,440."),
    ]  # fmt: skip
    for path, data, field_id, message in bad:
        response = client.post(path, data=data)
        assert response.status_code == 422, path
        if field_id:
            field_error(response.text, field_id, message)
        else:
            assert message in response.text
    store = store_of(client)
    assert count(store, m.Person) == 1 and count(store, m.SelfPromise) == 0
    assert count(store, m.BridgePlan) == 0 and count(store, m.IStatement) == 0
    assert count(store, m.BalanceLog) == 0


def test_i_statement_refused_shows_the_sentence_so_far(client: TestClient) -> None:
    response = client.post("/boundaries/i-statements", data={"feel": "sad", "when": "you leave"})
    assert "I feel sad when you leave. I need …." in response.text


def test_resolving_without_an_answer_opens_that_check_with_the_message(client: TestClient) -> None:
    sam = add_person(client)
    client.post("/gut", data={"person": str(sam), "sense": "He will come", "confidence": "90"})
    response = client.post("/gut/1/resolve", data={"what_happened": "Not sure yet"})
    assert response.status_code == 422
    assert "Please choose whether it turned out as you sensed." in response.text
    assert re.search(r'<details class="note" open>\s*<summary>How did it turn out', response.text)
    assert ">Not sure yet</textarea>" in response.text
    assert relating.gut_calibration(store_of(client)).overall.count == 0


def test_a_large_circle_shows_a_page_of_people_and_a_link_to_the_next(client: TestClient) -> None:
    store = store_of(client)
    with store.session() as session:
        session.add_all(
            m.Person(created_at=NOW, name=f"Person {n:03}", kind="friend") for n in range(230)
        )
    page = client.get("/circle").text
    assert page.count('class="person-card"') == 100
    assert "Showing the 100 people you added most recently, of 230." in page
    assert re.search(r'href="/circle\?show=200#person-\d+">Show 100 more</a>', page)
    page = client.get("/circle?show=200").text
    link = re.search(r'href="(/circle\?show=230#person-\d+)">Show the rest</a>', page)
    assert link is not None
    rest = client.get(link.group(1)).text
    assert rest.count('class="person-card"') == 230 and "Showing the" not in rest
    assert client.get("/circle?show=0").status_code == 404  # as any address that makes no sense
