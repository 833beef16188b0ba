"""The crisis check's quick path (``crisis._quick``): a short, calm text checked without NumPy.

The quick path works the semantic half and the first model's score out in plain Python. It
may answer only "nothing here", and only when the full check, with NumPy, gives that very
answer. These tests hold it to that: its figures agree with NumPy's to within rounding, far
inside the margins it keeps from every bar, and on every labelled line it either gives way
or gives the full check's answer.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import crisis, crisis_learned, crisis_semantic
from trustbridge.domain.crisis import QUICK_SCORE_TOLERANCE, check_many
from trustbridge.domain.crisis_learned import Seen, hashed
from trustbridge.domain.crisis_semantic import QUICK_TOLERANCE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import crisis_eval  # type: ignore[import-not-found]

#: how far the quick figures may drift from NumPy's: a tenth of the margins the quick path
#: keeps from each bar (they differ by float32 rounding, about 1e-7)
CLOSENESS_DRIFT = QUICK_TOLERANCE / 10
SCORE_DRIFT = QUICK_SCORE_TOLERANCE / 10


#: every labelled line of tests/data/crisis
LINES = [
    line.text
    for path in sorted(crisis_eval.DATA.glob("*.tsv"))
    for line in crisis_eval.read(path.stem)
]
WORDS = sorted(
    {w for line in LINES for w in crisis._SEMANTIC_NOISE.sub(" ", line.lower()).split()}
    | {"not", "never", "dont", "cant", "nothing"}
)


@pytest.fixture(scope="module", autouse=True)
def _kept() -> Iterator[None]:
    """The copies the quick path reads are kept by the full path's first use."""
    crisis_semantic.closeness(["warm up the check"])
    crisis_learned.weights()
    crisis_semantic._load_quick.cache_clear()
    crisis_learned.quick_weights.cache_clear()
    yield


def _numpy_score(passage: crisis._Passage, near: dict[str, crisis_semantic.Closeness]) -> float:
    """The first model's score as the full check works it out for a passage in which nothing
    was found (:func:`crisis._weighed`)."""
    vector = crisis_semantic.vectors([" ".join(passage.words)])
    assert vector is not None
    best = crisis._nearest(passage, near)
    crisis_side, look_alike = (best.crisis, best.look_alike) if best else (0.0, 0.0)
    seen = Seen(vector[0], crisis_side, look_alike, urgent=False, gentle=False)
    return crisis_learned.weights().score(hashed(passage.words), seen)


def _drift(text: str) -> tuple[float, float]:
    """How far the quick path's closeness (every clause) and scores (every passage the
    learned layer weighs) are from NumPy's for ``text``; (0, 0) where it gives way."""
    read, owned = crisis._read([(text,)])
    clauses = list(owned)
    quick = crisis_semantic.quick_closeness(clauses)
    if quick is None:  # a word only the tokenizer splits
        return 0.0, 0.0
    full = crisis_semantic.closeness(clauses)
    closeness = max(
        (
            max(abs(q.crisis - f.crisis), abs(q.look_alike - f.look_alike))
            for q, f in zip(quick, full, strict=True)
        ),
        default=0.0,
    )
    assert [q.kind for q in quick] == [f.kind for f in full]
    weighed = [p for p in crisis._flat(read) if len(p.words) >= crisis_learned.MIN_WORDS]
    vectors = crisis_semantic.quick_vectors([" ".join(p.words) for p in weighed])
    first = crisis_learned.quick_weights()
    assert vectors is not None and first is not None
    quick_near = dict(zip(clauses, quick, strict=True))
    full_near = dict(zip(clauses, full, strict=True))
    score = 0.0
    for passage, vector in zip(weighed, vectors, strict=True):
        mine = crisis._quick_score(passage, vector, quick_near, first)
        if mine is not None:
            score = max(score, abs(mine - _numpy_score(passage, full_near)))
    return closeness, score


