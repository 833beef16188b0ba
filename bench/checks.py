"""Speed of three checks people wait on, printed as ratios to a floor measured in the same run.

- the crisis check on 5 MB of ordinary text (every save runs it; target 1 s), against one
  ``casefold()`` of the same text, the least any check of every character must do;
- trust estimates and what moved them, for 50,000 evidence events (the person page; target
  500 ms), against one sort of the same events by date;
- asking the key agent when none is running (every command on an encrypted store does it
  first; target 500 ms), against one ``stat`` of the socket's folder.

These were timed assertions in the tests, which failed on a busy machine; here they are
measured, not asserted. Run with ``make bench`` or ``python bench/checks.py``; the exit code
is always 0, because the numbers depend on the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from operator import attrgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_ms, row

TODAY = dt.date(2026, 3, 1)
ORDINARY = [  # everyday sentences, some with the look-alikes the crisis check must pass over
    "Went for a walk by the river after work and felt a bit lighter.",
    "This workout is killing me, but I kept going for twenty minutes.",
    "I'm dying to see the new film with Sam on Friday.",
    "We talked about trust and how we might rebuild it step by step.",
    "I'd die of embarrassment if anyone read my old diary.",
    "I cut my hair and cut myself a slice of cake to celebrate.",
    "There's no point in arguing with him about the dishes.",
    "I can't go on the trip next week, money is tight.",
]


def _floor(name: str, ms: float) -> float:
    print(f"{'floor: ' + name:<40} {ms:8.1f} ms")
    return max(ms, 1e-3)


def ordinary_text(size: int = 5_000_000) -> str:
    """About ``size`` characters of seeded everyday sentences, one a line."""
    rng = random.Random(2026)
    sentences: list[str] = []
    total = 0
    while total < size:
        sentences.append(rng.choice(ORDINARY))
        total += len(sentences[-1]) + 1
    return "\n".join(sentences)


def crisis_bench() -> None:
    from trustbridge.domain.crisis import check_text

    text = ordinary_text()
    floor = _floor("casefold 5 MB", median_ms(text.casefold, 5))
    if check_text(text).flagged:
        raise RuntimeError("ordinary text was flagged: the benchmark's text is wrong")
    row("crisis check, 5 MB of ordinary text", median_ms(lambda: check_text(text), 5), floor, 1000)


def trust_bench() -> None:
    from trustbridge.domain.trust import DIMENSIONS, WEIGHTS, Evidence, estimates, influences

    rng = random.Random(7)
    weights = sorted(WEIGHTS)
    events = [
        Evidence(
            i,
            rng.choice(DIMENSIONS),
            rng.random() < 0.7,
            rng.choice(weights),
            TODAY - dt.timedelta(days=rng.randrange(-5, 2000)),
        )
        for i in range(50_000)
    ]
    floor = _floor(
        "sort 50,000 events by day", median_ms(lambda: sorted(events, key=attrgetter("on")), 10)
    )

    def both() -> object:
        return estimates(events, TODAY), influences(events, TODAY)

    row("estimates + influences, 50,000 events", median_ms(both, 10), floor, 500)


def keyagent_bench() -> None:
    from trustbridge.keyagent import fetch, remaining, socket_path, stop

    with tempfile.TemporaryDirectory(prefix="tbka", dir="/tmp") as tmp:
        os.environ["TMPDIR"] = tmp  # a private folder, so no real agent of this user answers
        tempfile.tempdir = None
        store = Path(tmp) / "store"
        folder = socket_path(store).parent
        floor = _floor("stat the agent's folder", median_ms(lambda: _stat(folder), 50))

        def ask() -> object:
            return fetch(store), remaining(store), stop(store)

        if ask() != (None, None, False):
            raise RuntimeError("an agent answered where none runs")
        row("no agent: fetch + remaining + stop", median_ms(ask, 50), floor, 500)


def _stat(path: Path) -> object:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def main() -> None:
    started = time.perf_counter()
    crisis_bench()
    trust_bench()
    keyagent_bench()
    print(f"total runtime {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
