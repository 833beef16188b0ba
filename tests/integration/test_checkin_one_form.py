"""One check-in: Today and the check-in page show the same three-tap form and save it one way.

The check-in page used to show number boxes posting elsewhere; now both pages use the
``_checkin.html`` tiles, post to ``/checkin`` with the same field names, are refused with the
same words, and after saving show the same thanks and summary, each on its own page.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.integration.support import HTMX, store_of
from trustbridge.services import entries

PAGE = "/tools/checkin"


def checkin_form(html: str) -> str:
    found = re.search(r'<form[^>]*action="/checkin".*?</form>', html, re.DOTALL)
    assert found, "no check-in form on the page"
    return found.group()


def controls(form: str) -> set[tuple[str, str, str]]:
    """Each input and text box as (type, name, value), the hidden page marker left out."""
    found = set()
    for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", form):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        kind = attrs.get("type", "textarea")
        if attrs.get("name") != "page":
            found.add((kind, attrs.get("name", ""), attrs.get("value", "")))
    return found


def test_both_pages_show_the_same_three_tap_form(client: TestClient) -> None:
    today, page = checkin_form(client.get("/").text), checkin_form(client.get(PAGE).text)
    assert controls(today) == controls(page)
    assert ("radio", "mood", "4") in controls(page) and ("text", "emotion", "") in controls(page)
    assert 'class="tile"' in page and 'type="number"' not in page
    assert 'name="page" value="/tools/checkin"' in page and 'name="page" value="/"' in today


def test_a_plain_save_on_the_check_in_page_comes_back_to_it(client: TestClient) -> None:
    done = client.post("/checkin", data={"page": PAGE, "mood": "4"}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"].startswith(PAGE + "?saved=")
    shown = client.get(done.headers["location"]).text
    assert "<strong>Saved.</strong> Thank you for checking in" in shown
    assert "Checked in today at" in shown and "(4 of 5)" in shown
    assert shown.count("<strong>Saved") == 1  # said once, by the check-in itself
    assert [c.mood for c in entries.recent(store_of(client), "checkin")] == [4]


def test_a_plain_save_on_today_still_comes_back_to_today(client: TestClient) -> None:
    done = client.post("/checkin", data={"page": "/", "mood": "3"}, follow_redirects=False)
    assert done.headers["location"] == "/?saved=1#checkin"


def test_the_same_refusal_in_the_same_words_on_either_page(client: TestClient) -> None:
    typed = {"mood": "9", "note": "kept as typed"}
    page_answer = client.post("/checkin", data={"page": PAGE, **typed})
    today_answer = client.post("/checkin", data={"page": "/", **typed})
    assert page_answer.status_code == today_answer.status_code == 422
    on_page, on_today = page_answer.text, today_answer.text
    for html in (on_page, on_today):
        assert "Not saved yet" in html and "kept as typed" in html
    said = [re.findall(r'class="field-error"[^>]*>([^<]*)<', h) for h in (on_page, on_today)]
    assert said[0] == said[1] and said[0]
    assert "<h1>Check-in</h1>" in on_page and 'class="tile"' in on_page
    assert entries.recent(store_of(client), "checkin") == []


def test_saving_with_htmx_on_the_check_in_page_shows_it_in_the_list(client: TestClient) -> None:
    saved = client.post("/checkin", data={"page": PAGE, "mood": "5"}, headers=HTMX)
    assert saved.status_code == 200 and "Thank you for checking in" in saved.text
    assert f'href="{PAGE}?another=1#checkin"' in saved.text
    listed = saved.text.split('id="recent-title"', 1)[1]  # the page's list, with it in
    assert f'href="{PAGE}/' in listed
    again = client.get(PAGE, params={"another": "1"})
    assert 'action="/checkin"' in again.text  # the form again, for a second check-in today


def test_crisis_words_bring_support_on_the_check_in_page_too(client: TestClient) -> None:
    data = {"page": PAGE, "mood": "1", "note": "I want to end my life"}
    done = client.post("/checkin", data=data, follow_redirects=False)
    assert "care=urgent" in done.headers["location"]
    shown = client.get(done.headers["location"]).text
    assert "You do not have to carry this alone" in shown


def test_an_unknown_page_goes_back_to_today(client: TestClient) -> None:
    done = client.post(
        "/checkin", data={"page": "https://example.com/", "mood": "3"}, follow_redirects=False
    )
    assert done.headers["location"] == "/?saved=1#checkin"
