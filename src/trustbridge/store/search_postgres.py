"""Search on PostgreSQL: each table's words in a generated ``tsvector`` column, and the reads.

A local store keeps one FTS5 index beside the tables (:mod:`.search_index`). On PostgreSQL
the words stay in their own rows instead (migration 0010): ``search_words``, generated from
the same columns, with a GIN index. So the index needs no triggers of its own, and a row's
words are held by that row's ``owner_id`` and row-level security like everything else in it:
a search sees only what its account may read, and narrows to the account's own rows as well
(a partner's shared entries are for the partner space's page, not for one's search).

The reads give the search service (:mod:`trustbridge.services.search_postgres`) what FTS5
gives it locally: how many entries of each kind match, the newest matches of each kind (their
words, which the service marks as FTS5 would), and how many entries have each term. Keys are the local index's
(``(kind code << 40) | id``), so both modes share the ranking, the snippets and the pages.

What a person typed never becomes query syntax: each term goes to ``to_tsquery`` quoted (see
:func:`operand`), so PostgreSQL reads it as words only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from trustbridge.store.search_index import KIND_CODES, SHIFT, model_columns

#: the text search configuration: ``simple`` (every word, lower case, no stemming), with
#: ``unaccent`` in front where the server has it
CONFIG = "trustbridge_search"
#: the generated column each searchable table gets
COLUMN = "search_words"
#: the token types that hold letters, which ``unaccent`` folds before ``simple`` keeps them
_LETTER_TOKENS = "hword, hword_part, word"
_ACCENTS = "unaccent"

Columns = Mapping[str, tuple[Sequence[str], Sequence[str]]]


def _texts_joined(texts: Sequence[str], table: str = "") -> str:
    """The text columns as one text, one space between (immutable, as a generated column
    must be: ``concat_ws`` is not)."""
    at = f"{table}." if table else ""
    return " || ' ' || ".join(f"coalesce({at}\"{name}\", '')" for name in texts)


def words_expression(texts: Sequence[str], jsons: Sequence[str]) -> str:
    """The generated column's expression: the words of the text columns, and the string
    values of the JSON ones (a thought record's named emotions)."""
    parts = [f"to_tsvector('{CONFIG}'::regconfig, {_texts_joined(texts)})"]
    parts += [
        f"jsonb_to_tsvector('{CONFIG}'::regconfig, coalesce(\"{name}\"::jsonb, 'null'::jsonb),"
        " '[\"string\"]'::jsonb)"
        for name in jsons
    ]
    return " || ".join(parts)


def text_expression(table: str, texts: Sequence[str], jsons: Sequence[str]) -> str:
    """The words as text, in the order the column reads them: what a match is marked in."""
    parts = [_texts_joined(texts, table)]
    parts += [
        f"coalesce((SELECT string_agg(v #>> '{{}}', ' ') FROM jsonb_path_query("
        f"{table}.\"{name}\"::jsonb, 'strict $.**') AS v WHERE jsonb_typeof(v) = 'string'), '')"
        for name in jsons
    ]
    return " || ' ' || ".join(parts)


def _accents_folded(execute: Callable[[str], Any]) -> str | None:
    """The schema of the ``unaccent`` dictionary, made if need be and allowed; ``None`` when
    the server has no such extension or this role may not add it."""
    found = execute(
        "SELECT n.nspname FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace"
        f" WHERE d.dictname = '{_ACCENTS}' LIMIT 1"
    ).fetchone()
    if found is not None:
        return str(found[0])
    may = execute(
        f"SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = '{_ACCENTS}')"
        " AND has_database_privilege(current_database(), 'CREATE')"
        " AND has_schema_privilege(current_schema(), 'CREATE')"
    ).fetchone()
    if not may or not may[0]:
        return None
    execute(f"CREATE EXTENSION IF NOT EXISTS {_ACCENTS} SCHEMA {_current_schema(execute)}")
    return _current_schema(execute)


def _current_schema(execute: Callable[[str], Any]) -> str:
    return str(execute("SELECT quote_ident(current_schema())").fetchone()[0])


def install_statements(execute: Callable[[str], Any], columns: Columns) -> list[str]:
    """What makes the configuration, the columns and their indexes (``execute`` is used to
    look at the server first, and to add ``unaccent`` when it may)."""
    statements = [f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)"]
    schema = _accents_folded(execute)
    if schema is not None:
        statements.append(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {_LETTER_TOKENS}"
            f" WITH {schema}.{_ACCENTS}, simple"
        )
    for table, (texts, jsons) in columns.items():
        statements += [
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector"
            f" GENERATED ALWAYS AS ({words_expression(texts, jsons)}) STORED",
            f"CREATE INDEX ix_{table}_{COLUMN} ON {table} USING gin ({COLUMN})",
        ]
    return statements


def remove_statements(columns: Columns) -> list[str]:
    statements = []
    for table in columns:
        statements += [
            f"DROP INDEX IF EXISTS ix_{table}_{COLUMN}",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}",
        ]
    return [*statements, f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}"]


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """For Alembic's comparisons: the columns and indexes PostgreSQL generates are not
    described by the models."""
    if name is None:
        return True
    if type_ == "column":
        return name != COLUMN
    return not (type_ == "index" and name.endswith(f"_{COLUMN}"))


