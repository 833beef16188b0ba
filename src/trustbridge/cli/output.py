"""Printing: tables for lists (drawn as Rich draws them), JSON for scripts, plain lines for entries and crisis support.

Rich is imported only for the rare table ``cli.grid`` leaves to it. Plain lines, crisis support included, are
written straight to the standard streams, so they work on the check-in fast path (which
does not load Typer either) and in the plainest terminal.

Everything printed passes through :func:`visible` first (JSON through :func:`json_text`), so
text someone wrote, or a file they imported, can never drive the terminal: no colours,
cleared screens, window titles, hyperlinks or clipboard writes from escape sequences, and no
text shown in another order than it was written. Control characters are *shown*, not
dropped, so nothing a person wrote silently disappears and an odd file is noticeable:

- C0 controls but tab and newline, and DEL, become their Unicode control pictures (``␛``,
  ``␇``, ``␍``, ``␡``). A terminal acts only on the control character that starts a
  sequence (ESC, or the 8-bit CSI/OSC/DCS), so once that is a picture, the rest (``[31m``,
  ``]0;title``) is plain text. No sequence needs to be parsed, and an unterminated one cannot
  swallow the text after it. A Windows line end (CR LF) is simply a line end.
- C1 controls (U+0080-U+009F) have no pictures and are never real text in UTF-8 (some
  terminals read U+009B as CSI), and the bidi embeddings, overrides and isolates
  (U+202A-U+202E, U+2066-U+2069) can make a line read differently from what is stored;
  each becomes U+FFFD. Right-to-left text itself, and the invisible LRM/RLM marks, are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trustbridge.cli import messages as msg
from trustbridge.domain.fields import Field, value_words
from trustbridge.domain.words import day_words

if TYPE_CHECKING:
    from trustbridge.content import Helpline
    from trustbridge.domain.crisis import CrisisSignal

TOP_HELPLINES = 3
INTERNATIONAL = "INT"

#: C0 controls but tab and newline, and DEL: their Unicode control pictures
_PICTURES = {c: 0x2400 + c for c in (*range(0x09), *range(0x0B, 0x20))} | {0x7F: 0x2421}
#: C1 controls, bidi embeddings, overrides and isolates: nothing a terminal should see raw
_OTHER = (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
#: translate tables (cheaper at start-up than compiling a regular expression)
_VISIBLE = _PICTURES | dict.fromkeys(_OTHER, 0xFFFD)
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (0x7F, *_OTHER)}  # JSON escapes C0 itself


def visible(text: str) -> str:
    """Text with every control a terminal could act on made visible (see the module notes)."""
    if text.isprintable():  # no control or format character at all: the usual case
        return text
    return text.replace("\r\n", "\n").translate(_VISIBLE)


def json_text(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls escaped too (``\\u009b``): same data, inert."""
    return text if text.isprintable() else text.translate(_JSON_ESCAPES)


def say(text: str = "", *, err: bool = False) -> None:
    """Print one line of plain text to stdout (or stderr), control codes made visible."""
    stream = sys.stderr if err else sys.stdout
    stream.write(visible(text) + "\n")
    stream.flush()


def table(columns: Sequence[str], rows: Iterable[Sequence[object]], title: str = "") -> None:
    """Print rows as a table drawn as Rich draws it; cells are plain text, never markup.

    ``cli.grid`` lays it out without importing Rich's console; Rich itself draws the few
    tables that module leaves to it (a tab in a cell, a terminal too narrow for the columns).
    """
    from trustbridge.cli import grid

    heads = [visible(column) for column in columns]
    cells = [["" if cell is None else visible(str(cell)) for cell in row] for row in rows]
    if grid.print_table(heads, cells, visible(title)):
        return
    from rich.console import Console
    from rich.table import Table

    drawn = Table(title=visible(title) or None, title_justify="left", expand=False)
    for column in heads:
        drawn.add_column(column, overflow="fold")  # wrap long words; never cut any off
    for row in cells:
        drawn.add_row(*row)
    Console(markup=False, highlight=False, emoji=False).print(drawn)


def moment(when: dt.datetime) -> str:
    """A saved time in the person's own time zone, like ``4 Mar 2026 10:30``."""
    local = when.astimezone()
    return f"{day_words(local.date())} {local:%H:%M}"


day = day_words


# --- JSON -----------------------------------------------------------------------------------


