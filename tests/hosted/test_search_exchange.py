"""Search, export and import in hosted mode: each person's own records, as in local mode.

Search must find what a local store's search finds, in the same order, with the same
snippets: the same records are written into a local SQLite store and into a hosted account,
and the same searches are asked of both. Export gives the account's own records only; an
import brings one's own export into an empty account, all or nothing.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.hosted.web import (
    ADMIN_PASSWORD,
    MAYA_PASSWORD,
    Site,
    add_maya,
    import_file,
    sign_in,
    site_fixture,  # noqa: F401  (the fixture ``site``)
)
from tests.integration.test_encryption_at_rest import _steps
from trustbridge.config import load_settings
from trustbridge.services.search import Found, search_store
from trustbridge.store import search_index
from trustbridge.store.db import Store, open_store
from trustbridge.web.hosted_store import account_store

CRISIS_WORDS = "I want to end my life tonight, I cannot go on"
#: searches asked of both modes: words, starts of words, accents, phrases, tools, and input
#: that is only symbols, empty, very long, or made of what query syntax would obey
SEARCHES: list[tuple[str, str | None]] = [
    ("walking", None), ("walk", None), ("WALK", None), ("cafe", None), ("CAFÉ", None),
    ("w", None), ("sister", None), ('"with my sister"', None), ('"sister with"', None),
    ("walk sister", None), ("walk nothingsuch", None), ("record 7", None), ("7", None),
    ("walk", "journal"), ("walk", "people"), ("walk", "boundaries"), ("walk sister", "rituals"),
    ('cafe "my sister"', "boundaries"), ("", None), ("!!!", None),
    ("walk OR sister", None), ("walk* NOT (sister)", None), ("a:b & c | !d", None),
    ("'walk'", None), ("walk\\", None), ("x" * 600, None), (" ".join(["walk"] * 40), None),
    ("don't", None), ("²", None),
]  # fmt: skip


def _maker(counter: Iterator[int]) -> Callable[[str], str]:
    """Each free text its own: the same words in both stores, of varied length."""

    def text_for(name: str) -> str:
        n = next(counter)
        return f"record {n} walking to the café" + " with my sister" * (n % 3)

    return text_for


def _write(store: Store) -> None:
    counter = iter(range(1, 10_000))
    ids: dict[str, int] = {}
    for kind, step in _steps():
        ids[kind] = step(store, _maker(counter), ids, 0)[1]


def _shown(found: Found) -> tuple[Any, ...]:
    rows = tuple((r.kind, r.id, r.title, r.link, r.day, r.snippet) for r in found.results)
    return rows, found.total, found.exact, found.ranked, found.page


@pytest.fixture
def local_store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(load_settings(tmp_path / "local"))
    yield opened
    opened.close()


def _account(site: Site, name: str) -> Store:
    found = site.accounts.find(name)
    assert found is not None
    return account_store(site.apps[0].state.vault._store, found.id)


def test_hosted_search_finds_what_a_local_search_finds(site: Site, local_store: Store) -> None:
    """The same records, the same searches: the same results, order, snippets and counts."""
    admin = _account(site, "Admin")
    _write(local_store)
    _write(admin)
    for words, tool in SEARCHES:
        here = search_store(local_store, words, tool=tool)
        hosted = search_store(admin, words, tool=tool)
        assert _shown(hosted) == _shown(here), (words, tool)
    for page in (1, 2, 3):
        here = search_store(local_store, "walk", limit=7, page=page)
        assert _shown(search_store(admin, "walk", limit=7, page=page)) == _shown(here)
    assert search_store(admin, "walk").total == len(search_index.KIND_CODES) + 1  # a rating


def test_the_search_page_in_hosted_mode(site: Site) -> None:
    """The local page, the same answers for bad input, and each person's own matches."""
    add_maya(site)
    admin, maya = site.client(), site.client()
    sign_in(admin, "Admin", ADMIN_PASSWORD)
    sign_in(maya, "Maya", MAYA_PASSWORD)
    saved = admin.post("/tools/journal", data={"title": "Sunday", "body": "A walk to the café"})
    entry = re.search(r"/tools/journal/(\d+)", saved.url.path)
    assert entry is not None
    page = admin.get("/search", params={"q": "cafe wal"}).text
    assert "1 match for" in page and f'href="/tools/journal/{entry.group(1)}"' in page
    assert "<mark>walk</mark>" in page and "<mark>café</mark>" in page
    assert "No matches for" in maya.get("/search", params={"q": "cafe wal"}).text
    assert "only symbols" in admin.get("/search", params={"q": "!?"}).text
    empty = admin.get("/search", params={"q": ""})
    assert empty.status_code == 200 and "results-title" not in empty.text
    for odd in ("x" * 5000, "a:b & c | !d", "'\\", "walk", "\x00walk"):
        assert admin.get("/search", params={"q": odd, "page": "99"}).status_code == 200
    assert admin.get("/search", params={"q": "walk", "tool": "nosuch"}).status_code == 200


