"""The lossless JSON export: any store the app could hold survives export, import into a fresh
store and export again unchanged; a broken or foreign file is refused with its path named, and
nothing is stored."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Boolean, Integer, Table, delete

from tests.conftest import NOW
from trustbridge.config import load_settings
from trustbridge.content import load_program
from trustbridge.domain.fields import Field
from trustbridge.domain.scoring import safety_score
from trustbridge.exchange import json_format
from trustbridge.exchange.common import ExchangeError
from trustbridge.exchange.tables import check_row, mapped_tables, stored_fields
from trustbridge.services import entries, people, security
from trustbridge.store.db import Store, open_store
from trustbridge.store.types import UTCDateTime

ZONES = st.sampled_from(
    [dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(dt.timedelta(hours=-8))]
)
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00\ufffd")
TEXT = st.text(CHARACTERS, max_size=30)
FILLED = st.text(CHARACTERS, min_size=1, max_size=30).filter(str.strip)
SIGNS = tuple(s.key for s in load_program().checklists["safety_signs"])


def _column_strategy(column: Any) -> st.SearchStrategy[Any]:
    """Any value the column can hold, for columns no field rule speaks about."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        base: st.SearchStrategy[Any] = st.datetimes(
            dt.datetime(1950, 1, 1), dt.datetime(2100, 1, 1), timezones=ZONES
        )
    elif isinstance(kind, Boolean):
        base = st.booleans()
    elif isinstance(kind, Integer):
        base = st.integers(-(2**63), 2**63 - 1)
    else:
        base = TEXT
    return (st.none() | base) if column.nullable else base


def _field_strategy(field: Field, nullable: bool) -> st.SearchStrategy[Any]:
    """Any value the field rules accept, in its stored form."""
    if field.kind in ("text", "longtext"):
        base: st.SearchStrategy[Any] = FILLED if field.required else TEXT
    elif field.kind == "int":
        base = st.integers(int(field.lo or 0), int(field.hi if field.hi is not None else 10**6))
    elif field.kind == "float":
        base = st.floats(field.lo or 0, field.hi or 10**6, allow_nan=False)
    elif field.kind == "date":
        base = st.dates(dt.date(1900, 1, 1), NOW.date() + dt.timedelta(days=field.hi or 0))
    elif field.kind == "choice":
        base = st.sampled_from([key for key, _ in field.choices])
    elif field.kind == "choices":
        keys = [key for key, _ in field.choices]
        base = st.lists(st.sampled_from(keys), unique=True).map(",".join)
    else:
        base = st.booleans()
    return (st.none() | base) if nullable else base


EMOTIONS = st.lists(
    st.fixed_dictionaries(
        {"name": FILLED, "intensity": st.integers(0, 100),
         "rerated": st.none() | st.integers(0, 100)}
    ),
    max_size=3,
)  # fmt: skip
ANSWERS = st.fixed_dictionaries({key: st.integers(0, 4) for key in SIGNS})


def _strategy(table: Table, column: Any) -> st.SearchStrategy[Any]:
    if (table.name, column.key) == ("thought_records", "emotions"):
        return EMOTIONS
    if (table.name, column.key) == ("safety_checks", "answers"):
        return ANSWERS
    if (table.name, column.key) == ("learned_belief_marks", "applies"):
        return st.just(True)  # the store keeps a mark only for a ticked belief
    field = stored_fields(table.name).get(column.key)
    return _column_strategy(column) if field is None else _field_strategy(field, column.nullable)


def _meets_the_rules(table: Table, row: dict[str, Any]) -> bool:
    if table.name == "safety_checks":
        row["score"] = safety_score(row["answers"])
    try:
        check_row(table, row, str, NOW)
    except ExchangeError:
        return False  # such as a habits log with nothing filled in: the app keeps none
    return True


def _repeats(table: Table, row: dict[str, Any], rows: list[dict[str, Any]]) -> bool:
    """Whether ``row`` repeats an earlier row's values on a unique index (a ritual kept twice
    on one day, say), which the store refuses and the app never writes."""
    for index in table.indexes:
        if index.unique:
            names = [column.key for column in index.columns]
            if any(all(row.get(n) == other.get(n) for n in names) for other in rows):
                return True
    return False


def _key(table: Table, column: Any, number: int, draw: st.DrawFn) -> Any:
    if isinstance(column.type, Integer):
        return number
    keys = [key for key, _ in stored_fields(table.name)[column.key].choices]
    return keys[number - 1] if number <= len(keys) else None


