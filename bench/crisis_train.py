"""Train the crisis check's learned layer: ``content/crisis_weights.npz`` and
``content/crisis_context_weights.npz``.

Logistic regression (numpy only, Adam, a small L2 penalty) on the labelled lines in
tests/data/crisis: ``train.tsv``, ``tune.tsv``, ``test.tsv``, ``fresh_test.tsv`` and
``fresh2_test.tsv`` (earlier test sets, each spent on its measurements, now training data),
four writers in all; and ``train2.tsv``, lines we wrote ourselves for kinds the others had
few of, taught but never measured (like the examples of ``tests/unit/test_crisis.py``).
``fresh3_test.tsv`` is never read here: another writer wrote it, for measuring once
(``crisis_eval.py --fresh3``).

Two models. The first reads the words and what the patterns and the semantic half saw; alone
(when the transformer is not installed) it only adds alarms. The second reads the same and
the passage in context (``domain/crisis_encoder.py``), and decides alone for the passages it
reads; it also reads each sentence of a passage on its own. Their thresholds come from
five-fold cross-validation, so they are set on scores of lines the model had not seen. The
first model's gate (which passages the second reads, besides those the other signals
noticed) lets through 90% of the crisis lines. The second model's veto (below which it
overrules a pattern's alarm) is then lowered, if need be, until it overrules none of the
must-flag lines in ``tests/unit/test_crisis.py``, written alone or among other lines: a
crisis check must never talk itself out of "I want to kill myself." Deterministic: the same
lines give the same files.

The figures are printed twice: over five random folds (what the thresholds are chosen on),
and leaving one writer out at a time (each writer's lines scored by models that never saw
that writer, with the same thresholds), which is nearer what a new writer's test set gives.

    python bench/crisis_train.py            # train, print the cross-validated figures, write
    python bench/crisis_train.py --dry-run  # the figures only
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataclasses import dataclass, replace

from crisis_eval import CRISIS_LABELS, DATA, read

from trustbridge.domain.crisis import passage_inputs, unit_inputs
from trustbridge.domain.crisis_learned import BUCKETS, MIN_WORDS, VETO_WORDS

CONTENT = Path(__file__).resolve().parents[1] / "src" / "trustbridge" / "content"
HALVES = ("train", "tune", "test", "fresh_test", "fresh2_test")
#: who wrote each file (the tuning and test halves are one writer's lines, split once)
WRITERS = {"train": 0, "tune": 1, "test": 1, "fresh_test": 2, "fresh2_test": 3}
#: lines we wrote ourselves: taught to both models, never in a measurement
OWN = ("train2",)
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


def cross_validated(
    x: Inputs, y: np.ndarray, folds: np.ndarray, units: Units | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each labelled line's score from a model fitted on the other folds, and the best score of
    its sentences read on their own (``-inf`` without ``units``). ``folds`` gives each of the
    first ``len(folds)`` lines its fold; the lines after them (the unit tests' examples, and
    lines of our own) are in every fold's training."""
    n = len(folds)
    folds = np.concatenate([folds, np.full(len(y) - n, -1)])
    cv, best = np.zeros(n), np.full(n, -np.inf)
    for k in sorted(set(folds[:n])):
        w, v, b = fit(x.take(np.flatnonzero(folds != k)), y[folds != k])
        held = np.flatnonzero(folds == k)
        cv[held] = x.take(held).scores(w, v, b)
        if units is not None:
            best = np.maximum(best, units.best(w, v, b, folds[units.owner] == k, n))
    return cv, best


class Units:
    """The labelled lines' sentences, each read on its own (``crisis.unit_inputs``)."""

    def __init__(self, per_line: list[list[tuple[list[int], Any]]]) -> None:
        self.owner = np.array([i for i, us in enumerate(per_line) for _ in us], dtype=np.int64)
        flat = [u for us in per_line for u in us]
        self.x = Inputs([s for s, _ in flat], np.stack([seen.dense() for _, seen in flat]))

    def best(
        self, w: np.ndarray, v: np.ndarray, b: float, chosen: np.ndarray, n: int
    ) -> np.ndarray:
        """Each line's best sentence score among the ``chosen`` sentences (``-inf``: none)."""
        out = np.full(n, -np.inf)
        picked = np.flatnonzero(chosen)
        if len(picked):
            np.maximum.at(out, self.owner[picked], self.x.take(picked).scores(w, v, b))
        return out


def random_folds(n: int) -> np.ndarray:
    """Five folds; lines of each kind sit together in the files, so they are dealt in turn."""
    return np.arange(n) % FOLDS


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
    look_alike = ~np.isin(labels, CRISIS_LABELS)
    print(f"  look-alikes flagged urgent {urgent[look_alike].mean():.3f}")


