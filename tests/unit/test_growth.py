"""Ritual progress counts what was done and never punishes a gap; check-ins come round on time."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain import growth as g

TODAY = dt.date(2026, 12, 3)  # a Thursday
cadences = st.sampled_from(["daily", "weekly", "days"])
weekdays = st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s)))
offsets = st.lists(st.integers(0, 120), max_size=40)


def days(back: list[int]) -> list[dt.date]:
    return [TODAY - dt.timedelta(days=n) for n in back]


@given(cadences, weekdays, offsets, st.integers(0, 120))
def test_kept_never_exceeds_periods_and_run_never_exceeds_kept(
    cadence: str, wd: tuple[int, ...], back: list[int], age: int
) -> None:
    p = g.progress(cadence, wd, days(back), TODAY - dt.timedelta(days=age), TODAY)
    assert 0 <= p.longest_run <= p.kept <= p.periods <= 12


@given(cadences, weekdays, offsets, st.integers(0, 120))
def test_keeping_another_day_never_lowers_anything(
    cadence: str, wd: tuple[int, ...], back: list[int], extra: int
) -> None:
    since = TODAY - dt.timedelta(days=120)
    before = g.progress(cadence, wd, days(back), since, TODAY)
    after = g.progress(cadence, wd, days([*back, extra]), since, TODAY)
    assert after.kept >= before.kept and after.longest_run >= before.longest_run
    assert after.periods == before.periods


@given(weekdays, offsets)
def test_days_outside_the_cadence_do_not_count(wd: tuple[int, ...], back: list[int]) -> None:
    since = TODAY - dt.timedelta(days=120)
    kept = days(back)
    inside = [d for d in kept if d.weekday() in wd]
    assert g.progress("days", wd, kept, since, TODAY) == g.progress(
        "days", wd, inside, since, TODAY
    )


def test_words_speak_of_what_was_kept() -> None:
    kept = days([0, 7, 14, 35])
    p = g.progress("weekly", (), kept, TODAY - dt.timedelta(weeks=20), TODAY)
    assert (p.kept, p.periods, p.longest_run) == (4, 12, 3)
    assert g.progress_words(p) == "kept 4 of the last 12 weeks, longest run 3"
    fresh = g.progress("daily", (), [], TODAY, TODAY)
    assert g.progress_words(fresh) == "kept 0 of 1 day so far"


def test_a_gap_ends_a_run_but_keeps_the_count() -> None:
    p = g.progress("daily", (), days([0, 1, 3, 4, 5]), TODAY - dt.timedelta(days=5), TODAY)
    assert (p.kept, p.periods, p.longest_run) == (5, 6, 3)


def test_next_checkin() -> None:
    assert g.next_checkin(None, 7, TODAY) == (TODAY, True)
    assert g.next_checkin(TODAY, 7, TODAY) == (TODAY + dt.timedelta(days=7), False)
    assert g.next_checkin(TODAY - dt.timedelta(days=9), 7, TODAY)[1] is True


def test_weekdays_parse() -> None:
    assert g.parse_weekdays("thu, Mon,xyz") == (0, 3)
    assert g.parse_weekdays("") == ()
