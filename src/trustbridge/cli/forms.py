"""The one helper behind every ``add`` command: take the flags, ask for the rest, save, confirm.

A tool's fields (``services.catalog.tool_specs()``) drive everything: which questions are
asked, how choices are listed, how answers are checked, and what the saved entry looks like.
Typer is imported only to ask questions, so the check-in fast path can use this module too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, output, parsing
from trustbridge.cli import messages as msg
from trustbridge.cli.errors import say_error

if TYPE_CHECKING:
    from trustbridge.domain.fields import Field
    from trustbridge.store.db import Store

Skip = Callable[["Field", Mapping[str, object]], bool]
#: how much of a too-long text is still read for crisis wording before it is refused
CRISIS_SCAN_LIMIT = 100_000


def _list_choices(field: Field) -> None:
    digits = all(key.isdigit() for key, _ in field.choices)
    for number, (key, label) in enumerate(field.choices, start=1):
        if digits:
            output.say(f"  {key}. {label}")
        else:
            output.say(f"  {number}. {label}" + ("" if label.casefold() == key else f" ({key})"))


def _interpret(field: Field, answer: str, today: dt.date) -> object:
    """Turn a typed answer into a value for this field (choice numbers become keys)."""
    if field.kind == "choice":
        key = parsing.choice(field.choices, answer)
        if key is None:
            raise ValueError(msg.NOT_A_CHOICE.format(what=field.called))
        return key
    if field.kind == "choices":
        keys = [parsing.choice(field.choices, part) for part in answer.split(",") if part.strip()]
        if None in keys:
            raise ValueError(msg.NOT_A_CHOICE.format(what=field.called))
        return keys
    if field.kind == "date":
        return parsing.date_word(answer, today)
    return answer


def ask_field(field: Field, today: dt.date, default: object = None) -> object:
    """Ask for one field until the answer is usable; ``None`` when an optional one is skipped.

    The store is set up (first run) or unlocked before the first question, so nobody types an
    entry and only then meets the passphrase questions (or a wrong passphrase that loses it).
    """
    import typer

    from trustbridge.domain.fields import clean_value

    context.unlocked()
    if field.kind == "bool":
        return typer.confirm(field.label, default=bool(default))
    hints = [field.help] if field.help else []
    hints += {"choice": [msg.CHOICE_HINT], "choices": [msg.CHOICES_HINT]}.get(field.kind, [])
    hints += [msg.DATE_HINT] if field.kind == "date" else []
    output.say()
    for hint in hints:
        output.say(f"  {hint}")
    if field.choices:
        _list_choices(field)
    optional = not field.required and default is None
    text = field.label + (f" {msg.SKIP_HINT}" if optional else "")
    suffix = " " if field.label.endswith("?") and not optional else ": "
    while True:
        answer = typer.prompt(
            text,
            default="" if optional else (None if default is None else output.visible(str(default))),
            show_default=default is not None,
            prompt_suffix=suffix,
        )
        if not answer.strip() and optional:
            return None
        try:
            return clean_value(field, _interpret(field, answer, today), today)
        except ValueError as exc:
            say_error(str(exc))  # already a whole sentence naming the field


def fill(
    fields: Sequence[Field],
    given: Mapping[str, object],
    *,
    defaults: Mapping[str, object] | None = None,
    skip: Skip | None = None,
) -> dict[str, object]:
    """The flags given, plus answers for every missing field when a person is at the terminal.

    A flag counts as given even when empty, so ``--body ""`` is refused rather than asked
    again. Without a terminal (or with ``--no-input``) nothing is asked, defaults fill the
    gaps, and validation names whatever required field is still missing.
    """
    raw = {k: v for k, v in given.items() if v is not None and v != []}
    defaults = defaults or {}
    if not context.interactive():
        return {**defaults, **raw}
    today = context.today()
    for field in fields:
        if field.name in raw or (skip is not None and skip(field, raw)):
            continue
        value = ask_field(field, today, defaults.get(field.name))
        if value is not None:
            raw[field.name] = value
    return raw


def warn_if_crisis(raw: Mapping[str, object]) -> None:
    """Even when an entry is refused, offer support if what was written suggests crisis."""
    from trustbridge.domain.crisis import check_text

    texts = [v[:CRISIS_SCAN_LIMIT] for v in raw.values() if isinstance(v, str)]
    output.crisis_notice(check_text(*texts), saved=False, err=True)


def save(slug: str, raw: Mapping[str, object]) -> Any:
    """Save through the services layer; on refusal, offer crisis support first if needed.

    A local store that opens without asking is written by plain SQL, without loading
    SQLAlchemy (:func:`~trustbridge.services.quick_add.add`); any other through the ORM.
    """
    from trustbridge.domain.fields import ValidationError

    try:
        saved = _save_quick(slug, raw)
        if saved is not None:
            return saved
        from trustbridge.services import entries

        return entries.add(context.store(), slug, raw, context.now())
    except ValidationError:
        warn_if_crisis(raw)
        raise


def _save_quick(slug: str, raw: Mapping[str, object]) -> Any:
    """:func:`~trustbridge.services.quick_add.add`, or ``None`` when it cannot be used."""
    from trustbridge.services import quick_add

    settings = context.quick_settings()
    return None if settings is None else quick_add.add(settings, slug, raw, context.now())


def save_with(
    service: Callable[[Store, Mapping[str, object], dt.datetime], Any], raw: Mapping[str, object]
) -> Any:
    """Save through a service taking ``(store, raw, now)``; on refusal, offer crisis support first."""
    from trustbridge.domain.fields import ValidationError

    try:
        return service(context.store(), raw, context.now())
    except ValidationError:
        warn_if_crisis(raw)
        raise


def add_entry(
    slug: str,
    given: Mapping[str, object],
    *,
    fields: Sequence[Field] | None = None,
    defaults: Mapping[str, object] | None = None,
    skip: Skip | None = None,
) -> Any:
    """Fill in, save and confirm one entry of any tool; returns the saved record."""
    from trustbridge.services.catalog import spec

    tool = spec(slug)
    raw = fill(fields or tool.fields, given, defaults=defaults, skip=skip)
    saved = save(slug, raw)
    output.say(msg.SAVED.format(noun=tool.noun, id=saved.record.id))
    output.crisis_notice(saved.crisis)
    return saved.record


def recent(slug: str, limit: int) -> list[Any]:
    """A tool's newest entries, read without SQLAlchemy where the store allows it."""
    from trustbridge.services import entry_rows

    with context.reading() as connection:
        return entry_rows.recent(connection, slug, limit)


