"""The store's schema migrations (Alembic), run by :func:`trustbridge.store.db.upgrade_if_behind`."""

from __future__ import annotations

from typing import Any


def include_name(name: str | None, type_: str, parents: Any) -> bool:
    """For Alembic's comparisons: leave out what triggers (or PostgreSQL's generated
    columns) keep and the models do not describe."""
    from trustbridge.store import search_index, search_postgres, trust_totals

    return (
        search_index.include_name(name, type_, parents)
        and search_postgres.include_name(name, type_, parents)
        and trust_totals.include_name(name, type_, parents)
    )
