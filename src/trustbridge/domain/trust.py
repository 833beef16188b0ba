"""Trust estimates per person and dimension from logged evidence, with uncertainty and fading.

After Jøsang and Ismail's beta reputation system (2002): with a uniform prior ``Beta(1, 1)``,
each event adds its weight to ``r`` (went well) or ``s`` (did not), giving ``Beta(r+1, s+1)``
with mean ``(r+1)/(r+s+2)`` and an 80% equal-tailed credible interval, so thin evidence
shows as a wide range. Weights: small 1, significant 2, major 4, each multiplied by
``0.5 ** (age_days / half_life_days)``, age counted from the event's date to ``today`` (a
later date counts as age 0); the default half-life is 180 days. Below ``MIN_EVIDENCE`` of
such evidence the answer is "not enough evidence yet"; "overall" pools every dimension.
An estimate describes the evidence logged so far, never the worth of a person.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from statistics import NormalDist
from typing import NamedTuple

DIMENSIONS: tuple[str, ...] = (
    "keeps_promises",
    "respects_boundaries",
    "validates_feelings",
    "reciprocates_support",
    "responds_to_openness",
)
DIMENSION_NAMES: dict[str, str] = {
    "keeps_promises": "Keeps promises",
    "respects_boundaries": "Respects boundaries",
    "validates_feelings": "Validates feelings",
    "reciprocates_support": "Reciprocates support",
    "responds_to_openness": "Responds well to openness",
}
WEIGHTS: dict[str, float] = {"small": 1.0, "significant": 2.0, "major": 4.0}
DEFAULT_HALF_LIFE_DAYS = 180.0
#: decayed, weighted evidence below which an estimate says "not enough evidence yet"
MIN_EVIDENCE = 2.0
OVERALL = "overall"  # key of the estimate that pools every dimension
INTERVAL_MASS = 0.8  # probability mass of the reported credible interval
LEANS_POSITIVE = 0.65
LEANS_NEGATIVE = 0.35

_EPS, _TINY, _MAX_TERMS, _TOLERANCE = 1e-15, 1e-300, 10_000, 1e-8


class Evidence(NamedTuple):
    """One logged moment about a person: which dimension, how it went, how much it mattered."""

    id: int
    dimension: str
    positive: bool
    weight: str
    on: dt.date


class Estimate(NamedTuple):
    """Beta estimate for one dimension (``None`` for overall) with its 80% credible interval."""

    dimension: str | None
    positive: float
    negative: float
    mean: float
    low: float
    high: float

    @property
    def amount(self) -> float:
        """Decayed, weighted evidence behind the estimate (``r + s``)."""
        return self.positive + self.negative

    @property
    def enough(self) -> bool:
        """Whether there is enough evidence to say which way it leans."""
        return self.amount >= MIN_EVIDENCE


class Influence(NamedTuple):
    """How far one event moved an estimate: mean with it minus mean without it."""

    evidence_id: int
    dimension: str
    shift: float


_Key = tuple[str, bool, str]
_KEYS: tuple[_Key, ...] = tuple(
    (d, p, w) for d in DIMENSIONS for p in (True, False) for w in WEIGHTS
)
_ON = attrgetter("on")


def _check_dimension(dimension: str) -> None:
    if dimension not in DIMENSION_NAMES:
        raise ValueError(f"unknown trust dimension {dimension!r}")


def _bucketed(events: Iterable[Evidence]) -> dict[_Key, list[Evidence]]:
    """The events grouped by (dimension, sign, weight); ``ValueError`` for an unknown one."""
    buckets: dict[_Key, list[Evidence]] = {key: [] for key in _KEYS}
    for event in events:
        try:
            buckets[event.dimension, event.positive, event.weight].append(event)
        except KeyError:
            _check_dimension(event.dimension)
            if event.weight not in WEIGHTS:
                raise ValueError(f"unknown evidence weight {event.weight!r}") from None
            buckets[event.dimension, bool(event.positive), event.weight].append(event)
    return buckets


class _Pool:
    """Events grouped by (dimension, sign, weight), with their fading worked out and summed once."""

    __slots__ = ("buckets", "dates", "fade", "sums")

    def __init__(self, events: Iterable[Evidence], today: dt.date, half_life_days: float) -> None:
        if not half_life_days > 0:
            raise ValueError(f"half_life_days must be greater than 0, got {half_life_days!r}")
        self.buckets = buckets = _bucketed(events)
        self.dates = {key: list(map(_ON, bucket)) for key, bucket in buckets.items()}
        # fading is worked out once per date; an event dated after `today` has age 0
        days = set().union(*self.dates.values())
        self.fade = fade = {d: 0.5 ** (max(0, (today - d).days) / half_life_days) for d in days}
        self.sums = {
            key: WEIGHTS[key[2]] * math.fsum(map(fade.__getitem__, dates))
            for key, dates in self.dates.items()
        }

    def totals(self, dimension: str | None) -> tuple[float, float]:
        """Decayed positive and negative evidence for one dimension, or pooled for ``None``."""
        chosen = [(k[1], v) for k, v in self.sums.items() if dimension in (None, k[0])]
        return math.fsum(v for good, v in chosen if good), math.fsum(v for g, v in chosen if not g)

    def newest(self, key: _Key, limit: int) -> list[Evidence]:
        """The ``limit`` newest events of a bucket, ties to the lowest id.

        Within a bucket the decayed weight never falls as the date rises, so these are
        the only events of the bucket that can be among the ``limit`` largest shifts.
        """
        bucket, dates = self.buckets[key], self.dates[key]
        if len(bucket) <= limit or limit <= 0:
            return bucket[:limit] if limit > 0 else []
        threshold = heapq.nlargest(limit, dates)[-1]
        chosen = list(compress(bucket, map(threshold.__le__, dates)))
        return heapq.nsmallest(limit, chosen, key=lambda e: (-e.on.toordinal(), e.id))


def _make(dimension: str | None, r: float, s: float) -> Estimate:
    low, high = beta_interval(r + 1, s + 1, INTERVAL_MASS)
    return Estimate(dimension, r, s, (r + 1) / (r + s + 2), low, high)


def from_amounts(positive: float, negative: float, dimension: str | None = None) -> Estimate:
    """The estimate for decayed, weighted evidence already added up (``r`` and ``s``)."""
    return _make(dimension, positive, negative)


def estimate(
    events: Iterable[Evidence],
    today: dt.date,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    dimension: str | None = None,
) -> Estimate:
    """Estimate one dimension from the events, or all dimensions pooled when ``dimension`` is None."""
    if dimension is not None:
        _check_dimension(dimension)
    return _make(dimension, *_Pool(events, today, half_life_days).totals(dimension))


def estimates(
    events: Sequence[Evidence], today: dt.date, half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> dict[str, Estimate]:
    """Estimates for every dimension in ``DIMENSIONS`` order, then the pooled ``"overall"``."""
    pool = _Pool(events, today, half_life_days)
    out = {d: _make(d, *pool.totals(d)) for d in DIMENSIONS}
    out[OVERALL] = _make(None, *pool.totals(None))
    return out


def estimates_by_day(
    events: Iterable[Evidence],
    days: Sequence[dt.date],
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    names: Collection[str] = (*DIMENSIONS, OVERALL),
) -> list[dict[str, Estimate] | None]:
    """For each of ``days``, what :func:`estimates` says from the events dated up to that day,
    for ``names`` (``"overall"`` and each dimension those events are about); ``None`` for a
    day before any event.

    The same numbers in one pass: each (dimension, sign, weight) keeps its dates in order, so
    a day adds up only the fading of the dates up to it (``math.fsum`` is exact, so grouping
    the dates another way cannot change a sum).
    """
    if not half_life_days > 0:
        raise ValueError(f"half_life_days must be greater than 0, got {half_life_days!r}")
    by_key = {key: sorted(map(_ON, bucket)) for key, bucket in _bucketed(events).items() if bucket}
    out: list[dict[str, Estimate] | None] = []
    for day in days:
        fade: dict[dt.date, float] = {}
        sums: dict[_Key, float] = {}
        for key, dates in by_key.items():
            upto = dates[: bisect_right(dates, day)]
            for d in upto:
                if d not in fade:
                    fade[d] = 0.5 ** ((day - d).days / half_life_days)
            if upto:
                sums[key] = WEIGHTS[key[2]] * math.fsum(map(fade.__getitem__, upto))
        noted = {key[0] for key in sums}
        found = {}
        for name in names:
            if name == OVERALL or name in noted:
                chosen = [(k[1], v) for k, v in sums.items() if name in (OVERALL, k[0])]
                r = math.fsum(v for good, v in chosen if good)
                s = math.fsum(v for good, v in chosen if not good)
                found[name] = _make(None if name == OVERALL else name, r, s)
        out.append(found if sums else None)
    return out


def influences(
    events: Sequence[Evidence],
    today: dt.date,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    limit: int = 5,
) -> dict[str, list[Influence]]:
    """Per dimension and ``"overall"``, the ``limit`` events that moved the estimate most.

    The shift of an event is the mean with it minus the mean without it, so it is
    positive for good moments and negative for hurtful ones. Lists are ordered by the
    size of the shift, largest first; ties go to the newest event, then the lowest id.
    """
    pool = _Pool(events, today, half_life_days)
    limit = max(limit, 0)
    candidates = {key: pool.newest(key, limit) for key in _KEYS}
    out: dict[str, list[Influence]] = {}
    for name in (*DIMENSIONS, OVERALL):
        dimension = None if name == OVERALL else name
        r, s = pool.totals(dimension)
        rows: list[tuple[float, int, int, Influence]] = []
        for key, chosen in candidates.items():
            if dimension is not None and key[0] != dimension:
                continue
            base, positive = WEIGHTS[key[2]], key[1]
            for event in chosen:
                shift = _leave_one_out(r, s, base * pool.fade[event.on], positive)
                item = Influence(event.id, event.dimension, shift)
                size = -round(abs(shift), 12)  # equal weights reached two ways still tie
                rows.append((size, -event.on.toordinal(), event.id, item))
        rows.sort(key=lambda row: row[:3])
        out[name] = [row[3] for row in rows[:limit]]
    return out


def _leave_one_out(r: float, s: float, w: float, positive: bool) -> float:
    """Mean with an event of weight ``w`` minus the mean with it taken out, in O(1)."""
    total = r + s + 2
    without = max(total - w, 2.0)  # guards against round-off when the event is all there is
    r_without = max(r - w, 0.0) if positive else r
    return (r + 1) / total - (r_without + 1) / without


def _continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function by the modified Lentz method."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    h = d = 1.0 / (d or _TINY)
    for m in range(1, _MAX_TERMS):
        m2 = 2 * m
        even = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
        odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
        for num in (even, odd):
            d = 1.0 / (1.0 + num * d or _TINY)  # Lentz: a zero is replaced by a tiny number
            c = 1.0 + num / c or _TINY
            delta = d * c
            h *= delta
        if -_EPS < delta - 1.0 < _EPS:
            break
    return h


def _regularized_beta(a: float, b: float, x: float) -> float:
    """``I_x(a, b)``, the cumulative distribution function of ``Beta(a, b)`` at ``x``."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - log_beta)
    if x < (a + 1) / (a + b + 2):
        return front * _continued_fraction(a, b, x) / a
    return 1 - front * _continued_fraction(b, a, 1 - x) / b


