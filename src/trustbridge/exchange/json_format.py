"""Lossless JSON: every row of every table out, and such a file back into an empty store.

The document (described in ``docs/export-format.md``) is
``{"format": "trustbridge-export", "version": 1, "exported_at", "schema_revision", "tables"}``
with one list of rows per table, every column kept, ids included. Importing it and exporting
again gives the same document apart from ``exported_at``.

An import checks each value against its column (type, length, a time with its offset), then
each row against the field rules a person typing it would meet, as
:mod:`trustbridge.exchange.tables` explains: mood 1 to 5, known choices, text within its
limit, dates the app could have stored, JSON columns in exactly the shape the app writes. A
file breaking any rule is refused whole, with the table, row and field named (never the
text). Rules about typing "now" (how many days back a date may be) do not apply, so an
export made years ago still imports.

Both ways go a chunk of rows at a time, so a store of any size takes the same memory: the
export writes rows as it reads them, and an import reads the file twice, once to check it
all (the preview) and once more to store it in one transaction. Between the two readings
only the ids are kept, as runs of numbers, with a digest of each piece of the file read:
the second reading stops at the first piece that differs, before a row in it is stored, so
every row stored is one the first reading checked. Each value is turned again into what the
store takes, and the field rules run again only for the tables where they changed a value
(a choice given by its label); elsewhere they passed each row as it was. An import agreed
to beforehand (``--yes``: no preview to show) reads the file once, checking each row as it
stores it (:func:`restore`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from trustbridge.exchange import json_export, layout, values
from trustbridge.exchange.common import (
    ExchangeError,
    Imported,
    Importer,
    Plan,
    Preview,
    Progress,
    Rows,
    Source,
    Span,
    open_source,
    save_rows,
)
from trustbridge.exchange.jsonstream import JsonReader
from trustbridge.exchange.tables import TABLE_NOUNS, RowRules, latest_day, mapped_tables, row_rules
from trustbridge.store.schema import HEAD_REVISION

if TYPE_CHECKING:  # a whole export is restored without SQLAlchemy (:mod:`.json_restore`)
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from trustbridge.store.db import Store

FORMAT, VERSION = json_export.FORMAT, json_export.VERSION
SOURCE = "a Trustbridge export"
#: rows read from the store, or stored, at a time
CHUNK = 1000
#: a restore crisis-checks the rows written in these last days only (docs/crisis-check.md:
#: each older one was checked when it was first saved, and the note is about today)
CRISIS_CHECKED_DAYS = 30
_INT64 = 2**63


# --- export ---------------------------------------------------------------------------------


def write_json(
    store: Store, now: dt.datetime, out: TextIO, progress: Progress | None = None
) -> int:
    """Write everything in the store to ``out`` as the JSON document, rows in id order, as they
    are read (:func:`.json_export.write_json`, on the store's connection); returns how many
    rows. The text is exactly :func:`dumps` of :func:`export_document`."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return json_export.write_json(Through(session), now, out, progress)


def export_document(
    store: Store, now: dt.datetime, progress: Progress | None = None
) -> dict[str, Any]:
    """Everything in the store as one JSON-ready document in memory (for a small store;
    :func:`write_json` writes any store without holding it)."""
    text = io.StringIO()
    write_json(store, now, text, progress)
    document: dict[str, Any] = json.loads(text.getvalue())
    return document


def _count(connection: Connection | Session, table: Table) -> int:
    from sqlalchemy import func, select

    return connection.scalar(select(func.count()).select_from(table)) or 0


def dumps(document: Mapping[str, Any]) -> str:
    """The document as text: UTF-8 friendly, indented, keys in a stable order."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- checking a row -------------------------------------------------------------------------


#: checks one cell of a row, given the row's place and the column: ``(value, where, key)``,
#: and gives what the store takes; the place is only put into words for a message
Check = Callable[[object, str, str], object]


def _whole(value: object, where: str, key: str) -> int:
    if type(value) is not int or not -_INT64 <= value < _INT64:
        raise ExchangeError(f"{where}.{key}: must be a whole number")
    return value


def _yes_no(value: object, where: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise ExchangeError(f"{where}.{key}: must be true or false")
    return value


def _number(value: object, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExchangeError(f"{where}.{key}: must be a number")
    if not math.isfinite(value):
        raise ExchangeError(f"{where}.{key}: must be a finite number")
    return float(value)


def _text(limit: int | None) -> Check:
    def check(value: object, where: str, key: str) -> str:
        if not isinstance(value, str):
            raise ExchangeError(f"{where}.{key}: must be text")
        too_long = limit is not None and len(value) > limit
        # plain ASCII without a NUL is storable text: no expression needs to look at it
        plain = value.isascii() and "\x00" not in value
        if too_long or not (plain or values.is_text(value)):
            values.text(value, f"{where}.{key}", limit)  # says which
        return value

    return check


def _moment(value: object, where: str, key: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ExchangeError(
            f"{where}.{key}: must be a date and time with its offset, like "
            "2026-03-14T09:30:00+00:00"
        )
    return values.moment(moment, f"{where}.{key}")


def _day(value: object, where: str, key: str) -> dt.date:
    try:
        if isinstance(value, str) and len(value) == 10:
            return values.day(dt.date.fromisoformat(value), f"{where}.{key}")
    except ValueError:
        pass
    raise ExchangeError(f"{where}.{key}: must be a date like 2026-03-14")


def _structure(value: object, where: str, key: str) -> object:
    return values.structure(value, f"{where}.{key}")


#: how each kind of column (:class:`.layout.Column`) has its filled-in cells checked
_CHECKS: dict[str, Check] = {"json": _structure, "moment": _moment, "day": _day,
                             "bool": _yes_no, "int": _whole, "float": _number}  # fmt: skip


def _checker(column: layout.Column) -> Check:
    """How one column's filled-in cells are checked and turned into what the store takes
    (an empty one, ``null``, is :func:`_row`'s to judge)."""
    return _CHECKS.get(column.kind) or _text(column.length)


def _inside(where: str) -> Callable[[str], str]:
    """Where a field of a row is: ``tables.checkins[3].mood``."""
    return lambda name: f"{where}.{name}"


@dataclass(frozen=True)
class _Shape:
    """What a table's rows hold: each column's key, check, default for an older file and
    whether it may be empty."""

    #: the table's name
    table: str
    id: str
    keys: frozenset[str]
    cells: tuple[tuple[str, Check, Any, bool], ...]
    #: the columns referring to another table's ids, with that table (``.tables.references``)
    refers: tuple[tuple[str, str], ...]
    #: the field rules its rows meet (``None``: none), as :func:`.tables.check_row` applies them
    rules: RowRules | None


_NO_DEFAULT = object()


@cache
def _known() -> dict[str, _Shape]:
    """Every table by name, with how its rows are checked."""

    def cell(c: layout.Column, id: str) -> tuple[str, Check, Any, bool]:
        default = _NO_DEFAULT if c.default is ... else c.default
        return c.name, _checker(c), default, c.nullable and c.name != id

    return {
        name: _Shape(
            name,
            table.id,
            frozenset(c.name for c in table.columns),
            tuple(cell(c, table.id) for c in table.columns),
            table.refers,
            row_rules().get(name),
        )
        for name, table in layout.TABLES.items()
    }


def _row(shape: _Shape, row: object, where: str) -> dict[str, object]:
    """One row of the file, every value checked, in the form the store takes (the field rules
    a person typing it would meet are :meth:`_Reading._row`'s to apply)."""
    if not isinstance(row, dict):
        raise ExchangeError(f"{where}: must be an object of column values")
    if not row.keys() <= shape.keys:
        unknown = sorted(row.keys() - shape.keys)[0]
        raise ExchangeError(f"{where}.{unknown}: is not a column this version knows")
    checked = {}
    # one loop, empty cells judged here, not by a wrapper around every check: a hundred
    # thousand rows make well over a million cells
    for key, check, default, may_be_empty in shape.cells:
        value = row.get(key)
        if value is not None:
            checked[key] = check(value, where, key)
        elif key not in row and default is not _NO_DEFAULT:  # an older file without it
            checked[key] = default
        elif may_be_empty:
            checked[key] = None
        else:
            raise ExchangeError(f"{where}.{key}: must not be empty")
    return checked


class _Ids:
    """The ids met in one table, kept as runs of whole numbers (an export lists them in order,
    so usually as one run): what an import keeps between rows does not grow with the file."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._others: set[object] = set()

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int) or isinstance(value, bool):
            return value in self._others
        at = bisect_right(self._starts, value) - 1
        return at >= 0 and value <= self._ends[at]

    def add(self, value: object) -> bool:
        """Keep ``value``; ``False`` if it was met before."""
        starts, ends = self._starts, self._ends
        if type(value) is int and ends and value == ends[-1] + 1:
            ends[-1] = value  # the usual case: the next id, above every run kept
            return True
        if value in self:
            return False
        if not isinstance(value, int) or isinstance(value, bool):
            self._others.add(value)
            return True
        at = bisect_right(starts, value)
        joins_left = at > 0 and ends[at - 1] == value - 1
        joins_right = at < len(starts) and starts[at] == value + 1
        if joins_left and joins_right:
            ends[at - 1] = ends.pop(at)
            starts.pop(at)
        elif joins_left:
            ends[at - 1] = value
        elif joins_right:
            starts[at] = value
        else:
            starts.insert(at, value)
            ends.insert(at, value)
        return True


_CHANGED = "The file changed after it was checked, so nothing was imported. Please import it again."
_UNREADABLE = "The file could not be read again ({reason}), so nothing was imported."


class _Reading:
    """One reading of a file: rows are checked as they come, and only what later rows need is
    kept (ids, counts, the first problem). A problem is told once the whole file was read, in
    the order a person would want: not JSON, not an export, unknown tables, then the rows."""

    def __init__(self, now: dt.datetime, checked: _Reading | None = None) -> None:
        """``checked``: the first reading of the same file, when this is the second (its
        pieces must match, and the field rules run only where they changed a value)."""
        self.now = now
        #: the day the field rules count from (:func:`.tables.check_row`'s, worked out once)
        self.today = latest_day(now)
        self.checked = checked
        #: tables where the field rules changed a value (a choice by its label, say)
        self.reshaped: set[str] = set() if checked is None else checked.reshaped
        self.pieces: list[bytes] = []
        self.header: dict[str, object] = {}
        self.not_export = False
        self.order: list[str] = []  # the known tables, as the file lists them
        self.done: set[str] = set()
        self.unknown: list[str] = []
        self.ids: dict[str, _Ids] = {name: _Ids() for name in _known()}
        self.counts: dict[str, int] = dict.fromkeys(_known(), 0)
        self.problem: ExchangeError | None = None
        #: ids of tables read later that rows refer to, each with the first place referring to
        #: it: ``(table, id) -> (name, i, key)`` (so as many as there are ids referred to)
        self.later: dict[tuple[str, object], tuple[str, int, str]] = {}
        self.digest = ""  # of the bytes read, once the whole file was
        self.span = Span()  # when the entries were written, for the preview

    def walk(
        self, reader: JsonReader, chosen: frozenset[str] | None = None
    ) -> Iterator[tuple[str, dict[str, object]]]:
        """Every row of the tables ``chosen`` (all when ``None``), checked, as the file lists
        them; other tables are stepped over. Ids and counts add up over the walks of one
        reading; what the file says around the rows is read afresh each time."""
        self.header, self.order, self.unknown = {}, [], []
        if not reader.opens("{"):
            reader.value()
            reader.end()
            self.not_export = True
            return
        for key in reader.members():
            if key == "tables" and reader.opens("{"):
                if isinstance(self.header.get(key), dict):
                    self._problem(ExchangeError("tables: appears twice in the file"))
                self.header[key] = {}
                yield from self._tables(reader, chosen)
            else:
                self.header[key] = reader.value()
        reader.end()

    def _tables(
        self, reader: JsonReader, chosen: frozenset[str] | None
    ) -> Iterator[tuple[str, dict[str, object]]]:
        known = _known()
        for name in reader.members():
            if name not in known:
                self.unknown.append(name)
                reader.value()
                continue
            if name in self.order:
                self._problem(ExchangeError(f"tables.{name}: appears twice in the file"))
            self.order.append(name)
            shape = known[name]
            if chosen is not None and name not in chosen:
                reader.value()
            elif not reader.opens("["):
                reader.value()
                self._problem(ExchangeError(f"tables.{name}: must be a list of rows"))
            else:
                for i in reader.elements():
                    row = self._row(shape, i, reader.value())
                    if row is not None:
                        yield shape.table, row
                self.done.add(name)

    def _problem(self, problem: ExchangeError) -> None:
        if self.problem is None:
            self.problem = problem

    def _row(self, shape: _Shape, i: int, raw: object) -> dict[str, object] | None:
        """The row checked, or ``None`` when it is not stored (or a problem came before)."""
        if self.problem is not None:
            return None  # only the first problem is told; the rest of the file is still read
        table = shape.table
        where = f"tables.{table}[{i}]"
        try:
            row = cells = _row(shape, raw, where)
            # a second reading runs the rules only where they changed a value the first time
            if shape.rules is not None and (self.checked is None or table in self.reshaped):
                row = shape.rules.check(cells, _inside(where), self.today)
                if row is not cells:  # the rules changed a value: they must run again
                    self.reshaped.add(table)
            if not self.ids[table].add(row[shape.id]):
                raise ExchangeError(f"{where}: the same id appears twice in {table}")
            # files made before layout 0003 kept a row for every unticked belief too
            if table == "learned_belief_marks" and not row["applies"]:
                return None
            for key, target in shape.refers:
                self._refers(table, i, key, row[key], target)
        except ExchangeError as problem:
            self.problem = problem
            return None
        self.counts[table] += 1
        if self.checked is None:
            self.span.add(row.get("created_at"))
        return row

    def _refers(self, name: str, i: int, key: str, value: object, target: str) -> None:
        if value is None:
            return
        if target not in self.done:  # listed later in the file: checked at the end
            self.later.setdefault((target, value), (name, i, key))
        else:
            self._present(name, i, key, value, target)

    def _present(self, name: str, i: int, key: str, value: object, target: str) -> None:
        if value not in self.ids[target]:
            raise ExchangeError(
                f"tables.{name}[{i}].{key}: refers to {target} {value}, which is not in the file"
            )

    def finish(self) -> list[str]:
        """Raise the problem found, if any, once the whole file was read; else the warnings."""
        header = self.header
        if self.not_export or header.get("format") != FORMAT:
            raise ExchangeError(f'format: this is not a Trustbridge export (expected "{FORMAT}")')
        version = header.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ExchangeError("version: must be a whole number from 1")
        if version > VERSION:
            raise ExchangeError(
                f"version: this file is version {version}, made by a newer Trustbridge; "
                f"this one reads up to version {VERSION}"
            )
        if not isinstance(header.get("tables"), dict):
            raise ExchangeError("tables: missing; expected an object with one list per table")
        if self.unknown:
            raise ExchangeError(
                f"tables.{sorted(self.unknown)[0]}: is not a table this version of Trustbridge "
                "knows"
            )
        if self.problem is not None:
            raise self.problem
        # all is read now: a table still missing is not in the file (the first place referring
        # to a missing row is the first such place in the file)
        for (target, value), (name, i, key) in self.later.items():
            self._present(name, i, key, value, target)
        if header.get("schema_revision") == HEAD_REVISION:
            return []
        return [
            f"This file was made with store layout {header.get('schema_revision')!s}; "
            f"this Trustbridge uses {HEAD_REVISION}. Every table and field was still understood."
        ]


# --- import ---------------------------------------------------------------------------------


def _rounds(order: list[str]) -> list[frozenset[str]]:
    """Which tables to store in each reading of the file, so parents are stored first.

    An export lists parents first, so one reading stores everything; a file listing some
    table before one it refers to needs another reading for it.
    """
    place = {name: i for i, name in enumerate(order)}
    rounds: list[list[str]] = []
    last = -1
    for name in layout.TABLES:
        if name not in place:
            continue
        if not rounds or place[name] < last:
            rounds.append([])
        rounds[-1].append(name)
        last = place[name]
    return [frozenset(names) for names in rounds]


def _walk_file(
    source: Source, reading: _Reading, chosen: frozenset[str] | None = None, once: bool = False
) -> Iterator[tuple[str, dict[str, object]]]:
    """One reading of the whole file (``reading`` keeps what it found, digest included;
    ``once``: the file is read only this once, so no digest is kept)."""
    first = reading.checked
    with open_source(source) as binary:
        expected = None if first is None else first.pieces
        reader = JsonReader(binary, expected=expected, changed=_CHANGED, digests=not once)
        yield from reading.walk(reader, chosen)
        reading.digest = reader.digest.hexdigest()
        reading.pieces = reader.pieces


def _chunked(
    rows: Iterator[tuple[str, dict[str, object]]],
) -> Iterator[tuple[str, list[dict[str, object]]]]:
    """Rows gathered into chunks of one table each (by name), for ``executemany``."""
    table: str | None = None
    chunk: list[dict[str, object]] = []
    for found, row in rows:
        if table is not None and (found != table or len(chunk) >= CHUNK):
            yield table, chunk
            chunk = []
        table = found
        chunk.append(row)
    if table is not None:
        yield table, chunk


def _tabled(chunks: Iterator[tuple[str, list[dict[str, object]]]]) -> Rows:
    """The chunks with their tables, for storing through SQLAlchemy."""
    tables = {table.name: table for table, _ in mapped_tables()}
    for name, chunk in chunks:
        yield tables[name], chunk


def _preview(reading: _Reading, warnings: list[str]) -> Preview:
    counts = {TABLE_NOUNS.get(n, n): count for n, count in reading.counts.items() if count}
    mappings = ("Every table and field is restored exactly as it was, numbers (ids) included.",)
    return Preview(SOURCE, counts, mappings, tuple(warnings), **reading.span.days())


def plan(source: Source, now: dt.datetime) -> Plan:
    """Read and check a whole export, keeping only counts and ids; the rows are read again,
    and checked again, when the plan is saved. Nothing is stored."""
    reading = _Reading(now)
    for _ in _walk_file(source, reading):
        pass
    preview = _preview(reading, reading.finish())
    checked = reading.digest
    rounds = _rounds(reading.order)

    def rows() -> Rows:
        again = _Reading(now, reading)
        for tables in rounds:
            try:
                yield from _tabled(_chunked(_walk_file(source, again, tables)))
            except OSError as exc:
                raise ExchangeError(_UNREADABLE.format(reason=exc.strerror or exc)) from None
            if again.digest != checked:
                raise ExchangeError(_CHANGED)
        again.finish()

    since = now - dt.timedelta(days=CRISIS_CHECKED_DAYS)
    return Plan(preview, rows=rows, crisis_since=since)


def restore(
    store: Store, source: Source, now: dt.datetime, progress: Progress | None = None
) -> tuple[Preview, Imported]:
    """Check and store a whole export in one reading, in one transaction, when no preview is
    shown first (the person agreed beforehand): each row is checked as :func:`plan` checks
    it, then stored; once the file is read through, a problem anywhere in it (a reference to
    a row that is not in the file, say) undoes every row, as any failure does.

    SQLite only, where the store checks references at the commit (a file may list a table
    before one it refers to); elsewhere the file is planned, then read again and stored.
    """
    if store.engine.dialect.name != "sqlite":
        planned = plan(source, now)
        return planned.preview, IMPORTER.save(store, planned, progress)
    reading = _Reading(now)
    warnings: list[str] = []

    def rows() -> Rows:
        yield from _tabled(_chunked(_walk_file(source, reading, once=True)))
        warnings.extend(reading.finish())

    since = now - dt.timedelta(days=CRISIS_CHECKED_DAYS)
    imported = save_rows(store, rows(), progress, before=_refuse_unless_empty,
                         after=_restart_numbering, into_empty=True, crisis_since=since)  # fmt: skip
    return _preview(reading, warnings), imported


def is_empty(store: Store) -> bool:
    """Whether the store holds nothing yet (a full export can only go into an empty one)."""
    with store.sessions() as session:
        return not any(_count(session, t) for t, _ in mapped_tables())


NOT_EMPTY = (
    "This Trustbridge already has entries. A full export can only be brought back into an "
    "empty Trustbridge, so nothing is mixed up or doubled."
)


def _refuse_unless_empty(session: Session) -> None:
    """Checked inside the import's own transaction, so nothing can slip in between."""
    if any(_count(session, t) for t, _ in mapped_tables()):
        raise ExchangeError(NOT_EMPTY)


def _restart_numbering(session: Session) -> None:
    """Let new entries continue after the restored ids (PostgreSQL keeps separate counters)."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite continues numbering after the largest id by itself
    from sqlalchemy import Integer, text

    for table, _model in mapped_tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, Integer):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"COALESCE(MAX({pk[0].name}), 1), MAX({pk[0].name}) IS NOT NULL) "
                    f"FROM {table.name}"
                )
            )


IMPORTER = Importer(
    "json",
    "Trustbridge (full JSON export)",
    plan,
    accept=".json,application/json",
    before=_refuse_unless_empty,
    after=_restart_numbering,
    streams=True,
    into_empty=True,
    at_once=restore,
)
#: what restoring a file would bring back; nothing is stored
preview = IMPORTER.preview
#: restore a whole export into an empty store, in one transaction, or nothing of it
apply = IMPORTER.apply
