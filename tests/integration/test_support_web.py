"""The support map in the browser: the page, adding (HTMX and plain), problems kept, removing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.support import HTMX, store_of
from trustbridge.services import people, support
from trustbridge.services.base import utcnow


def test_empty_page_shows_gentle_gaps(client: TestClient) -> None:
    page = client.get("/support")
    assert page.status_code == 200
    assert "No one on your map yet" in page.text
    assert "No one yet for practical help" in page.text
    assert 'hx-post="/support"' in page.text and 'action="/support"' in page.text


def test_add_plain_and_htmx(client: TestClient) -> None:
    people.add_person(store_of(client), {"name": "Anna", "kind": "friend"}, utcnow())
    plain = client.post(
        "/support",
        data={"name": "Anna", "kind": "person", "person": "1", "helps_with": ["listening"],
              "how_to_reach": "Evenings after seven"},
        follow_redirects=False,
    )  # fmt: skip
    assert plain.status_code == 303 and plain.headers["location"].startswith("/support?saved=")
    page = client.get(plain.headers["location"]).text
    assert "Added to your support map" in page and "Evenings after seven" in page
    assert "No one yet for listening" not in page and "No one yet for advice" in page
    quick = client.post("/support", data={"name": "Walk club", "kind": "group"}, headers=HTMX)
    assert quick.status_code == 200 and "Walk club" in quick.text and "<html" not in quick.text


def test_a_problem_keeps_the_input(client: TestClient) -> None:
    bad = client.post("/support", data={"kind": "coach", "how_to_reach": "Thursdays at noon"})
    assert bad.status_code == 422
    assert "Please fill in their name" in bad.text and "Thursdays at noon" in bad.text
    assert support.support_map(store_of(client)).contacts == []


def test_remove(client: TestClient) -> None:
    client.post("/support", data={"name": "Dr Moss", "kind": "therapist"})
    gone = client.post("/support/1/delete", follow_redirects=False)
    assert gone.status_code == 303
    assert "Removed from your support map" in client.get(gone.headers["location"]).text
    assert support.support_map(store_of(client)).contacts == []
    assert client.post("/support/1/delete").status_code == 404


def test_crisis_words_show_support(client: TestClient) -> None:
    done = client.post(
        "/support", data={"name": "Line", "kind": "other", "how_to_reach": "I want to die"}
    )
    assert done.status_code == 200 and "You do not have to carry this alone" in done.text
