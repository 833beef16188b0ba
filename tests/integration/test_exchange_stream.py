"""Export and import a chunk at a time: the same text as a whole document laid out by ``json``,
every row back after a round trip, nothing stored when the last row (or the last chunk) fails,
the file read a piece at a time exactly as ``json.loads`` reads it, and memory that stays
small however many rows there are."""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from tests.conftest import NOW
from tests.integration.support import Invoke, ok
from tests.integration.test_exchange_hardening import HOSTILE, HOSTILE_SHORT, _fill
from trustbridge.config import load_settings
from trustbridge.exchange import common, json_export, json_format, markdown
from trustbridge.exchange.common import ExchangeError, decode, load_json
from trustbridge.exchange.jsonstream import JsonReader
from trustbridge.exchange.tables import mapped_tables
from trustbridge.services import entries, people
from trustbridge.store import models as m
from trustbridge.store.db import Store, open_store

START = dt.datetime(2025, 1, 1, 8, 0, tzinfo=dt.UTC)
DIMENSIONS = ("keeps_promises", "respects_boundaries", "validates_feelings")


def bulk(store: Store, journal: int, checkins: int = 0, evidence: int = 0, words: int = 6) -> None:
    """Many rows at once (plain inserts, so the store's triggers run as for an import)."""
    text = " ".join(['a quiet walk, then tea «with» my sister; "fine" 🌧'] * words)
    when = [START + dt.timedelta(minutes=i) for i in range(max(journal, checkins))]
    with store.session() as session:
        people = [
            session.scalars(
                insert(m.Person).returning(m.Person.id),
                [{"created_at": START, "name": f"Person {i}", "kind": "friend"}],
            ).one()
            for i in range(3 if evidence else 0)
        ]
        rows: list[tuple[Any, list[dict[str, Any]]]] = [
            (m.JournalEntry, [
                {"created_at": when[i], "title": f"Day {i}" if i % 3 else None,
                 "body": f"{i}: {text}\nand after"}
                for i in range(journal)
            ]),
            (m.CheckIn, [
                {"created_at": when[i], "day": when[i].date(), "mood": i % 5 + 1,
                 "emotion": "calm", "energy": None if i % 2 else 3,
                 "connection": ("connected", "alone", None)[i % 3], "note": text[: i % 40]}
                for i in range(checkins)
            ]),
            (m.EvidenceEvent, [
                {"created_at": START, "person_id": people[i % 3], "dimension": DIMENSIONS[i % 3],
                 "positive": i % 4 != 0, "weight": "small",
                 "occurred_on": (START + dt.timedelta(days=i % 300)).date(),
                 "note": f"note {i}", "source": "manual", "source_id": None}
                for i in range(evidence)
            ]),
        ]  # fmt: skip
        for model, values in rows:
            if values:
                session.execute(insert(model.__table__), values)


def _thoughts(store: Store) -> None:
    for n in range(3):
        entries.add(
            store, "thought_record",
            {"situation": f"No reply {n}", "automatic_thought": HOSTILE_SHORT,
             "emotion_1": "anxious", "intensity_1": "80", "rerated_1": "40",
             "emotion_2": "sad «ok»", "intensity_2": "30"},
            NOW,
        )  # fmt: skip


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(load_settings(tmp_path / "fresh"))
    yield opened
    opened.close()


def _written(store: Store, now: dt.datetime = NOW) -> str:
    out = io.StringIO()
    json_format.write_json(store, now, out)
    return out.getvalue()


def _tables(text: str) -> dict[str, Any]:
    tables: dict[str, Any] = json.loads(text)["tables"]
    return tables


# --- the export -----------------------------------------------------------------------------


def _by_the_models(store: Store) -> dict[str, Any]:
    """The document as it was made before it was streamed: every model object, read whole."""

    def out(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).isoformat()
        return value.isoformat() if isinstance(value, dt.date) else value

    tables = {}
    with store.sessions() as session:
        for table, model in mapped_tables():
            columns = sorted(table.columns, key=lambda c: not c.primary_key)
            mapper = model.__mapper__
            found = session.scalars(select(model).order_by(*table.primary_key.columns))
            tables[table.name] = [
                {c.key: out(getattr(x, mapper.get_property_by_column(c).key)) for c in columns}
                for x in found
            ]
    return {
        "format": "trustbridge-export",
        "version": 1,
        "exported_at": NOW.isoformat(),
        "schema_revision": json_format.HEAD_REVISION,
        "tables": tables,
    }


