"""Records read as plain rows, without SQLAlchemy, converted as the ORM's column types would
give them back, into small objects with the models' attribute names.

The command line lists, shows and searches entries where importing SQLAlchemy and the
models alone takes longer than the whole command may (see :mod:`trustbridge.store.quick`).
:func:`select` reads whole rows of a table (its columns from :mod:`.shapes`); :func:`read`
reads a few columns of a few ids (a search result needs only a title, a link and a day).
Both take a DB-API cursor with SQLite's ``?`` placeholders (or anything with its
``execute`` and ``fetchall``, such as :class:`trustbridge.services.entries.Through`).

How the ORM stores what these convert (:mod:`trustbridge.store.types`, SQLAlchemy's SQLite
types): a ``UTCDateTime`` as UTC text without a zone (``2026-03-14 10:00:00.000000``), a
``Date`` as ``2026-03-14``, a ``Boolean`` as 0 or 1, and ``PrivateJSON`` as JSON text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from trustbridge.store import shapes

#: turns a stored value into what the model's attribute holds (never given ``None``)
Convert = Callable[[Any], Any]
#: most ids a single ``IN (…)`` holds; SQLite allows many more, a page of results far fewer
_MOST_IDS = 500
#: where a hosted session keeps the account it runs as (``Session.info``)
ACCOUNT = "trustbridge.account_id"


def moment(stored: Any) -> dt.datetime:
    """A ``UTCDateTime``: the stored UTC time as an aware datetime."""
    value = stored if isinstance(stored, dt.datetime) else dt.datetime.fromisoformat(str(stored))
    return value.replace(tzinfo=dt.UTC)


def day(stored: Any) -> dt.date:
    """A ``Date``."""
    return stored if isinstance(stored, dt.date) else dt.date.fromisoformat(str(stored)[:10])


def flag(stored: Any) -> bool:
    """A ``Boolean``."""
    return bool(stored)


def data(stored: Any) -> Any:
    """A ``PrivateJSON``: the structure the JSON text holds (``json`` loaded when first met)."""
    import json

    return json.loads(stored)


#: each kind of :mod:`.shapes` and its conversion
CONVERT: dict[str, Convert] = {"moment": moment, "day": day, "flag": flag, "data": data}


def column(kind: str, stored: Sequence[Any]) -> list[Any]:
    """A column of stored values converted as :data:`CONVERT` converts each (``None`` stays),
    as one list: for a reader of many rows (an export), a good deal cheaper than a call for
    each value. Times and days come back the same every time: parsed in place when they are
    text (as SQLite holds them), and each day worked out once."""
    if kind == "moment":
        return [
            v
            if v is None
            else (_from_text(v) if type(v) is str else moment(v)).replace(tzinfo=dt.UTC)
            for v in stored
        ]
    if kind == "day":
        return [v if v is None else _day(v) for v in stored]
    convert = CONVERT[kind]
    return [v if v is None else convert(v) for v in stored]


_from_text = dt.datetime.fromisoformat


@lru_cache(maxsize=4096)
def _day(stored: Any) -> dt.date:
    return day(stored)


def shaped(table: str) -> dict[str, Convert | None]:
    """Every column of ``table``, with its conversion."""
    kinds = shapes.TABLES[table]
    return {name: None if kind is None else CONVERT[kind] for name, kind in kinds.items()}


def _made(
    names: Sequence[str], columns: Mapping[str, Convert | None], values: Sequence[Any]
) -> SimpleNamespace:
    return SimpleNamespace(**{
        name: value if value is None or (convert := columns[name]) is None else convert(value)
        for name, value in zip(names, values, strict=True)
    })  # fmt: skip


def select(
    cursor: Any,
    table: str,
    where: str = "",
    params: Sequence[object] = (),
    *,
    order: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> list[SimpleNamespace]:
    """Whole rows of ``table``, every column converted, in ``order``.

    ``where`` and ``order`` are SQL from code, never from what a person typed (values go in
    ``params``, one ``?`` each).
    """
    columns = shaped(table)
    names = list(columns)
    sql, params = _query(cursor, table, where, params)
    sql += f" ORDER BY {order}" if order else ""
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    cursor.execute(sql, tuple(params))
    return [_made(names, columns, values) for values in cursor.fetchall()]


def pairs(
    cursor: Any,
    table: str,
    other: str,
    on: str,
    where: str = "",
    params: Sequence[object] = (),
    *,
    order: str = "",
    limit: int | None = None,
) -> list[tuple[SimpleNamespace, SimpleNamespace]]:
    """Whole rows of ``table``, each with the row of ``other`` it is joined to (``on``), in
    ``order``: what ``select(A, B).join(B, on)`` gives the ORM, in one statement. Both tables
    are narrowed to the cursor's account (in hosted mode), as the ORM narrows every one.

    ``on``, ``where`` and ``order`` are SQL from code, never from what a person typed.
    """
    first, second = shaped(table), shaped(other)
    chosen = ", ".join(f'{t}."{name}"' for t, c in ((table, first), (other, second)) for name in c)
    for narrowed in (table, other):
        where, params = _narrowed(cursor, narrowed, where, params)
    sql = f"SELECT {chosen} FROM {table} JOIN {other} ON {on}{f' WHERE {where}' if where else ''}"
    sql += f" ORDER BY {order}" if order else ""
    sql += f" LIMIT {int(limit)}" if limit is not None else ""
    cursor.execute(sql, tuple(params))
    split, first_names, second_names = len(first), list(first), list(second)
    return [
        (_made(first_names, first, values[:split]), _made(second_names, second, values[split:]))
        for values in cursor.fetchall()
    ]


def attach(
    cursor: Any,
    found: Sequence[SimpleNamespace],
    table: str,
    parent: str,
    attribute: str,
    order: str,
) -> None:
    """Give each of ``found`` its children from ``table`` (whose ``parent`` column holds the
    record's id) as the list ``attribute``, in ``order``: what a model's relationship holds."""
    by_id = {record.id: record for record in found}
    for record in found:
        setattr(record, attribute, [])
    ids = list(by_id)
    for start in range(0, len(ids), _MOST_IDS):
        chunk = ids[start : start + _MOST_IDS]
        marks = ", ".join("?" * len(chunk))
        for child in select(cursor, table, f"{parent} IN ({marks})", chunk, order=order):
            getattr(by_id[getattr(child, parent)], attribute).append(child)


def each(
    cursor: Any,
    table: str,
    where: str = "",
    params: Sequence[object] = (),
    *,
    order: str = "",
    chunk: int = 1000,
) -> Iterator[SimpleNamespace]:
    """:func:`select`'s rows one by one, in ``order`` and then as saved (key order), read a
    chunk at a time: for a reader that must not hold a whole table (an export)."""
    columns = shaped(table)
    names = list(columns)
    # only the columns with a conversion are looked at one by one (most hold text or numbers)
    converted = [(i, convert) for i, convert in enumerate(columns.values()) if convert]
    for part in stream(cursor, table, chunk, where, params, order=order):
        for stored_values in part:
            values = list(stored_values)
            for i, convert in converted:
                if (value := values[i]) is not None:
                    values[i] = convert(value)
            row = SimpleNamespace()  # filled in place: a third cheaper than SimpleNamespace(**...)
            row.__dict__.update(zip(names, values, strict=True))
            yield row


def stream(
    cursor: Any,
    table: str,
    chunk: int,
    where: str = "",
    params: Sequence[object] = (),
    *,
    order: str = "",
    columns: Sequence[str] = (),
) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows of ``table`` as stored (its ``columns``, or all of them in :mod:`.shapes`
    order), in ``order`` and then key order, a chunk at a time."""
    sql, params = _query(cursor, table, where, params, columns)
    key = f"{table}.{next(iter(shapes.TABLES[table]))}"
    cursor.execute(f"{sql} ORDER BY {f'{order}, ' if order else ''}{key}", tuple(params))
    while part := cursor.fetchmany(chunk):
        yield part


def _query(
    cursor: Any, table: str, where: str, params: Sequence[object], columns: Sequence[str] = ()
) -> tuple[str, Sequence[object]]:
    chosen = ", ".join(f'{table}."{name}"' for name in columns or shapes.TABLES[table])
    where, params = owned(cursor, table, where, params)
    return f"SELECT {chosen} FROM {table}{where}", params


def counts(cursor: Any, wanted: Mapping[str, tuple[str, str, str]]) -> dict[str, int]:
    """Several counts in one statement: for each key, ``(table, expression, where)``, such as
    ``("self_promises", "count(*)", "person_id IS NULL")`` or ``("balance_logs",
    "count(DISTINCT day)", "")``. SQL from code only."""
    owner = getattr(cursor, "owner", None)
    sql, narrowed = _counts_sql(tuple(wanted.values()), owner is not None)
    cursor.execute(sql, (owner,) * narrowed)
    [row] = cursor.fetchall()
    return {key: int(n or 0) for key, n in zip(wanted, row, strict=True)}


@lru_cache(maxsize=64)
def _counts_sql(wanted: tuple[tuple[str, str, str], ...], owned_only: bool) -> tuple[str, int]:
    """:func:`counts`' statement, and how many times it takes the account (narrowed to one,
    when ``owned_only``): worked out once, not on every Today and stages page (some thirty
    tables' clauses, a tenth of a millisecond)."""
    stand_in = SimpleNamespace(owner=0 if owned_only else None)
    parts: list[str] = []
    narrowed = 0
    for table, expression, condition in wanted:
        where, values = owned(stand_in, table, condition, ())
        parts.append(f"(SELECT {expression} FROM {table}{where})")
        narrowed += len(values)
    return "SELECT " + ", ".join(parts), narrowed


def tally(
    cursor: Any, table: str, by: Sequence[str], where: str = "", params: Sequence[object] = ()
) -> dict[tuple[Any, ...], int]:
    """How many rows of ``table`` (narrowed to the cursor's account) hold each combination of
    the columns ``by``, keyed by their converted values: ``GROUP BY`` in one statement. SQL
    and column names from code only."""
    columns = shaped(table)
    chosen = ", ".join(f'"{name}"' for name in by)
    clause, values = owned(cursor, table, where, params)
    cursor.execute(f"SELECT {chosen}, count(*) FROM {table}{clause} GROUP BY {chosen}", values)
    return {
        tuple(v if v is None or (c := columns[name]) is None else c(v)
              for name, v in zip(by, found[:-1], strict=True)): int(found[-1])
        for found in cursor.fetchall()
    }  # fmt: skip


def owned(
    cursor: Any, table: str, where: str = "", params: Sequence[object] = ()
) -> tuple[str, Sequence[object]]:
    """``where`` as a clause (`` WHERE ...``, or nothing), narrowed as :func:`_narrowed` does:
    for a statement of one's own (SQL from code only), with the parameters it then takes."""
    where, params = _narrowed(cursor, table, where, params)
    return (f" WHERE {where}" if where else ""), params


def _narrowed(
    cursor: Any, table: str, where: str, params: Sequence[object]
) -> tuple[str, Sequence[object]]:
    """``where`` narrowed to the cursor's account (its ``owner``, in hosted mode) in a table
    whose rows have owners: what the ORM does for the app's sessions."""
    owner = getattr(cursor, "owner", None)
    if owner is not None and "owner_id" in shapes.TABLES[table]:
        mine = f"{table}.owner_id = ?"
        where, params = (f"({where}) AND {mine}" if where else mine), (*params, owner)
    return where, params


def read(
    cursor: Any, table: str, columns: Mapping[str, Convert | None], ids: Iterable[int]
) -> dict[int, SimpleNamespace]:
    """The rows of ``table`` with these ``ids`` (those that still exist), keyed by id.

    Each row is an object with ``id`` and an attribute for every one of ``columns``, its value
    converted by the column's :data:`Convert` (``None``: as stored, for text and numbers).
    ``table`` and the column names come from code, never from what a person typed.
    """
    wanted = sorted(set(ids))
    names = [name for name in columns if name != "id"]
    chosen = ", ".join(["id", *(f'"{name}"' for name in names)])
    found: dict[int, SimpleNamespace] = {}
    for start in range(0, len(wanted), _MOST_IDS):
        chunk = wanted[start : start + _MOST_IDS]
        marks = ", ".join("?" * len(chunk))
        where, params = owned(cursor, table, f"id IN ({marks})", chunk)
        cursor.execute(f"SELECT {chosen} FROM {table}{where}", tuple(params))
        for row_id, *values in cursor.fetchall():
            found[int(row_id)] = row = _made(names, columns, values)
            row.id = int(row_id)
    return found


#: the tables whose rows an author may share with their partner (hosted mode's partner spaces)
SHAREABLE = frozenset({"appreciations", "partner_checkins", "rituals", "shared_goals", "wins"})


def shared(
    cursor: Any, table: str, owners: Sequence[int], *, order: str = ""
) -> list[SimpleNamespace]:
    """The rows of a shareable ``table`` that their authors, among ``owners`` (the signed-in
    account and its partner), marked shared: the one read that reaches past the account's own
    rows, and only to what was shared (row-level security's ``partner_reads`` allows the same).
    """
    if table not in SHAREABLE:
        raise ValueError(f"{table} holds nothing a person can share")
    columns = shaped(table)
    names = list(columns)
    chosen = ", ".join(f'{table}."{name}"' for name in names)
    wanted = [int(owner) for owner in owners]
    if not wanted:
        return []
    marks = ", ".join("?" * len(wanted))
    sql = f"SELECT {chosen} FROM {table} WHERE {table}.shared = ? AND {table}.owner_id IN ({marks})"
    sql += f" ORDER BY {order}" if order else ""
    cursor.execute(sql, (True, *wanted))
    return [_made(names, columns, values) for values in cursor.fetchall()]
