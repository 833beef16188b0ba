"""The quick dispatcher reads a command line exactly as Typer does, or leaves it to Typer.

For every command, random command lines built from its own options (and junk): whenever
``dispatch.parse`` reads one, Typer, given the same line, calls the same function with the
same arguments (both call through ``declare.invoke``, watched here), after starting the run
with the same options. And the everyday read commands run without importing Typer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.integration.test_cli import imported, run_process
from trustbridge.cli import context, declare, dispatch
from trustbridge.cli.app import app
from trustbridge.cli.commands import COMMANDS, declared
from trustbridge.config import Settings
from trustbridge.store.db import Store


def _leaves() -> list[tuple[list[str], declare.Command | declare.Function]]:
    """Every command that runs something: its words, and its declaration."""
    found: list[tuple[list[str], declare.Command | declare.Function]] = []
    for name in COMMANDS:
        target = declared(name)
        if isinstance(target, declare.App):
            found += [([name, sub], command) for sub, command in target.commands.items()]
            if target.callback_function is not None:
                found.append(([name], target.callback_function))
        else:
            found.append(([name], target))
    return found


LEAVES = _leaves()
VALUES = ["", "0", "1", "7", "20", "501", "007", "٣", "-5", "x", "two words", "a=b", "-", "--"]
JUNK = ["--help", "--", "-x", "--unknown", "--version", "--no-input", "--home"]
RUN_OPTIONS = st.lists(
    st.sampled_from([["--no-input"], ["--home", "h"], ["--home=h2"], ["--home="],
                     ["--passphrase-file", "p"], ["--version"], ["--help"], ["--home"]]),
    max_size=2,
).map(lambda chosen: [word for option in chosen for word in option])  # fmt: skip


def _declared(function: declare.Function) -> list[tuple[str, declare.Param, bool, bool]]:
    """Each declared parameter: its name, declaration, and whether it is a flag, or a list."""
    return [
        (name, default, hint is bool, str(hint).startswith("list"))
        for name, hint, default in declare.parameters(function, {"typer": typer})
        if isinstance(default, declare.Param)
    ]


def _flags(function: declare.Function) -> list[str]:
    names: list[str] = []
    for name, declared_param, _, _ in _declared(function):
        if declared_param.kind == "option":
            flag = f"--{name.replace('_', '-')}"
            names += list(declared_param.names) or [flag, f"--no-{flag[2:]}"]
    return names


VALUE = (
    st.sampled_from(["1", "3", "7", "20", "x", "two words"])
    | st.sampled_from(VALUES)
    | st.text(max_size=4)
)


def _written(function: declare.Function) -> st.SearchStrategy[list[str]]:
    """Command lines as people write them: some options with values, then the arguments."""
    options: list[st.SearchStrategy[list[str]]] = []
    arguments: list[st.SearchStrategy[list[str]]] = []
    for name, declared_param, flag, many in _declared(function):
        if declared_param.kind == "argument":
            arguments.append(st.lists(VALUE, min_size=1, max_size=3 if many else 1))
            continue
        names = list(declared_param.names) or [f"--{name.replace('_', '-')}"]
        if flag:
            options.append(st.lists(st.sampled_from(names), max_size=1))
        else:
            one = st.builds(lambda f, v: [f, v], st.sampled_from(names), VALUE)
            one |= st.builds(lambda f, v: [f"{f}={v}"], st.sampled_from(names), VALUE)
            chosen = st.lists(one, max_size=2 if many else 1)
            options.append(chosen.map(lambda pairs: [w for pair in pairs for w in pair]))
    parts = st.tuples(*options, *arguments) if options or arguments else st.just(())
    count = len(options)
    return parts.flatmap(
        lambda made: st.permutations(made[:count]).map(
            lambda shuffled: [w for part in (*shuffled, *made[count:]) for w in part]
        )
    )


def _tokens(function: declare.Function) -> st.SearchStrategy[list[str]]:
    flags = _flags(function)
    word = st.sampled_from(VALUES + JUNK) | st.text(max_size=3)
    if flags:
        joined = st.builds(lambda f, v: f"{f}={v}", st.sampled_from(flags), st.sampled_from(VALUES))
        word |= st.sampled_from(flags) | joined
    junk = st.lists(word, max_size=7)
    spoiled = st.tuples(_written(function), word, st.integers(0, 8)).map(
        lambda t: [*t[0][: t[2]], t[1], *t[0][t[2] :]]
    )
    return _written(function) | _written(function) | spoiled | junk


def _function(leaf: declare.Command | declare.Function) -> declare.Function:
    return leaf.made() if isinstance(leaf, declare.Command) else leaf


def _typed(arguments: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    return {name: (type(value), value) for name, value in arguments.items()}


def _name(function: declare.Function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


@pytest.mark.parametrize(("words", "leaf"), LEAVES, ids=[" ".join(w) for w, _ in LEAVES])
def test_the_dispatcher_reads_a_command_line_as_typer_does(
    words: list[str], leaf: declare.Command | declare.Function
) -> None:
    function = _function(leaf)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(front=RUN_OPTIONS, tokens=_tokens(function))
    def check(front: list[str], tokens: list[str]) -> None:
        argv = [*front, *words, *tokens]
        call = dispatch.parse(argv)
        if call is None:
            return
        calls: list[tuple[declare.Function, dict[str, Any]]] = []
        starts: list[tuple[Any, ...]] = []

        def start(home: Path | None, *, ask: bool, passphrase_file: Path | None) -> None:
            starts.append((home, ask, passphrase_file))

        with (
            mock.patch.object(declare, "invoke", lambda f, a: calls.append((f, dict(a)))),
            mock.patch.object(context, "start", start),
        ):
            result = CliRunner().invoke(app, argv)
        assert result.exit_code == 0, (argv, result.output)
        assert starts == [(call.home, call.ask, call.passphrase_file)], argv
        group = declared(words[0])
        if len(calls) == 2 and isinstance(group, declare.App):  # a group that does a job itself
            callback, its_arguments = calls.pop(0)  # is called first, and then does nothing
            assert _name(callback) == _name(group.callback_function)  # type: ignore[arg-type]
            assert [c.invoked_subcommand for c in _contexts(its_arguments)] == [words[1]]
        for context_given in _contexts(calls[0][1]) + _contexts(call.arguments):
            assert context_given.invoked_subcommand is None
        assert [(_name(f), _typed(a)) for f, a in calls] == [
            (_name(call.function), _typed(call.arguments))
        ], argv

    check()


def _contexts(arguments: dict[str, Any]) -> list[Any]:
    """The arguments that are Typer's context (or the dispatcher's stand-in for it), taken out."""
    found = [name for name, value in arguments.items() if hasattr(value, "invoked_subcommand")]
    return [arguments.pop(name) for name in found]


def test_the_dispatcher_reads_the_everyday_commands() -> None:
    """Not everything is declined: the commands people run most are read here."""
    for argv in (
        ["journal", "list", "--limit", "5"],
        ["--home", "h", "thought", "list", "--json"],
        ["program"],
        ["person", "show", "--full", "Sam", "Rivera"],
        ["search", "walk", "--tool", "journal", "--page=2"],
        ["help-now", "--country", "GB"],
        ["journal", "edit", "3", "--title", "Rain"],
    ):
        assert dispatch.parse(argv) is not None, argv
    for argv in (["journal"], ["journal", "list", "--help"], ["checkin", "--mood", "3", "list"]):
        assert dispatch.parse(argv) is None, argv
    assert dispatch.parse(["checkin", "--mood", "3", "--note", "a walk"]) is not None
    assert dispatch.parse(["empathy", "list", "--json"]) is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["journal", "list", "--limit", "5"],
        ["thought", "list", "--json"],
        ["program"],
        ["person", "show", "Nobody"],
        ["search", "walk"],
        ["help-now"],
        ["checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"],
    ],
)
def test_everyday_commands_do_not_load_typer(
    argv: list[str], store: Store, settings: Settings
) -> None:
    done = run_process(*argv, home=settings.data_dir, importtime=True)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert b"Traceback" not in done.stderr
    assert not imported(done.stderr) & {"typer", "click"}