def test_every_searchable_table_has_its_words_indexed(site: Site) -> None:
    """0010 indexes exactly the columns the models hold words in (0005's list), and the
    configuration folds accents where the server has ``unaccent``."""
    revision = importlib.import_module(
        "trustbridge.store.migrations.versions.0010_search_on_postgresql"
    )
    columns = {t: (tuple(a), tuple(b)) for t, (a, b) in revision.COLUMNS.items()}
    assert columns == search_index.model_columns()
    with site.owner_engine.connect() as conn:
        for table in columns:
            kind = conn.scalar(
                text(
                    "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid"
                    " = CAST(:t AS regclass) AND attname = 'search_words' AND attgenerated = 's'"
                ),
                {"t": table},
            )
            assert kind == "tsvector", table
        folded = conn.scalar(text("SELECT to_tsvector('trustbridge_search', 'Café CRÈME')"))
    assert folded == "'cafe':1 'creme':2"


# --- export ---------------------------------------------------------------------------------


def _export(client: Any) -> dict[str, Any]:
    response = client.post("/settings/exchange/export/json")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store"
    document: dict[str, Any] = json.loads(response.content)
    return document


def _upload(client: Any, document: dict[str, Any] | bytes) -> Any:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return import_file(client, "json", data)


def test_an_export_is_ones_own_records_as_the_local_export_writes_them(
    site: Site, local_store: Store
) -> None:
    admin = _account(site, "Admin")
    _write(admin)
    _write(local_store)
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    document = _export(client)
    admin_id = site.accounts.find("Admin").id  # type: ignore[union-attr]
    from trustbridge.exchange.json_format import export_document
    from trustbridge.services.base import utcnow

    local = export_document(local_store, utcnow())
    for table, rows in document["tables"].items():
        assert {row["owner_id"] for row in rows} <= {admin_id}, table
        assert len(rows) == len(local["tables"][table]), table
        drop = {"owner_id", "created_at", "updated_at", "rated_at"}
        same = [{k: v for k, v in r.items() if k not in drop} for r in rows]
        assert same == [
            {k: v for k, v in r.items() if k not in drop} for r in local["tables"][table]
        ]
    markdown = client.post("/settings/exchange/export/markdown", data={"stage": ""})
    assert markdown.status_code == 200 and "walking to the café" in markdown.text
    assert (
        client.post("/settings/exchange/export/markdown", data={"stage": "99"}).status_code == 400
    )


def test_the_exchange_page_offers_export_and_every_import(site: Site) -> None:
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    page = client.get("/settings/exchange")
    assert page.status_code == 200
    for action in ("export/json", "export/markdown", "import/json", "import/jrnl",
                   "import/daylio", "import/freecbt"):  # fmt: skip
        assert f'action="/settings/exchange/{action}"' in page.text
    assert 'href="/settings/exchange"' in client.get("/settings").text
    # the local app's preview kept in memory and its background jobs are not here
    assert client.post("/settings/exchange/confirm", data={"x": "y"}).status_code == 404
    assert client.get("/settings/exchange/jobs/x").status_code == 404
    for path in ("/settings/exchange/import/nothing", "/settings/exchange/import/nothing/confirm"):
        assert client.post(path, files={"file": ("a.txt", b"x")}).status_code == 404


