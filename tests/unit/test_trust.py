"""Trust estimates: the beta model, fading, intervals, wording, influences, many events."""

from __future__ import annotations

import datetime as dt
import inspect
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import trust
from trustbridge.domain.trust import (
    DIMENSION_NAMES,
    DIMENSIONS,
    MIN_EVIDENCE,
    WEIGHTS,
    Estimate,
    Evidence,
    beta_interval,
    describe,
    estimate,
    estimates,
    influences,
)

TODAY = dt.date(2026, 3, 1)
KEYS = (*DIMENSIONS, "overall")


def day(ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=ago)


def ev(
    id: int,
    dimension: str = "keeps_promises",
    positive: bool = True,
    weight: str = "small",
    ago: int = 0,
) -> Evidence:
    return Evidence(id, dimension, positive, weight, day(ago))


@st.composite
def event_lists(draw: st.DrawFn, max_size: int = 25) -> list[Evidence]:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(DIMENSIONS),
                st.booleans(),
                st.sampled_from(sorted(WEIGHTS)),
                st.integers(-30, 1500),
            ),
            max_size=max_size,
        )
    )
    return [ev(i, d, p, w, ago) for i, (d, p, w, ago) in enumerate(rows, start=1)]


def width(e: Estimate) -> float:
    return e.high - e.low


def added(
    events: list[Evidence], dimension: str, positive: bool, weight: str, ago: int
) -> list[Evidence]:
    return [*events, ev(10_000, dimension, positive, weight, ago)]


# --- the model ------------------------------------------------------------------------------


def test_no_evidence_is_the_uniform_prior() -> None:
    for e in estimates([], TODAY).values():
        assert (e.positive, e.negative, e.mean) == (0.0, 0.0, 0.5)
        assert e.low == pytest.approx(0.1, abs=1e-6) and e.high == pytest.approx(0.9, abs=1e-6)
        assert not e.enough


def test_weights_and_mean() -> None:
    events = [ev(1, weight="major"), ev(2, weight="significant", positive=False), ev(3)]
    e = estimate(events, TODAY, dimension="keeps_promises")
    assert (e.positive, e.negative, e.amount) == (5.0, 2.0, 7.0)
    assert e.mean == pytest.approx(6 / 9)
    assert e.low < e.mean < e.high


def test_one_half_life_halves_the_weight_and_future_counts_fresh() -> None:
    e = estimate([ev(1, weight="major", ago=180), ev(2, ago=-10)], TODAY)
    assert e.dimension is None
    assert e.positive == pytest.approx(3.0)
    assert estimate([ev(1, ago=90)], TODAY, half_life_days=90).positive == pytest.approx(0.5)


def test_enough_evidence_threshold() -> None:
    assert not estimate([ev(1)], TODAY).enough
    assert estimate([ev(1), ev(2, positive=False)], TODAY).amount == MIN_EVIDENCE
    assert estimate([ev(1), ev(2, positive=False)], TODAY).enough


def test_estimates_keys_and_pooling() -> None:
    events = [ev(1, "keeps_promises"), ev(2, "validates_feelings", False, "major")]
    result = estimates(events, TODAY)
    assert list(result) == [*DIMENSIONS, "overall"]
    assert result["overall"].dimension is None
    assert result["overall"].positive == 1.0 and result["overall"].negative == 4.0
    assert result["respects_boundaries"].amount == 0.0
    assert set(DIMENSION_NAMES) == set(DIMENSIONS)
    assert DIMENSION_NAMES["responds_to_openness"] == "Responds well to openness"


def test_validation_names_the_problem() -> None:
    with pytest.raises(ValueError, match="kindness"):
        estimates([ev(1, dimension="kindness")], TODAY)
    with pytest.raises(ValueError, match="huge"):
        estimates([ev(1, weight="huge")], TODAY)
    with pytest.raises(ValueError, match="kindness"):
        estimate([], TODAY, dimension="kindness")
    for bad in (0.0, -5.0):
        with pytest.raises(ValueError, match="half_life_days"):
            estimates([], TODAY, half_life_days=bad)
        with pytest.raises(ValueError, match="half_life_days"):
            influences([], TODAY, half_life_days=bad)


