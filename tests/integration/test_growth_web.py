"""Stage 8 on the web: every page, each form's save, a kept ritual, a review, 422 with input kept."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import NOW, store_of
from trustbridge.services import growth

TODAY = NOW.date().isoformat()
PAGES = ["/partner-checkins", "/rituals", "/appreciation", "/goals", "/wins"]


@pytest.mark.parametrize("path", PAGES)
def test_empty_pages(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and "Stage" in page.text


def test_saves_and_lists(client: TestClient) -> None:
    posts = [
        ("/partner-checkins", {"held_on": TODAY, "went_well": "We laughed"}, "We laughed"),
        (
            "/appreciation",
            {"what": "Made me tea", "said_out_loud": "yes", "noted_on": TODAY},
            "Made me tea",
        ),
        ("/goals", {"goal": "Cook together"}, "Cook together"),
        (
            "/wins",
            {"what": "Stayed calm", "kind": "trigger_grace", "happened_on": TODAY},
            "Stayed calm",
        ),
        ("/rituals", {"name": "Evening walk", "cadence": "daily"}, "Evening walk"),
    ]
    for path, data, shown in posts:
        data = {k: v for k, v in data.items() if v}
        response = client.post(path, data=data, follow_redirects=False)
        assert response.status_code == 303, (path, response.text[:500])
        page = client.get(response.headers["location"])
        assert shown in page.text and "Saved" in page.text


def test_ritual_kept_once(client: TestClient) -> None:
    client.post("/rituals", data={"name": "Tea", "cadence": "daily"})
    first = client.post("/rituals/1/kept", data={}, follow_redirects=True)
    assert "kept 1 of 1 day so far" in first.text.lower()
    again = client.post("/rituals/1/kept", data={}, follow_redirects=True)
    assert "already marked" in again.text


def test_goal_review_and_bad_input(client: TestClient) -> None:
    client.post("/goals", data={"goal": "Save for a trip"})
    done = client.post("/goals/1/reviews", data={"reviewed_on": TODAY, "still_ours": "yes", "progress": "Halfway"},
                       follow_redirects=True)  # fmt: skip
    assert "Halfway" in done.text
    bad = client.post(
        "/wins", data={"what": "Calm", "kind": "other", "source": "goal:99", "happened_on": TODAY}
    )
    assert bad.status_code == 422 and "no goal number 99" in bad.text and "Calm" in bad.text


def test_delete_removes(client: TestClient) -> None:
    client.post("/wins", data={"what": "Calm", "kind": "other", "happened_on": TODAY})
    client.post("/growth/win/1/delete", data={})
    assert growth.wins(store_of(client)) == []
