"""The basics through the real services on PostgreSQL: what is saved is read back as it was.

The SQLite-only parts (FTS5's search index, the trust totals' triggers, PRAGMAs, the WAL) are
left out by dialect (search has PostgreSQL's own index instead); here the services must still work, and give the same trust estimates
as the SQLite store does from the same evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.conftest import NOW
from trustbridge.config import DATABASE_URL_ENV, DB_FILENAME, Settings, load_settings
from trustbridge.domain import trust
from trustbridge.services import entries, people, search
from trustbridge.services.base import NotFound
from trustbridge.store.db import Store, current_revision, open_store
from trustbridge.store.schema import HEAD_REVISION

EARLIER = NOW - dt.timedelta(days=30)
EVIDENCE = [
    ("keeps_promises", "positive", "major", "2026-03-10", "Came to the appointment with me"),
    ("validates_feelings", "negative", "small", "2026-03-12", "Changed the subject"),
    ("keeps_promises", "positive", "significant", "2026-03-14", None),
]


@pytest.fixture
def hosted(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store opened the way the app opens one, from ``TRUSTBRIDGE_DATABASE_URL``."""
    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    monkeypatch.setenv(DATABASE_URL_ENV, plain)
    settings = load_settings()
    assert settings.sqlite_path is None
    opened = open_store(settings)
    yield opened
    opened.close()


def _fill(store: Store) -> None:
    people.add_person(
        store, {"name": "Sam", "kind": "friend", "notes": "Met at the choir"}, EARLIER
    )
    people.add_person(store, {"name": "Ana", "kind": "family"}, NOW)
    for dimension, direction, weight, day, note in EVIDENCE:
        raw = {"person": "Sam", "dimension": dimension, "direction": direction,
               "weight": weight, "occurred_on": day, "note": note}  # fmt: skip
        people.add_evidence(store, raw, NOW)


def test_the_schema_is_brought_up_on_open(hosted: Store) -> None:
    assert hosted.engine.dialect.name == "postgresql"
    assert current_revision(hosted.engine) == HEAD_REVISION


def test_a_journal_entry_is_read_back_as_written(hosted: Store) -> None:
    body = "Ich habe mich getraut, 'nein' zu sagen — and it was fine. 🌱"
    saved = entries.add(hosted, "journal", {"title": "A small step", "body": body}, NOW)
    entry = entries.get(hosted, "journal", saved.record.id)
    assert (entry.title, entry.body, entry.created_at) == ("A small step", body, NOW)
    assert entry.created_at.tzinfo is dt.UTC
    assert [e.id for e in entries.recent(hosted, "journal")] == [saved.record.id]
    assert entries.counts(hosted)["journal"] == 1

    entries.delete(hosted, "journal", saved.record.id)
    with pytest.raises(NotFound):
        entries.get(hosted, "journal", saved.record.id)
    assert entries.counts(hosted)["journal"] == 0


def test_named_emotions_keep_their_shape(hosted: Store) -> None:
    raw = {"situation": "No reply for two days", "automatic_thought": "They are tired of me",
           "emotion_1": "anxious", "intensity_1": "80", "rerated_1": "40",
           "balanced_thought": "They are often busy on weekdays"}  # fmt: skip
    saved = entries.add(hosted, "thought_record", raw, NOW)
    record = entries.get(hosted, "thought_record", saved.record.id)
    assert record.emotions == [{"name": "anxious", "intensity": 80, "rerated": 40}]


def test_a_person_and_their_evidence_are_read_back(hosted: Store) -> None:
    _fill(hosted)
    circle = people.circle(hosted, NOW)
    assert [member.person.name for member in circle] == ["Ana", "Sam"]  # newest first
    assert [member.evidence_count for member in circle] == [0, 3]

    listed = people.evidence_list(hosted, "Sam")
    assert [(e.dimension, e.positive, e.occurred_on.isoformat(), e.note) for e, _ in listed] == [
        (dimension, direction == "positive", day, note)
        for dimension, direction, _, day, note in reversed(EVIDENCE)
    ]
    page = people.person_page(hosted, "sam", NOW)
    assert page.person.notes == "Met at the choir" and page.evidence_count == 3
    assert people.find_person(hosted, "ANA").kind == "family"


def test_trust_estimates_match_the_sqlite_store(hosted: Store, tmp_path: Path) -> None:
    """PostgreSQL reads the events, SQLite its running totals: the same evidence, the same answer."""
    local = open_store(Settings(tmp_path, f"sqlite:///{tmp_path / DB_FILENAME}"))
    try:
        for store in (hosted, local):
            _fill(store)
        on_postgres = {m.person.name: m.overall for m in people.circle(hosted, NOW)}
        on_sqlite = {m.person.name: m.overall for m in people.circle(local, NOW)}
        page_pg = people.person_page(hosted, "Sam", NOW).estimates
        page_local = people.person_page(local, "Sam", NOW).estimates
    finally:
        local.close()
    assert sorted(on_postgres) == sorted(on_sqlite) == ["Ana", "Sam"]
    assert _figures(on_postgres) == pytest.approx(_figures(on_sqlite))
    assert _figures(page_pg) == pytest.approx(_figures(page_local))


def _figures(estimates: Mapping[str, trust.Estimate]) -> list[float]:
    """Every figure, key by key, as one flat list (``approx`` compares flat lists)."""
    return [
        figure
        for _, e in sorted(estimates.items())
        for figure in (e.positive, e.negative, e.mean, e.low, e.high)
    ]


def test_search_reads_postgresqls_own_index(hosted: Store) -> None:
    """On PostgreSQL, search reads the words migration 0010 indexes (hosted mode runs it as
    each account; this store, opened straight from the address, has no account and no owners)."""
    entries.add(hosted, "journal", {"body": "walking by the river"}, NOW)
    found = search.search_store(hosted, "river walk")
    assert found.total == 1 and found.exact
    [result] = found.results
    assert (result.kind, result.link) == ("journal", f"/tools/journal/{result.id}")
    assert result.snippet == (("walking", True), (" by the ", False), ("river", True))
    assert search.search_store(hosted, "sea").total == 0
