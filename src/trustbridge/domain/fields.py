"""Field rules for everything a person types: one declaration drives validation, web forms and CLI prompts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from trustbridge.domain.words import day_words, duration_words, full_day_words, or_words

#: "maybe" is a yes/no question that may be left unanswered (stored as None)
Kind = Literal["text", "longtext", "int", "float", "date", "choice", "choices", "bool", "maybe"]

MAX_TEXT = 200
MAX_LONGTEXT = 20_000
EARLIEST_DATE = dt.date(1900, 1, 1)
#: a value typed into a date box is repeated in its message only when it is this short
ECHO_LIMIT = 40
_PICKED = ("choice", "choices", "bool", "maybe")
_BRACKETS = re.compile(r"\s*\([^)]*\)")


class ValidationError(ValueError):
    """Raised with every field problem at once, keyed by field name, so nothing is half-saved.

    :param missing: the names of required fields that were left empty (a command line can
        then say which flags would give them)
    """

    def __init__(self, errors: Mapping[str, str], missing: Sequence[str] = ()) -> None:
        self.errors = dict(errors)
        self.missing = tuple(missing)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class Field(NamedTuple):
    """One thing a person can fill in.

    :param name: key used in storage, forms and CLI flags (``--automatic-thought``)
    :param label: what the person sees
    :param kind: how the value is parsed and checked
    :param lo: smallest number, or for dates how many days back from today is allowed
        (``None`` means back to 1900)
    :param hi: largest number, or for dates how many days ahead of today is allowed
    :param noun: what messages call the field, inside a sentence ("the date it is due");
        needed when the label is a question, a sentence or has brackets
    :param unit: ``"seconds"`` for a length of time, so messages and values speak in minutes
    """

    name: str
    label: str
    kind: Kind = "text"
    required: bool = False
    lo: float | None = None
    hi: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    default: object = None
    noun: str = ""
    unit: Literal["", "seconds"] = ""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def max_length(self) -> int:
        return MAX_LONGTEXT if self.kind == "longtext" else MAX_TEXT

    @property
    def is_private(self) -> bool:
        """Person-written free text: checked for crisis language and encrypted at rest."""
        return self.kind in ("text", "longtext")

    @property
    def called(self) -> str:
        """The field's name inside a sentence: its ``noun``, else its label made lower case."""
        return self.noun or noun_from_label(self.label)


def noun_from_label(label: str) -> str:
    """A label as a message can use it mid-sentence: "Sleep (hours)" gives "sleep"."""
    text = _BRACKETS.sub("", label).strip().rstrip(".?!:…").strip()
    first = text.split(" ", 1)[0]
    if first == "I" or first.startswith("I'") or first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    """Start with a capital and end with a full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


# --- the messages -----------------------------------------------------------------------------


def required_words(field: Field) -> str:
    """What a required field left empty is told: "Please choose how you are related."."""
    verb = "choose" if field.kind in _PICKED else "fill in"
    return _sentence(f"Please {verb} {field.called}")


def _amount(field: Field, x: float) -> str:
    if field.unit == "seconds":
        return duration_words(x)
    return f"{int(x):,}" if float(x).is_integer() else str(x)


def number_words(field: Field) -> str:
    """The rule of a number field: "Your mood must be a whole number between 1 and 5."."""
    what = (
        "a length of time"
        if field.unit
        else "a whole number"
        if field.kind == "int"
        else "a number"
    )
    lo = None if field.lo is None else _amount(field, field.lo)
    hi = None if field.hi is None else _amount(field, field.hi)
    if lo is not None and hi is not None:
        what += f" between {lo} and {hi}"
    elif lo is not None:
        what += f" of {lo} or more"
    elif hi is not None:
        what += f" of {hi} or less"
    return _sentence(f"{field.called} must be {what}")


def too_long_words(field: Field, length: int) -> str:
    return _sentence(
        f"Please shorten {field.called} to {field.max_length:,} characters or fewer "
        f"(it has {length:,} now)"
    )


def not_a_date_words(field: Field, typed: str, today: dt.date) -> str:
    """The example is today in the form to type; what was typed is repeated when it is short."""
    shown = typed.strip()
    echo = f" (you typed “{shown}”)" if 0 < len(shown) <= ECHO_LIMIT and shown.isprintable() else ""
    return _sentence(f"{field.called} must be a date, like {today.isoformat()}{echo}")


def choice_words(field: Field) -> str:
    labels = [label for _, label in field.choices] or [key for key, _ in field.choices]
    return _sentence(f"{field.called} must be one of: {or_words(labels)}")


# --- checking values --------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


#: half of a surrogate pair, the replacement character or a NUL: text that was not read whole
_UNREADABLE = re.compile("[\ud800-\udfff\ufffd\x00]")


def readable(text: str) -> bool:
    """Whether ``text`` was read whole (see :data:`_UNREADABLE`); plain ASCII without a NUL
    needs no expression."""
    return (text.isascii() and "\x00" not in text) or _UNREADABLE.search(text) is None


def _check_text(field: Field, value: object) -> str:
    text = str(value).replace("\r\n", "\n").strip()
    if not readable(text):
        raise ValueError(
            _sentence(f"Please type {field.called} again: some of it could not be read as text")
        )
    if len(text) > field.max_length:
        raise ValueError(too_long_words(field, len(text)))
    return text


def _check_number(field: Field, value: object) -> float | int:
    if isinstance(value, bool):
        raise ValueError(number_words(field))
    try:
        number: float | int = (
            int(str(value).strip()) if field.kind == "int" else float(str(value).strip())
        )
    except ValueError:
        raise ValueError(number_words(field)) from None
    if number != number:  # NaN
        raise ValueError(number_words(field))
    if (field.lo is not None and number < field.lo) or (field.hi is not None and number > field.hi):
        raise ValueError(number_words(field))
    return number


def date_window(field: Field, today: dt.date) -> tuple[dt.date, dt.date]:
    """The earliest and latest day a date field accepts on ``today``."""
    earliest = EARLIEST_DATE if field.lo is None else today - dt.timedelta(days=field.lo)
    latest = today + dt.timedelta(days=field.hi or 0)
    return max(earliest, EARLIEST_DATE), latest


def calendar_day(text: str) -> dt.date | None:
    """The day ``2026-03-14`` names, or ``None`` when it is not a day on the calendar."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _check_date(field: Field, value: object, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    day = value if isinstance(value, dt.date) else calendar_day(str(value))
    if day is None:
        raise ValueError(not_a_date_words(field, str(value), today))
    earliest, latest = date_window(field, today)
    if day < earliest:
        raise ValueError(
            _sentence(f"{field.called} cannot be in the past")
            if field.lo == 0
            else _sentence(f"{field.called} must be on or after {full_day_words(earliest)}")
        )
    if day > latest:
        raise ValueError(
            _sentence(f"{field.called} cannot be in the future")
            if not field.hi
            else _sentence(f"{field.called} must be on or before {full_day_words(latest)}")
        )
    return day


