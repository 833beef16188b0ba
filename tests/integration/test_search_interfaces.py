"""Search from the command line and the web: matches marked, no mark-up from what was written,
clear words for no matches and for nothing to search for, and the box on every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import NOW, Invoke, ok, store_of
from tests.integration.test_cli import imported, run_process
from trustbridge.config import Settings, load_settings
from trustbridge.services import entries, people
from trustbridge.store.db import alembic_config, make_engine, open_store, stored_revision
from trustbridge.store.schema import HEAD_REVISION

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


def test_cli_search_loads_no_sqlalchemy_and_says_the_same(cli: Invoke, settings: Settings) -> None:
    """On a current store the command searches on a plain connection: SQLAlchemy and the
    models are never loaded, and it prints what the usual way prints."""
    _fill(settings)
    for args in (["cafe"], ["walk", "--json"], ["cafe", "--tool", "people"]):
        done = run_process("search", *args, home=settings.data_dir, importtime=True)
        assert done.returncode == 0, done.stderr[-2000:]
        assert not imported(done.stderr) & {"sqlalchemy", "alembic"}, args
        assert done.stdout.decode() == ok(cli("search", *args)), args


def test_cli_search_brings_an_outdated_store_up_to_date_first(tmp_path: Path) -> None:
    """A store at an older revision is opened the usual way (and migrated), then searched."""
    from alembic import command

    home = tmp_path / "old"
    engine = make_engine(load_settings(home))
    command.upgrade(alembic_config(engine), "0004")  # before search
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO journal_entries (created_at, body) VALUES (?, ?)",
            ("2026-03-01 10:00:00.000000", "A walk to the lighthouse"),
        )
    engine.dispose()
    done = run_process("search", "lighthouse", home=home)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 match for “lighthouse”" in done.stdout.decode()
    assert stored_revision(home / "trustbridge.sqlite3") == HEAD_REVISION


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


UNTITLED = "Walking home alone, I felt safe for once"


def _sisters(settings: Settings, count: int) -> None:
    store = open_store(settings)
    entries.add(store, "journal", {"body": UNTITLED}, NOW)
    for n in range(count):
        entries.add(store, "journal", {"title": f"Day {n}", "body": "My sister rang"}, NOW)
    store.close()


def test_cli_prints_an_untitled_entry_once(cli: Invoke, settings: Settings) -> None:
    _sisters(settings, 0)
    out = ok(cli("search", "alone"))
    assert out.count("Walking home") == 1
    assert "Journal entry · 14 Mar 2026\n  Walking home alone" in out


def test_cli_pages_through_the_best_matches(cli: Invoke, settings: Settings) -> None:
    _sisters(settings, 3)
    first = ok(cli("search", "sister", "--limit", "2"))
    assert "3 matches for “sister”, best first. These are 1 to 2:" in first
    assert "Next page: trustbridge search sister --limit 2 --page 2" in first
    second = ok(cli("search", "sister", "--limit", "2", "--page", "2"))
    assert "These are 3 to 3:" in second and "Next page" not in second
    assert (
        len(json.loads(ok(cli("search", "sister", "--limit", "2", "--page", "2", "--json")))) == 1
    )


def test_cli_says_about_how_many_when_it_could_not_rank_them_all(
    cli: Invoke, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustbridge.services import search as searching

    _sisters(settings, 60)
    monkeypatch.setattr(searching, "WINDOW", 4)
    monkeypatch.setattr(searching, "EACH_AT_LEAST", 4)
    monkeypatch.setattr(searching, "SAMPLE", 2)
    out = ok(cli("search", "sister", "--tool", "journal", "--limit", "4"))
    assert "entries match “sister”. These are 1 to 4 of the best of the newest 4:" in out
    assert "About " in out and "add a word, or look in one tool" in out


def test_web_shows_an_untitled_entry_once_and_pages(client: TestClient) -> None:
    store = store_of(client)
    entries.add(store, "journal", {"body": UNTITLED}, NOW)
    for n in range(25):
        entries.add(store, "journal", {"title": f"Day {n}", "body": "Alone with my sister"}, NOW)
    untitled = client.get("/search", params={"q": "walking"}).text
    assert untitled.count("home alone, I felt safe") == 1 and '">Journal entry</a></h3>' in untitled
    page = client.get("/search", params={"q": "alone"})
    assert "26 matches for “alone”" in page.text and "Best first: 1 to 20." in page.text
    assert 'href="/search?q=alone&amp;page=2" rel="next"' in page.text
    second = client.get("/search", params={"q": "alone", "page": "2"})
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text
    assert '<ol class="search-results" start="21">' in second.text
    for odd in ("0", "-1", "x", "99999999999", "٣"):
        assert client.get("/search", params={"q": "alone", "page": odd}).status_code == 200
