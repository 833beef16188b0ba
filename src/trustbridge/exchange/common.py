"""What every importer shares: its error, the preview, reading a file, checking values, saving whole.

An import is planned first (the file is read and every value checked, nothing touches the
store), then saved in one transaction. So a preview is exactly what an import would do, and a
problem anywhere in a file means nothing from it is stored.

Most importers keep the records they planned. A full export can be far larger than anything
another app writes, so its importer reads the file a piece at a time instead, and reads it
again when it is saved (``Plan.rows``): the rows go in by chunks of plain inserts, still in
one transaction.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.services.base import local_day, utcnow
from trustbridge.store.plain_sql import sqlite_moment

if TYPE_CHECKING:  # loaded where used: a whole export is restored without SQLAlchemy
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from trustbridge.store.db import Store

#: the largest file read into memory at all; far beyond years of daily writing (a file read a
#: piece at a time, such as a full export on the command line, may be larger)
MAX_FILE_BYTES = 64 * 1024 * 1024
#: how many records are written between two progress reports
CHUNK = 250

#: a file on disk, or its bytes already in memory (an upload)
Source = Path | bytes
#: called as work goes on with (done, total)
Progress = Callable[[int, int], None]
#: rows to store, a chunk of one table at a time, each row by column
Rows = Iterator[tuple["Table", list[dict[str, Any]]]]


class ExchangeError(ValueError):
    """A file could not be read or imported.

    The message names the line (CSV) or the field path (JSON) and what is wrong with it,
    never the text the person wrote, so it is safe to show and to log.
    """


@dataclass(frozen=True, slots=True)
class Preview:
    """What an import would create, before anything is stored.

    :param source: the app the file comes from, as people know it (``Daylio``)
    :param counts: how many records of each Trustbridge tool would be created
    :param mappings: what becomes what, in plain words
    :param warnings: things worth knowing first (left out, changed or not kept)
    :param first: the day the earliest entry was written (``None``: no entry says)
    :param last: the day the latest entry was written
    """

    source: str
    counts: Mapping[str, int]
    mappings: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    first: dt.date | None = None
    last: dt.date | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def written(self) -> str:
        """When the entries were written, in words ("" when no entry says)."""
        from trustbridge.domain.words import full_day_words

        if self.first is None or self.last is None:
            return ""
        if self.first == self.last:
            return f"Written on {full_day_words(self.first)}."
        return f"Written between {full_day_words(self.first)} and {full_day_words(self.last)}."


class Span:
    """The first and last moment met among entries, for a preview's dates."""

    __slots__ = ("first", "last")

    def __init__(self) -> None:
        self.first: dt.datetime | None = None
        self.last: dt.datetime | None = None

    def add(self, moment: object) -> None:
        if not isinstance(moment, dt.datetime):
            return
        if self.first is None or moment < self.first:
            self.first = moment
        if self.last is None or moment > self.last:
            self.last = moment

    def days(self) -> dict[str, dt.date | None]:
        """``first`` and ``last`` as the person's days (see ``local_day``), for ``Preview``."""
        return {
            "first": None if self.first is None else local_day(self.first),
            "last": None if self.last is None else local_day(self.last),
        }


@dataclass(slots=True)
class Plan:
    """A checked file: the records to add, in an order the database accepts, and their preview.

    :param rows: for a file too large to keep in memory, instead of ``records``: reads the
        file again and gives the rows to store (parents first)
    :param crisis_since: only rows written at or after this moment are crisis-checked (a full
        export's restore: see :func:`save_rows`); ``None``, the usual: every row is
    """

    preview: Preview
    records: list[Any] = field(default_factory=list)
    rows: Callable[[], Rows] | None = None
    crisis_since: dt.datetime | None = None

    @property
    def total(self) -> int:
        """How many records saving the plan adds."""
        return self.preview.total if self.rows is not None else len(self.records)


#: reads a file's bytes at a moment (for "not in the future"), with importer-specific options
Planner = Callable[..., Plan]


def records_plan(
    source: str,
    tool: str,
    records: list[Any],
    mappings: tuple[str, ...],
    warnings: Sequence[str] = (),
) -> Plan:
    """The plan of an importer that makes records of one tool: their count, and the days the
    first and last of them were written."""
    span = Span()
    for record in records:
        span.add(record.created_at)
    preview = Preview(source, {tool: len(records)}, mappings, tuple(warnings), **span.days())
    return Plan(preview, records)


