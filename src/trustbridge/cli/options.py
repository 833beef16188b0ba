"""Option and argument declarations shared by many commands, the sub-app factory, and
commands built only when they are first used."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_command_name
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


class CommandsOnDemand(MutableMapping[str, Any]):
    """A group's commands by name, each built from its Typer declaration when first looked up.

    Building a command reads its function's signature and type hints and makes its options;
    running ``person show`` needs only ``show`` built, not every command of the group. The
    names are all there from the start, in the order declared (for the help, and for Typer's
    "did you mean" on a mistyped one).
    """

    def __init__(self, declared: list[CommandInfo], markup: Any) -> None:
        self._declared = {
            info.name or get_command_name(info.callback.__name__): info  # type: ignore[union-attr]
            for info in declared
        }
        self._built: dict[str, Any] = {}
        self._markup = markup

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            info = self._declared[name]  # KeyError: no such command
            self._built[name] = get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=self._markup
            )
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._declared.pop(name, None)
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._declared
        yield from (name for name in self._built if name not in self._declared)

    def __len__(self) -> int:
        return len(self._declared.keys() | self._built.keys())


def group_of(app: typer.Typer) -> Any:
    """The Click command of ``app``; a group's commands are built only when used.

    Typer builds every command of a group when it builds the group; here the group is built
    without them and given :class:`CommandsOnDemand`. An app without a callback of its own is
    built as Typer builds it (without commands it would not be a group).
    """
    if not (app.registered_callback or app.info.callback) or not app.registered_commands:
        return typer.main.get_command(app)
    bare = copy.copy(app)
    bare.registered_commands = []
    group = typer.main.get_command(bare)
    assert isinstance(group, TyperGroup)
    group.commands = CommandsOnDemand(app.registered_commands, group.rich_markup_mode)
    return group