@dataclass(frozen=True, slots=True)
class Lines:
    """The labelled lines and what the check's decision rests on for each."""

    labels: np.ndarray
    writers: np.ndarray
    words: np.ndarray
    flagged: np.ndarray  # the patterns or the semantic half said urgent
    noticed: np.ndarray  # ... or gentle
    pinned: np.ndarray  # ... with wording no model may overrule (crisis_context.pinned)

    @property
    def vetoable(self) -> np.ndarray:
        """The second model may overrule the patterns' alarm on the line's own score."""
        result: np.ndarray = (self.words <= VETO_WORDS) & ~self.pinned
        return result

    @property
    def vetoable_by_sentence(self) -> np.ndarray:
        """... only if each of its sentences, read on its own, also scores under the veto."""
        result: np.ndarray = (self.words > VETO_WORDS) & ~self.pinned
        return result

    @property
    def look_alike(self) -> np.ndarray:
        return ~np.isin(self.labels, CRISIS_LABELS)


@dataclass(frozen=True, slots=True)
class Bars:
    high: float  # the first model's
    gate: float
    context_high: float  # the second model's
    veto: float
    sentence_high: float


def decided(
    lines: Lines, bars: Bars, cv1: np.ndarray, cv2: np.ndarray, best: np.ndarray
) -> np.ndarray:
    """Which lines the check (as shipped) gives the full alarm, from out-of-fold scores."""
    alone = (cv1 > bars.high) | lines.flagged
    read_in_context = (lines.noticed | (cv1 > bars.gate)) & (lines.words >= MIN_WORDS)
    by_sentence = lines.vetoable_by_sentence & np.isfinite(best) & (best <= bars.veto)
    kept = lines.flagged & ~((lines.vetoable | by_sentence) & (cv2 <= bars.veto))
    decide = (cv2 > bars.context_high) | (best > bars.sentence_high) | kept
    urgent: np.ndarray = np.where(read_in_context, decide, alone)
    return urgent


def thresholds(
    lines: Lines, cv1: np.ndarray, cv2: np.ndarray, best: np.ndarray, high: float, gate: float,
    cap: float,
) -> Bars:  # fmt: skip
    """The second model's bar for an alarm of its own (the whole passage's score, and a
    sentence's read on its own), and the lower one a pattern's alarm must clear to stay: the
    set that catches the most crisis lines (urgent and indirect alike) with at most
    :data:`CONTEXT_FALSE_ALARMS` of the look-alikes, in cross-validation. The veto is at most
    ``cap``."""
    look_alike = lines.look_alike
    found: tuple[float, Bars] | None = None
    sentences = best[look_alike & np.isfinite(best)]
    for context_high in np.quantile(cv2[look_alike], np.arange(0.94, 0.995, 0.005)):
        vetoes = np.quantile(cv2[look_alike & lines.flagged], np.arange(0.5, 0.95, 0.1))
        for veto in [-np.inf, cap, *vetoes[vetoes < cap]]:
            bars = [np.inf]
            if len(sentences):
                bars += list(np.quantile(sentences, np.arange(0.9, 1.0, 0.01)))
            for sentence_high in bars:
                chosen = Bars(high, gate, float(context_high), float(veto), float(sentence_high))
                urgent = decided(lines, chosen, cv1, cv2, best)
                if urgent[look_alike].mean() <= CONTEXT_FALSE_ALARMS:
                    caught = urgent[~look_alike].mean()
                    if found is None or caught > found[0]:
                        found = (caught, chosen)
    if found is None:
        raise SystemExit(f"no threshold keeps false alarms under {CONTEXT_FALSE_ALARMS:.0%}")
    return found[1]


def write(name: str, w: np.ndarray, v: np.ndarray, b: float, **thresholds: float) -> None:
    slots = np.flatnonzero(np.abs(w) > 1e-6)
    out = CONTENT / name
    arrays: dict[str, Any] = {k: np.float32(t) for k, t in thresholds.items()}
    np.savez_compressed(
        out, slots=slots.astype(np.int32), values=w[slots].astype(np.float32),
        dense=v.astype(np.float32), bias=np.float32(b), **arrays,
    )  # fmt: skip
    print(f"wrote {name}: {len(slots):,} slots, {out.stat().st_size / 1024:,.0f} KiB")


@dataclass(frozen=True, slots=True)
class Prepared:
    lines: Lines
    first: Inputs
    second: Inputs
    units: Units
    taught: np.ndarray


