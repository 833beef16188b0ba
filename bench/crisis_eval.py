"""How well the crisis check does on the labelled lines in tests/data/crisis, in plain figures.

The lines were written separately from the check's patterns and prototype phrasings, split
once into a tuning half and a test half. Tuning looks at the tuning half only (``--show``
lists its misses); the test half is for the figures in docs/crisis-check.md.

    python bench/crisis_eval.py --show     # the tuning half's figures and misses, to tune by
    python bench/crisis_eval.py --test     # the test half's figures too, once tuning is done
    python bench/crisis_eval.py --fresh    # the first fresh test set (now training data too)
    python bench/crisis_eval.py --fresh2   # the second fresh test set (now training data too)
    python bench/crisis_eval.py --fresh3   # the third fresh test set: the honest measure

The tuning and test halves, ``train.tsv``, ``fresh_test.tsv``, ``fresh2_test.tsv`` (each
test set spent on its measurement, then taught) and ``train2.tsv`` (lines of our own) are
what the learned layer was trained on (``bench/crisis_train.py``); ``--fresh2`` is kept as a
historical record, and no longer measures anything unseen. ``fresh3_test.tsv``, by another
writer who never saw the check, is the honest measure, to be printed once, without the
learned layer, without the sentence encoder (the first model alone) and as shipped. Nothing
else reads it.
"""

from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "crisis"
CRISIS_LABELS = ("urgent", "indirect")


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Figures:
    """What the check did on one half: counts caught at each tier, per label."""

    total: dict[str, int]
    urgent: dict[str, int]
    any_tier: dict[str, int]

    def rate(self, counts: dict[str, int], *labels: str) -> float:
        return sum(counts[label] for label in labels) / max(1, sum(self.total[x] for x in labels))


def read(half: str) -> list[Line]:
    with (DATA / f"{half}.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Line(row["label"], row["kind"], row["text"]) for row in rows]


def measure(lines: list[Line]) -> tuple[Figures, list[tuple[Line, str]]]:
    """Check every line; return the figures and each line with the tier it got."""
    from trustbridge.domain.crisis import check_text

    labels = sorted({line.label for line in lines})
    total, urgent, any_tier = (dict.fromkeys(labels, 0) for _ in range(3))
    tiers = []
    for line in lines:
        signal = check_text(line.text)
        total[line.label] += 1
        urgent[line.label] += signal.flagged
        any_tier[line.label] += bool(signal.level)
        tiers.append((line, signal.level))
    return Figures(total, urgent, any_tier), tiers


def report(half: str, figures: Figures) -> None:
    f = figures
    print(f"{half} ({sum(f.total.values())} lines)")
    print(f"  urgent lines caught as urgent:      {f.urgent['urgent']} of {f.total['urgent']}"
          f"  ({f.rate(f.urgent, 'urgent'):.2f}; goal >= 0.95)")  # fmt: skip
    print(f"  indirect lines caught as urgent:    {f.urgent['indirect']} of {f.total['indirect']}"
          f"  ({f.rate(f.urgent, 'indirect'):.2f}; goal >= 0.80)")  # fmt: skip
    print(f"  crisis lines given at least a link: {f.any_tier['urgent'] + f.any_tier['indirect']}"
          f" of {f.total['urgent'] + f.total['indirect']}")  # fmt: skip
    print(f"  look-alikes raising the full alarm: {f.urgent['gentle'] + f.urgent['safe']} of"
          f" {f.total['gentle'] + f.total['safe']}  ({f.rate(f.urgent, 'gentle', 'safe'):.2f};"
          " goal <= 0.05)")  # fmt: skip
    print(f"  topic look-alikes given the link:   {f.any_tier['gentle']} of {f.total['gentle']}")
    print(f"  everyday lines given the link:      {f.any_tier['safe']} of {f.total['safe']}")


def fresh(half: str) -> None:
    """A fresh test set: with the patterns and semantic half alone, with the learned layer's
    first model (no sentence encoder), then as shipped."""
    import warnings
    from unittest import mock

    from trustbridge.domain import crisis_encoder, crisis_learned

    lines = read(half)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with mock.patch.object(crisis_learned, "weights", side_effect=OSError("left out")):
            report(f"{half}, without the learned layer", measure(lines)[0])
        with mock.patch.object(crisis_encoder, "available", return_value=False):
            report(f"{half}, without the sentence encoder", measure(lines)[0])
    report(f"{half}, as shipped", measure(lines)[0])


def main(argv: list[str]) -> None:
    started = time.perf_counter()
    chosen = [name for name in ("fresh", "fresh2", "fresh3") if f"--{name}" in argv]
    if chosen:
        fresh(f"{chosen[-1]}_test")
        print(f"({time.perf_counter() - started:.1f} s, model load included)")
        return
    for half in ("tune", "test") if "--test" in argv else ("tune",):
        figures, tiers = measure(read(half))
        report(f"{half} half", figures)
        if half == "tune" and "--show" in argv:
            for line, tier in tiers:
                wanted = "urgent" if line.label in CRISIS_LABELS else ""
                if (tier == "urgent") != (wanted == "urgent"):
                    print(f"    {line.label:8} {line.kind:12} got {tier or 'none':7} {line.text}")
    print(f"({time.perf_counter() - started:.1f} s, model load included)")


if __name__ == "__main__":
    main(sys.argv[1:])
