"""Option and argument declarations shared by many commands, the sub-app factory, and
commands built only when they are first used."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand
from typer.main import get_command_from_info
from typer.models import CommandInfo

from trustbridge.cli import messages as msg

DEFAULT_LIMIT = 20
MAX_LIMIT = 500


def doing_group(name: str, help: str) -> typer.Typer:
    """A command that does its job with its own options (``empathy --situation ...``) and also
    has commands of its own (``empathy list``, ``empathy edit ID``): its callback does the job."""
    return typer.Typer(
        name=name, help=help, short_help=msg.SHORT.get(name), rich_markup_mode=None,
        add_completion=False, invoke_without_command=True,
    )  # fmt: skip


def sub_app(name: str, help: str) -> typer.Typer:
    """A command group: plain help (no Rich), and its help shown when run without a command."""
    group = typer.Typer(
        name=name,
        help=help,
        short_help=msg.SHORT.get(name),
        rich_markup_mode=None,
        add_completion=False,
    )
    group.callback(invoke_without_command=True)(help_when_bare)
    return group


def help_when_bare(ctx: typer.Context) -> None:
    """Show the help, kindly and with success, when a group is run without a command."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def text(help: str, *names: str) -> Any:
    """An optional text option; a missing one may be asked for interactively."""
    return typer.Option(None, *names, metavar="TEXT", help=help, show_default=False)


def words(help: str) -> Any:
    """Words written straight after the command (``journal add Today was hard``), as jrnl and
    most note-taking tools take them; :func:`once` joins them into the field's text."""
    return typer.Argument(None, metavar="TEXT", help=help, show_default=False)


def once(flag: str, value: str | None, written: list[str] | None) -> str | None:
    """One field's text, from its option or from the words after the command, not both."""
    if not written:
        return value
    if value is not None:
        from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error

        say_error(msg.GIVEN_TWICE.format(flag=flag))
        raise typer.Exit(EXIT_BAD_INPUT)
    return " ".join(written)


def number(help: str, metavar: str, *names: str) -> Any:
    """A number option, read as text so the field rules give the same messages everywhere."""
    return typer.Option(None, *names, metavar=metavar, help=help, show_default=False)


def many(help: str, metavar: str, *names: str) -> Any:
    """A repeatable option."""
    return typer.Option(None, *names, metavar=metavar, help=help, show_default=False)


def limit() -> Any:
    return typer.Option(
        DEFAULT_LIMIT, "--limit", metavar="N", min=1, max=MAX_LIMIT, help=msg.LIMIT_HELP
    )


def as_json() -> Any:
    return typer.Option(False, "--json", help=msg.JSON_HELP)


def entry_id() -> Any:
    return typer.Argument(..., metavar="ID", min=1, help=msg.ID_HELP, show_default=False)


class DeferredCommand(TyperCommand):
    """A command made from the function ``build`` returns, only when its options are needed.

    Its group lists it (name and help) without building it; running it or showing its own
    help builds it, once. See :func:`deferred`.
    """

    build: Callable[[], Callable[..., Any]]
    _made: TyperCommand | None = None

    def made(self) -> TyperCommand:
        if self._made is None:
            info = CommandInfo(self.name, callback=self.build(), help=self.help, cls=TyperCommand)
            made = get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=self.rich_markup_mode
            )
            assert isinstance(made, TyperCommand)
            self._made = made
        return self._made

    # Click reads and sets both as plain attributes: here they are the built command's.
    @property
    def params(self) -> list[Any]:
        return self.made().params

    @params.setter
    def params(self, _placeholder: list[Any]) -> None:
        pass

    @property
    def callback(self) -> Callable[..., Any] | None:
        return self.made().callback

    @callback.setter
    def callback(self, _placeholder: Callable[..., Any] | None) -> None:
        pass


def deferred(
    app: typer.Typer, name: str, help: str, build: Callable[[], Callable[..., Any]]
) -> None:
    """Give ``app`` the command ``name``, made from the function ``build`` returns when needed.

    For a command whose options come from something slow to import (a tool's fields come
    from the catalog, which loads SQLAlchemy): the group's help lists it at once, and it is
    built only when it runs or shows its own help.
    """

    class Deferred(DeferredCommand):
        pass

    Deferred.build = staticmethod(build)
    app.command(name, help=help, cls=Deferred)(_not_built)


def _not_built() -> None:
    """Stands in for a deferred command's function until it is built (and is never called)."""
