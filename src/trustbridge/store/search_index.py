"""The full-text index of everything a person wrote: one FTS5 table inside the store, kept by triggers.

Why triggers rather than ORM events: every way a row changes goes through SQLite, so the
index follows the ORM, bulk deletes, ``ON DELETE CASCADE`` (a person's evidence goes with
them), the quick check-in path (plain SQL) and importers alike, in the same transaction as
the change. The index lives in the same (SQLCipher) file, so it is encrypted with it, and
FTS5's ``secure-delete`` plus the store's ``PRAGMA secure_delete`` leave no deleted word
behind in the file.

An entry's place in the index is ``(kind code << 40) | id``, so a change finds its index row
directly, never by a scan. The codes are fixed forever; a new table gets the next number.

The reading side (below :func:`include_name`) gives the search service only bounded work:
the newest matches of each kind, small samples, and a word's spellings, each found by
FTS5 seeking in its index rather than by visiting every match.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

#: the FTS5 table; unicode61 with remove_diacritics 2 makes "cafe" find "café"
TABLE = "search_index"
CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
#: deleted rows are removed from the index b-trees at once, not merely marked as deleted
SECURE_DELETE = f"INSERT INTO {TABLE}({TABLE}, rank) VALUES('secure-delete', 1)"
SHIFT = 40
#: the row id part of an index key
ID_MASK = (1 << SHIFT) - 1
#: the index's words, one row per time a word was written (made per connection, in memory)
VOCAB = "search_index_words"
CREATE_VOCAB = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{VOCAB} USING fts5vocab(main, {TABLE}, 'instance')"
)
#: FTS5's prefix index covers prefixes of these lengths, so it finds them without a merge
PREFIX_LENGTHS = (2, 3)
#: the last character there is: every word that begins with ``x`` sorts before ``x + _LAST``
_LAST = "\U0010ffff"

#: every table with person-written text, and its fixed number in the index
KIND_CODES: Mapping[str, int] = {
    "checkins": 1, "journal_entries": 2, "hurts": 3, "pattern_entries": 4,
    "thought_records": 5, "beliefs": 6, "belief_ratings": 7, "self_promises": 8,
    "self_empathy": 9, "affirmations": 10, "habit_logs": 11, "people": 12,
    "evidence_events": 13, "ladder_rungs": 14, "bridge_plans": 15, "gut_checks": 16,
    "boundaries": 17, "i_statements": 18, "boundary_events": 19, "balance_logs": 20,
    "partner_checkins": 21, "rituals": 22, "rituals_kept": 23, "appreciations": 24,
    "shared_goals": 25, "goal_reviews": 26, "wins": 27, "support_contacts": 28,
    "safety_plans": 29,
}  # fmt: skip
#: tables whose private columns hold no words (a self-check's answers are numbers)
NOT_WORDS = frozenset({"safety_checks"})

#: table -> (its plain text columns, its JSON columns whose string values are words)
Columns = Mapping[str, tuple[Sequence[str], Sequence[str]]]
#: called as the rebuild goes with (done, total)
Progress = Callable[[int, int], None]
#: below this many rows a rebuild takes well under a second, so it says nothing
QUIET_BELOW = 20_000
CHUNK = 5_000


def index_key(table: str, row_id: int) -> int:
    """Where the row ``row_id`` of ``table`` sits in the index."""
    return (KIND_CODES[table] << SHIFT) | row_id


def split_key(key: int) -> tuple[str, int]:
    """The table and row id of an index key (the inverse of :func:`index_key`)."""
    code, row_id = key >> SHIFT, key & ((1 << SHIFT) - 1)
    return _TABLES[code], row_id


_TABLES = {code: table for table, code in KIND_CODES.items()}


def model_columns() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """What the models say should be indexed: every ``PrivateText`` and ``PrivateJSON`` column."""
    from trustbridge.store.models import Base
    from trustbridge.store.types import PrivateJSON, PrivateText

    found: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        texts = tuple(c.name for c in table.columns if isinstance(c.type, PrivateText))
        jsons = tuple(c.name for c in table.columns if isinstance(c.type, PrivateJSON))
        if (texts or jsons) and table.name not in NOT_WORDS:
            found[table.name] = (texts, jsons)
    return found


def words_sql(row: str, texts: Sequence[str], jsons: Sequence[str]) -> str:
    """An SQL expression joining a row's words (``row`` is ``NEW``, ``OLD`` or a table name)."""
    parts = [f'{row}."{name}"' for name in texts]
    parts += [
        f"CASE WHEN json_valid({row}.\"{name}\") THEN (SELECT group_concat(value, ' ')"
        f" FROM json_tree({row}.\"{name}\") WHERE type = 'text') END"
        for name in jsons
    ]
    return f"concat_ws(' ', {', '.join(parts)})"


