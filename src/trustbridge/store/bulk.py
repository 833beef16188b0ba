"""Filling an empty SQLite store in bulk: the triggers' and indexes' work done once at the end.

The search index and the trust totals are kept by triggers (:mod:`.search_index`,
:mod:`.trust_totals`), which is right for every ordinary change. Restoring a whole export
inserts a hundred thousand rows or more in one go, and there a trigger firing for each row
costs more than everything else the import does. So, inside the import's own transaction,
:func:`triggers_held_back` takes the triggers away, lets the rows go in, then does their work
in one statement per table (each index trigger's own insert, run over the whole table) and
puts every trigger back exactly as it was (its stored SQL, verbatim); the indexes other than
unique ones are likewise dropped and made again, each from its stored SQL. Everything is one
transaction: a failure anywhere rolls the triggers, the rows and the index back together.

While the rows go in, a plain store's page cache is made smaller (:func:`small_cache`):
written pages only wait there for the commit.

It only ever runs where its result is the triggers' result: a SQLite store whose index is
still empty (an import of a full export refuses any other), and only while every trigger is
one it knows how to replay. Otherwise the triggers simply stay and fire row by row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
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


#: the page cache of a bulk fill, in KiB (a store's own is larger, see ``PRAGMA cache_size``)
BULK_CACHE_KIB = 2000


@contextmanager
def small_cache(execute: Callable[[str], Any], kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """A smaller page cache while an empty store is filled, the store's own put back after.

    A bulk fill writes each page once and hardly reads one again, so a large cache only
    holds written pages until the commit: with SQLCipher's 8 MiB that was the larger part
    of what an import's memory grew by. A smaller one lets SQLite spill them to the
    write-ahead log sooner, where the commit would have written them anyway. At 100,000
    entries it keeps about 10 MiB less, for a few per cent more processor time (a page
    spilled early is sometimes written again, and the totals' sorting spills sooner too).

    Only for a plain store: in an encrypted one each page spilled, and each read back, is
    encrypted or decrypted again, and an import took a third more processor time (at 18,000
    entries, with 2 MiB or 4 MiB alike), so it keeps its own cache.
    """
    kept = execute("PRAGMA cache_size").fetchone()[0]  # negative: KiB; positive: pages
    page = execute("PRAGMA page_size").fetchone()[0]
    if (-kept if kept < 0 else kept * page // 1024) <= kib:
        yield
        return
    execute(f"PRAGMA cache_size = -{int(kib)}")
    put_back = f"PRAGMA cache_size = {int(kept)}"
    try:
        yield
    except BaseException:
        # the failure is what is told: a connection it left closed is not used again, and
        # one kept with a small cache would only read more slowly
        with suppress(Exception):
            execute(put_back)
        raise
    execute(put_back)


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
    for statement in replays:
        execute(statement)
    trust_totals.rebuild(execute, half_life)
    for _name, sql in triggers:
        execute(sql)
