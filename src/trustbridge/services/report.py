"""The report for a therapist: the sections and days a person chose, gathered once as plain data.

Both interfaces call :func:`choose` to check what was asked (so the web and the command line
give the same messages) and :func:`build_report` to read it. The result is data, not a
document: sections of dated, labelled entries and charts (the insights' ``ChartData``, each with
its numbers as a table), which ``exchange.report_markdown`` and ``exchange.report_pdf`` turn
into files and the web page into a preview. Only the chosen sections are read, so nothing else can reach the file: no other
tool's writing, and no one from the circle whom those entries are not about. The safety plan
goes in only when it is named: ``all`` means every section but the plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from trustbridge.charts.model import Figure
from trustbridge.content import load_program
from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.domain.words import count_words, full_day_words
from trustbridge.services.report_sections import PARTS, Entry, Reader, Window
from trustbridge.store.db import Store

TITLE = "Trustbridge report"
SHARED_NOTE = "Shared by choice: this report holds only the sections the person chose."
NOT_THERAPY = "Trustbridge is a self-help companion, not therapy. It does not diagnose."
STANDING_NOTE = "Shown as it is today, whatever the dates."
NOTHING = "Nothing from these dates."
NOTHING_YET = "Nothing saved here yet."
#: every section but the safety plan, which goes in only when it is named
ALL = "all"
SAFETY_PLAN = "safety_plan"
NOTHING_CHOSEN = "Please choose at least one section to include."
UNKNOWN = "There is no section called “{word}”. You can choose: {names}, or all."
BACKWARDS = "The last day must be on or after the first day."
#: sections whose name is not the program's name for the tool
_OWN_NAMES = {
    "checkin": "Check-ins",
    "journal": "Journal",
    "trust_circle": "Trust circle and evidence",
}

SINCE = Field("since", "From", "date", required=True, noun="the first day")
UNTIL = Field("until", "To", "date", required=True, noun="the last day")
TOOLS = "tools"


@dataclass(frozen=True, slots=True)
class Choice:
    """What a person asked for: section keys in report order, and the first and last day."""

    tools: tuple[str, ...]
    since: dt.date
    until: dt.date


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    name: str
    entries: tuple[Entry, ...]
    charts: tuple[Figure, ...]
    #: shown as it stands today (the support map, the safety plan, learned beliefs)
    standing: bool

    @property
    def count_text(self) -> str:
        return count_words(len(self.entries), "entry", "entries")

    @property
    def note(self) -> str:
        """What sits under the heading: how many entries, and whether it is how things stand."""
        return f"{self.count_text}. {STANDING_NOTE}" if self.standing else self.count_text

    @property
    def empty_text(self) -> str:
        return NOTHING_YET if self.standing else NOTHING


@dataclass(frozen=True, slots=True)
class Report:
    since: dt.date
    until: dt.date
    made: dt.datetime
    sections: tuple[Section, ...]

    @property
    def dates_text(self) -> str:
        return f"From {full_day_words(self.since)} to {full_day_words(self.until)}"

    @property
    def made_text(self) -> str:
        return f"Made on {full_day_words(self.made.astimezone().date())}"

    @property
    def total(self) -> int:
        return sum(len(s.entries) for s in self.sections)


@cache
def section_names() -> dict[str, str]:
    """Every section a person can choose, key to name, in the order a report shows them."""
    tools = load_program().tools
    return {p.key: _OWN_NAMES.get(p.key) or tools[p.key].name for p in PARTS}


def cli_name(key: str) -> str:
    """A section as the command line names it: ``thought-record``."""
    return key.replace("_", "-")


def groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The sections under the stage each belongs to, for choosing them on a page."""
    names = section_names()
    found = [("Every day", [(k, names[k]) for k in ("checkin", "journal")])]
    for stage in load_program().stages:
        keys = [k for k in stage.tools if k in names]
        title = f"Stage {stage.number}: {stage.title}" if stage.number <= 8 else stage.title
        found += [(title, [(k, names[k]) for k in keys])] if keys else []
    return found


def _fold(word: str) -> str:
    return "_".join(word.strip().casefold().replace("-", " ").split())


def _tools(given: Iterable[str]) -> tuple[str, ...]:
    """The section keys named (by key, command-line name or name), in report order."""
    names = section_names()
    known = {_fold(k): k for k in names} | {_fold(n): k for k, n in names.items()}
    chosen: set[str] = set()
    for word in (w for item in given for w in str(item).split(",") if w.strip()):
        if _fold(word) == ALL:
            chosen |= set(names) - {SAFETY_PLAN}
        elif _fold(word) in known:
            chosen.add(known[_fold(word)])
        else:
            listed = ", ".join(cli_name(k) for k in names)
            raise ValidationError({TOOLS: UNKNOWN.format(word=word.strip(), names=listed)})
    return tuple(k for k in names if k in chosen)


def choose(tools: Iterable[str], since: object, until: object, today: dt.date) -> Choice:
    """Check a request for a report; ``ValidationError`` names each problem by its field
    (``tools``, ``since``, ``until``), all at once."""
    errors: dict[str, str] = {}
    try:
        keys = _tools(tools)
    except ValidationError as problem:
        keys, errors = (), dict(problem.errors)
    if not keys and not errors:
        errors[TOOLS] = NOTHING_CHOSEN
    try:
        days = clean((SINCE, UNTIL), {"since": since, "until": until}, today)
    except ValidationError as problem:
        raise ValidationError(errors | problem.errors, problem.missing) from None
    first, last = days["since"], days["until"]
    assert isinstance(first, dt.date) and isinstance(last, dt.date)
    if first > last:
        errors[UNTIL.name] = BACKWARDS
    if errors:
        raise ValidationError(errors)
    return Choice(keys, first, last)


def build_report(store: Store, choice: Choice, now: dt.datetime) -> Report:
    """Read the chosen sections on the chosen days; nothing else is read."""
    names = section_names()
    parts = [p for p in PARTS if p.key in choice.tools]
    with store.sessions() as session:
        reader = Reader(session, Window(choice.since, choice.until))
        found = [(p, p.gather(reader)) for p in parts]
    sections = tuple(
        Section(p.key, names[p.key], tuple(f.entries), tuple(f.charts), p.standing)
        for p, f in found
    )
    return Report(choice.since, choice.until, now, sections)
