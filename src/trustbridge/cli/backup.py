"""Backups and deleting everything on the command line: thin calls into ``services.backups``.

None of these commands opens the store through SQLAlchemy: they work on its file, so taking
a backup never triggers the automatic one first, and deleting everything has nothing to
close.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from trustbridge.cli import context, options, output
from trustbridge.cli import messages as msg
from trustbridge.cli.declare import Argument, Exit, Option

if TYPE_CHECKING:
    from trustbridge.config import Settings
    from trustbridge.services.backups import BackupInfo

backup_app = options.sub_app("backup", msg.BACKUP_HELP)


@contextmanager
def _explained(name: str = "") -> Iterator[None]:
    """Turn what can go wrong with backups into kind words and exit code 1."""
    from trustbridge.cli.errors import EXIT_PROBLEM, say_error
    from trustbridge.services import backups
    from trustbridge.services.base import NotFound

    try:
        yield
    except NotFound:
        say_error(msg.NO_SUCH_BACKUP.format(name=name))
    except backups.NoBackups as exc:
        say_error(msg.NOT_SQLITE.format(kind=exc))
    except backups.NothingToBackUp:
        say_error(msg.NOTHING_TO_BACK_UP)
    except backups.BadBackup as exc:
        say_error(msg.NOT_RESTORED_BAD.format(name=name, problems="; ".join(exc.problems[:3])))
    except backups.StoreInUse:
        say_error(msg.STORE_IN_USE)
    except backups.BackupError as exc:
        say_error(msg.BACKUP_FAILED.format(reason=exc))
    else:
        return
    raise Exit(EXIT_PROBLEM)


def _holds(info: BackupInfo) -> str:
    from trustbridge.services.backups import describe

    return ", ".join(describe(info.counts)) or msg.HOLDS_NOTHING


@backup_app.command("now", help=msg.BACKUP_NOW_HELP)
def backup_now() -> None:
    from trustbridge.services import backups

    settings = context.unlocked()
    with _explained():
        made = backups.take_backup(settings, context.now())
    size = backups.size_words(made.size)
    output.say(msg.BACKUP_MADE.format(name=made.name, size=size, holds=_holds(made)))
    output.say(msg.BACKUP_WHERE.format(folder=backups.backups_folder(settings)))


@backup_app.command("list", help=msg.BACKUP_LIST_HELP)
def backup_list(as_json: bool = Option(False, "--json", help=msg.BACKUP_JSON_HELP)) -> None:
    from trustbridge.services import backups

    settings = context.unlocked()
    with _explained():
        found = backups.list_backups(settings)
    if as_json:
        return output.print_json(
            {"name": b.name, "taken_at": b.taken_at.isoformat(), "size_bytes": b.size,
             "entries": b.entries, "counts": b.counts}
            for b in found
        )  # fmt: skip
    _show(settings, found)


def _show(settings: Settings, found: Sequence[BackupInfo]) -> None:
    """The backups as a table, or how to make the first."""
    from trustbridge.services import backups
    from trustbridge.store.backup import short_name

    if not found:
        return output.say(msg.NO_BACKUPS)
    # short names: a long one is wrapped in a narrow terminal, and then copied in two pieces
    # (restore and verify take either)
    rows = [
        (short_name(b.name), output.moment(b.taken_at), backups.size_words(b.size), _holds(b))
        for b in found
    ]
    output.table(msg.BACKUP_COLUMNS, rows)
    output.say(msg.BACKUP_WHERE.format(folder=backups.backups_folder(settings)))


@backup_app.command("verify", help=msg.BACKUP_VERIFY_HELP)
def backup_verify(
    name: str | None = Argument(
        None, metavar="[NAME]", help=msg.BACKUP_VERIFY_NAME_HELP, show_default=False
    ),
) -> None:
    from trustbridge.cli.errors import EXIT_PROBLEM, say_error
    from trustbridge.services import backups

    settings = context.unlocked()
    with _explained(name or ""):
        checks = [backups.verify_backup(settings, name)] if name else backups.verify_all(settings)
    if not checks:
        return output.say(msg.NO_BACKUPS)
    for check in checks:
        if check.ok:
            output.say(msg.BACKUP_OK.format(name=check.name))
        else:
            output.say(msg.BACKUP_BAD.format(name=check.name, problems="; ".join(check.problems)))
    if not all(check.ok for check in checks):
        say_error(msg.BACKUP_BAD_HINT)
        raise Exit(EXIT_PROBLEM)


@backup_app.command("restore", help=msg.BACKUP_RESTORE_HELP)
def backup_restore(
    name: str | None = Argument(
        None, metavar="NAME", help=msg.BACKUP_NAME_HELP, show_default=False
    ),
    yes: bool = Option(False, "--yes", help=msg.RESTORE_YES_HELP),
) -> None:
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.services import backups

    settings = context.unlocked()
    if name is None:  # the backups to choose from, rather than "Missing argument"
        with _explained():
            found = backups.list_backups(settings)
        _show(settings, found)
        if found:
            say_error(msg.RESTORE_WHICH)
        raise Exit(EXIT_BAD_INPUT)
    with _explained(name):
        chosen = backups.backup_info(settings, name)
        if not yes:
            if not context.interactive():
                say_error(msg.RESTORE_NEEDS_YES.format(name=chosen.name))
                raise Exit(EXIT_BAD_INPUT)
            when = output.moment(chosen.taken_at)
            import typer

            if not typer.confirm(msg.RESTORE_CONFIRM.format(name=chosen.name, when=when)):
                return output.say(msg.NOT_RESTORED)
        done = backups.restore_backup(settings, chosen.name, context.now())
    if done.kept_as is None:
        return output.say(msg.RESTORED_INTO_EMPTY.format(name=done.name))
    output.say(msg.RESTORED.format(name=done.name, kept=done.kept_as))


def delete_everything(
    yes: bool = Option(False, "--yes", help=msg.DELETE_EVERYTHING_YES_HELP),
) -> None:
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.services import backups, security

    fresh = security.state(context.settings()) is security.State.NEW
    settings = context.settings() if fresh else context.unlocked()
    with _explained():
        plan = backups.deletion_plan(settings)
    if not plan.files:
        return output.say(msg.DELETE_EVERYTHING_NOTHING.format(folder=plan.folder))
    output.say(msg.DELETE_EVERYTHING_WHAT)
    kinds = backups.describe(plan.counts) or [msg.DELETE_EVERYTHING_EMPTY]
    for what in kinds:
        output.say(msg.DELETE_EVERYTHING_ITEM.format(what=what))
    noun = "backup" if plan.backups == 1 else "backups"
    output.say(msg.DELETE_EVERYTHING_BACKUPS.format(n=plan.backups, backups=noun))
    output.say(msg.DELETE_EVERYTHING_FOLDER.format(folder=plan.folder))
    if not yes:
        if not context.interactive():
            say_error(msg.DELETE_EVERYTHING_NEEDS_YES)
            raise Exit(EXIT_BAD_INPUT)
        prompt = msg.DELETE_EVERYTHING_PROMPT.format(word=msg.CONFIRM_WORD)
        import typer

        typed = typer.prompt(prompt, default="", show_default=False)
        if typed.strip().casefold() != msg.CONFIRM_WORD:
            return output.say(msg.NOT_DELETED)
    with _explained():
        removed = backups.delete_everything(settings)
    from trustbridge import keyagent

    keyagent.stop(settings.data_dir)
    output.say(msg.DELETED_EVERYTHING.format(n=len(removed), folder=plan.folder))