def read_source(source: Source) -> bytes:
    """The file's bytes; a clear error when it is too big (``OSError`` when it cannot be read)."""
    if isinstance(source, bytes):
        data = source
    else:
        if source.stat().st_size > MAX_FILE_BYTES:
            raise ExchangeError(_too_big())
        data = source.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(_too_big())
    return data


@contextmanager
def open_source(source: Source) -> Iterator[IO[bytes]]:
    """The file (or the bytes already in memory) to read a piece at a time; ``OSError`` when
    it cannot be opened."""
    if isinstance(source, bytes):
        yield io.BytesIO(source)
        return
    with source.open("rb") as binary:
        yield binary


def _too_big() -> str:
    return f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, so it was not read"


def decode(data: bytes) -> str:
    """The file as text (UTF-8, with or without a byte-order mark), naming the line if it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ExchangeError(f"Line {line}: this is not UTF-8 text") from None


def load_json(text: str) -> Any:
    """Parse JSON text, naming the line and column of the first problem."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"Line {exc.lineno}, column {exc.colno}: this is not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ExchangeError("This JSON is nested too deeply to be an export") from None
    except ValueError:  # such as a number with thousands of digits
        raise ExchangeError("This is not valid JSON (a number in it is far too long)") from None


def check(
    fields: Sequence[Field], raw: Mapping[str, object], today: dt.date, at: Callable[[str], str]
) -> dict[str, Any]:
    """Check values with the same rules as typing them in.

    :param at: where a field's value came from in the file (``Line 4, mood``), for the error
    """
    try:
        return clean(fields, raw, today)
    except ValidationError as exc:
        problems = [f"{at(name)}: {text}" for name, text in exc.errors.items()]
        raise ExchangeError("; ".join(problems)) from None


def on_line(line: int) -> Callable[[str], str]:
    """Where a CSV value came from: ``Line 4, mood``."""
    return lambda name: f"Line {line}, {name}"


def local_moment(day: dt.date, clock: dt.time) -> dt.datetime:
    """A wall-clock date and time from another app, read in this machine's time zone."""
    return dt.datetime.combine(day, clock).astimezone()


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import stored: how many records, and how many sounded like crisis.

    Only the count is kept, never which entries or their words, so it is safe to show.
    """

    total: int
    crisis_entries: int = 0
    #: a restore of a full export checks only the entries written since then (``None``: all)
    checked_since: dt.datetime | None = None


def private_columns(table: str) -> tuple[str, ...]:
    """The columns of a table (by name) holding text a person wrote (``PrivateText``), whose
    words are crisis-checked. A safety plan has none here: it is written about hard moments
    on purpose."""
    from trustbridge.exchange.layout import TABLES

    return () if table == "safety_plans" else TABLES[table].private


def _private_columns(table: Table) -> tuple[str, ...]:
    """:func:`private_columns` of a table."""
    return private_columns(table.name)


def crisis_count(entries: Iterable[Iterable[object]]) -> int:
    """How many entries' own text (each given as its values) suggests crisis (urgent), checked
    together in one go, without the sentence encoder (see ``check_many``)."""
    from trustbridge.domain.crisis import check_many

    texts = ([t for t in each if isinstance(t, str)] for each in entries)
    signals = check_many(texts, in_context=False)
    return sum(signal.flagged for signal in signals)


def _texts(records: Sequence[Any]) -> Iterator[list[object]]:
    for record in records:
        names = _private_columns(record.__table__)
        if names:
            yield [getattr(record, name) for name in names]


def save(
    store: Store,
    records: Sequence[Any],
    progress: Progress | None = None,
    *,
    before: Callable[[Session], None] | None = None,
    after: Callable[[Session], None] | None = None,
) -> Imported:
    """Add every record in one transaction: all of them are stored, or (on any error) none.

    ``before`` and ``after`` run inside the same transaction (a check, a fix-up). Each
    record's text is crisis-checked a chunk at a time as it is added, and only counted.
    """
    total = len(records)
    crisis = 0
    with store.session() as session:
        if before is not None:
            before(session)
        chunk_start = 0
        for done, record in enumerate(records, start=1):
            session.add(record)
            # Records come parents first; flushing where the kind changes keeps that order
            # (within one flush, rows of unrelated models may be written in any order).
            following = records[done] if done < total else None
            if done % CHUNK == 0 or following is None or type(following) is not type(record):
                crisis += crisis_count(_texts(records[chunk_start:done]))
                chunk_start = done
                session.flush()
                if progress is not None:
                    progress(done, total)
        if after is not None:
            after(session)
    return Imported(total, crisis)


def written_since(rows: list[dict[str, Any]], since: dt.datetime | None) -> list[dict[str, Any]]:
    """The rows written at or after ``since`` (all when ``None``); a row without a time of its
    own is kept, so nothing is left out for want of a date."""
    if since is None:
        return rows
    kept = []
    for row in rows:
        moment = row.get("created_at", row.get("rated_at"))
        if not isinstance(moment, dt.datetime) or moment >= since:
            kept.append(row)
    return kept


def sqlite_text(column: Any, processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A SQLite column type's bind processor, quicker for the usual time or day: SQLite keeps
    them as text in ISO layout (``2025-01-01 08:00:00.000000``, ``2025-01-01``), which
    ``isoformat`` writes as SQLAlchemy's format does, in a fraction of the time (a hundred
    thousand rows have a few hundred thousand); any other value goes through ``processor``.
    A time's day and clock are written apart: the time's own ``isoformat`` works out its
    offset again, which costs twice what the rest does."""
    from sqlalchemy import Date

    from trustbridge.store.types import UTCDateTime

    if isinstance(column.type, UTCDateTime):

        def time(value: Any) -> Any:
            if type(value) is dt.datetime and value.tzinfo is not None:
                return sqlite_moment(value)
            return processor(value)  # it refuses a time without its offset

        return time
    if isinstance(column.type, Date):
        return lambda value: value.isoformat() if type(value) is dt.date else processor(value)
    return processor


