"""Export and import on the command line.

``export json`` writes a complete copy (mode 0600); ``export markdown`` prints a readable one.
Both are written as they are read, so a store of any size takes the same memory.
``import KIND FILE`` reads and checks the whole file first and shows what it would create;
then, after a yes at the terminal (or ``--yes``), imports all of it in one transaction, or
nothing. Private text is only ever written to the export itself, never to messages or logs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from trustbridge.cli import context, options, output
from trustbridge.cli import messages as msg
from trustbridge.cli.declare import Argument, Exit, Option
from trustbridge.cli.errors import EXIT_BAD_INPUT, EXIT_PROBLEM, say_error

if TYPE_CHECKING:
    from trustbridge.exchange.common import Imported, Importer, Plan, Preview

export_app = options.sub_app("export", msg.EXPORT_HELP)
import_app = options.sub_app("import", msg.IMPORT_HELP)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr at a terminal; elsewhere, nothing."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        # a total of 0: not known yet (a file read once, as it is stored)
        yield lambda done, total: bar.update(task, completed=done, total=total or None)


@contextmanager
def _private(path: Path, force: bool) -> Iterator[TextIO]:
    """The export file, written as it is made, moved into place only once it is whole."""
    from trustbridge.exchange.files import private_text

    try:
        with private_text(path, overwrite=force) as out:
            yield out
    except FileExistsError:
        say_error(msg.FILE_EXISTS.format(path=path))
        raise Exit(EXIT_BAD_INPUT) from None


def _refuse_existing(path: Path | None, force: bool) -> None:
    """Say so before any work is done, rather than after."""
    if path is not None and path.expanduser().exists() and not force:
        say_error(msg.FILE_EXISTS.format(path=path))
        raise Exit(EXIT_BAD_INPUT)


def _out(help: str) -> Any:
    return Option(None, "--out", "-o", metavar="PATH", help=help, show_default=False)


def _force() -> Any:
    return Option(False, "--force", help=msg.FORCE_HELP)


def _named() -> Any:
    """The file may also be named the way ``import`` takes one: ``export json FILE``."""
    return Argument(None, metavar="FILE", help=msg.EXPORT_FILE_HELP, show_default=False)


def _target(out: Path | None, named: Path | None) -> Path | None:
    """The one file asked for, by ``--out`` or by name (both: they must agree)."""
    if out is not None and named is not None and out != named:
        say_error(msg.EXPORT_TWO_FILES.format(out=out, named=named))
        raise Exit(EXIT_BAD_INPUT)
    return out or named


@export_app.command("json", help=msg.EXPORT_JSON_HELP)
def export_json(
    named: Path | None = _named(),
    out: Path | None = _out(msg.EXPORT_OUT_HELP),
    force: bool = _force(),
) -> None:
    from trustbridge.exchange import json_export

    chosen = _target(out, named)
    path = chosen or Path(msg.EXPORT_JSON_NAME.format(day=context.today().isoformat()))
    _refuse_existing(path, force)
    with (
        context.reading() as connection,
        _progress(msg.EXPORTING) as tick,
        _private(path, force) as file,
    ):
        count = json_export.write_json(connection, context.now(), file, tick)
    output.say(msg.EXPORTED.format(count=count, path=path))
    output.say(msg.EXPORT_PRIVATE)


@export_app.command("markdown", help=msg.EXPORT_MARKDOWN_HELP)
def export_markdown(
    named: Path | None = _named(),
    out: Path | None = _out(msg.EXPORT_MD_OUT_HELP),
    stage: int | None = Option(
        None, "--stage", metavar="N", min=1, max=9, help=msg.EXPORT_STAGE_HELP, show_default=False
    ),
    force: bool = _force(),
) -> None:
    from trustbridge.exchange import markdown

    out = _target(out, named)
    _refuse_existing(out, force)
    # a store kept unencrypted is read by Python's own sqlite3: quicker for the whole store
    if out is None:
        with context.reading(plain=True) as connection, _progress(msg.EXPORTING) as tick:
            markdown.write(connection, context.now(), sys.stdout, stage, tick)
        sys.stdout.flush()
        return
    with (
        context.reading(plain=True) as connection,
        _progress(msg.EXPORTING) as tick,
        _private(out, force) as file,
    ):
        markdown.write(connection, context.now(), file, stage, tick)
    output.say(msg.EXPORTED_MARKDOWN.format(path=out))
    output.say(msg.EXPORT_PRIVATE)


# --- import ---------------------------------------------------------------------------------


def _file() -> Any:
    return Argument(..., metavar="FILE", help=msg.IMPORT_FILE_HELP, show_default=False)


def _dry_run() -> Any:
    return Option(False, "--dry-run", help=msg.DRY_RUN_HELP)


def _yes() -> Any:
    return Option(False, "--yes", "-y", help=msg.YES_HELP)


def _show(preview: Preview, file: Path, title: str = msg.PREVIEW_TITLE) -> None:
    output.say(title.format(source=preview.source, file=file.name))
    for tool, count in preview.counts.items():
        output.say(msg.PREVIEW_COUNT.format(tool=tool, count=count))
    if not preview.total:
        output.say(msg.PREVIEW_NOTHING)
    elif preview.written:
        output.say(preview.written)
    for title, items in ((msg.PREVIEW_MAPPINGS, preview.mappings),
                         (msg.PREVIEW_WARNINGS, preview.warnings)):  # fmt: skip
        if items:
            output.say()
            output.say(title)
            for text in items:
                output.say(msg.PREVIEW_ITEM.format(text=text))
    output.say()


def _confirmed(yes: bool) -> bool:
    if yes:
        return True
    if context.interactive():
        import typer

        return typer.confirm(msg.CONFIRM_IMPORT, default=False)
    say_error(msg.NEEDS_YES)
    raise Exit(EXIT_BAD_INPUT)


@contextmanager
def _reading(file: Path) -> Iterator[None]:
    """A file that cannot be read is said so plainly."""
    try:
        yield
    except OSError as exc:
        say_error(msg.CANNOT_READ.format(path=file, reason=exc.strerror or exc))
        raise Exit(EXIT_PROBLEM) from None


def _planned(chosen: Importer, file: Path, choices: dict[str, Any]) -> Plan:
    """The file read and checked."""
    with _reading(file):
        return chosen.plan(file.expanduser(), context.now(), **choices)


def _imported_now(
    chosen: Importer, file: Path, choices: dict[str, Any]
) -> tuple[Preview, Imported]:
    """The file read, checked and stored whole, with no preview in between (``--yes``)."""
    with _reading(file), _progress(msg.IMPORTING) as tick:
        return chosen.import_now(context.store(), file.expanduser(), context.now(), tick, **choices)


def _restored_quick(file: Path) -> tuple[Preview, Imported] | None:
    """A whole export restored on the store's own connection, without SQLAlchemy
    (:mod:`trustbridge.exchange.json_restore`); ``None`` when the store cannot be opened so
    (missing, at another revision, or its key not at hand): the long way then does it."""
    connection = context.quick_connection(read_only=False)
    if connection is None:
        return None
    from trustbridge.exchange import json_restore

    try:
        if not json_restore.is_empty(connection):
            _refuse_full_export()
        with _reading(file), _progress(msg.IMPORTING) as tick:
            return json_restore.restore(connection, file.expanduser(), context.now(), tick)
    finally:
        connection.close()


def _import(key: str, file: Path, dry_run: bool, yes: bool, **choices: Any) -> None:
    """Read and check the file, show what it would create, then import it whole if confirmed.

    A full export is read from the file a piece at a time, and read again to be stored.
    """
    from trustbridge.exchange import json_format
    from trustbridge.exchange.common import ExchangeError

    def importer(key: str) -> Importer:  # loaded only when used: it loads the models
        from trustbridge.exchange.importers import importer

        return importer(key)

    try:
        if yes and not dry_run:  # agreed beforehand: read once, checked as it is stored
            restored = _restored_quick(file) if key == "json" else None
            if restored is None:
                if key == "json" and not json_format.is_empty(context.store()):
                    _refuse_full_export()
                restored = _imported_now(importer(key), file, choices)
            preview, stored = restored
            _show(preview, file, msg.IMPORTED_TITLE)
            if not preview.total:
                return output.say(msg.NOTHING_TO_IMPORT)
        else:
            chosen = importer(key)
            plan = _planned(chosen, file, choices)
            preview = plan.preview
            _show(preview, file)
            if key == "json" and not json_format.is_empty(context.store()):
                _refuse_full_export()
            if dry_run:
                return output.say(msg.DRY_RUN_DONE)
            if not plan.total:
                return output.say(msg.NOTHING_TO_IMPORT)
            if not _confirmed(yes):
                return output.say(msg.IMPORT_CANCELLED)
            with _progress(msg.IMPORTING) as tick:
                stored = chosen.save(context.store(), plan, tick)
    except ExchangeError as exc:
        say_error(str(exc))
        say_error(msg.NOTHING_IMPORTED)
        raise Exit(EXIT_BAD_INPUT) from None
    output.say(msg.IMPORTED.format(count=preview.total, source=preview.source))
    if stored.crisis_entries:  # counted only: the entries' words are never repeated here
        from trustbridge.cli.messages_support import IMPORT_CRISIS_NOTE, IMPORT_CRISIS_NOTE_RECENT
        from trustbridge.exchange.json_format import CRISIS_CHECKED_DAYS

        note = IMPORT_CRISIS_NOTE if stored.checked_since is None else IMPORT_CRISIS_NOTE_RECENT
        verb = "sound" if stored.crisis_entries != 1 else "sounds"
        output.say()
        output.say(note.format(count=stored.crisis_entries, verb=verb, days=CRISIS_CHECKED_DAYS))


def _refuse_full_export() -> None:
    """A full export goes only into an empty store: say so, and how, rather than to fix it."""
    from trustbridge.exchange.json_format import NOT_EMPTY

    say_error(NOT_EMPTY)
    say_error(msg.NOT_EMPTY_HINT)
    raise Exit(EXIT_BAD_INPUT)


@import_app.command("json", help=msg.IMPORT_JSON_HELP)
def import_json(file: Path = _file(), dry_run: bool = _dry_run(), yes: bool = _yes()) -> None:
    _import("json", file, dry_run, yes)


@import_app.command("jrnl", help=msg.IMPORT_JRNL_HELP)
def import_jrnl(file: Path = _file(), dry_run: bool = _dry_run(), yes: bool = _yes()) -> None:
    _import("jrnl", file, dry_run, yes)


@import_app.command("daylio", help=msg.IMPORT_DAYLIO_HELP)
def import_daylio(
    file: Path = _file(),
    dry_run: bool = _dry_run(),
    yes: bool = _yes(),
    mood: list[str] | None = options.many(msg.DAYLIO_MOOD_HELP, "NAME=1-5", "--mood"),
) -> None:
    _import("daylio", file, dry_run, yes, moods=_moods(mood or []))


@import_app.command("freecbt", help=msg.IMPORT_FREECBT_HELP)
def import_freecbt(file: Path = _file(), dry_run: bool = _dry_run(), yes: bool = _yes()) -> None:
    _import("freecbt", file, dry_run, yes)


def _moods(given: list[str]) -> dict[str, int]:
    """``sleepy=2`` pairs, each a mood word and a number from 1 to 5."""
    moods = {}
    for pair in given:
        name, _, number = pair.rpartition("=")
        if not name.strip() or number.strip() not in ("1", "2", "3", "4", "5"):
            say_error(msg.MOOD_FORMAT)
            raise Exit(EXIT_BAD_INPUT)
        moods[name.strip()] = int(number)
    return moods
