"""What each tool of stages 1-4 records: its fields, in the order a person fills them in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    Field("mood", "Mood", "int", required=True, lo=1, hi=5, help="1 very low to 5 very good"),
    Field("emotion", "Main emotion", help="One word is enough: calm, tense, sad, hopeful..."),
    Field("energy", "Energy", "int", lo=1, hi=5, help="1 drained to 5 full"),
    Field("connection", "Today I felt", "choice", choices=CONNECTION),
    Field("note", "A note", "longtext"),
)

JOURNAL_FIELDS = (
    Field("title", "Title"),
    Field("body", "What is on your mind", "longtext", required=True),
)

HURT_FIELDS = (
    Field("what_happened", "What happened", "longtext", required=True),
    Field("who", "Who was involved", help="A name, a role or an initial is enough"),
    Field("occurred_on", "When (roughly)", "date", help="Any date in that period is fine"),
    Field("kind", "What kind of hurt", "choice", required=True, choices=HURT_KINDS),
    Field("impact", "How it affected you", "longtext"),
    Field("belief", "A belief it left you with", "longtext"),
)


def pattern_fields(patterns: Choices) -> tuple[Field, ...]:
    return (
        Field("situation", "What was happening", "longtext", required=True),
        Field("pattern", "What I did out of habit", "choice", required=True, choices=patterns),
        Field("feeling", "What I felt"),
        Field("need", "What I needed underneath", "longtext"),
    )


def emotion_fields() -> tuple[Field, ...]:
    fields: list[Field] = []
    for i in range(1, EMOTION_SLOTS + 1):
        fields += [
            Field(f"emotion_{i}", f"Emotion {i}", required=i == 1),
            Field(f"intensity_{i}", f"Intensity {i}", "int", required=i == 1, lo=0, hi=100),
            Field(f"rerated_{i}", f"Intensity {i} now", "int", lo=0, hi=100),
        ]
    return tuple(fields)


def thought_fields(distortions: Choices) -> tuple[Field, ...]:
    return (
        Field("situation", "Situation", "longtext", required=True),
        Field("automatic_thought", "Automatic thought", "longtext", required=True),
        *emotion_fields(),
        Field("distortions", "Thinking traps you notice", "choices", choices=distortions),
        Field("evidence_for", "Evidence for the thought", "longtext"),
        Field("evidence_against", "Evidence against the thought", "longtext"),
        Field("friend_view", "What would I tell a friend?", "longtext"),
        Field("balanced_thought", "A more balanced thought", "longtext"),
    )


BELIEF_FIELDS = (
    Field("statement", "The belief", required=True),
    Field("believability", "How true it feels (0-100)", "int", required=True, lo=0, hi=100),
)

BELIEF_RATING_FIELDS = (
    Field("believability", "How true it feels now (0-100)", "int", required=True, lo=0, hi=100),
    Field("note", "What changed", "longtext"),
)


def safety_fields(signs: Sequence[tuple[str, str]]) -> tuple[Field, ...]:
    return tuple(
        Field(key, text, "choice", required=True, choices=FREQUENCY) for key, text in signs
    )


SELF_PROMISE_FIELDS = (
    Field("text", "I promise myself to", required=True),
    Field("due_on", "By", "date", required=True, lo=0, hi=TEN_YEARS),
)


def self_empathy_fields(prompts: Sequence[tuple[str, str]]) -> tuple[Field, ...]:
    """The five steps, keyed as in the content (acknowledge ... challenge), as the model columns are."""
    return (
        Field("situation", "What is this about", required=True),
        *(Field(key, prompt, "longtext", required=key == "acknowledge") for key, prompt in prompts),
    )


AFFIRMATION_FIELDS = (Field("text", "Affirmation", required=True),)

HABIT_FIELDS = (
    Field("day", "Day", "date", required=True, lo=366),
    Field("sleep_hours", "Sleep (hours)", "float", lo=0, hi=24),
    Field("movement_minutes", "Movement (minutes)", "int", lo=0, hi=1440),
    Field("food", "How well I ate (1-5)", "int", lo=1, hi=5),
    Field("creative_minutes", "Creative time (minutes)", "int", lo=0, hi=1440),
    Field("note", "Note"),
)

PAUSE_FIELDS = (Field("seconds", "Length (seconds)", "int", required=True, lo=10, hi=3600),)


@dataclass(frozen=True, slots=True)
class Emotion:
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


def _opt_int(value: object) -> int | None:
    return None if value is None else int(str(value))