# --- import ---------------------------------------------------------------------------------


def test_ones_own_export_comes_back_into_an_empty_account_renumbered(site: Site) -> None:
    """Admin's export into Maya's empty account: every row hers, new numbers, every reference
    (and every link between entries) turned to her own rows, nothing shared, crisis counted."""
    add_maya(site)
    admin = _account(site, "Admin")
    _write(admin)
    client, maya = site.client(), site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    client.post("/tools/journal", data={"body": CRISIS_WORDS})
    for kind in ("rituals", "wins"):  # shared with a partner, in the file
        with site.owner_engine.begin() as conn:
            conn.execute(text(f"UPDATE {kind} SET shared = true"))
    document = _export(client)
    sign_in(maya, "Maya", MAYA_PASSWORD)
    done = _upload(maya, document)
    assert done.status_code == 200, done.text
    total = sum(len(rows) for rows in document["tables"].values())
    assert f"Imported {total} entries" in done.text
    assert "1 of the imported entries sounds like things have been very hard" in done.text
    again = _export(maya)
    maya_id = site.accounts.find("Maya").id  # type: ignore[union-attr]
    for table, rows in again["tables"].items():
        before = document["tables"][table]
        assert len(rows) == len(before), table
        assert {row["owner_id"] for row in rows} <= {maya_id}, table
        if rows and "id" in rows[0]:
            assert not {r["id"] for r in rows} & {r["id"] for r in before}, table
        assert not any(row.get("shared") for row in rows), table
        keep = lambda row: {k: v for k, v in row.items() if k.endswith(("_at", "_on", "what"))}  # noqa: E731
        assert [keep(r) for r in rows] == [keep(r) for r in before], table
    _references_are_own_rows(again)
    assert _notes_named(again) == {"boundary", "ladder"}  # (a promise of theirs: see below)
    assert "1 match for" in maya.get("/search", params={"q": "end my life"}).text


def _notes_named(document: dict[str, Any]) -> set[str]:
    """Every evidence note the app wrote names a row in the file; the sources of those notes."""
    from trustbridge.domain.relations import SOURCE_NOTES

    tables, named = document["tables"], set()
    for row in tables["evidence_events"]:
        words, target = SOURCE_NOTES.get(row["source"], ("", ""))
        number = re.fullmatch(re.escape(words) + r"(\d+): .*", row["note"] or "")
        if words and number:
            assert int(number[1]) in {r["id"] for r in tables[target]}, row["note"]
            named.add(row["source"])
    return named


def test_the_numbers_evidence_notes_name_are_turned_to_the_new_ones(site: Site) -> None:
    """The app's own note on evidence another tool gave names that tool's record by number
    (``From boundary 4: respected``): after an import it names the record's new number, or
    none when the file has no such record; a note written by hand stays as it was written."""
    add_maya(site)
    _write(_account(site, "Admin"))
    admin, maya = site.client(), site.client()
    sign_in(admin, "Admin", ADMIN_PASSWORD)
    document = _export(admin)
    evidence, promise = (
        document["tables"]["evidence_events"],
        document["tables"]["self_promises"][0],
    )
    top = max(row["id"] for row in evidence)
    model = next(row for row in evidence if row["source"] == "ladder")
    made = {"manual": (None, "From boundary 1: respected, I wrote this myself"),
            "promise": (promise["id"], f"From their promise {promise['id']}: kept"),
            "boundary": (None, "From boundary 999: crossed")}  # fmt: skip
    for n, (source, (source_id, note)) in enumerate(made.items(), start=1):
        evidence.append({**model, "id": top + n, "source": source, "source_id": source_id,
                         "note": note})  # fmt: skip
    sign_in(maya, "Maya", MAYA_PASSWORD)
    assert _upload(maya, document).status_code == 200
    again = _export(maya)
    assert _notes_named(again) == {"boundary", "ladder", "promise"}
    notes = {row["note"] for row in again["tables"]["evidence_events"]}
    new_promise = again["tables"]["self_promises"][0]["id"]
    assert new_promise != promise["id"] and f"From their promise {new_promise}: kept" in notes
    assert "From boundary 1: respected, I wrote this myself" in notes
    assert "From boundary: crossed" in notes  # the file named no such boundary


