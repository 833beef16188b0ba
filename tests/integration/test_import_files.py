"""Importing from jrnl, Daylio and FreeCBT: real-looking files become the expected entries, and a
broken file names its line or field and stores nothing at all."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOW
from trustbridge.config import load_settings
from trustbridge.exchange import common, daylio, freecbt, jrnl
from trustbridge.exchange.common import ExchangeError
from trustbridge.services import entries, security
from trustbridge.store.db import Store, open_store

DATA = Path(__file__).parents[1] / "data"


def local(day: str, clock: str) -> dt.datetime:
    return dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time.fromisoformat(clock)
    ).astimezone()


def oldest_first(store: Store, slug: str) -> list[Any]:
    return sorted(entries.recent(store, slug), key=lambda e: (e.created_at, e.id))


# --- jrnl -----------------------------------------------------------------------------------


def test_jrnl_entries_become_journal_entries(store: Store) -> None:
    preview = jrnl.apply(store, DATA / "jrnl.json", NOW)
    assert preview.counts == {"Journal": 3}
    assert any("starred" in w for w in preview.warnings)
    first, second, third = oldest_first(store, "journal")
    assert (first.title, first.body) == (
        "Slow start.",
        "Tea on the step before anyone else was awake. @home",
    )
    assert first.created_at == local("2025-11-02", "07:45")
    assert second.body.startswith("I almost let it ring out again.") and second.body.endswith(
        "@sam"
    )
    # a title-only jrnl entry keeps its words as the text
    assert (third.title, third.body) == (
        None,
        "Rain all day and the kitchen light flickering again.",
    )


def test_jrnl_preview_stores_nothing(store: Store) -> None:
    preview = jrnl.preview(DATA / "jrnl.json", NOW)
    assert preview.total == 3 and "journal entry" in preview.mappings[0]
    assert (preview.first, preview.last) == (dt.date(2025, 11, 2), dt.date(2025, 11, 5))
    assert preview.written == (
        "Written between Sunday 2 November 2025 and Wednesday 5 November 2025."
    )
    assert entries.counts(store)["journal"] == 0


def test_a_jrnl_title_over_the_limit_moves_into_the_text(store: Store) -> None:
    title = "word " * 50
    data = {"entries": [{"title": title, "body": "more", "date": "2025-01-01", "time": "10:00"}]}
    preview = jrnl.apply(store, json.dumps(data).encode(), NOW)
    [entry] = entries.recent(store, "journal")
    assert entry.title is None and entry.body == f"{title.strip()}\n\nmore"
    assert any("first sentence" in w for w in preview.warnings)


# --- Daylio ---------------------------------------------------------------------------------


def test_daylio_eight_columns_become_check_ins(store: Store) -> None:
    preview = daylio.apply(store, DATA / "daylio.csv", NOW)
    assert preview.counts == {"Check-in": 5} and preview.warnings == ()
    found = oldest_first(store, "checkin")
    assert [c.mood for c in found] == [1, 2, 5, 3, 4]
    latest = found[-1]
    assert latest.day == dt.date(2025, 11, 3)
    assert latest.created_at == local("2025-11-03", "21:10")
    assert (
        latest.note
        == "Lunch with Sam\n\nWe talked for two hours.\nIt felt easy.\n\nActivities: friends, walk"
    )
    assert found[3].created_at == local("2025-11-02", "21:30")  # "9:30 pm"
    assert found[3].note is None


def test_daylio_older_seven_columns_and_a_renamed_mood_by_position(store: Store) -> None:
    preview = daylio.apply(store, DATA / "daylio_old.csv", NOW)
    assert preview.total == 5
    assert preview.warnings == ('Mood "so-so" was matched to 3 (the one level left free for it).',)
    moods = {c.day: c.mood for c in entries.recent(store, "checkin")}
    assert moods[dt.date(2019, 5, 17)] == 3 and moods[dt.date(2019, 5, 18)] == 5


def test_daylio_oldest_layout_with_a_year_column(store: Store) -> None:
    text = "year,date,weekday,time,mood,activities,note\n2018,18 May,Friday,11:54 pm,rad,clean | music,Went to a party\n"
    daylio.apply(store, text.encode(), NOW)
    [checkin] = entries.recent(store, "checkin")
    assert checkin.day == dt.date(2018, 5, 18) and checkin.mood == 5
    assert checkin.created_at == local("2018-05-18", "23:54")
    assert checkin.note == "Went to a party\n\nActivities: clean, music"


CUSTOM = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2025-03-02,March 2,Sunday,20:00,sleepy,,,\n"
    "2025-03-01,March 1,Saturday,20:00,cosy,,,\n"
    "2025-02-28,February 28,Friday,20:00,rad,,,\n"
)


def test_daylio_moods_that_cannot_be_placed_are_left_out_with_a_warning(store: Store) -> None:
    preview = daylio.apply(store, CUSTOM.encode(), NOW)
    assert preview.total == 1
    assert any('"cosy" (1 row)' in w for w in preview.warnings)
    assert any('"sleepy" (1 row)' in w for w in preview.warnings)
    assert [c.mood for c in entries.recent(store, "checkin")] == [5]


def test_daylio_moods_the_person_names_are_used(store: Store) -> None:
    preview = daylio.apply(store, CUSTOM.encode(), NOW, moods={"Sleepy": 2, "cosy": 4})
    assert preview.total == 3 and preview.warnings == ()
    assert sorted(c.mood for c in entries.recent(store, "checkin")) == [2, 4, 5]


# --- FreeCBT --------------------------------------------------------------------------------


def test_freecbt_csv_thoughts_become_thought_records(store: Store) -> None:
    preview = freecbt.apply(store, DATA / "freecbt.csv", NOW)
    assert preview.counts == {"Thought record": 3}
    assert any('"wishful-thinking" (1 thought)' in w for w in preview.warnings)
    assert any("3 thoughts have no situation" in w for w in preview.warnings)
    first, second, third = oldest_first(store, "thought_record")
    assert first.automatic_thought == "She hasn't replied, so she's annoyed with me."
    assert first.distortions == "fortune_telling,mind_reading"
    assert first.evidence_against == "She said she had a long shift today."
    assert first.balanced_thought == "She is probably tired; I can check in tomorrow."
    assert first.situation == freecbt.NO_SITUATION and first.emotions == []
    assert first.created_at == dt.datetime(2025, 10, 12, 19, 4, 11, tzinfo=dt.UTC)
    assert second.distortions == "all_or_nothing,overgeneralising,personalising"
    assert third.distortions == "catastrophising,labelling"
    assert third.evidence_against is None and third.balanced_thought is None


def test_freecbt_json_keeps_only_selected_distortions(store: Store) -> None:
    preview = freecbt.apply(store, DATA / "freecbt.json", NOW)
    assert preview.total == 2
    first, second = oldest_first(store, "thought_record")
    assert first.distortions == "mind_reading,overgeneralising"
    assert second.situation == "My brother cancelled our call."
    assert second.distortions == "emotional_reasoning,magnifying_minimising"


def test_freecbt_archive_with_slug_lists(store: Store) -> None:
    archive = {"v": "Archive-v1", "thoughts": [
        {"automaticThought": "I always mess up", "cognitiveDistortions": ["labeling"],
         "challenge": "", "alternativeThought": "", "createdAt": "2025-01-02T03:04:05Z"},
    ]}  # fmt: skip
    freecbt.apply(store, json.dumps(archive).encode(), NOW)
    [record] = entries.recent(store, "thought_record")
    assert record.distortions == "labelling" and record.evidence_against is None


# --- privacy: encrypted on disk, never in messages ------------------------------------------


def test_imported_text_is_encrypted_on_disk(tmp_path: Path) -> None:
    made = security.create(load_settings(tmp_path / "encrypted"), "a long enough passphrase")
    store = open_store(made.settings)
    try:
        jrnl.apply(store, DATA / "jrnl.json", NOW)
        bodies = [e.body for e in entries.recent(store, "journal")]
    finally:
        store.close()
    assert bodies
    words = [body.split()[0:4] for body in bodies if len(body.split()) >= 4]
    for path in made.settings.data_dir.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            assert not any(" ".join(w).encode() in raw for w in words), path


# --- broken files ---------------------------------------------------------------------------

GOOD_JRNL = (DATA / "jrnl.json").read_text()
GOOD_DAYLIO = (DATA / "daylio.csv").read_text()
GOOD_CBT = (DATA / "freecbt.csv").read_text()
SECRET = "my secret words"


def _jrnl(change: dict[str, object]) -> bytes:
    document = json.loads(GOOD_JRNL)
    document["entries"][1].update(change)
    return json.dumps(document).encode()


def _csv_line(text: str, line: int, replace: str) -> bytes:
    lines = text.splitlines()
    lines[line - 1] = replace
    return ("\n".join(lines) + "\n").encode()


BROKEN = [
    (jrnl, _jrnl({"date": "2025-02-30"}), "entries[1].date: Date must be a date, like "),
    (jrnl, _jrnl({"date": "2099-01-01"}), "entries[1].date: Date cannot be in the future"),
    (jrnl, _jrnl({"time": "25:99"}), "entries[1].time: must be a time"),
    (jrnl, _jrnl({"body": SECRET * 2000}), "entries[1].body: Please shorten what is on your mind"),
    (jrnl, _jrnl({"body": 7}), "entries[1].body: must be text"),
    (jrnl, GOOD_JRNL.replace('"07:45",', '"07:45"').encode(), "Line 12, column 7: this is not valid JSON"),
    (jrnl, b'{"journal": []}', "entries: missing"),
    (daylio, _csv_line(GOOD_DAYLIO, 3, "2025-11-02,November 2,Sunday,9:30 pm,meh,"), "Line 3: expected 8 columns, found 6"),
    (daylio, _csv_line(GOOD_DAYLIO, 4, "2025-13-01,x,Saturday,20:05,rad,,,"), "Line 4, full_date: Date must be a date, like "),
    (daylio, _csv_line(GOOD_DAYLIO, 2, "2025-11-03,x,Monday,21:10,7,,," + SECRET), "Line 2, mood: Your mood must be a whole number between 1 and 5."),
    (daylio, _csv_line(GOOD_DAYLIO, 5, "2025-10-31,x,Friday,half past,bad,,,"), "Line 5, time: must be a time"),
    (daylio, _csv_line(GOOD_DAYLIO, 6, f'2025-10-30,x,Thursday,23:00,awful,,,"{SECRET * 2000}"'), "Line 6, note: Please shorten the note"),
    (daylio, b"date,mood\n2025-01-01,rad\n", "Line 1: this is not a Daylio export"),
    (daylio, GOOD_DAYLIO.encode() + b"2025-10-29,x,Wednesday,20:00,bad,,,\xff\xfe\n", "Line 7: this is not UTF-8 text"),
    (daylio, b'full_date,date,weekday,time,mood,activities,note_title,note\n2025-01-01,x,y,20:00,rad,,,"open\n', "Line 2: this is not valid CSV"),
    (freecbt, _csv_line(GOOD_CBT, 3, "x,not a time,y,I fail,labeling,,"), "Line 3, createdAt: must be a date and time"),
    (freecbt, _csv_line(GOOD_CBT, 2, "x,2025-10-12T19:04:11Z,y,I fail"), "Line 2: expected 7 columns, found 4"),
    (freecbt, _csv_line(GOOD_CBT, 2, "x,2025-10-12T19:04:11Z,y,,labeling,," + SECRET), "Line 2, automaticThought: Please fill in the automatic thought."),
    (freecbt, b'[{"automaticThought": "x", "createdAt": "2025-01-01T00:00:00Z", "cognitiveDistortions": 5}]', "[0].cognitiveDistortions: must be a list"),
    (freecbt, b'{"thoughts": [{"automaticThought": "x"}]}', "thoughts[0].createdAt: is missing"),
    (freecbt, b'[{"automaticThought": "x", "createdAt": "2025-01-01T00:00:00Z", "challenge": ["no"]}]', "[0].challenge: must be text"),
    (freecbt, b'{"thoughts": [', "Line 1, column 15: this is not valid JSON"),
]  # fmt: skip


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One store every refused import must leave empty (so the cases can share it)."""
    opened = open_store(load_settings(tmp_path_factory.mktemp("empty")))
    yield opened
    opened.close()


@pytest.mark.parametrize(("importer", "data", "expected"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_a_broken_file_names_the_problem_and_stores_nothing(
    empty: Store, importer: object, data: bytes, expected: str
) -> None:
    with pytest.raises(ExchangeError) as problem:
        importer.apply(empty, data, NOW)  # type: ignore[attr-defined]
    assert expected in str(problem.value)
    assert SECRET not in str(problem.value)
    assert sum(entries.counts(empty).values()) == 0


def test_a_failure_while_writing_keeps_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "CHUNK", 1)
    seen: list[int] = []

    def fail_after_the_first(done: int, total: int) -> None:
        seen.append(done)
        if done == 2:
            raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        daylio.apply(store, DATA / "daylio.csv", NOW, fail_after_the_first)
    assert seen == [1, 2]
    assert entries.counts(store)["checkin"] == 0


def test_a_missing_file_is_an_os_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        jrnl.preview(tmp_path / "nope.json", NOW)


def test_a_huge_file_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_FILE_BYTES", 100)
    with pytest.raises(ExchangeError, match="larger than"):
        daylio.preview(DATA / "daylio.csv", NOW)