def _inserter(connection: Connection, table: Table) -> Callable[[list[dict[str, Any]]], object]:
    """How a chunk of ``table``'s rows (each with every column) goes in: one ``executemany``.

    On SQLite the statement is compiled once and each value goes through its column type's
    own bind processor (what SQLAlchemy's ``execute`` does for each row, without the
    bookkeeping around it, which cost as much as the inserts); elsewhere through ``execute``.
    """
    from sqlalchemy import insert

    statement = insert(table)
    compiled = statement.compile(dialect=connection.dialect)
    order = compiled.positiontup
    if connection.dialect.name != "sqlite" or order is None:
        return lambda chunk: connection.execute(statement, chunk)
    columns = {column.key: column for column in table.columns}
    if sorted(order) != sorted(columns):  # not one parameter per column: the usual way
        return lambda chunk: connection.execute(statement, chunk)
    sql = str(compiled)
    dialect = connection.dialect
    processed = [  # the dialect's own form of each type, as ``execute`` uses: SQLite's dates
        (at, sqlite_text(columns[key], processor))  # are text in its layout, not Python's
        for at, key in enumerate(order)  # default adapter's
        if (processor := columns[key].type.dialect_impl(dialect).bind_processor(dialect))
        is not None
    ]

    # each row's values in the statement's order, taken out by C code (a row is a dict)
    take = itemgetter(*order) if len(order) > 1 else lambda row: (row[order[0]],)

    def insert_chunk(chunk: list[dict[str, Any]]) -> object:
        values = []
        for row in chunk:
            one = list(take(row))
            for at, processor in processed:
                one[at] = processor(one[at])
            values.append(tuple(one))
        return connection.exec_driver_sql(sql, values)

    return insert_chunk


#: rows from which an import into an empty store holds the triggers back: taking them away and
#: putting them back costs SQLite about as much as firing them for a thousand rows
HOLD_BACK_FROM = 1000


