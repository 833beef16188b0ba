"""Every message a field can give reads as a sentence, names the field in words, and counts agree."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain import records as r
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field, ValidationError, clean, value_words
from trustbridge.domain.words import Counted, count_words, day_words, duration_words, full_day_words
from trustbridge.services.catalog import tool_specs

TODAY = dt.date(2026, 12, 2)
#: an ISO date anywhere but in the "like 2026-12-02" example of what to type, or in what was typed
_ISO_OUTSIDE_EXAMPLE = re.compile(r"(?<!like )(?<!“)\b\d{4}-\d{2}-\d{2}\b")


def every_field() -> Iterator[tuple[str, Field]]:
    """Each field of each tool, stages 1-7, with where it comes from."""
    for slug, tool in tool_specs().items():
        for f in tool.fields:
            yield slug, f
    for name in dir(rel):
        if name.endswith("_FIELDS"):
            for f in getattr(rel, name):
                yield name, f
    for f in r.BELIEF_RATING_FIELDS:
        yield "BELIEF_RATING_FIELDS", f


FIELDS = list(every_field())
IDS = [f"{where}.{f.name}" for where, f in FIELDS]


def problem(f: Field, value: object) -> str:
    with pytest.raises(ValidationError) as info:
        clean((f,), {f.name: value}, TODAY)
    return info.value.errors[f.name]


def messages(f: Field) -> list[str]:
    """The "required" message and the one for a value of the wrong sort (or too long)."""
    found = [problem(f._replace(required=True), "  ")]
    wrong: dict[str, object] = {
        "int": "lots", "float": "lots", "date": "2026-02-30", "choice": "no such thing",
        "choices": "no such thing", "bool": "perhaps", "maybe": "perhaps",
    }  # fmt: skip
    if f.kind in ("text", "longtext"):
        found.append(problem(f, "x" * (f.max_length + 1)))
    else:
        found.append(problem(f, wrong[f.kind]))
    if f.kind == "date":  # too early and too late, with the day in words
        found += [problem(f, "1850-01-01"), problem(f, "2099-01-01")]
    return found


def raw_label_would_read_badly(label: str) -> bool:
    return label.endswith(("?", ".")) or "(" in label


@pytest.mark.parametrize(("where", "f"), FIELDS, ids=IDS)
def test_every_message_is_a_sentence_that_names_the_field_in_words(where: str, f: Field) -> None:
    for text in messages(f):
        assert text[0].isupper(), text
        assert text.endswith("."), text
        assert ".." not in text and " ." not in text and ",." not in text, text
        assert not _ISO_OUTSIDE_EXAMPLE.search(text), text
        if raw_label_would_read_badly(f.label):
            assert f.label not in text, text
        if f.label.endswith(("?", ".")):
            assert f.label.rstrip("?.") not in text, text


@pytest.mark.parametrize(("where", "f"), FIELDS, ids=IDS)
def test_a_question_or_a_sentence_as_label_has_a_name_for_messages(where: str, f: Field) -> None:
    if f.label.endswith(("?", ".", "...")) or f.label.split(" ")[0] in ("I", "My"):
        assert f.noun, f"{where}.{f.name} needs a noun: {f.label!r}"


def test_the_examples_from_the_issue_now_read_as_sentences() -> None:
    promise = dict((f.name, f) for f in r.SELF_PROMISE_FIELDS)
    assert problem(promise["due_on"], "soon") == (
        "The date it is due must be a date, like 2026-12-02 (you typed “soon”)."
    )
    assert problem(promise["due_on"], "2026-12-01") == ("The date it is due cannot be in the past.")
    assert problem(promise["due_on"], "2037-01-01") == (
        "The date it is due must be on or before Tuesday 2 December 2036."
    )
    [sign, *_] = tool_specs()["safety_selfcheck"].fields
    assert problem(sign, "") == "Please choose how often statement 1 is true for you."
    event = rel.BOUNDARY_EVENT_FIELDS[0]
    assert problem(event, "") == "Please fill in the boundary's number."
    assert problem(event, "one") == "The boundary's number must be a whole number of 1 or more."
    assert problem(rel.GUT_FIELDS[2], "40") == (
        "How sure you are must be a whole number between 50 and 100."
    )


def test_a_pause_is_spoken_of_in_minutes_never_as_a_count_of_seconds() -> None:
    [length] = r.PAUSE_FIELDS
    text = problem(length, "4000")
    assert text == "How long you paused must be a length of time between 10 seconds and 60 minutes."
    assert "seconds)" not in length.label and "seconds" not in length.label
    assert value_words(length, 180) == "3 minutes"
    assert value_words(length, 150) == "2 minutes 30 seconds"


def test_a_choice_is_refused_with_the_words_shown_and_accepted_by_them() -> None:
    kind = rel.PERSON_FIELDS[1]
    assert problem(kind, "neighbour") == (
        "How you are related must be one of: Partner, Family, Friend, Colleague or Someone else."
    )
    assert clean((kind,), {"kind": "someone else"}, TODAY) == {"kind": "other"}
    assert clean((kind,), {"kind": "Friend"}, TODAY) == {"kind": "friend"}


def test_required_fields_left_empty_are_named_for_the_command_line() -> None:
    with pytest.raises(ValidationError) as info:
        clean(r.JOURNAL_FIELDS, {"title": "x"}, TODAY)
    assert info.value.missing == ("body",)


def test_dates_for_people_have_one_style() -> None:
    assert full_day_words(dt.date(2026, 12, 2)) == "Wednesday 2 December 2026"
    assert day_words(dt.date(2026, 3, 4)) == "4 Mar 2026"  # the same, where space is short
    assert value_words(r.HABIT_FIELDS[0], dt.date(2026, 3, 4)) == "4 Mar 2026"


@pytest.mark.parametrize(
    ("n", "words"), [(0, "0 minutes"), (1, "1 minute"), (2, "2 minutes"), (1500, "1,500 minutes")]
)
def test_counts_agree_with_their_noun(n: int, words: str) -> None:
    assert count_words(n, "minute") == words


def test_counted_messages_pick_the_word_for_each_count() -> None:
    text = Counted("{n} open {n:promise is|promises are} past the date, {total:,} in all.")
    assert text.format(n=1, total=1200) == "1 open promise is past the date, 1,200 in all."
    assert text.format(n=3, total=3) == "3 open promises are past the date, 3 in all."


@given(st.integers(min_value=0, max_value=7200))
def test_a_duration_in_words_adds_up_to_its_seconds(seconds: int) -> None:
    words = duration_words(seconds)
    total = 0
    for number, unit in re.findall(r"(\d+) (minute|second)s?\b", words):
        total += int(number) * (60 if unit == "minute" else 1)
    assert total == seconds
    assert not re.search(r"\b1 (minutes|seconds)\b", words)
    assert not re.search(r"\b(?!1\b)\d+ (minute|second)\b(?!s)", words)
