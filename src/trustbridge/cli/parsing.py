"""Small pure helpers that turn what a person typed on the command line into field values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from trustbridge.cli import messages as msg

if TYPE_CHECKING:
    from trustbridge.domain.fields import Field

#: field names whose command-line flag is not simply ``--field-name``
FLAGS = {
    "automatic_thought": "--thought",
    "friend_view": "--friend",
    "balanced_thought": "--balanced",
    "occurred_on": "--when",
    "due_on": "--due",
    "sleep_hours": "--sleep",
    "movement_minutes": "--movement",
    "creative_minutes": "--creative",
    "seconds": "--minutes",
    "planned_on": "--planned",
    "fear_before": "--fear",
    "feeling_after": "--feeling",
    "done_on": "--when",
    "made_by": "--by",
    "agreed_steps": "--steps",
    "next_checkin_on": "--next-checkin",
    "review_on": "--review",
    "boundary_id": "--boundary",
    "alone_minutes": "--alone",
    "connected_minutes": "--connected",
}
_SLOTS = ("emotion", "intensity", "rerated")


def flag_for(name: str) -> str:
    """The flag a person uses to give this field on the command line."""
    kind, _, number = name.rpartition("_")
    if kind in _SLOTS and number.isdigit():
        return "--rerate" if name.startswith("rerated") else "--emotion"
    return FLAGS.get(name, "--" + name.replace("_", "-"))


def invalid(field: str, message: str) -> ValueError:
    """A ``ValidationError`` for one flag, to raise like any other field problem."""
    from trustbridge.domain.fields import ValidationError

    return ValidationError({field: message})


def _split_pair(text: str, sep: str) -> tuple[str, str] | None:
    name, found, value = text.rpartition(sep)
    if not found or not name.strip() or not value.strip():
        return None
    return name.strip(), value.strip()


def emotion_slots(emotions: Sequence[str], rerates: Sequence[str], slots: int) -> dict[str, object]:
    """Map ``anxious:70`` flags (and ``anxious:40`` re-ratings) onto numbered emotion slots."""
    if len(emotions) > slots:
        raise invalid("emotion", msg.TOO_MANY_EMOTIONS.format(n=slots))
    values: dict[str, object] = {}
    names: dict[str, int] = {}
    for i, text in enumerate(emotions, start=1):
        pair = _split_pair(text, ":")
        if pair is None:
            raise invalid(f"emotion_{i}", msg.EMOTION_FORMAT.format(flag="--emotion"))
        values[f"emotion_{i}"], values[f"intensity_{i}"] = pair
        names[pair[0].casefold()] = i
    for text in rerates:
        pair = _split_pair(text, ":")
        if pair is None:
            raise invalid("rerate", msg.EMOTION_FORMAT.format(flag="--rerate"))
        slot = names.get(pair[0].casefold())
        if slot is None:
            raise invalid("rerate", msg.RERATE_UNKNOWN.format(name=pair[0]))
        values[f"rerated_{slot}"] = pair[1]
    return values


def answers(items: Sequence[str], keys: Sequence[str]) -> dict[str, str]:
    """Parse ``KEY=VALUE`` answers; a key may also be given by its number in the list (1-based)."""
    found: dict[str, str] = {}
    for text in items:
        pair = _split_pair(text, "=")
        if pair is None:
            raise invalid("answer", msg.ANSWER_FORMAT)
        key = pair[0]
        if key.isdigit() and 1 <= int(key) <= len(keys):
            key = keys[int(key) - 1]
        if key not in keys:
            raise invalid("answer", msg.ANSWER_UNKNOWN.format(key=key, keys=", ".join(keys)))
        found[key] = pair[1]
    return found


def date_word(text: str | None, today: dt.date) -> str | None:
    """Accept ``today``, ``yesterday``, ``tomorrow`` and ``+N``/``-N`` days besides ISO dates."""
    if text is None:
        return None
    word = text.strip().casefold()
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if word in offsets:
        return (today + dt.timedelta(days=offsets[word])).isoformat()
    if re.fullmatch(r"[+-]\d{1,5}", word):
        return (today + dt.timedelta(days=int(word))).isoformat()
    return text


def choice(choices: Sequence[tuple[str, str]], text: str) -> str | None:
    """Find a choice by its number in the list shown, its key or its label (any case)."""
    word = text.strip()
    keys = [k for k, _ in choices]
    numbered = not all(k.isdigit() for k in keys)
    if numbered and word.isdigit() and 1 <= int(word) <= len(choices):
        return keys[int(word) - 1]
    folded = word.casefold().replace(" ", "_")
    for key, label in choices:
        if folded in (key.casefold(), label.casefold().replace(" ", "_")):
            return key
    return None


def choice_keys(fields: Sequence[Field], given: Mapping[str, object]) -> dict[str, object]:
    """Given values with choices typed as a number or label turned into their keys.

    Anything not recognised is left as typed, for the field rules to refuse by name.
    """
    kinds = {f.name: f for f in fields if f.kind == "choice"}
    found = dict(given)
    for name, value in given.items():
        if name in kinds and isinstance(value, str):
            found[name] = choice(kinds[name].choices, value) or value
    return found


def marks(keys: Sequence[str], given: Sequence[str]) -> list[str]:
    """Checklist keys from numbers (1-based) or keys; raises ``ValidationError`` for unknown ones."""
    chosen: list[str] = []
    for text in given:
        for part in text.split(","):
            word = part.strip()
            if not word:
                continue
            key = keys[int(word) - 1] if word.isdigit() and 1 <= int(word) <= len(keys) else word
            if key not in keys:
                raise invalid("mark", msg.UNKNOWN_BELIEF.format(value=word))
            if key not in chosen:
                chosen.append(key)
    return chosen


def country_from_env(env: Mapping[str, str]) -> str | None:
    """The country part of the locale (``en_GB.UTF-8`` gives ``GB``), if there is one."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = re.match(r"^[a-zA-Z]{2,3}_([A-Za-z]{2})\b", env.get(name, ""))
        if found:
            return found.group(1).upper()
    return None