def save_rows(
    store: Store,
    rows: Rows,
    progress: Progress | None = None,
    *,
    total: int = 0,
    before: Callable[[Session], None] | None = None,
    after: Callable[[Session], None] | None = None,
    into_empty: bool = False,
    crisis_since: dt.datetime | None = None,
) -> Imported:
    """Insert rows a chunk at a time (one ``executemany`` each), in one transaction: all of them
    are stored, or (on any error, even in the last chunk) none.

    The rows go in as plain inserts, so the store's own triggers keep the search index and
    the trust totals, as for every other change. ``into_empty`` (the store is empty, which
    ``before`` made sure of) lets a SQLite store do the triggers' work once at the end instead
    (:func:`trustbridge.store.bulk.triggers_held_back`), with the same result, many times
    faster, when there are :data:`HOLD_BACK_FROM` rows or more (or ``total`` is not known).
    ``before``, ``after`` and the crisis check are as in :func:`save`, except that with
    ``crisis_since`` only the rows written since then are checked (a restore of a full
    export: every older entry was checked when it was first saved; ``docs/crisis-check.md``).
    """
    from trustbridge.store.bulk import triggers_held_back

    done = crisis = 0
    with store.session() as session:
        connection = session.connection()
        held_back: Any = nullcontext()
        if into_empty and connection.dialect.name == "sqlite":
            # begun before ``before`` looks, so its check and the rows share one transaction
            # (Python's sqlite3 would begin only at the first insert)
            begun = connection.connection.dbapi_connection.in_transaction  # type: ignore[union-attr]
            if not begun:
                connection.exec_driver_sql("BEGIN")
            if not total or total >= HOLD_BACK_FROM:
                held_back = triggers_held_back(connection.exec_driver_sql, True)
            # a file read once may list a table before one it refers to: the store checks
            # the references at the commit (every one was checked against the file already)
            connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        if before is not None:
            before(session)
        inserters: dict[Table, Callable[[list[dict[str, Any]]], object]] = {}
        with held_back:
            for table, chunk in rows:
                if table not in inserters:
                    inserters[table] = _inserter(connection, table)
                inserters[table](chunk)
                names = _private_columns(table)
                checked = written_since(chunk, crisis_since) if names else []
                if checked:
                    crisis += crisis_count([row[name] for name in names] for row in checked)
                done += len(chunk)
                if progress is not None:  # 0: not known before the file is read through
                    progress(done, max(total, done) if total else 0)
        if after is not None:
            after(session)
    return Imported(done, crisis, crisis_since)


@dataclass(frozen=True, slots=True)
class Importer:
    """One app's importer: how it is named and how a file from it becomes a plan."""

    key: str
    label: str
    planner: Planner
    accept: str = ""
    #: checks and fix-ups run inside the import's transaction (see :func:`save`)
    before: Callable[[Session], None] | None = None
    after: Callable[[Session], None] | None = None
    #: the planner is given the file itself (or the bytes), to read a piece at a time
    streams: bool = False
    #: ``before`` refuses a store that is not empty (see :func:`save_rows`'s ``into_empty``)
    into_empty: bool = False
    #: reads, checks and stores a file in one go, when no preview comes between (see
    #: :meth:`import_now`): ``(store, source, now, progress)``, as ``(preview, imported)``
    at_once: (
        Callable[[Store, Source, dt.datetime, Progress | None], tuple[Preview, Imported]] | None
    ) = None

    def plan(self, source: Source, now: dt.datetime | None = None, **options: Any) -> Plan:
        """Read and check the whole file; raises ``ExchangeError``; stores nothing."""
        if self.streams:
            return self.planner(source, now or utcnow(), **options)
        return self.planner(read_source(source), now or utcnow(), **options)

    def preview(self, source: Source, now: dt.datetime | None = None, **options: Any) -> Preview:
        """What importing this file would create, and anything worth knowing first."""
        return self.plan(source, now, **options).preview

    def apply(
        self,
        store: Store,
        source: Source,
        now: dt.datetime,
        progress: Progress | None = None,
        **options: Any,
    ) -> Preview:
        """Import the whole file in one transaction, or nothing of it."""
        plan = self.plan(source, now, **options)
        self.save(store, plan, progress)
        return plan.preview

    def import_now(
        self,
        store: Store,
        source: Source,
        now: dt.datetime,
        progress: Progress | None = None,
        **options: Any,
    ) -> tuple[Preview, Imported]:
        """Import the whole file in one transaction, or nothing of it, when the person agreed
        beforehand (no preview to show between): an importer that can (``at_once``) reads
        the file only once, checking each row as it stores it."""
        if self.at_once is not None and not options:
            return self.at_once(store, source, now, progress)
        plan = self.plan(source, now, **options)
        return plan.preview, self.save(store, plan, progress) if plan.total else Imported(0)

    def save(self, store: Store, plan: Plan, progress: Progress | None = None) -> Imported:
        """Store a plan made earlier (after showing its preview), whole or not at all."""
        if plan.rows is not None:
            return save_rows(store, plan.rows(), progress, total=plan.total, before=self.before,
                             after=self.after, into_empty=self.into_empty,
                             crisis_since=plan.crisis_since)  # fmt: skip
        return save(store, plan.records, progress, before=self.before, after=self.after)
