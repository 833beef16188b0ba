"""The quick way in: a plain command line run without loading Typer (or Click) at all.

Importing Typer costs more than most commands' whole work. :func:`parse` reads a command
line the way Typer would (the options of every run, the command, its group's command, and
that command's own options and arguments, from their declarations in ``cli.declare``) and
:func:`run` calls the command's function as the Typer app would (``context.start``, the
same error handling, the same exit codes). Only what it is sure of is read here: plain text,
whole numbers within their bounds, flags, paths and repeated options, each given once.
Anything else (``--help``, an unknown or repeated option, a value that Typer would refuse or
that starts with ``-``, a missing argument, options with callbacks or environment variables,
a group's own options) makes :func:`parse` return ``None``, and Typer runs the whole command
line as it always has, with its own messages. ``tests/integration/test_cli_dispatch.py``
checks, for every command, that what is read here is exactly what Typer would pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace, UnionType
from typing import Any

from trustbridge.cli import context, declare

#: the settings of an option or argument that change nothing about how its value is read
PLAIN_SETTINGS = frozenset({"help", "metavar", "show_default", "min", "max"})


class Call:
    """A command line read: the options of the run, and the function with its arguments."""

    __slots__ = ("arguments", "ask", "function", "home", "passphrase_file")

    def __init__(
        self,
        home: Path | None,
        ask: bool,
        passphrase_file: Path | None,
        function: declare.Function,
        arguments: dict[str, Any],
    ) -> None:
        self.home = home
        self.ask = ask
        self.passphrase_file = passphrase_file
        self.function = function
        self.arguments = arguments


def parse(argv: Sequence[str]) -> Call | None:
    """What ``argv`` (the options of every run first) asks for, or ``None`` for Typer to read."""
    from trustbridge.cli.commands import ALIASES, COMMANDS, declared

    args = list(argv)
    run_options: dict[str, Any] = {}
    while args and args[0].startswith("-"):
        flag, has_value, value = args.pop(0).partition("=")
        if flag in run_options:
            return None
        if flag == "--no-input" and not has_value:
            run_options[flag] = True
        elif flag in ("--home", "--passphrase-file"):
            if not has_value:
                if not args:
                    return None
                value = args.pop(0)
            path = _value(Path, value, {})
            if path is None:
                return None
            run_options[flag] = path
        else:
            return None
    name = ALIASES.get(args[0], args[0]) if args else None
    if name not in COMMANDS:
        return None
    target = declared(name)
    rest = args[1:]
    callback = False
    if isinstance(target, declare.App):
        found = _in_group(target, rest)
        if found is None:
            return None
        callback, target = found is target.callback_function, found
    arguments = read(target, rest, callback=callback)
    if arguments is None:
        return None
    home, ask = run_options.get("--home"), "--no-input" not in run_options
    return Call(home, ask, run_options.get("--passphrase-file"), target, arguments)


def _in_group(group: declare.App, rest: list[str]) -> declare.Function | None:
    """The function a group runs for ``rest`` (its command's words taken off), or ``None``.

    One of its commands, by name; or, for a group that does a job itself (``checkin --mood
    3``, ``empathy``), its own callback. When one of its commands runs, Typer first calls the
    callback too, which then does nothing (see ``options.doing_group``): it is not called here.
    """
    if rest and rest[0] in group.commands:
        return group.commands[rest.pop(0)].made()
    callback = group.callback_function
    runs_alone = {**group.settings, **group.callback_settings}.get("invoke_without_command")
    if group.bare_help or callback is None or not runs_alone:
        return None  # the group's help, or a name Typer will say it does not know
    return callback


class _Context:
    """Typer's context as a group's callback sees it when the group runs without a command."""

    invoked_subcommand = None


#: ``typer`` as a callback's annotations name it: only ``typer.Context`` is read here
_TYPER = SimpleNamespace(Context=_Context)


class _Param:
    """One parameter of a command, as Click would read it."""

    __slots__ = ("default", "is_list", "kind", "name", "names", "settings", "type")

    def __init__(self, name: str, declared: declare.Param, annotation: Any) -> None:
        self.name = name
        self.kind = declared.kind
        self.default = declared.default
        self.names = declared.names
        self.settings = declared.settings
        found = annotation
        if isinstance(annotation, UnionType):  # ``X | None``: X
            types = [t for t in annotation.__args__ if t is not type(None)]
            found = types[0] if len(types) == 1 else annotation
        self.is_list = getattr(found, "__origin__", None) is list
        self.type = found.__args__[0] if self.is_list else found


def read(
    function: declare.Function, args: Sequence[str], *, callback: bool = False
) -> dict[str, Any] | None:
    """The keyword arguments Typer would call ``function`` with for ``args``, or ``None``.

    Only a group's ``callback`` may take Typer's context (given a stand-in that says no
    command of the group runs); a command that reads more of it is left to Typer.
    """
    try:
        declared = declare.parameters(function, {"typer": _TYPER})
    except NameError:  # an annotation only Typer's reader can resolve
        return None
    params: list[_Param] = []
    contexts = [name for name, annotation, _ in declared if annotation is _Context]
    if contexts and not callback:
        return None
    for name, annotation, found in declared:
        if name in contexts:
            continue
        if not isinstance(found, declare.Param) or not found.settings.keys() <= PLAIN_SETTINGS:
            return None
        param = _Param(name, found, annotation)
        if param.type not in (str, int, Path, bool) or (param.is_list and param.type is not str):
            return None
        params.append(param)
    flags = _flags(params)
    if flags is None:
        return None
    given: dict[str, Any] = {}
    positional: list[str] = []
    queue = list(args)
    while queue:
        token = queue.pop(0)
        if not token.startswith("-"):
            positional.append(token)
            continue
        # ``--name=value``; a short name takes no ``=`` (Click reads ``-o=x`` as the value ``=x``)
        flag, has_value, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if flag not in flags:
            return None
        param, setting = flags[flag]
        if param.name in given and not param.is_list:
            return None
        if param.type is bool:
            if has_value:
                return None
            given[param.name] = setting
            continue
        if not has_value:
            if not queue or queue[0].startswith("-"):
                return None
            value = queue.pop(0)
        converted = _value(param.type, value, param.settings)
        if converted is None:
            return None
        if param.is_list:
            given.setdefault(param.name, []).append(converted)
        else:
            given[param.name] = converted
    if not _place([p for p in params if p.kind == "argument"], positional, given):
        return None
    for param in params:
        if param.name not in given:
            if param.default is ...:
                return None
            given[param.name] = param.default
    return {name: given[name] if name in given else _Context() for name, _, _ in declared}


def _flags(params: list[_Param]) -> dict[str, tuple[_Param, bool]] | None:
    """Each option's flags, with the value a flag sets; ``None`` for options not read here.

    As Typer names them: the names declared, else ``--`` and the parameter's name (a flag
    also gets its ``--no-`` twin, which sets it to False).
    """
    flags: dict[str, tuple[_Param, bool]] = {}
    for param in params:
        if param.kind != "option":
            continue
        if param.type is bool and param.default is not False:
            return None
        names = param.names or (f"--{param.name.replace('_', '-')}",)
        if not all((name.startswith("--") and "/" not in name) or _short(name) for name in names):
            return None
        flags |= {name: (param, True) for name in names}
        if param.type is bool and not param.names:
            flags[f"--no-{param.name.replace('_', '-')}"] = (param, False)
    return flags


def _short(name: str) -> bool:
    """A short name (``-y``): one letter after one dash."""
    return len(name) == 2 and name[0] == "-" and name[1].isascii() and name[1].isalpha()


def _place(arguments: list[_Param], positional: list[str], given: dict[str, Any]) -> bool:
    """Share the words written out among the arguments, in order, as Click does: one each,
    and all that are left to a last argument that takes many. False when they do not fit."""
    for number, param in enumerate(arguments):
        if param.is_list:
            if number != len(arguments) - 1:
                return False
            if positional:
                given[param.name] = list(positional)
            positional = []
        elif positional:
            converted = _value(param.type, positional.pop(0), param.settings)
            if converted is None:
                return False
            given[param.name] = converted
    return not positional


def _value(kind: type, text: str, settings: dict[str, Any]) -> Any:
    """``text`` as ``kind``, as Typer reads it; ``None`` when Typer might read it otherwise."""
    if kind is str:
        return text
    if kind is Path:
        return Path(text) if text else None
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    low, high = settings.get("min"), settings.get("max")
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def run_line(argv: Sequence[str]) -> int | None:
    """Run ``argv`` here if :func:`parse` reads it: the exit code, or ``None`` for Typer."""
    call = parse(argv)
    return None if call is None else run(call)


def run(call: Call) -> int:
    """Run what :func:`parse` read, as the Typer app runs a command; the exit code."""

    def command() -> int:
        declare.invoke(call.function, call.arguments)
        return 0

    context.start(call.home, ask=call.ask, passphrase_file=call.passphrase_file)
    code = guarded(command)
    assert code is not None
    return code


def guarded(action: Callable[[], int | None]) -> int | None:
    """``action()`` in a run already started, its errors made messages as the Typer app makes
    them (``errors.ending``); the run is finished afterwards. Its exit code (``None`` from
    ``action``: Typer is to run the command line after all)."""
    try:
        return action()
    except (Exception, KeyboardInterrupt) as exc:
        from trustbridge.cli import errors

        code = errors.ending(exc)
        if code is not None:
            return code
        if errors.is_broken_pipe(exc):  # ``trustbridge person show NAME | head``: not a problem
            errors.quiet_stdout()
            return errors.EXIT_PROBLEM
        raise
    finally:
        context.finish()
