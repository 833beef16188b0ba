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
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, Table, func, select, text
from sqlalchemy.orm import RelationshipDirection, Session

from trustbridge.exchange import values
from trustbridge.exchange.common import (
    ExchangeError,
    Importer,
    Plan,
    Preview,
    Progress,
    decode,
    load_json,
)
from trustbridge.exchange.tables import TABLE_NOUNS, check_row, mapped_tables
from trustbridge.store.db import Store
from trustbridge.store.schema import HEAD_REVISION
from trustbridge.store.types import PrivateJSON, UTCDateTime

FORMAT = "trustbridge-export"
VERSION = 1
SOURCE = "a Trustbridge export"
_INT64 = 2**63


# --- export ---------------------------------------------------------------------------------


def _out(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export_document(
    store: Store, now: dt.datetime, progress: Progress | None = None
) -> dict[str, Any]:
    """Everything in the store as one JSON-ready document, rows in id order."""
    tables: dict[str, list[dict[str, object]]] = {}
    with store.sessions() as session:
        counts = {t.name: _count(session, t) for t, _ in mapped_tables()}
        total, done = sum(counts.values()), 0
        for table, _model in mapped_tables():
            # selecting columns still runs each column type, so private text is unsealed here
            columns = sorted(table.columns, key=lambda c: not c.primary_key)  # ids first
            rows = session.execute(select(*columns).order_by(*table.primary_key.columns))
            tables[table.name] = [
                {key: _out(value) for key, value in row._mapping.items()} for row in rows
            ]
            done += counts[table.name]
            if progress is not None:
                progress(done, total)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.astimezone(dt.UTC).isoformat(),
        "schema_revision": HEAD_REVISION,
        "tables": tables,
    }


