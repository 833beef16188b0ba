"""The Markdown copy's quick ways with dates, times and escaping give exactly what the plain
ways give: a day as ``day_words`` says it, a time as ``%H:%M``, a saved time as converting it
into the zone gives it (in any zone, across its clock changes), a line translated in full."""

from __future__ import annotations

import calendar
import datetime as dt
import time
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain.words import day_words
from trustbridge.exchange import markdown
from trustbridge.store import rows


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_a_day_reads_as_day_words_says_it(day: dt.date) -> None:
    assert markdown.day(day) == day_words(day)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), timezones=st.just(dt.UTC)))
def test_a_moment_reads_as_strftime_says_it(when: dt.datetime) -> None:
    local = when.astimezone()
    assert markdown.moment(when) == f"{day_words(local.date())}, {local:%H:%M}"


_MARKS = st.sampled_from([*"\\`*_[]<>#|~&-+=.1 \t\u202e\u0085\x7f\x00", "a", "é", "🌧"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.lists(_MARKS, max_size=20).map("".join)))
def test_a_line_is_left_untranslated_only_when_translating_changes_nothing(line: str) -> None:
    assert (markdown._UNSAFE.search(line) is None) == (line.translate(markdown._SAFE) == line)


# --- a copy's clock: each UTC day's offset asked once --------------------------------------

_ZONES = sorted(zoneinfo.available_timezones())
#: months in which most zones change their clocks (and a few that do not)
_MONTHS = st.tuples(st.integers(1890, 2060), st.sampled_from([1, 3, 4, 6, 9, 10, 11, 12]))


@st.composite
def _month_of_times(draw: st.DrawFn) -> list[dt.datetime]:
    """Times within one month, so the clock's month is read once and its days reused."""
    year, month = draw(_MONTHS)
    days = calendar.monthrange(year, month)[1]
    at = st.builds(
        dt.datetime,
        st.just(year),
        st.just(month),
        st.integers(1, days),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.integers(0, 999_999),
        tzinfo=st.just(dt.UTC),
    )
    return draw(st.lists(at, min_size=1, max_size=25))


def _saved(when: dt.datetime) -> str:
    """A time as SQLAlchemy stores it: UTC, without a zone."""
    return when.replace(tzinfo=None).isoformat(" ", "microseconds")


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_ZONES), _month_of_times())
def test_the_clock_reads_a_saved_time_as_the_zone_does_across_its_changes(
    name: str, times: list[dt.datetime]
) -> None:
    zone = zoneinfo.ZoneInfo(name)
    clock = markdown._Clock(zone)
    for when in times:
        assert clock.moment(_saved(when)) == markdown.moment(when, zone)
        assert clock.day(_saved(when)) == markdown.day(when.astimezone(zone).date())


@pytest.mark.parametrize(
    "name", ["Europe/London", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]
)
def test_the_clock_reads_every_hour_of_a_year_as_the_machines_zone_does(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The machine's own zone (``astimezone()``), hour by hour and at odd minutes."""
    monkeypatch.setenv("TZ", name)
    time.tzset()
    try:
        clock = markdown._Clock()
        start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        for hours in range(366 * 24):
            when = start + dt.timedelta(hours=hours, minutes=hours % 60)
            assert clock.moment(_saved(when)) == markdown.moment(when)
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    "saved",
    [
        "2026-02-30 10:00:00.000000",
        "2026-13-01 10:00:00.000000",
        "2026-00-01 10:00:00.000000",
        "2026-03-00 10:00:00.000000",
        "2026-03-32 10:00:00.000000",
        "2026-03-47 10:00:00.000000",
        "0000-03-01 10:00:00.000000",
        "2026-03-14 24:00:00.000000",
        "2026-03-14 10:00:60.000000",
        "2026-03-14T10:30:00",
        "2026-03-14 10:30",
        "2026-03-14 10:30:00+02:00",
        "0001-01-01 00:00:00.000000",
        "9999-12-31 23:59:59.999999",
    ],
)
def test_the_clock_reads_any_other_text_as_the_stored_time_reads_it(saved: str) -> None:
    """Other forms than SQLAlchemy's are read as ``rows.moment`` reads them (and what it
    refuses is refused alike), wherever the clock is."""
    for zone in (
        None,
        dt.UTC,
        zoneinfo.ZoneInfo("Pacific/Kiritimati"),
        zoneinfo.ZoneInfo("Etc/GMT+12"),
    ):
        try:
            expected: object = markdown.moment(rows.moment(saved), zone)
        except (ValueError, OverflowError) as problem:
            expected = type(problem)
        try:
            found: object = markdown._Clock(zone).moment(saved)
        except (ValueError, OverflowError) as problem:
            found = type(problem)
        assert found == expected