def test_today_is_always_an_argument() -> None:
    source = inspect.getsource(trust)
    assert "today()" not in source
    assert "now(" not in source


# --- properties -------------------------------------------------------------------------------


@settings(deadline=None)  # timing is checked by the speed test, not per example
@given(
    event_lists(),
    st.sampled_from(DIMENSIONS),
    st.booleans(),
    st.sampled_from(sorted(WEIGHTS)),
    st.integers(-30, 1500),
)
def test_evidence_moves_the_mean_only_its_way(
    events: list[Evidence], dimension: str, positive: bool, weight: str, ago: int
) -> None:
    before = estimates(events, TODAY)
    after = estimates(added(events, dimension, positive, weight, ago), TODAY)
    for key in (dimension, "overall"):
        if positive:
            assert after[key].mean >= before[key].mean - 1e-12
        else:
            assert after[key].mean <= before[key].mean + 1e-12
    for key in DIMENSIONS:
        if key != dimension:
            assert after[key] == before[key]


@settings(deadline=None)  # timing is checked by the speed test, not per example
@given(event_lists())
def test_more_evidence_in_the_same_proportion_narrows_the_interval(events: list[Evidence]) -> None:
    doubled = events + [
        Evidence(e.id + 100_000, e.dimension, e.positive, e.weight, e.on) for e in events
    ]
    before, after = estimates(events, TODAY), estimates(doubled, TODAY)
    for key in KEYS:
        assert width(after[key]) <= width(before[key]) + 1e-6
        assert after[key].amount == pytest.approx(2 * before[key].amount)


@settings(deadline=None)  # timing is checked by the speed test, not per example
@given(
    event_lists(),
    st.sampled_from(DIMENSIONS),
    st.booleans(),
    st.sampled_from(sorted(WEIGHTS)),
    st.integers(0, 1000),
    st.integers(1, 1000),
)
def test_older_evidence_weighs_less(
    events: list[Evidence], dimension: str, positive: bool, weight: str, ago: int, extra: int
) -> None:
    base = estimates(events, TODAY)
    newer = estimates(added(events, dimension, positive, weight, ago), TODAY)
    older = estimates(added(events, dimension, positive, weight, ago + extra), TODAY)
    for key in (dimension, "overall"):
        assert older[key].amount < newer[key].amount
        moved_newer = abs(newer[key].mean - base[key].mean)
        assert abs(older[key].mean - base[key].mean) <= moved_newer + 1e-12


@settings(deadline=None)  # timing is checked by the speed test, not per example
@given(event_lists().flatmap(lambda es: st.tuples(st.just(es), st.permutations(es))))
def test_order_does_not_matter(pair: tuple[list[Evidence], list[Evidence]]) -> None:
    events, shuffled = pair
    first, second = estimates(events, TODAY), estimates(shuffled, TODAY)
    for key in KEYS:
        a, b = first[key], second[key]
        assert math.isclose(a.mean, b.mean, rel_tol=1e-12)
        assert math.isclose(a.positive, b.positive, rel_tol=1e-12, abs_tol=1e-12)
        assert math.isclose(a.negative, b.negative, rel_tol=1e-12, abs_tol=1e-12)
        assert math.isclose(a.low, b.low, abs_tol=1e-7)
        assert math.isclose(a.high, b.high, abs_tol=1e-7)
    assert influences(events, TODAY) == influences(shuffled, TODAY)