def prepare() -> Prepared:
    """Every line's inputs, as the check computes them (about a minute: the encoder reads
    every line and every sentence of the multi-sentence ones)."""
    read_lines = [(half, line) for half in HALVES for line in read(half)]
    own = [line for half in OWN if (DATA / f"{half}.tsv").exists() for line in read(half)]
    more, more_y = examples()
    more += [line.text for line in own]
    more_y += [float(line.label in CRISIS_LABELS) for line in own]
    texts = [line.text for _, line in read_lines]
    inputs = passage_inputs([*texts, *more], in_context=True)
    if any(len(passages) != 1 for passages in inputs):
        raise SystemExit("a labelled line is longer than one passage: shorten it")
    slots = [p[0][0] for p in inputs]
    every = [p[0][1] for p in inputs]
    first = Inputs(slots, np.stack([replace(s, context=None).dense() for s in every]))
    second = Inputs(slots, np.stack([s.dense() for s in every]))
    labels = np.array([line.label for _, line in read_lines])
    y = np.isin(labels, CRISIS_LABELS).astype(float)
    seen = every[: len(read_lines)]
    words = np.array([len(text.split()) for text in texts])
    flagged = np.array([s.urgent for s in seen])
    lines = Lines(
        labels=labels,
        writers=np.array([WRITERS[half] for half, _ in read_lines]),
        words=words,
        flagged=flagged,
        noticed=flagged | np.array([s.gentle for s in seen]),
        pinned=np.array([s.pinned for s in seen]),
    )
    units = Units(unit_inputs(texts))
    return Prepared(lines, first, second, units, np.concatenate([y, more_y]))


def main(argv: list[str]) -> None:
    data = prepare()
    lines, taught = data.lines, data.taught
    n = len(lines.labels)
    print(f"{n} lines ({', '.join(HALVES)}) and {len(taught) - n} taught but never measured"
          " (the unit tests' examples and our own lines)")  # fmt: skip
    look_alike = lines.look_alike
    folds = random_folds(n)
    cv1, _ = cross_validated(data.first, taught, folds)
    high = float(np.quantile(cv1[look_alike], HIGH_QUANTILE))
    gate = float(np.quantile(cv1[~look_alike], GATE_QUANTILE))
    show("first model alone, adding alarms to the patterns' (five random folds)", lines.labels,
         (cv1 > high) | lines.flagged)  # fmt: skip
    cv2, best = cross_validated(data.second, taught, folds, data.units)
    w, v, b = fit(data.second, taught)
    must = must_flag_scores(w, v, b)
    cap = float(must.min()) - VETO_MARGIN if len(must) else np.inf
    bars = thresholds(lines, cv1, cv2, best, high, gate, cap)
    print(f"the veto at most {cap:.2f}, below every must-flag line; chosen: {bars.veto:.2f}")
    show("as shipped, five random folds", lines.labels, decided(lines, bars, cv1, cv2, best))
    # leave one writer out: each writer's lines scored by models that never saw that writer,
    # with the bars chosen above; what an unseen writer's test set is likelier to give
    by_writer1, _ = cross_validated(data.first, taught, lines.writers)
    by_writer2, best2 = cross_validated(data.second, taught, lines.writers, data.units)
    decided_by_writer = decided(lines, bars, by_writer1, by_writer2, best2)
    show("as shipped, leaving one writer out at a time", lines.labels, decided_by_writer)
    if "--dry-run" in argv:
        return
    write("crisis_weights.npz", *fit(data.first, taught), high=high, gate=gate)
    # a score above the bar is an alarm whatever the veto says: no veto above it
    write("crisis_context_weights.npz", w, v, b, high=bars.context_high,
          veto=min(bars.veto, bars.context_high), sentence_high=bars.sentence_high)  # fmt: skip


def must_flag_scores(w: np.ndarray, v: np.ndarray, b: float) -> np.ndarray:
    """The second model's scores for the must-flag lines it could overrule (those the patterns
    flag urgent, not pinned, long enough to weigh): for a line of one sentence its own score,
    for a longer one the best of its sentences read on their own, which is what stands
    between it and the veto wherever it is written (``Weights.overruled``)."""
    sys.path.insert(0, str(ROOT))
    from tests.unit.test_crisis import MUST_FLAG

    texts = [t for t, _ in MUST_FLAG if len(t.split()) >= MIN_WORDS]
    inputs = passage_inputs(texts, in_context=True)
    sentences = unit_inputs(texts)
    out = []
    for text, passages, mine in zip(texts, inputs, sentences, strict=True):
        slots, seen = passages[0]
        if len(passages) != 1 or not seen.urgent or seen.pinned:
            continue
        whole = Inputs([slots], seen.dense()[None]).scores(w, v, b)[0]
        if not mine:
            out.append(whole)
            continue
        x = Inputs([s for s, _ in mine], np.stack([u.dense() for _, u in mine]))
        best = x.scores(w, v, b).max()
        # written alone, a line of up to VETO_WORDS words is overruled on its own score;
        # written among other lines, only if its sentences score under the veto too
        out.append(min(whole, best) if len(text.split()) <= VETO_WORDS else best)
    return np.array(out)


if __name__ == "__main__":
    main(sys.argv[1:])
