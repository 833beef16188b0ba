"""The pure rules behind the insights: periods, averages, the mood calendar, tallies, words."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain import insights as ins
from trustbridge.domain import trust
from trustbridge.domain.balance import BalanceDay

TODAY = dt.date(2026, 3, 14)  # a Saturday

days = st.dates(min_value=TODAY - dt.timedelta(days=400), max_value=TODAY + dt.timedelta(days=5))
logs = st.lists(
    st.builds(ins.DayLog, days, st.integers(1, 5), st.none() | st.integers(1, 5),
              st.sampled_from([None, "connected", "in_between", "alone"])),
    max_size=60,
)  # fmt: skip


def test_periods_end_today_and_step_by_day_or_monday_week() -> None:
    week = ins.period("week", TODAY)
    assert (week.first, week.last, len(week.steps())) == (dt.date(2026, 3, 8), TODAY, 7)
    year = ins.period("year", TODAY)
    assert all(s.weekday() == 0 for s in year.steps())
    assert year.steps()[0] <= year.first and year.steps()[-1] <= TODAY
    with pytest.raises(ValueError, match="week, month or year"):
        ins.period("decade", TODAY)


@given(logs, st.sampled_from(["week", "month", "year"]))
def test_blank_steps_stay_blank_and_averages_stay_in_range(
    found: list[ins.DayLog], name: str
) -> None:
    p = ins.period(name, TODAY)
    steps = ins.mood_steps(found, p)
    assert [s.start for s in steps] == p.steps()
    for s in steps:
        assert (s.mood is None) == (s.days == 0)  # nothing logged: blank, never a zero
        assert s.mood is None or 1 <= s.mood <= 5
        assert s.energy is None or 1 <= s.energy <= 5
    logged = {x.day for x in found if p.holds(x.day)}
    assert sum(s.days for s in steps) == len(logged)


@given(logs)
def test_the_calendar_has_one_square_per_logged_day_only(found: list[ins.DayLog]) -> None:
    p = ins.period("year", TODAY)
    calendar = ins.mood_calendar(found, p)
    assert set(calendar) == {x.day for x in found if p.holds(x.day)}
    assert all(1 <= v <= 5 for v in calendar.values())


def test_two_check_ins_on_one_day_make_one_square() -> None:
    p = ins.period("week", TODAY)
    found = [
        ins.DayLog(TODAY, 2),
        ins.DayLog(TODAY, 5),
        ins.DayLog(TODAY - dt.timedelta(days=30), 1),
    ]
    assert ins.mood_calendar(found, p) == {TODAY: 4}
    assert ins.connection_counts([ins.DayLog(TODAY, 3, None, "alone")], p)["alone"] == 1


def test_mood_words_never_count_the_blank_days() -> None:
    p = ins.period("month", TODAY)
    said = ins.mood_words({TODAY: 4, TODAY - dt.timedelta(days=9): 4}, p)
    assert said.startswith("You checked in on 2 days in the last 30 days")
    assert "mostly good" in said
    assert "miss" not in said and "28" not in said
    assert "No check-ins" in ins.mood_words({}, p)


def test_change_words() -> None:
    moment = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    later = moment + dt.timedelta(days=3)
    assert ins.change_words([(later, 40), (moment, 80)], "how true it feels") == (
        "How true it feels went from 80 to 40 out of 100."
    )
    assert "One rating" in ins.change_words([(moment, 50)], "your score")
    assert "stayed at 50" in ins.change_words([(moment, 50), (later, 50)], "your score")


def test_trust_path_matches_the_estimate_of_each_day_and_keeps_its_interval() -> None:
    events = [trust.Evidence(i, "keeps_promises", i % 4 != 0, "small", TODAY - dt.timedelta(days=3 * i))
              for i in range(1, 20)]  # fmt: skip
    p = ins.period("month", TODAY)
    path = ins.trust_path(events, p, 180)
    assert path[-1].day == TODAY and len(path) <= 12
    same = trust.estimate(events, TODAY, 180)
    assert path[-1].mean == pytest.approx(same.mean)
    assert all(t.low <= t.mean <= t.high for t in path)
    assert ins.trust_path([], p, 180) == []


def test_trust_path_starts_when_the_evidence_does() -> None:
    events = [trust.Evidence(1, "keeps_promises", True, "major", TODAY - dt.timedelta(days=2))]
    path = ins.trust_path(events, ins.period("month", TODAY), 180)
    assert path and all(t.day >= TODAY - dt.timedelta(days=2) for t in path)


def test_each_dimension_has_its_own_path_from_its_own_first_evidence() -> None:
    late = TODAY - dt.timedelta(days=4)
    events = [trust.Evidence(i, "keeps_promises", i % 3 != 0, "small", TODAY - dt.timedelta(days=2 * i))
              for i in range(1, 12)] + [trust.Evidence(99, "validates_feelings", False, "major", late)]  # fmt: skip
    p = ins.period("month", TODAY)
    paths = ins.dimension_paths(events, p, 180)
    assert list(paths) == ["keeps_promises", "validates_feelings"]  # the order of DIMENSIONS
    assert {t.dimension for t in paths["validates_feelings"]} == {"validates_feelings"}
    assert all(t.day >= late for t in paths["validates_feelings"])
    assert [t.day for t in paths["keeps_promises"]] == [
        t.day for t in ins.trust_path(events, p, 180)
    ]
    for name, path in paths.items():
        same = trust.estimate(events, TODAY, 180, name)
        assert path[-1].day == TODAY and path[-1].mean == pytest.approx(same.mean)
        assert (path[-1].low, path[-1].high) == pytest.approx((same.low, same.high))
    assert ins.dimension_paths([], p, 180) == {}


def test_balance_steps_add_up_a_day_then_average_logged_days() -> None:
    p = ins.period("week", TODAY)
    found = [BalanceDay(TODAY, 30, 10, None, None), BalanceDay(TODAY, 30, 50, None, None)]
    steps = ins.balance_steps(found, p)
    assert steps[-1].alone == 60 and steps[-1].connected == 60
    assert steps[0].alone is None
    assert "1.0 hours" not in ins.balance_words(steps)
    assert "60 minutes on your own" in ins.balance_words(steps)


@given(st.lists(st.sampled_from(["kept", "broken", "renegotiated"]), max_size=30))
def test_followed_counts_each_outcome_once(statuses: list[str]) -> None:
    f = ins.followed(statuses)
    assert f.kept + f.broken + f.renegotiated == len(statuses)
    said = ins.followed_words(f, "promises to yourself")
    if f.kept + f.broken:
        assert said.startswith(f"{f.kept} of {f.kept + f.broken} ")


def test_tallies_and_their_words() -> None:
    counts = ins.tally(["b", "a", "b", "", "a", "c"])
    assert counts == [("a", 2), ("b", 2), ("c", 1)]
    assert ins.tally_words(counts, {"a": "Mind reading"}) == (
        "The thinking trap you noticed most was mind reading (2 times)."
    )
    assert ins.tally_words([], {}) == "No thinking traps noted in this time."
    steps = [ins.Step(TODAY, 30, "supportive"), ins.Step(TODAY, 60, "neutral")]
    assert ins.ladder_words(steps) == (
        "You took 2 steps; the boldest felt 60 out of 100 risky. 1 of them met with support."
    )
    assert ins.stage_words([(1, "Roots", 0), (6, "Trust", 4), (2, "Beliefs", 4)]) == (
        "Most of what you did was in stage 2, Beliefs."
    )
    assert "there whenever you want it" in ins.stage_words([(1, "Roots", 0)])
