"""Listing and showing any tool's entries: the one place entries are read for a list or a page.

Runs on a DB-API connection, so the command line reads without SQLAlchemy, on a plain
read-only connection (importing SQLAlchemy and the models takes longer than a whole command
may), and the web and the long path of the command line on the store's own connection
(:func:`trustbridge.services.entries.recent` and ``get``). What comes back has the models'
attribute names and values, children included (a belief's ratings, oldest first), so pages
and commands use it as they would the models; a test compares the two for every tool.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from trustbridge.services.catalog import ToolSpec, spec, tool_specs
from trustbridge.services.errors import NotFound
from trustbridge.store import rows

#: the most entries one page of a list holds
MAX_PAGE = 500
#: children read with their entries: the tool, then the child table, the column naming the
#: entry, the attribute that holds them, and their order (as the models' relationships)
_CHILDREN = {"belief_tracker": ("belief_ratings", "belief_id", "ratings", "rated_at, id")}


def recent(connection: Any, slug: str, limit: int = 50, offset: int = 0) -> list[SimpleNamespace]:
    """A tool's entries, newest first: ``limit`` of them (at most :data:`MAX_PAGE`)."""
    tool = spec(slug)
    order = f"{tool.table}.created_at DESC, {tool.table}.id DESC"
    cursor = connection.cursor()
    found = rows.select(
        cursor,
        tool.table,
        tool.scope,
        order=order,
        limit=max(1, min(limit, MAX_PAGE)),
        offset=max(0, offset),
    )
    return _with_children(cursor, tool, found)


def get(connection: Any, slug: str, entry_id: int) -> SimpleNamespace:
    """One entry of a tool, with its children; ``NotFound`` if there is none.

    By number and by the tool's scope: a promise with someone is not one of "promises to
    myself".
    """
    tool = spec(slug)
    where = " AND ".join(filter(None, (f"{tool.table}.id = ?", tool.scope)))
    cursor = connection.cursor()
    found = rows.select(cursor, tool.table, where, (entry_id,))
    if not found:
        raise NotFound(f"No {tool.noun} with number {entry_id}.")
    return _with_children(cursor, tool, found)[0]


def counts(connection: Any) -> dict[str, int]:
    """How many entries each tool holds: exactly the entries its list would show.

    One statement for every tool, so the home page and the stages map pay one round trip.
    """
    return rows.counts(connection.cursor(), counted())


def counted() -> dict[str, tuple[str, str, str]]:
    """What :func:`counts` counts, for :func:`trustbridge.store.rows.counts`."""
    return {slug: (t.table, "count(*)", t.scope) for slug, t in tool_specs().items()}


def _with_children(
    cursor: Any, tool: ToolSpec, found: list[SimpleNamespace]
) -> list[SimpleNamespace]:
    if tool.slug in _CHILDREN:
        rows.attach(cursor, found, *_CHILDREN[tool.slug])
    return found
