"""Declared commands (``cli.declare``) made into Typer's, and Typer groups built on demand.

Loaded only when Typer runs a command line: help, completion, errors, questions, and anything
the quick dispatcher (``cli.dispatch``) leaves to it. What Typer is given is exactly what the
modules declare (``typer.Option``/``typer.Argument`` with the same arguments), so its help,
messages and values are its own.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_command_name
from typer.models import CommandInfo

from trustbridge.cli import declare


def typer_function(function: declare.Function) -> declare.Function:
    """``function`` as Typer reads it: its declared parameters as Typer's, its annotations
    evaluated (``typer.Context`` included), and calling it calls ``function``."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter(
            name,
            keyword,
            default=_typer_param(default)
            if default is not declare.MISSING
            else inspect.Parameter.empty,
            annotation=hint if hint is not declare.MISSING else inspect.Parameter.empty,
        )
        for name, hint, default in declare.parameters(function, {"typer": typer})
    ]

    def call(**arguments: Any) -> Any:
        return declare.invoke(function, arguments)

    call.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    call.__annotations__ = {p.name: p.annotation for p in parameters}
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(call, name, getattr(function, name))
    return call


def _typer_param(default: Any) -> Any:
    if not isinstance(default, declare.Param):
        return default
    if default.kind == "argument":
        return typer.Argument(default.default, **default.settings)
    return typer.Option(default.default, *default.names, **default.settings)


def to_typer(app: declare.App) -> typer.Typer:
    """The Typer app ``app`` declares."""
    made = typer.Typer(**app.settings)
    if app.bare_help:
        made.callback(invoke_without_command=True)(help_when_bare)
    elif app.callback_function is not None:
        made.callback(**app.callback_settings)(typer_function(app.callback_function))
    for command in app.commands.values():
        if command.function is not None:
            made.command(command.name, **command.settings)(typer_function(command.function))
        else:
            assert command.build is not None
            _deferred(made, command.name, command.settings["help"], command.build)
    return made


def single(name: str, function: declare.Function, help: str, short_help: str) -> typer.Typer:
    """A Typer app of one command (a top-level command that is not a group)."""
    made = typer.Typer(rich_markup_mode=None, add_completion=False)
    made.command(name, help=help, short_help=short_help)(typer_function(function))
    return made


def help_when_bare(ctx: typer.Context) -> None:
    """Show the help, kindly and with success, when a group is run without a command."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


class DeferredCommand(TyperCommand):
    """A command made from the function ``build`` returns, only when its options are needed.

    Its group lists it (name and help) without building it; running it or showing its own
    help builds it, once. See :meth:`declare.App.deferred`.
    """

    build: Callable[[], declare.Function]
    _made: TyperCommand | None = None

    def made(self) -> TyperCommand:
        if self._made is None:
            callback = typer_function(self.build())
            info = CommandInfo(self.name, callback=callback, help=self.help, cls=TyperCommand)
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


def _deferred(
    app: typer.Typer, name: str, help: str, build: Callable[[], declare.Function]
) -> None:
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
