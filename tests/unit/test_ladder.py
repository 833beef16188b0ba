"""The vulnerability ladder's next-step suggestion: each rule, and never a person who has been unsafe."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain.ladder import (
    RESPONSES,
    Outcome,
    Suggestion,
    poor_openness,
    suggest_next,
)
from trustbridge.domain.trust import Estimate, beta_interval

TODAY = dt.date(2026, 3, 1)


def est(r: float, s: float) -> Estimate:
    low, high = beta_interval(r + 1, s + 1)
    return Estimate("responds_to_openness", r, s, (r + 1) / (r + s + 2), low, high)


UNKNOWN = est(0.5, 0.0)  # not enough evidence yet
WARM = est(8.0, 1.0)
OK = est(3.0, 1.0)
POOR = est(1.0, 6.0)


def step(person: int, risk: int, response: str, ago: int = 1) -> Outcome:
    return Outcome(person, risk, response, TODAY - dt.timedelta(days=ago))


def test_poor_openness_needs_enough_evidence() -> None:
    assert poor_openness(POOR)
    assert not poor_openness(est(0.0, 1.5))  # leans low but too little evidence to judge
    assert not poor_openness(WARM) and not poor_openness(None)


def test_first_step_goes_to_the_safest_person() -> None:
    got = suggest_next([], {1: OK, 2: WARM, 3: UNKNOWN}, TODAY)
    assert (got.risk, got.person_id) == (10, 2)
    assert got.reason


def test_first_step_accepts_unknown_people() -> None:
    assert suggest_next([], {4: UNKNOWN, 5: POOR}, TODAY).person_id == 4


def test_first_step_with_nobody() -> None:
    empty = suggest_next([], {}, TODAY)
    assert isinstance(empty, Suggestion)
    assert (empty.risk, empty.person_id) == (10, None) and empty.reason
    got = suggest_next([], {5: POOR, 6: POOR}, TODAY)
    assert got.person_id is None and got.risk == 10
    assert "no one" in got.reason.lower()


def test_supportive_steps_up_with_the_same_person() -> None:
    got = suggest_next([step(1, 30, "supportive")], {1: OK, 2: WARM}, TODAY)
    assert (got.risk, got.person_id) == (40, 1)
    assert "went well" in got.reason


def test_supportive_caps_at_100() -> None:
    assert suggest_next([step(1, 95, "supportive")], {1: OK}, TODAY).risk == 100
    assert suggest_next([step(1, 100, "supportive")], {1: OK}, TODAY).risk == 100


def test_neutral_keeps_the_same_step() -> None:
    got = suggest_next([step(1, 30, "neutral")], {1: OK, 2: WARM}, TODAY)
    assert (got.risk, got.person_id) == (30, 1)


def test_dismissive_steps_down_and_prefers_someone_safer() -> None:
    got = suggest_next([step(1, 30, "dismissive")], {1: OK, 2: WARM}, TODAY)
    assert (got.risk, got.person_id) == (20, 2)
    alone = suggest_next([step(2, 30, "dismissive")], {1: OK, 2: WARM}, TODAY)
    assert (alone.risk, alone.person_id) == (20, 2)  # no one safer: the same person
    assert suggest_next([step(1, 10, "dismissive")], {1: OK}, TODAY).risk == 5


def test_hurtful_steps_down_with_the_safest_other_person() -> None:
    got = suggest_next([step(1, 40, "hurtful")], {1: WARM, 2: OK, 3: UNKNOWN}, TODAY)
    assert (got.risk, got.person_id) == (20, 2)
    assert "not about you" in got.reason
    assert suggest_next([step(1, 20, "hurtful")], {1: WARM, 2: OK}, TODAY).risk == 5


def test_hurtful_with_no_one_else() -> None:
    got = suggest_next([step(1, 40, "hurtful")], {1: WARM, 2: POOR}, TODAY)
    assert (got.risk, got.person_id) == (20, None)
    assert got.reason


def test_never_a_person_with_poor_openness() -> None:
    got = suggest_next([step(1, 30, "supportive")], {1: POOR, 2: OK}, TODAY)
    assert (got.risk, got.person_id) == (40, 2)
    nobody = suggest_next([step(1, 30, "neutral")], {1: POOR}, TODAY)
    assert nobody.person_id is None and "no one" in nobody.reason.lower()
    dismissed = suggest_next([step(1, 30, "dismissive")], {1: POOR, 3: UNKNOWN}, TODAY)
    assert dismissed.person_id == 3


def test_most_recent_outcome_counts() -> None:
    history = [step(1, 50, "hurtful", ago=1), step(2, 30, "supportive", ago=5)]
    assert suggest_next(history, {1: OK, 2: OK}, TODAY).person_id == 2
    same_day = [step(1, 30, "supportive", ago=2), step(2, 30, "neutral", ago=2)]
    assert suggest_next(same_day, {1: OK, 2: OK}, TODAY).person_id == 2
    planned = [step(1, 30, "supportive", ago=3), step(2, 60, "hurtful", ago=-2)]
    assert suggest_next(planned, {1: OK, 2: OK}, TODAY).risk == 40  # future dates are left out


def test_unknown_response_is_refused() -> None:
    with pytest.raises(ValueError, match="shrugged"):
        suggest_next([step(1, 30, "shrugged")], {1: OK}, TODAY)


estimates_st = st.builds(est, st.floats(0, 20), st.floats(0, 20))
outcomes_st = st.builds(
    step, st.integers(1, 6), st.integers(0, 100), st.sampled_from(RESPONSES), st.integers(-5, 60)
)


@given(
    st.lists(outcomes_st, max_size=12),
    st.dictionaries(st.integers(1, 6), estimates_st, max_size=6),
)
def test_any_history_gives_a_safe_bounded_suggestion(
    history: list[Outcome], openness: dict[int, Estimate]
) -> None:
    got = suggest_next(history, openness, TODAY)
    assert 5 <= got.risk <= 100
    assert got.reason.strip()
    assert len(got.reason) < 240
    if got.person_id is not None:
        assert not poor_openness(openness.get(got.person_id))
