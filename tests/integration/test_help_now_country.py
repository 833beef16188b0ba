"""Help now finds your country: chosen once (a GET form), remembered in a cookie, shown first.

The rest of the helplines stay on the page, folded. Nothing needs the store: the choice works
while the store is locked, and every helpline comes from crisis.yaml, offline.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.integration.support import NOW
from trustbridge.config import load_settings
from trustbridge.content import load_crisis
from trustbridge.services import security
from trustbridge.web.app import create_app
from trustbridge.web.deps import get_now
from trustbridge.web.routes_help import COUNTRY_COOKIE

PASSPHRASE = "a long enough passphrase"


def first_part(html: str) -> str:
    """The page up to the folded helplines of other countries."""
    return html.split("Helplines in other countries", 1)[0]


def test_without_a_choice_every_helpline_is_listed_with_a_way_to_choose(
    client: TestClient,
) -> None:
    page = client.get("/help-now")
    assert page.status_code == 200
    assert '<form class="country-form" method="get" action="/help-now' in page.text
    assert '<select id="country" name="country">' in page.text
    for line in load_crisis().helplines:
        assert line.name.replace("&", "&amp;") in page.text
    assert "Helplines in other countries" not in page.text


def test_a_chosen_country_comes_first_and_the_rest_are_one_tap_away(client: TestClient) -> None:
    page = client.get("/help-now", params={"country": "gb"})
    assert page.status_code == 200
    assert page.cookies.get(COUNTRY_COOKIE) == "GB"
    first = first_part(page.text)
    assert "Samaritans" in first and "Shout" in first and "findahelpline.com" in first
    assert "988 Suicide" not in first and "TelefonSeelsorge" not in first
    assert re.search(r"<details class=\"fold\">\s*<summary>Helplines in other countries", page.text)
    folded = page.text.split("Helplines in other countries", 1)[1]
    assert "988 Suicide" in folded and "TelefonSeelsorge" in folded
    assert "In United Kingdom:" in page.text and 'href="tel:999"' in first
    assert '<option value="GB" selected>United Kingdom</option>' in page.text


def test_the_choice_is_remembered_and_can_be_undone(client: TestClient) -> None:
    client.get("/help-now", params={"country": "DE"})
    again = client.get("/help-now")  # the cookie, not the address, says Germany now
    assert "TelefonSeelsorge" in first_part(again.text)
    assert "Samaritans" not in first_part(again.text)
    cleared = client.get("/help-now", params={"country": ""})
    assert "Helplines in other countries" not in cleared.text
    assert "Helplines in other countries" not in client.get("/help-now").text


def test_an_unknown_country_shows_everything(client: TestClient) -> None:
    page = client.get("/help-now", params={"country": "<script>"})
    assert page.status_code == 200 and "<script>" not in page.text
    assert "Helplines in other countries" not in page.text


def test_the_choice_works_while_the_store_is_locked(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "locked")
    security.create(settings, PASSPHRASE)
    web = create_app(settings)
    web.dependency_overrides[get_now] = lambda: NOW
    with TestClient(web) as locked:
        assert locked.get("/", follow_redirects=False).status_code in (303, 401)
        page = locked.get("/help-now", params={"country": "NZ"})
        assert page.status_code == 200
        assert "In New Zealand:" in page.text and "1737" in first_part(page.text)


def test_crisis_support_after_saving_brings_the_chosen_country_first(client: TestClient) -> None:
    client.get("/help-now", params={"country": "IE"})
    saved = client.post(
        "/tools/journal",
        data={"title": "", "body": "I want to end my life."},
        headers={"HX-Request": "true"},
    )
    assert "You do not have to carry this alone" in saved.text
    care = saved.text.split("You do not have to carry this alone", 1)[1]
    assert "Samaritans Ireland" in first_part(care) and "988" not in first_part(care)
    assert "988" in care.split("Helplines in other countries", 1)[1]
