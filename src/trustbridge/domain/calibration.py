"""Gut-check calibration: how often instincts held at each level of confidence, and a Brier score.

What a person reads is in plain words ("your hunches came true 9 times out of 10"); the
Brier score and the bands are the numbers behind it, shown only when asked for.
"""

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
    came_true: int = 0

    @property
    def tally(self) -> str:
        """``3 of 4 came true``, or ``none resolved yet``."""
        return f"{self.came_true} of {self.count} came true" if self.count else "none resolved yet"

    @property
    def score_words(self) -> str:
        """The Brier score and what it means, for "How is this worked out?"; empty before any."""
        return "" if self.brier is None else brier_words(self.brier)


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
    hits = sum(1 for o in outcomes if o.came_true)
    if count < MIN_RESOLVED:
        summary = _not_enough(count)
    else:
        confidence = sum(o.confidence for o in outcomes) / count
        summary = _sentence(hits_words(hits, count)) + " " + _verdict(confidence, hits / count)
    return Calibration(count, brier, bands, summary, hits)


def _rates(group: Sequence[GutOutcome]) -> tuple[float | None, float | None]:
    if not group:
        return None, None
    confidence = sum(o.confidence for o in group) / len(group)
    return confidence, sum(1 for o in group if o.came_true) / len(group)


def hits_words(hits: int, count: int) -> str:
    """How many hunches came true, as a person says it: ``your hunches came true 9 times out of 10``."""
    if not 0 <= hits <= count:
        raise ValueError(f"hits must be between 0 and count, got {hits!r} of {count!r}")
    if count == 1:
        return "your one hunch came true" if hits else "your one hunch did not come true"
    if hits == count:
        return f"all {count} of your hunches came true"
    if hits == 0:
        return f"none of your {count} hunches came true"
    times = "1 time" if hits == 1 else f"{hits} times"
    return f"your hunches came true {times} out of {count}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _not_enough(count: int) -> str:
    if count == 0:
        return (
            f"Nothing to go on yet: once you note how {MIN_RESOLVED} hunches turned out, "
            "you will see how well your gut matches what happens."
        )
    more = MIN_RESOLVED - count
    hunches = "1 more hunch" if more == 1 else f"{more} more hunches"
    return (
        f"Not enough yet: {hunches} to go before this can say how well your gut matches "
        "what happens."
    )


def _verdict(confidence: float, hit_rate: float) -> str:
    felt = round(100 * confidence)
    gap = confidence - hit_rate
    if gap > WELL_CALIBRATED + _SLACK:
        return (
            f"You felt about {felt}% sure on average, more sure than things turned out. "
            "Leaving a little more room for doubt may serve you well."
        )
    if gap < -(WELL_CALIBRATED + _SLACK):
        return (
            f"You felt about {felt}% sure on average, yet your gut was right more often than "
            "that. It may deserve more of your trust than you give it."
        )
    return (
        f"You felt about {felt}% sure on average, and that is about how often you were right: "
        "your gut knows how sure to be."
    )


def brier_words(brier: float) -> str:
    """The Brier score in a sentence that says how to read it."""
    return (
        f"Brier score: {brier:.2f}. It is the average of (how sure you felt minus what "
        "happened) squared, counting what happened as 1 or 0: 0 is perfect, and saying 50% "
        "every time would score 0.25."
    )
