"""Saving, listing, showing and deleting entries of any tool, the same way for every tool."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, inspect, select
from sqlalchemy.orm import Session

from trustbridge.domain.fields import Field, ValidationError, calendar_day, clean
from trustbridge.domain.words import full_day_words
from trustbridge.services import entry_rows
from trustbridge.services.base import NotFound, Saved, crisis_in, local_day
from trustbridge.services.catalog import ToolSpec, spec, stored_values
from trustbridge.services.quick_add import checked
from trustbridge.store import rows
from trustbridge.store.backup import truncate_wal
from trustbridge.store.db import Store

MAX_PAGE = entry_rows.MAX_PAGE


def add(store: Store, slug: str, raw: Mapping[str, object], now: dt.datetime) -> Saved[Any]:
    """Validate what the person filled in and save it as one entry, or raise ``ValidationError``.

    Validation happens before anything is written, and the write is one transaction, so
    an entry is saved whole or not at all. The crisis check never blocks the save. The
    command line saves by plain SQL where it can (:func:`.quick_add.add`, the same row).
    """
    tool = spec(slug)
    values = checked(tool, raw, now)
    signal = crisis_in(tool.form_fields, values)
    if tool.one_per_day:
        logged = _update_day(store, tool, values)
        if logged is not None:
            return Saved(logged, signal, updated=True)
    record = tool.make(dict(values), now)
    with store.session() as session:
        session.add(record)
    return Saved(record, signal)


#: what an edit moving a one-a-day entry onto a day already logged is told
DAY_TAKEN = "There is already an entry for {day}. Change that one instead, or choose another day."


def update(
    store: Store, slug: str, entry_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[Any]:
    """Change an entry to what the person filled in, or raise ``ValidationError`` (nothing changed).

    ``raw`` holds the whole entry as its edit form shows it (``stored_values`` gives the
    current one). The rules are those of adding one, except that a date left as it was is kept
    even if it has since left its window (a promise now overdue, a check-in over a year old).
    The crisis check runs on the new words.
    """
    tool = spec(slug)
    with store.session() as session:
        record = _find(session, tool, entry_id)
        fields = _settled_dates(tool.edit_fields, raw, stored_values(tool, record))
        values = clean(fields, raw, local_day(now))
        signal = crisis_in(fields, values)
        if tool.one_per_day:
            _check_day_free(session, tool, record, values)
        tool.apply(record, dict(values))
        _load_children(tool, record)
    return Saved(record, signal, updated=True)


def _settled_dates(
    fields: Sequence[Field], raw: Mapping[str, object], stored: Mapping[str, object]
) -> list[Field]:
    """The fields, with the window lifted from dates an edit leaves as they were."""
    kept = []
    for f in fields:
        value = raw.get(f.name)
        same = (
            f.kind == "date"
            and stored.get(f.name) is not None
            and (value == stored[f.name] or calendar_day(str(value)) == stored[f.name])
        )
        kept.append(f._replace(lo=None, hi=None if f.hi is None else 36_525) if same else f)
    return kept


def _check_day_free(
    session: Session, tool: ToolSpec, record: Any, values: Mapping[str, Any]
) -> None:
    day = values[tool.one_per_day]
    column = getattr(tool.model, tool.one_per_day)
    taken = session.scalars(
        select(tool.model.id).where(column == day, tool.model.id != record.id, *tool.belongs())
    ).first()
    if taken is not None:
        raise ValidationError({tool.one_per_day: DAY_TAKEN.format(day=full_day_words(day))})


def _load_children(tool: ToolSpec, record: Any) -> None:
    for relation in inspect(tool.model).relationships:
        getattr(record, relation.key)  # load while the session is open


def _update_day(store: Store, tool: ToolSpec, values: Mapping[str, object]) -> Any:
    """Fold a save into the entry already kept for that day, if there is one.

    What was filled in now replaces what was there; what was left blank keeps its earlier
    value, so logging sleep in the morning and movement at night makes one whole day.
    """
    column = getattr(tool.model, tool.one_per_day)
    with store.session() as session:
        logged = session.scalars(
            select(tool.model)
            .where(column == values[tool.one_per_day], *tool.belongs())
            .order_by(tool.model.created_at.desc(), tool.model.id.desc())
            .limit(1)
        ).first()
        if logged is not None:
            for key, value in values.items():
                if value is not None:
                    setattr(logged, key, value)
        return logged


def recent(store: Store, slug: str, limit: int = 50, offset: int = 0) -> list[Any]:
    """Newest entries first (:func:`.entry_rows.recent`, on the store's connection)."""
    with store.sessions() as session:
        return entry_rows.recent(Through(session), slug, limit, offset)


def get(store: Store, slug: str, entry_id: int) -> Any:
    """One entry, with its children (a belief's ratings); ``NotFound`` if there is none."""
    with store.sessions() as session:
        return entry_rows.get(Through(session), slug, entry_id)


class Through:
    """An open store's session with the face of a DB-API connection, for the plain reads
    (:mod:`.entry_rows`, :mod:`trustbridge.store.rows`, the exports).

    Statements run on the session's own driver connection, in its transaction, without
    SQLAlchemy's execution and result around them: these reads only want the rows, and
    SQLAlchemy's result describes every column of every statement first (a page's counts are
    some thirty columns). What fails still fails as it does everywhere else in the services
    (``sqlalchemy.exc.DBAPIError``, handled by SQLAlchemy as its own statements' errors are),
    on SQLite and on PostgreSQL (whose placeholders are ``%s``). ``owner`` is the account a
    hosted session runs as, so reads of tables whose rows have owners are narrowed to it, as
    the ORM narrows them.
    """

    def __init__(self, session: Session) -> None:
        self._connection = session.connection()
        self.owner: int | None = session.info.get(rows.ACCOUNT)

    @staticmethod
    def on(connection: Connection) -> _ThroughCursor:
        """A cursor straight on ``connection``'s driver connection, not narrowed to anyone."""
        return _ThroughCursor(connection, None)

    def cursor(self) -> _ThroughCursor:
        """A cursor of its own: one result can be read while another is being read."""
        return _ThroughCursor(self._connection, self.owner)


class _ThroughCursor:
    def __init__(self, connection: Connection, owner: int | None) -> None:
        self._connection = connection
        self._qmark = connection.dialect.paramstyle == "qmark"
        self._cursor: Any = None
        self.owner = owner

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> None:
        if not self._qmark:  # psycopg's placeholders are "%s", and a "%" of the SQL is "%%"
            sql = (sql.replace("%", "%%") if params else sql).replace("?", "%s")
        if self._cursor is not None:
            self._cursor.close()
        self._cursor = self._connection.connection.cursor()
        try:
            if params:
                self._cursor.execute(sql, params)
            else:  # as SQLAlchemy runs it: no parameters given, so a "%" is only a "%"
                self._cursor.execute(sql)
        except Exception as exc:  # raised as SQLAlchemy raises it, after its own handling
            self._connection._handle_dbapi_exception(exc, sql, params, self._cursor, None)

    def fetchall(self) -> Sequence[Any]:
        found: Sequence[Any] = self._cursor.fetchall()
        return found

    def fetchmany(self, size: int) -> Sequence[Any]:
        found: Sequence[Any] = self._cursor.fetchmany(size)
        return found


def delete(store: Store, slug: str, entry_id: int) -> None:
    """Delete an entry for good: zeroed in the file (``secure_delete``) and out of the WAL."""
    tool = spec(slug)
    with store.session() as session:
        session.delete(_find(session, tool, entry_id))
    truncate_wal(store.engine)


def _find(session: Session, tool: ToolSpec, entry_id: int) -> Any:
    # by id and by the tool's scope: a promise with someone is not one of "promises to myself"
    query = select(tool.model).where(tool.model.id == entry_id, *tool.belongs())
    record = session.scalars(query).first()
    if record is None:
        raise NotFound(f"No {tool.noun} with number {entry_id}.")
    return record


def counts(store: Store) -> dict[str, int]:
    """How many entries each tool holds (:func:`.entry_rows.counts`, on the store's connection)."""
    with store.sessions() as session:
        return entry_rows.counts(Through(session))
