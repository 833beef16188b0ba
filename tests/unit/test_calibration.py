"""Gut-check calibration: Brier score, bands and the plain-words summary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain.calibration import BANDS, GutOutcome, calibration


def checks(confidence: float, hits: int, misses: int) -> list[GutOutcome]:
    return [GutOutcome(confidence, True)] * hits + [GutOutcome(confidence, False)] * misses


def test_brier_known_values() -> None:
    assert calibration([GutOutcome(1.0, True)]).brier == 0.0
    assert calibration([GutOutcome(1.0, False)]).brier == 1.0
    assert calibration(checks(0.5, 1, 1)).brier == pytest.approx(0.25)
    assert calibration([GutOutcome(0.8, False)]).brier == pytest.approx(0.64)
    mixed = [GutOutcome(0.9, True), GutOutcome(0.7, False), GutOutcome(0.6, True)]
    assert calibration(mixed).brier == pytest.approx((0.01 + 0.49 + 0.16) / 3)


def test_nothing_resolved_yet() -> None:
    result = calibration([])
    assert (result.count, result.brier) == (0, None)
    assert result.summary.startswith("Nothing to go on yet: once you note how 5 hunches")
    assert all(
        b.count == 0 and b.mean_confidence is None and b.hit_rate is None for b in result.bands
    )


def test_too_few_to_judge() -> None:
    result = calibration(checks(0.9, 3, 0))
    assert result.summary.startswith("Not enough yet: 2 more hunches to go")
    assert result.brier is not None


def test_well_calibrated() -> None:
    result = calibration(checks(0.6, 6, 4) + checks(0.9, 9, 1))
    assert "your gut knows how sure to be" in result.summary
    assert "Brier" not in result.summary
    assert "0 is perfect" in result.score_words and "0.25" in result.score_words


def test_over_confident() -> None:
    result = calibration(checks(0.9, 5, 5))
    assert "more sure than things turned out" in result.summary
    assert result.score_words.startswith("Brier score: 0.41.")


def test_under_confident() -> None:
    assert "right more often than that" in calibration(checks(0.6, 10, 0)).summary


def test_gap_of_exactly_five_points_is_well_calibrated() -> None:
    assert "your gut knows how sure to be" in calibration(checks(0.75, 7, 3)).summary
    assert "your gut knows how sure to be" in calibration(checks(0.65, 7, 3)).summary


def test_band_edges() -> None:
    result = calibration(
        [GutOutcome(c, True) for c in (0.5, 0.59, 0.595, 0.6, 0.7, 0.8, 0.89, 0.9, 1.0)]
    )
    assert [(b.low, b.high) for b in result.bands] == list(BANDS)
    assert [b.count for b in result.bands] == [3, 1, 1, 2, 2]
    top = result.bands[-1]
    assert top.mean_confidence == pytest.approx(0.95) and top.hit_rate == 1.0


def test_band_rates() -> None:
    band = calibration(checks(0.72, 3, 1)).bands[2]
    assert (band.low, band.high, band.count) == (70, 79, 4)
    assert band.mean_confidence == pytest.approx(0.72) and band.hit_rate == 0.75


@pytest.mark.parametrize("confidence", [0.49, 1.01, -1.0])
def test_confidence_out_of_range_is_refused(confidence: float) -> None:
    with pytest.raises(ValueError):
        calibration([GutOutcome(confidence, True)])


outcomes = st.lists(st.builds(GutOutcome, st.floats(0.5, 1.0), st.booleans()), max_size=60)


@given(outcomes)
def test_brier_in_range_and_bands_cover_everything(items: list[GutOutcome]) -> None:
    result = calibration(items)
    assert result.count == len(items)
    assert sum(b.count for b in result.bands) == len(items)
    if items:
        assert result.brier is not None and 0.0 <= result.brier <= 1.0
    for band in result.bands:
        if band.count:
            assert band.mean_confidence is not None and band.hit_rate is not None
            assert band.low / 100 - 1e-9 <= band.mean_confidence <= (band.high + 1) / 100
            assert 0.0 <= band.hit_rate <= 1.0
    assert result.summary
