"""The web app as a person meets it: every page, the chrome around it, the home page and its check-in."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.integration.support import NOW, store_of
from trustbridge.content import load_program
from trustbridge.services import entries
from trustbridge.web.app import STATIC

PAGES = [
    "/",
    "/?another=1",
    "/stages",
    *(f"/stages/{stage.slug}" for stage in load_program().stages),
    "/help-now",
    "/tools/checkin",
    "/tools/journal",
    "/tools/journal?prompt=What+did+today+teach+you%3F",
    "/tools/hurt-inventory",
    "/tools/pattern-journal",
    "/tools/thought-record",
    "/tools/belief-tracker",
    "/tools/safety-selfcheck",
    "/tools/self-promises",
    "/tools/self-empathy",
    "/tools/affirmations",
    "/tools/mindful-pause",
    "/tools/habits",
    "/tools/learned-beliefs",
]


class Elements(HTMLParser):
    """Collects start tags with their attributes, and the text, of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_with_help_skip_link_and_disclaimer(
    client: TestClient, url: str
) -> None:
    page = client.get(url)
    assert page.status_code == 200
    html = page.text
    assert '<a class="help-now" href="/help-now"' in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert "not therapy" in html and "does not diagnose" in html
    assert '<html lang="en">' in html and "<h1" in html


@pytest.mark.parametrize("url", PAGES)
def test_every_form_control_has_a_label(client: TestClient, url: str) -> None:
    tags = parse(client.get(url).text).tags
    labelled = {attrs.get("for") for tag, attrs in tags if tag == "label"}
    for tag, attrs in tags:
        if tag not in ("input", "textarea", "select"):
            continue
        if attrs.get("type") in ("hidden", "submit", "button"):
            continue
        assert attrs.get("id") in labelled or attrs.get("aria-label"), (url, attrs)


@pytest.mark.parametrize("url", ["/nope", "/tools/nope", "/tools/journal/999", "/stages/nope"])
def test_missing_things_get_a_calm_404_page(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404
    assert "We could not find that page" in page.text
    assert 'href="/help-now"' in page.text


def test_a_non_number_entry_id_is_a_404_not_a_json_error(client: TestClient) -> None:
    page = client.get("/tools/journal/abc")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_pages_carry_security_headers_and_are_never_cached(client: TestClient) -> None:
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert client.get("/nope").headers["cache-control"] == "no-store"
    static = client.get("/static/app.css")
    assert static.status_code == 200 and "content-security-policy" in static.headers


def test_no_docs_or_openapi_routes(client: TestClient) -> None:
    for url in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(url).status_code == 404


def static_files() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*") if p.is_file())


def test_static_files_include_htmx_css_and_js() -> None:
    names = {p.name for p in static_files()}
    assert {"app.css", "app.js", "htmx.min.js"} <= names


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_nothing_from_outside_and_run_no_inline_code(
    client: TestClient, url: str
) -> None:
    html = client.get(url).text
    assert not re.search(r"https?://", html), url
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"\sstyle=", html), "inline style is blocked by the CSP"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert '<link rel="stylesheet" href="/static/app.css">' in html


@pytest.mark.parametrize("path", static_files(), ids=lambda p: p.name)
def test_static_files_point_nowhere_outside(path: Path) -> None:
    assert not re.search(rb"https?://", path.read_bytes()), path.name


def test_first_visit_shows_the_welcome_until_dismissed(client: TestClient) -> None:
    first = client.get("/").text
    assert load_program().first_run[:60] in first and "not therapy" in first
    dismissed = client.post("/welcome", follow_redirects=False)
    assert dismissed.status_code == 303
    cookie = dismissed.headers["set-cookie"]
    assert cookie.startswith("tb_welcomed=1;") and "HttpOnly" in cookie
    assert load_program().first_run[:60] not in client.get("/").text


