"""Option and argument declarations shared by many commands, and the sub-app factory."""

from __future__ import annotations

from typing import Any

import typer

from trustbridge.cli import messages as msg

DEFAULT_LIMIT = 20
MAX_LIMIT = 500


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
