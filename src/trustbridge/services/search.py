"""Search everything a person wrote: the best of the newest matches first, matches marked.

The words come from the store's FTS5 index (see :mod:`trustbridge.store.search_index`); the
query is built from the words typed (:mod:`trustbridge.domain.search_query`), never passed
on as FTS5 syntax.

Why not FTS5's own ``ORDER BY rank``: to name the best it scores every match, and bm25 first
counts, term by term, every entry that has it. When a word is in most of 100,000 entries that
takes a tenth of a second or more, and a count of them as long again. So a search does only
bounded work, however many entries match:

- each typed word is looked up in the index's own word list and searched as the words it
  starts (``walk`` as walk, walked, walking), which FTS5 finds by seeking, where a prefix
  would first make a list of every entry that has one;
- the newest matches of each kind, a window of at most about :data:`WINDOW`, are read with
  FTS5's marks, and those are ranked by bm25 (:mod:`trustbridge.domain.search_rank`), each
  term weighted by how many entries have it;
- how many match in all is counted exactly while it is small, and beyond the window
  estimated from a few samples spread over each kind, and then said to be "about" so many.

When every match fits in the window, every match is ranked and the count is exact: the same
as ranking them all.

The search runs on a DB-API connection to the store, not on SQLAlchemy: the command line
opens one without loading SQLAlchemy at all (:func:`trustbridge.store.quick.connect`), which
alone takes longer than the whole command may, and the web (or the command line, when the
store must first be made, unlocked or brought up to date) hands over the one under an open
store (:func:`search_store`). The records shown are read as plain rows on the same
connection (:mod:`trustbridge.store.rows`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from trustbridge.domain import search_rank
from trustbridge.domain.search_query import (
    SearchTerms,
    folded,
    match_expression,
    match_parts,
    parse,
)
from trustbridge.services.search_kinds import Kind, kinds_by_table, tables_for, tool_names
from trustbridge.store import rows, search_index

if TYPE_CHECKING:
    from trustbridge.store.db import Store

DEFAULT_LIMIT = 20
MAX_LIMIT = 500
#: around a match, how many words a snippet shows
SNIPPET_WORDS = 24
OPEN, CLOSE = search_rank.OPEN, search_rank.CLOSE
_MARKED = re.compile(f"{OPEN}(.*?){CLOSE}", re.DOTALL)
#: how many matches a search ranks at most, shared among the kinds that have entries (each
#: kind gets at least :data:`EACH_AT_LEAST`, and at least one page)
WINDOW = 200
EACH_AT_LEAST = 12
#: a typed word that starts more words of the index than this is left to FTS5 as a prefix
MOST_SPELLINGS = 16
#: a single letter is looked for as itself and as the two-letter starts that follow it (wa*,
#: wo*…), which FTS5's prefix index holds; more than this many, and it is left to FTS5 too
MOST_LETTER_STARTS = 40
#: counting beyond the window: this many samples in each kind, of up to this many matches
STRATA, SAMPLE = 2, 16
#: a term's weight comes from how many of its first this-many matches there are
WEIGHT_SAMPLE = 500

#: a piece of a snippet: its text, and whether it is a matching word
Segment = tuple[str, bool]


class SearchResult(NamedTuple):
    """One record that matched: what it is, where it lives, and the words around the match."""

    kind: str
    label: str
    id: int
    title: str
    snippet: tuple[Segment, ...]
    link: str
    day: dt.date
    #: the title is a name of the record's own, not the start of what was written in it
    named: bool = True

    @property
    def snippet_text(self) -> str:
        return "".join(piece for piece, _ in self.snippet)

    @property
    def shown_title(self) -> str:
        """The title to show above the snippet: nothing when it is made of the record's own
        words and the snippet already shows them (an untitled journal entry is called by its
        first words, which its snippet would repeat)."""
        if self.named:
            return self.title
        core = " ".join(self.title.rstrip("…").split()).casefold()
        return "" if core and core in " ".join(self.snippet_text.split()).casefold() else self.title


class Found(NamedTuple):
    """One page of a search's results, and how many entries match in all.

    :param total: how many entries match; an estimate when ``exact`` is false
    :param ranked: how many of them were ranked, best first: the pages reach this far
    """

    results: tuple[SearchResult, ...]
    total: int
    exact: bool
    ranked: int
    page: int
    limit: int

    @property
    def first(self) -> int:
        """The number of this page's first result, counting from 1."""
        return (self.page - 1) * self.limit + 1

    @property
    def last(self) -> int:
        """The number of this page's last result."""
        return self.first + len(self.results) - 1

    @property
    def more(self) -> bool:
        """Whether another page follows this one."""
        return self.page * self.limit < self.ranked

    @property
    def every_match_ranked(self) -> bool:
        """Whether the pages reach every match (else only the best of the newest)."""
        return self.exact and self.ranked >= self.total

    @property
    def pages(self) -> int:
        """How many pages the ranked matches fill."""
        return max(1, math.ceil(self.ranked / self.limit))

    @property
    def shown_total(self) -> int:
        """The total as it should be said: an estimate to two figures (about 56,000)."""
        if self.exact or self.total < 100:
            return self.total
        return round(self.total, 2 - len(str(self.total)))


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
    connection: Any,
    words: str,
    tool: str | None = None,
    limit: int = DEFAULT_LIMIT,
    page: int = 1,
) -> Found:
    """The ``page``-th ``limit`` best of the newest matches for ``words``; none when nothing
    matches.

    :param connection: a DB-API connection to a SQLite store at this code's schema (its
        index and tables are only read)
    :param words: what the person typed: words (each found as the start of a word, in any
        case and with or without accents) and "phrases in double quotes"
    :param tool: narrow to one tool (``journal``, ``people``, ``boundaries``…); ``NotFound``
        when there is no such tool
    :param limit: at most this many results on a page
    :param page: which page, from 1 (one past the last gives the last)
    """
    tables = tables_asked(tool) or tuple(kinds_by_table())
    terms = parse(words)
    limit, page = max(1, min(limit, MAX_LIMIT)), max(1, page)
    if not terms:
        return nothing(limit)
    cursor = connection.cursor()
    try:
        window = _window(cursor, terms, tables, limit)
        return nothing(limit) if window is None else window.page(cursor, limit, page)
    finally:
        cursor.close()


