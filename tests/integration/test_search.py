"""Search, store and service: every kind of record is found and links to its page; accents,
prefixes and phrases; odd input never fails; edits and deletions reach the index in the same
transaction (and deleted words leave the file); the index is encrypted with the store; an
older store is indexed by its migration."""

from __future__ import annotations

import datetime as dt
import io
import sys
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Boolean, Date, DateTime, Integer, insert, select

from tests.integration.support import NOW, store_of
from trustbridge.config import Settings, load_settings
from trustbridge.services import entries, people, quick_add, security
from trustbridge.services import search as searching
from trustbridge.services.base import NotFound
from trustbridge.services.catalog import spec, tool_specs
from trustbridge.services.search import Found, SearchResult, search_store
from trustbridge.services.search_kinds import kinds_by_table
from trustbridge.store import models as m
from trustbridge.store import quick, rows, search_index
from trustbridge.store.db import Store, alembic_config, make_engine, open_store
from trustbridge.store.types import PrivateJSON, PrivateText, UTCDateTime


def results(store: Store, words: str, **options: Any) -> tuple[SearchResult, ...]:
    """The results on the first page of a search."""
    return search_store(store, words, **options).results


def _word(table: str) -> str:
    return "kindcanary" + table.replace("_", "")


def _choices() -> dict[tuple[str, str], str]:
    from trustbridge.content import load_program
    from trustbridge.domain import growth, relations

    pattern = load_program().checklists["patterns"][0].key
    return {
        ("boundaries", "kind"): relations.BOUNDARY_KINDS[0][0],
        ("hurts", "kind"): "betrayal",
        ("people", "kind"): "partner",
        ("pattern_entries", "pattern"): pattern,
        ("wins", "kind"): growth.WIN_KINDS[0][0],
        ("evidence_events", "dimension"): relations.DIMENSION_CHOICES[0][0],
        ("evidence_events", "weight"): relations.WEIGHT_CHOICES[0][0],
        ("evidence_events", "source"): "manual",
        ("rituals", "cadence"): "daily",
        ("rituals", "weekdays"): "",
        ("self_promises", "made_by"): "me",
        ("self_promises", "status"): "open",
        ("shared_goals", "status"): "active",
        ("support_contacts", "kind"): "person",
        ("thought_records", "distortions"): "",
    }


def _value(column: Any, table: str) -> Any:
    """A valid value for any column: the kind's canary word for text a person wrote."""
    if (table, column.name) in _choices():
        return _choices()[(table, column.name)]
    if column.nullable and not isinstance(column.type, PrivateText | PrivateJSON):
        return None
    if isinstance(column.type, PrivateText):
        return f"{_word(table)} written"
    if isinstance(column.type, PrivateJSON):
        return [{"name": _word(table), "intensity": 3}]
    if column.foreign_keys or isinstance(column.type, Integer):
        return 1
    if isinstance(column.type, Boolean):
        return False
    if isinstance(column.type, DateTime) or "UTCDateTime" in type(column.type).__name__:
        return NOW
    if isinstance(column.type, Date):
        return NOW.date()
    return None


def _one_of_everything(store: Store) -> None:
    with store.session() as session:
        for table in m.Base.metadata.sorted_tables:
            if table.name in ("preferences", "learned_belief_marks"):
                continue
            row = {c.name: _value(c, table.name) for c in table.columns}
            session.execute(insert(table).values(row))


def test_every_kind_of_record_is_found_and_its_link_opens_its_page(client: TestClient) -> None:
    store = store_of(client)
    _one_of_everything(store)
    assert set(kinds_by_table()) == set(search_index.model_columns())
    for table, kind in kinds_by_table().items():
        found = results(store, f'"{_word(table)}"')  # whole: rituals, not ritualskept
        assert [(r.kind, r.id) for r in found] == [(kind.name, 1)], table
        page = client.get(found[0].link)
        assert page.status_code == 200, (table, found[0].link)


def _through_the_models(store: Store, table: str) -> Any:
    """The first record of ``table``, loaded by its model (as the rest of the app reads it)."""
    model = next(mapper.class_ for mapper in m.Base.registry.mappers
                 if mapper.local_table.name == table)  # fmt: skip
    with store.sessions() as session:
        return session.scalars(select(model).order_by(model.id).limit(1)).one()


