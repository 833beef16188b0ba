"""Trust estimates and gut-check calibration in plain words that always match the numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain import calibration as cal
from trustbridge.domain import trust

TODAY = dt.date(2026, 3, 14)
JARGON = ("Brier", "% range", "% likely", "points", "needed", "calibrated", "confident")


def ev(i: int, positive: bool = True, weight: str = "small") -> trust.Evidence:
    return trust.Evidence(i, "keeps_promises", positive, weight, TODAY)


outcomes = st.lists(st.builds(cal.GutOutcome, st.floats(0.5, 1.0), st.booleans()), max_size=40)
events = st.lists(
    st.builds(
        trust.Evidence,
        st.integers(1, 10_000),
        st.sampled_from(trust.DIMENSIONS),
        st.booleans(),
        st.sampled_from(tuple(trust.WEIGHTS)),
        st.dates(dt.date(2020, 1, 1), TODAY),
    ),
    max_size=30,
)


@given(outcomes)
def test_how_many_hunches_came_true_always_matches_the_data(items: list[cal.GutOutcome]) -> None:
    result = cal.calibration(items)
    hits, count = sum(o.came_true for o in items), len(items)
    assert result.came_true == hits and result.tally.startswith(
        f"{hits} of {count}" if count else "none"
    )
    if count >= cal.MIN_RESOLVED:
        said = result.summary.lower()
        found = re.search(r"came true (\d+) times? out of (\d+)", said)
        if found:
            assert (int(found[1]), int(found[2])) == (hits, count) and 0 < hits < count
        elif hits == count:
            assert f"all {count} of your hunches came true" in said
        else:
            assert hits == 0 and f"none of your {count} hunches came true" in said
    for word in JARGON:
        assert word not in result.summary
    assert result.summary.endswith(".")


@pytest.mark.parametrize(
    ("hits", "count", "words"),
    [
        (9, 10, "your hunches came true 9 times out of 10"),
        (1, 6, "your hunches came true 1 time out of 6"),
        (0, 5, "none of your 5 hunches came true"),
        (5, 5, "all 5 of your hunches came true"),
        (1, 1, "your one hunch came true"),
    ],
)
def test_hits_in_words(hits: int, count: int, words: str) -> None:
    assert cal.hits_words(hits, count) == words


def test_too_few_hunches_say_how_many_more_would_tell() -> None:
    four = cal.calibration([cal.GutOutcome(0.7, True)] * 4)
    assert four.summary.startswith("Not enough yet: 1 more hunch to go")
    assert four.score_words.startswith("Brier score: 0.09.")  # the number, only when asked


@given(events)
def test_an_estimate_in_words_has_no_jargon_and_matches_its_numbers(
    items: list[trust.Evidence],
) -> None:
    for estimate in trust.estimates(items, TODAY).values():
        text = trust.describe(estimate)
        for word in JARGON:
            assert word not in text
        assert text.endswith(".") and text[0].isupper()
        if estimate.enough:
            low, high = (trust.out_of_100(x) for x in (estimate.low, estimate.high))
            assert f"likely between {low} and {high} out of 100" in text
            assert trust.leaning(estimate).replace("mixed", "is mixed") in text
        else:
            more = trust.moments_needed(estimate)
            assert more >= 1 and f" {more} more moment" in text
            # that many small moments today really would be enough
            added = [ev(-n) for n in range(1, more + 1)]
            assert trust.estimate(added, TODAY).amount + estimate.amount >= trust.MIN_EVIDENCE


def test_not_enough_says_how_many_more_moments_would_tell() -> None:
    assert trust.describe(trust.estimate([], TODAY)) == (
        "Not enough noted yet: 2 more moments would start to show which way it leans."
    )
    assert " 1 more moment " in trust.describe(trust.estimate([ev(1)], TODAY))


def test_the_numbers_behind_an_estimate_are_kept_for_who_asks() -> None:
    estimate = trust.estimate([ev(1), ev(2), ev(3, weight="major")], TODAY)
    lines = trust.numbers_words(estimate)
    assert lines[0].startswith(f"Best guess: {trust.out_of_100(estimate.mean)} out of 100")
    assert "80% likely" in lines[1] and "Evidence behind it: 6.0" in lines[2]
    assert all(line.endswith(".") for line in lines)


@pytest.mark.parametrize(
    ("shift", "words", "numbers"),
    [
        (0.25, "raised it a lot", "up 25 out of 100"),
        (0.08, "raised it quite a bit", "up 8 out of 100"),
        (-0.02, "lowered it a little", "down 2 out of 100"),
        (0.001, "barely moved it", "less than 1 out of 100"),
    ],
)
def test_how_far_a_moment_moved_it(shift: float, words: str, numbers: str) -> None:
    assert trust.shift_words(shift) == words
    assert trust.shift_numbers(shift) == numbers


@given(st.floats(-1, 1))
def test_the_way_a_moment_moved_it_is_never_said_backwards(shift: float) -> None:
    words = trust.shift_words(shift)
    if "raised" in words:
        assert shift > 0
    if "lowered" in words:
        assert shift < 0
