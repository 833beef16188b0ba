"""How ``trustbridge person show`` prints one person: estimates, what moved them, recent evidence.

From the page :func:`trustbridge.services.person_reads.read_person_page` reads. Imports
nothing heavy: no Typer, Rich or SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from trustbridge.cli import messages as msg
from trustbridge.cli import output

if TYPE_CHECKING:
    from trustbridge.domain.trust import Estimate

#: one evidence event: id, dimension, went well, weight, the day it happened, the note
EvidenceRow = tuple[int, str, bool, str, dt.date, str | None]

#: cells of the interval bar, for 0% to 100%
BAR_WIDTH = 20
#: how many of the events that moved an estimate most are listed, and how many recent ones
MOVED_SHOWN = 3
RECENT_SHOWN = 10

Moved = Mapping[str, Sequence[tuple["EvidenceRow", float]]]


def show(
    person: Mapping[str, object],
    estimates: Mapping[str, Estimate],
    moved: Moved,
    recent: Sequence[EvidenceRow],
    count: int,
) -> None:
    """Print who they are, each estimate in words with its range, what moved it, recent moments.

    Only words here ("raised it a little"); the numbers behind them are in ``--json``.
    """
    _header(person, count)
    output.say()
    output.say(msg.ESTIMATES_TITLE)
    for key, estimate in estimates.items():
        _estimate(key, estimate, moved.get(key, ()))
    output.say()
    output.say(msg.RECENT_TITLE)
    if not recent:
        output.say(f"  {msg.NO_EVIDENCE.format(name=quoted(str(person['name'])))}")
    for row in recent[:RECENT_SHOWN]:
        output.say(f"  {evidence_line(row)}")
    output.say()
    output.say(msg.NOT_A_VERDICT.format(name=person["name"]))
    output.say(msg.PERSON_NUMBERS_HINT.format(name=quoted(str(person["name"]))))


def _header(person: Mapping[str, object], count: int) -> None:
    from trustbridge.domain.relations import PERSON_KINDS

    added = person["created_at"]
    since = output.day(added.astimezone().date()) if isinstance(added, dt.datetime) else ""
    kind = dict(PERSON_KINDS).get(str(person["kind"]), str(person["kind"]))
    output.say(
        msg.PERSON_HEADER.format(id=person["id"], name=person["name"], kind=kind, since=since)
    )
    if person.get("archived_at"):
        output.say(msg.PERSON_ARCHIVED)
    if person.get("support"):
        output.say(msg.PERSON_SUPPORT.format(support=person["support"]))
    if person.get("notes"):
        output.say(f"{msg.PERSON_NOTES}:")
        for line in str(person["notes"]).splitlines():
            output.say(f"    {line}")
    output.say(msg.EVIDENCE_COUNT.format(n=count))


def _estimate(key: str, estimate: Estimate, moved: Sequence[tuple[EvidenceRow, float]]) -> None:
    from trustbridge.domain.trust import DIMENSION_NAMES, describe

    output.say()
    output.say(f"  {DIMENSION_NAMES.get(key, msg.OVERALL)}")
    output.say(f"    {describe(estimate)}")
    output.say(f"    {bar(estimate.low, estimate.high)}")
    if moved and key in DIMENSION_NAMES:
        output.say(f"    {msg.MOVED_MOST}")
        for row, shift in moved[:MOVED_SHOWN]:
            output.say(f"      {evidence_line(row, dimension=False, shift=shift)}")


def bar(low: float, high: float, width: int = BAR_WIDTH) -> str:
    """The likely range as a text bar on the same scale as the words: ``0 [--|===|-] 100``."""
    start, end = round(low * width), round(high * width)
    cells = ["=" if start < i < end else "-" for i in range(width + 1)]
    cells[start] = cells[end] = "|"
    return f"0 [{''.join(cells)}] 100"


def moved_words(shift: float) -> str:
    """How far one event moved an estimate, in words (``raised it a little``)."""
    from trustbridge.domain.trust import shift_words

    return shift_words(shift)


def evidence_line(row: EvidenceRow, *, dimension: bool = True, shift: float | None = None) -> str:
    """``3 Mar 2026  Keeps promises: built trust (significant) - the note``."""
    from trustbridge.domain.trust import DIMENSION_NAMES

    _, name, positive, weight, on, note = row
    what = msg.BUILT_TRUST if positive else msg.COST_TRUST
    text = f"{output.day(on)}  "
    text += f"{DIMENSION_NAMES.get(name, name)}: " if dimension else ""
    text += msg.EVIDENCE_WHAT.format(what=what, weight=weight)
    text += "" if shift is None else f", which {moved_words(shift)}"
    return text + (f" - {_one_line(note)}" if note else "")


def _one_line(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def quoted(name: str) -> str:
    """A name as it would be typed in a shell command."""
    return f'"{name}"' if not name.replace("-", "").replace("_", "").isalnum() else name
