"""Gut-check calibration: how often instincts held at each level of confidence, and a Brier score."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

BANDS: tuple[tuple[int, int], ...] = ((50, 59), (60, 69), (70, 79), (80, 89), (90, 100))
#: resolved gut checks needed before saying anything about calibration
MIN_RESOLVED = 5
#: largest gap between mean confidence and hit rate that still counts as well calibrated
WELL_CALIBRATED = 0.05
_SLACK = 1e-9


@dataclass(frozen=True, slots=True)
class GutOutcome:
    """A resolved gut check: how sure the person felt (0.5 to 1.0) and whether it came true."""

    confidence: float
    came_true: bool


@dataclass(frozen=True, slots=True)
class Band:
    """Gut checks whose confidence fell between ``low`` and ``high`` percent, and how they went."""

    low: int
    high: int
    count: int
    mean_confidence: float | None
    hit_rate: float | None


@dataclass(frozen=True, slots=True)
class Calibration:
    """How well confidence matched outcomes, per band and overall, with a plain summary."""

    count: int
    brier: float | None
    bands: tuple[Band, ...]
    summary: str


def _band_index(confidence: float) -> int:
    """Which of ``BANDS`` a confidence falls in; rounding first keeps 0.7 in 70-79."""
    return min(math.floor(round(confidence * 100, 6)) // 10 - 5, len(BANDS) - 1)


def calibration(outcomes: Sequence[GutOutcome]) -> Calibration:
    """Sort resolved gut checks into confidence bands and score them.

    The Brier score is the mean of ``(confidence - came_true) ** 2``: 0 is perfect, and
    0.25 is what always saying "50%" would earn. Instincts count as well calibrated when
    the average confidence and the share that came true are within 0.05 of each other.
    """
    grouped: list[list[GutOutcome]] = [[] for _ in BANDS]
    for outcome in outcomes:
        if not 0.5 <= outcome.confidence <= 1.0:
            raise ValueError(f"confidence must be between 0.5 and 1.0, got {outcome.confidence!r}")
        grouped[_band_index(outcome.confidence)].append(outcome)
    bands = tuple(
        Band(low, high, len(group), *_rates(group))
        for (low, high), group in zip(BANDS, grouped, strict=True)
    )
    count = len(outcomes)
    if count == 0:
        return Calibration(0, None, bands, _not_enough(0))
    brier = sum((o.confidence - o.came_true) ** 2 for o in outcomes) / count
    if count < MIN_RESOLVED:
        summary = _not_enough(count)
    else:
        confidence = sum(o.confidence for o in outcomes) / count
        hit_rate = sum(1 for o in outcomes if o.came_true) / count
        summary = _verdict(confidence, hit_rate) + " " + _brier_words(brier)
    return Calibration(count, brier, bands, summary)


def _rates(group: Sequence[GutOutcome]) -> tuple[float | None, float | None]:
    if not group:
        return None, None
    confidence = sum(o.confidence for o in group) / len(group)
    return confidence, sum(1 for o in group if o.came_true) / len(group)


def _not_enough(count: int) -> str:
    return f"Not enough resolved gut checks yet ({count} of {MIN_RESOLVED})"


def _verdict(confidence: float, hit_rate: float) -> str:
    felt, held = round(100 * confidence), round(100 * hit_rate)
    gap = confidence - hit_rate
    if gap > WELL_CALIBRATED + _SLACK:
        return (
            f"Your instincts have run over-confident: you felt about {felt}% sure on average, "
            f"and {held}% came true. Leaving a little more room for doubt may serve you well."
        )
    if gap < -(WELL_CALIBRATED + _SLACK):
        return (
            f"Your instincts have run under-confident: you felt about {felt}% sure on average, "
            f"yet {held}% came true. Your gut may deserve more of your trust than you give it."
        )
    return (
        f"Your instincts look well calibrated: you felt about {felt}% sure on average, "
        f"and {held}% came true."
    )


def _brier_words(brier: float) -> str:
    return (
        f"Your Brier score is {brier:.2f}: lower is better, 0 is perfect, and always "
        "saying 50% would score 0.25."
    )