def test_the_stream_is_byte_for_byte_what_json_lays_out(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store)
    _thoughts(store)
    entries.add(store, "journal", {"title": HOSTILE_SHORT, "body": HOSTILE}, NOW)
    bulk(store, journal=0, checkins=7)
    monkeypatch.setattr(json_export, "CHUNK", 2)  # rows cross many chunks
    text = _written(store)
    assert text == json.dumps(_by_the_models(store), ensure_ascii=False, indent=2) + "\n"
    assert text == json_format.dumps(json_format.export_document(store, NOW))


def test_an_empty_store_is_written_as_before(store: Store) -> None:
    assert _written(store) == json_format.dumps(_by_the_models(store))


def test_markdown_written_in_small_pieces_is_the_same(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store)
    _thoughts(store)
    people.add_person(store, {"name": "Alex", "kind": "family"}, NOW)  # no evidence yet
    entries.add(store, "journal", {"title": "  ", "body": "Line one\n\n\n\n  indented\n\n"}, NOW)
    whole = markdown.export_markdown(store, NOW)
    for chunk in (1, 3):
        monkeypatch.setattr(markdown, "CHUNK", chunk)
        assert markdown.export_markdown(store, NOW) == whole
    assert "\n\n\n" not in whole and whole.endswith("\xa0indented\n")
    assert "_No evidence noted yet._" in whole and "Came" not in whole
    assert markdown.export_markdown(store, NOW, stage=8).endswith("_Nothing saved here yet._\n")


# --- round trips and all-or-nothing ----------------------------------------------------------


