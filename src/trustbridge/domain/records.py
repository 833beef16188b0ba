"""What each tool of stages 1-4 records: its fields, in the order a person fills them in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from trustbridge.domain.fields import Field

Choices = tuple[tuple[str, str], ...]

MOODS: Choices = (("1", "Very low"), ("2", "Low"), ("3", "Okay"), ("4", "Good"), ("5", "Very good"))
ENERGY: Choices = (("1", "Drained"), ("2", "Low"), ("3", "Steady"), ("4", "Lively"), ("5", "Full"))
CONNECTION: Choices = (
    ("connected", "Connected"),
    ("in_between", "In between"),
    ("alone", "Alone"),
)
HURT_KINDS: Choices = (
    ("betrayal", "Betrayal"),
    ("rejection", "Rejection"),
    ("abandonment", "Abandonment"),
    ("neglect", "Neglect"),
    ("other", "Something else"),
)
FREQUENCY: Choices = (
    ("0", "Never"),
    ("1", "Rarely"),
    ("2", "Sometimes"),
    ("3", "Often"),
    ("4", "Almost always"),
)
EMOTION_SLOTS = 3
TEN_YEARS = 3653

CHECKIN_FIELDS = (
    Field("mood", "Mood", "int", required=True, lo=1, hi=5, help="1 very low to 5 very good",
          noun="your mood"),
    Field("emotion", "Main emotion", help="One word is enough: calm, tense, sad, hopeful...",
          noun="the main emotion"),
    Field("energy", "Energy", "int", lo=1, hi=5, help="1 drained to 5 full", noun="your energy"),
    Field("connection", "Today I felt", "choice", choices=CONNECTION,
          noun="how connected you felt"),
    Field("note", "A note", "longtext", noun="the note"),
)  # fmt: skip

JOURNAL_FIELDS = (
    Field("title", "Title", noun="the title"),
    Field("body", "What is on your mind", "longtext", required=True),
)

HURT_FIELDS = (
    Field("what_happened", "What happened", "longtext", required=True),
    Field("who", "Who was involved", help="A name, a role or an initial is enough"),
    Field("occurred_on", "When (roughly)", "date", help="Any date in that period is fine",
          noun="when it happened"),
    Field("kind", "What kind of hurt", "choice", required=True, choices=HURT_KINDS,
          noun="what kind of hurt it was"),
    Field("impact", "How it affected you", "longtext"),
    Field("belief", "A belief it left you with", "longtext", noun="the belief it left you with"),
)  # fmt: skip


def pattern_fields(patterns: Choices) -> tuple[Field, ...]:
    return (
        Field("situation", "What was happening", "longtext", required=True),
        Field("pattern", "What I did out of habit", "choice", required=True, choices=patterns,
              noun="what you did out of habit"),
        Field("feeling", "What I felt", noun="what you felt"),
        Field("need", "What I needed underneath", "longtext", noun="what you needed underneath"),
    )  # fmt: skip


def emotion_fields() -> tuple[Field, ...]:
    fields: list[Field] = []
    for i in range(1, EMOTION_SLOTS + 1):
        fields += [
            Field(f"emotion_{i}", f"Emotion {i}", required=i == 1),
            Field(f"intensity_{i}", f"Intensity {i}", "int", required=i == 1, lo=0, hi=100,
                  noun=f"how strong emotion {i} was"),
            Field(f"rerated_{i}", f"Intensity {i} now", "int", lo=0, hi=100,
                  noun=f"how strong emotion {i} is now"),
        ]  # fmt: skip
    return tuple(fields)


def thought_fields(distortions: Choices) -> tuple[Field, ...]:
    return (
        Field("situation", "Situation", "longtext", required=True, noun="the situation"),
        Field("automatic_thought", "Automatic thought", "longtext", required=True,
              noun="the automatic thought"),
        *emotion_fields(),
        Field("distortions", "Thinking traps you notice", "choices", choices=distortions,
              noun="the thinking traps you notice"),
        Field("evidence_for", "Evidence for the thought", "longtext",
              noun="the evidence for the thought"),
        Field("evidence_against", "Evidence against the thought", "longtext",
              noun="the evidence against the thought"),
        Field("friend_view", "What would I tell a friend?", "longtext",
              noun="what you would tell a friend"),
        Field("balanced_thought", "A more balanced thought", "longtext",
              noun="the more balanced thought"),
    )  # fmt: skip


BELIEF_FIELDS = (
    Field("statement", "The belief", required=True, noun="the belief"),
    Field("believability", "How true it feels (0-100)", "int", required=True, lo=0, hi=100,
          noun="how true it feels"),
)  # fmt: skip

BELIEF_RATING_FIELDS = (
    Field("believability", "How true it feels now (0-100)", "int", required=True, lo=0, hi=100,
          noun="how true it feels now"),
    Field("note", "What changed", "longtext"),
)  # fmt: skip


def safety_fields(signs: Sequence[tuple[str, str]]) -> tuple[Field, ...]:
    """One question per sign; the label is a sentence, so messages name the statement's number."""
    return tuple(
        Field(key, text, "choice", required=True, choices=FREQUENCY,
              noun=f"how often statement {n} is true for you")
        for n, (key, text) in enumerate(signs, start=1)
    )  # fmt: skip


