"""The support layer's fields: the support map (who helps with what) and the safety plan.

One declaration drives the web forms, the command line and validation, as elsewhere. The
gap hints are gentle prompts drawn from the kinds of help nobody on the map covers yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from trustbridge.domain.fields import Field
from trustbridge.domain.records import Choices

SUPPORT_KINDS: Choices = (
    ("person", "Someone I know"),
    ("group", "A group"),
    ("coach", "A coach"),
    ("therapist", "A therapist or counsellor"),
    ("crisis_line", "A crisis line"),
    ("other", "Something else"),
)
HELP_AREAS: Choices = (
    ("listening", "Listening"),
    ("practical", "Practical help"),
    ("advice", "Advice"),
    ("company", "Company and fun"),
    ("hard_moments", "Hard moments"),
    ("growth", "Working on myself"),
)
#: a gentle line for each kind of help nobody on the map gives yet
GAP_HINTS = {
    "listening": "No one yet for listening. Who could you talk to when something weighs on you?",
    "practical": "No one yet for practical help, like a lift, an errand or a hand with a form.",
    "advice": "No one yet for advice. Someone whose judgement you like could fit here.",
    "company": "No one yet for company and fun. Light time together counts as support too.",
    "hard_moments": "No one yet for hard moments. A crisis line can sit here while you look.",
    "growth": "No one yet for working on yourself. A group, a coach or a therapist might fit.",
}

SUPPORT_FIELDS = (
    Field("name", "Name", required=True, help="A person, a group, a service: as you call them",
          noun="their name"),
    Field("kind", "Who or what it is", "choice", required=True, choices=SUPPORT_KINDS,
          noun="who or what it is"),
    Field("person", "From my circle", help="Optional: link someone from your circle",
          noun="who in your circle it is"),
    Field("helps_with", "What they help with", "choices", choices=HELP_AREAS,
          noun="what they help with"),
    Field("how_to_reach", "How to reach them", help="A number, a place, a time that suits",
          noun="how to reach them"),
)  # fmt: skip

SAFETY_PLAN_FIELDS = (
    Field("warning_signs", "Warning signs", "longtext",
          help="Thoughts, feelings or moments that tell you a hard time may be starting"),
    Field("on_my_own", "Things I can do on my own to cope", "longtext",
          help="Small things that help you get through, without needing anyone",
          noun="what you can do on your own"),
    Field("distractions", "People and places that take my mind off things", "longtext",
          help="A friend to be around, a café, a walk, a park",
          noun="the people and places that take your mind off things"),
    Field("ask_for_help", "People I can ask for help", "longtext",
          help="Names and how to reach them", noun="the people you can ask for help"),
    Field("professionals", "Professionals and crisis lines", "longtext",
          help="Your doctor or therapist, a local crisis line, the emergency number"),
    Field("safer_surroundings", "Making my surroundings safer", "longtext",
          help="What you can put away or ask someone to keep for a while",
          noun="how you can make your surroundings safer"),
    Field("reasons_for_living", "My reasons for living", "longtext",
          help="People, plans, animals, small joys: what matters to you",
          noun="your reasons for living"),
)  # fmt: skip
KEEP_OUTSIDE = Field(
    "keep_outside", "Keep a copy I can read on Help now while Trustbridge is locked", "bool",
    help="This copy is not encrypted: anyone who can open files on this computer could read it.",
    noun="whether to keep a copy outside the encryption",
)  # fmt: skip
PLAN_PARTS = tuple(f.name for f in SAFETY_PLAN_FIELDS)


def labelled(parts: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each filled-in part of a safety plan with its heading, in the plan's order."""
    return [(f.label, parts[f.name]) for f in SAFETY_PLAN_FIELDS if f.name in parts]


def helps_with_keys(stored: str | None) -> list[str]:
    """The kinds of help kept as comma-joined keys, as a list."""
    return [key for key in (stored or "").split(",") if key]


def gaps(helps: Iterable[Sequence[str]]) -> list[str]:
    """A gentle hint for every kind of help no one on the map covers yet, in a fixed order."""
    covered = {key for keys in helps for key in keys}
    return [GAP_HINTS[key] for key, _ in HELP_AREAS if key not in covered]