def _many(store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    """An export of every kind of record and over 1,500 rows, read in chunks of 64."""
    bulk(store, journal=700, checkins=500, evidence=300)
    _fill(store)
    monkeypatch.setattr(json_export, "CHUNK", 64)  # written in chunks of 64
    monkeypatch.setattr(json_format, "CHUNK", 64)  # and read back so
    return _written(store)


def test_many_rows_come_back_whole(
    store: Store, fresh: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _many(store, monkeypatch)
    preview = json_format.preview(text.encode(), NOW)
    assert preview.counts["Journal entries"] == 701
    assert preview.total == sum(len(rows) for rows in _tables(text).values()) > 1500
    json_format.apply(fresh, text.encode(), NOW)
    again = _written(fresh, NOW + dt.timedelta(hours=1))
    assert _tables(again) == _tables(text)
    assert again.replace("10:30:00", "09:30:00", 1) == text  # only ``exported_at`` differs


def _break_last(text: str, table: str, key: str, value: object) -> bytes:
    document = json.loads(text)
    document["tables"][table][-1][key] = value
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def test_a_bad_last_row_stores_nothing(store: Store, fresh: Store) -> None:
    bulk(store, journal=1500, evidence=1200)
    data = _break_last(_written(store), "evidence_events", "weight", "enormous")
    with pytest.raises(ExchangeError, match=r"tables\.evidence_events\[1199\]\.weight"):
        json_format.apply(fresh, data, NOW)
    assert json_format.is_empty(fresh)


def test_a_failure_in_the_last_chunk_stores_nothing(store: Store, fresh: Store) -> None:
    bulk(store, journal=1500, evidence=1200)
    text = _written(store)
    seen: list[int] = []

    def fail_at_the_end(done: int, total: int) -> None:
        seen.append(done)
        if done == total:
            raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        json_format.apply(fresh, text.encode(), NOW, fail_at_the_end)
    assert seen[-1] == 2703 and len(seen) > 3  # written in chunks, then undone whole
    assert json_format.is_empty(fresh)
    with fresh.engine.connect() as connection:  # the triggers' own tables were undone too
        assert not connection.exec_driver_sql("SELECT count(*) FROM search_index").scalar()
        assert not connection.exec_driver_sql("SELECT count(*) FROM trust_totals").scalar()


def test_the_store_refusing_the_last_row_stores_nothing(store: Store, fresh: Store) -> None:
    _fill(store)  # a ritual kept once, and a bulk of rows before it
    bulk(store, journal=1500)
    document = json.loads(_written(store))
    kept = document["tables"]["rituals_kept"]
    kept.append({**kept[-1], "id": kept[-1]["id"] + 1})  # the same day twice: a unique index
    with pytest.raises(IntegrityError):
        json_format.apply(fresh, json.dumps(document).encode(), NOW)
    assert json_format.is_empty(fresh)


def test_a_file_changed_after_its_preview_is_not_imported(
    store: Store, fresh: Store, tmp_path: Path
) -> None:
    bulk(store, journal=50)
    path = tmp_path / "export.json"
    path.write_text(_written(store))
    plan = json_format.IMPORTER.plan(path, NOW)
    assert plan.total == 50
    path.write_text(path.read_text().replace('"Day 1"', '"Day 9"'))
    with pytest.raises(ExchangeError, match="changed after it was checked"):
        json_format.IMPORTER.save(fresh, plan)
    assert json_format.is_empty(fresh)


def test_a_rule_broken_after_the_preview_stores_nothing(
    store: Store, fresh: Store, tmp_path: Path
) -> None:
    """The second reading does not run every field rule again: a row it stores comes from a
    piece of the file the first reading checked, byte for byte, or it stops."""
    bulk(store, journal=10, checkins=1500)
    path = tmp_path / "export.json"
    path.write_text(_written(store))
    plan = json_format.IMPORTER.plan(path, NOW)
    text = path.read_text()
    at = text.rindex('"mood": ')  # the last check-in, pieces after the first
    assert at > json_format.CHUNK * 100
    path.write_text(text[:at] + '"mood": 9' + text[at + len('"mood": 1') :])
    with pytest.raises(ExchangeError, match="changed after it was checked"):
        json_format.IMPORTER.save(fresh, plan)
    assert json_format.is_empty(fresh)


def test_a_second_reading_stops_at_the_first_piece_that_differs() -> None:
    first = b"[" + b",".join(b'"%05d"' % i for i in range(3000)) + b"]"
    reader = JsonReader(io.BytesIO(first), piece=1000)
    assert len(reader.value()) == 3000
    changed = first[:2500] + b"9" + first[2501:]
    again = JsonReader(io.BytesIO(changed), piece=1000, expected=reader.pieces, changed="no")
    assert again.opens("[")
    seen = []
    with pytest.raises(ExchangeError, match="no"):
        for _ in again.elements():
            seen.append(again.value())
    assert seen and len(seen) * 8 < 2500  # stopped before the value that changed was read
    same = JsonReader(io.BytesIO(first), piece=1000, expected=reader.pieces, changed="no")
    assert len(same.value()) == 3000


def test_a_file_gone_after_its_preview_is_not_imported(
    store: Store, fresh: Store, tmp_path: Path
) -> None:
    bulk(store, journal=5)
    path = tmp_path / "export.json"
    path.write_text(_written(store))
    plan = json_format.IMPORTER.plan(path, NOW)
    path.unlink()
    with pytest.raises(ExchangeError, match="could not be read again"):
        json_format.IMPORTER.save(fresh, plan)
    assert json_format.is_empty(fresh)


def test_tables_listed_before_the_tables_they_refer_to_still_import(
    store: Store, fresh: Store
) -> None:
    _fill(store)
    text = _written(store)
    document = json.loads(text)
    document["tables"] = dict(reversed(document["tables"].items()))
    json_format.apply(fresh, json.dumps(document).encode(), NOW)
    assert _tables(_written(fresh)) == _tables(text)


def test_a_reference_to_a_table_listed_later_is_still_checked(store: Store, fresh: Store) -> None:
    _fill(store)
    document = json.loads(_written(store))
    document["tables"] = dict(reversed(document["tables"].items()))
    document["tables"]["evidence_events"][0]["person_id"] = 99
    with pytest.raises(ExchangeError, match=r"evidence_events\[0\]\.person_id: refers to people"):
        json_format.preview(json.dumps(document).encode(), NOW)


def test_references_to_rows_listed_later_are_kept_once_per_row_referred_to(store: Store) -> None:
    """A file listing evidence before people: the reading keeps each person referred to once,
    however many rows refer to them, and still names the first place referring to a missing
    one (here not the lowest missing number, nor a place met twice)."""
    bulk(store, journal=0, evidence=30)
    document = json.loads(_written(store))
    document["tables"] = dict(reversed(document["tables"].items()))
    rows = document["tables"]["evidence_events"]
    for at, missing in ((4, 98), (6, 99), (9, 98), (12, 97)):
        rows[at]["person_id"] = missing
    reading = json_format._Reading(NOW)
    for _ in json_format._walk_file(json.dumps(document).encode(), reading):
        pass
    assert len(reading.later) == 3 + 3  # the three people, and three numbers not in the file
    with pytest.raises(
        ExchangeError, match=r"evidence_events\[4\]\.person_id: refers to people 98,"
    ):
        reading.finish()


def test_a_reference_to_a_table_not_in_the_file_is_refused(store: Store) -> None:
    _fill(store)
    document = json.loads(_written(store))
    del document["tables"]["people"]
    with pytest.raises(ExchangeError, match=r"\[0\]\.person_id: refers to people 1, which is not"):
        json_format.preview(json.dumps(document).encode(), NOW)


def test_a_table_given_twice_is_refused(store: Store) -> None:
    bulk(store, journal=2)
    text = _written(store)
    twice = text.replace('"checkins": []', '"checkins": [], "checkins": []')
    with pytest.raises(ExchangeError, match=r"tables\.checkins: appears twice"):
        json_format.preview(twice.encode(), NOW)


def test_the_command_line_streams_a_file_larger_than_it_reads_whole(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = open_store(load_settings(tmp_path / "source"))
    bulk(source, journal=30)
    path = tmp_path / "all.json"
    path.write_text(_written(source))
    source.close()
    monkeypatch.setattr(common, "MAX_FILE_BYTES", 1000)  # a file read whole may not be this big
    out = ok(cli("import", "json", str(path), "--yes"))
    assert "Journal entries: 30" in out and "Imported 30 records" in out


def _opened_once(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each opening of the file an import reads, noted."""
    opened: list[object] = []
    real = json_format.open_source

    def noting(source: common.Source) -> Any:
        opened.append(source)
        return real(source)

    monkeypatch.setattr(json_format, "open_source", noting)
    return opened


def test_an_import_agreed_beforehand_reads_the_file_once(
    store: Store, fresh: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _many(store, monkeypatch)
    opened = _opened_once(monkeypatch)
    preview, stored = json_format.IMPORTER.import_now(fresh, text.encode(), NOW)
    assert len(opened) == 1
    assert preview == json_format.preview(text.encode(), NOW)
    assert stored.total == preview.total > 1500 and stored.checked_since is not None
    assert _tables(_written(fresh)) == _tables(text)
    with fresh.engine.connect() as connection:  # made once at the end, as the triggers would
        assert connection.exec_driver_sql("SELECT count(*) FROM search_index").scalar()
        assert connection.exec_driver_sql("SELECT count(*) FROM trust_totals").scalar()


def test_read_once_a_table_listed_before_its_parents_still_imports(
    store: Store, fresh: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored as read, children before parents: the store checks the references at the end."""
    _fill(store)
    text = _written(store)
    document = json.loads(text)
    document["tables"] = dict(reversed(document["tables"].items()))
    opened = _opened_once(monkeypatch)
    json_format.IMPORTER.import_now(fresh, json.dumps(document).encode(), NOW)
    assert len(opened) == 1
    assert _tables(_written(fresh)) == _tables(text)


@pytest.mark.parametrize("broken", ["last row", "reference", "last chunk"])
def test_read_once_a_problem_anywhere_stores_nothing(
    store: Store, fresh: Store, broken: str
) -> None:
    """A row breaking a rule at the very end, a reference to a row listed later that is not
    there, or a failure while the last chunk is stored: every stored row is undone."""
    bulk(store, journal=1500, evidence=1200)
    text = _written(store)
    document = json.loads(text)
    if broken == "last row":
        document["tables"]["evidence_events"][-1]["weight"] = "enormous"
    elif broken == "reference":
        document["tables"] = dict(reversed(document["tables"].items()))
        document["tables"]["evidence_events"][-1]["person_id"] = 99
    progress = None

    if broken == "last chunk":

        def progress(done: int, total: int) -> None:
            assert total == 0  # not known while the file is read
            if done == 2703:
                raise RuntimeError("the disk went away")

    with pytest.raises((ExchangeError, RuntimeError)):
        json_format.IMPORTER.import_now(fresh, json.dumps(document).encode(), NOW, progress)
    assert json_format.is_empty(fresh)
    with fresh.engine.connect() as connection:
        assert not connection.exec_driver_sql("SELECT count(*) FROM search_index").scalar()
        assert not connection.exec_driver_sql("SELECT count(*) FROM trust_totals").scalar()


def test_read_once_into_a_store_with_entries_is_refused(store: Store) -> None:
    bulk(store, journal=3)
    with pytest.raises(ExchangeError, match="already has entries"):
        json_format.IMPORTER.import_now(store, _written(store).encode(), NOW)


def test_the_command_line_reads_once_with_yes_and_twice_when_asked(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--yes``: read, checked and stored in one go, the preview shown after; ``--dry-run``
    and a question at the terminal read it first, as before."""
    source = open_store(load_settings(tmp_path / "source"))
    bulk(source, journal=30)
    path = tmp_path / "all.json"
    path.write_text(_written(source))
    source.close()
    opened = _opened_once(monkeypatch)
    dry = ok(cli("import", "json", str(path), "--dry-run"))
    assert "Journal entries: 30" in dry and len(opened) == 1
    out = ok(cli("import", "json", str(path), "--yes"))
    assert "Journal entries: 30" in out and "Imported 30 records" in out and len(opened) == 2
    again = cli("import", "json", str(path), "--yes")
    assert again.exit_code != 0 and "already has entries" in again.stderr
    assert len(opened) == 2  # refused before the file is read


# --- reading a piece at a time -------------------------------------------------------------


def _read(data: bytes, piece: int, digests: bool = True) -> Any:
    """The whole document, built by stepping through it as the importer does (``digests``:
    as the first reading of a preview does, or without them, as a file read once is)."""
    reader = JsonReader(io.BytesIO(data), piece=piece, digests=digests)

    def value(depth: int) -> Any:
        if depth < 3 and reader.opens("{"):
            return {key: value(depth + 1) for key in reader.members()}
        if depth < 3 and reader.opens("["):
            return [value(depth + 1) for _ in reader.elements()]
        return reader.value()

    found = value(0)
    reader.end()
    return found


def _outcome(read: Any) -> tuple[str, Any]:
    try:
        return "read", read()
    except ExchangeError as problem:
        return "refused", str(problem)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    document=st.dictionaries(st.text(max_size=4), JSON, max_size=4),
    indent=st.sampled_from([None, 0, 2]),
    cut=st.integers(0, 10_000),
    change=st.sampled_from(["none", "truncate", "drop", "insert"]),
    extra=st.sampled_from(list(b'{}[],:"\\ 0e.-x\n\xff\xc3')),
    piece=st.integers(1, 9),
    digests=st.booleans(),
)
def test_the_reader_reads_exactly_as_json_loads(
    document: dict[str, Any],
    indent: int | None,
    cut: int,
    change: str,
    extra: int,
    piece: int,
    digests: bool,
) -> None:
    data = json.dumps(document, indent=indent, ensure_ascii=cut % 2 == 0).encode()
    at = cut % (len(data) + 1)
    if change == "truncate":
        data = data[:at]
    elif change == "drop":
        data = data[:at] + data[at + 1 :]
    elif change == "insert":
        data = data[:at] + bytes([extra]) + data[at:]
    expected = _outcome(lambda: load_json(decode(data)))
    assert _outcome(lambda: _read(data, piece, digests)) == expected


@pytest.mark.parametrize(
    "data",
    [b"[" * 100_000, b'{"a": 1e999, "b": 12345678901234567890}', b"\xef\xbb\xbf{}",
     b'{"a": "\\ud83d\\ude00 \\u00e9"}', b'{"a": 1} []', b'{"a": [1, 2,]}', b"",
     b'{"a": "' + b"9" * 5000 + b'"}', b'{"n": ' + b"9" * 5000 + b"}"],
)  # fmt: skip
def test_edge_cases_read_as_json_loads_reads_them(data: bytes) -> None:
    for piece in (1, 4, 1 << 20):
        assert _outcome(lambda: _read(data, piece)) == _outcome(lambda: load_json(decode(data)))  # noqa: B023


@given(st.lists(st.integers(-50, 50) | st.text(max_size=2), max_size=60))
def test_ids_kept_as_runs_remember_exactly_what_was_seen(values: list[int | str]) -> None:
    ids, seen = json_format._Ids(), set()
    for value in values:
        assert ids.add(value) == (value not in seen)
        seen.add(value)
    for probe in [*range(-52, 53), "a", ""]:
        assert (probe in ids) == (probe in seen)


# --- memory -----------------------------------------------------------------------------------


class _Sink(io.StringIO):
    """Takes text and keeps none of it."""

    def write(self, text: str) -> int:
        return len(text)


def _peak(work: Any) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_small_however_many_rows(store: Store, tmp_path: Path) -> None:
    """12,000 entries, about 8 MB of export. Made whole, the document took about 65 MiB and a
    preview of it about 40 MiB; a chunk at a time, a few."""
    bulk(store, journal=12_000, words=8)
    path = tmp_path / "export.json"
    path.write_text(_written(store))
    assert path.stat().st_size > 7_000_000
    limit = 16 * 1024 * 1024
    assert _peak(lambda: json_format.write_json(store, NOW, _Sink())) < limit
    assert _peak(lambda: markdown.write_markdown(store, NOW, _Sink())) < limit
    assert _peak(lambda: json_format.preview(path, NOW)) < limit