@st.composite
def stores(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """Rows for every table (a few each) that meet the field rules, referring only to rows
    that exist."""
    made: dict[str, list[dict[str, Any]]] = {}
    for table, _model in mapped_tables():
        rows: list[dict[str, Any]] = []
        used: dict[str, set[Any]] = {}
        for number in range(1, draw(st.integers(0, 3)) + 1):
            row: dict[str, Any] = {}
            for column in table.columns:
                if column.primary_key:
                    row[column.key] = _key(table, column, number, draw)
                    continue
                if column.foreign_keys:
                    target = next(iter(column.foreign_keys)).column
                    ids = [r[target.key] for r in made[target.table.name]]
                    ids = (
                        [i for i in ids if i not in used.get(column.key, set())]
                        if column.unique
                        else ids
                    )
                    choices = ([None] if column.nullable else []) + ids
                    if not choices:
                        row = {}
                        break
                    row[column.key] = draw(st.sampled_from(choices))
                    used.setdefault(column.key, set()).add(row[column.key])
                    continue
                row[column.key] = draw(_strategy(table, column))
            if row and not _repeats(table, row, rows) and _meets_the_rules(table, row):
                rows.append(row)
        made[table.name] = rows
    return made


def _insert(store: Store, rows: dict[str, list[dict[str, Any]]]) -> None:
    with store.session() as session:
        for table, model in mapped_tables():
            for row in rows[table.name]:
                session.add(model(**row))
            session.flush()


def _clear(store: Store) -> None:
    with store.session() as session:
        for table, _model in reversed(mapped_tables()):
            session.execute(delete(table))


def _expected(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """What the export should say about these rows: UTC times, ISO dates, ids in order."""

    def out(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).isoformat()
        return value.isoformat() if isinstance(value, dt.date) else value

    return {
        table.name: sorted(
            ({k: out(v) for k, v in row.items()} for row in rows[table.name]),
            key=lambda r: tuple(r[c.key] for c in table.primary_key.columns),
        )
        for table, _model in mapped_tables()
    }


def _without_moment(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


@pytest.fixture
def second_store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(load_settings(tmp_path / "second"))
    yield opened
    opened.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=stores())
def test_export_import_export_gives_the_same_document(
    store: Store, second_store: Store, rows: dict[str, list[dict[str, Any]]]
) -> None:
    _clear(store)
    _clear(second_store)
    _insert(store, rows)
    first = json_format.export_document(store, NOW)
    assert first["tables"] == _expected(rows)

    text = json_format.dumps(first)
    json_format.apply(second_store, text.encode("utf-8"), NOW)
    again = json_format.export_document(second_store, NOW + dt.timedelta(hours=1))

    assert _without_moment(again) == _without_moment(first)
    assert json.loads(json_format.dumps(again))["tables"] == first["tables"]


# --- a small real store ---------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    entries.add(store, "journal", {"title": "Sunday", "body": "A quiet day, finally."}, NOW)
    entries.add(
        store, "belief_tracker", {"statement": "I must cope alone", "believability": "70"}, NOW
    )
    people.add_person(store, {"name": "Sam", "kind": "friend"}, NOW - dt.timedelta(days=9))
    people.add_evidence(
        store,
        {"person": "Sam", "dimension": "keeps_promises", "direction": "positive",
         "occurred_on": "2026-03-10", "note": "Came when they said"},
        NOW,
    )  # fmt: skip
    return store


def _document(store: Store) -> dict[str, Any]:
    return json.loads(json_format.dumps(json_format.export_document(store, NOW)))


def test_document_has_its_header_and_every_table(filled: Store) -> None:
    document = _document(filled)
    assert document["format"] == "trustbridge-export"
    assert document["version"] == 1
    assert document["exported_at"] == "2026-03-14T09:30:00+00:00"
    assert set(document["tables"]) == {t.name for t, _ in mapped_tables()}
    [person] = document["tables"]["people"]
    assert next(iter(person)) == "id" and person["name"] == "Sam"
    [rating] = document["tables"]["belief_ratings"]
    assert rating["belief_id"] == document["tables"]["beliefs"][0]["id"]


def test_restored_ids_are_kept_and_new_entries_continue_after_them(
    filled: Store, second_store: Store
) -> None:
    document = _document(filled)
    document["tables"]["journal_entries"][0]["id"] = 41
    json_format.apply(second_store, json.dumps(document).encode(), NOW)
    [restored] = entries.recent(second_store, "journal")
    assert restored.id == 41 and restored.body == "A quiet day, finally."
    saved = entries.add(second_store, "journal", {"body": "Later"}, NOW)
    assert saved.record.id == 42


def test_a_store_with_entries_is_never_imported_into(filled: Store) -> None:
    text = json_format.dumps(json_format.export_document(filled, NOW)).encode()
    before = entries.counts(filled)
    with pytest.raises(ExchangeError, match="already has entries"):
        json_format.apply(filled, text, NOW)
    assert entries.counts(filled) == before


def test_an_export_restored_into_an_encrypted_store_is_encrypted_on_disk(
    filled: Store, tmp_path: Path
) -> None:
    text = json_format.dumps(json_format.export_document(filled, NOW)).encode()
    expected = _document(filled)["tables"]
    made = security.create(load_settings(tmp_path / "encrypted"), "a long enough passphrase")
    encrypted = open_store(made.settings)
    try:
        json_format.apply(encrypted, text, NOW)
        assert _document(encrypted)["tables"] == expected
    finally:
        encrypted.close()
    for path in made.settings.data_dir.rglob("*"):
        if path.is_file():
            assert b"A quiet day, finally." not in path.read_bytes(), path


def _broken(document: dict[str, Any], change: str) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    tables = doc["tables"]
    person, event = tables["people"][0], tables["evidence_events"][0]
    match change:
        case "format":
            doc["format"] = "something-else"
        case "newer":
            doc["version"] = 2
        case "table":
            tables["secrets"] = []
        case "column":
            person["age"] = 40
        case "type":
            person["kind"] = 5
        case "length":
            person["kind"] = "x" * 17
        case "date":
            event["occurred_on"] = "2026-13-01"
        case "naive":
            person["created_at"] = "2026-03-14T09:30:00"
        case "dangling":
            event["person_id"] = 99
        case "twice":
            tables["people"].append(dict(person))
        case "empty":
            person["name"] = None
        case "bool":
            event["positive"] = "yes"
    return doc


BROKEN = {
    "format": "format: this is not a Trustbridge export",
    "newer": "version: this file is version 2",
    "table": "tables.secrets: is not a table",
    "column": "tables.people[0].age: is not a column",
    "type": "tables.people[0].kind: must be text",
    "length": "tables.people[0].kind: must be at most 16 characters",
    "date": "tables.evidence_events[0].occurred_on: must be a date",
    "naive": "tables.people[0].created_at: must be a date and time with its offset",
    "dangling": "tables.evidence_events[0].person_id: refers to people 99",
    "twice": "tables.people[1]: the same id appears twice",
    "empty": "tables.people[0].name: must not be empty",
    "bool": "tables.evidence_events[0].positive: must be true or false",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One small export, made once for the tests that break it in different ways."""
    opened = open_store(load_settings(tmp_path_factory.mktemp("sample")))
    people.add_person(opened, {"name": "Sam", "kind": "friend"}, NOW - dt.timedelta(days=9))
    people.add_evidence(
        opened,
        {"person": "Sam", "dimension": "keeps_promises", "direction": "positive",
         "occurred_on": "2026-03-10"},
        NOW,
    )  # fmt: skip
    document = _document(opened)
    opened.close()
    return document


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store every refused import must leave empty (so the tests can share it)."""
    opened = open_store(load_settings(tmp_path_factory.mktemp("empty")))
    yield opened
    opened.close()


@pytest.mark.parametrize("change", list(BROKEN))
def test_a_broken_document_names_the_path_and_stores_nothing(
    sample: dict[str, Any], empty: Store, change: str
) -> None:
    data = json.dumps(_broken(sample, change)).encode()
    with pytest.raises(ExchangeError) as problem:
        json_format.apply(empty, data, NOW)
    assert BROKEN[change] in str(problem.value)
    assert "Sam" not in str(problem.value)
    assert json_format.is_empty(empty)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b'{"format": "trustbridge-export",\n "version": 1,,}',
            "Line 2, column 15: this is not valid JSON",
        ),
        (b"\xff\xfe{}", "Line 1: this is not UTF-8 text"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"format": "trustbridge-export", "version": 1}', "tables: missing"),
    ],
)
def test_files_that_are_not_exports_are_refused(empty: Store, data: bytes, expected: str) -> None:
    with pytest.raises(ExchangeError, match=expected):
        json_format.apply(empty, data, NOW)
    assert json_format.is_empty(empty)