# --- reading ------------------------------------------------------------------------------


def operand(text: str, prefix: bool) -> str:
    """One term as ``to_tsquery`` reads it: quoted, so it is words and never operators
    (``walk`` as ``'walk':*``, every word it holds as the start of a word)."""
    quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


@cache
def _columns() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The columns each table's words come from (the models': a test checks 0010 has them)."""
    return model_columns()


def _query() -> str:
    return f"to_tsquery('{CONFIG}', ?)"


def _mine(owner: int | None) -> tuple[str, tuple[object, ...]]:
    return ("owner_id = ? AND ", (owner,)) if owner is not None else ("", ())


def without_words(cursor: Any, terms: Sequence[str]) -> bool:
    """Whether any term holds nothing PostgreSQL reads as a word (it can match nothing)."""
    if not terms:
        return True
    picks = " UNION ALL ".join(
        f"SELECT array_length(tsvector_to_array(to_tsvector('{CONFIG}', ?)), 1)" for _ in terms
    )
    cursor.execute(picks, tuple(terms))
    return any(row[0] is None for row in cursor.fetchall())


def entries(cursor: Any, tables: Sequence[str], owner: int | None) -> dict[str, int]:
    """How many entries the account has in each of ``tables`` (each counted from the
    ``owner_id`` index alone)."""
    where = " WHERE owner_id = ?" if owner is not None else ""
    parts = [f"SELECT {n}, (SELECT count(*) FROM {table}{where})" for n, table in enumerate(tables)]
    cursor.execute(" UNION ALL ".join(parts), tuple([owner] * len(tables) if where else ()))
    return {tables[int(n)]: int(count) for n, count in cursor.fetchall()}


def counts(
    cursor: Any, expression: str, tables: Sequence[str], owner: int | None
) -> dict[str, int]:
    """How many of the account's entries in each of ``tables`` match ``expression``."""
    if not tables:
        return {}
    mine, who = _mine(owner)
    parts = [
        f"SELECT {n}, (SELECT count(*) FROM {table} WHERE {mine}{COLUMN} @@ {_query()})"
        for n, table in enumerate(tables)
    ]
    cursor.execute(" UNION ALL ".join(parts), tuple([*who, expression] * len(tables)))
    return {tables[int(n)]: int(count) for n, count in cursor.fetchall()}


def newest(
    cursor: Any, expression: str, takes: Mapping[str, int], owner: int | None
) -> list[tuple[int, str]]:
    """The newest ``takes[table]`` matches of each table, as (key, the words as text)."""
    mine, who = _mine(owner)
    parts, params = [], []
    for table, take in takes.items():
        texts, jsons = _columns()[table]
        parts.append(
            f"(SELECT ({KIND_CODES[table]}::bigint << {SHIFT}) | {table}.id AS key,"
            f" {text_expression(table, texts, jsons)} AS words FROM {table}"
            f" WHERE {mine}{COLUMN} @@ {_query()} ORDER BY {table}.id DESC LIMIT {int(take)})"
        )
        params += [*who, expression]
    if not parts:
        return []
    cursor.execute(
        f"SELECT found.key, found.words FROM ({' UNION ALL '.join(parts)}) AS found"
        " ORDER BY found.key DESC",
        tuple(params),
    )
    return [(int(key), str(words or "")) for key, words in cursor.fetchall()]


def having(
    cursor: Any, expressions: Sequence[str], tables: Sequence[str], owner: int | None
) -> list[int]:
    """For each expression on its own: how many of the account's entries in ``tables`` match."""
    mine, who = _mine(owner)
    rows, params = [], []
    for n, expression in enumerate(expressions):
        sums = " + ".join(
            f"(SELECT count(*) FROM {table} WHERE {mine}{COLUMN} @@ {_query()})" for table in tables
        )
        rows.append(f"SELECT {n}, {sums}")
        for _ in tables:
            params += [*who, expression]
    cursor.execute(" UNION ALL ".join(rows), tuple(params))
    return [int(count) for _, count in sorted(cursor.fetchall())]
