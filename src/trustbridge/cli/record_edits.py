"""``edit ID`` and ``delete ID`` for the records of stages 5-7; an edit's questions depend on
the record.

A planned ladder step has no reflection yet, an open gut check no outcome, and a promise to
yourself no one in it: the command offers every flag, and at a terminal asks only about the
fields the record being changed has (the service's ``Editable`` names them). The services are
imported only when the command runs, so its help stays quick.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trustbridge.cli import editing

if TYPE_CHECKING:
    from trustbridge.cli.declare import App
    from trustbridge.domain.fields import Field
    from trustbridge.store.db import Store


def service(module: str, name: str) -> Callable[..., Any]:
    """A function of ``trustbridge.services.<module>``, imported when it is first called."""

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(f"trustbridge.services.{module}"), name)(*args)

    return call


class ItsOwnFields:
    """Reads the record being edited, and then skips the questions for fields it lacks."""

    def __init__(self, read: Callable[[Store, int], Any]) -> None:
        self._read = read
        self._names: frozenset[str] = frozenset()

    def current(self, store: Store, record_id: int) -> Mapping[str, object]:
        found = self._read(store, record_id)
        self._names = frozenset(f.name for f in found.fields)
        values: Mapping[str, object] = found.values
        return values

    def skip(self, field: Field, raw: Mapping[str, object]) -> bool:
        return field.name not in self._names


def add(
    app: App,
    thing: str,
    noun: str,
    fields: Sequence[Field],
    module: str,
    kind: str,
    *,
    name: str = "edit",
    deletes: bool = True,
) -> None:
    """Give ``app`` an edit and a delete command for one kind of record, through the service's
    ``<kind>_to_edit``, ``update_<kind>`` and ``delete_<kind>`` in
    ``trustbridge.services.<module>`` (``event-edit`` goes with ``event-delete``); without
    ``deletes``, for a group whose delete command is its own (people are deleted by name)."""
    own = ItsOwnFields(service(module, f"{kind}_to_edit"))
    update = service(module, f"update_{kind}")
    editing.add_record_edit(app, thing, noun, fields, own.current, update, skip=own.skip, name=name)
    if deletes:
        deleted = name.replace("edit", "delete")
        editing.add_delete(app, noun, service(module, f"delete_{kind}"), name=deleted)
