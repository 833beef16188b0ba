"""A new entry of a tool saved by plain SQL, without SQLAlchemy: the command line's ``add``.

:func:`add` is :func:`trustbridge.services.entries.add` for a local SQLite store that
:func:`trustbridge.store.quick.connect` opens (plain, or encrypted with the key agent holding
its key): the same checks (:func:`checked`), the same crisis check, the same columns (the
tool's :meth:`~.catalog.ToolSpec.row`, which the ORM record is made of too), written by
:mod:`trustbridge.store.plain_sql` from the models' layout, defaults included. The store's
triggers keep the search index and the trust totals, as for every insert. A one-a-day tool
(habits) folds the save into the day's entry when there is one, as ``entries.add`` does; a
tool with a ``child`` row (a belief's first rating) writes it after the entry, as the ORM does.

Loading SQLAlchemy and the models takes longer than the whole command should; where this
path cannot be used (no store yet, an older one, a key to ask for) :func:`add` says so with ``None`` and the caller takes ``entries.add``. The web app
always does (hosted stores are PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from trustbridge.domain.fields import clean
from trustbridge.exchange import layout
from trustbridge.services.catalog import ToolSpec, spec
from trustbridge.store import backup_names, plain_sql
from trustbridge.store.quick import writing

if TYPE_CHECKING:
    from trustbridge.config import Settings
    from trustbridge.services.base import Saved


def checked(tool: ToolSpec, raw: Mapping[str, object], now: dt.datetime) -> dict[str, Any]:
    """What the person filled in, checked by the tool's form (``ValidationError`` if refused)."""
    return clean(tool.form_fields, raw, now.astimezone().date())  # the person's day


def add(
    settings: Settings, slug: str, raw: Mapping[str, object], now: dt.datetime
) -> Saved[Any] | None:
    """Check and save one entry as ``entries.add`` does; ``None`` when this path cannot be used.

    The saved record is a plain namespace: the entry's ``id`` and the values written.
    """
    from trustbridge.services.base import Saved, crisis_in

    tool = spec(slug)
    values = checked(tool, raw, now)
    written = write(settings, tool, values, now)
    if written is None:
        return None
    record, updated = written
    return Saved(record, crisis_in(tool.form_fields, values), updated=updated)


def write(
    settings: Settings, tool: ToolSpec, values: dict[str, Any], now: dt.datetime
) -> tuple[SimpleNamespace, bool] | None:
    """Save checked values, in one transaction: the record (a namespace of the entry's ``id``
    and the values written) and whether the day's entry was updated; ``None`` when the store
    cannot be opened so. No crisis check: the daily check-in (``cli.fast``) says it is saved
    before loading it.

    ``settings`` carry the key of an encrypted store. The automatic backup is taken first
    when it is due, as opening the store the long way does for every command.
    """
    row, child = tool.rows(dict(values), now)
    if settings.sqlite_path is None:
        return None
    with writing(settings.sqlite_path, settings.key) as conn:
        if conn is None:
            return None
        if backup_names.due_in(settings.data_dir, now):  # else no need to load the backups
            from trustbridge.store.backup import backup_if_due

            backup_if_due(settings, now)
        conn.execute("PRAGMA foreign_keys = ON")  # as every connection of the store has it
        conn.execute("BEGIN IMMEDIATE")
        try:
            logged = _logged(conn, tool, values) if tool.one_per_day else None
            if logged is None:
                row_id = plain_sql.insert_row(conn, tool.table, row)
                if child is not None:
                    _insert_child(conn, tool.table, row_id, *child)
            else:  # what was filled in now replaces what was there; blanks keep theirs
                row_id = logged
                filled = {k: v for k, v in values.items() if v is not None}
                plain_sql.update_row(conn, tool.table, logged, filled)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return SimpleNamespace(**(row if logged is None else values), id=row_id), logged is not None


def _insert_child(conn: Any, parent: str, row_id: int, table: str, columns: dict[str, Any]) -> None:
    """The row saved with an entry (a belief's first rating), referring to the entry."""
    refers = next(column for column, to in layout.TABLES[table].refers if to == parent)
    plain_sql.insert_row(conn, table, {**columns, refers: row_id})


def _logged(conn: Any, tool: ToolSpec, values: Mapping[str, object]) -> int | None:
    """The id of the entry already kept for the day being saved, the latest if several."""
    day = next(c for c in layout.TABLES[tool.table].columns if c.name == tool.one_per_day)
    scope = f" AND {tool.scope}" if tool.scope else ""
    found = conn.execute(
        f'SELECT id FROM "{tool.table}" WHERE "{day.name}" = ?{scope}'
        " ORDER BY created_at DESC, id DESC LIMIT 1",
        (plain_sql.stored(day, values[day.name]),),
    ).fetchone()
    return None if found is None else int(found[0])
