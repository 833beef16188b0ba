"""The daily check-in command: quick enough for 30 seconds, fast enough to feel instant.

A check-in given as flags runs without Typer (``cli.dispatch`` calls :func:`checkin`); at a
terminal the missing fields are asked for, and ``--help`` and mistakes go to Typer. Either
way it saves through ``fast.save_checkin``. A check-in for another day
(``--date``) takes the services path. The group also holds ``edit``, ``list`` and ``show``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustbridge.cli import context, editing, fast, forms, output, parsing, tools
from trustbridge.cli import messages as msg
from trustbridge.cli import messages_editing as msg_edit
from trustbridge.cli.declare import App, Option

if TYPE_CHECKING:
    import typer

checkin_app = App(
    name="checkin", help=msg.CHECKIN_HELP, short_help=msg.SHORT["checkin"],
    rich_markup_mode=None, add_completion=False,
)  # fmt: skip


@checkin_app.callback(invoke_without_command=True)
def checkin(
    ctx: typer.Context,
    mood: str | None = Option(None, metavar="1-5", help=msg.MOOD_HELP),
    emotion: str | None = Option(None, metavar="TEXT", help=msg.EMOTION_HELP),
    energy: str | None = Option(None, metavar="1-5", help=msg.ENERGY_HELP),
    connection: str | None = Option(None, metavar="CHOICE", help=msg.CONNECTION_HELP),
    note: str | None = Option(None, metavar="TEXT", help=msg.NOTE_HELP),
    date: str | None = Option(None, "--date", metavar="DATE", help=msg_edit.DATE_HELP),
) -> None:
    """Save a quick daily check-in."""
    from trustbridge.domain.records import CHECKIN_FIELDS

    if ctx.invoked_subcommand is not None:  # ``checkin edit 3``: the subcommand does the work
        return
    given = {"mood": mood, "emotion": emotion, "energy": energy, "connection": connection}
    raw = forms.fill(CHECKIN_FIELDS, {**given, "note": note})
    if date is None:
        fast.save_checkin(raw)
        return
    saved = forms.save("checkin", {**raw, "day": parsing.date_word(date, context.today())})
    output.say(msg.CHECKIN_SAVED)
    output.crisis_notice(saved.crisis)


tools.add_list_and_show(checkin_app, "checkin", "checkin", "check-in", "check-ins")
editing.add_edit(checkin_app, "checkin", "check-in")
