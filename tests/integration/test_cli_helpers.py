"""The small pure helpers behind the command line: parsing flags, picking helplines, JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from trustbridge.cli import output, parsing
from trustbridge.content import load_crisis
from trustbridge.domain.fields import ValidationError

TODAY = dt.date(2026, 3, 14)


def test_date_words() -> None:
    assert parsing.date_word("today", TODAY) == "2026-03-14"
    assert parsing.date_word("Yesterday", TODAY) == "2026-03-13"
    assert parsing.date_word("+7", TODAY) == "2026-03-21"
    assert parsing.date_word("2020-01-02", TODAY) == "2020-01-02"
    assert parsing.date_word("someday", TODAY) == "someday"  # left for the field rules to refuse
    assert parsing.date_word(None, TODAY) is None


def test_choices_by_number_key_or_label() -> None:
    kinds = (("betrayal", "Betrayal"), ("other", "Something else"))
    assert parsing.choice(kinds, "2") == "other"
    assert parsing.choice(kinds, "BETRAYAL") == "betrayal"
    assert parsing.choice(kinds, "something else") == "other"
    assert parsing.choice(kinds, "3") is None
    frequency = (("0", "Never"), ("1", "Rarely"))
    assert parsing.choice(frequency, "1") == "1"  # digit keys are taken as they are
    assert parsing.choice(frequency, "never") == "0"


def test_emotion_slots() -> None:
    slots = parsing.emotion_slots(["anxious:70", "sad : 20"], ["SAD:5"], 3)
    assert slots == {
        "emotion_1": "anxious",
        "intensity_1": "70",
        "emotion_2": "sad",
        "intensity_2": "20",
        "rerated_2": "5",
    }
    with pytest.raises(ValidationError) as info:
        parsing.emotion_slots(["a:1", "b:2"], [], 1)
    assert "up to 1 emotions" in info.value.errors["emotion"]


def test_answers_and_marks() -> None:
    keys = ["calm", "tense"]
    assert parsing.answers(["2=4", "calm=0"], keys) == {"tense": "4", "calm": "0"}
    assert parsing.marks(keys, ["2", "calm,tense"]) == ["tense", "calm"]
    with pytest.raises(ValidationError):
        parsing.marks(keys, ["3"])


def test_flags_for_fields() -> None:
    assert parsing.flag_for("automatic_thought") == "--thought"
    assert parsing.flag_for("intensity_2") == "--emotion"
    assert parsing.flag_for("what_happened") == "--what-happened"


def test_country_and_helplines() -> None:
    assert parsing.country_from_env({"LANG": "en_GB.UTF-8"}) == "GB"
    assert parsing.country_from_env({"LANG": "C.UTF-8"}) is None
    crisis = load_crisis()
    picked = output.pick_helplines(crisis.helplines, "GB")
    assert [h.country for h in picked] == ["GB", "GB", "INT"]
    assert output.pick_helplines(crisis.helplines, None)[-1].country == "INT"
    assert output.emergency_numbers(crisis.emergency_numbers, "gb") == "999"


def test_jsonable() -> None:
    moment = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)
    assert output.jsonable({"at": moment, "days": [TODAY]}) == {
        "at": "2026-03-14T09:30:00+00:00",
        "days": ["2026-03-14"],
    }
