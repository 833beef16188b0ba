"""The ``edit`` and ``delete`` commands every tool group has.

``edit ID``: one option per field, the rest asked for at a terminal. The options come from the
tool's fields (``ToolSpec.edit_fields``), so an edit offers exactly what the add form offers
and is checked by the same rules (``services.entries.update``). ``delete ID``: one entry
deleted for good, after a question at a terminal or ``--yes``, as on its web page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, declare, forms, options, output, parsing
from trustbridge.cli import messages_editing as msg
from trustbridge.cli.declare import App, Exit, Option

if TYPE_CHECKING:
    from trustbridge.domain.fields import Field
    from trustbridge.store.db import Store


def flag_of(field: Field) -> str:
    """``--date`` for the day an entry is about (as ``add --date``), else the field's own flag."""
    return "--date" if field.name == "day" else field.flag


def help_of(field: Field) -> str:
    """An option's help: what it changes, its hint, and the keys a choice accepts."""
    if field.name == "day":
        return msg.DATE_HELP
    parts = [msg.EDIT_FIELD_HELP.format(what=field.called)]
    parts += [field.help] if field.help else []
    if field.choices and not all(key.isdigit() for key, _ in field.choices):
        parts.append(msg.EDIT_CHOICES_HELP.format(keys=", ".join(k for k, _ in field.choices)))
    parts += [msg.EDIT_MANY_HELP] if field.kind == "choices" else []
    return " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts)


def add_edit(app: App, slug: str, thing: str, skip: forms.Skip | None = None) -> None:
    """Give a tool's group ``edit ID [--field value ...]``, one option per editable field, and
    ``delete ID``.

    The fields come from the catalog, which loads SQLAlchemy, so the command is built only
    when it runs or shows its own help: the group's help and its other commands stay quick.
    """
    app.deferred("edit", msg.EDIT_HELP.format(thing=thing), lambda: _tool_edit(slug, skip))

    def delete(store: Store, entry_id: int) -> None:
        from trustbridge.services import entries

        entries.delete(store, slug, entry_id)

    add_delete(app, thing, delete)


def add_delete(
    app: App, thing: str, delete: Callable[[Store, int], None], name: str = "delete"
) -> None:
    """Give a group ``delete ID [--yes]``: ``delete(store, ID)`` after a question at a terminal;
    elsewhere only with ``--yes``, so a script never deletes by a slip. ``name`` is the
    command's, for a group that deletes two kinds (``boundary event-delete``)."""

    @app.command(name, help=msg.DELETE_HELP.format(thing=thing))
    def delete_command(
        entry_id: int = options.entry_id(),
        yes: bool = Option(False, "--yes", help=msg.DELETE_YES_OPT),
    ) -> None:
        from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error

        if not yes:
            if not context.interactive():
                say_error(msg.DELETE_NEEDS_YES.format(what=thing, id=entry_id))
                raise Exit(EXIT_BAD_INPUT)
            import typer

            if not typer.confirm(msg.DELETE_CONFIRM.format(what=thing, id=entry_id), default=False):
                return output.say(msg.NOT_DELETED)
        delete(context.store(), entry_id)
        output.say(msg.DELETED.format(what=thing, id=entry_id))


def _tool_edit(slug: str, skip: forms.Skip | None) -> Callable[..., None]:
    from trustbridge.services.catalog import spec

    tool = spec(slug)

    def current(store: Store, entry_id: int) -> Mapping[str, object]:
        from trustbridge.services import entries
        from trustbridge.services.catalog import stored_values

        return stored_values(tool, entries.get(store, slug, entry_id))

    def update(store: Store, entry_id: int, values: Mapping[str, object], now: dt.datetime) -> Any:
        from trustbridge.services import entries

        return entries.update(store, slug, entry_id, values, now)

    return edit_command(tool.noun, tool.edit_fields, current, update, skip=skip)


#: an entry's values as its edit form asks for them; raises ``NotFound`` when there is none
Current = Callable[["Store", int], Mapping[str, object]]
#: saves the whole entry as filled in (``Saved``), or raises ``ValidationError``
Update = Callable[["Store", int, Mapping[str, object], dt.datetime], Any]


def add_record_edit(
    app: App,
    thing: str,
    noun: str,
    fields: Sequence[Field],
    current: Current,
    update: Update,
    *,
    skip: forms.Skip | None = None,
    name: str = "edit",
) -> None:
    """Give a group ``edit ID [--field value ...]`` for any kind of record.

    ``current`` reads what the record holds now (the defaults at a terminal, and what a
    flag not given keeps); ``update`` saves the whole record by the same rules as adding it.
    ``name`` is the command's, for a group that edits two kinds (``boundary event-edit``).
    """
    edit = edit_command(noun, fields, current, update, skip=skip)
    app.command(name, help=msg.EDIT_HELP.format(thing=thing))(edit)


def edit_command(
    noun: str,
    fields: Sequence[Field],
    current: Current,
    update: Update,
    *,
    skip: forms.Skip | None = None,
) -> Callable[..., None]:
    """The edit command's function: ``ID``, then one option per field."""

    def edit(entry_id: int, **given: str | None) -> None:
        edit_record(noun, fields, current, update, entry_id, given, skip=skip)

    params: declare.Parameters = [("entry_id", int, options.entry_id())]
    for field in fields:
        option = Option(
            None, flag_of(field), metavar=_metavar(field), help=help_of(field), show_default=False
        )
        params.append((field.name, str | None, option))
    return declare.with_parameters(edit, params)


def _metavar(field: Field) -> str:
    if field.kind == "date":
        return "DATE"
    if field.kind in ("int", "float"):
        return "NUMBER"
    return "CHOICE" if field.choices else "TEXT"


def as_answer(value: object) -> object:
    """A stored value as a person would type it (a default at a question, or a flag's value)."""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def edit_record(
    noun: str,
    fields: Sequence[Field],
    current: Current,
    update: Update,
    entry_id: int,
    given: Mapping[str, object],
    *,
    skip: forms.Skip | None = None,
) -> Any:
    """Change one record: flags given, questions for the rest at a terminal, then save and confirm."""
    stored = current(context.store(), entry_id)  # NotFound before any question
    defaults = {k: as_answer(v) for k, v in stored.items() if v is not None and v != []}
    today = context.today()
    dates = {f.name for f in fields if f.kind == "date"}
    given = {
        k: parsing.date_word(str(v), today) if k in dates and v is not None else v
        for k, v in given.items()
    }
    raw = forms.fill(fields, given, defaults=defaults, skip=skip)
    if context.interactive():  # what a question was not asked about stays as it was
        raw = {**defaults, **raw}

    def save(store: Store, values: Mapping[str, object], now: dt.datetime) -> Any:
        return update(store, entry_id, values, now)

    saved = forms.save_with(save, raw)
    output.say(msg.EDITED.format(noun=noun, id=entry_id))
    output.crisis_notice(saved.crisis)
    return saved.record