def jsonable(value: object) -> object:
    """Dates become ISO strings; lists and mappings are converted all the way down."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


#: the attributes that hold a record's children (a belief's ratings, a ritual's kept days, a
#: goal's reviews), as the models' relationships and the plain rows' attached lists name them
_CHILDREN = frozenset({"ratings", "kept", "reviews"})


def record_dict(record: Any, fields: Sequence[Field] = ()) -> dict[str, object]:
    """One saved entry as plain data: ``id``, ``created_at`` and every stored column.

    Multi-choice fields stored as comma-joined text come back as lists, and belief ratings
    (when they were loaded) are included as ``ratings``.
    """
    multi = {f.name for f in fields if f.kind == "choices"}
    data: dict[str, object] = {"id": record.id, "created_at": jsonable(record.created_at)}
    table = getattr(record, "__table__", None)  # a model; else a plain row (store.rows)
    names = [c.key for c in table.columns] if table is not None else list(vars(record))
    for name in names:
        if name in _CHILDREN:  # what a relationship holds, not a column
            continue
        value = getattr(record, name)
        if name in multi and isinstance(value, str):
            value = [part for part in value.split(",") if part]
        data[name] = jsonable(value)
    ratings = record.__dict__.get("ratings")
    if ratings is not None:
        data["ratings"] = [
            {"rated_at": jsonable(r.rated_at), "believability": r.believability, "note": r.note}
            for r in ratings
        ]
    return data


def print_json(items: Iterable[Mapping[str, object]]) -> None:
    import json

    say(json_text(json.dumps(list(items), ensure_ascii=False, indent=2)))


def print_data(data: Mapping[str, object]) -> None:
    """Print one JSON object (for reports that are more than a list of entries)."""
    import json

    say(json_text(json.dumps(jsonable(data), ensure_ascii=False, indent=2)))


def estimate_dict(estimate: Any) -> dict[str, object]:
    """A trust estimate as plain data, with its plain-words description."""
    from trustbridge.domain.trust import describe

    return {
        "mean": estimate.mean,
        "low": estimate.low,
        "high": estimate.high,
        "amount": estimate.amount,
        "enough": estimate.enough,
        "description": describe(estimate),
    }


# --- showing one entry ----------------------------------------------------------------------


value_text = value_words


def show_fields(record: Any, fields: Sequence[Field]) -> None:
    """Print every filled-in field of an entry as ``Label`` and its value, long text indented."""
    for field in fields:
        value = getattr(record, field.name, None)
        if value is None or value == "" or value == []:
            continue
        text = value_text(field, value)
        if field.kind == "longtext" or "\n" in text or len(field.label) + len(text) > 70:
            say(f"{field.label}:")
            for line in text.splitlines() or [""]:
                say(f"    {line}")
        else:
            say(f"{field.label}: {text}")


# --- crisis support -------------------------------------------------------------------------


def pick_helplines(
    helplines: Sequence[Helpline], country: str | None, n: int = TOP_HELPLINES
) -> list[Helpline]:
    """The helplines to show first: this country's, then the international directory.

    Without a known country, the first few listed plus the directory.
    """
    local = [h for h in helplines if country and h.country == country.upper()]
    directory = [h for h in helplines if h.country == INTERNATIONAL]
    if not local:
        local = [h for h in helplines if h.country != INTERNATIONAL]
    return [*local[: n - len(directory[:1])], *directory[:1]]


def how_to_reach(line: Helpline) -> str:
    """``Call 116 123. Free to call.``, without repeating a number the text already gives."""
    call = msg.CALL.format(number=line.number) if line.number not in line.text else ""
    return " ".join(part for part in (call, line.text) if part)


def emergency_numbers(numbers: Mapping[str, str], country: str | None) -> str:
    if country and country.upper() in numbers:
        return numbers[country.upper()]
    return ", ".join(sorted(set(numbers.values())))


def welcome() -> None:
    """Said once, when a new store is made: what Trustbridge is, and that it is not therapy."""
    from trustbridge.content import load_program

    say(load_program().first_run, err=True)
    say("", err=True)


def crisis_notice(signal: CrisisSignal, *, saved: bool = True, err: bool = False) -> None:
    """Offer support after something written suggests the person may be in crisis.

    The urgent tier gets the full notice; the gentle tier (the subject told at a distance)
    one quiet line.
    """
    if signal.gentle:
        say("", err=err)
        say(msg.CRISIS_GENTLE, err=err)
    if not signal.flagged:
        return
    from trustbridge.cli.parsing import country_from_env
    from trustbridge.content import load_crisis

    crisis = load_crisis()
    country = country_from_env(os.environ)
    lines = [
        "",
        msg.CRISIS_INTRO if saved else msg.CRISIS_NOT_SAVED,
        crisis.message,
        "",
        msg.CRISIS_REACH,
        *(
            msg.HELPLINE_LINE.format(name=h.name, country=h.country_name, how=how_to_reach(h))
            for h in pick_helplines(crisis.helplines, country)
        ),
        "",
        msg.CRISIS_EMERGENCY.format(numbers=emergency_numbers(crisis.emergency_numbers, country)),
        msg.CRISIS_MORE,
    ]
    for line in lines:
        say(line, err=err)
