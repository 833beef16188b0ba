"""Exports and imports that hold up against what is in them: the Markdown copy shows what people
wrote as text in a real renderer, and a JSON import meets the same rules as typing the entries in."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import text

from tests.conftest import NOW
from trustbridge.config import load_settings
from trustbridge.content import load_program
from trustbridge.exchange import json_format
from trustbridge.exchange.common import ExchangeError
from trustbridge.exchange.markdown import export_markdown
from trustbridge.exchange.tables import mapped_tables, row_rules
from trustbridge.services import (
    boundaries,
    entries,
    growth,
    people,
    relating,
    safety_plan,
    selfwork,
)
from trustbridge.services import support as support_map
from trustbridge.store.db import Store, open_store

EARLIER = NOW - dt.timedelta(days=20)
#: things that would be markup if they were not escaped, each on its own line
HOSTILE_LINES = (
    "<script>alert(1)</script>",
    "# not a heading",
    "[link](javascript:alert(1))",
    "![img](http://x.invalid/p.png)",
    "**bold** and _em_ and ~~gone~~",
    "- not a list",
    "1. not a list either",
    "> not a quote",
    "`code` and ```fence",
    "<img src=x onerror=alert(1)>",
    "a | table | row",
    "&lt;b&gt; stays as typed",
    "===",
    "    four spaces, not code",
)
HOSTILE = "\n".join(HOSTILE_LINES)
HOSTILE_SHORT = "<script>alert(1)</script> [x](javascript:alert(1)) ![i](http://x) **b**"


class _Page(HTMLParser):
    """The tags a renderer made, and the text a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(markdown: str) -> _Page:
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    page = _Page()
    page.feed(html.render(markdown))
    return page


@pytest.fixture
def hostile(store: Store) -> Store:
    """Markup-looking text in many tools, as a person could type it."""
    entries.add(store, "journal", {"title": HOSTILE_SHORT, "body": HOSTILE}, NOW)
    entries.add(
        store, "thought_record",
        {"situation": HOSTILE, "automatic_thought": HOSTILE_SHORT,
         "emotion_1": "<b>sad</b>", "intensity_1": "80"},
        NOW,
    )  # fmt: skip
    entries.add(store, "checkin", {"mood": "3", "emotion": "- calm", "note": HOSTILE}, NOW)
    people.add_person(store, {"name": "<i>Sam</i>", "kind": "friend", "notes": HOSTILE}, EARLIER)
    people.add_evidence(
        store,
        {"person": "<i>Sam</i>", "dimension": "keeps_promises", "direction": "positive",
         "occurred_on": "2026-03-10", "note": HOSTILE_SHORT},
        NOW,
    )  # fmt: skip
    boundaries.add_boundary(store, {"statement": "1. # <u>no</u>", "kind": "time"}, NOW)
    return store


def test_a_renderer_shows_what_people_wrote_as_text(hostile: Store) -> None:
    page = render(export_markdown(hostile, NOW))
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "a", "code", "pre", "ol", "table", "hr", "del", "s"}
    assert not tags & {"b", "i", "u"}  # raw HTML inline is text too
    assert not any("javascript:" in str(attrs) for _, attrs in page.tags)
    seen = "".join(page.text)
    for line in HOSTILE_LINES:
        assert line.strip() in seen, line
    assert HOSTILE_SHORT in seen and "<i>Sam</i>" in seen and "1. # <u>no</u>" in seen


def test_the_documents_own_structure_still_renders(hostile: Store) -> None:
    markdown = export_markdown(hostile, NOW)
    page = render(markdown)
    headings = [tag for tag, _ in page.tags if tag in ("h1", "h2", "h3", "h4")]
    assert headings.count("h1") == 1 and "h2" in headings and "h4" in headings
    assert "li" in {tag for tag, _ in page.tags} and "strong" in {tag for tag, _ in page.tags}
    assert "blockquote" in {tag for tag, _ in page.tags}
    assert "- **Main emotion:** \\- calm" in markdown


def test_multi_line_text_keeps_its_lines(hostile: Store) -> None:
    html = MarkdownIt("commonmark", {"html": True}).render(export_markdown(hostile, NOW))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br />" in html
    assert "# not a heading<br />" in html


