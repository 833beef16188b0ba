"""Filling an empty SQLite store in bulk: the triggers' and indexes' work done once at the end.

The search index and the trust totals are kept by triggers (:mod:`.search_index`,
:mod:`.trust_totals`), which is right for every ordinary change. Restoring a whole export
inserts a hundred thousand rows or more in one go, and there a trigger firing for each row
costs more than everything else the import does. So, inside the import's own transaction,
:func:`triggers_held_back` takes the triggers away, lets the rows go in, then does their work
in one statement per table (each index trigger's own insert, run over the whole table, with
FTS5 set to fill in bulk: :func:`.search_index.filled_in_bulk`) and
puts every trigger back exactly as it was (its stored SQL, verbatim); the indexes other than
unique ones are likewise dropped and made again, each from its stored SQL. Everything is one
transaction: a failure anywhere rolls the triggers, the rows and the index back together.

It only ever runs where its result is the triggers' result: a SQLite store whose index is
still empty (an import of a full export refuses any other), and only while every trigger is
one it knows how to replay. Otherwise the triggers simply stay and fire row by row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from trustbridge.store import search_index, trust_totals

#: an index trigger's insert: ``INSERT INTO search_index(rowid, text) VALUES (key, words);``
_INDEX_INSERT = re.compile(
    rf"^CREATE TRIGGER (?P<name>{search_index.TABLE}_(?P<table>\w+)_ai) AFTER INSERT ON "
    rf"(?P=table) BEGIN INSERT INTO {search_index.TABLE}\(rowid, text\) VALUES \((?P<values>.*)\);"
    r" END$",
    re.DOTALL,
)
_NEW = re.compile(r"\bNEW\.")
_INDEX_OTHERS = re.compile(rf"^{search_index.TABLE}_\w+_a[ud]$")


def _replays(triggers: list[tuple[str, str]]) -> list[str] | None:
    """The statements doing, over whole tables, what the triggers do row by row (``None``
    when some trigger is not one of ours, so it must stay and fire)."""
    replays = []
    for name, sql in triggers:
        found = _INDEX_INSERT.match(sql)
        if found is not None:
            table = found["table"]
            values = _NEW.sub(f'"{table}".', found["values"])
            replays.append(
                f'INSERT INTO {search_index.TABLE}(rowid, text) SELECT {values} FROM "{table}"'
            )
        elif not (_INDEX_OTHERS.match(name) or name in trust_totals.TRIGGERS):
            return None
    return replays


@contextmanager
def triggers_held_back(execute: Callable[[str], Any], begun: bool) -> Iterator[None]:
    """Inside a transaction on an empty SQLite store: the rows inserted within go in without
    their triggers and (but for unique ones) indexes, whose work is done once on the way out,
    and they come back.

    ``execute(sql)`` runs one statement on the connection and returns its result; ``begun``
    says whether SQLite is in a transaction yet. Python's ``sqlite3`` opens one only before
    the first insert or update, so a trigger dropped before that would be dropped for good:
    the transaction is begun here first. On an error within, nothing is replayed: the
    caller's rollback undoes it all, the dropped triggers included.
    """
    if not begun:
        execute("BEGIN")
    triggers = [
        (str(name), str(sql))
        for name, sql in execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
    ]
    replays = _replays(triggers)
    empty = execute(f"SELECT count(*) FROM {search_index.TABLE}").fetchone()[0] == 0
    half_life = trust_totals.kept_half_life(execute)
    if replays is None or not empty or half_life is None:
        yield
        return
    # the indexes that only speed up reading are made once at the end too: sorting a whole
    # table's keys costs far less than putting each row's in its place (a unique one stays,
    # so a row breaking it is refused where it comes)
    indexes = [
        (str(name), str(sql))
        for name, sql in execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        if not str(sql).upper().startswith("CREATE UNIQUE")
    ]
    for name, _sql in triggers:
        execute(f'DROP TRIGGER "{name}"')
    for name, _sql in indexes:
        execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        execute(sql)
    with search_index.filled_in_bulk(execute):
        for statement in replays:
            execute(statement)
    trust_totals.rebuild(execute, half_life)
    for _name, sql in triggers:
        execute(sql)