def trigger_statements(table: str, texts: Sequence[str], jsons: Sequence[str]) -> list[str]:
    """The three triggers that keep ``table``'s rows in the index: insert, update, delete."""
    key_new = f"(({KIND_CODES[table]} << {SHIFT}) | NEW.id)"
    key_old = f"(({KIND_CODES[table]} << {SHIFT}) | OLD.id)"
    add = f"INSERT INTO {TABLE}(rowid, text) VALUES ({key_new}, {words_sql('NEW', texts, jsons)});"
    remove = f"DELETE FROM {TABLE} WHERE rowid = {key_old};"
    watched = ", ".join(f'"{name}"' for name in ["id", *texts, *jsons])
    return [
        f"CREATE TRIGGER {TABLE}_{table}_ai AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {TABLE}_{table}_au AFTER UPDATE OF {watched} ON {table}"
        f" BEGIN {remove} {add} END",
        f"CREATE TRIGGER {TABLE}_{table}_ad AFTER DELETE ON {table} BEGIN {remove} END",
    ]


#: FTS5 settings a bulk fill of the empty index changes for its while, each with FTS5's
#: default: no merging of segments as they are written (``automerge``), and four times the
#: words held in memory before one is written (``hashsize``, in bytes): a few larger segments,
#: made in about three quarters of the time, holding the same rows and words
BULK_SETTINGS: Mapping[str, tuple[int, int]] = {"automerge": (0, 4), "hashsize": (4 << 20, 1 << 20)}


@contextmanager
def filled_in_bulk(execute: Callable[[str], Any]) -> Iterator[None]:
    """Within: the index takes rows with :data:`BULK_SETTINGS`; after it, each setting is back
    as it was: a setting never made is set to FTS5's default (which this connection then
    holds) and its row taken out again, so the index's settings are what they were, row for
    row. On an error within, nothing is put back here: the caller's rollback undoes the
    settings with the rest."""
    names = ", ".join(f"'{name}'" for name in BULK_SETTINGS)
    kept = dict(execute(f"SELECT k, v FROM {TABLE}_config WHERE k IN ({names})").fetchall())
    for name, (bulk, _default) in BULK_SETTINGS.items():
        _configure(execute, name, bulk)
    yield
    for name, (_bulk, default) in BULK_SETTINGS.items():
        _configure(execute, name, int(kept.get(name, default)))
    if unset := [name for name in BULK_SETTINGS if name not in kept]:
        marks = ", ".join(f"'{name}'" for name in unset)
        execute(f"DELETE FROM {TABLE}_config WHERE k IN ({marks})")


def _configure(execute: Callable[[str], Any], name: str, value: int) -> None:
    execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES('{name}', {int(value)})")


