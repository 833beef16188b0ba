"""The reminder rules: times, recurrences from cadences, occurrences, titles and UIDs."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import reminders as r
from trustbridge.domain.fields import ValidationError
from trustbridge.exchange.ical import calendar_bytes
from trustbridge.services.reminders import Plan

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
weekday_sets = st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s)))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("20:00", dt.time(20)), ("7:30", dt.time(7, 30)), (" 07.05 ", dt.time(7, 5)),
     ("19h45", dt.time(19, 45)), ("0:00", dt.time(0)), ("23:59", dt.time(23, 59)),
     ("٢٠:٠٠", dt.time(20))],
)  # fmt: skip
def test_times_people_type_are_read(typed: str, meant: dt.time) -> None:
    assert r.parse_time(typed) == meant


@pytest.mark.parametrize("typed", ["", "24:00", "7:60", "8pm", "20", "20:0", "-1:00", "7:30pm"])
def test_anything_else_is_refused_in_plain_words(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        r.parse_time(typed)
    assert refused.value.errors == {"time": r.BAD_TIME}


@given(st.times())
def test_every_time_written_as_hh_mm_reads_back(moment: dt.time) -> None:
    assert r.parse_time(f"{moment:%H:%M}") == moment.replace(second=0, microsecond=0)


def test_rituals_become_the_right_rules() -> None:
    monday = dt.date(2026, 3, 2)
    assert r.ritual_recurrence("daily", (), monday) == (monday, r.Recurrence("daily"))
    first, weekly = r.ritual_recurrence("weekly", (), dt.date(2026, 3, 5))
    assert (first, weekly.rrule()) == (dt.date(2026, 3, 5), {"FREQ": "WEEKLY", "BYDAY": ["TH"]})
    first, chosen = r.ritual_recurrence("days", (3, 0), dt.date(2026, 3, 3))  # a Tuesday
    assert first == dt.date(2026, 3, 5) and chosen.rrule()["BYDAY"] == ["MO", "TH"]
    assert chosen.words() == "Mondays and Thursdays"
    assert r.every_days(10).rrule() == {"FREQ": "DAILY", "INTERVAL": 10}
    assert r.every_days(10).words() == "Every 10 days" and r.every_days(1).words() == "Every day"


@given(days, weekday_sets)
def test_a_ritual_on_chosen_days_starts_on_one_within_a_week(
    start: dt.date, chosen: tuple[int, ...]
) -> None:
    first, recurrence = r.ritual_recurrence("days", chosen, start)
    assert start <= first < start + dt.timedelta(days=7)
    assert first.weekday() in chosen and recurrence.weekdays == chosen


@settings(max_examples=40, deadline=None)  # each example writes and parses a calendar
@given(days, weekday_sets, st.integers(1, 60))
def test_occurrences_match_what_a_calendar_app_expands(
    start: dt.date, chosen: tuple[int, ...], interval: int
) -> None:
    """Our own expansion (used on the page) and the file's RRULE, read by another library, agree."""
    first, weekly = r.ritual_recurrence("days", chosen, start)
    items = (
        r.Reminder("ritual", 1, "Trustbridge ritual", "a", first, weekly),
        r.Reminder(
            "partner_checkin", 0, "Trustbridge check-in", "b", start, r.every_days(interval)
        ),
    )
    data = calendar_bytes(
        Plan(dt.time(20), False, "salt", items), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    until = start + dt.timedelta(days=70)
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(start, until)
    for item in items:
        ours = list(r.occurrences(item.first_day, item.recurrence, until - dt.timedelta(days=1)))
        theirs = sorted(
            e["DTSTART"].dt.date() for e in expanded if e["SUMMARY"] == item.plain_title
        )
        assert ours == theirs


@given(days, st.integers(1, 90), days)
def test_the_next_day_is_the_first_occurrence_from_today(
    first: dt.date, interval: int, today: dt.date
) -> None:
    item = r.Reminder("x", 1, "t", "t", first, r.every_days(interval))
    found = r.next_on(item, today)
    assert found is not None and found >= today and found >= first
    assert (found - first).days % interval == 0 and (found - max(first, today)).days < interval
    once = r.Reminder("x", 1, "t", "t", first)
    assert r.next_on(once, today) == (first if first >= today else None)


def test_titles_are_one_short_line() -> None:
    assert r.one_line("a\nb\t c") == "a b c"
    cut = r.one_line("word " * 40)
    assert len(cut) == r.MAX_TITLE and cut.endswith("…")


@given(st.text(min_size=1), st.sampled_from(["ritual", "goal"]), st.integers(1, 10**9))
def test_uids_depend_on_salt_kind_and_id_and_are_opaque(salt: str, kind: str, record: int) -> None:
    uid = r.reminder_uid(salt, kind, record)
    assert uid == r.reminder_uid(salt, kind, record)
    assert uid != r.reminder_uid(salt + "x", kind, record)
    assert uid != r.reminder_uid(salt, kind, record + 1)
    secret, _, domain = uid.partition("@")
    assert len(secret) == 32 and set(secret) <= set("0123456789abcdef")
    assert domain == "trustbridge.invalid"