def _quantile(a: float, b: float, p: float) -> float:
    """The ``p`` quantile of ``Beta(a, b)``, to well within 1e-6.

    Newton's method on the distribution function (its slope is the density), kept inside
    a bracket that every step narrows and falling back to bisection whenever a Newton step
    would leave it: a handful of steps instead of the ~27 bisection would need, which is
    what keeps a page listing hundreds of people quick. The bracket starts within ten
    standard deviations of the mean, widened to ``[0, 1]`` when the quantile lies outside.
    The first guess is where a normal curve of the same mean and spread puts the quantile,
    which is close once there is some evidence: two or three steps then finish it.
    """
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    lo, hi = max(0.0, mean - 10 * sd), min(1.0, mean + 10 * sd)
    if _regularized_beta(a, b, lo) > p:
        lo = 0.0
    if _regularized_beta(a, b, hi) < p:
        hi = 1.0
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    x = min(max(mean + _STANDARD_NORMAL.inv_cdf(p) * sd, lo), hi)
    while hi - lo > _TOLERANCE:
        gap = _regularized_beta(a, b, x) - p
        if gap < 0:
            lo = x
        else:
            hi = x
        density = 0.0
        if 0 < x < 1:
            density = math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - log_beta)
        step = x - gap / density if density > 0 else lo - 1.0
        if abs(step - x) < _TOLERANCE / 4:
            return min(max(step, lo), hi)
        x = step if lo < step < hi else (lo + hi) / 2
    return (lo + hi) / 2


