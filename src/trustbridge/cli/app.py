"""The Typer app: global options, the single error handler, and commands loaded on demand.

Each command lives in its own module and is imported only when it runs (or when its own
help is shown), so ``trustbridge --help`` loads Typer and little else, and no group's help
needs SQLAlchemy (``tests/integration/test_cli_start.py``). The list of commands in the help
comes from ``messages.SHORT``; a test checks it against each command's own short help.
"""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from trustbridge.cli import context, declare, values
from trustbridge.cli import messages as msg
from trustbridge.cli import messages_insights as msg_insights
from trustbridge.cli import messages_search as msg_search
from trustbridge.cli.commands import ALIASES, COMMANDS, declared

#: the help of each command that is not a group (a group's is in its declaration)
HELP = {
    "checkin": msg.CHECKIN_HELP,
    "beliefs-check": msg.BELIEFS_CHECK_HELP,
    "selfcheck": msg.SELFCHECK_HELP,
    "empathy": msg.EMPATHY_HELP,
    "pause": msg.PAUSE_HELP,
    "bridge": msg.BRIDGE_HELP,
    "istatement": msg.ISTATEMENT_HELP,
    "report": msg.REPORT_HELP,
    "search": msg_search.SEARCH_HELP,
    "program": msg.PROGRAM_HELP,
    "insights": msg_insights.INSIGHTS_HELP,
    "help-now": msg.HELP_NOW_HELP,
    "serve": msg.SERVE_HELP,
    "open": msg.OPEN_HELP,
    "delete-everything": msg.DELETE_EVERYTHING_HELP,
    "init": msg.INIT_HELP,
    "unlock": msg.UNLOCK_HELP,
    "lock": msg.LOCK_HELP,
    "encrypt": msg.ENCRYPT_HELP,
    "passphrase": msg.PASSPHRASE_HELP,
    "recovery-key": msg.RECOVERY_KEY_HELP,
}


def load_command(name: str) -> Any:
    """Import a command's module and turn it into a Click command (a group or a single one)."""
    from trustbridge.cli import typer_build

    target = declared(name)
    if isinstance(target, declare.App):
        made = typer_build.to_typer(target)
    else:
        made = typer_build.single(name, target, HELP[name], msg.SHORT[name])
    command = typer_build.group_of(made)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """The top-level group: loads commands on demand and turns every error into a message."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd_name = ALIASES.get(cmd_name, cmd_name)
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section(msg.COMMANDS_TITLE):
            formatter.write_dl([(name, msg.SHORT[name]) for name in COMMANDS])

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        from typer import _click

        try:
            return super().resolve_command(ctx, args)
        except _click.exceptions.UsageError as exc:
            close = get_close_matches(args[0], list(COMMANDS)) if args else []
            hint = msg.DID_YOU_MEAN.format(name=close[0]) if close else ""
            if hint and hint not in exc.message:
                exc.message = f"{exc.message.rstrip('.')}. {hint}"
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (Exception, KeyboardInterrupt) as exc:
            from trustbridge.cli import errors

            code = errors.ending(exc)
            if code is None:  # Typer's own, a closed pipe, or a traceback asked for
                raise
            raise typer.Exit(code) from None


values.install()  # text and whole numbers are checked without loading Pydantic
app = typer.Typer(
    name="trustbridge",
    help=msg.APP_HELP,
    cls=LazyGroup,
    rich_markup_mode=None,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from trustbridge import __version__

        typer.echo(msg.VERSION.format(version=__version__))
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    home: Path | None = typer.Option(
        None, "--home", metavar="PATH", help=msg.HOME_HELP, show_default=False
    ),
    no_input: bool = typer.Option(False, "--no-input", help=msg.NO_INPUT_HELP),
    passphrase_file: Path | None = typer.Option(
        None, "--passphrase-file", metavar="PATH", help=msg.PASSPHRASE_FILE_HELP, show_default=False
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help=msg.VERSION_HELP
    ),
) -> None:
    """Set up this run: where the data lives, and whether questions may be asked."""
    if ctx.invoked_subcommand is None:  # plain ``trustbridge``: show the help, not an error
        typer.echo(ctx.get_help())
        raise typer.Exit()
    context.start(home, ask=not no_input, passphrase_file=passphrase_file)
    ctx.call_on_close(context.finish)