def test_a_plain_connection_finds_what_the_store_finds_and_rows_read_as_records(
    client: TestClient,
) -> None:
    """The command line searches on a connection of its own, without SQLAlchemy: the same
    results, and each kind's title, link and day read from its plain row as from its model."""
    store = store_of(client)
    _one_of_everything(store)
    path = store.settings.sqlite_path
    assert path is not None
    connection = quick.connect(path, None, read_only=True)
    assert connection is not None
    try:
        for table, kind in kinds_by_table().items():
            words = f'"{_word(table)}"'
            (plain,) = searching.search(connection, words).results
            assert plain == search_store(store, words).results[0], table
            record = _through_the_models(store, table)
            from_model = (kind.title(record), kind.link(record), kind.day(record),
                          kind.named(record))  # fmt: skip
            assert (plain.title, plain.link, plain.day, plain.named) == from_model, table
    finally:
        connection.close()


def _stored_as(column: Any) -> rows.Convert | None:
    if isinstance(column.type, UTCDateTime):
        return rows.moment
    if isinstance(column.type, Date):
        return rows.day
    if isinstance(column.type, Boolean):
        return rows.flag
    if isinstance(column.type, PrivateJSON):
        return rows.data
    return None


def test_each_kind_reads_columns_its_table_has_converted_as_its_model_does() -> None:
    for table, kind in kinds_by_table().items():
        columns = m.Base.metadata.tables[table].columns
        for name, convert in kind.reads.items():
            assert name in columns, (table, name)
            assert convert is _stored_as(columns[name]), (table, name)


def test_the_tools_search_knows_are_the_catalog_s() -> None:
    """Search repeats the catalog's tool nouns, tables and titles, so as not to load it."""
    tools = [kind for kind in kinds_by_table().values() if kind.name in tool_specs()]
    wordless = {"safety_selfcheck", "mindful_pause"}
    assert [kind.name for kind in tools] == [s for s in tool_specs() if s not in wordless]
    record = {"mood": 4, "emotion": "calm", "title": None, "body": " A walk\nhome " * 9,
              "text": "Call Mum", "situation": "At work", "statement": "I am enough",
              "what_happened": "Left out", "automatic_thought": "They hate me",
              "day": dt.date(2026, 3, 1), "created_at": NOW, "person_id": None, "id": 7}  # fmt: skip
    for kind in tools:
        spec = tool_specs()[kind.name]
        assert kind.table == spec.model.__tablename__
        assert kind.label == spec.noun[0].upper() + spec.noun[1:] and kind.tool == spec.slug
        assert set(kind.reads) <= {"id", *record}, kind.name
        shown = SimpleNamespace(**record)
        assert kind.title(shown) == spec.title(shown), kind.name
        assert kind.link(shown).startswith(f"/tools/{spec.url_slug}/"), kind.name


def test_the_index_covers_every_private_column_with_current_triggers(store: Store) -> None:
    """A new private column or table needs a migration that installs its triggers again."""
    with store.engine.connect() as conn:
        installed = {
            name: sql
            for name, sql in conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
        }
    for table, (texts, jsons) in search_index.model_columns().items():
        assert table in search_index.KIND_CODES, f"{table} needs a code in KIND_CODES"
        for statement in search_index.trigger_statements(table, texts, jsons):
            name = statement.split()[2]
            assert installed.get(name) == statement, f"{name} is missing or out of date"


@pytest.fixture
def written(store: Store) -> Store:
    entries.add(
        store, "journal", {"title": "Sunday", "body": "A walk to the café with my sister"}, NOW
    )
    entries.add(store, "journal", {"body": "Walking home alone, I felt SAFE for once"}, NOW)
    entries.add(store, "journal", {"body": "My sister called; a long talk"}, NOW)
    return store


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("cafe", 1),  # without the accent
        ("CAFÉ", 1),  # any case
        ("walk", 2),  # each word is a prefix: walk, Walking
        ("sister", 2),
        ('"my sister"', 2),
        ('"with my sister"', 1),  # a phrase is found whole
        ('"sister with"', 0),
        ("walk sister", 1),  # every word must match
        ("zebra", 0),
    ],
)
def test_accents_case_prefixes_and_phrases(written: Store, words: str, expected: int) -> None:
    found = search_store(written, words)
    assert len(found.results) == found.total == expected and found.exact


def test_matches_are_marked_in_the_snippet(written: Store) -> None:
    (found,) = results(written, "cafe")
    assert ("café", True) in found.snippet
    assert found.snippet_text == "Sunday A walk to the café with my sister"
    assert (found.kind, found.title, found.link) == ("journal", "Sunday", "/tools/journal/1")


@pytest.mark.parametrize(
    "words",
    ['"', '"walk', "walk*", "*", "AND(", "walk AND", "NOT", "OR walk", "a:b", "^walk", "(", ")",
     "NEAR(walk sister)", "'", "\x00", "-walk", "+", '""', "walk\"sister", "{x}", "🙂", "   "],
)  # fmt: skip
def test_odd_input_never_fails(written: Store, words: str) -> None:
    assert isinstance(search_store(written, words), Found)


