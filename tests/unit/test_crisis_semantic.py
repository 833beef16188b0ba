"""The crisis check's semantic half and its measured figures on the labelled lines."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import crisis_semantic
from trustbridge.domain.crisis import check_many, check_text, warm_up

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import crisis_eval  # type: ignore[import-not-found]

SAMPLES = [
    "I want to kill myself.",
    "ive been putting aside my tablets for weeks",
    "We watched a documentary about suicide prevention.",
    "This commute is killing me.",
    "everyone would be better off if i wasnt here",
]


def test_wording_never_seen_lands_near_its_meaning() -> None:
    crisis, everyday = crisis_semantic.closeness(
        ["ive been putting aside my tablets for weeks", "put the kettle on and read my book"]
    )
    assert crisis.margin > everyday.margin
    assert crisis.kind in crisis_semantic.read_prototypes()["crisis"]


def test_nothing_to_compare_gives_nothing_and_loads_nothing() -> None:
    assert crisis_semantic.closeness([]) == []
    assert check_text("   ") == check_text()


def test_the_model_loads_in_the_background_and_then_answers() -> None:
    warm_up().join(timeout=60)
    assert crisis_semantic.loaded()


def test_a_missing_model_leaves_the_patterns_working(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crisis_semantic, "_MODEL_PACKAGE", "no_such_package_here")
    crisis_semantic._load.cache_clear()
    try:
        with pytest.warns(UserWarning, match="unavailable"):
            assert check_text("I want to kill myself.").flagged
    finally:
        monkeypatch.undo()
        crisis_semantic._load.cache_clear()


def test_prototype_phrasings_are_plain_lower_case_and_not_on_both_sides() -> None:
    sides = crisis_semantic.read_prototypes()
    crisis = {p for kind in sides["crisis"].values() for p in kind}
    look_alikes = {p for kind in sides["look_alikes"].values() for p in kind}
    assert not crisis & look_alikes
    assert all(p == p.lower() and "'" not in p for p in crisis | look_alikes)


@pytest.mark.parametrize(
    ("half", "urgent", "indirect", "false_alarms"),
    [
        # The measured figures (docs/crisis-check.md), kept from getting worse. The second
        # fresh test set's (measured once, then kept here) are below the goals
        # (0.95, 0.80, 0.05): see the doc. All four are now training data of the learned
        # layer; the third fresh test set is measured by bench/crisis_eval.py --fresh3 only.
        ("tune", 0.94, 0.85, 0.02),
        ("test", 0.85, 0.35, 0.13),
        ("fresh_test", 0.88, 0.60, 0.15),
        ("fresh2_test", 0.93, 0.75, 0.075),
    ],
)
def test_figures_on_the_labelled_lines_do_not_get_worse(
    half: str, urgent: float, indirect: float, false_alarms: float
) -> None:
    figures, _ = crisis_eval.measure(crisis_eval.read(half))
    assert figures.rate(figures.urgent, "urgent") >= urgent
    assert figures.rate(figures.urgent, "indirect") >= indirect
    assert figures.rate(figures.urgent, "gentle", "safe") <= false_alarms


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=80) | st.sampled_from(SAMPLES), max_size=3), max_size=6))
def test_checking_many_entries_at_once_gives_the_same_answers(entries: list[list[str]]) -> None:
    assert check_many(entries) == [check_text(*texts) for texts in entries]


def test_kept_prototype_vectors_are_the_ones_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prototypes' vectors are kept in the cache folder and read back as they were
    worked out; the table is memory-mapped from the wheel's file, as it holds it."""
    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(tmp_path))
    crisis_semantic._load.cache_clear()
    try:
        worked_out = crisis_semantic._model()
        assert list(tmp_path.glob("crisis/prototypes.*.marshal"))
        crisis_semantic._load.cache_clear()
        read_back = crisis_semantic._model()
    finally:
        crisis_semantic._load.cache_clear()
    assert read_back.kinds == worked_out.kinds
    for name in ("crisis", "look_alikes", "crisis_negated", "look_alikes_negated"):
        assert np.array_equal(getattr(read_back, name), getattr(worked_out, name)), name
    assert read_back.table.dtype == np.float16 and isinstance(read_back.table, np.memmap)
    clauses = ["ive been putting aside my tablets for weeks", "put the kettle on"]
    assert crisis_semantic.closeness(clauses) == crisis_semantic.closeness(clauses)


def _tokenized(words: list[str]) -> list[list[int]]:
    tokenizer = crisis_semantic._tokenizer(crisis_semantic._model())
    return [list(e.ids) for e in tokenizer.encode_batch(words, add_special_tokens=False)]


def test_words_are_split_into_the_pieces_the_tokenizer_gives() -> None:
    """Every plain word of the vocabulary and of the labelled lines, split here without the
    tokenizer, gets exactly the token ids the tokenizer gives it."""
    import re

    model = crisis_semantic._model()
    assert model.pieces is not None
    tokenizer = crisis_semantic._tokenizer(model)
    plain = re.compile("[a-z0-9]+")
    words = {piece.lstrip("\u2581") for piece in tokenizer.get_vocab()}
    for path in crisis_eval.DATA.glob("*.tsv"):
        text = path.read_text(encoding="utf-8").lower().replace("'", "")
        words.update(re.sub(r"[^a-z0-9 ]+", " ", text).split())
    listed = sorted(w for w in words if plain.fullmatch(w) and len(w) <= 48)
    assert len(listed) > 10_000
    split = [crisis_semantic._split(word, model.pieces) for word in listed]
    assert split == _tokenized(listed)


@settings(max_examples=200, deadline=None)
@given(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=60))
def test_any_plain_word_is_split_as_the_tokenizer_splits_it(word: str) -> None:
    model = crisis_semantic._model()
    assert model.pieces is not None
    split = crisis_semantic._split(word, model.pieces)
    if len(word) > crisis_semantic._SPLIT_LONGEST:
        assert split is None  # left to the tokenizer
    else:
        assert split == _tokenized([word])[0]


def test_words_of_other_characters_go_to_the_tokenizer() -> None:
    model = crisis_semantic._model()
    assert model.pieces is not None
    for word in ("café", "i'm", "x" * 60, "naïve", "--"):
        assert crisis_semantic._split(word, model.pieces) is None
    clauses = ["i said naïve things to the café owner", "ok so " + "x" * 60]
    vectors = crisis_semantic.vectors(clauses)
    assert vectors is not None and np.all(np.isfinite(vectors))


def test_plain_words_are_compared_without_loading_the_tokenizer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(tmp_path))
    clauses = ["short walk after work with my sister", "i have been saving my tablets"]
    crisis_semantic._load.cache_clear()
    try:
        worked_out = crisis_semantic.closeness(clauses)  # worked out, and kept
        crisis_semantic._load.cache_clear()
        read_back = crisis_semantic.closeness(clauses)
        assert crisis_semantic._model().tokenizer is None
    finally:
        crisis_semantic._load.cache_clear()
    assert read_back == worked_out


def test_every_word_piece_is_found_in_its_group_and_nothing_else() -> None:
    values = {"\u2581a": 7, "a b": 3, "ab": 12, "b": 0, "\u2581ab c": 41}
    values.update({f"w{n}": n for n in range(3000)})  # several keys to a group
    pieces = crisis_semantic._Pieces.of(values)
    assert all(pieces.get(key) == value for key, value in values.items())
    for absent in ("a", "\u2581", "a b c", "w", "w30000", "b\t0", "0"):
        assert pieces.get(absent) is None, absent
