"""How the benchmarks time things and print them: medians, and ratios to a floor and a target."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], runs: int) -> float:
    """The median of ``runs`` timings of ``action``, in milliseconds, after one warm-up run."""
    action()  # warm caches (imports, compiled patterns), as a person's second use would
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def p95_ms(action: Callable[[], object], runs: int) -> float:
    """The 95th percentile of ``runs`` timings of ``action``, in milliseconds, after a warm-up."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(times, n=20)[-1]


def row(name: str, ms: float, floor: float, target: float, width: int = 40) -> None:
    """One figure beside the floor measured in the same run and the target it must meet."""
    verdict = "ok" if ms <= target else "OVER"
    print(
        f"{name:<{width}} {ms:8.1f} ms  {ms / floor:7.1f}x floor  {ms / target:5.2f}x target "
        f"{verdict}"
    )
