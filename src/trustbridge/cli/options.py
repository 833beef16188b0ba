"""Option and argument declarations shared by many commands, and the group factories.

Declarations only (``cli.declare``): nothing here imports Typer."""

from __future__ import annotations

from typing import Any

from trustbridge.cli import messages as msg
from trustbridge.cli.declare import App, Argument, Exit, Option

DEFAULT_LIMIT = 20
MAX_LIMIT = 500


def doing_group(name: str, help: str) -> App:
    """A command that does its job with its own options (``empathy --situation ...``) and also
    has commands of its own (``empathy list``, ``empathy edit ID``): its callback does the job,
    and nothing at all when one of those commands runs (``ctx.invoked_subcommand`` is set), so
    the quick dispatcher (``cli.dispatch``) need not call it then."""
    return App(
        name=name, help=help, short_help=msg.SHORT.get(name), rich_markup_mode=None,
        add_completion=False, invoke_without_command=True,
    )  # fmt: skip


def sub_app(name: str, help: str) -> App:
    """A command group: plain help (no Rich), and its help shown when run without a command."""
    return App(
        bare_help=True,
        name=name,
        help=help,
        short_help=msg.SHORT.get(name),
        rich_markup_mode=None,
        add_completion=False,
    )


def text(help: str, *names: str) -> Any:
    """An optional text option; a missing one may be asked for interactively."""
    return Option(None, *names, metavar="TEXT", help=help, show_default=False)


def words(help: str) -> Any:
    """Words written straight after the command (``journal add Today was hard``), as jrnl and
    most note-taking tools take them; :func:`once` joins them into the field's text."""
    return Argument(None, metavar="TEXT", help=help, show_default=False)


def once(flag: str, value: str | None, written: list[str] | None) -> str | None:
    """One field's text, from its option or from the words after the command, not both."""
    if not written:
        return value
    if value is not None:
        from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error

        say_error(msg.GIVEN_TWICE.format(flag=flag))
        raise Exit(EXIT_BAD_INPUT)
    return " ".join(written)


def number(help: str, metavar: str, *names: str) -> Any:
    """A number option, read as text so the field rules give the same messages everywhere."""
    return Option(None, *names, metavar=metavar, help=help, show_default=False)


def many(help: str, metavar: str, *names: str) -> Any:
    """A repeatable option."""
    return Option(None, *names, metavar=metavar, help=help, show_default=False)


def limit() -> Any:
    return Option(DEFAULT_LIMIT, "--limit", metavar="N", min=1, max=MAX_LIMIT, help=msg.LIMIT_HELP)


def as_json() -> Any:
    return Option(False, "--json", help=msg.JSON_HELP)


def entry_id() -> Any:
    return Argument(..., metavar="ID", min=1, help=msg.ID_HELP, show_default=False)
