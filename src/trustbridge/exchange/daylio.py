"""Import a Daylio CSV export: each Daylio entry becomes a check-in.

Two layouts are read: the current one with eight columns
(``full_date,date,weekday,time,mood,activities,note_title,note``) and the older one with seven
(no ``note_title``; its first column is ``full_date`` or, in the oldest files, ``year`` with
the day and month in ``date``). Daylio's five default moods (rad, good, meh, bad, awful)
become moods 5 to 1. Renamed moods are matched by the position left free for them, or given
by the person (``moods``); rows whose mood cannot be placed are left out, with a warning.
Activities, the note title and the note become the check-in's note.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from trustbridge.domain.fields import Field
from trustbridge.domain.records import CHECKIN_FIELDS
from trustbridge.domain.words import count_words
from trustbridge.exchange import values
from trustbridge.exchange.common import (
    ExchangeError,
    Importer,
    Plan,
    check,
    decode,
    local_moment,
    on_line,
    records_plan,
)
from trustbridge.services.base import local_day
from trustbridge.store import models as m

SOURCE = "Daylio"
TOOL = "Check-in"
HEADER_8 = ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note")
HEADER_7 = ("full_date", "date", "weekday", "time", "mood", "activities", "note")
HEADER_7_YEAR = ("year", "date", "weekday", "time", "mood", "activities", "note")
#: Daylio's default mood words (and the older "fugly"), best first
DEFAULT_MOODS = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "fugly": 2, "awful": 1}
_CHECKIN = {f.name: f for f in CHECKIN_FIELDS}
_FIELDS = (_CHECKIN["mood"], _CHECKIN["note"])
_DAY = (Field("day", "Date", "date", required=True),)
#: the Daylio column a check-in column comes from, for messages
_COLUMN_NAMES = {"created_at": "full_date", "day": "full_date"}
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d*)?")
_CLOCKS = ("%H:%M", "%I:%M %p", "%I:%M%p", "%H:%M:%S")


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    values: dict[str, str]


def _rows(text: str) -> tuple[tuple[str, ...], list[_Row]]:
    """The header and every non-blank row, each with its line number in the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        found = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise ExchangeError(f"Line {reader.line_num}: this is not valid CSV ({exc})") from None
    found = [(n, row) for n, row in found if any(cell.strip() for cell in row)]
    if not found:
        raise ExchangeError("Line 1: the file is empty; expected a Daylio CSV export")
    header = tuple(cell.strip().casefold() for cell in found[0][1])
    if header not in (HEADER_8, HEADER_7, HEADER_7_YEAR):
        raise ExchangeError(
            f"Line {found[0][0]}: this is not a Daylio export; the first line should be "
            + ",".join(HEADER_8)
        )
    rows = []
    for line, row in found[1:]:
        if len(row) != len(header):
            raise ExchangeError(f"Line {line}: expected {len(header)} columns, found {len(row)}")
        rows.append(_Row(line, dict(zip(header, row, strict=True))))
    return header, rows


def _day(row: _Row, today: dt.date) -> dt.date:
    at = f"Line {row.line}, full_date"
    raw: object = row.values.get("full_date")
    if "year" in row.values:  # the oldest layout: a year, and "18 May" or "May 18"
        at, raw = f"Line {row.line}, date", None
        text = f"{row.values['year'].strip()} {row.values['date'].strip()}"
        for pattern in ("%Y %d %B", "%Y %B %d", "%Y %d %b", "%Y %b %d"):
            try:
                raw = dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
                break
            except ValueError:
                continue
        if raw is None:
            raise ExchangeError(f"{at}: must be a day like 18 May")
    day: dt.date = check(_DAY, {"day": raw}, today, lambda _: at)["day"]
    return day


def _clock(row: _Row) -> dt.time:
    text = row.values["time"].strip().upper()
    for pattern in _CLOCKS:
        try:
            return dt.datetime.strptime(text, pattern).time()  # noqa: DTZ007 - a time only
        except ValueError:
            continue
    raise ExchangeError(f"Line {row.line}, time: must be a time like 21:30 or 9:30 pm")


def _note(row: _Row) -> str:
    activities = [a.strip() for a in row.values["activities"].split("|") if a.strip()]
    parts = [row.values.get("note_title", "").strip(), _BREAK.sub("\n", row.values["note"]).strip()]
    if activities:
        parts.append("Activities: " + ", ".join(activities))
    return "\n\n".join(part for part in parts if part)


def mood_scale(names: Mapping[str, int], given: Mapping[str, int] | None = None) -> dict[str, int]:
    """Which of the file's mood words mean which mood (1-5).

    Default words and words the person gave come first. A renamed mood is placed by position
    when exactly one mood level is left free for it.
    """
    scale = {**DEFAULT_MOODS, **{k.strip().casefold(): v for k, v in (given or {}).items()}}
    known = {name: scale[name] for name in names if name in scale}
    unknown = [name for name in names if name not in scale and not _NUMBER.fullmatch(name)]
    free = sorted(set(range(1, 6)) - set(known.values()))
    if len(unknown) == 1 and len(free) == 1:
        known[unknown[0]] = free[0]
    return known


def plan(data: bytes, now: dt.datetime, moods: Mapping[str, int] | None = None) -> Plan:
    """Check every row of a Daylio CSV export and turn it into check-ins."""
    header, rows = _rows(decode(data))
    today = local_day(now)
    used = Counter(row.values["mood"].strip().casefold() for row in rows)
    scale = mood_scale(used, moods)
    positional = sorted(set(scale) - set(DEFAULT_MOODS) - {k.casefold() for k in moods or {}})
    records, left_out = [], Counter[str]()
    for row in rows:
        word = row.values["mood"].strip().casefold()
        if word not in scale and not _NUMBER.fullmatch(word):
            left_out[word] += 1
            continue
        raw = {"mood": scale.get(word, word), "note": _note(row)}
        typed = check(_FIELDS, raw, today, on_line(row.line))
        day = _day(row, today)
        record = m.CheckIn(created_at=local_moment(day, _clock(row)), day=day, **typed)
        records.append(values.record(record, on_line(row.line), _COLUMN_NAMES))
    warnings = [
        f'Mood "{word}" was matched to {scale[word]} (the one level left free for it).'
        for word in positional
    ]
    warnings += [
        f'Mood "{word or "(blank)"}" ({count_words(n, "row", "rows")}) could not be matched to a '
        "mood from 1 to 5, so it is left out. You can say which number it means and import again."
        for word, n in sorted(left_out.items())
    ]
    layout = "eight-column" if header == HEADER_8 else "older seven-column"
    mappings = (
        f"Each Daylio entry ({layout} layout) becomes a check-in on the same day and time.",
        "Moods rad, good, meh, bad and awful become 5, 4, 3, 2 and 1.",
        "The note title, the note and the activities become the check-in's note.",
    )
    return records_plan(SOURCE, TOOL, records, mappings, warnings)


IMPORTER = Importer("daylio", "Daylio (CSV export)", plan, accept=".csv,text/csv")
preview = IMPORTER.preview
apply = IMPORTER.apply
