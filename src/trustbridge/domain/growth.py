"""What the stage 8 tools record, how rituals count progress without guilt, and their evidence.

Ritual progress is counted over a recent window of periods (days, weeks or chosen weekdays):
how many of them were kept, and the longest run. Nothing resets to zero; a missed period
only means a run ended, and the kept count still shows what was done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from trustbridge.domain.fields import Field
from trustbridge.domain.records import TEN_YEARS, Choices

DEFAULT_CHECKIN_DAYS = 7
CHECKIN_DAYS_KEY = "partner_checkin_days"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CADENCES: Choices = (("daily", "Every day"), ("weekly", "Once a week"), ("days", "Chosen days"))
GOAL_STATUSES: Choices = (("active", "Active"), ("reached", "Reached"), ("set_aside", "Set aside"))
WIN_KINDS: Choices = (
    ("trigger_grace", "Met a trigger with grace"),
    ("kept_boundary", "Kept a boundary"),
    ("opened_up", "Opened up"),
    ("self_promise", "Kept a promise to myself"),
    ("other", "Something else"),
)
YES_NO: Choices = (("yes", "Yes"), ("no", "No"))

PERSON = Field("person", "With whom", help="Someone in your circle (optional)",
               noun="who it is with")  # fmt: skip

CHECKIN_FIELDS = (
    Field("held_on", "Held on", "date", required=True, lo=366, noun="the day you talked"),
    PERSON,
    Field("went_well", "What went well", "longtext"),
    Field("was_hard", "What was hard", "longtext"),
    Field("appreciation", "One thing I appreciate", "longtext",
          noun="the thing you appreciate"),
    Field("need", "One thing I need", "longtext", noun="the thing you need"),
    Field("to_try", "One thing to try", "longtext", noun="the thing to try"),
)  # fmt: skip

CADENCE_FIELDS = (
    Field("days", "Check in every (days)", "int", required=True, lo=1, hi=90,
          noun="how many days apart you check in"),
)  # fmt: skip

RITUAL_FIELDS = (
    Field("name", "The ritual", required=True, noun="the ritual"),
    PERSON,
    Field("cadence", "How often", "choice", required=True, choices=CADENCES, default="weekly",
          noun="how often"),
    Field("weekdays", "Which days", "choices", choices=tuple((d, d.title()) for d in WEEKDAYS),
          noun="which days"),
    Field("note", "Note", "longtext", noun="the note"),
)  # fmt: skip

KEPT_FIELDS = (
    Field("kept_on", "Day", "date", required=True, lo=366, noun="the day"),
    Field("note", "Note", noun="the note"),
)

APPRECIATION_FIELDS = (
    Field("what", "What I appreciate", "longtext", required=True, noun="what you appreciate"),
    Field("person", "Whom", help="Someone in your circle (optional)", noun="whom"),
    Field("said_out_loud", "Did you say it out loud?", "maybe", choices=YES_NO,
          noun="whether you said it out loud"),
    Field("noted_on", "Day", "date", required=True, lo=3653, noun="the day"),
)  # fmt: skip

GOAL_FIELDS = (
    Field("goal", "Our goal", required=True, noun="the goal"),
    Field("why", "Why it matters", "longtext", noun="why it matters"),
    PERSON,
    Field("review_on", "Look at it again on", "date", lo=366, hi=TEN_YEARS,
          noun="the day to look at it again"),
)  # fmt: skip
#: a goal's whole record as its edit form asks for it: a new goal starts active
GOAL_EDIT_FIELDS = (
    *GOAL_FIELDS,
    Field("status", "Status", "choice", required=True, choices=GOAL_STATUSES, default="active",
          noun="the status"),
)  # fmt: skip

REVIEW_FIELDS = (
    Field("reviewed_on", "Day", "date", required=True, lo=366, noun="the day"),
    Field("still_ours", "Is it still ours?", "maybe", choices=YES_NO,
          noun="whether it is still yours"),
    Field("progress", "How it is going", "longtext", noun="how it is going"),
    Field("next_step", "Next step", "longtext", noun="the next step"),
    Field("review_on", "Look at it again on", "date", lo=0, hi=TEN_YEARS,
          noun="the day to look at it again"),
    Field("status", "Status", "choice", choices=GOAL_STATUSES, noun="the status"),
)  # fmt: skip

WIN_FIELDS = (
    Field("what", "The win", "longtext", required=True, noun="the win"),
    Field("kind", "Kind", "choice", required=True, choices=WIN_KINDS, default="other",
          noun="the kind of win"),
    Field("happened_on", "Day", "date", required=True, lo=3653, noun="the day"),
)  # fmt: skip
#: a win with the entry it came from, as TOOL:NUMBER (``services.growth.parse_link`` checks it)
WIN_FORM_FIELDS = (
    *WIN_FIELDS,
    Field("source", "Came from", help="An entry, like thought_record:12",
          noun="where it came from"),
)  # fmt: skip

#: the evidence each tool gives about the person it was with, and why that dimension
EVIDENCE = {
    # thanks noticed and given is support flowing between you
    "appreciation": ("reciprocates_support", (True, "small")),
    # showing up for a shared habit is a small promise kept
    "ritual": ("keeps_promises", (True, "small")),
    # sitting down to talk honestly is openness met in kind
    "partner_checkin": ("responds_to_openness", (True, "small")),
}


def next_checkin(last: dt.date | None, every_days: int, today: dt.date) -> tuple[dt.date, bool]:
    """The day the next check-in comes round, and whether that day has come."""
    due = today if last is None else last + dt.timedelta(days=every_days)
    return due, due <= today


def parse_weekdays(text: str) -> tuple[int, ...]:
    """ "mon,thu" as weekday numbers (Monday is 0), in order, unknown names left out."""
    names = [x.strip().lower()[:3] for x in text.split(",")]
    return tuple(sorted({WEEKDAYS.index(n) for n in names if n in WEEKDAYS}))


@dataclass(frozen=True, slots=True)
class Progress:
    kept: int
    periods: int
    longest_run: int
    unit: str  # "days", "weeks" or "scheduled days"


def periods(
    cadence: str, weekdays: tuple[int, ...], since: dt.date, today: dt.date
) -> list[dt.date]:
    """The start of each period from ``since`` to ``today``: days, Monday-weeks or chosen days."""
    if cadence == "weekly":
        start = since - dt.timedelta(days=since.weekday())
        return [start + dt.timedelta(weeks=i) for i in range((today - start).days // 7 + 1)]
    days = [since + dt.timedelta(days=i) for i in range((today - since).days + 1)]
    if cadence == "days":
        return [d for d in days if d.weekday() in weekdays]
    return days


def _period_of(cadence: str, day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) if cadence == "weekly" else day


def progress(
    cadence: str,
    weekdays: tuple[int, ...],
    kept: Iterable[dt.date],
    since: dt.date,
    today: dt.date,
    window: int = 12,
) -> Progress:
    """Kept periods among the last ``window`` (never before ``since``), and the longest run.

    A kept day outside the cadence (a Tuesday for a Monday ritual) does not count.
    """  # fmt: skip
    recent = periods(cadence, weekdays, since, today)[-window:]
    done = {_period_of(cadence, d) for d in kept}
    marks = [p in done for p in recent]
    longest = run = 0
    for mark in marks:
        run = run + 1 if mark else 0
        longest = max(longest, run)
    unit = {"daily": "days", "weekly": "weeks"}.get(cadence, "scheduled days")
    return Progress(sum(marks), len(marks), longest, unit)


def progress_words(p: Progress) -> str:
    """ "kept 9 of the last 12 weeks, longest run 5": what was done, never what was missed."""
    if p.periods == 0:
        return "Nothing scheduled yet"
    if p.periods == 1:
        return f"kept {p.kept} of 1 {p.unit[:-1]} so far"
    words = f"kept {p.kept} of the last {p.periods} {p.unit}"
    return words + (f", longest run {p.longest_run}" if p.longest_run > 1 else "")