def list_entries(
    slug: str,
    command: str,
    limit: int,
    as_json: bool,
    extra: tuple[Sequence[str], Callable[[Any], Sequence[object]]] | None = None,
) -> None:
    """Print the newest entries of a tool as a table (or JSON), with optional extra columns."""
    from trustbridge.services.catalog import spec

    tool = spec(slug)
    records = recent(slug, limit)
    if as_json:
        output.print_json(output.record_dict(r, tool.fields) for r in records)
    elif not records:
        output.say(msg.NO_ENTRIES.format(command=command))
    else:
        columns, cells = extra or ((), lambda _: ())
        rows = [(r.id, output.moment(r.created_at), tool.title(r), *cells(r)) for r in records]
        output.table((*msg.LIST_COLUMNS, *columns), rows)


def show_entry(slug: str, entry_id: int) -> Any:
    """Print one entry in full (every filled-in field); returns it for tool-specific extras."""
    from trustbridge.services import entry_rows
    from trustbridge.services.catalog import spec

    tool = spec(slug)
    with context.reading() as connection:
        record = entry_rows.get(connection, slug, entry_id)
    when = output.moment(record.created_at)
    output.say(msg.SHOW_HEADER.format(noun=tool.noun.capitalize(), id=record.id, when=when))
    output.say()
    output.show_fields(record, tool.fields)
    return record
