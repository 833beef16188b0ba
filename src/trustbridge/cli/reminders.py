"""``trustbridge reminders``: the calendar file, the check-in time, and the feed's address.

``export`` checks the file name and folder first, reads the store once, and writes the file
whole or not at all, readable by this user only (``exchange.files.write_private``). Nothing
of what the reminders say is printed.
"""

from __future__ import annotations

import os
from pathlib import Path

from trustbridge.cli import context, options, output
from trustbridge.cli import messages_reminders as msg
from trustbridge.cli.declare import Argument, Exit, Option
from trustbridge.cli.errors import EXIT_BAD_INPUT, EXIT_PROBLEM, say_error
from trustbridge.cli.messages import FILE_EXISTS
from trustbridge.domain.words import count_words

reminders_app = options.sub_app("reminders", msg.REMINDERS_HELP)


def _stop(*lines: str, code: int = EXIT_BAD_INPUT) -> Exit:
    for line in lines:
        say_error(line)
    return Exit(code)


def _why_not(path: Path) -> str:
    """Why the calendar cannot be written to ``path``, or "" when it can."""
    if path.is_dir():
        return msg.IS_FOLDER
    if not path.parent.is_dir():
        return msg.NO_FOLDER
    return "" if os.access(path.parent, os.W_OK | os.X_OK) else msg.NOT_WRITABLE


def _check_place(out: Path | None, force: bool) -> Path:
    if out is None:
        raise _stop(msg.NEEDS_OUT)
    path = out.expanduser()
    if path.suffix.lower() != ".ics":
        raise _stop(msg.NOT_ICS.format(path=out))
    reason = _why_not(path)
    if reason:
        raise _stop(msg.CANNOT_WRITE.format(path=path, reason=reason), code=EXIT_PROBLEM)
    if path.exists() and not force:
        raise _stop(FILE_EXISTS.format(path=path))
    return path


@reminders_app.command("export", help=msg.EXPORT_HELP)
def export(
    out: Path | None = Option(
        None, "--out", "-o", metavar="FILE", help=msg.OUT_HELP, show_default=False
    ),
    full_titles: bool = Option(False, "--full-titles", help=msg.FULL_TITLES_HELP),
    force: bool = Option(False, "--force", help=msg.FORCE_HELP),
) -> None:
    from trustbridge.exchange.files import write_private
    from trustbridge.exchange.ical import calendar_bytes
    from trustbridge.services import reminders

    path = _check_place(out, force)
    plan = reminders.build(context.store(), context.now(), full=full_titles or None)
    try:
        write_private(path, calendar_bytes(plan, context.now()), overwrite=force)
    except OSError as problem:
        reason = problem.strerror or str(problem)
        raise _stop(msg.CANNOT_WRITE.format(path=path, reason=reason), code=EXIT_PROBLEM) from None
    count = count_words(len(plan.reminders), "reminder")
    output.say(msg.SAVED.format(path=path, count=count))
    output.say(msg.FULL_NOTE if plan.full_titles else msg.PLAIN_NOTE)


@reminders_app.command("time", help=msg.TIME_HELP)
def checkin_time(
    when: str | None = Argument(None, metavar="HH:MM", help=msg.TIME_ARG_HELP),
) -> None:
    from trustbridge.services import reminders

    if when is None:
        output.say(msg.TIME_NOW.format(time=f"{reminders.checkin_time(context.store()):%H:%M}"))
        return
    chosen = reminders.set_checkin_time(context.store(), when, context.now())
    output.say(msg.TIME_SAVED.format(time=f"{chosen:%H:%M}"))


@reminders_app.command("feed", help=msg.FEED_HELP)
def feed(
    port: int = Option(8000, "--port", metavar="PORT", min=1, max=65535, help=msg.PORT_HELP),
    new: bool = Option(False, "--new", help=msg.NEW_TOKEN_HELP),
) -> None:
    from trustbridge.domain.reminders import feed_url
    from trustbridge.services import reminders

    store, now = context.store(), context.now()
    token = reminders.new_feed_token(store, now) if new else reminders.feed_token(store, now)
    output.say(msg.FEED_URL.format(url=feed_url(f"http://127.0.0.1:{port}", token)))
    if new:
        output.say(msg.FEED_NEW, err=True)
    output.say(msg.FEED_NOTE, err=True)