@pytest.fixture
def figures_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each text's quick figures worked out once: the test below wants them twice a line (for
    its drift, then within ``crisis._quick``), and each is a function of its text alone."""
    for name in ("quick_closeness", "quick_vectors"):
        monkeypatch.setattr(crisis_semantic, name, _each_once(getattr(crisis_semantic, name)))


def _each_once(real: Callable[[Sequence[str]], list[Any] | None]) -> Callable[..., Any]:
    kept: dict[str, Any] = {}

    def once(texts: Sequence[str]) -> list[Any] | None:
        for text in texts:
            if text not in kept:
                found = real([text])
                kept[text] = None if found is None else found[0]
        figures = [kept[text] for text in texts]
        return None if None in figures else figures

    return once


@pytest.mark.usefixtures("figures_once")
def test_every_labelled_line_gets_the_full_check_s_answer() -> None:
    """Over every labelled line: the quick figures stay within a tenth of the margins kept
    from the bars, and wherever the quick path answers, the full check answers the same."""
    closeness = score = 0.0
    answered = disagreements = 0
    for line in LINES:
        drift = _drift(line)
        closeness, score = max(closeness, drift[0]), max(score, drift[1])
        quick = crisis._quick((line,))
        if quick is not None:
            answered += 1
            disagreements += quick != check_many([[line]])[0]
    assert disagreements == 0
    assert closeness < CLOSENESS_DRIFT and score < SCORE_DRIFT, (closeness, score)
    assert answered > len(LINES) // 4  # the everyday lines, mostly: the path is taken


@settings(max_examples=150)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.sampled_from(". ,;\n"))
def test_quick_figures_agree_with_numpy_s_on_any_words(words: list[str], stop: str) -> None:
    cut = len(words) // 2
    text = " ".join(words[:cut]) + stop + " ".join(words[cut:])
    closeness, score = _drift(text)
    assert closeness < CLOSENESS_DRIFT and score < SCORE_DRIFT
    quick = crisis._quick((text,))
    assert quick is None or quick == check_many([[text]])[0]


def test_a_quick_answer_is_only_ever_nothing_found() -> None:
    calm = crisis._quick(("calm", "short walk after work, then dinner with my sister"))
    assert calm == crisis.CrisisSignal(flagged=False, reasons=())
    for worrying in (
        "I want to kill myself.",  # a pattern
        "ive been putting aside my tablets for weeks",  # the semantic half, or the gate
        "We watched a documentary about suicide prevention.",  # the gentle tier
    ):
        assert crisis._quick((worrying,)) is None
        assert crisis.check_text(worrying).level


def test_a_long_text_or_a_word_for_the_tokenizer_goes_to_the_full_check() -> None:
    many = ". ".join(f"we walked to the park number {n}" for n in range(crisis.QUICK_CLAUSES + 1))
    assert crisis._quick((many,)) is None
    assert crisis._quick(("a very " + "long" * 13 + " walk after work",)) is None


def test_a_text_longer_than_any_quick_one_is_not_even_read_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def read_twice(*args: object) -> object:
        raise AssertionError("the quick path read a text it can never answer")

    monkeypatch.setattr(crisis, "_read", read_twice)
    assert crisis._quick(("a quiet walk. " * (crisis.QUICK_CHARACTERS // 10),)) is None


def test_without_kept_copies_the_full_check_decides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(tmp_path))
    crisis_semantic._load_quick.cache_clear()
    crisis_learned.quick_weights.cache_clear()
    try:
        assert crisis_semantic.quick_closeness(["short walk after work"]) is None
        assert crisis_learned.quick_weights() is None
        assert crisis._quick(("short walk after work",)) is None
    finally:
        crisis_semantic._load_quick.cache_clear()
        crisis_learned.quick_weights.cache_clear()


def test_kept_weights_are_the_first_model_s() -> None:
    quick, full = crisis_learned.quick_weights(), crisis_learned.weights()
    assert quick is not None
    sparse = np.zeros_like(full.sparse)
    sparse[np.frombuffer(quick.slots, dtype=np.int32)] = np.frombuffer(quick.values, np.float32)
    assert np.array_equal(sparse, full.sparse)
    assert np.array_equal(np.asarray(quick.dense, np.float32), full.dense)
    assert (quick.bias, quick.high, quick.gate) == (full.bias, full.high, full.gate)
    assert math.isfinite(quick.gate)


CHECK_WITHOUT_NUMPY = """
import sys
from trustbridge.domain.crisis import check_text
answers = [check_text("calm", note) for note in sys.argv[1:]]
print(all(not a.level for a in answers), "numpy" in sys.modules)
"""


def test_a_short_note_is_checked_without_importing_numpy() -> None:
    notes = ["short walk after work", "Short walk after work, then dinner with my sister."]
    done = subprocess.run(
        [sys.executable, "-c", CHECK_WITHOUT_NUMPY, *notes], capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [b"True", b"False"]