@settings(deadline=None)  # timing is checked by the speed test, not per example
@given(st.floats(0.2, 300), st.floats(0.2, 300), st.floats(0.05, 0.98))
def test_beta_interval_is_ordered_and_mirrors(a: float, b: float, mass: float) -> None:
    low, high = beta_interval(a, b, mass)
    assert 0 <= low < high <= 1
    mirror_low, mirror_high = beta_interval(b, a, mass)
    assert math.isclose(low, 1 - mirror_high, abs_tol=1e-6)
    assert math.isclose(high, 1 - mirror_low, abs_tol=1e-6)


# --- known values -------------------------------------------------------------------------


def test_beta_interval_known_values() -> None:
    low, high = beta_interval(1, 1)
    assert abs(low - 0.1) < 1e-6 and abs(high - 0.9) < 1e-6
    low, high = beta_interval(2, 8)
    # the 10% point of Beta(2, 8) is 0.0608, checked against the closed form below
    assert low == pytest.approx(0.0608, abs=1e-3)
    assert high == pytest.approx(0.3684, abs=1e-3)

    def cdf(x: float) -> float:  # closed form of I_x(2, 8)
        return 1 - (1 - x) ** 9 - 9 * x * (1 - x) ** 8

    assert cdf(low) == pytest.approx(0.1, abs=1e-6)
    assert cdf(high) == pytest.approx(0.9, abs=1e-6)
    for a in (0.5, 3.0, 40.0):  # Beta(a, 1) has quantile q ** (1 / a)
        low, high = beta_interval(a, 1, 0.9)
        assert low == pytest.approx(0.05 ** (1 / a), abs=1e-6)
        assert high == pytest.approx(0.95 ** (1 / a), abs=1e-6)


def test_beta_interval_refuses_bad_input() -> None:
    for args in ((0, 1, 0.8), (1, -1, 0.8), (1, 1, 0.0), (1, 1, 1.0)):
        with pytest.raises(ValueError):
            beta_interval(*args)


def test_describe_wording() -> None:
    one_more = "Not enough noted yet: 1 more moment would start to show which way it leans."
    assert describe(estimate([ev(1)], TODAY)) == one_more
    assert describe(estimate([], TODAY)) == (
        "Not enough noted yet: 2 more moments would start to show which way it leans."
    )
    good = Estimate("keeps_promises", 8.0, 1.0, 0.72, 0.5512, 0.8649)
    assert describe(good) == (
        "The evidence so far leans positive: likely between 55 and 86 out of 100."
    )
    bad = Estimate(None, 1.0, 8.0, 0.2, 0.1, 0.35)
    assert describe(bad).startswith("The evidence so far leans negative: likely between 10")
    mixed = estimate([ev(1, weight="major"), ev(2, positive=False, weight="major")], TODAY)
    assert describe(mixed).startswith("The evidence so far is mixed: likely between")
    for text in (describe(good), describe(bad), describe(mixed)):
        assert "untrustworthy" not in text.lower() and "bad person" not in text.lower()


# --- influences ---------------------------------------------------------------------------


def test_influences_order_and_sign() -> None:
    events = [
        ev(1, weight="small", ago=5),
        ev(2, weight="major", positive=False, ago=10),
        ev(3, weight="significant", ago=0),
        ev(4, "validates_feelings", weight="major", ago=400),
        ev(5, weight="small", ago=1),
    ]
    result = influences(events, TODAY)
    assert list(result) == [*DIMENSIONS, "overall"]
    keeps = result["keeps_promises"]
    assert [i.evidence_id for i in keeps] == [2, 3, 5, 1]
    assert keeps[0].shift < 0 < keeps[1].shift
    assert all(i.dimension == "keeps_promises" for i in keeps)
    assert [abs(i.shift) for i in keeps] == sorted((abs(i.shift) for i in keeps), reverse=True)
    assert result["respects_boundaries"] == []
    assert [i.evidence_id for i in result["overall"]][:2] == [2, 3]
    assert len(influences(events, TODAY, limit=2)["overall"]) == 2
    assert influences(events, TODAY, limit=0)["overall"] == []