def test_control_codes_are_not_written_into_the_markdown(store: Store) -> None:
    entries.add(store, "journal", {"title": "t\x1b]0;x\x07", "body": "a\x1b[2J\nb\x9b\u202e"}, NOW)
    markdown = export_markdown(store, NOW)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in markdown


# --- a bad value already in a store ---------------------------------------------------------


def _thought(store: Store) -> int:
    saved = entries.add(
        store, "thought_record",
        {"situation": "No reply", "automatic_thought": "They left",
         "emotion_1": "anxious", "intensity_1": "80"},
        NOW,
    )  # fmt: skip
    return int(saved.record.id)


@pytest.mark.parametrize(
    "stored",
    ['"anxious"', "42", '{"name": "anxious"}', '[1, "x", null]', '[{"intensity": 5}]',
     '[{"name": "ok", "intensity": "high"}, {"name": "calm", "intensity": 20}]'],
)  # fmt: skip
def test_a_bad_emotions_value_in_the_store_does_not_break_the_export(
    store: Store, stored: str
) -> None:
    record_id = _thought(store)
    with store.session() as session:
        session.execute(
            text("UPDATE thought_records SET emotions = :e WHERE id = :i"),
            {"e": stored, "i": record_id},
        )
    markdown = export_markdown(store, NOW)
    assert "They left" in markdown
    if "calm" in stored:
        assert "calm 20" in markdown


def test_bad_safety_answers_in_the_store_do_not_break_the_export(store: Store) -> None:
    signs = load_program().checklists["safety_signs"]
    entries.add(store, "safety_selfcheck", {s.key: "1" for s in signs}, NOW)
    with store.session() as session:
        session.execute(text("UPDATE safety_checks SET answers = '[1, 2]'"))
    assert "Safety self-check" in export_markdown(store, NOW)