def search_store(
    store: Store,
    words: str,
    tool: str | None = None,
    limit: int = DEFAULT_LIMIT,
    page: int = 1,
) -> Found:
    """:func:`search` on an open store's own connection (the web, and the command line when
    the store had to be opened the long way); on PostgreSQL (hosted mode), the same search on
    its own index (:mod:`.search_postgres`), as the store's account."""
    if store.engine.dialect.name != "sqlite":
        from trustbridge.services import search_postgres

        return search_postgres.search(store, words, tool, limit, page)
    with store.sessions() as session:
        return search(session.connection().connection, words, tool, limit, page)


def nothing(limit: int) -> Found:
    """An empty first page (hosted search uses it too)."""
    return Found((), 0, True, 0, 1, limit)


class Window(NamedTuple):
    """The matches a search looked at closely, and what it learnt of the rest (hosted
    search fills one from PostgreSQL)."""

    rows: list[tuple[int, str, search_rank.Entry]]
    needles: list[search_rank.Needle]
    weights: list[float]
    total: int
    exact: bool

    def best(self) -> list[tuple[int, str]]:
        """The keys and highlighted texts, best first by bm25; among equals, newest first."""
        lengths = [found.length for _, _, found in self.rows]
        average = math.fsum(lengths) / len(lengths)  # statistics.fmean; importing it costs 5 ms

        def score(row: tuple[int, str, search_rank.Entry]) -> tuple[float, int]:
            return -search_rank.bm25(row[2], self.needles, self.weights, average), -row[0]

        return [(key, marked) for key, marked, _ in sorted(self.rows, key=score)]

    def page(self, cursor: Any, limit: int, page: int) -> Found:
        """The ``page``-th ``limit`` best, each with its record read on ``cursor`` (one past
        the last page gives the last)."""
        best = self.best()
        page = min(page, math.ceil(len(best) / limit))
        shown = best[(page - 1) * limit : page * limit]
        records = _load(cursor, [key for key, _ in shown])
        results = []
        for key, marked in shown:
            table, row_id = search_index.split_key(key)
            record = records.get((table, row_id))
            if record is not None:  # a row deleted since the search read the index
                snippet = search_rank.snippet(marked, SNIPPET_WORDS)
                results.append(_result(kinds_by_table()[table], record, snippet))
        return Found(tuple(results), self.total, self.exact, len(best), page, limit)


def _window(cursor: Any, terms: SearchTerms, tables: Sequence[str], limit: int) -> Window | None:
    """Read the newest matches of every kind in ``tables``; ``None`` when nothing can match."""
    spans = search_index.spans(cursor)
    codes = [search_index.KIND_CODES[t] for t in tables if search_index.KIND_CODES[t] in spans]
    spelled = _spellings(cursor, terms.words)
    if not codes or any(not found for found in spelled.values()):
        return None  # no entries there, or a word nothing written starts
    parts = match_parts(terms, spelled)
    expression = match_expression(terms, spelled) or ""
    newest, full = _newest(cursor, expression, codes, limit)
    if not newest:
        return None
    total, exact = _count(cursor, expression, newest, spans, full)
    rows = [(key, marked, search_rank.entry(marked)) for found in newest.values()
            for key, marked in found]  # fmt: skip
    needles = [search_rank.needle(w, prefix=True) for w in terms.words]
    needles += [search_rank.needle(p, prefix=False) for p in terms.phrases]
    return Window(rows, needles, _weights(cursor, parts, spans), total, exact)