def test_influence_is_mean_with_minus_mean_without() -> None:
    events = [ev(1, weight="major"), ev(2, positive=False, ago=30), ev(3, ago=200)]
    full = estimate(events, TODAY, dimension="keeps_promises").mean
    for item in influences(events, TODAY)["keeps_promises"]:
        rest = [e for e in events if e.id != item.evidence_id]
        without = estimate(rest, TODAY, dimension="keeps_promises").mean
        assert item.shift == pytest.approx(full - without, abs=1e-12)


def test_influence_ties_go_to_newest_then_lowest_id() -> None:
    events = [ev(7, ago=-3), ev(3), ev(9), ev(1, ago=2), ev(5, ago=-1)]
    ids = [i.evidence_id for i in influences(events, TODAY, limit=4)["keeps_promises"]]
    assert ids == [7, 5, 3, 9]  # future-dated events count fresh, so all tie with today's


def plain_mean(events: list[Evidence]) -> float:
    """The posterior mean worked out the slow, obvious way, as a reference."""
    r = s = 0.0
    for e in events:
        w = WEIGHTS[e.weight] * 0.5 ** (max(0, (TODAY - e.on).days) / 180)
        r, s = (r + w, s) if e.positive else (r, s + w)
    return (r + 1) / (r + s + 2)


@settings(max_examples=50, deadline=None)
@given(event_lists(max_size=40), st.integers(0, 8))
def test_influences_match_a_plain_sort(events: list[Evidence], limit: int) -> None:
    result = influences(events, TODAY, limit=limit)
    for key in KEYS:
        dimension = None if key == "overall" else key
        scope = [e for e in events if dimension in (None, e.dimension)]
        full = plain_mean(scope)
        rows = []
        for e in scope:
            shift = full - plain_mean([x for x in scope if x is not e])
            rows.append((-abs(shift), -e.on.toordinal(), e.id, shift))
        rows.sort(key=lambda r: (round(r[0], 12), r[1], r[2]))
        assert [i.evidence_id for i in result[key]] == [r[2] for r in rows[:limit]]
        for item, row in zip(result[key], rows, strict=False):
            assert item.shift == pytest.approx(row[3], abs=1e-9)


def test_fifty_thousand_events_give_estimates_and_the_five_that_moved_them() -> None:
    """How long this takes is measured by ``bench/checks.py``, not asserted here."""
    rng = random.Random(7)
    weights = sorted(WEIGHTS)
    events = [
        Evidence(
            i,
            rng.choice(DIMENSIONS),
            rng.random() < 0.7,
            rng.choice(weights),
            day(rng.randrange(-5, 2000)),
        )
        for i in range(50_000)
    ]
    result = estimates(events, TODAY)
    top = influences(events, TODAY)
    assert result["overall"].enough and len(top["overall"]) == 5


@given(
    event_lists(),
    st.lists(st.integers(-40, 1600), min_size=1, max_size=12),
    st.sampled_from([7.0, 180.0, 365.0]),
)
def test_estimates_day_by_day_are_the_estimates_of_what_was_known_each_day(
    events: list[Evidence], agos: list[int], half_life: float
) -> None:
    """A chart's path is worked out in one pass; each day must say exactly what the events
    noted up to it say, and name only the kinds of trust noted by then."""
    days = sorted({day(ago) for ago in agos})
    found = trust.estimates_by_day(events, days, half_life)
    for on, got in zip(days, found, strict=True):
        known = [e for e in events if e.on <= on]
        if not known:
            assert got is None
            continue
        assert got is not None
        expected = estimates(known, on, half_life)
        noted = {e.dimension for e in known}
        assert set(got) == noted | {"overall"}
        for name, est in got.items():
            assert est == expected[name]
    only = trust.estimates_by_day(events, days, half_life, ("overall",))
    assert all(got is None or set(got) == {"overall"} for got in only)
