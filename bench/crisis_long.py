"""How long the crisis check takes on one long entry (150 sentences), and what it answers.

A long entry is cut into passages, and the sentence encoder reads the passages worth it and
their sentences (at most ``crisis_learned.CONTEXT_BUDGET`` readings), so it is the slow part.
This prints the check's answer, how many texts the encoder read in how many batches, and
the best and median of ``--runs`` checks after one that loads the models. Run it on two
versions of the code to compare them (``PYTHONPATH=other/src python bench/crisis_long.py``):
the answer must be the same. Not a test: the time depends on the machine and what else it is
doing, so the floor printed beside it (a fixed piece of NumPy work) is measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

#: sentences of a long evening entry: everyday ones, some told at a distance, a few heavier
SENTENCES = (
    "Today I went for a long walk with my sister after work.",
    "We talked about the garden and the new neighbours across the road.",
    "I felt tired but calm when I finally got home.",
    "Sometimes I wonder whether anyone would notice if I was gone.",
    "Dinner was pasta with a friend from the book club.",
    "The film we watched was about grief and the people left behind.",
    "I am trying to be kinder to myself these days, even on slow ones.",
    "Work was busy and my boss was short with me again.",
    "My friend told me about her brother who took his own life years ago.",
    "Some nights I feel like a burden to everyone around me.",
    "We watched a documentary about suicide prevention in class.",
    "The bus was late so I read a few pages of my novel at the stop.",
)


def entry(sentences: int) -> str:
    """``sentences`` sentences, cycling through :data:`SENTENCES` with the day counted in."""
    out = []
    for n in range(sentences):
        said = SENTENCES[n % len(SENTENCES)]
        out.append(f"{said} That was day {n // len(SENTENCES) + 1}." if n % 5 == 4 else said)
    return " ".join(out)


def floor_ms() -> float:
    """A fixed piece of NumPy work (a 256 x 256 matrix product, 50 times), for scale."""
    import numpy as np

    a = np.random.default_rng(0).standard_normal((256, 256))
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(50):
            a @ a
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    from trustbridge.domain import crisis_encoder
    from trustbridge.domain.crisis import check_text

    text = entry(options.sentences)
    read: list[tuple[int, int]] = []
    forward = crisis_encoder._forward

    def counted(weights: Any, ids: Any, mask: Any) -> Any:
        read.append(ids.shape)
        return forward(weights, ids, mask)

    crisis_encoder._forward = counted  # type: ignore[assignment]
    started = time.perf_counter()
    answer = check_text(text)
    first = (time.perf_counter() - started) * 1000
    batches = list(read)
    times, cpu = [], []
    for _ in range(options.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        again = check_text(text)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert again == answer
    print(f"{options.sentences} sentences, {len(text.split())} words: {answer}")
    print(
        f"encoder: {sum(rows for rows, _ in batches)} texts in {len(batches)} batches "
        f"(rows x word pieces: {', '.join(f'{r}x{p}' for r, p in batches)})"
    )
    print(
        f"check: first {first:.0f} ms (models loaded), then best {min(times):.0f} ms, "
        f"median {statistics.median(times):.0f} ms (CPU best {min(cpu):.0f} ms); "
        f"floor (NumPy) {floor_ms():.1f} ms"
    )


if __name__ == "__main__":
    main()
