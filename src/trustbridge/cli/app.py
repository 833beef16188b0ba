"""The Typer app: global options, the single error handler, and commands loaded on demand.

Each command lives in its own module and is imported only when it runs (or when its own
help is shown), so ``trustbridge --help`` loads Typer and little else, and no group's help
needs SQLAlchemy (``tests/integration/test_cli_start.py``). The list of commands in the help
comes from ``messages.SHORT``; a test checks it against each command's own short help.
"""

from __future__ import annotations

import importlib
import os
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from trustbridge.cli import context, values
from trustbridge.cli import messages as msg
from trustbridge.cli import messages_insights as msg_insights
from trustbridge.cli import messages_search as msg_search

#: command name -> (module in trustbridge.cli, attribute): a Typer group or a command function,
#: in the order ``--help`` lists them (the daily things first, then stage by stage)
COMMANDS: dict[str, tuple[str, str]] = {
    "checkin": ("checkin", "checkin_app"),
    "journal": ("tools", "journal_app"),
    "hurt": ("tools", "hurt_app"),
    "beliefs-check": ("beliefs", "beliefs_check"),
    "pattern": ("tools", "pattern_app"),
    "thought": ("tools", "thought_app"),
    "belief": ("beliefs", "belief_app"),
    "selfcheck": ("safety", "selfcheck_app"),
    "promise": ("safety", "promise_app"),
    "empathy": ("compassion", "empathy_app"),
    "affirm": ("compassion", "affirm_app"),
    "habit": ("compassion", "habit_app"),
    "pause": ("compassion", "pause_app"),
    "person": ("circle", "person_app"),
    "evidence": ("circle", "evidence_app"),
    "ladder": ("relating", "ladder_app"),
    "bridge": ("circle", "bridge"),
    "gut": ("relating", "gut_app"),
    "boundary": ("boundaries", "boundary_app"),
    "istatement": ("boundaries", "istatement"),
    "balance": ("boundaries", "balance_app"),
    "partner-checkin": ("growth", "partner_checkin_app"),
    "ritual": ("growth", "ritual_app"),
    "appreciation": ("growth", "appreciation_app"),
    "goal": ("growth", "goal_app"),
    "win": ("growth", "win_app"),
    "support": ("support", "support_app"),
    "safety-plan": ("support", "safety_plan_app"),
    "report": ("report", "report"),
    "search": ("search", "search"),
    "reminders": ("reminders", "reminders_app"),
    "program": ("program", "program"),
    "insights": ("insights", "insights"),
    "help-now": ("program", "help_now"),
    "serve": ("program", "serve"),
    "open": ("program", "open_browser"),
    "export": ("exchange", "export_app"),
    "import": ("exchange", "import_app"),
    "backup": ("backup", "backup_app"),
    "delete-everything": ("backup", "delete_everything"),
    "init": ("security", "init"),
    "unlock": ("security", "unlock_command"),
    "lock": ("security", "lock"),
    "encrypt": ("security", "encrypt"),
    "passphrase": ("security", "passphrase"),
    "recovery-key": ("security", "recovery_key"),
    "hosted": ("hosted", "hosted_app"),
}
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
    module_name, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(f"trustbridge.cli.{module_name}"), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(name, help=HELP[name], short_help=msg.SHORT[name])(target)
        target = single
    from trustbridge.cli.options import group_of

    command = group_of(target)
    command.name = name
    return command


#: what people type for a command from the words the web pages use (not listed in --help)
ALIASES = {"stages": "program", "stage": "program", "people": "person", "circle": "person"}


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
        except (KeyboardInterrupt, EOFError, typer.Abort) as stop:
            # Ctrl-C, or the input ended; at a question Typer reports both as Abort
            from trustbridge.cli import errors

            errors.say_error("")
            errors.say_error(msg.STOPPED)
            interrupted = isinstance(stop, KeyboardInterrupt)
            raise typer.Exit(
                errors.EXIT_INTERRUPTED if interrupted else errors.EXIT_PROBLEM
            ) from None
        except Exception as exc:
            from trustbridge.cli import errors

            if _passes_through(exc) or os.environ.get(errors.DEBUG_ENV):
                raise
            raise typer.Exit(errors.report(exc)) from None


def _passes_through(exc: Exception) -> bool:
    """Exceptions Typer itself turns into messages and exit codes, and a closed output pipe."""
    from typer import _click

    from trustbridge.cli.errors import is_broken_pipe

    return isinstance(exc, typer.Exit | _click.ClickException) or is_broken_pipe(exc)


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