_STANDARD_NORMAL = NormalDist()


@lru_cache(maxsize=8192)
def beta_interval(a: float, b: float, mass: float = INTERVAL_MASS) -> tuple[float, float]:
    """Equal-tailed credible interval of ``Beta(a, b)`` holding ``mass`` of the probability.

    Remembered: the circle asks for the same few hundred each time it is shown in a day.
    """
    if not (a > 0 and b > 0):
        raise ValueError(f"beta parameters must be positive, got a={a!r}, b={b!r}")
    if not 0 < mass < 1:
        raise ValueError(f"mass must be between 0 and 1, got {mass!r}")
    tail = (1 - mass) / 2
    return _quantile(a, b, tail), _quantile(a, b, 1 - tail)


# --- in words ---------------------------------------------------------------------------------
# What a person reads says it plainly; the numbers behind it are in ``numbers_words`` (shown
# behind "How is this worked out?" on the web, and in ``--json`` on the command line).

#: a moment moving an estimate by less than this share of the scale "barely moved it"
BARELY, A_LITTLE, QUITE_A_BIT = 0.005, 0.05, 0.15


def leaning(estimate: Estimate) -> str:
    """``leans positive``, ``leans negative``, ``mixed``, or ``not enough yet``."""
    if not estimate.enough:
        return "not enough yet"
    if estimate.mean >= LEANS_POSITIVE:
        return "leans positive"
    return "leans negative" if estimate.mean <= LEANS_NEGATIVE else "mixed"