def _count(session: Session, table: Table) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def dumps(document: Mapping[str, Any]) -> str:
    """The document as text: UTF-8 friendly, indented, keys in a stable order."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- checking a document --------------------------------------------------------------------


def _value(table: Table, column: Any, value: object, at: str) -> object:
    """One cell, checked against its column and turned into what the model expects."""
    if value is None:
        if column.nullable and not column.primary_key:
            return None
        raise ExchangeError(f"{at}: must not be empty")
    kind = column.type
    if isinstance(kind, PrivateJSON):
        return values.structure(value, at)
    if isinstance(kind, UTCDateTime):
        return _moment(value, at)
    if isinstance(kind, Date):
        return values.day(_day(value, at), at)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ExchangeError(f"{at}: must be true or false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int) or not -_INT64 <= value < _INT64:
            raise ExchangeError(f"{at}: must be a whole number")
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ExchangeError(f"{at}: must be a number")
        if not math.isfinite(value):
            raise ExchangeError(f"{at}: must be a finite number")
        return float(value)
    if not isinstance(value, str):
        raise ExchangeError(f"{at}: must be text")
    return values.text(value, at, kind.length if isinstance(kind, String) else None)


def _moment(value: object, at: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ExchangeError(
            f"{at}: must be a date and time with its offset, like 2026-03-14T09:30:00+00:00"
        )
    return values.moment(moment, at)


def _day(value: object, at: str) -> dt.date:
    try:
        if isinstance(value, str) and len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise ExchangeError(f"{at}: must be a date like 2026-03-14")


def _inside(where: str) -> Callable[[str], str]:
    """Where a field of a row is: ``tables.checkins[3].mood``."""
    return lambda name: f"{where}.{name}"


def _rows(table: Table, rows: object, at: str, now: dt.datetime) -> list[dict[str, object]]:
    if not isinstance(rows, list):
        raise ExchangeError(f"{at}: must be a list of rows")
    columns = {c.key: c for c in table.columns}
    checked, seen = [], set()
    for i, row in enumerate(rows):
        where = f"{at}[{i}]"
        if not isinstance(row, dict):
            raise ExchangeError(f"{where}: must be an object of column values")
        unknown = sorted(set(row) - set(columns))
        if unknown:
            raise ExchangeError(f"{where}.{unknown[0]}: is not a column this version knows")
        values = {}
        for key, column in columns.items():
            if key not in row:
                default = column.default
                if default is not None and default.is_scalar:  # an older file without it
                    values[key] = default.arg  # type: ignore[attr-defined]
                    continue
                row = {**row, key: None}
            values[key] = _value(table, column, row[key], f"{where}.{key}")
        values = check_row(table, values, _inside(where), now)
        ids = tuple(values[c.key] for c in table.primary_key.columns)
        if ids in seen:
            raise ExchangeError(f"{where}: the same id appears twice in {table.name}")
        seen.add(ids)
        checked.append(values)
    return checked


def _references(tables: Mapping[str, list[dict[str, object]]]) -> None:
    """Every reference points at a row that is in the document too."""
    for table, _model in mapped_tables():
        for column in table.columns:
            for fk in column.foreign_keys:
                target = fk.column
                present = {row[target.key] for row in tables[target.table.name]}
                for i, row in enumerate(tables[table.name]):
                    if row[column.key] is not None and row[column.key] not in present:
                        raise ExchangeError(
                            f"tables.{table.name}[{i}].{column.key}: refers to "
                            f"{target.table.name} {row[column.key]}, which is not in the file"
                        )


def read_document(
    data: bytes, now: dt.datetime
) -> tuple[dict[str, list[dict[str, object]]], list[str]]:
    """The checked rows of every table, and warnings; ``ExchangeError`` names what is wrong.

    ``now`` is the moment of the import: no date can be later than the app could have stored.
    """
    document = load_json(decode(data))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError(f'format: this is not a Trustbridge export (expected "{FORMAT}")')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ExchangeError("version: must be a whole number from 1")
    if version > VERSION:
        raise ExchangeError(
            f"version: this file is version {version}, made by a newer Trustbridge; "
            f"this one reads up to version {VERSION}"
        )
    raw = document.get("tables")
    if not isinstance(raw, dict):
        raise ExchangeError("tables: missing; expected an object with one list per table")
    known = {t.name: t for t, _ in mapped_tables()}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ExchangeError(
            f"tables.{unknown[0]}: is not a table this version of Trustbridge knows"
        )
    tables = {name: _rows(t, raw.get(name, []), f"tables.{name}", now) for name, t in known.items()}
    # files made before layout 0003 kept a row for every unticked belief too; it says nothing
    marks = tables["learned_belief_marks"]
    marks[:] = [row for row in marks if row["applies"]]
    _references(tables)
    warnings = []
    if document.get("schema_revision") != HEAD_REVISION:
        warnings.append(
            f"This file was made with store layout {document.get('schema_revision')!s}; "
            f"this Trustbridge uses {HEAD_REVISION}. Every table and field was still understood."
        )
    return tables, warnings


# --- import ---------------------------------------------------------------------------------


def _objects(tables: Mapping[str, list[dict[str, object]]]) -> list[Any]:
    """Model objects for every row, parents first, linked to their parents where mapped."""
    made: dict[tuple[str, tuple[object, ...]], Any] = {}
    records = []
    for table, model in mapped_tables():
        mapper = model.__mapper__
        for row in tables[table.name]:
            record = model(
                **{mapper.get_property_by_column(table.c[k]).key: v for k, v in row.items()}
            )
            # a parent's delete-orphan cascade wants its children attached, not only numbered
            for relation in mapper.relationships:
                if relation.direction is RelationshipDirection.MANYTOONE:
                    ref = tuple(row[c.key] for c in relation.local_columns)
                    parent = made.get((relation.mapper.local_table.name, ref))
                    if parent is not None:
                        setattr(record, relation.key, parent)
            made[(table.name, tuple(row[c.key] for c in table.primary_key.columns))] = record
            records.append(record)
    return records


def plan(data: bytes, now: dt.datetime) -> Plan:
    """Check a whole export and make the rows to restore; nothing is stored."""
    tables, warnings = read_document(data, now)
    counts = {TABLE_NOUNS.get(name, name): len(rows) for name, rows in tables.items() if rows}
    mappings = ("Every table and field is restored exactly as it was, numbers (ids) included.",)
    return Plan(Preview(SOURCE, counts, mappings, tuple(warnings)), _objects(tables))


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
)
#: what restoring a file would bring back; nothing is stored
preview = IMPORTER.preview
#: restore a whole export into an empty store, in one transaction, or nothing of it
apply = IMPORTER.apply
