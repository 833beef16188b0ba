"""The daily check-in command: quick enough for 30 seconds, fast enough to feel instant.

A complete check-in given as flags usually never reaches this module: ``fast.try_checkin``
handles it before Typer loads. This command covers the rest (questions at a terminal,
``--help``, tests through Typer's runner), and saves the same way.
"""

from __future__ import annotations

import typer

from trustbridge.cli import fast, forms
from trustbridge.cli import messages as msg


def checkin(
    mood: str | None = typer.Option(None, metavar="1-5", help=msg.MOOD_HELP),
    emotion: str | None = typer.Option(None, metavar="TEXT", help=msg.EMOTION_HELP),
    energy: str | None = typer.Option(None, metavar="1-5", help=msg.ENERGY_HELP),
    connection: str | None = typer.Option(None, metavar="CHOICE", help=msg.CONNECTION_HELP),
    note: str | None = typer.Option(None, metavar="TEXT", help=msg.NOTE_HELP),
) -> None:
    """Save a quick daily check-in."""
    from trustbridge.domain.records import CHECKIN_FIELDS

    given = {"mood": mood, "emotion": emotion, "energy": energy, "connection": connection}
    fast.save_checkin(forms.fill(CHECKIN_FIELDS, {**given, "note": note}))
