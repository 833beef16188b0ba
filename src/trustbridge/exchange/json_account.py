"""A full JSON export brought into one account of a hosted server: all of it, or none.

A local import restores a file exactly, ids included, into an empty store (:mod:`.json_format`).
On a shared server the numbers belong to everyone's rows together, so here the file is
checked exactly the same way (the same reading, the same rules, twice), and then every row
is written as the signed-in account's:

- ``owner_id`` is the account's, whatever the file says, and row-level security refuses any
  other in any case;
- every row gets a new number from the database, and every reference in the file (a
  promise's person, a moment's boundary, a win's link, the evidence an entry gave, and the
  number that evidence's own note names: ``From boundary 4: respected``) is turned to the
  new numbers, so nothing can point at, or find out about, anyone else's rows;
- nothing comes in shared: what was shared with a partner, and a safety plan's copy kept
  outside the encryption, are chosen again here, entry by entry;
- it goes only into an account with no entries yet (counted as the account's own rows,
  not a partner's shared ones), in one transaction, so nothing is doubled or half-done.

Each row's own words are checked for crisis wording as they are stored, as locally, and only
counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Integer, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from trustbridge.domain.relations import SOURCE_NOTES, source_note
from trustbridge.exchange.common import (
    ExchangeError,
    Imported,
    Plan,
    _private_columns,
    crisis_count,
)
from trustbridge.exchange.tables import mapped_tables, references
from trustbridge.store.db import Store

NOT_EMPTY = (
    "Your account already has entries. A full export can only be brought into an account "
    "with nothing in it yet, so nothing is mixed up or doubled."
)
#: where the evidence an entry gave says which entry (``source``, ``source_id``)
EVIDENCE_SOURCES: Mapping[str, str] = {
    "appreciation": "appreciations", "boundary": "boundary_events", "ladder": "ladder_rungs",
    "partner_checkin": "partner_checkins", "promise": "self_promises", "ritual": "rituals_kept",
}  # fmt: skip
#: where a win's link leads (``source_tool``, ``source_id``)
WIN_SOURCES: Mapping[str, str] = {
    "appreciation": "appreciations", "boundary_event": "boundary_events", "goal": "shared_goals",
    "ladder": "ladder_rungs", "partner_checkin": "partner_checkins", "ritual": "rituals",
    "thought_record": "thought_records",
}  # fmt: skip
#: the links that name their table in another column: (table, that column, where it leads)
_LINKS: tuple[tuple[str, str, Mapping[str, str]], ...] = (
    ("evidence_events", "source", EVIDENCE_SOURCES),
    ("wins", "source_tool", WIN_SOURCES),
)
#: the app's own note on evidence another tool gave, by its source: the number it names
_NOTES = {
    source: re.compile(re.escape(words) + r"(\d+): (.*)", re.DOTALL)
    for source, (words, _) in SOURCE_NOTES.items()
}
#: the first half of the transaction lock an import holds on its account
_LOCK = 0x7B1D
#: what is chosen again in the account: never brought in as set
_NOT_CARRIED = {"shared": False, "keep_outside": False}


def _numbered(table: Table) -> bool:
    """Whether the table's rows are numbered by the database (not keyed by a name)."""
    key = list(table.primary_key.columns)
    return len(key) == 1 and isinstance(key[0].type, Integer)


def has_entries(session: Session, account_id: int) -> bool:
    """Whether the account has any row of its own (a partner's shared ones do not count)."""
    for table, _ in mapped_tables():
        mine = select(func.count()).select_from(table).where(table.c.owner_id == account_id)
        if session.scalar(mine):
            return True
    return False