def test_an_unknown_tool_is_named_and_a_tool_narrows_the_search(written: Store) -> None:
    people.add_person(written, {"name": "My sister Ana", "kind": "family"}, NOW)
    assert {r.kind for r in results(written, "sister")} == {"journal", "person"}
    assert {r.kind for r in results(written, "sister", tool="people")} == {"person"}
    with pytest.raises(NotFound, match="people"):
        search_store(written, "sister", tool="nowhere")


def test_an_edit_changes_what_is_found(written: Store) -> None:
    with written.session() as session:
        entry = session.get(m.JournalEntry, 3)
        assert entry is not None
        entry.body = "My brother called instead"
    assert [r.id for r in results(written, "brother")] == [3]
    assert [r.id for r in results(written, "sister")] == [1]


def _file_bytes(store: Store) -> bytes:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert store.settings.sqlite_path is not None
    return store.settings.sqlite_path.read_bytes()


def test_a_deleted_entry_is_gone_from_the_index_and_the_file(written: Store) -> None:
    canary = "Quixoticcanary"
    saved = entries.add(written, "journal", {"body": f"{canary} was here"}, NOW)
    assert results(written, canary) and canary.lower().encode() in _file_bytes(written)
    entries.delete(written, "journal", saved.record.id)
    assert results(written, canary) == ()
    data = _file_bytes(written)
    assert canary.encode() not in data and canary.lower().encode() not in data


def test_a_deleted_person_takes_their_evidence_out_of_the_index(store: Store) -> None:
    person = people.add_person(store, {"name": "Brennaquill", "kind": "friend"}, NOW).record
    moment = {"person": person.id, "dimension": "keeps_promises", "direction": "positive",
              "weight": "small", "occurred_on": "2026-03-14", "note": "Zorbacanary helped"}  # fmt: skip
    people.add_evidence(store, moment, NOW)
    assert [r.kind for r in results(store, "zorbacanary")] == ["evidence"]
    people.delete_person(store, person.id)
    assert results(store, "zorbacanary") == () == results(store, "brennaquill")
    data = _file_bytes(store)
    assert b"orbacanary" not in data and b"rennaquill" not in data


def test_the_quick_check_in_is_indexed_in_its_own_transaction(store: Store) -> None:
    values = {"mood": 4, "emotion": "hopeful", "note": "Gardening lifted me"}
    written = quick_add.write(store.settings, spec("checkin"), values, NOW)
    assert written is not None
    assert [(r.kind, r.id) for r in results(store, "garden")] == [("checkin", written[0].id)]


def test_an_encrypted_store_never_holds_the_index_in_plain_text(tmp_path: Any) -> None:
    made = security.create(load_settings(tmp_path / "locked"), "correct horse battery")
    store = open_store(made.settings)
    canary = "Plaintextcanary"
    entries.add(store, "journal", {"body": f"{canary} about my mother"}, NOW)
    assert [r.kind for r in results(store, "plaintextcan")] == ["journal"]
    store.close()
    for path in (tmp_path / "locked").rglob("*"):
        if path.is_file():
            data = path.read_bytes().lower()
            assert canary.lower().encode() not in data, path
            assert b"search_index" not in data, path  # not even the schema is readable


def _store_at_0004(settings: Settings) -> None:
    from alembic import command

    engine = make_engine(settings)
    command.upgrade(alembic_config(engine), "0004")
    with engine.begin() as conn:
        for n in range(30):
            conn.exec_driver_sql(
                "INSERT INTO journal_entries (created_at, body) VALUES (?, ?)",
                ("2026-03-01 10:00:00.000000", f"Old entry {n} about the lighthouse"),
            )
        conn.exec_driver_sql(
            "INSERT INTO people (created_at, name, kind) VALUES (?, ?, ?)",
            ("2026-03-01 10:00:00.000000", "Élodie", "friend"),
        )
    engine.dispose()


