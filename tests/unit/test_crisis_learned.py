"""The crisis check's learned layer: how it reads a text; that without the sentence encoder it
only adds alarms, and with it overrules a pattern's alarm only down to the quiet link."""

from __future__ import annotations

import math
import warnings
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import crisis_encoder, crisis_learned
from trustbridge.domain.crisis import CrisisSignal, _normalise, check_many, check_text
from trustbridge.domain.crisis_learned import PASSAGE_WORDS, hashed, passages, units

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
    first, second = crisis_learned.weights(), crisis_learned.context_weights()
    assert first.sparse.shape == second.sparse.shape == (crisis_learned.BUCKETS,)
    assert first.dense.shape == (256 + 5,)
    assert second.dense.shape == (256 + 5 + crisis_encoder.WIDTH,)
    assert math.isfinite(first.high) and math.isfinite(first.bias) and math.isfinite(first.gate)
    assert first.gate < first.high and second.veto <= second.high


@pytest.mark.parametrize("model", [crisis_learned.weights, crisis_learned.context_weights])
def test_the_bar_rises_with_the_number_of_passages(model: object) -> None:
    weights = model()  # type: ignore[operator]
    assert weights.urgent(weights.high + 0.1, 1)
    assert not weights.urgent(weights.high + 0.1, 100)
    assert weights.urgent(weights.high + math.log(100) + 0.1, 100)


def _without_the_layer(entries: list[list[str]]) -> list[CrisisSignal]:
    with (
        mock.patch.object(crisis_learned, "weights", side_effect=OSError("left out")),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        return check_many(entries)


ENTRIES = st.lists(
    st.lists(st.sampled_from(SAMPLES) | st.text(max_size=60), max_size=3), max_size=4
)


@settings(max_examples=40, deadline=None)
@given(ENTRIES)
def test_without_the_encoder_the_learned_layer_only_adds_alarms(entries: list[list[str]]) -> None:
    with mock.patch.object(crisis_encoder, "available", return_value=False):
        with_first_model_only = check_many(entries)
    for mine, theirs in zip(with_first_model_only, _without_the_layer(entries), strict=True):
        assert mine.flagged >= theirs.flagged
        assert set(theirs.reasons) <= set(mine.reasons)


@settings(max_examples=40, deadline=None)
@given(ENTRIES)
def test_an_alarm_overruled_in_context_still_gets_the_quiet_link(entries: list[list[str]]) -> None:
    for mine, theirs in zip(check_many(entries), _without_the_layer(entries), strict=True):
        assert set(theirs.reasons) <= set(mine.reasons)
        assert mine.flagged or mine.gentle or not theirs.flagged


def test_someone_else_s_words_the_patterns_flag_become_the_quiet_link_in_context() -> None:
    text = "My roommate told me she wanted to die last week; we sat up talking and she called the helpline."
    assert _without_the_layer([[text]])[0].flagged
    assert check_text(text).level == "gentle"


def test_the_encoder_reads_only_passages_worth_reading() -> None:
    calm = [[f"On day {n} we walked to the market, bought apples and talked about the garden."]
            for n in range(40)]  # fmt: skip
    read: list[int] = []
    real = crisis_encoder.encode

    def counting(texts: list[str]) -> object:
        read.append(len(texts))
        return real(texts)

    with mock.patch.object(crisis_encoder, "encode", side_effect=counting):
        signals = check_many([*calm, [SAMPLES[0]]])
    assert not any(signal.level for signal in signals[:-1]) and signals[-1].flagged
    assert 1 <= sum(read) < 5


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


def test_a_passage_is_read_a_sentence_at_a_time_as_well() -> None:
    plain = _normalise(
        "Woke early again. Made tea and sat by the window for a while.\n"
        "Nothing is different from yesterday and I want to die... ok."
    )
    assert units(plain) == [
        " made tea and sat by the window for a while. ",
        " nothing is different from yesterday and i want to die... ",
    ]
    assert units(_normalise("One sentence only, however long it goes on for.")) == []
    assert units(_normalise("Short one. Another short one.")) == []


def test_a_sentence_reads_the_same_whatever_is_written_around_it() -> None:
    sentence = "I keep thinking about jumping off the bridge."
    around = f"ok.\nWe had soup for lunch and the rain stopped by three.\n{sentence}\nbye"
    assert f" {_normalise(sentence).strip()} " in units(_normalise(around))


def test_in_a_long_passage_every_sentence_must_clear_the_veto_too() -> None:
    second = crisis_learned.context_weights()
    long = " " + " ".join(["word"] * (crisis_learned.VETO_WORDS + 5)) + " "
    below, above = second.veto - 1, second.veto + 0.5
    assert second.overruled(below, " a short line of a few words ")
    assert not second.overruled(above, " a short line of a few words ")
    assert not second.overruled(below, long)  # its sentences were not read
    assert not second.overruled(below, long, above)
    assert second.overruled(below, long, below)
    assert not second.overruled(below, " one line\nanother line ", None)


def test_a_passage_is_pinned_by_any_pinned_wording_not_only_the_first() -> None:
    from trustbridge.domain.crisis import _read

    first = "I have been thinking about how I could kill myself quietly for a long while."
    (((alone,),),), _ = _read([[first]])
    assert alone.found.urgent and not alone.found.pinned
    text = f"{first}\nI want to die."
    (((passage,),),), _ = _read([[text]])
    assert passage.found.pinned


@pytest.mark.parametrize(
    "entry",
    [
        "Long day at work and the bus was late again. Nothing is different from yesterday and "
        "I want to die.",
        "Long day at work and the bus was late again, and I want to die.",
        "Made pasta, watched two episodes, answered emails. i honestly just want to die tho",
        "The meeting ran over and the kids were loud all evening and I'm going to kill myself.",
        "Work was fine, dinner was fine, everything is fine and I am going to kill myself.",
        "Dinner was fine and I want to die.",
    ],
)
def test_the_writers_own_wish_to_die_is_never_talked_away(entry: str) -> None:
    """However ordinary the rest of an entry, no model may turn the writer's own wish to die,
    said outright and now, into the quiet link (this first wording once got only the link)."""
    assert check_text(entry).level == "urgent"