SELF_PROMISE_FIELDS = (
    Field("text", "I promise myself to", required=True, noun="what you promise yourself"),
    Field("due_on", "By", "date", required=True, lo=0, hi=TEN_YEARS, noun="the date it is due"),
)


def self_empathy_fields(prompts: Sequence[tuple[str, str]]) -> tuple[Field, ...]:
    """The five steps, keyed as in the content (acknowledge ... challenge), as the model columns are."""
    return (
        Field("situation", "What is this about", required=True, noun="what this is about"),
        *(Field(key, prompt, "longtext", required=key == "acknowledge", noun=_step_noun(key))
          for key, prompt in prompts),
    )  # fmt: skip


def _step_noun(key: str) -> str:
    """The prompts are questions, so messages name the step: the “Be kind” step."""
    return f"the “{key.replace('_', ' ').capitalize()}” step"


AFFIRMATION_FIELDS = (Field("text", "Affirmation", required=True, noun="the affirmation"),)

HABIT_FIELDS = (
    Field("day", "Day", "date", required=True, lo=366, noun="the day"),
    Field("sleep_hours", "Sleep (hours)", "float", lo=0, hi=24, noun="your hours of sleep"),
    Field("movement_minutes", "Movement (minutes)", "int", lo=0, hi=1440,
          noun="your minutes of movement"),
    Field("food", "How well I ate (1-5)", "int", lo=1, hi=5, noun="how well you ate"),
    Field("creative_minutes", "Creative time (minutes)", "int", lo=0, hi=1440,
          noun="your minutes of creative time"),
    Field("note", "Note", noun="the note"),
)  # fmt: skip

#: stored in seconds, spoken of in minutes: the form offers minutes and so do the messages
PAUSE_FIELDS = (
    Field("seconds", "How long", "int", required=True, lo=10, hi=3600,
          noun="how long you paused", unit="seconds"),
)  # fmt: skip


class Emotion(NamedTuple):
    """One emotion in a thought record, rated before and (optionally) after reframing."""

    name: str
    intensity: int
    rerated: int | None = None


def emotions_from(values: dict[str, object]) -> list[Emotion]:
    """Collect the numbered emotion slots a form or CLI filled in into a list."""
    emotions = []
    for i in range(1, EMOTION_SLOTS + 1):
        name = values.pop(f"emotion_{i}", None)
        intensity = values.pop(f"intensity_{i}", None)
        rerated = values.pop(f"rerated_{i}", None)
        if name and intensity is not None:
            emotions.append(Emotion(str(name), int(str(intensity)), _opt_int(rerated)))
    return emotions


def readable_emotions(value: object) -> list[Emotion]:
    """A thought record's stored emotions, leaving out any that cannot be read.

    A store written before imports were checked may hold anything there; a page or an export
    shows what it can rather than failing.
    """
    found: list[Emotion] = []
    for item in value if isinstance(value, list) else ():
        if not isinstance(item, dict):
            continue
        name, level, later = item.get("name"), item.get("intensity"), item.get("rerated")
        if isinstance(name, str) and name.strip() and _whole(level):
            found.append(Emotion(name, int(str(level)), int(str(later)) if _whole(later) else None))
    return found


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _opt_int(value: object) -> int | None:
    return None if value is None else int(str(value))