def _references_are_own_rows(document: dict[str, Any]) -> None:
    """Every reference in the file, and every link between entries, leads to a row in it."""
    tables = document["tables"]
    ids = {name: {row.get("id") for row in rows} for name, rows in tables.items()}
    for row in tables["evidence_events"]:
        if row["source"] != "manual":
            from trustbridge.exchange.json_account import EVIDENCE_SOURCES

            assert row["source_id"] in ids[EVIDENCE_SOURCES[row["source"]]], row["source"]
    for row in tables["wins"]:
        if row["source_tool"]:
            from trustbridge.exchange.json_account import WIN_SOURCES

            assert row["source_id"] in ids[WIN_SOURCES[row["source_tool"]]]
    for name, rows in tables.items():
        for row in rows:
            for key, value in row.items():
                if key.endswith("_id") and key not in ("owner_id", "source_id") and value:
                    target = {"person_id": "people", "boundary_id": "boundaries",
                              "belief_id": "beliefs", "ritual_id": "rituals",
                              "goal_id": "shared_goals"}[key]  # fmt: skip
                    assert value in ids[target], (name, key)


def test_an_import_is_all_or_nothing_and_only_into_an_empty_account(site: Site) -> None:
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    client.post("/tools/journal", data={"body": "Tuesday, a quiet one"})
    document = _export(client)
    add_maya(site)
    maya = site.client()
    sign_in(maya, "Maya", MAYA_PASSWORD)
    broken = json.loads(json.dumps(document))
    broken["tables"]["journal_entries"].append({**broken["tables"]["journal_entries"][0],
                                                "id": 99, "created_at": "yesterday"})  # fmt: skip
    refused = _upload(maya, broken)  # at the preview: nothing was stored
    assert refused.status_code == 422 and "journal_entries[1].created_at" in refused.text
    assert "Tuesday" not in refused.text  # the file's words are never shown back
    assert not _export(maya)["tables"]["journal_entries"]
    for bad, said in ((b"", "Please choose a file"), (b"not json", "not valid JSON"),
                      (b'{"format": "something else"}', "not a Trustbridge export")):  # fmt: skip
        answer = _upload(maya, bad)
        assert answer.status_code == 422 and said in answer.text
    assert _upload(maya, document).status_code == 200
    twice = _upload(maya, document)
    assert twice.status_code == 422 and "already has entries" in twice.text
    assert len(_export(maya)["tables"]["journal_entries"]) == 1


def test_two_imports_at_once_into_one_account_store_the_file_once(site: Site) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from trustbridge.exchange import json_format
    from trustbridge.exchange.common import ExchangeError
    from trustbridge.exchange.json_account import NOT_EMPTY, save_into_account
    from trustbridge.services.base import utcnow

    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    client.post("/tools/journal", data={"body": "Wednesday, rain and tea"})
    data = json.dumps(_export(client)).encode()
    maya_id = add_maya(site)
    maya = _account(site, "Maya")
    plans = [json_format.IMPORTER.plan(data, utcnow()) for _ in range(2)]
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(save_into_account, maya, plan, maya_id) for plan in plans]
    problems = [future.exception() for future in futures]
    assert sorted(p is None for p in problems) == [False, True]
    refused = next(p for p in problems if p is not None)
    assert isinstance(refused, ExchangeError) and str(refused) == NOT_EMPTY
    with site.owner_engine.connect() as conn:
        mine = text("SELECT count(*) FROM journal_entries WHERE owner_id = :m")
        assert conn.scalar(mine, {"m": maya_id}) == 1
