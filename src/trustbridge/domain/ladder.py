"""The vulnerability ladder: suggest the next step's size and person from how past steps went."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from trustbridge.domain.trust import Estimate

RESPONSES = ("supportive", "neutral", "dismissive", "hurtful")
MIN_RISK = 5
MAX_RISK = 100
FIRST_RISK = 10
#: with enough evidence, an openness mean below this means "do not suggest this person"
POOR_OPENNESS = 0.4
#: low bound of the prior Beta(1, 1)'s 80% interval, for a person with no estimate at all
UNKNOWN_LOW = 0.1

_STEP_UP = 10
_STEP_DOWN = {"dismissive": 10, "hurtful": 20}
_NOT_YOU = " That is about how they responded, not about you."
_NOBODY = (
    "No one in your circle has responded well to openness so far, so no one is suggested "
    "for now. Writing down what you would like to share still counts as a step."
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A step taken on the ladder: with whom, how risky it felt (0-100), how they responded."""

    person_id: int
    risk: int
    response: str
    on: dt.date


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The next step to consider: its risk, the person (``None`` for nobody), and why."""

    risk: int
    person_id: int | None
    reason: str


def poor_openness(estimate: Estimate | None) -> bool:
    """Whether there is enough evidence and it says openness has tended to go badly."""
    return estimate is not None and estimate.enough and estimate.mean < POOR_OPENNESS


def _low(openness: Mapping[int, Estimate], person: int) -> float:
    estimate = openness.get(person)
    return UNKNOWN_LOW if estimate is None else estimate.low


def _safest(
    openness: Mapping[int, Estimate], exclude: int | None = None, above: float = -1.0
) -> int | None:
    """The acceptable person with the highest openness low bound above ``above``, ties by id."""
    people = [
        person
        for person, estimate in openness.items()
        if person != exclude and not poor_openness(estimate) and estimate.low > above
    ]
    return min(people, key=lambda p: (-openness[p].low, p), default=None)


def suggest_next(
    history: Sequence[Outcome], openness: Mapping[int, Estimate], today: dt.date
) -> Suggestion:
    """Suggest the next rung of the ladder from the most recent step taken by ``today``.

    ``openness`` holds each person's "responds well to openness" estimate; a person
    with too little evidence counts as unknown and may be suggested, and a person
    missing from it is treated the same way. The rules:

    - no steps yet: risk 10 with the person whose estimate has the highest low bound;
    - supportive: risk up by 10 (at most 100) with the same person;
    - neutral: the same risk with the same person;
    - dismissive: risk down by 10 (at least 5), with a safer person when there is one
      (a higher low bound), else the same person;
    - hurtful: risk down by 20 (at least 5) with the safest other person, or nobody.

    Never a person whose openness evidence is poor (enough evidence, mean below 0.4):
    the safest acceptable person is suggested instead, or nobody, and the reason says
    so. The most recent step is the latest by date, then the last given; steps dated
    after ``today`` are left out. Risks always stay within 5-100.
    """
    done: list[tuple[dt.date, int, Outcome]] = []
    for index, outcome in enumerate(history):
        if outcome.response not in RESPONSES:
            raise ValueError(f"unknown response {outcome.response!r}")
        if outcome.on <= today:
            done.append((outcome.on, index, outcome))
    if not done:
        return _first_step(openness)
    last = max(done, key=lambda row: row[:2])[2]
    person, response = last.person_id, last.response
    risk = last.risk + _STEP_UP if response == "supportive" else last.risk
    risk = max(MIN_RISK, min(MAX_RISK, risk - _STEP_DOWN.get(response, 0)))
    if response == "hurtful":
        other = _safest(openness, exclude=person)
        if other is None:
            reason = (
                "For now no one else stands out as safer, so a quiet step on your own, "
                "like writing it down, may be kinder."
            )
        else:
            reason = (
                "A smaller step with someone who has been safer may help you feel steady again."
            )
        return Suggestion(
            risk, other, "Your last step was met with hurt." + _NOT_YOU + " " + reason
        )
    if poor_openness(openness.get(person)):
        return _instead(risk, openness, person)
    if response == "dismissive":
        safer = _safest(openness, exclude=person, above=_low(openness, person))
        if safer is not None:
            reason = "A smaller step with someone who has been more open may feel safer."
        else:
            reason = "A smaller step may feel easier next time."
        chosen = person if safer is None else safer
        return Suggestion(risk, chosen, "Being brushed aside can sting. " + reason)
    if response == "neutral":
        return Suggestion(
            risk,
            person,
            "Your last step got a lukewarm response, so a step of the same size gives you "
            "time to find your footing.",
        )
    if risk == last.risk:
        reason = (
            "Your last step with them went well. You are at the top of the ladder, so go at "
            "whatever pace feels right."
        )
    else:
        reason = "Your last step with them went well, so a slightly bigger step may feel possible."
    return Suggestion(risk, person, reason)


def _first_step(openness: Mapping[int, Estimate]) -> Suggestion:
    if not openness:
        return Suggestion(
            FIRST_RISK,
            None,
            "Start small: share one low-stakes thing, like how your day went, with someone "
            "you feel fairly safe with.",
        )
    person = _safest(openness)
    if person is None:
        return Suggestion(FIRST_RISK, None, _NOBODY)
    return Suggestion(
        FIRST_RISK,
        person,
        "Starting small is a kind way to begin. From what you have noted so far, this "
        "person looks like the safest one to start with.",
    )


def _instead(risk: int, openness: Mapping[int, Estimate], person: int) -> Suggestion:
    """Someone other than ``person``, whose openness evidence has been poor, or nobody."""
    other = _safest(openness, exclude=person)
    if other is None:
        return Suggestion(risk, None, _NOBODY)
    return Suggestion(
        risk,
        other,
        "Opening up to them has often gone badly so far, so this step is suggested with "
        "someone who has been safer.",
    )
