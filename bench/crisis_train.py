"""Train the crisis check's learned layer and write ``content/crisis_weights.npz``.

Logistic regression (numpy only, Adam, a small L2 penalty) on the labelled lines in
tests/data/crisis: ``train.tsv``, ``tune.tsv`` and ``test.tsv`` (the earlier test half, spent
on three earlier measurements, now training data). ``fresh_test.tsv`` is never read here: it
was written by another writer, for measuring once (``crisis_eval.py --fresh``).

The layer only adds alarms to what the patterns and the semantic half raise. Its threshold
comes from five-fold cross-validation, so it is set on scores of lines the model had not seen:
it lets through 2% of the look-alikes. Deterministic: the same lines give the same file.

    python bench/crisis_train.py            # train, print the cross-validated figures, write
    python bench/crisis_train.py --dry-run  # the figures only
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crisis_eval import CRISIS_LABELS, read

from trustbridge.domain.crisis import passage_inputs
from trustbridge.domain.crisis_learned import BUCKETS

OUT = Path(__file__).resolve().parents[1] / "src" / "trustbridge" / "content" / "crisis_weights.npz"
HALVES = ("train", "tune", "test")
L2, STEPS, RATE, FOLDS = 1e-5, 300, 0.05, 5
#: share of look-alikes below the threshold, in cross-validation
HIGH_QUANTILE = 0.995


class Inputs:
    """The lines' features: hashed slots as a sparse matrix, and the dense inputs."""

    def __init__(self, slots: list[list[int]], dense: np.ndarray) -> None:
        lengths = np.array([len(s) for s in slots])
        self.rows = np.repeat(np.arange(len(slots)), lengths)
        self.cols = np.concatenate([np.asarray(s, dtype=np.int64) for s in slots])
        self.vals = np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths)
        self.dense = dense
        self.slots = slots

    def take(self, chosen: np.ndarray) -> Inputs:
        return Inputs([self.slots[i] for i in chosen], self.dense[chosen])

    def scores(self, w: np.ndarray, v: np.ndarray, b: float) -> np.ndarray:
        sparse = np.bincount(self.rows, self.vals * w[self.cols], minlength=len(self.dense))
        result: np.ndarray = sparse + self.dense @ v + b
        return result


def fit(x: Inputs, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Logistic regression by Adam from zero: the same lines always give the same weights."""
    w, v, b = np.zeros(BUCKETS), np.zeros(x.dense.shape[1]), 0.0
    moments: list[Any] = [
        np.zeros(BUCKETS),
        np.zeros(BUCKETS),
        np.zeros_like(v),
        np.zeros_like(v),
        0,
        0,
    ]
    for t in range(1, STEPS + 1):
        p = 1 / (1 + np.exp(-x.scores(w, v, b)))
        r = (p - y) / len(y)
        grads = (
            np.bincount(x.cols, x.vals * r[x.rows], minlength=BUCKETS) + L2 * w,
            x.dense.T @ r + L2 * v,
            float(r.sum()),
        )
        updated = []
        for i, (param, g) in enumerate(zip((w, v, b), grads, strict=True)):
            m = moments[2 * i] = 0.9 * moments[2 * i] + 0.1 * g
            s = moments[2 * i + 1] = 0.999 * moments[2 * i + 1] + 0.001 * g * g
            step = RATE * (m / (1 - 0.9**t)) / (np.sqrt(s / (1 - 0.999**t)) + 1e-8)
            updated.append(param - step)
        w, v, b = updated[0], updated[1], float(updated[2])
    return w, v, b


def main(argv: list[str]) -> None:
    lines = [line for half in HALVES for line in read(half)]
    inputs = passage_inputs(line.text for line in lines)
    if any(len(passages) != 1 for passages in inputs):
        raise SystemExit("a labelled line is longer than one passage: shorten it")
    x = Inputs([p[0][0] for p in inputs], np.stack([p[0][1].dense() for p in inputs]))
    labels = np.array([line.label for line in lines])
    y = np.isin(labels, CRISIS_LABELS).astype(float)
    folds = np.arange(len(y)) % FOLDS  # lines of each kind sit together: spread them evenly
    cv = np.zeros(len(y))
    for k in range(FOLDS):
        w, v, b = fit(x.take(np.flatnonzero(folds != k)), y[folds != k])
        held = np.flatnonzero(folds == k)
        cv[held] = x.take(held).scores(w, v, b)
    look_alike = y == 0
    high = float(np.quantile(cv[look_alike], HIGH_QUANTILE))
    urgent = (cv > high) | (x.dense[:, -2] > 0)  # the other halves' urgent flag stays
    print(f"{len(y)} lines ({', '.join(HALVES)}); cross-validated, with the patterns:")
    for label in ("urgent", "indirect", "gentle", "safe"):
        chosen = labels == label
        print(f"  {label:9} flagged urgent {urgent[chosen].sum():4} of {chosen.sum():4}"
              f"  ({urgent[chosen].mean():.2f})")  # fmt: skip
    if "--dry-run" in argv:
        return
    w, v, b = fit(x, y)
    slots = np.flatnonzero(np.abs(w) > 1e-6)
    np.savez_compressed(
        OUT, slots=slots.astype(np.int32), values=w[slots].astype(np.float32),
        dense=v.astype(np.float32), bias=np.float32(b), high=np.float32(high),
    )  # fmt: skip
    print(f"wrote {OUT.name}: {len(slots):,} slots, {OUT.stat().st_size / 1024:,.0f} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
