"""Search everything a person wrote: best matches first (bm25), with the matching words marked.

The words come from the store's FTS5 index (see :mod:`trustbridge.store.search_index`); the
query is built from the words typed (:mod:`trustbridge.domain.search_query`), never passed
on as FTS5 syntax.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from trustbridge.domain.search_query import match_expression, parse
from trustbridge.services.base import NotFound
from trustbridge.services.search_kinds import Kind, kinds_by_table, tables_for, tool_names
from trustbridge.store import search_index
from trustbridge.store.db import Store

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: around a match, how many words a snippet shows
SNIPPET_WORDS = 24
#: marks FTS5 puts around a matching word; control characters no form lets a person save
OPEN, CLOSE = "\x02", "\x03"
_MARKED = re.compile(f"{OPEN}(.*?){CLOSE}", re.DOTALL)

#: a piece of a snippet: its text, and whether it is a matching word
Segment = tuple[str, bool]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One record that matched: what it is, where it lives, and the words around the match."""

    kind: str
    label: str
    id: int
    title: str
    snippet: tuple[Segment, ...]
    link: str
    day: dt.date

    @property
    def snippet_text(self) -> str:
        return "".join(piece for piece, _ in self.snippet)


def segments(marked: str) -> tuple[Segment, ...]:
    """Split a snippet with FTS5's marks into plain and matching pieces (marks removed)."""
    pieces: list[Segment] = []
    at = 0
    for found in _MARKED.finditer(marked):
        pieces.append((marked[at : found.start()], False))
        pieces.append((found.group(1), True))
        at = found.end()
    pieces.append((marked[at:], False))
    return tuple((_unmarked(t), hit) for t, hit in pieces if _unmarked(t))


def _unmarked(piece: str) -> str:
    return piece.replace(OPEN, "").replace(CLOSE, "")


def search(
    store: Store, words: str, tool: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[SearchResult]:
    """The records whose words match ``words``, best first; empty when nothing matches.

    :param words: what the person typed: words (each found as the start of a word, in any
        case and with or without accents) and "phrases in double quotes"
    :param tool: narrow to one tool (``journal``, ``people``, ``boundaries``…); ``NotFound``
        when there is no such tool
    :param limit: at most this many results
    """
    tables = _tables(tool)
    expression = match_expression(parse(words))
    if expression is None or store.engine.dialect.name != "sqlite":
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    with store.sessions() as session:
        hits = _matches(session, expression, tables, limit)
        records = _load(session, hits)
    results = []
    for key, marked in hits:
        table, row_id = search_index.split_key(key)
        record = records.get((table, row_id))
        if record is not None:  # a table search does not show (yet) is left out
            results.append(_result(kinds_by_table()[table], record, marked))
    return results


def _tables(tool: str | None) -> tuple[str, ...]:
    if tool is None or not tool.strip():
        return ()
    tables = tables_for(tool)
    if not tables:
        names = ", ".join(n.replace("_", "-") for n in tool_names())
        raise NotFound(f"There is no tool called {tool!r} to search in. Try one of: {names}.")
    return tables


def _matches(
    session: Session, expression: str, tables: Sequence[str], limit: int
) -> list[tuple[int, str]]:
    """The index keys and marked snippets of the best matches, best first."""
    only = ""
    if tables:  # the codes are our own numbers, never input
        codes = ", ".join(str(search_index.KIND_CODES[t]) for t in tables)
        only = f" AND (rowid >> {search_index.SHIFT}) IN ({codes})"
    query = text(
        f"SELECT rowid, snippet({search_index.TABLE}, 0, :open, :close, '…', {SNIPPET_WORDS})"
        f" FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH :match{only}"
        " ORDER BY rank LIMIT :limit"
    )
    found = session.execute(
        query, {"open": OPEN, "close": CLOSE, "match": expression, "limit": limit}
    )
    return [(int(key), str(marked or "")) for key, marked in found]


def _load(session: Session, hits: Sequence[tuple[int, str]]) -> dict[tuple[str, int], Any]:
    """The records behind the hits, one query per table."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for key, _ in hits:
        table, row_id = search_index.split_key(key)
        if table in kinds_by_table():
            wanted[table].append(row_id)
    records: dict[tuple[str, int], Any] = {}
    for table, ids in wanted.items():
        model = kinds_by_table()[table].model
        for record in session.scalars(select(model).where(model.id.in_(ids))):
            records[(table, record.id)] = record
    return records


def _result(kind: Kind, record: Any, marked: str) -> SearchResult:
    return SearchResult(
        kind=kind.name,
        label=kind.label,
        id=record.id,
        title=kind.title(record) or kind.label,
        snippet=segments(marked),
        link=kind.link(record),
        day=kind.day(record),
    )
