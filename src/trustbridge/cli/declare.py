"""How command modules declare their commands, without importing Typer.

A command module says what its commands are (:class:`App`, ``.command``, ``.callback``) and
what each function's parameters are (:func:`Option`, :func:`Argument`, written as Typer's
are); nothing is built. Two readers turn a declaration into something that runs: the Typer
app (``cli.typer_build``), for help, completion, questions and every error, and the quick
dispatcher (``cli.dispatch``), which runs a plain command line without loading Typer at all.
Both call a command's function through :func:`invoke`, and a test checks they call it alike.

:class:`Exit` ends a command with an exit code from anywhere in its work, whichever reader ran
it (``typer.Exit`` would load Typer to say so).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Function = Callable[..., Any]


class Exit(Exception):
    """Stop the command now with exit code ``code`` (its words already said)."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


class Param:
    """An option or an argument as declared: Typer's own arguments, kept to be given to it."""

    __slots__ = ("default", "kind", "names", "settings")

    def __init__(self, kind: str, default: Any, names: tuple[str, ...], settings: dict[str, Any]):
        self.kind = kind
        self.default = default
        self.names = names
        self.settings = settings


def Option(default: Any, *names: str, **settings: Any) -> Any:
    """An option, declared as ``typer.Option(default, *names, **settings)`` would be."""
    return Param("option", default, names, settings)


def Argument(default: Any, **settings: Any) -> Any:
    """An argument, declared as ``typer.Argument(default, **settings)`` would be."""
    return Param("argument", default, (), settings)


class Command:
    """One command of a group: its function, or for a deferred one what makes its function."""

    __slots__ = ("build", "function", "name", "settings")

    def __init__(
        self,
        name: str,
        settings: dict[str, Any],
        function: Function | None,
        build: Function | None = None,
    ) -> None:
        self.name = name
        self.settings = settings
        self.function = function
        self.build = build

    def made(self) -> Function:
        """The command's function (a deferred one's is made on each call)."""
        if self.function is not None:
            return self.function
        assert self.build is not None
        made: Function = self.build()
        return made


class App:
    """A group of commands as declared: ``typer.Typer``'s settings, its callback, its commands.

    ``bare_help``: the group's callback shows its help when it is run without a command (every
    :func:`~trustbridge.cli.options.sub_app`); otherwise ``.callback`` may give one of its own.
    """

    def __init__(self, *, bare_help: bool = False, **settings: Any) -> None:
        self.settings = settings
        self.bare_help = bare_help
        self.callback_function: Function | None = None
        self.callback_settings: dict[str, Any] = {}
        self.commands: dict[str, Command] = {}

    def command(self, name: str, **settings: Any) -> Callable[[Function], Function]:
        """Declare a command, with ``typer.Typer.command``'s settings (``help=...``)."""

        def record(function: Function) -> Function:
            self.commands[name] = Command(name, settings, function)
            return function

        return record

    def deferred(self, name: str, help: str, build: Callable[[], Function]) -> None:
        """A command whose function (and so its options) is made only when it is needed."""
        self.commands[name] = Command(name, {"help": help}, None, build)

    def callback(self, **settings: Any) -> Callable[[Function], Function]:
        def record(function: Function) -> Function:
            self.callback_function = function
            self.callback_settings = settings
            return function

        return record


#: a parameter's missing annotation or default in :func:`parameters`
MISSING = object()
Parameters = list[tuple[str, Any, Any]]


def with_parameters(function: Function, declared: Parameters) -> Function:
    """``function`` (which takes keyword arguments) declared to take ``declared``: each
    parameter's name, annotation and default (a command made from data, like an edit's)."""
    function.declared_parameters = declared  # type: ignore[attr-defined]
    return function


def parameters(function: Function, names: Mapping[str, Any] | None = None) -> Parameters:
    """A command's parameters: name, annotation and default, in order (:data:`MISSING` where
    there is none). Annotations written as text are evaluated in the function's module, and
    ``names`` beside it; ``NameError`` for a name neither has.

    Read from the function itself rather than through ``inspect``, which a command line run
    by the dispatcher would otherwise import for this alone.
    """
    declared: Parameters | None = getattr(function, "declared_parameters", None)
    if declared is not None:
        return declared
    code = function.__code__
    positional = code.co_varnames[: code.co_argcount]
    defaults = dict(zip(reversed(positional), reversed(function.__defaults__ or ()), strict=False))
    defaults |= function.__kwdefaults__ or {}
    hints = function.__annotations__
    found = []
    for name in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]:
        hint = hints.get(name, MISSING)
        if isinstance(hint, str):
            hint = eval(hint, function.__globals__, dict(names or {}))  # the module's own text
        found.append((name, hint, defaults.get(name, MISSING)))
    return found


def invoke(function: Function, arguments: Mapping[str, Any]) -> Any:
    """Call a command's function: the one place both readers do it (a test listens here)."""
    return function(**arguments)
