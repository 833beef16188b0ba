"""Train the crisis check's learned layer: ``content/crisis_weights.npz`` and
``content/crisis_context_weights.npz``.

Logistic regression (numpy only, Adam, a small L2 penalty) on the labelled lines in
tests/data/crisis: ``train.tsv``, ``tune.tsv``, ``test.tsv`` and ``fresh_test.tsv`` (earlier
test sets, each spent on its measurements, now training data). ``fresh2_test.tsv`` is never
read here: another writer wrote it, for measuring once (``crisis_eval.py --fresh2``).

Two models. The first reads the words and what the patterns and the semantic half saw; alone
(when the transformer is not installed) it only adds alarms. The second reads the same and
the passage in context (``domain/crisis_encoder.py``), and decides alone for the passages it
reads. Their thresholds come from five-fold cross-validation, so they are set on scores of
lines the model had not seen. The first model's gate (which passages the second reads,
besides those the other signals noticed) lets through 90% of the crisis lines. The second
model's veto (below which it overrules a pattern's alarm) is then lowered, if need be, until
it overrules none of the must-flag lines in ``tests/unit/test_crisis.py``: a crisis check
must never talk itself out of "I want to kill myself." Deterministic: the same lines give
the same files.

    python bench/crisis_train.py            # train, print the cross-validated figures, write
    python bench/crisis_train.py --dry-run  # the figures only
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataclasses import replace

from crisis_eval import CRISIS_LABELS, read

from trustbridge.domain.crisis import passage_inputs
from trustbridge.domain.crisis_learned import BUCKETS, MIN_WORDS, VETO_WORDS

CONTENT = Path(__file__).resolve().parents[1] / "src" / "trustbridge" / "content"
HALVES = ("train", "tune", "test", "fresh_test")
L2, STEPS, RATE, FOLDS = 1e-5, 300, 0.05, 5
#: share of look-alikes below the first model's threshold, in cross-validation
HIGH_QUANTILE = 0.995
#: the most look-alikes the second model may raise the full alarm for, in cross-validation
#: (the goal on unseen lines is 5%; this leaves some room)
CONTEXT_FALSE_ALARMS = 0.05
#: share of crisis lines below the first model's gate (not read in context unless the other
#: signals noticed something; the first model decides for them as it does alone)
GATE_QUANTILE = 0.1
#: the veto stays at least this far below the lowest score of a must-flag line of
#: tests/unit/test_crisis.py that the patterns flag: the model may never overrule those
VETO_MARGIN = 1.0
ROOT = Path(__file__).resolve().parents[1]


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


def cross_validated(x: Inputs, y: np.ndarray, labelled: int) -> np.ndarray:
    """Each of the first ``labelled`` lines' score from a model fitted on the other folds
    (the lines after them, the unit tests' examples, are in every fold's training)."""
    folds = np.arange(len(y)) % FOLDS  # lines of each kind sit together: spread them evenly
    folds[labelled:] = -1
    cv = np.zeros(labelled)
    for k in range(FOLDS):
        w, v, b = fit(x.take(np.flatnonzero(folds != k)), y[folds != k])
        held = np.flatnonzero(folds == k)
        cv[held] = x.take(held).scores(w, v, b)
    return cv


def examples() -> tuple[list[str], list[float]]:
    """The wording tests/unit/test_crisis.py names: lines that must raise the alarm (1), and
    figures of speech and subjects told at a distance that must not (0). They are taught to
    both models too, as what the check is meant to do; they are never in a measurement."""
    sys.path.insert(0, str(ROOT))
    from tests.unit.test_crisis import GENTLE, MUST_FLAG, MUST_NOT_FLAG

    texts = [t for t, _ in MUST_FLAG] + list(MUST_NOT_FLAG) + [t for t, _ in GENTLE]
    return texts, [1.0] * len(MUST_FLAG) + [0.0] * (len(MUST_NOT_FLAG) + len(GENTLE))


def show(title: str, labels: np.ndarray, urgent: np.ndarray) -> None:
    print(title)
    for label in ("urgent", "indirect", "gentle", "safe"):
        chosen = labels == label
        print(f"  {label:9} flagged urgent {urgent[chosen].sum():4} of {chosen.sum():4}"
              f"  ({urgent[chosen].mean():.2f})")  # fmt: skip


def thresholds(
    cv: np.ndarray,
    labels: np.ndarray,
    flagged: np.ndarray,
    vetoable: np.ndarray,
    read: np.ndarray,
    alone: np.ndarray,
    cap: float,
) -> tuple[float, float]:
    """The second model's bar for an alarm of its own, and the lower one a pattern's alarm
    must clear to stay: the pair that catches the most crisis lines (urgent and indirect
    alike) with at most :data:`CONTEXT_FALSE_ALARMS` of the look-alikes, in cross-validation.
    For lines it does not ``read``, the first model's say (``alone``) stands; lines too long
    to be ``vetoable`` keep the patterns' alarm. The veto is at most ``cap``."""
    look_alike = ~np.isin(labels, CRISIS_LABELS)
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for high in np.quantile(cv[look_alike], np.arange(0.94, 0.995, 0.005)):
        vetoes = np.quantile(cv[look_alike & flagged], np.arange(0.5, 0.95, 0.1))
        for veto in [-np.inf, cap, *vetoes[vetoes < cap]]:
            kept = flagged & ~(vetoable & (cv <= veto))
            urgent = np.where(read, (cv > high) | kept, alone)
            if urgent[look_alike].mean() <= CONTEXT_FALSE_ALARMS:
                best = max(best, (urgent[~look_alike].mean(), float(high), float(veto)))
    if best[0] < 0:
        raise SystemExit(f"no threshold keeps false alarms under {CONTEXT_FALSE_ALARMS:.0%}")
    return best[1], best[2]


