"""A Markdown copy a person can read (or share): stage by stage, tool by tool, each entry with its
date and its fields under the labels the forms use, and each person with the evidence about them.

What people wrote is escaped so any renderer, raw HTML allowed or not, shows it as typed
(``<script>``, ``[a](javascript:…)``, ``![i](…)``, ``**b**``, ``# h``, ``- x``, ``1. x``,
``> q``, backticks, tables, entities), while the file stays readable as plain text: only what
can start markup gets a backslash. Each line of a longer text is quoted with a hard break, so
lines stay lines; leading spaces become no-break spaces (four would make code). Control
characters become U+FFFD, since the copy may be printed to a terminal. A value that should
never be odd (an emotion without a name) is shown as far as it can be read, never a failure.

The copy is written as it is read, a chunk of entries at a time, so a store of any size takes
the same memory; the text is the same as if it were made whole and then tidied (one blank
line at most between lines, no white space at the end).
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any, TextIO

from trustbridge.content import Program, Stage, load_program
from trustbridge.domain import records as r
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field, value_words
from trustbridge.domain.words import day_words
from trustbridge.services.catalog import spec
from trustbridge.store import rows as stored
from trustbridge.store import shapes

if TYPE_CHECKING:
    from trustbridge.exchange.common import Progress
    from trustbridge.store.db import Store

JOURNAL = "Journal"
NOTHING = "_Nothing saved here yet._"
#: entries read from the store at a time
CHUNK = 1000
#: pieces of text (an entry, or a line) written out at a time
PIECES = 250
#: characters that can start inline markup, raw HTML, an entity or a table cell, anywhere
_ESCAPE = {ord(c): "\\" + c for c in "\\`*_[]<>#|~&"}
#: C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates
_CONTROLS = (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
             *range(0x2066, 0x206A))  # fmt: skip
_SAFE = _ESCAPE | dict.fromkeys(_CONTROLS, "\ufffd")
#: any character :data:`_SAFE` changes (most lines hold none, and need no translating)
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_SAFE)) + "]")
#: those of them in ASCII, as bytes to delete (see :func:`_unsafe`)
_UNSAFE_ASCII = bytes(c for c in _SAFE if c < 0x80)
#: those and every other ASCII control (tab, line breaks), as bytes to delete: an ASCII text
#: without any is one line, with only spaces for white space and nothing to translate
_NOT_PLAIN = bytes(sorted({*_UNSAFE_ASCII, *range(0x20)}))
#: what starts a list item, an ordered one ("1." before a space), or makes a line a rule or
#: a heading's underline (a line of only - or =); "-5" or "7.5" are left as they are
_LINE_START = re.compile(r"[-+](?=[ \t]|$)|[-=][-= \t]*$|\d{1,9}(?=[.)](?:[ \t]|$))")
#: the first characters of those that are not digits (``\d``: any that ``str.isdecimal``)
_STARTS = frozenset("-+=")
_INDENT = re.compile(r"^[ \t]+")


# --- turning values into words --------------------------------------------------------------


def moment(when: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """A saved time in this machine's time zone (or ``zone``): ``14 Mar 2026, 10:30`` (as
    :func:`day` writes the day)."""
    local = when.astimezone(zone)
    return f"{local.day} {_month(local.year, local.month)}, {_TWO[local.hour]}:{_TWO[local.minute]}"


#: an hour or a minute as two digits (looked up: twice as quick as formatting each time)
_TWO = tuple(f"{n:02}" for n in range(60))
#: each minute of a day as ``HH:MM``, by the minutes since midnight
_CLOCK = tuple(f"{h:02}:{m:02}" for h in range(24) for m in range(60))
#: the minutes since midnight of each ``HH:MM`` (looked up: quicker than reading two numbers)
_MINUTES = {clock: minutes for minutes, clock in enumerate(_CLOCK)}
#: a time as SQLAlchemy stores a ``UTCDateTime`` (``2026-03-14 10:30:00.000000``), its month
#: and day apart (:meth:`_Clock._read_month` reads them, and refuses a day that does not exist)
_STORED_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2} (?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{6}", re.ASCII
)


class _Clock:
    """Saved times in words in this machine's time zone (or ``zone``), as :func:`moment` gives
    them, with the zone asked once for each UTC day of a month met rather than once for
    each time (a copy goes through the same years once for each tool).

    A UTC day is moved by one offset when it starts with the same offset as the next day:
    no zone changes its clock twice within two days (the tz database's closest changes are
    further apart), so such a day has no change in it. A day whose clock changes (or one
    whose offset has seconds in it: local mean time, before 1900 or so) is worked out time
    by time, as are times stored in another form than SQLAlchemy's, or given as datetimes
    (as PostgreSQL gives them), converted as :func:`~trustbridge.store.rows.moment` does. A
    clock serves one copy: the zone is the machine's when the copy is made.
    """

    def __init__(self, zone: dt.tzinfo | None = None) -> None:
        self.zone = zone
        #: by the stored month (``2026-03``), by the stored day of it (``14``): the day in
        #: words as a moment starts (``14 Mar 2026, ``) and its offset in minutes; a day
        #: not there is worked out time by time (or does not exist)
        self.months: dict[str, dict[str, tuple[str, int]]] = {}

    def moment(self, saved: str | dt.datetime) -> str:
        """``14 Mar 2026, 10:30``: a time as stored (UTC), in the clock's zone."""
        if type(saved) is str and _STORED_TIME.fullmatch(saved):
            month = self.months.get(saved[:7])
            if month is None:
                month = self._read_month(saved[:7])
            date = month.get(saved[8:10])
            if date is not None:
                words, offset = date
                minutes = _MINUTES[saved[11:16]] + offset
                if 0 <= minutes < 1440:
                    return words + _CLOCK[minutes]
                # the day before or after, in this machine's zone
                other = dt.date.fromisoformat(saved[:10]) + dt.timedelta(minutes // 1440)
                return f"{day(other)}, {_CLOCK[minutes % 1440]}"
        return moment(stored.moment(saved), self.zone)

    def day(self, saved: str | dt.datetime) -> str:
        """The day in words of a time as stored, in the clock's zone."""
        return self.moment(saved).rpartition(", ")[0]

    def _read_month(self, key: str) -> dict[str, tuple[str, int]]:
        if len(self.months) >= 12_000:  # a thousand years
            self.months.clear()
        found = self.months[key] = {}
        year, month = int(key[:4]), int(key[5:])
        if year < dt.MINYEAR or not 1 <= month <= 12:  # no such month: refused time by time
            return found
        first = dt.datetime(year, month, 1, tzinfo=dt.UTC)
        starts = [
            self._offset(first, days) for days in range(calendar.monthrange(year, month)[1] + 1)
        ]
        words = _month(year, month)
        for date, (start, after) in enumerate(pairwise(starts), start=1):
            if start is not None and start == after:
                found[f"{date:02}"] = (f"{date} {words}, ", start)
        return found

    def _offset(self, first: dt.datetime, days: int) -> int | None:
        """The zone's offset ``days`` after ``first``, in whole minutes (``None``: not whole,
        or not known)."""
        try:
            offset = (first + dt.timedelta(days)).astimezone(self.zone).utcoffset()
        except (ValueError, OverflowError, OSError):  # each time then fails as it would alone
            return None
        if offset is None or offset % _MINUTE:
            return None
        return offset // _MINUTE


_MINUTE = dt.timedelta(minutes=1)


def day(date: dt.date) -> str:
    """A day in words, as :func:`~trustbridge.domain.words.day_words` gives it (``4 Mar 2026``):
    the month and year are worked out once for each month, not once for each of thousands of
    days (a section covers years of them, far more than a cache of days would keep)."""
    return f"{date.day} {_month(date.year, date.month)}"


@lru_cache(maxsize=1024)
def _month(year: int, month: int) -> str:
    """What follows the day of the month in :func:`day_words`: ``Mar 2026``."""
    return day_words(dt.date(year, month, 1)).split(" ", 1)[1]


def _unsafe(line: str) -> bool:
    """Whether ``line`` holds a character :data:`_SAFE` changes. An ASCII line (most are) is
    checked by deleting them from its bytes and seeing whether it got shorter: a C loop far
    quicker over a long line than the expression, which tries its long list of characters
    at every one."""
    if line.isascii():
        return len(line.encode().translate(None, _UNSAFE_ASCII)) != len(line)
    return _UNSAFE.search(line) is not None


def _plain_line(text: str) -> bool:
    """Whether ``text`` is ASCII with nothing :data:`_SAFE` changes and no control character:
    one line, with only spaces for white space, that needs no translating (most are)."""
    return text.isascii() and len(text.encode().translate(None, _NOT_PLAIN)) == len(text)


def _escaped(line: str) -> str:
    """One line of text that a renderer shows as typed, wherever the line begins."""
    return _line_start(line.translate(_SAFE) if _unsafe(line) else line)


def _line_start(line: str) -> str:
    """``line`` (translated already) with what would start markup at its start escaped."""
    first = line[:1]
    # most lines: no expression tried (nor for a digit with no dot or bracket after it: a day)
    if first not in _STARTS and (not first.isdecimal() or ("." not in line and ")" not in line)):
        return line
    start = _LINE_START.match(line)
    if start is None:
        return line
    if start.group().isdigit():  # "1." is an ordered list: escape the dot, "1\."
        return line[: start.end()] + "\\" + line[start.end() :]
    return "\\" + line


def inline(text: str) -> str:
    """Person-written text on one line, so nothing in it is read as Markdown."""
    text = str(text)
    if _plain_line(text) and "  " not in text:  # nothing to translate: only the start to see
        return _line_start(text.strip(" "))
    return _escaped(" ".join(text.split()))


def _spaced(text: str) -> str:
    """``" ".join(text.split())``: a plain line without two spaces in a row only loses the
    spaces at its ends."""
    if _plain_line(text) and "  " not in text:
        return text.strip(" ")
    return " ".join(text.split())


def block(text: str) -> list[str]:
    """Longer person-written text as quoted lines, each line kept a line and read as text."""
    if _plain_line(text):  # most often: one line, nothing to translate, spaces at most at its ends
        line = text.strip(" ")
        return [f"  > {_line_start(line)}"] if line else []
    lines = text.strip().replace("\r\n", "\n").splitlines()
    if len(lines) == 1:
        return [f"  > {_escaped(lines[0])}".rstrip()]
    return _quoted(lines)


def _quoted(lines: list[str]) -> list[str]:
    """Each line quoted, its indent kept (as no-break spaces) and a hard break after it when
    another line follows."""
    quoted = []
    for i, line in enumerate(lines):
        line = line.rstrip()
        indent = _INDENT.match(line)
        lead = "" if indent is None else indent.group().expandtabs(4).replace(" ", "\u00a0")
        line = lead + _escaped(line.lstrip())
        follows = i + 1 < len(lines) and lines[i + 1].strip()
        quoted.append(f"  > {line}  " if line and follows else f"  > {line}".rstrip())
    return quoted


value_text = value_words


def labelled(label: str, text: str, *, long: bool = False) -> list[str]:
    """``- **Label:** value``, or the label with the text quoted below it when it is long."""
    label = label.rstrip(".") if label.endswith("?") else label.rstrip(".") + ":"
    if not long and "\n" not in text:
        return [f"- **{label}** {inline(text)}"]
    return [f"- **{label}**", "", *block(text), ""]


def fields_of(
    record: Any, fields: Iterable[Field], values: dict[str, object] | None = None
) -> list[str]:
    """Every filled-in field of an entry, in form order, under its label."""
    return _filled(record, _shown(fields), values)


def _filled(record: Any, shown: list[_Shown], values: dict[str, object] | None = None) -> list[str]:
    """:func:`fields_of`, for the fields as :func:`_shown` gives them (a section works them
    out once, not once for every entry)."""
    lines: list[str] = []
    for f, name, head, long, as_typed, said in shown:
        if values is not None and name in values:
            value = values[name]
        else:
            value = getattr(record, name, None)
        # only a value that is false can be empty (most are neither): compared only then
        if value is None or (not value and (value == "" or value == [])):
            continue
        if as_typed and isinstance(value, str):
            lines += _lines(head, long, value)
        else:
            lines += _said(said, f, head, long, value)
    return lines


def _lines(head: str, long: bool, text: str) -> list[str]:
    """A field's text under its label: on the label's line, or quoted below it."""
    if _plain_line(text):  # most often: as :func:`block` or :func:`inline` has it, fewer calls
        line = text.strip(" ")
        if long:
            return [head, "", f"  > {_line_start(line)}", ""] if line else [head, "", ""]
        return [f"{head} {_line_start(' '.join(line.split()) if '  ' in line else line)}"]
    if long or "\n" in text:
        return [head, "", *block(text), ""]
    return [f"{head} {inline(text)}"]


#: the lines of a field's values met so far, by the value and its type (``True`` and ``1``
#: are equal, but are worded differently)
_Said = dict[tuple[object, type], tuple[str, ...]]


def _said(said: _Said, f: Field, head: str, long: bool, value: object) -> tuple[str, ...]:
    """``_lines(head, long, value_text(f, value))``, each value worked out once: a field that
    is not free text holds the same few values (a mood, a choice) again and again."""
    if f.kind == "date" and type(value) is dt.date:  # too many days to keep: day is quick
        return tuple(_lines(head, long, day(value)))
    try:
        return said[value, type(value)]
    except KeyError:
        if len(said) >= 1024:
            said.clear()
        found = said[value, type(value)] = tuple(_lines(head, long, value_text(f, value)))
        return found
    except TypeError:  # a list, say: not kept
        return tuple(_lines(head, long, value_text(f, value)))


#: kinds of field whose stored text is shown as it is (no choices, dates or units to word)
_AS_TYPED = frozenset({"text", "longtext"})
#: a field, its name, its label as :func:`labelled` writes it, whether it is long text,
#: whether its text is shown as typed, and the lines for each value of it met so far
_Shown = tuple[Field, str, str, bool, bool, _Said]


def _shown(fields: Iterable[Field]) -> list[_Shown]:
    """Each field with its name, its label as :func:`labelled` writes it, whether it is long
    text, whether its text is shown as typed, and the lines for its values met so far
    (worked out once per tool, not once per entry).

    Kept by the fields' identities: hashing a field hashes every attribute of it, which for a
    hundred thousand entries cost more than the lookup saved. The fields are kept in what is
    stored, so an identity cannot be taken by another field while it is a key.
    """
    fields = tuple(fields)
    key = tuple(map(id, fields))
    found = _SHOWN.get(key)
    if found is None:
        if len(_SHOWN) >= 256:
            _SHOWN.clear()
        found = [
            (
                f,
                f.name,
                labelled(f.label, "")[0].rstrip(),
                f.kind == "longtext",
                f.kind in _AS_TYPED,
                {},
            )
            for f in fields
        ]
        _SHOWN[key] = found
    return found


_SHOWN: dict[tuple[int, ...], list[_Shown]] = {}


# --- sections -------------------------------------------------------------------------------

#: lines of a section, made as they are written
Lines = Iterable[str]


@dataclass
class _Context:
    connection: Any
    program: Program
    people: dict[int, str] = field(default_factory=dict)
    clock: _Clock = field(default_factory=_Clock)

    def name(self, person_id: int | None) -> str:
        return self.people.get(person_id or 0, "someone no longer in your circle")

    def rows(
        self,
        table: str,
        where: str = "",
        params: tuple[object, ...] = (),
        order: str = "",
        columns: tuple[str, ...] = (),
    ) -> Iterator[Any]:
        """The table's rows in ``order`` (then as saved), a chunk at a time, each with its
        ``columns`` (or all but the owner's, which a copy never shows) as attributes (a
        named tuple), converted as the models would (:mod:`trustbridge.store.rows`, a chunk's
        column at a time), but for times: those stay as stored, for :attr:`clock` to put in
        words. Each call reads on a cursor of its own, so one table can be read inside
        another. Only what is shown is read: the driver pays for every column of every row."""
        kinds = shapes.TABLES[table]
        names = columns or _shown_columns(table)
        # text and numbers are kept as stored, and times too (for the clock)
        converted = [
            (i, kind) for i, name in enumerate(names) if (kind := kinds[name]) and kind != "moment"
        ]
        record = partial(tuple.__new__, _record(table, names))
        cursor = self.connection.cursor()
        chunks = stored.stream(cursor, table, CHUNK, where, params, order=order, columns=names)
        for chunk in chunks:
            if not converted:  # nothing to convert (a journal): the rows as they come
                yield from map(record, chunk)
                continue
            values: list[Sequence[Any]] = list(zip(*chunk, strict=True))
            for i, kind in converted:
                values[i] = stored.column(kind, values[i])
            yield from map(record, zip(*values, strict=True))


@cache
def _shown_columns(table: str) -> tuple[str, ...]:
    """Every column of ``table`` but the owner's (hosted mode narrows by it, in SQL)."""
    return tuple(name for name in shapes.TABLES[table] if name != "owner_id")


@cache
def _record(table: str, columns: tuple[str, ...]) -> type[tuple[Any, ...]]:
    """A row of ``table`` with these columns: a tuple with their names (made without a call
    in Python)."""
    return namedtuple(table, columns)


def _entries(
    c: _Context, rows: Iterable[Any], body: Callable[[Any], list[str]], title: Callable[[Any], str]
) -> Lines:
    """Each entry under its time and title, as one piece of text (its lines joined), and a
    blank line after it (a body ending in a quoted text ends in one already: not having two
    in a row saves tidying them away)."""
    moment_of = c.clock.moment
    for row in rows:
        heading = title(row)
        when = f"#### {moment_of(row.created_at)}" + (f" · {heading}" if heading else "")
        lines = [when, "", *body(row)]
        if lines[-1]:
            lines.append("")
        yield "\n".join(lines)


def _short(text: str | None, limit: int = 60) -> str:
    """The start of ``text`` on one line, cut at ``limit`` characters. Only its start is
    put on one line when that is already longer than the limit (a journal entry's body
    is): the words of a start are the start of the words of the whole."""
    text = text or ""
    start = text[: 2 * limit]
    # a plain start (most are) has nothing to translate: only its start is seen to
    escape = _line_start if _plain_line(start) and "  " not in start else _escaped
    words = start.strip(" ") if escape is _line_start else " ".join(start.split())
    if len(words) <= limit and len(text) > len(start):  # much white space: all of the text
        words, escape = _spaced(text), _escaped
    # already on one line with single spaces, as inline would make it: only escaped here
    if len(words) <= limit:
        return escape(words)
    return escape(words[: limit - 1].rstrip() + "…")


def _generic(slug: str, title: Callable[[Any], str]) -> Callable[[_Context], Lines]:
    tool = spec(slug)
    return lambda c: _entries(
        c,
        c.rows(tool.table, tool.scope, order="created_at"),
        partial(_filled, shown=_shown(tool.fields)),
        title,
    )


def _thoughts(c: _Context) -> Lines:
    fields = spec("thought_record").fields
    before, after = _shown(fields[:2]), _shown(fields[2 + 3 * r.EMOTION_SLOTS :])

    def body(x: Any) -> list[str]:
        felt = [
            f"{inline(e.name)} {e.intensity}" + (f" → {e.rerated}" if e.rerated is not None else "")
            for e in r.readable_emotions(x.emotions)
        ]
        lines = _filled(x, before)
        lines += [f"- **Emotions (0-100, then after):** {', '.join(felt)}"] if felt else []
        return lines + _filled(x, after)

    return _entries(
        c,
        c.rows("thought_records", order="created_at"),
        body,
        lambda x: _short(x.automatic_thought),
    )


def _beliefs(c: _Context) -> Lines:
    def body(x: Any) -> list[str]:
        rated = c.rows("belief_ratings", "belief_id = ?", (x.id,), order="rated_at")
        ratings = [
            f"- {c.clock.moment(b.rated_at)}: {b.believability}/100"
            + (f" · {inline(b.note)}" if b.note else "")
            for b in rated
        ]
        return ["**How true it has felt:**", "", *ratings]

    return _entries(c, c.rows("beliefs", order="created_at"), body, lambda x: _short(x.statement))


def _safety(c: _Context) -> Lines:
    fields = spec("safety_selfcheck").fields

    def body(x: Any) -> list[str]:
        answers = x.answers if isinstance(x.answers, dict) else {}
        return [
            f"- **Score:** {inline(str(x.score))}/100",
            *fields_of(x, fields, {k: str(v) for k, v in answers.items()}),
        ]

    return _entries(c, c.rows("safety_checks", order="created_at"), body, lambda _: "")


def _learned(c: _Context) -> Lines:
    texts = {i.key: i.text for i in c.program.checklists["learned_beliefs"]}
    return (
        f"- {inline(texts.get(x.key, x.key))} (since {c.clock.day(x.updated_at)})"
        for x in c.rows("learned_belief_marks", order="key")
        if x.applies
    )


def _promise_status(c: _Context, x: Any) -> list[str]:
    done = f", {c.clock.day(x.resolved_at)}" if x.resolved_at else ""
    return [f"- **Status:** {inline(x.status)}{done}"]


def _self_promises(c: _Context) -> Lines:
    rows = c.rows("self_promises", "person_id IS NULL", order="created_at")
    shown = _shown(r.SELF_PROMISE_FIELDS)
    return _entries(
        c,
        rows,
        lambda x: _filled(x, shown) + _promise_status(c, x),
        lambda x: _short(x.text),
    )


def _with_person(c: _Context, x: Any) -> list[str]:
    return [f"- **{rel.PERSON.label}:** {inline(c.name(x.person_id))}"]


def _people(c: _Context) -> Lines:
    for person in c.rows("people", order="created_at"):
        kind = value_text(rel.PERSON_FIELDS[1], person.kind)
        yield from [f"#### {inline(person.name)} ({inline(kind)})", ""]
        yield f"- **Added:** {c.clock.moment(person.created_at)}"
        if person.archived_at:
            yield f"- **Archived:** {c.clock.moment(person.archived_at)}"
        yield from [*fields_of(person, rel.PERSON_FIELDS[2:]), ""]
        yield from ["**Evidence:**", ""]
        events = c.rows(
            "evidence_events", "person_id = ?", (person.id,), "occurred_on", _EVIDENCE_SHOWN
        )
        none = True
        for event in events:
            none = False
            yield _evidence(event)
        yield from ["_No evidence noted yet._", ""] if none else [""]


_DIMENSIONS = dict(rel.DIMENSION_CHOICES)
#: what :func:`_evidence` shows of a piece of evidence (fifty thousand of them, say)
_EVIDENCE_SHOWN = ("occurred_on", "dimension", "positive", "weight", "source", "note")


def _evidence(e: Any) -> str:
    note = f": {inline(e.note)}" if e.note else ""
    return (
        f"- {day(e.occurred_on)} · {_how(e.dimension, bool(e.positive), e.weight, e.source)}{note}"
    )


@lru_cache(maxsize=256)
def _how(dimension: str, positive: bool, weight: str, source: str) -> str:
    """What a piece of evidence was about, which way it went, its weight and where it came
    from, as Markdown: values the app chose from short lists, so each mix is worked out once."""
    about = inline(_DIMENSIONS.get(dimension, dimension))
    direction = "built trust" if positive else "cost trust"
    came = "" if source == "manual" else f" (from {inline(source.replace('_', ' '))})"
    return f"{about} · {direction}, {inline(weight)}{came}"


def _rungs(c: _Context) -> Lines:
    fields = rel.RUNG_FIELDS[2:] + rel.REFLECT_FIELDS
    body = lambda x: _with_person(c, x) + fields_of(x, fields)  # noqa: E731
    return _entries(c, c.rows("ladder_rungs", order="created_at"), body, lambda x: _short(x.action))


def _bridges(c: _Context) -> Lines:
    rows = c.rows("bridge_plans", order="created_at")
    return _entries(
        c,
        rows,
        lambda x: fields_of(x, rel.BRIDGE_FIELDS),
        lambda x: f"With {inline(c.name(x.person_id))}",
    )


def _promises(c: _Context) -> Lines:
    rows = c.rows("self_promises", "person_id IS NOT NULL", order="created_at")

    def body(x: Any) -> list[str]:
        return _with_person(c, x) + fields_of(x, rel.PROMISE_FIELDS[1:]) + _promise_status(c, x)

    return _entries(c, rows, body, lambda x: _short(x.text))


def _gut(c: _Context) -> Lines:
    def body(x: Any) -> list[str]:
        lines = _with_person(c, x) + fields_of(x, rel.GUT_FIELDS[1:])
        if x.came_true is not None:  # "no" is an answer here, not a blank
            lines += fields_of(x, rel.GUT_RESOLVE_FIELDS)
            lines += [f"- **Settled on:** {day(x.resolved_on)}"] if x.resolved_on else []
        return lines

    return _entries(c, c.rows("gut_checks", order="created_at"), body, lambda x: _short(x.sense))


def _i_statements(c: _Context) -> Lines:
    def body(x: Any) -> list[str]:
        sentence = rel.i_statement(x.feel, x.when, x.because, x.need)
        return labelled("I-statement", sentence) + (
            [f"- **For boundary:** number {x.boundary_id}"] if x.boundary_id else []
        )

    return _entries(c, c.rows("i_statements", order="created_at"), body, lambda _: "")


def _boundary_events(c: _Context) -> Lines:
    statements = {b.id: b.statement for b in c.rows("boundaries")}

    def body(x: Any) -> list[str]:
        values = {
            "boundary_id": statements.get(x.boundary_id, str(x.boundary_id)),
            "outcome": "respected" if x.respected else "crossed",
        }
        return _with_person(c, x) + fields_of(
            x, [f for f in rel.BOUNDARY_EVENT_FIELDS if f.name != "person"], values
        )

    return _entries(c, c.rows("boundary_events", order="occurred_on"), body, lambda _: "")


def _plain(
    table: str, fields: Iterable[Field], title: Callable[[Any], str]
) -> Callable[[_Context], Lines]:
    return lambda c: _entries(
        c, c.rows(table, order="created_at"), partial(_filled, shown=_shown(fields)), title
    )


#: program tool -> how its section is written; tools not listed have nothing saved to show
SECTIONS: dict[str, Callable[[_Context], Lines]] = {
    "hurt_inventory": _generic("hurt_inventory", lambda x: _short(x.what_happened)),
    "learned_beliefs": _learned,
    "pattern_journal": _generic("pattern_journal", lambda x: _short(x.situation)),
    "thought_record": _thoughts,
    "belief_tracker": _beliefs,
    "safety_selfcheck": _safety,
    "self_promises": _self_promises,
    "emotion_checkin": _generic("checkin", lambda x: f"Mood {x.mood}/5"),
    "self_empathy": _generic("self_empathy", lambda x: _short(x.situation)),
    "affirmations": _generic("affirmations", lambda x: _short(x.text)),
    "mindful_pause": _generic("mindful_pause", lambda _: ""),
    "habits": _generic("habits", lambda _: ""),
    "vulnerability_ladder": _rungs,
    "trust_circle": _people,
    "bridge_plan": _bridges,
    "promises_both_ways": _promises,
    "gut_checks": _gut,
    "boundaries": _plain("boundaries", rel.BOUNDARY_FIELDS, lambda x: _short(x.statement)),
    "istatement": _i_statements,
    "boundary_events": _boundary_events,
    "balance_log": _plain("balance_logs", rel.BALANCE_FIELDS, lambda _: ""),
}


# --- the document ---------------------------------------------------------------------------


class _Tidy:
    """Writes lines as ``"\n".join`` would, with blank lines run together into one and no
    white space at the very end: the text a whole document tidied at once would be."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.lines: list[str] = []
        self.held = ""  # white space at the end so far: written only if more text follows

    def add(self, lines: Iterable[str]) -> None:
        """Write these lines (a few at a time: they may be made as they are written)."""
        lines = iter(lines)
        while True:
            self.lines.extend(islice(lines, PIECES - len(self.lines)))
            if len(self.lines) < PIECES:
                return
            self.flush()

    def flush(self) -> None:
        """Write the lines so far and a line break, but for the white space at the end (held
        until more text follows). That white space is found in the last lines, not in the
        whole text: each pass over megabytes of text (joining the held part on, stripping
        the end) costs more than the rest of the writing."""
        lines = self.lines
        self.lines = []
        lines.append("")  # the line break after the last line, white space itself
        lines[0] = self.held + lines[0]
        last = len(lines) - 2  # the last line holding more than white space
        while last >= 0 and not lines[last].rstrip():
            last -= 1
        if last < 0:  # nothing but white space
            self.held = "\n".join(lines)
            return
        kept = lines[last].rstrip()
        self.held = lines[last][len(kept) :] + "\n" + "\n".join(lines[last + 1 :])
        lines[last:] = [kept]
        self.out.write(_one_blank("\n".join(lines)))

    def close(self) -> None:
        self.flush()
        self.out.write("\n")


def _one_blank(text: str) -> str:
    """Every run of blank lines made one, as ``re.sub(r"\n{3,}", "\n\n", text)`` does: by plain
    replacing, several times faster over megabytes than the expression (each pass shortens
    every run of three or more, and runs are short, so there are only a few passes)."""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _first(lines: Lines) -> tuple[str | None, Lines]:
    """A section's first line (``None``: the section is empty), and all its lines."""
    lines = iter(lines)
    first = next(lines, None)
    return first, lines


def _stage(c: _Context, stage: Stage, out: _Tidy, whole: bool) -> bool:
    """Write a stage's tools that hold something; returns whether any did. A stage with
    nothing says so when it is the only one asked for, and is left out of the whole copy."""
    heading = [
        f"## Stage {stage.number}: {stage.title}" if stage.number <= 8 else f"## {stage.title}",
        "",
    ]
    found = False
    for slug in stage.tools:
        if slug not in SECTIONS:
            continue
        first, body = _first(SECTIONS[slug](c))
        if first is None:
            continue
        if not found:
            out.add(heading)
            found = True
        out.add([f"### {c.program.tools[slug].name}", "", first])
        out.add(body)
        out.add(("",))
    if not found and not whole:
        out.add([*heading, NOTHING, ""])
    return found


def _journal(c: _Context, out: _Tidy) -> bool:
    first, body = _first(_generic("journal", lambda x: _short(x.title or x.body))(c))
    if first is None:
        return False
    out.add([f"## {JOURNAL}", "", first])
    out.add(body)
    out.add(("",))
    return True


def write_markdown(
    store: Store,
    now: dt.datetime,
    out: TextIO,
    stage: int | None = None,
    progress: Progress | None = None,
) -> None:
    """:func:`write`, on the store's connection."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        write(Through(session), now, out, stage, progress)


def write(
    connection: Any,
    now: dt.datetime,
    out: TextIO,
    stage: int | None = None,
    progress: Progress | None = None,
) -> None:
    """Write everything (or one stage, 1-9) as Markdown to ``out`` as it is read, on a DB-API
    connection; ``KeyError`` for a stage that does not exist (before anything is written)."""
    program = load_program()
    stages = [program.stage(stage)] if stage is not None else list(program.stages)
    title = "My Trustbridge" if stage is None else f"My Trustbridge: {stages[0].title}"
    tidy = _Tidy(out)
    tidy.add([
        f"# {title}",
        "",
        f"Exported {moment(now)}. This is private writing: keep it somewhere safe.",
        "",
    ])  # fmt: skip
    whole = stage is None
    people = stored.select(connection.cursor(), "people")
    c = _Context(connection, program, {p.id: p.name for p in people})
    parts = len(stages) + whole
    shown = False
    for i, chosen in enumerate(stages, start=1):
        shown = _stage(c, chosen, tidy, whole) or shown
        if progress is not None:
            progress(i, parts)
    if whole:
        shown = _journal(c, tidy) or shown
        if progress is not None:
            progress(parts, parts)
    if whole and not shown:
        tidy.add([NOTHING])
    tidy.close()


def export_markdown(
    store: Store, now: dt.datetime, stage: int | None = None, progress: Progress | None = None
) -> str:
    """Everything (or one stage, 1-9) as Markdown text in memory (see :func:`write_markdown`)."""
    out = io.StringIO()
    write_markdown(store, now, out, stage, progress)
    return out.getvalue()