def moments_needed(estimate: Estimate) -> int:
    """How many more small moments would make enough evidence to say which way it leans."""
    short = MIN_EVIDENCE - estimate.amount
    return max(math.ceil(short - 1e-9), 0 if estimate.enough else 1)


def describe(estimate: Estimate) -> str:
    """Plain words for an estimate: what the evidence so far suggests, never a verdict."""
    if not estimate.enough:
        more = moments_needed(estimate)
        moments = "1 more moment" if more == 1 else f"{more} more moments"
        return f"Not enough noted yet: {moments} would start to show which way it leans."
    way = "is mixed" if leaning(estimate) == "mixed" else leaning(estimate)
    return (
        f"The evidence so far {way}: likely between {out_of_100(estimate.low)} and "
        f"{out_of_100(estimate.high)} out of 100."
    )


def numbers_words(estimate: Estimate) -> list[str]:
    """The numbers behind :func:`describe`, each line a sentence, for "How is this worked out?"."""
    weight = math.floor(estimate.amount * 10) / 10  # never rounded up to what is needed
    lines = [
        f"Best guess: {out_of_100(estimate.mean)} out of 100, roughly the share of moments that "
        "went well, counting each by how much it mattered.",
        f"Likely range: {out_of_100(estimate.low)} to {out_of_100(estimate.high)}. The evidence "
        f"makes it {out_of_100(INTERVAL_MASS)}% likely that the true figure is in it; "
        "little evidence gives a wide range.",
        f"Evidence behind it: {weight:.1f}, where a small moment counts 1, a significant one "
        "2 and a major one 4, and older moments count less as time passes.",
    ]
    if not estimate.enough:
        lines.append(f"It says which way it leans once the evidence reaches {MIN_EVIDENCE:g}.")
    return lines


def shift_words(shift: float) -> str:
    """How far one moment moved an estimate, in words: ``raised it a little``."""
    size = abs(shift)
    if size < BARELY:
        return "barely moved it"
    verb = "raised it" if shift > 0 else "lowered it"
    if size < A_LITTLE:
        return f"{verb} a little"
    return f"{verb} quite a bit" if size < QUITE_A_BIT else f"{verb} a lot"


def shift_numbers(shift: float) -> str:
    """The same shift in numbers: ``up 25 out of 100``."""
    size = round(abs(shift) * 100)
    if size == 0:
        return "less than 1 out of 100"
    return f"{'up' if shift > 0 else 'down'} {size} out of 100"


def out_of_100(share: float) -> int:
    """A share from 0 to 1 as a whole number out of 100."""
    return round(100 * share)
