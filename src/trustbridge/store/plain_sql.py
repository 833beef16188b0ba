"""Rows written by plain SQL on a store's own DB-API connection, as the ORM writes them.

Statements are made from :mod:`trustbridge.exchange.layout` (every table's columns as plain
values, made from the models), and each value is written the way SQLAlchemy's SQLite types
store it: an aware time as UTC text, a day in ISO layout, JSON as ``PrivateJSON`` writes it.
The JSON import (:mod:`trustbridge.exchange.json_restore`) restores a whole export with
:func:`insert_statement`; the quick ``add`` of the command line
(:mod:`trustbridge.services.quick_add`) writes one entry with :func:`insert_row`. Neither
loads SQLAlchemy or the models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any

from trustbridge.exchange import layout

#: a chunk of a table's rows (each with every column) as the values of its ``INSERT``
Values = Callable[[list[dict[str, Any]]], list[tuple[Any, ...]]]


def sqlite_moment(value: dt.datetime) -> str:
    """An aware time as SQLite keeps it (``UTCDateTime`` on SQLite): UTC, in ISO layout."""
    utc = value.astimezone(dt.UTC)
    return f"{utc.date().isoformat()} {utc.time().isoformat('microseconds')}"


def _json(value: object) -> str:
    """A JSON column's text, as ``PrivateJSON`` writes it."""
    import json  # only for the tools with such a column: the check-in has none

    return json.dumps(value, ensure_ascii=False)


def _day(value: dt.date) -> str:
    return value.isoformat()


#: how a checked value of each kind of column is written, as SQLAlchemy's SQLite types write
#: it (the others are bound as they are)
STORED: dict[str, Callable[[Any], object]] = {"moment": sqlite_moment, "day": _day,
                                              "json": _json}  # fmt: skip


def stored(column: layout.Column, value: object) -> object:
    """One value of ``column`` as the store keeps it."""
    write = STORED.get(column.kind)
    return value if value is None or write is None else write(value)


def insert_statement(name: str) -> tuple[str, Values]:
    """A table's ``INSERT`` of every column, and how a chunk of rows becomes its values."""
    columns = layout.TABLES[name].columns
    keys = [column.name for column in columns]
    named = ", ".join(f'"{key}"' for key in keys)
    sql = f'INSERT INTO "{name}" ({named}) VALUES ({", ".join("?" * len(keys))})'
    take = itemgetter(*keys)
    kinds = [(at, STORED[c.kind]) for at, c in enumerate(columns) if c.kind in STORED]

    def values(chunk: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        found = []
        for row in chunk:
            one = list(take(row))
            for at, write in kinds:
                if one[at] is not None:
                    one[at] = write(one[at])
            found.append(tuple(one))
        return found

    return sql, values


def with_defaults(name: str, values: Mapping[str, object]) -> dict[str, object]:
    """A new row of table ``name``: ``values``, and every other column as the ORM fills it on
    insert (its model's ``default``, else nothing; a new row's id is left to the store).

    As the ORM does, a column with a default that is given ``None`` gets its default.
    """
    row: dict[str, object] = {}
    for column in layout.TABLES[name].columns:
        value = values.get(column.name)
        row[column.name] = column.default if value is None and column.default is not ... else value
    return row


def insert_row(conn: Any, name: str, values: Mapping[str, object]) -> int:
    """Insert one new row of table ``name`` (:func:`with_defaults` of ``values``); its id."""
    sql, rows = insert_statement(name)
    cursor = conn.execute(sql, rows([with_defaults(name, values)])[0])
    row_id: int = cursor.lastrowid
    return row_id


def update_row(conn: Any, name: str, row_id: int, values: Mapping[str, object]) -> None:
    """Set the columns named in ``values`` of row ``row_id`` of table ``name``."""
    if not values:
        return
    columns = {c.name: c for c in layout.TABLES[name].columns}
    named = ", ".join(f'"{key}" = ?' for key in values)
    conn.execute(
        f'UPDATE "{name}" SET {named} WHERE "{layout.TABLES[name].id}" = ?',
        (*(stored(columns[key], value) for key, value in values.items()), row_id),
    )
