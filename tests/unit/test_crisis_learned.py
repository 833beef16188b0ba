"""The crisis check's learned layer: how it reads a text, and that it only ever adds alarms."""

from __future__ import annotations

import math
import warnings
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import crisis_learned
from trustbridge.domain.crisis import CrisisSignal, _normalise, check_many, check_text
from trustbridge.domain.crisis_learned import PASSAGE_WORDS, hashed, passages

SAMPLES = [
    "i have been giving my things away to people who will use them",
    "the tablets are saved up in the drawer and tonight feels right",
    "We watched a film about a lighthouse keeper; it was slow but lovely.",
    "My sister came round and we cooked together, first time in months.",
    "I want to end my life.",
    "He beat me at chess again.",
]


def test_a_short_text_is_one_passage_as_it_was() -> None:
    plain = _normalise("One line.\nAnother line, with more words in it.")
    assert passages(plain) == [plain]


def test_a_long_text_is_cut_at_sentence_ends_and_keeps_its_line_ends() -> None:
    sentences = [f"Sentence number {n} has a few more words in it." for n in range(10, 70)]
    plain = _normalise("\n".join(sentences))
    cut = passages(plain)
    assert len(cut) > 1
    for passage in cut:
        assert passage.startswith(" ") and passage.endswith(" ") and "  " not in passage
        assert len(passage.split()) <= PASSAGE_WORDS + 12  # one sentence of overlap at most
    # every sentence is read, and a line end still ends a clause inside a passage
    assert all(f"sentence number {n} " in "".join(cut) for n in range(10, 70))
    assert any("\n" in passage for passage in cut)


def test_features_do_not_depend_on_the_run() -> None:
    words = ["ive", "been", "saving", "my", "tablets"]
    assert hashed(words) == hashed(list(words))
    assert hashed(words) == sorted(set(hashed(words)))
    assert all(0 <= slot < crisis_learned.BUCKETS for slot in hashed(words))


def test_the_shipped_weights_load() -> None:
    model = crisis_learned.weights()
    assert model.sparse.shape == (crisis_learned.BUCKETS,)
    assert model.dense.shape == (256 + 5,)
    assert math.isfinite(model.high) and math.isfinite(model.bias)


def test_the_bar_rises_with_the_number_of_passages() -> None:
    high = crisis_learned.weights().high
    assert crisis_learned.urgent(high + 0.1, 1)
    assert not crisis_learned.urgent(high + 0.1, 100)
    assert crisis_learned.urgent(high + math.log(100) + 0.1, 100)


def _without_the_layer(entries: list[list[str]]) -> list[CrisisSignal]:
    with (
        mock.patch.object(crisis_learned, "weights", side_effect=OSError("left out")),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        return check_many(entries)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SAMPLES) | st.text(max_size=60), max_size=3), max_size=4))
def test_the_learned_layer_only_adds_alarms(entries: list[list[str]]) -> None:
    for mine, theirs in zip(check_many(entries), _without_the_layer(entries), strict=True):
        assert mine.flagged >= theirs.flagged
        assert set(theirs.reasons) <= set(mine.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "I wont be around for the exam results so it really does not matter how they go.",
        "i keep going up to the roof of the multi storey by the station, four times now",
        "im sorry to everyone for how ive been. i hope one day you forgive me once im gone.",
    ],
)
def test_sideways_crisis_talk_is_urgent_with_the_layer_and_not_without(text: str) -> None:
    """Lines of kinds the patterns miss (timing, a place, a goodbye): what the layer adds."""
    assert check_text(text).flagged
    assert not _without_the_layer([[text]])[0].flagged


def test_a_short_note_is_left_to_the_other_signals() -> None:
    assert not check_text("Just me for now").flagged
