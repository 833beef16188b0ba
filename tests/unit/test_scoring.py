"""Scoring rules: safety score, follow-through, trends, daily picks and the next-stage nudge."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain.scoring import (
    daily_index,
    follow_through,
    safety_score,
    suggest_next_stage,
    trend,
)

answers = st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 4), min_size=1)
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_safety_score_ends() -> None:
    assert safety_score(dict.fromkeys("abcdefghij", 0)) == 100
    assert safety_score(dict.fromkeys("abcdefghij", 4)) == 0
    assert safety_score(dict.fromkeys("abcdefghij", 2)) == 50


def test_safety_score_refuses_bad_answers() -> None:
    with pytest.raises(ValueError):
        safety_score({"a": 5})
    with pytest.raises(ValueError):
        safety_score({})


@given(answers, st.data())
def test_a_sign_showing_up_more_often_never_raises_the_score(
    given_answers: dict[str, int], data: st.DataObject
) -> None:
    key = data.draw(st.sampled_from(sorted(given_answers)))
    if given_answers[key] < 4:
        worse = {**given_answers, key: given_answers[key] + 1}
        assert safety_score(worse) <= safety_score(given_answers)
    assert 0 <= safety_score(given_answers) <= 100


statuses = st.lists(st.sampled_from(["open", "kept", "broken"]))


@given(statuses)
def test_follow_through_is_share_of_settled_kept(items: list[str]) -> None:
    rate = follow_through(items)
    settled = [s for s in items if s != "open"]
    if not settled:
        assert rate is None
    else:
        assert rate == settled.count("kept") / len(settled)
        assert follow_through([*items, "kept"]) >= rate  # type: ignore[operator]
        assert follow_through([*items, "broken"]) <= rate  # type: ignore[operator]


@given(st.lists(st.integers(0, 100), min_size=2, max_size=30), st.integers(-5, 5))
def test_trend_follows_the_slope_and_ignores_order(values: list[int], step: int) -> None:
    points = [(T0 + dt.timedelta(days=10 * i), float(v)) for i, v in enumerate(values)]
    assert trend(points) == trend(list(reversed(points)))
    rising = [(t, float(i * 10 * abs(step) + 1)) for i, (t, _) in enumerate(points)]
    if step:
        assert trend(rising).direction == "rising"
        falling = [(t, -v) for t, v in rising]
        assert trend(falling).direction == "falling"


def test_trend_needs_two_moments() -> None:
    assert trend([]).direction == "too early"
    assert trend([(T0, 5.0)]).direction == "too early"
    assert trend([(T0, 5.0), (T0, 9.0)]).direction == "too early"
    assert trend([(T0, 50.0), (T0 + dt.timedelta(days=60), 50.5)]).direction == "steady"


@given(st.integers(1, 50), st.dates())
def test_daily_index_is_stable_within_a_day_and_moves_the_next(count: int, day: dt.date) -> None:
    index = daily_index(count, day)
    assert index is not None and 0 <= index < count
    assert daily_index(count, day) == index
    if count > 1 and day < dt.date.max:
        assert daily_index(count, day + dt.timedelta(days=1)) != index
    assert daily_index(0, day) is None


def test_next_stage_is_first_untried_then_least_used() -> None:
    order = [1, 2, 3, 4]
    assert suggest_next_stage({}, order) == 1
    assert suggest_next_stage({1: 3, 2: 0, 3: 1}, order) == 2
    assert suggest_next_stage({1: 3, 2: 2, 3: 5, 4: 2}, order) == 2
