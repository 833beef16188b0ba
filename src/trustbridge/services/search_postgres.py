"""Search in hosted mode: the local search's terms, ranking, snippets and pages, on PostgreSQL.

Only where the matches come from differs from a local store (:mod:`.search`): PostgreSQL's
own index of each table's words (:mod:`trustbridge.store.search_postgres`), read as the
signed-in account, whose rows row-level security and the reads' own ``owner_id`` condition
keep to. The words typed are parsed as locally (each word the start of a word, "phrases"
whole), the newest matches of each kind are marked as FTS5 marks them
(:mod:`trustbridge.domain.search_marks`) and ranked with the same bm25 from those marks,
and the results are the same kinds, links, titles, days and snippets, so one page serves
both modes.

Where a local search estimates beyond its window, here the matches are counted exactly:
an account's entries are few enough for PostgreSQL to count them by its index.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from trustbridge.domain import search_marks, search_rank
from trustbridge.domain.search_query import parse
from trustbridge.services import search as local
from trustbridge.services.search_kinds import kinds_by_table
from trustbridge.store import search_postgres as index

if TYPE_CHECKING:
    from trustbridge.store.db import Store


def search(
    store: Store,
    words: str,
    tool: str | None = None,
    limit: int = local.DEFAULT_LIMIT,
    page: int = 1,
) -> local.Found:
    """:func:`trustbridge.services.search.search`, on the hosted store of one account."""
    from trustbridge.services.entries import Through

    tables = local.tables_asked(tool) or tuple(kinds_by_table())
    terms = parse(words)
    limit, page = max(1, min(limit, local.MAX_LIMIT)), max(1, page)
    if not terms:
        return local.nothing(limit)
    with store.sessions() as session:
        cursor = Through(session).cursor()
        # a term with no word in it is told apart before PostgreSQL would say so in a notice
        cursor.execute("SET LOCAL client_min_messages = warning")
        window = _window(cursor, terms.words, terms.phrases, tables, limit)
        return local.nothing(limit) if window is None else window.page(cursor, limit, page)


def _window(
    cursor: object,
    words: tuple[str, ...],
    phrases: tuple[str, ...],
    tables: tuple[str, ...],
    limit: int,
) -> local.Window | None:
    """The newest matches of each kind, ranked as locally; ``None`` when nothing matches."""
    owner: int | None = getattr(cursor, "owner", None)
    if index.without_words(cursor, [*words, *phrases]):
        return None  # a term of symbols only PostgreSQL's parser skips: nothing can have it
    parts = [index.operand(w, prefix=True) for w in words]
    parts += [index.operand(p, prefix=False) for p in phrases]
    expression = " & ".join(parts)
    # a term's weight is from all of the account's entries, as locally, whatever the tool
    every = index.entries(cursor, tuple(kinds_by_table()), owner)
    having_any = [t for t, n in every.items() if n]  # the only tables worth asking about words
    wanted = [t for t in having_any if t in tables]
    found = {t: n for t, n in index.counts(cursor, expression, wanted, owner).items() if n}
    if not found:
        return None
    least = max(local.EACH_AT_LEAST, limit)
    newest = index.newest(cursor, expression, _shares(found, local.WINDOW, least), owner)
    rows = []
    for key, written in newest:
        marked = search_marks.mark(written, words, phrases, (local.OPEN, local.CLOSE))
        rows.append((key, marked, search_rank.entry(marked)))
    needles = [search_rank.needle(w, prefix=True) for w in words]
    needles += [search_rank.needle(p, prefix=False) for p in phrases]
    entries = sum(every.values())
    weights = [1.0] * len(parts)
    if len(parts) > 1:
        having = index.having(cursor, parts, having_any, owner)
        weights = [search_rank.weight(entries, min(n, entries)) for n in having]
    return local.Window(rows, needles, weights, sum(found.values()), True)


def _shares(found: Mapping[str, int], window: int, least: int) -> dict[str, int]:
    """How many of each kind's newest matches to rank: ``window`` shared among the kinds
    that match, a kind with few taking only those and leaving the rest to the others, and
    each at least ``least`` (a page's worth) when it has them."""
    takes: dict[str, int] = {}
    left = window
    order = sorted(found, key=lambda table: found[table])
    for n, table in enumerate(order):
        share = max(least, left // (len(order) - n))
        takes[table] = min(found[table], share)
        left -= takes[table]
    return takes
