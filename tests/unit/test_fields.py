"""Field rules: what a person types is accepted or refused with a message naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain.fields import MAX_LONGTEXT, Field, ValidationError, clean

TODAY = dt.date(2026, 3, 14)
INTENSITY = Field("intensity", "Intensity", "int", required=True, lo=0, hi=100)
NOTE = Field("note", "Note", "longtext")
WHEN = Field("when", "When", "date")
DUE = Field("due", "Due", "date", lo=0, hi=365)
KIND = Field("kind", "Kind", "choice", choices=(("a", "A"), ("b", "B")))
TAGS = Field("tags", "Tags", "choices", choices=(("a", "A"), ("b", "B")))


def errors_of(fields: tuple[Field, ...], raw: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        clean(fields, raw, TODAY)
    return info.value.errors


def test_required_field_missing_names_it() -> None:
    assert errors_of((INTENSITY,), {"intensity": "  "}) == {
        "intensity": "Please fill in intensity."
    }


@pytest.mark.parametrize("value", ["140", -1, "101"])
def test_out_of_range_number_is_refused(value: object) -> None:
    assert errors_of((INTENSITY,), {"intensity": value}) == {
        "intensity": "Intensity must be a whole number between 0 and 100."
    }


def test_not_a_number() -> None:
    assert "whole number" in errors_of((INTENSITY,), {"intensity": "lots"})["intensity"]


def test_date_in_1850_is_refused() -> None:
    assert "Monday 1 January 1900" in errors_of((WHEN,), {"when": "1850-06-01"})["when"]


def test_past_only_date_refuses_tomorrow() -> None:
    assert "future" in errors_of((WHEN,), {"when": "2026-03-15"})["when"]


def test_due_date_window() -> None:
    assert clean((DUE,), {"due": "2026-04-01"}, TODAY) == {"due": dt.date(2026, 4, 1)}
    assert "cannot be in the past" in errors_of((DUE,), {"due": "2026-03-13"})["due"]


def test_five_megabytes_of_text_is_refused() -> None:
    message = errors_of((NOTE,), {"note": "x" * 5_000_000})["note"]
    assert message.startswith("Please shorten note") and f"{MAX_LONGTEXT:,}" in message


@pytest.mark.parametrize("bad", ["\udcff\udcfe", "ok \ufffd", "nul\x00"])
def test_invalid_utf8_is_refused(bad: str) -> None:
    assert "could not be read as text" in errors_of((NOTE,), {"note": bad})["note"]


def test_every_problem_is_reported_at_once() -> None:
    errors = errors_of((INTENSITY, KIND, WHEN), {"intensity": "", "kind": "z", "when": "x"})
    assert set(errors) == {"intensity", "kind", "when"}


def test_blank_optionals_and_multichoice() -> None:
    values = clean((NOTE, TAGS, KIND), {"tags": "a, b,a"}, TODAY)
    assert values == {"note": None, "tags": ["a", "b"], "kind": None}


@given(st.integers(min_value=-1000, max_value=1000))
def test_numbers_accepted_exactly_inside_the_range(n: int) -> None:
    if 0 <= n <= 100:
        assert clean((INTENSITY,), {"intensity": str(n)}, TODAY) == {"intensity": n}
    else:
        assert "intensity" in errors_of((INTENSITY,), {"intensity": n})


@given(st.text(max_size=300))
def test_any_text_is_either_clean_or_refused_with_a_message(text: str) -> None:
    try:
        values = clean((NOTE,), {"note": text}, TODAY)
    except ValidationError as exc:
        assert exc.errors["note"].endswith(".") and exc.errors["note"][0].isupper()
    else:
        assert values["note"] is None or values["note"] == text.replace("\r\n", "\n").strip()
