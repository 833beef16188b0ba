"""A person's page through the web: estimates that move with evidence, what moved them, deleting
someone with everything about them, crisis support after a save, and the links from the program."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, store_of
from trustbridge.domain import trust
from trustbridge.services import boundaries, people, relating
from trustbridge.services.base import NotFound

CRISIS = "Everyone would be better off without me."


def add_person(client: TestClient, name: str = "Sam") -> int:
    client.post("/circle", data={"name": name, "kind": "friend"})
    return people.find_person(store_of(client), name).id


def log(client: TestClient, person: int, dimension: str, direction: str, **extra: str) -> None:
    data = {"dimension": dimension, "direction": direction, "weight": "significant",
            "occurred_on": "2026-03-14", **extra}  # fmt: skip
    response = client.post(f"/circle/{person}/evidence", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text[:1000]


def block(html: str, name: str) -> str:
    """The estimate card whose heading starts with ``name``."""
    start = html.index(f"<h3>{name}")
    return html[start : html.index("</li>", start) if "</li>" in html[start:] else None]


def test_estimates_change_as_evidence_is_added(client: TestClient) -> None:
    sam = add_person(client)
    before = client.get(f"/circle/{sam}").text
    assert "Not enough noted yet: 2 more moments" in block(before, "Keeps promises")
    assert 'class="range-bar is-empty"' in block(before, "Keeps promises")
    assert "Nothing noted about Sam yet" in before

    log(client, sam, "keeps_promises", "positive", note="Came to help me move")
    log(client, sam, "keeps_promises", "positive")
    after = client.get(f"/circle/{sam}").text
    kept = block(after, "Keeps promises")
    expected = people.person_page(store_of(client), sam, NOW).estimates["keeps_promises"]
    assert expected.enough and trust.describe(expected) in unescape(kept)
    assert "Not enough noted yet" not in kept
    # the 80% range is drawn as a band with a line at the best guess
    band = re.search(r'<rect class="band" x="([\d.]+)" y="1" width="([\d.]+)"', kept)
    mark = re.search(r'<line class="mark" x1="([\d.]+)"', kept)
    assert band is not None and mark is not None
    low, width, mean = float(band.group(1)), float(band.group(2)), float(mark.group(1))
    assert low == pytest.approx(100 * expected.low, abs=0.1)
    assert low + width == pytest.approx(100 * expected.high, abs=0.2)
    assert mean == pytest.approx(100 * expected.mean, abs=0.1)
    assert "Not enough noted yet" in block(after, "Respects boundaries")


def test_explanation_names_the_moments_that_moved_each_estimate(client: TestClient) -> None:
    sam = add_person(client)
    log(client, sam, "validates_feelings", "negative", weight="major", note="Laughed at my fear")
    log(client, sam, "keeps_promises", "positive", weight="small", note="Was on time")
    html = client.get(f"/circle/{sam}").text
    overall = html[html.index("<h3>Overall") : html.index('<ul class="estimate-grid">')]
    first, second = re.findall(r'<li class="(up|down)">', overall)[:2]
    assert (first, second) == ("down", "up")  # the major hurt moved it most
    assert overall.index("Laughed at my fear") < overall.index("Was on time")
    assert "Validates feelings: it cost trust (major)" in overall
    assert "▼ lowered it a lot" in overall and "points" not in overall
    # the number is kept behind "How is this worked out?"
    how = overall[overall.index("How is this worked out?") :]
    assert re.search(
        r"Validates feelings: it cost trust \(major\), [^:]+: down \d+ out of 100", how
    )
    feelings = block(html, "Validates feelings")
    assert "What moved it most" in feelings and "Laughed at my fear" in feelings


def test_a_broken_promise_they_made_lowers_keeps_promises(client: TestClient) -> None:
    sam = add_person(client)
    log(client, sam, "keeps_promises", "positive")
    client.post(f"/circle/{sam}/promises", data={"made_by": "them", "text": "Pay me back",
                                                 "due_on": "2026-03-10"})  # fmt: skip
    mean_before = people.person_page(store_of(client), sam, NOW).estimates["keeps_promises"].mean
    client.post(f"/circle/{sam}/promises/1/settle", data={"outcome": "broken"})
    page = people.person_page(store_of(client), sam, NOW)
    assert page.estimates["keeps_promises"].mean < mean_before
    html = client.get(f"/circle/{sam}").text
    assert "Keeps promises: it cost trust (significant)" in html and "Not kept" in html


def test_delete_names_what_goes_and_removes_their_evidence_everywhere(client: TestClient) -> None:
    sam, ana = add_person(client), add_person(client, "Ana")
    log(client, sam, "keeps_promises", "positive")
    log(client, ana, "keeps_promises", "positive")
    client.post("/ladder", data={"person": str(sam), "action": "Share", "risk": "10"})
    client.post("/ladder/1/reflect", data={"response": "supportive", "done_on": "2026-03-14"})
    client.post(f"/circle/{sam}/promises", data={"made_by": "them", "text": "Call",
                                                 "due_on": "2026-03-14"})  # fmt: skip
    client.post(f"/circle/{sam}/gut", data={"sense": "He will call", "confidence": "70"})
    client.post("/boundaries", data={"statement": "No yelling", "kind": "emotional"})
    client.post("/boundaries/events", data={"boundary_id": "1", "person": str(sam),
                "outcome": "crossed", "occurred_on": "2026-03-14"})  # fmt: skip
    html = client.get(f"/circle/{sam}").text
    confirm = html[html.index("<summary>Delete Sam</summary>") :]
    for part in ("3 logged moments", "1 promise", "1 ladder step", "1 gut check",
                 "any boundary moments noted with them", "Yes, delete Sam and all of this"):  # fmt: skip
        assert part in confirm

    response = client.post(f"/circle/{sam}/delete", follow_redirects=False)
    assert response.headers["location"] == "/circle?saved=deleted"
    store = store_of(client)
    with pytest.raises(NotFound):
        people.find_person(store, sam)
    assert client.get(f"/circle/{sam}").status_code == 404
    assert boundaries.boundary_events(store) == [] and relating.rungs(store) == []
    assert people.person_page(store, ana, NOW).evidence_count == 1  # others keep theirs
    listing = client.get("/circle?saved=deleted").text
    assert "They were removed" in listing and ">Sam</a>" not in listing


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/circle/1/evidence", {"dimension": "validates_feelings", "direction": "negative",
                                "weight": "major", "occurred_on": "2026-03-14", "note": CRISIS}),
        ("/ladder/1/reflect", {"response": "hurtful", "done_on": "2026-03-14",
                               "feeling_after": CRISIS}),
        ("/boundaries/events", {"boundary_id": "1", "person": "1", "outcome": "crossed",
                                "occurred_on": "2026-03-14", "my_response": CRISIS}),
        ("/balance", {"day": "2026-03-14", "alone_minutes": "600", "connected_minutes": "0",
                      "note": CRISIS}),
    ],
)  # fmt: skip
def test_crisis_words_in_a_note_still_save_and_bring_support(
    client: TestClient, path: str, data: dict[str, str]
) -> None:
    add_person(client)
    client.post("/ladder", data={"person": "1", "action": "Say I am struggling", "risk": "50"})
    client.post("/boundaries", data={"statement": "No name calling", "kind": "emotional"})
    response = client.post(path, data=data, follow_redirects=False)
    assert response.status_code == 303 and "care=urgent" in response.headers["location"]
    html = client.get(response.headers["location"]).text
    assert "You do not have to carry this alone" in html
    assert html.index("You do not have to carry this alone") < html.index("Saved, and kept safe")
    assert CRISIS in unescape(html) or path == "/balance"  # the balance note is not shown
    assert len(people.person_page(store_of(client), 1, NOW).recent) == (
        0 if path == "/balance" else 1
    )


def test_crisis_words_through_htmx_show_support_in_the_fragment(client: TestClient) -> None:
    sam = add_person(client)
    response = client.post(f"/circle/{sam}/gut", headers=HTMX,
                           data={"sense": CRISIS, "confidence": "90"})  # fmt: skip
    assert response.status_code == 200 and "<html" not in response.text
    assert "You do not have to carry this alone" in response.text


def test_who_lists_offer_the_circle_by_number(client: TestClient) -> None:
    sam, ana = add_person(client), add_person(client, "Ana")
    client.post("/boundaries", data={"statement": "Quiet Sundays", "kind": "time"})
    for path in ("/circle", "/ladder", "/gut", "/boundaries"):
        html = client.get(path).text
        assert re.search(r'<select id="\w+-person" name="person" required', html), path
        assert f'<option value="{ana}">Ana</option>' in html
        assert f'<option value="{sam}">Sam</option>' in html
        assert html.index(">Ana</option>") < html.index(">Sam</option>")  # A to Z


def test_stage_pages_and_program_map_link_the_new_tools(client: TestClient) -> None:
    for slug in ("vulnerability", "trust", "boundaries", "partnership"):
        html = client.get(f"/stages/{slug}").text
        assert "Coming in a later version." not in html, slug
        assert "is-later" not in html
    trust_stage = client.get("/stages/trust").text
    assert 'href="/circle"' in trust_stage and 'href="/gut"' in trust_stage
    assert 'href="/ladder"' in client.get("/stages/vulnerability").text
    partnership = client.get("/stages/partnership").text
    for href in ("/partner-checkins", "/rituals", "/appreciation", "/goals", "/wins"):
        assert f'href="{href}"' in partnership, href
    support = client.get("/stages/support").text
    for href in ("/support", "/safety-plan", "/help-now"):
        assert f'href="{href}"' in support, href
    home = client.get("/").text
    for href in ("/ladder", "/circle", "/gut", "/boundaries", "/balance", "/rituals"):
        assert f'href="{href}' in home


def test_people_link_in_the_header_marks_the_page(client: TestClient) -> None:
    html = client.get("/circle").text
    assert '<a href="/circle" aria-current="page">People</a>' in html