def test_an_older_file_without_a_table_or_a_defaulted_field_still_imports(
    filled: Store, second_store: Store
) -> None:
    document = _document(filled)
    del document["tables"]["balance_logs"]
    del document["tables"]["evidence_events"][0]["source"]  # has a default: "manual"
    document["schema_revision"] = "0001"
    preview = json_format.preview(json.dumps(document).encode(), NOW)
    assert preview.counts["People"] == 1 and preview.counts["Evidence"] == 1
    assert any("0001" in warning for warning in preview.warnings)
    json_format.apply(second_store, json.dumps(document).encode(), NOW)
    assert _document(second_store)["tables"] == _document(filled)["tables"]


def test_an_older_export_with_unticked_beliefs_imports_only_the_ticked_ones(
    store: Store, second_store: Store
) -> None:
    now = NOW
    document = json_format.export_document(store, now)
    document["schema_revision"] = "0002"
    document["tables"]["learned_belief_marks"] = [
        {"key": key, "applies": key == "feelings_too_much", "updated_at": now.isoformat()}
        for key in ("feelings_too_much", "distance_is_safer")
    ]
    json_format.apply(second_store, json_format.dumps(document).encode("utf-8"), now)
    again = json_format.export_document(second_store, now)
    assert [r["key"] for r in again["tables"]["learned_belief_marks"]] == ["feelings_too_much"]
