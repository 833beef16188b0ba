"""Search from the command line and the web: matches marked, no mark-up from what was written,
clear words for no matches and for nothing to search for, and the box on every page."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.integration.support import NOW, Invoke, ok, store_of
from trustbridge.config import Settings
from trustbridge.services import entries, people
from trustbridge.store.db import open_store

SCARY = "<script>alert(1)</script> [bold]walking[/bold] by the café"


def _fill(settings: Settings) -> None:
    store = open_store(settings)
    entries.add(store, "journal", {"title": "Sunday", "body": SCARY}, NOW)
    people.add_person(store, {"name": "Zoë", "kind": "friend", "notes": "met at the cafe"}, NOW)
    store.close()


def test_cli_shows_each_match_with_where_to_open_it(cli: Invoke, settings: Settings) -> None:
    _fill(settings)
    out = ok(cli("search", "cafe"))
    assert "2 matches for “cafe”" in out
    assert "Journal entry · 14 Mar 2026 · Sunday" in out
    assert "[bold]walking[/bold]" in out  # written text is shown as written, never as markup
    assert "open: /tools/journal/1" in out and "open: /circle/1" in out


def test_cli_json_and_tool(cli: Invoke, settings: Settings) -> None:
    _fill(settings)
    found = json.loads(ok(cli("search", "walk", "--json")))
    assert [(r["kind"], r["id"], r["matches"]) for r in found] == [("journal", 1, ["walking"])]
    assert found[0]["link"] == "/tools/journal/1" and found[0]["date"] == "2026-03-14"
    assert (
        json.loads(ok(cli("search", "cafe", "--tool", "people", "--json")))[0]["kind"] == "person"
    )


def test_cli_says_so_when_nothing_matches_or_nothing_was_given(
    cli: Invoke, settings: Settings
) -> None:
    _fill(settings)
    assert "Nothing you wrote matches “zebra”" in ok(cli("search", "zebra"))
    for empty in ([], ['"'], ["*", "("]):
        result = cli("search", *empty)
        assert result.exit_code == 2 and "nothing to search for" in result.output
    unknown = cli("search", "cafe", "--tool", "nowhere")
    assert unknown.exit_code == 2 and "journal" in unknown.output


def test_web_results_mark_matches_and_escape_what_was_written(client: TestClient) -> None:
    store = store_of(client)
    entries.add(store, "journal", {"title": "Sunday", "body": SCARY}, NOW)
    page = client.get("/search", params={"q": "walk"})
    assert page.status_code == 200
    assert "<mark>walking</mark>" in page.text
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert 'href="/tools/journal/1"' in page.text
    assert "1 match for “walk”" in page.text


def test_web_says_so_when_nothing_matches(client: TestClient) -> None:
    page = client.get("/search", params={"q": 'zebra "AND('})
    assert page.status_code == 200 and "No matches for" in page.text
    assert "only symbols" in client.get("/search", params={"q": '"*'}).text
    assert client.get("/search", params={"q": "x", "tool": "nowhere"}).status_code == 200


def test_every_page_has_a_labelled_search_box_that_works_without_javascript(
    client: TestClient,
) -> None:
    for path in ("/", "/stages", "/circle", "/tools/journal", "/settings"):
        html = client.get(path).text
        assert '<form class="site-search" method="get" action="/search" role="search">' in html
        assert '<label for="site-search-q"' in html and 'name="q"' in html
