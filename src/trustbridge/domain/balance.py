"""Balance signals: drifting toward isolation, leaning on one person, needs met only with others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: logged days in the window needed before any day-based signal is shown
MIN_DAYS = 5
#: average connected minutes a day below which time with others counts as scarce
LOW_CONNECTED_MINUTES = 30
#: share of answered days with a need unmet that counts as "most days"
UNMET_SHARE = 0.6
#: support received, in total, needed before looking at who gives it
MIN_SUPPORT = 5.0
#: share of all support from one person that counts as leaning on them
ONE_PERSON_SHARE = 0.6
#: connected time above this multiple of time alone counts as little time alone
CONNECTED_TO_ALONE = 3.0
_SLACK = 1e-9  # keeps exact shares such as 3 of 5 from rounding below 60%


@dataclass(frozen=True, slots=True)
class BalanceDay:
    """One day of the balance log: minutes alone and connected, and whether each need was met."""

    day: dt.date
    alone_minutes: int
    connected_minutes: int
    solitude_met: bool | None
    closeness_met: bool | None


@dataclass(frozen=True, slots=True)
class BalanceSignal:
    """A gentle flag: ``kind`` is "isolation", "over_reliance" or "needs_through_others"."""

    kind: str
    title: str
    explanation: str


@dataclass(frozen=True, slots=True)
class BalanceReport:
    """Averages over the window, the share of answered days each need was met, and signals."""

    days: int
    alone_per_day: float | None
    connected_per_day: float | None
    solitude_met_share: float | None
    closeness_met_share: float | None
    signals: tuple[BalanceSignal, ...]


def _met_share(answers: Sequence[bool | None]) -> float | None:
    answered = [a for a in answers if a is not None]
    return sum(answered) / len(answered) if answered else None


def _merge(days: Sequence[BalanceDay], start: dt.date, today: dt.date) -> list[BalanceDay]:
    """Days from ``start`` to ``today``, entries for the same day added up.

    Minutes are summed; for each need the last answer given for that day counts.
    """
    merged: dict[dt.date, BalanceDay] = {}
    for entry in days:
        if entry.alone_minutes < 0 or entry.connected_minutes < 0:
            raise ValueError(f"minutes on {entry.day.isoformat()} cannot be negative")
        if not start <= entry.day <= today:
            continue
        before = merged.get(entry.day)
        if before is not None:
            entry = BalanceDay(
                entry.day,
                before.alone_minutes + entry.alone_minutes,
                before.connected_minutes + entry.connected_minutes,
                before.solitude_met if entry.solitude_met is None else entry.solitude_met,
                before.closeness_met if entry.closeness_met is None else entry.closeness_met,
            )
        merged[entry.day] = entry
    return list(merged.values())


def balance_report(
    days: Sequence[BalanceDay],
    support_by_person: Mapping[str, float],
    today: dt.date,
    weeks: int = 3,
) -> BalanceReport:
    """Summarise the last ``weeks`` weeks of the balance log up to ``today`` and raise signals.

    - isolation: at least 5 logged days, and under 30 minutes a day with others on
      average or closeness unmet on 60% or more of the days that answered;
    - over_reliance: at least 5 support in total, 60% or more of it from one person
      (``support_by_person`` maps a name to the support received from them);
    - needs_through_others: at least 5 logged days, solitude unmet on 60% or more of
      the days that answered, and more than three times as much time connected as alone.

    Signals are invitations to notice, never a diagnosis.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks!r}")
    window = _merge(days, today - dt.timedelta(days=7 * weeks - 1), today)
    count = len(window)
    alone = sum(d.alone_minutes for d in window)
    connected = sum(d.connected_minutes for d in window)
    solitude = _met_share([d.solitude_met for d in window])
    closeness = _met_share([d.closeness_met for d in window])
    signals: list[BalanceSignal] = []
    if count >= MIN_DAYS and (
        connected / count < LOW_CONNECTED_MINUTES
        or (closeness is not None and 1 - closeness >= UNMET_SHARE - _SLACK)
    ):
        signals.append(_isolation())
    leaning = _leaning_on(support_by_person)
    if leaning is not None:
        signals.append(_over_reliance(*leaning))
    if (
        count >= MIN_DAYS
        and solitude is not None
        and 1 - solitude >= UNMET_SHARE - _SLACK
        and connected > CONNECTED_TO_ALONE * alone
    ):
        signals.append(_needs_through_others())
    return BalanceReport(
        days=count,
        alone_per_day=alone / count if count else None,
        connected_per_day=connected / count if count else None,
        solitude_met_share=solitude,
        closeness_met_share=closeness,
        signals=tuple(signals),
    )


def _leaning_on(support_by_person: Mapping[str, float]) -> tuple[str, float] | None:
    """The person giving most of the support and their share, when it is 60% or more."""
    for name, amount in support_by_person.items():
        if amount < 0:
            raise ValueError(f"support from {name!r} cannot be negative")
    total = sum(support_by_person.values())
    if total < MIN_SUPPORT:
        return None
    name = min(support_by_person, key=lambda n: (-support_by_person[n], n))
    share = support_by_person[name] / total
    return (name, share) if share >= ONE_PERSON_SHARE - _SLACK else None


def _isolation() -> BalanceSignal:
    return BalanceSignal(
        "isolation",
        "Spending a lot of time on your own",
        "Lately there has been little time with other people, or closeness has often felt "
        "out of reach. Distance can feel safer after being hurt, and it can also grow "
        "lonely. One small, low-pressure moment of contact this week, such as a message "
        "or a short walk with someone, could be a gentle start.",
    )


def _over_reliance(name: str, share: float) -> BalanceSignal:
    return BalanceSignal(
        "over_reliance",
        "Leaning on one person for most support",
        f"About {round(100 * share)}% of the support you have noted came from {name}. "
        "It is good to have someone who shows up for you. Sharing a little of what you "
        "need with one or two others as well can take some weight off you both.",
    )


def _needs_through_others() -> BalanceSignal:
    return BalanceSignal(
        "needs_through_others",
        "Little time just for you",
        "Most of your time has been spent with others, and your need for time alone has "
        "often gone unmet. Being close to people matters, and so does time to hear "
        "yourself think. A short stretch of time that is only yours, even ten minutes, "
        "is worth protecting.",
    )
