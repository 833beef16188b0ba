"""Values that parse but cannot be stored are refused while the import is planned (issue 13).

Each case here was a traceback before: a time in year 0 or pushed past year 9999 by its
offset reached the database (``OverflowError``) or the local-time conversion (``ValueError``),
and a lone surrogate reached the UTF-8 encoder on save. Now each is an ``ExchangeError``
naming the line or record and the field, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.conftest import NOW
from trustbridge.exchange import daylio, freecbt, jrnl, json_format, tables, values
from trustbridge.exchange.common import ExchangeError, Importer
from trustbridge.store import models as m
from trustbridge.store.db import Store

CSV_HEAD = "automaticThought,cognitiveDistortions,challenge,alternativeThought,createdAt\n"
RANGE = "must be a time from 1900 to 2200 (in UTC)"
NOT_TEXT = "contains characters that are not valid text"
#: times that parse but that the store cannot hold, or that lie outside the stated range
BAD_TIMES = [
    "0001-01-01T00:00:00",  # no offset: read in local time, which is year 0 somewhere
    "0001-01-01T00:00:00+05:00",  # year 0 in UTC
    "9999-12-31T23:00:00-05:00",  # past the end of the calendar in UTC
    "1899-12-31T23:59:59+00:00",
    "2201-01-01T00:00:00+00:00",
    "2200-12-31T23:30:00-01:00",  # 2201 in UTC
]


def _refused(importer: Importer, store: Store, data: bytes) -> str:
    with pytest.raises(ExchangeError) as caught:
        importer.preview(data, NOW)
    with pytest.raises(ExchangeError):
        importer.apply(store, data, NOW)
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(m.ThoughtRecord)) == 0
    return str(caught.value)


@pytest.mark.parametrize("when", BAD_TIMES)
def test_a_freecbt_csv_time_the_store_cannot_hold_names_line_and_field(
    store: Store, when: str
) -> None:
    data = f"{CSV_HEAD}They left,,I was hurt,It was not about me,{when}\n".encode()
    assert _refused(freecbt.IMPORTER, store, data) == f"Line 2, createdAt: {RANGE}"


@pytest.mark.parametrize("when", BAD_TIMES[:3])
def test_a_freecbt_json_time_the_store_cannot_hold_names_the_record(
    store: Store, when: str
) -> None:
    data = json.dumps([{"automaticThought": "They left", "createdAt": when}]).encode()
    assert _refused(freecbt.IMPORTER, store, data) == f"[0].createdAt: {RANGE}"


def test_a_freecbt_time_at_the_edges_of_the_range_is_kept(store: Store) -> None:
    data = f"{CSV_HEAD}They left,,,,1900-01-01T00:00:00+00:00\n".encode()
    assert freecbt.IMPORTER.apply(store, data, NOW).total == 1


@pytest.mark.parametrize(
    ("importer", "data", "message"),
    [
        (jrnl.IMPORTER, b'{"entries": [{"title": "a", "body": "b\\ud800", "date": "2024-01-02"}]}',
         "entries[0].body: "),
        (freecbt.IMPORTER, b'[{"automaticThought": "a", "challenge": "\\udfff x",'
         b' "createdAt": "2024-01-02T10:00:00Z"}]', "[0].challenge: "),
        (freecbt.IMPORTER, b'[{"automaticThought": "a\\u0000b", "createdAt": "2024-01-02T10:00Z"}]',
         "[0].automaticThought: "),
        (daylio.IMPORTER, b"full_date,date,weekday,time,mood,activities,note_title,note\n"
         b"2024-01-02,January 2,Tuesday,10:00,good,,,a\x00b\n", "Line 2, note: "),
    ],
)  # fmt: skip
def test_a_lone_surrogate_or_nul_is_refused_by_its_field(
    store: Store, importer: Importer, data: bytes, message: str
) -> None:
    with pytest.raises(ExchangeError) as caught:
        importer.apply(store, data, NOW)
    assert str(caught.value).startswith(message)
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(m.JournalEntry)) == 0
        assert session.scalar(select(func.count()).select_from(m.CheckIn)) == 0


def _export(rows: dict[str, list[dict[str, object]]]) -> bytes:
    document = {"format": "trustbridge-export", "version": 1, "tables": rows}
    return json.dumps(document).encode()


THOUGHT = {
    "id": 1,
    "created_at": "2024-01-02T10:00:00+00:00",
    "situation": "They left",
    "automatic_thought": "It is me",
    "emotions": [{"name": "sad", "intensity": 60, "rerated": None}],
    "distortions": "",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"created_at": "2200-12-31T23:30:00-01:00"}, f"tables.thought_records[0].created_at: {RANGE}"),
        ({"emotions": [{"name": "sa\ud800d", "intensity": 60, "rerated": None}]},
         f"tables.thought_records[0].emotions[0].name: {NOT_TEXT}"),
        ({"situation": "They\x00left"}, f"tables.thought_records[0].situation: {NOT_TEXT}"),
    ],
)  # fmt: skip
def test_a_full_export_value_the_store_cannot_hold_is_refused(
    store: Store, change: dict[str, object], message: str
) -> None:
    data = _export({"thought_records": [{**THOUGHT, **change}]})
    assert json_format.IMPORTER.preview(_export({"thought_records": [THOUGHT]}), NOW).total == 1
    assert _refused(json_format.IMPORTER, store, data).startswith(message)


# --- the shared checker itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
     dt.datetime(2201, 1, 1, tzinfo=dt.UTC), dt.datetime(1899, 12, 31, 23, tzinfo=dt.UTC)],
)  # fmt: skip
def test_moment_refuses_what_cannot_be_stored(when: dt.datetime) -> None:
    with pytest.raises(ExchangeError, match=r"^Line 3, when: must be a time from 1900 to 2200"):
        values.moment(when, "Line 3, when")


def test_moment_keeps_an_aware_time_as_it_is() -> None:
    when = dt.datetime(2200, 12, 31, 22, tzinfo=dt.timezone(dt.timedelta(hours=-1)))
    assert values.moment(when, "x") is when


@pytest.mark.parametrize("bad", ["\ud800", "a\udfffb", "\x00", {"k\ud800": 1}, [1, ["\x00"]]])
def test_structure_finds_bad_text_at_any_depth(bad: object) -> None:
    with pytest.raises(ExchangeError, match=NOT_TEXT):
        values.structure({"outer": bad}, "emotions")


def test_structure_refuses_a_number_that_is_not_finite() -> None:
    with pytest.raises(ExchangeError, match="finite"):
        values.structure([float("nan")], "answers")


def test_text_keeps_rtl_combining_and_emoji() -> None:
    kept = "\u202eabc e\u0301 \U0001f600 \ufeff"
    assert values.text(kept, "x", 200) == kept


def test_record_names_the_files_own_field() -> None:
    entry = m.JournalEntry(created_at=dt.datetime(3000, 1, 1, tzinfo=dt.UTC), title="", body="ok")
    with pytest.raises(ExchangeError) as caught:
        values.record(entry, lambda name: f"entries[4].{name}", {"created_at": "date"})
    assert str(caught.value) == f"entries[4].date: {RANGE}"


def _verdict(check: Callable[[], object]) -> str:
    """What a check says: "" when it takes the value, else its message."""
    try:
        check()
    except ExchangeError as problem:
        return str(problem)
    return ""


#: text as a file may hold it: plain, accented, a lone surrogate, a NUL, blank
_TEXTS = st.text(st.characters(codec=None), max_size=6) | st.sampled_from(["\ud800", "a\x00", " "])
_NUMBERS = st.integers(-(2**70), 2**70) | st.floats(allow_nan=True, allow_infinity=True)
_PARTS = st.recursive(
    st.none() | st.booleans() | _NUMBERS | _TEXTS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(_TEXTS | st.integers(), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(value=_PARTS)
def test_structure_takes_and_refuses_what_its_walk_part_by_part_does(value: object) -> None:
    """The quick look at a JSON column's value never takes what the careful walk refuses, and
    ``structure`` says exactly what the walk says."""
    walked = _verdict(lambda: values._structure(value, "emotions"))
    if values._storable(value):
        assert walked == ""
    assert _verdict(lambda: values.structure(value, "emotions")) == walked


_EMOTION_VALUES = st.none() | st.integers(-5, 105) | _TEXTS | st.text(max_size=120)


@settings(max_examples=400, deadline=None)
@given(n=st.integers(1, 3), name=_EMOTION_VALUES, intensity=_EMOTION_VALUES,
       rerated=_EMOTION_VALUES)  # fmt: skip
def test_an_emotion_is_judged_as_the_form_judges_it(
    n: int, name: object, intensity: object, rerated: object
) -> None:
    """An emotion of a thought record passes its quick look only where the form's own rules
    (``clean``) take it, and is refused with the form's own words."""
    raw = {f"emotion_{n}": name, f"intensity_{n}": intensity, f"rerated_{n}": rerated}
    today = NOW.date()
    rules = tables._emotion_rules(n)

    def where(field: str) -> str:
        return f"tables.thought_records[0].emotions[0].{field}"

    by_form = _verdict(lambda: tables._clean(rules.fields, raw, today, where))
    assert _verdict(lambda: rules.check(raw, where, today)) == by_form
