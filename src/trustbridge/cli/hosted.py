"""``trustbridge hosted``: running Trustbridge on a PostgreSQL server (so far: its schema)."""

from __future__ import annotations

import typer

from trustbridge.cli import context, options, output
from trustbridge.cli import messages_hosted as msg
from trustbridge.config import DATABASE_URL_ENV

hosted_app = options.sub_app("hosted", msg.HOSTED_HELP)


@hosted_app.command("migrate", help=msg.MIGRATE_HELP, short_help=msg.MIGRATE_SHORT)
def migrate(
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        envvar=DATABASE_URL_ENV,
        metavar="URL",
        help=msg.DATABASE_URL_HELP,
        show_default=False,
        show_envvar=False,  # the help says so in words; a URL may carry a password
    ),
) -> None:
    from dataclasses import replace

    from trustbridge.cli.errors import EXIT_BAD_INPUT, EXIT_PROBLEM, say_error
    from trustbridge.config import BadDatabaseURL, hosted_database_url
    from trustbridge.services import hosted

    if not (database_url or "").strip():
        say_error(msg.NO_DATABASE_URL)
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        url = hosted_database_url(database_url or "")
    except BadDatabaseURL as exc:
        say_error(str(exc))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    try:
        done = hosted.migrate(replace(context.settings(), database_url=url))
    except hosted.CannotConnect as exc:
        say_error(msg.CANNOT_CONNECT.format(address=exc.address))
        say_error(msg.CANNOT_CONNECT_HINT.format(reason=exc.reason))
    except hosted.Refused as exc:
        say_error(msg.REFUSED.format(address=exc.address))
        say_error(msg.REFUSED_HINT.format(reason=exc.reason))
    except hosted.TooNew as exc:
        say_error(msg.TOO_NEW.format(revision=exc.revision))
    else:
        if done.changed and done.before is None:
            output.say(msg.SET_UP.format(after=done.after))
        elif done.changed:
            output.say(msg.BROUGHT_UP.format(before=done.before, after=done.after))
        output.say(msg.UP_TO_DATE.format(revision=done.after))
        return
    raise typer.Exit(EXIT_PROBLEM)