def drop_trigger_statements(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {TABLE}_{table}_{when}" for when in ("ai", "au", "ad")]


def install(execute: Callable[[str], Any], columns: Columns) -> None:
    """Create the index (if missing) and (re)create the triggers of every table in ``columns``."""
    execute(CREATE_TABLE)
    execute(SECURE_DELETE)
    for table, (texts, jsons) in columns.items():
        for statement in drop_trigger_statements(table) + trigger_statements(table, texts, jsons):
            execute(statement)


def rebuild(
    execute: Callable[[str], Any], columns: Columns, progress: Progress | None = None
) -> int:
    """Fill the index afresh from every table in ``columns``; returns how many rows it holds.

    ``execute(sql)`` runs one statement and returns its result (a cursor or SQLAlchemy's).
    The old index is dropped whole rather than emptied row by row: with secure-delete, FTS5
    takes minutes to take 100,000 rows out one by one and fill the index again, and dropping
    it frees its pages, which the store's ``PRAGMA secure_delete`` overwrites. Rows go in
    chunks so ``progress`` can be told how far it has got.
    """
    execute(f"DROP TABLE IF EXISTS {TABLE}")
    execute(CREATE_TABLE)
    execute(SECURE_DELETE)
    counts = {t: int(execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in columns}
    total, done = sum(counts.values()), 0
    tell = progress if progress is not None else stderr_counter(total)
    for table, (texts, jsons) in columns.items():
        words, last, left = words_sql(table, texts, jsons), -1, counts[table]
        while left > 0:
            top = execute(
                f"SELECT max(id) FROM (SELECT id FROM {table} WHERE id > {last}"
                f" ORDER BY id LIMIT {CHUNK})"
            ).fetchone()[0]
            if top is None:
                break
            execute(
                f"INSERT INTO {TABLE}(rowid, text) SELECT ({KIND_CODES[table]} << {SHIFT}) | id,"
                f" {words} FROM {table} WHERE id > {last} AND id <= {top}"
            )
            step = min(CHUNK, left)
            done, left, last = done + step, left - step, top
            tell(done, total)
    tell(total, total)
    return total


def stderr_counter(total: int, stream: TextIO | None = None) -> Progress:
    """A plain counter on stderr for a large rebuild, so a long start-up is never silent."""
    out = stream if stream is not None else sys.stderr
    if total < QUIET_BELOW:
        return lambda done, total: None
    at_terminal = out.isatty()
    shown = {"tenth": -1}

    def tell(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if done >= total and shown["tenth"] == tenth:
            return  # the end was already shown
        if tenth == shown["tenth"] and not at_terminal:
            return
        shown["tenth"] = tenth
        line = f"Building the search index: {done:,} of {total:,} entries"
        out.write(f"\r{line}" if at_terminal else f"{line}\n")
        if at_terminal and done >= total:
            out.write("\n")
        out.flush()

    return tell


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """For Alembic's comparisons: the index and its FTS5 tables are not described by models."""
    return not (type_ == "table" and name is not None and name.startswith(TABLE))


def spellings(cursor: Any, start: str, most: int, grouped: int = 0) -> tuple[str, ...] | None:
    """The words in the index that begin with ``start`` (as the index spells it), or ``None``
    when there are more than ``most``; each is one seek, whatever the index holds.

    With ``grouped``, words longer than that are given as their first ``grouped`` letters and
    a ``*`` (``wa*``, ``wo*``), one for all the words that begin so: FTS5's prefix index has
    those ready.
    """
    found: list[str] = []
    after, end = start, start + _LAST
    query = f"SELECT term FROM temp.{VOCAB} WHERE term >= ? AND term < ? LIMIT 1"
    cursor.execute(CREATE_VOCAB)
    while (row := cursor.execute(query, (after, end)).fetchone()) is not None:
        if len(found) == most:
            return None
        word = str(row[0])
        if grouped and len(word) > grouped:
            found.append(word[:grouped] + "*")
            after = word[:grouped] + _LAST  # past every word that begins so
        else:
            found.append(word)
            after = word + "\x01"  # the next word: no word holds a control character
    return tuple(found)


def spans(cursor: Any) -> dict[int, tuple[int, int]]:
    """The first and last id of every kind that has rows (what the index can hold)."""
    query = " UNION ALL ".join(  # min and max apart: each is then one seek
        f"SELECT {code}, (SELECT min(id) FROM {table}), (SELECT max(id) FROM {table})"
        for table, code in KIND_CODES.items()
    )
    rows = cursor.execute(query).fetchall()
    return {int(code): (int(lo), int(hi)) for code, lo, hi in rows if lo is not None}


_NEWEST = (
    f"SELECT rowid, highlight({TABLE}, 0, :open, :close) FROM {TABLE}"
    f" WHERE {TABLE} MATCH :match AND rowid BETWEEN :low AND :high ORDER BY rowid DESC"
)


def newest(
    cursor: Any, expression: str, codes: Iterable[int], each: int, marks: tuple[str, str]
) -> dict[int, list[tuple[int, str]]]:
    """The newest ``each`` matches of every kind in ``codes``, as (key, highlighted text).

    One reading goes down the index from the newest key; when a kind has given ``each`` it
    starts again below that kind, so a kind with few matches costs nothing extra and a kind
    with many is never read further than it needs.
    """
    found: dict[int, list[tuple[int, str]]] = {}
    for low_code, high_code in _runs(codes):
        low, high = low_code << SHIFT, ((high_code + 1) << SHIFT) - 1
        while high >= low:
            params = {"match": expression, "low": low, "high": high}
            rows = cursor.execute(_NEWEST, {**params, "open": marks[0], "close": marks[1]})
            high = low - 1  # read to the end, unless a kind fills up first
            for key, marked in rows:
                taken = found.setdefault(key >> SHIFT, [])
                taken.append((int(key), str(marked or "")))
                if len(taken) == each:
                    high = ((key >> SHIFT) << SHIFT) - 1
                    break
    return found


def older(
    cursor: Any, expression: str, key: int, count: int, marks: tuple[str, str]
) -> list[tuple[int, str]]:
    """Up to ``count`` more matches of ``key``'s kind, the newest of those older than ``key``."""
    params = {"match": expression, "low": (key >> SHIFT) << SHIFT, "high": key - 1}
    rows = cursor.execute(
        _NEWEST + " LIMIT :count", {**params, "open": marks[0], "close": marks[1], "count": count}
    )
    return [(int(found), str(marked or "")) for found, marked in rows]


def _runs(codes: Iterable[int]) -> list[tuple[int, int]]:
    """Kind codes as runs of consecutive numbers, newest (highest) first."""
    runs: list[list[int]] = []
    for code in sorted(set(codes), reverse=True):
        if runs and runs[-1][0] == code + 1:
            runs[-1][0] = code
        else:
            runs.append([code, code])
    return [(low, high) for low, high in runs]


def sample(
    cursor: Any, expression: str, ranges: Sequence[tuple[int, int]], size: int
) -> list[list[int]]:
    """The keys of the first ``size`` matches in each key range (all of them if fewer)."""
    if not ranges:
        return []
    parts, params = [], {"match": expression, "size": size}
    for n, (low, high) in enumerate(ranges):
        parts.append(
            f"SELECT {n}, rowid FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :match"
            f" AND rowid BETWEEN :low{n} AND :high{n} ORDER BY rowid LIMIT :size)"
        )
        params |= {f"low{n}": low, f"high{n}": high}
    found: list[list[int]] = [[] for _ in ranges]
    for n, key in cursor.execute(" UNION ALL ".join(parts), params):
        found[n].append(int(key))
    return found


def first_matches(cursor: Any, expressions: Sequence[str], most: int) -> list[tuple[int, int]]:
    """For each expression on its own: how many of its first ``most`` matches there are, and
    the key of the last of them (0 when none)."""
    parts = [
        f"SELECT {n}, count(*), max(rowid) FROM (SELECT rowid FROM {TABLE}"
        f" WHERE {TABLE} MATCH :e{n} ORDER BY rowid LIMIT :most)"
        for n in range(len(expressions))
    ]
    params: dict[str, object] = {f"e{n}": e for n, e in enumerate(expressions)} | {"most": most}
    rows = sorted(cursor.execute(" UNION ALL ".join(parts), params).fetchall())
    return [(int(count), int(last or 0)) for _, count, last in rows]