def _fold(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def _check_choice(field: Field, value: object) -> str:
    """A choice by its key, or by its label as shown (any case), so the message's list works."""
    text = str(value).strip()
    if text in dict(field.choices):
        return text
    for key, label in field.choices:
        if _fold(text) in (_fold(key), _fold(label)):
            return key
    raise ValueError(choice_words(field))


def _check_choices(field: Field, value: object) -> list[str]:
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    picked: list[str] = []
    for item in items:
        for part in str(item).split(","):
            if part.strip():
                key = _check_choice(field, part)
                if key not in picked:
                    picked.append(key)
    return picked


def _check_bool(field: Field, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "y"):
        return True
    if text in ("0", "false", "no", "off", "n"):
        return False
    raise ValueError(_sentence(f"{field.called} must be yes or no"))


def clean_value(field: Field, value: object, today: dt.date) -> object:
    """Parse and check one value; raises ``ValueError`` whose text is the whole message."""
    if field.kind in ("text", "longtext"):
        return _check_text(field, value)
    if field.kind in ("int", "float"):
        return _check_number(field, value)
    if field.kind == "date":
        return _check_date(field, value, today)
    if field.kind == "choice":
        return _check_choice(field, value)
    if field.kind == "choices":
        return _check_choices(field, value)
    return _check_bool(field, value)  # bool and maybe


def clean(
    fields: Sequence[Field],
    raw: Mapping[str, object],
    today: dt.date,
    *,
    may_be_empty: bool = False,
) -> dict[str, object]:
    """Check every field and return clean values, or raise one ``ValidationError`` naming each problem.

    Blank optional fields become ``None`` (``[]`` for multi-choice, ``False`` for yes/no;
    an unanswered "maybe" stays ``None``). An entry with nothing in it is refused unless
    ``may_be_empty`` (an import of what an earlier version stored).
    """
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    missing: list[str] = []
    for field in fields:
        value = raw.get(field.name, field.default)
        if _blank(value) or (field.kind == "choices" and value == []):
            if field.required:
                errors[field.name] = required_words(field)
                missing.append(field.name)
            values[field.name] = (
                [] if field.kind == "choices" else False if field.kind == "bool" else None
            )
            continue
        try:
            values[field.name] = clean_value(field, value, today)
        except ValueError as exc:
            errors[field.name] = str(exc)
    empty = "" if may_be_empty else nothing_filled_in(fields, values, errors)
    if empty:
        errors[empty] = NOTHING_TO_SAVE
    if errors:
        raise ValidationError(errors, missing)
    return values


NOTHING_TO_SAVE = "There is nothing to save yet: fill in at least one thing, or come back later."


def nothing_filled_in(
    fields: Sequence[Field], values: Mapping[str, object], errors: Mapping[str, str]
) -> str:
    """The field to show :data:`NOTHING_TO_SAVE` by when an entry would hold nothing, else "".

    An entry has to say something. When none of its fields beyond dates (which say when,
    not what) is required, at least one of them must be filled in: otherwise an all-optional
    form (a habits log, a bridge plan) would save an empty entry.
    """
    content = [f for f in fields if f.kind != "date"]
    if not content or any(f.required for f in content):
        return ""
    for f in content:
        value = values.get(f.name)
        if f.name in errors or not (value is None or value is False or value == []):
            return ""
    return content[0].name


def value_words(field: Field, value: object) -> str:
    """A stored value in words: choice labels instead of keys, dates spelled out, yes or no."""
    labels = dict(field.choices)
    if field.kind == "choice":
        return labels.get(str(value), str(value))
    if field.kind == "choices":
        keys = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        return ", ".join(labels.get(k, k) for k in keys if k)
    if field.kind in ("bool", "maybe"):
        return "not answered" if value is None else "yes" if value else "no"
    if isinstance(value, dt.date):
        return day_words(value)
    if field.unit == "seconds" and isinstance(value, int | float):
        return duration_words(value)
    return str(value)