def write(name: str, w: np.ndarray, v: np.ndarray, b: float, **thresholds: float) -> None:
    slots = np.flatnonzero(np.abs(w) > 1e-6)
    out = CONTENT / name
    np.savez_compressed(
        out, slots=slots.astype(np.int32), values=w[slots].astype(np.float32),
        dense=v.astype(np.float32), bias=np.float32(b),
        **{k: np.float32(t) for k, t in thresholds.items()},
    )  # fmt: skip
    print(f"wrote {name}: {len(slots):,} slots, {out.stat().st_size / 1024:,.0f} KiB")


def main(argv: list[str]) -> None:
    lines = [line for half in HALVES for line in read(half)]
    more, more_y = examples()
    inputs = passage_inputs([*(line.text for line in lines), *more], in_context=True)
    if any(len(passages) != 1 for passages in inputs):
        raise SystemExit("a labelled line is longer than one passage: shorten it")
    slots = [p[0][0] for p in inputs]
    every = [p[0][1] for p in inputs]
    first = Inputs(slots, np.stack([replace(s, context=None).dense() for s in every]))
    second = Inputs(slots, np.stack([s.dense() for s in every]))
    labels = np.array([line.label for line in lines])
    y = np.isin(labels, CRISIS_LABELS).astype(float)
    taught = np.concatenate([y, more_y])
    n = len(lines)
    seen = every[:n]
    look_alike = y == 0
    flagged = np.array([s.urgent for s in seen])
    noticed = flagged | np.array([s.gentle for s in seen])
    print(f"{n} lines ({', '.join(HALVES)}) and {len(more)} from the unit tests; cross-validated:")

    cv1 = cross_validated(first, taught, n)
    high = float(np.quantile(cv1[look_alike], HIGH_QUANTILE))
    alone = (cv1 > high) | flagged
    show("  first model, adding alarms to the patterns'", labels, alone)
    gate = float(np.quantile(cv1[~look_alike], GATE_QUANTILE))
    words = np.array([len(line.text.split()) for line in lines])
    short = words < MIN_WORDS
    read_in_context = (noticed | (cv1 > gate)) & ~short
    print(f"  read in context: {read_in_context[~look_alike].mean():.2f} of crisis lines,"
          f" {read_in_context[labels == 'safe'].mean():.2f} of everyday lines")  # fmt: skip

    cv2 = cross_validated(second, taught, n)
    vetoable = (words <= VETO_WORDS) & ~np.array([s.pinned for s in seen])
    w, v, b = fit(second, taught)
    must = must_flag_scores(w, v, b)
    cap = float(must.min()) - VETO_MARGIN if len(must) else np.inf
    context_high, veto = thresholds(cv2, labels, flagged, vetoable, read_in_context, alone, cap)
    print(f"  the veto at most {cap:.2f}, below every must-flag line; chosen: {veto:.2f}")
    decide = (cv2 > context_high) | (flagged & ~(vetoable & (cv2 <= veto)))
    show(
        "  second model, deciding for what it reads",
        labels,
        np.where(read_in_context, decide, alone),
    )
    if "--dry-run" in argv:
        return
    write("crisis_weights.npz", *fit(first, taught), high=high, gate=gate)
    # a score above the bar is an alarm whatever the veto says: no veto above it
    write("crisis_context_weights.npz", w, v, b, high=context_high, veto=min(veto, context_high))


def must_flag_scores(w: np.ndarray, v: np.ndarray, b: float) -> np.ndarray:
    """The second model's scores for the must-flag lines it could overrule: those the
    patterns flag urgent (and not pinned), of a length it weighs and may overrule in."""
    sys.path.insert(0, str(ROOT))
    from tests.unit.test_crisis import MUST_FLAG

    texts = [t for t, _ in MUST_FLAG if MIN_WORDS <= len(t.split()) <= VETO_WORDS]
    inputs = passage_inputs(texts, in_context=True)
    chosen = [p[0] for p in inputs if len(p) == 1 and p[0][1].urgent and not p[0][1].pinned]
    x = Inputs([c[0] for c in chosen], np.stack([c[1].dense() for c in chosen]))
    return x.scores(w, v, b)


if __name__ == "__main__":
    main(sys.argv[1:])