def test_dismissing_the_welcome_with_htmx_just_removes_it(client: TestClient) -> None:
    response = client.post("/welcome", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text == ""
    assert "tb_welcomed=1" in response.headers["set-cookie"]


def test_home_offers_the_check_in_then_shows_it_once_saved(client: TestClient) -> None:
    home = client.get("/").text
    assert 'action="/checkin"' in home and 'name="mood"' in home
    assert home.count('type="radio" id="c-mood-') == 5
    saved = client.post("/checkin", data={"mood": "4"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/?saved=1")
    after = client.get(saved.headers["location"]).text
    assert "Thank you for checking in" in after
    assert "Good" in after and "Add another check-in" in after
    assert 'action="/checkin"' not in after
    assert 'action="/checkin"' in client.get("/?another=1").text


def test_check_in_takes_mood_emotion_energy_connection_and_note(client: TestClient) -> None:
    client.post(
        "/checkin",
        data={"mood": "2", "emotion": "lonely", "energy": "1", "connection": "alone", "note": "x"},
    )
    page = client.get("/").text
    assert "lonely" in page and "Drained" in page and "Alone" in page
    [checkin] = entries.recent(store_of(client), "checkin")
    assert (checkin.mood, checkin.energy, checkin.connection) == (2, 1, "alone")


def test_check_in_with_htmx_swaps_in_the_saved_check_in(client: TestClient) -> None:
    response = client.post("/checkin", data={"mood": "5"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="checkin"')
    assert "<html" not in response.text and "Very good" in response.text


def test_check_in_without_a_mood_keeps_what_was_typed(client: TestClient) -> None:
    response = client.post("/checkin", data={"emotion": "tense", "note": "long day"})
    assert response.status_code == 422
    html = response.text
    assert "Please fill in your mood." in html and 'href="#c-mood-1"' in html
    assert 'value="tense"' in html and ">long day</textarea>" in html
    assert 'aria-describedby="c-mood-error"' in html
    assert entries.recent(store_of(client), "checkin") == []
    partial = client.post("/checkin", data={"emotion": "tense"}, headers={"HX-Request": "true"})
    assert partial.status_code == 422 and "<html" not in partial.text
    assert "Please fill in your mood." in partial.text


def test_crisis_words_in_a_check_in_bring_support_above_the_confirmation(
    client: TestClient,
) -> None:
    response = client.post("/checkin", data={"mood": "1", "note": "I want to end my life"})
    html = response.text
    assert "You do not have to carry this alone" in html
    assert html.index("You do not have to carry this alone") < html.index("Saved.")
    assert 'href="/help-now"' in html and "Samaritans" in html
    assert len(entries.recent(store_of(client), "checkin")) == 1


def test_home_shows_affirmation_map_and_promises_due_soon(client: TestClient) -> None:
    store = store_of(client)
    entries.add(store, "affirmations", {"text": "I can go slowly."}, NOW)
    entries.add(store, "self_promises", {"text": "Rest on Sunday", "due_on": "2026-03-15"}, NOW)
    entries.add(store, "self_promises", {"text": "Plan a trip", "due_on": "2026-06-01"}, NOW)
    html = client.get("/").text
    assert "I can go slowly." in html
    assert "Rest on Sunday" in html and "Plan a trip" not in html
    assert "A gentle suggestion" in html and "Roots: how past hurt shaped trust" in html
    assert 'href="/tools/hurt-inventory"' in html and 'href="/tools/checkin"' in html


def test_home_makes_the_same_queries_however_much_is_stored(client: TestClient) -> None:
    store = store_of(client)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    def home_queries() -> int:
        statements.clear()
        event.listen(store.engine, "before_cursor_execute", count)
        try:
            assert client.get("/").status_code == 200
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        return len(statements)

    entries.add(store, "checkin", {"mood": 3}, NOW)
    few = home_queries()
    for i in range(60):
        entries.add(store, "journal", {"body": f"entry {i}"}, NOW)
        entries.add(store, "checkin", {"mood": 3}, NOW - dt.timedelta(days=i + 1))
    assert home_queries() == few


def test_posts_from_other_sites_and_unknown_hosts_are_refused(client: TestClient) -> None:
    cross = client.post("/checkin", data={"mood": "3"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    other = client.post("/checkin", data={"mood": "3"}, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403
    rebound = client.get("/", headers={"Host": "evil.example"})
    assert rebound.status_code == 403
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    same = client.post("/checkin", data={"mood": "3"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200
    assert len(entries.recent(store_of(client), "checkin")) == 1


def test_help_now_has_steps_grounding_helplines_and_emergency_numbers(client: TestClient) -> None:
    from trustbridge.content import load_crisis

    crisis = load_crisis()
    html = client.get("/help-now").text
    assert all(step in html for step in crisis.do_now)
    assert html.count('<ol class="steps grounding">') == 1
    assert all(step in html for step in crisis.grounding)
    for line in crisis.helplines:
        assert line.source in html and f'href="{line.source}' not in html
        assert line.last_verified.strftime("%b %Y") in html
    hrefs = re.findall(r'href="(tel:[^"]*)"', html)
    assert hrefs and all(re.fullmatch(r"tel:\+?\d+", href) for href in hrefs)
    assert 'href="tel:988"' in html and 'href="tel:113"' in html and 'href="tel:08000113"' in html
    for number in crisis.emergency_numbers.values():
        assert f'href="tel:{number}"' in html


def test_help_link_is_one_click_from_error_pages_too(client: TestClient) -> None:
    page = client.post("/tools/self-promises/1/settle", data={"outcome": "maybe"})
    assert page.status_code in (400, 404)
    assert '<a class="help-now" href="/help-now"' in page.text