def test_the_migration_indexes_a_store_made_before_search(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_at_0004(settings)
    told = io.StringIO()
    monkeypatch.setattr(search_index, "QUIET_BELOW", 10)
    monkeypatch.setattr(search_index, "CHUNK", 7)
    monkeypatch.setattr(sys, "stderr", told)
    store = open_store(settings)
    try:
        assert len(results(store, "lighthouse", limit=100)) == 30
        assert [r.kind for r in results(store, "elodie")] == ["person"]
    finally:
        store.close()
    lines = told.getvalue().splitlines()
    assert lines[-1] == "Building the search index: 31 of 31 entries"
    assert len(lines) > 2  # it counted as it went


def test_search_reads_the_rows_it_shows(written: Store) -> None:
    """A result's title and day come from the record itself, as saved."""
    (found,) = results(written, "alone")
    with written.sessions() as session:
        entry = session.scalars(select(m.JournalEntry).where(m.JournalEntry.id == found.id)).one()
    assert found.day == entry.created_at.astimezone().date()
    assert isinstance(found.day, dt.date)


def _journal(store: Store, *bodies: str) -> None:
    with store.session() as session:
        session.add_all(m.JournalEntry(created_at=NOW, body=body) for body in bodies)


def test_the_more_relevant_entry_ranks_first(store: Store) -> None:
    """More of the words, in a shorter entry, and the rarer word counting for more."""
    _journal(
        store,
        "My sister called. " + "The day went on and on without much happening. " * 3,
        "My sister and my sister's children came; my sister stayed for tea",
        *[f"The rain and the wind and the quiet, day {n}" for n in range(30)],
        "The the the the lighthouse",
        "The lighthouse, the lighthouse keeper and the lighthouse light",
    )
    assert [r.id for r in results(store, "sister")] == [2, 1]
    assert [r.id for r in results(store, "the lighthouse")] == [34, 33]


def test_a_word_finds_every_word_it_starts_however_many_there_are(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal(store, "Walking home", "I walked", "Two walks", "A wall", "walk", "W. Wörk", "x")
    assert sorted(r.id for r in results(store, "walk")) == [1, 2, 3, 5]
    assert sorted(r.id for r in results(store, "WÁLK")) == [1, 2, 3, 5]
    assert sorted(r.id for r in results(store, "w")) == [1, 2, 3, 4, 5, 6]  # w, wa*, wo*
    monkeypatch.setattr(searching, "MOST_SPELLINGS", 2)  # too many: FTS5's own prefix search
    monkeypatch.setattr(searching, "MOST_LETTER_STARTS", 1)
    assert sorted(r.id for r in results(store, "walk")) == [1, 2, 3, 5]
    assert sorted(r.id for r in results(store, "w")) == [1, 2, 3, 4, 5, 6]
    assert results(store, "walkabout") == () == results(store, "walk zebra")


def _many(store: Store) -> None:
    """40 journal entries and 20 check-ins that mention a sister, and some that do not."""
    with store.session() as session:
        for n in range(60):
            session.add(m.JournalEntry(created_at=NOW, body=f"Entry {n} about the weather"))
            if n % 3 != 2:
                session.add(m.JournalEntry(created_at=NOW, body=f"Entry {n}: my sister rang"))
            if n % 3 == 0:
                session.add(m.CheckIn(created_at=NOW, day=NOW.date(), mood=3, note="sister"))


@pytest.fixture
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searching, "WINDOW", 8)
    monkeypatch.setattr(searching, "EACH_AT_LEAST", 4)
    monkeypatch.setattr(searching, "SAMPLE", 4)


@pytest.mark.usefixtures("small_window")
def test_beyond_the_window_the_newest_are_ranked_and_the_rest_estimated(store: Store) -> None:
    _many(store)
    found = search_store(store, "sister", limit=3)
    assert not found.exact and found.ranked == 8  # the newest 4 of each kind
    assert 30 <= found.total <= 120  # 60 in truth: about, from samples
    pages = [search_store(store, "sister", limit=3, page=n) for n in (1, 2, 3)]
    seen = [(r.kind, r.id) for p in pages for r in p.results]
    assert len(seen) == len(set(seen)) == 8 and not pages[2].more and pages[1].more
    journal_ids = [row_id for kind, row_id in seen if kind == "journal"]
    assert sorted(journal_ids) == [92, 94, 97, 99]  # the newest four that match
    assert search_store(store, "sister", limit=3, page=99).page == 3  # past the end: the last page


@pytest.mark.usefixtures("small_window")
def test_a_small_search_is_counted_exactly_even_past_the_window(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(store)
    monkeypatch.setattr(searching, "SAMPLE", 10)  # more than the rest has in each sample
    found = search_store(store, "sister", tool="checkin", limit=2)
    assert found.exact and found.total == 20 and found.ranked == 8
    assert not found.every_match_ranked
    everything = search_store(store, "sister", tool="checkin", limit=40)  # a page holds them all
    assert everything.ranked == everything.total == 20 and everything.every_match_ranked


def test_rebuilding_a_full_index_finds_the_same_and_keeps_following_changes(
    written: Store,
) -> None:
    before = [(r.kind, r.id) for r in results(written, "sister")]
    with written.engine.begin() as conn:
        rows = search_index.rebuild(
            conn.exec_driver_sql, search_index.model_columns(), lambda done, total: None
        )
    assert rows == 3 and [(r.kind, r.id) for r in results(written, "sister")] == before
    entries.add(written, "journal", {"body": "My sister again"}, NOW)  # the triggers still work
    assert len(results(written, "sister")) == 3