# --- JSON import: the same rules as typing ---------------------------------------------------


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An export of a store filled through the services, every tool used at least once."""
    opened = open_store(load_settings(tmp_path_factory.mktemp("full")))
    _fill(opened)
    document = json.loads(json_format.dumps(json_format.export_document(opened, NOW)))
    opened.close()
    return document


def _fill(store: Store) -> None:
    program = load_program()
    lists = program.checklists
    add = entries.add
    add(store, "checkin", {"mood": "4", "emotion": "calm", "energy": "3",
                           "connection": "connected", "note": "Tea"}, NOW)  # fmt: skip
    add(store, "journal", {"title": "Sunday", "body": "A quiet day."}, NOW)
    add(store, "hurt_inventory", {"what_happened": "Left out", "kind": "rejection",
                                  "occurred_on": "1999-06-01"}, NOW)  # fmt: skip
    selfwork.mark_learned_beliefs(store, [lists["learned_beliefs"][0].key], NOW)
    add(store, "pattern_journal", {"situation": "A party", "pattern": lists["patterns"][0].key},
        NOW)  # fmt: skip
    add(store, "thought_record",
        {"situation": "No reply", "automatic_thought": "They are tired of me",
         "emotion_1": "anxious", "intensity_1": "80", "rerated_1": "40",
         "emotion_2": "sad", "intensity_2": "30",
         "distortions": [program.distortions[0].key, program.distortions[1].key]}, NOW)  # fmt: skip
    belief = add(store, "belief_tracker", {"statement": "I cope alone", "believability": "70"},
                 NOW)  # fmt: skip
    selfwork.rate_belief(store, belief.record.id, {"believability": "50", "note": "Less"}, NOW)
    add(store, "safety_selfcheck", {s.key: "2" for s in lists["safety_signs"]}, NOW)
    promise = add(store, "self_promises", {"text": "Walk", "due_on": "2026-03-20"}, NOW)
    relating.settle_promise(store, promise.record.id, "kept", NOW)
    steps = {step.key: "Yes" for step in lists["self_empathy_steps"]}
    add(store, "self_empathy", {"situation": "A hard call", **steps}, NOW)
    add(store, "affirmations", {"text": "I am allowed to rest"}, NOW)
    add(store, "habits", {"day": "2026-03-13", "sleep_hours": "7.5", "food": "4"}, NOW)
    add(store, "mindful_pause", {"seconds": "120"}, NOW)
    _fill_people(store)
    _fill_growth(store)


def _fill_growth(store: Store) -> None:
    """Stage 8 and the support layer, with Sam where a tool can name someone."""
    growth.set_checkin_every(store, {"days": "10"}, NOW)
    growth.add_checkin(store, {"held_on": "2026-03-13", "person": "Sam", "went_well": "Tea"}, NOW)
    ritual = growth.add_ritual(store, {"name": "Walk", "person": "Sam", "cadence": "weekly"}, NOW)
    growth.keep_ritual(store, ritual.record.id, {"kept_on": "2026-03-12"}, NOW)
    growth.add_appreciation(store, {"what": "The lift", "person": "Sam", "said_out_loud": "yes",
                                    "noted_on": "2026-03-13"}, NOW)  # fmt: skip
    goal = growth.add_goal(store, {"goal": "A trip", "review_on": "2026-06-01"}, NOW)
    growth.review_goal(store, goal.record.id, {"reviewed_on": "2026-03-13", "still_ours": "yes",
                                                "progress": "Saving"}, NOW)  # fmt: skip
    growth.add_win(store, {"what": "Stayed calm", "kind": "other", "happened_on": "2026-03-13"},
                   NOW)  # fmt: skip
    support_map.add_contact(store, {"name": "Walking group", "kind": "group",
                                    "helps_with": ["company"]}, NOW)  # fmt: skip
    safety_plan.save_plan(store, {"warning_signs": "Not sleeping"}, NOW)


def _fill_people(store: Store) -> None:
    people.add_person(store, {"name": "Sam", "kind": "friend", "notes": "School"}, EARLIER)
    people.add_evidence(
        store, {"person": "Sam", "dimension": "validates_feelings", "direction": "negative",
                "weight": "major", "occurred_on": "2026-03-01"}, NOW,
    )  # fmt: skip
    rung = relating.add_rung(store, {"person": "Sam", "action": "Say so", "risk": "40",
                                     "planned_on": "2026-03-20"}, NOW)  # fmt: skip
    relating.reflect_rung(store, rung.record.id, {"response": "neutral", "fear_before": "60",
                                                  "done_on": "2026-03-12"}, NOW)  # fmt: skip
    relating.add_rung(store, {"person": "Sam", "action": "Ask for help", "risk": "70"}, NOW)
    theirs = relating.add_promise(store, {"person": "Sam", "made_by": "them", "text": "Call",
                                          "due_on": "2026-03-13"}, NOW)  # fmt: skip
    relating.settle_promise(store, theirs.record.id, "broken", NOW)
    relating.save_bridge(store, "Sam", {"what_broke": "Silence", "cadence_days": "14"}, NOW)
    gut = relating.add_gut_check(store, {"person": "Sam", "sense": "Sam will call",
                                         "confidence": "70"}, NOW)  # fmt: skip
    relating.resolve_gut_check(store, gut.record.id, {"came_true": "no"}, NOW)
    relating.add_gut_check(store, {"person": "Sam", "sense": "Later", "confidence": "55"}, NOW)
    boundary = boundaries.add_boundary(
        store, {"statement": "No calls after ten", "kind": "time", "non_negotiable": "yes",
                "review_on": "2026-06-01"}, NOW,
    )  # fmt: skip
    boundaries.add_i_statement(store, {"boundary_id": str(boundary.record.id), "feel": "tired",
                                       "when": "calls come late", "need": "quiet"}, NOW)  # fmt: skip
    boundaries.add_boundary_event(
        store, {"boundary_id": str(boundary.record.id), "person": "Sam", "outcome": "crossed",
                "occurred_on": "2026-03-11"}, NOW,
    )  # fmt: skip
    boundaries.add_balance(store, {"day": "2026-03-13", "alone_minutes": "90",
                                   "connected_minutes": "30", "solitude_met": "yes"}, NOW)  # fmt: skip


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = open_store(load_settings(tmp_path_factory.mktemp("empty")))
    yield opened
    opened.close()


def _refused(document: dict[str, Any], store: Store) -> str:
    with pytest.raises(ExchangeError) as problem:
        json_format.apply(store, json.dumps(document).encode(), NOW)
    assert json_format.is_empty(store)
    return str(problem.value)


def test_a_full_export_made_through_the_services_still_imports(
    full: dict[str, Any], tmp_path: Path
) -> None:
    assert all(full["tables"][name] for name in full["tables"]), "every table is used"
    fresh = open_store(load_settings(tmp_path / "fresh"))
    try:
        json_format.apply(fresh, json.dumps(full).encode(), NOW)
        again = json.loads(json_format.dumps(json_format.export_document(fresh, NOW)))
    finally:
        fresh.close()
    assert again["tables"] == full["tables"]


def test_an_export_made_long_ago_still_imports(full: dict[str, Any], tmp_path: Path) -> None:
    """Rules about typing "now" (a date so many days back) do not apply to a year-old export."""
    later = NOW + dt.timedelta(days=800)
    fresh = open_store(load_settings(tmp_path / "later"))
    try:
        json_format.apply(fresh, json.dumps(full).encode(), later)
    finally:
        fresh.close()


def _changed(full: dict[str, Any], table: str, column: str, value: object) -> dict[str, Any]:
    document = copy.deepcopy(full)
    document["tables"][table][0][column] = value
    return document


BIG = "x" * 5_000_000
#: one value changed in a real export; the rule it breaks is the field's own (its words are
#: the field rules' to choose), so the message is checked for where it points
REFUSED = [
    ("checkins", "mood", 999),
    ("checkins", "connection", "lonely"),
    ("journal_entries", "body", BIG),
    ("journal_entries", "title", "t" * 201),
    ("journal_entries", "body", "   "),
    ("hurts", "kind", "betrayed"),
    ("hurts", "occurred_on", "1850-01-01"),
    ("pattern_entries", "pattern", "nope"),
    ("thought_records", "distortions", "mind_reading,nope"),
    ("learned_belief_marks", "key", "made_up"),
    ("belief_ratings", "believability", 101),
    ("safety_checks", "score", 7),
    ("self_promises", "status", "forgotten"),
    ("self_promises", "due_on", "2099-01-01"),
    ("habit_logs", "sleep_hours", 25.0),
    ("habit_logs", "day", "2027-01-01"),
    ("mindful_pauses", "seconds", 5),
    ("people", "kind", "enemy"),
    ("evidence_events", "weight", "huge"),
    ("evidence_events", "dimension", "x"),
    ("evidence_events", "source", "magic"),
    ("ladder_rungs", "risk", -1),
    ("ladder_rungs", "response", "angry"),
    ("bridge_plans", "cadence_days", 0),
    ("gut_checks", "confidence", 20),
    ("boundaries", "kind", "walls"),
    ("i_statements", "feel", ""),
    ("balance_logs", "alone_minutes", 5000),
]  # fmt: skip


@pytest.mark.parametrize(("table", "column", "value"), REFUSED)
def test_a_value_a_person_could_not_type_is_refused_where_it_is(
    full: dict[str, Any], empty: Store, table: str, column: str, value: object
) -> None:
    message = _refused(_changed(full, table, column, value), empty)
    assert message.startswith(f"tables.{table}[0].{column}: ")
    assert ";" not in message  # that one value, nothing else
    assert "x" * 50 not in message and "Sunday" not in message and "Sam" not in message


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00", "1850-06-01T10:00:00+00:00"]
)
def test_a_time_that_cannot_be_shown_is_refused(
    full: dict[str, Any], empty: Store, value: str
) -> None:
    message = _refused(_changed(full, "checkins", "created_at", value), empty)
    assert message == "tables.checkins[0].created_at: must be a time from 1900 to 2200 (in UTC)"


EMOTIONS = [
    ("anxious", "tables.thought_records[0].emotions: must be a list"),
    ({"name": "anxious", "intensity": 80}, "tables.thought_records[0].emotions: must be a list"),
    (["anxious"], "tables.thought_records[0].emotions[0]: must be an object"),
    ([{"name": "a", "intensity": 80, "rerated": None}] * 4,
     "tables.thought_records[0].emotions: must hold at most 3 emotions"),
    ([{"name": "a", "intensity": 180, "rerated": None}],
     "tables.thought_records[0].emotions[0].intensity: "),
    ([{"name": "a", "intensity": 80, "rerated": -3}],
     "tables.thought_records[0].emotions[0].rerated: "),
    ([{"name": "a", "rerated": None}], "tables.thought_records[0].emotions[0]: must have"),
    ([{"intensity": 80, "rerated": None}], "tables.thought_records[0].emotions[0]: must have"),
    ([{"name": "a", "intensity": 80, "rerated": None, "secret": 1}],
     "tables.thought_records[0].emotions[0]: must have"),
    ([{"name": "a", "intensity": "80", "rerated": None}],
     "tables.thought_records[0].emotions[0].intensity: must be a whole number"),
    ([{"name": "a", "intensity": True, "rerated": None}],
     "tables.thought_records[0].emotions[0].intensity: must be a whole number"),
    ([{"name": 5, "intensity": 80, "rerated": None}],
     "tables.thought_records[0].emotions[0].name: must be text"),
    ([{"name": "   ", "intensity": 80, "rerated": None}],
     "tables.thought_records[0].emotions[0].name: "),
    ([{"name": "n" * 201, "intensity": 80, "rerated": None}],
     "tables.thought_records[0].emotions[0].name: "),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), EMOTIONS)
def test_a_malformed_emotions_value_is_refused_where_it_is(
    full: dict[str, Any], empty: Store, value: object, expected: str
) -> None:
    assert expected in _refused(_changed(full, "thought_records", "emotions", value), empty)


def test_malformed_safety_answers_are_refused(full: dict[str, Any], empty: Store) -> None:
    answers = full["tables"]["safety_checks"][0]["answers"]
    key = next(iter(answers))
    bad = {
        "not an object": ([1, 2], "tables.safety_checks[0].answers: must be an object"),
        "out of range": ({**answers, key: 9}, f"tables.safety_checks[0].answers.{key}: "),
        "text number": ({**answers, key: "2"}, f"answers.{key}: must be a whole number"),
        "unknown sign": ({**answers, "made_up": 1}, "answers.made_up: is not a sign"),
    }
    for value, expected in bad.values():
        assert expected in _refused(_changed(full, "safety_checks", "answers", value), empty)


def test_a_thought_record_without_emotions_still_imports(
    full: dict[str, Any], tmp_path: Path
) -> None:
    """FreeCBT asks for no emotions, so such thought records are stored without any."""
    document = _changed(full, "thought_records", "emotions", [])
    fresh = open_store(load_settings(tmp_path / "noemotions"))
    try:
        json_format.apply(fresh, json.dumps(document).encode(), NOW)
    finally:
        fresh.close()


def test_every_table_has_its_rules() -> None:
    """A new table must say which rules its rows meet, or its rows would go unchecked."""
    assert set(row_rules()) == {table.name for table, _ in mapped_tables()}


def test_a_choice_given_by_its_label_is_stored_by_its_key(
    full: dict[str, Any], tmp_path: Path
) -> None:
    document = _changed(full, "checkins", "connection", "In between")
    fresh = open_store(load_settings(tmp_path / "labels"))
    try:
        json_format.apply(fresh, json.dumps(document).encode(), NOW)
        [checkin] = entries.recent(fresh, "checkin")
    finally:
        fresh.close()
    assert checkin.connection == "in_between"


def test_an_empty_entry_an_earlier_version_kept_still_imports(
    full: dict[str, Any], tmp_path: Path
) -> None:
    """Earlier versions saved an all-empty habits log; their exports must come back whole."""
    document = copy.deepcopy(full)
    row = document["tables"]["habit_logs"][0]
    for column in ("sleep_hours", "movement_minutes", "food", "creative_minutes", "note"):
        if column in row:
            row[column] = None
    fresh = open_store(load_settings(tmp_path / "emptyhabits"))
    try:
        json_format.apply(fresh, json.dumps(document).encode(), NOW)
        again = json_format.export_document(fresh, NOW)
    finally:
        fresh.close()
    assert again["tables"]["habit_logs"][0] == row
