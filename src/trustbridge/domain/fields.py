"""Field rules for everything a person types: one declaration drives validation, web forms and CLI prompts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

#: "maybe" is a yes/no question that may be left unanswered (stored as None)
Kind = Literal["text", "longtext", "int", "float", "date", "choice", "choices", "bool", "maybe"]

MAX_TEXT = 200
MAX_LONGTEXT = 20_000
EARLIEST_DATE = dt.date(1900, 1, 1)


class ValidationError(ValueError):
    """Raised with every field problem at once, keyed by field name, so nothing is half-saved."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


@dataclass(frozen=True, slots=True)
class Field:
    """One thing a person can fill in.

    :param name: key used in storage, forms and CLI flags (``--automatic-thought``)
    :param label: what the person sees
    :param kind: how the value is parsed and checked
    :param lo: smallest number, or for dates how many days back from today is allowed
        (``None`` means back to 1900)
    :param hi: largest number, or for dates how many days ahead of today is allowed
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


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_text(field: Field, value: object) -> str:
    text = str(value).replace("\r\n", "\n").strip()
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text) or "\ufffd" in text or "\x00" in text:
        raise ValueError("contains bytes that are not valid text (UTF-8); please retype it")
    if len(text) > field.max_length:
        raise ValueError(
            f"is too long ({len(text):,} characters); the limit is {field.max_length:,}"
        )
    return text


def _check_number(field: Field, value: object) -> float | int:
    if isinstance(value, bool):
        raise ValueError("must be a number")
    try:
        number: float | int = (
            int(str(value).strip()) if field.kind == "int" else float(str(value).strip())
        )
    except ValueError:
        message = "must be a whole number" if field.kind == "int" else "must be a number"
        raise ValueError(message) from None
    if number != number:  # NaN
        raise ValueError("must be a number")
    if (field.lo is not None and number < field.lo) or (field.hi is not None and number > field.hi):
        raise ValueError(f"must be between {_fmt(field.lo)} and {_fmt(field.hi)}")
    return number


def _fmt(x: float | None) -> str:
    return "" if x is None else (str(int(x)) if float(x).is_integer() else str(x))


def _check_date(field: Field, value: object, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError("must be a date like 2024-03-31") from None
    earliest = EARLIEST_DATE if field.lo is None else today - dt.timedelta(days=field.lo)
    latest = today + dt.timedelta(days=field.hi or 0)
    if day < max(earliest, EARLIEST_DATE):
        raise ValueError(f"must be on or after {max(earliest, EARLIEST_DATE).isoformat()}")
    if day > latest:
        raise ValueError(
            "cannot be in the future" if not field.hi else f"must be on or before {latest}"
        )
    return day


def _check_choice(field: Field, value: object) -> str:
    keys = [k for k, _ in field.choices]
    text = str(value).strip()
    if text not in keys:
        raise ValueError("must be one of: " + ", ".join(keys))
    return text


def _check_choices(field: Field, value: object) -> list[str]:
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    picked: list[str] = []
    for item in items:
        for part in str(item).split(","):
            if part.strip() and part.strip() not in picked:
                picked.append(_check_choice(field, part))
    return picked


def _check_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "y"):
        return True
    if text in ("0", "false", "no", "off", "n"):
        return False
    raise ValueError("must be yes or no")


def clean_value(field: Field, value: object, today: dt.date) -> object:
    """Parse and check one value; raises ``ValueError`` with a message that follows the label."""
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
    return _check_bool(value)  # bool and maybe


def clean(fields: Sequence[Field], raw: Mapping[str, object], today: dt.date) -> dict[str, object]:
    """Check every field and return clean values, or raise one ``ValidationError`` naming each problem.

    Blank optional fields become ``None`` (``[]`` for multi-choice, ``False`` for yes/no;
    an unanswered "maybe" stays ``None``).
    """
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field in fields:
        value = raw.get(field.name, field.default)
        if _blank(value) or (field.kind == "choices" and value == []):
            if field.required:
                errors[field.name] = f"{field.label} is required"
            values[field.name] = (
                [] if field.kind == "choices" else False if field.kind == "bool" else None
            )
            continue
        try:
            values[field.name] = clean_value(field, value, today)
        except ValueError as exc:
            errors[field.name] = f"{field.label} {exc}"
    if errors:
        raise ValidationError(errors)
    return values


def day_words(day: dt.date) -> str:
    """A date as a person reads it: ``14 Mar 2026``."""
    return day.strftime("%d %b %Y")


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
    return str(value)