def _newest(
    cursor: Any, expression: str, codes: Sequence[int], limit: int
) -> tuple[dict[int, list[tuple[int, str]]], set[int]]:
    """The newest matches of each kind, :data:`WINDOW` shared among the kinds, and the kinds
    that may have more.

    Each kind with entries first gets an even share; when few kinds have matches, those that
    filled theirs share what is left, once.
    """
    each = max(EACH_AT_LEAST, WINDOW // len(codes), limit)
    marks = (OPEN, CLOSE)
    newest = search_index.newest(cursor, expression, codes, each, marks)
    full = {code for code, found in newest.items() if len(found) == each}
    left = WINDOW - sum(len(found) for found in newest.values())
    more = left // len(full) if full else 0
    if more >= each // 2:
        for code in list(full):
            found = newest[code]
            found += search_index.older(cursor, expression, found[-1][0], more, marks)
            if len(found) < each + more:
                full.discard(code)
    return newest, full


def _spellings(cursor: Any, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The index's words each typed word starts, where the index can list them exactly."""
    found: dict[str, tuple[str, ...]] = {}
    for word in words:
        start = folded(word)
        if start is None or len(start) in search_index.PREFIX_LENGTHS:
            continue  # FTS5's prefix search, fast for these lengths or the only exact one
        if len(start) == 1:  # every word that begins with it would be far too many to list
            grouped = search_index.PREFIX_LENGTHS[0]
            spelled = search_index.spellings(cursor, start, MOST_LETTER_STARTS, grouped)
        else:
            spelled = search_index.spellings(cursor, start, MOST_SPELLINGS)
        if spelled is not None:
            found[word] = spelled
    return found


def _count(
    cursor: Any,
    expression: str,
    newest: dict[int, list[tuple[int, str]]],
    spans: dict[int, tuple[int, int]],
    full: set[int],
) -> tuple[int, bool]:
    """How many entries match: exact when every kind ran out inside the window; otherwise
    the rest of each ``full`` kind is counted in :data:`STRATA` even slices of its ids, each
    exactly if it has fewer than :data:`SAMPLE` matches, else from how closely the first
    :data:`SAMPLE` of them lie."""
    total = sum(len(found) for found in newest.values())
    slices = []
    for code, found in newest.items():
        if code in full:
            first = (code << search_index.SHIFT) | spans[code][0]
            slices += _slices(first, found[-1][0] - 1, STRATA)
    exact = True
    samples = search_index.sample(cursor, expression, slices, SAMPLE)
    for (low, high), keys in zip(slices, samples, strict=True):
        if len(keys) < SAMPLE:
            total += len(keys)
        else:
            exact = False
            total += round(SAMPLE * (high - low + 1) / (max(keys) - low + 1))
    return total, exact


def _slices(low: int, high: int, count: int) -> list[tuple[int, int]]:
    """``low``…``high`` cut into at most ``count`` even, adjoining ranges."""
    if high < low:
        return []
    size = max(1, math.ceil((high - low + 1) / count))
    return [(start, min(start + size - 1, high)) for start in range(low, high + 1, size)]


def _weights(cursor: Any, parts: Sequence[str], spans: dict[int, tuple[int, int]]) -> list[float]:
    """Each term's bm25 weight, from how many entries have it (one term: no need to know).

    Counted exactly up to :data:`WEIGHT_SAMPLE`; beyond that, from how far into the index
    its first :data:`WEIGHT_SAMPLE` matches reach.
    """
    if len(parts) < 2:
        return [1.0] * len(parts)
    sizes = {code: hi - lo + 1 for code, (lo, hi) in sorted(spans.items())}
    entries = sum(sizes.values())
    weights = []
    for count, last in search_index.first_matches(cursor, parts, WEIGHT_SAMPLE):
        having = count
        if count == WEIGHT_SAMPLE:
            code, row_id = last >> search_index.SHIFT, last & search_index.ID_MASK
            before = sum(n for c, n in sizes.items() if c < code)
            reached = before + row_id - spans[code][0] + 1
            having = max(count, round(count * entries / max(reached, 1)))
        weights.append(search_rank.weight(entries, min(having, entries)))
    return weights


def unknown_tool(tool: str | None) -> str:
    """What to say when ``tool`` is no tool a search can look in; empty when it is (or when
    no tool was given)."""
    if tool is None or not tool.strip() or tables_for(tool):
        return ""
    names = ", ".join(n.replace("_", "-") for n in tool_names())
    return f"There is no tool called {tool!r} to search in. Try one of: {names}."


def tables_asked(tool: str | None) -> tuple[str, ...]:
    """The tables a search in ``tool`` looks in; empty for every tool. Raises ``NotFound``
    for a tool that does not exist."""
    if unknown := unknown_tool(tool):
        # only now: the services' base module brings the crisis check, slow to load
        from trustbridge.services.base import NotFound

        raise NotFound(unknown)
    return () if tool is None or not tool.strip() else tables_for(tool)


def _load(cursor: Any, keys: Sequence[int]) -> dict[tuple[str, int], Any]:
    """The records behind the index keys, as plain rows: one query per table."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        table, row_id = search_index.split_key(key)
        if table in kinds_by_table():
            wanted[table].append(row_id)
    records: dict[tuple[str, int], Any] = {}
    for table, ids in wanted.items():
        for row_id, record in rows.read(cursor, table, kinds_by_table()[table].reads, ids).items():
            records[(table, row_id)] = record
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
        named=kind.named(record),
    )