class _Renumbering:
    """The new number of every row written, by table and the number the file gave it, and
    the links to set once every row is in (a link may lead to a table the file lists later)."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[object, int]] = {}
        self.links: list[tuple[Table, str, int, str, object]] = []
        #: evidence notes naming a record by number: (the evidence's table and new number,
        #: its source, the number named, the words after it)
        self.notes: list[tuple[Table, int, str, int, str]] = []

    def referred(self, table: Table, row: dict[str, Any]) -> None:
        """Turn the row's references to rows already written to their new numbers."""
        for column, target in references()[table.name]:
            if row[column] is not None:
                row[column] = self.ids[target][row[column]]

    def written(self, table: Table, old: list[object], new: list[int]) -> None:
        self.ids.setdefault(table.name, {}).update(zip(old, new, strict=True))

    def linked(self, table: Table, rows: list[dict[str, Any]], new: list[int]) -> None:
        for name, kind_column, targets in _LINKS:
            if table.name != name:
                continue
            for row, row_id in zip(rows, new, strict=True):
                target = targets.get(str(row[kind_column] or ""))
                if target is not None and row["source_id"] is not None:
                    self.links.append((table, kind_column, row_id, target, row["source_id"]))
                self._noted(table, row, row_id)

    def _noted(self, table: Table, row: dict[str, Any], row_id: int) -> None:
        """Keep the number an evidence's note names, when the app wrote the note (a note by
        hand, ``manual``, is the person's own words and stays as written)."""
        pattern = _NOTES.get(str(row["source"])) if table.name == "evidence_events" else None
        found = pattern.fullmatch(row["note"] or "") if pattern is not None else None
        if found is not None:
            self.notes.append((table, row_id, str(row["source"]), int(found[1]), found[2]))

    def set_links(self, session: Session) -> None:
        """Each link to the new number of what it leads to; one that leads to nothing in the
        file is left leading nowhere (the file itself pointed at nothing)."""
        batches: dict[tuple[Table, tuple[str, ...]], list[dict[str, object]]] = {}
        for table, kind_column, row_id, target, old in self.links:
            found = self.ids.get(target, {}).get(old)
            values: dict[str, object] = {"row": row_id, "source_id": found}
            if found is None and kind_column == "source_tool":
                values["source_tool"] = None
            batches.setdefault((table, tuple(values)), []).append(values)
        for table, row_id, source, old_number, rest in self.notes:
            named = self.ids.get(SOURCE_NOTES[source][1], {}).get(old_number)
            values = {"row": row_id, "note": source_note(source, named, rest)}
            batches.setdefault((table, tuple(values)), []).append(values)
        for (table, _), params in batches.items():
            session.execute(update(table).where(table.c.id == bindparam("row")), params)


def save_into_account(store: Store, plan: Plan, account_id: int) -> Imported:
    """Write a checked export (``json_format.plan``) into the account, in one transaction.

    ``store`` runs as the account (hosted mode's store); ``ExchangeError`` when the account
    has entries already or the file changed since it was checked, and then nothing is kept.
    """
    if plan.rows is None:
        raise ValueError("only a full export's plan is brought into an account")
    renumbering = _Renumbering()
    done = crisis = 0
    with store.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            # two uploads at once into one account: the second waits, then finds entries
            session.execute(select(func.pg_advisory_xact_lock(_LOCK, account_id)))
        if has_entries(session, account_id):
            raise ExchangeError(NOT_EMPTY)
        connection = session.connection()
        for table, chunk in plan.rows():
            for row in chunk:
                row.update({k: v for k, v in _NOT_CARRIED.items() if k in row})
                row["owner_id"] = account_id
                renumbering.referred(table, row)
            if _numbered(table):
                old = [row.pop("id") for row in chunk]
                statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
                new = [int(n) for n in connection.execute(statement, chunk).scalars()]
                renumbering.written(table, old, new)
                renumbering.linked(table, chunk, new)
            else:
                connection.execute(insert(table), chunk)
            names = _private_columns(table)
            if names:
                crisis += crisis_count([row[name] for name in names] for row in chunk)
            done += len(chunk)
        renumbering.set_links(session)
    return Imported(done, crisis)
