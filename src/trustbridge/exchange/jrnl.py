"""Import a jrnl journal exported with ``jrnl --format json``: each entry becomes a journal entry.

jrnl writes ``{"tags": {...}, "entries": [{"title", "body", "date": "YYYY-MM-DD",
"time": "HH:MM", "tags": [...], "starred": bool}]}``. Tags stay where jrnl keeps them, in the
text itself; the date and time (read in this machine's time zone) become when the entry was
written. Stars have no place in Trustbridge and are left out, with a warning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trustbridge.domain.fields import MAX_TEXT, Field
from trustbridge.domain.records import JOURNAL_FIELDS
from trustbridge.domain.words import count_words
from trustbridge.exchange import values
from trustbridge.exchange.common import (
    ExchangeError,
    Importer,
    Plan,
    check,
    decode,
    load_json,
    local_moment,
    records_plan,
)
from trustbridge.services.base import local_day
from trustbridge.store import models as m

SOURCE = "jrnl"
TOOL = "Journal"
_DATE = (Field("date", "Date", "date", required=True),)


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ExchangeError(f"{where}.{key}: must be text")
    return value


def _clock(entry: dict[str, Any], where: str) -> dt.time:
    value = entry.get("time", "00:00")
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.time.fromisoformat(value.strip())
    except ValueError:
        raise ExchangeError(f"{where}.time: must be a time like 21:30") from None


def _entry(entry: object, where: str, today: dt.date, notes: dict[str, int]) -> m.JournalEntry:
    if not isinstance(entry, dict):
        raise ExchangeError(f"{where}: each entry must be an object with a title and a body")
    title, body = _text(entry, "title", where).strip(), _text(entry, "body", where).strip()
    if len(title) > MAX_TEXT:  # jrnl's title is the first sentence; keep it, as text
        title, body = "", f"{title}\n\n{body}".strip()
        notes["long"] += 1
    if not body:  # a one-line jrnl entry is all title
        title, body = "", title
    if "date" not in entry:
        raise ExchangeError(f"{where}.date: is missing")
    day = check(_DATE, {"date": entry["date"]}, today, lambda _: f"{where}.date")["date"]
    typed = check(JOURNAL_FIELDS, {"title": title, "body": body}, today,
                   lambda name: f"{where}.{name}")  # fmt: skip
    if entry.get("starred") is True:
        notes["starred"] += 1
    record = m.JournalEntry(created_at=local_moment(day, _clock(entry, where)), **typed)
    return values.record(record, lambda name: f"{where}.{name}", {"created_at": "date"})


def plan(data: bytes, now: dt.datetime) -> Plan:
    """Check every entry of a jrnl JSON export and turn it into journal entries."""
    document = load_json(decode(data))
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ExchangeError(
            'entries: missing; a jrnl JSON export has an "entries" list (jrnl --format json)'
        )
    today, notes = local_day(now), {"starred": 0, "long": 0}
    records = [
        _entry(entry, f"entries[{i}]", today, notes) for i, entry in enumerate(document["entries"])
    ]
    warnings = []
    if notes["starred"]:
        warnings.append(
            f"{count_words(notes['starred'], 'entry was', 'entries were')} starred in jrnl; "
            "Trustbridge has no stars, so the stars are not kept (the entries are)."
        )
    if notes["long"]:
        warnings.append(
            f"{count_words(notes['long'], 'entry has', 'entries have')} a first sentence longer "
            f"than {MAX_TEXT} characters; it is kept at the start of the text, not as the title."
        )
    mappings = ("Each jrnl entry becomes a journal entry: title, text, date and time are kept; "
                "tags stay in the text.",)  # fmt: skip
    return records_plan(SOURCE, TOOL, records, mappings, warnings)


IMPORTER = Importer("jrnl", "jrnl (JSON export)", plan, accept=".json,application/json")
preview = IMPORTER.preview
apply = IMPORTER.apply
