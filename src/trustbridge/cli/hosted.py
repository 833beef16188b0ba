"""``trustbridge hosted``: running Trustbridge on a PostgreSQL server: its schema and accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, options, output
from trustbridge.cli import messages_hosted as msg
from trustbridge.cli.declare import Argument, Exit, Option
from trustbridge.config import DATABASE_URL_ENV

if TYPE_CHECKING:
    from trustbridge.services.accounts import Accounts
    from trustbridge.store.models import Account

hosted_app = options.sub_app("hosted", msg.HOSTED_HELP)


def _checked_url(database_url: str | None) -> str:
    """The PostgreSQL address given, in the driver's form; a plain message and exit 2 when
    there is none or it cannot be read."""
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.config import BadDatabaseURL, hosted_database_url

    if not (database_url or "").strip():
        say_error(msg.NO_DATABASE_URL)
        raise Exit(EXIT_BAD_INPUT)
    try:
        return hosted_database_url(database_url or "")
    except BadDatabaseURL as exc:
        say_error(str(exc))
        raise Exit(EXIT_BAD_INPUT) from None


def _database_url_option() -> Any:
    return Option(
        None,
        "--database-url",
        envvar=DATABASE_URL_ENV,
        metavar="URL",
        help=msg.DATABASE_URL_HELP,
        show_default=False,
        show_envvar=False,  # the help says so in words; a URL may carry a password
    )


@hosted_app.command("migrate", help=msg.MIGRATE_HELP, short_help=msg.MIGRATE_SHORT)
def migrate(
    database_url: str | None = _database_url_option(),
) -> None:

    from trustbridge.cli.errors import EXIT_PROBLEM, say_error
    from trustbridge.services import hosted

    url = _checked_url(database_url)
    try:
        done = hosted.migrate(context.settings().replace(database_url=url))
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
    raise Exit(EXIT_PROBLEM)


def _named(accounts: Accounts, name: str) -> Account:
    """The account called ``name``, or a plain message and exit 2 when there is none."""
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error

    found = accounts.find(name)
    if found is None:
        say_error(msg.NO_SUCH_ACCOUNT.format(name=name))
        raise Exit(EXIT_BAD_INPUT)
    return found


def _accounts(database_url: str | None) -> Accounts:
    """The accounts of the database at ``database_url``, with its schema brought up to date."""

    from trustbridge.cli.errors import EXIT_PROBLEM, say_error
    from trustbridge.services import hosted
    from trustbridge.services.accounts import Accounts
    from trustbridge.store.db import make_engine

    url = _checked_url(database_url)
    settings = context.settings().replace(database_url=url)
    try:
        hosted.migrate(settings)
    except hosted.CannotConnect as exc:
        say_error(msg.CANNOT_CONNECT.format(address=exc.address))
        say_error(msg.CANNOT_CONNECT_HINT.format(reason=exc.reason))
        raise Exit(EXIT_PROBLEM) from None
    except hosted.Refused as exc:
        say_error(msg.REFUSED.format(address=exc.address))
        say_error(msg.REFUSED_HINT.format(reason=exc.reason))
        raise Exit(EXIT_PROBLEM) from None
    except hosted.TooNew as exc:
        say_error(msg.TOO_NEW.format(revision=exc.revision))
        raise Exit(EXIT_PROBLEM) from None
    return Accounts(make_engine(settings))


def _new_password(name: str, from_stdin: bool) -> str:
    import sys

    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.cli.unlock import ask_hidden

    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            say_error(msg.NO_PASSWORD_GIVEN)
            raise Exit(EXIT_BAD_INPUT)
        return password
    password = ask_hidden(msg.ASK_PASSWORD.format(name=name))
    if ask_hidden(msg.ASK_AGAIN) != password:
        say_error(msg.NOT_THE_SAME)
        raise Exit(EXIT_BAD_INPUT)
    return password


@hosted_app.command("create-admin", help=msg.CREATE_ADMIN_HELP, short_help=msg.CREATE_ADMIN_SHORT)
def create_admin(
    name: str = Option(..., "--name", metavar="NAME", help=msg.NAME_HELP),
    password_stdin: bool = Option(False, "--password-stdin", help=msg.PASSWORD_STDIN_HELP),
    database_url: str | None = _database_url_option(),
) -> None:
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.services.accounts import AccountProblem, check_name, check_password

    try:
        shown = check_name(name)
    except AccountProblem as exc:
        say_error(str(exc))
        raise Exit(EXIT_BAD_INPUT) from None
    password = _new_password(shown, password_stdin)
    try:
        check_password(password, name=shown)  # before connecting: a weak one is refused at once
    except AccountProblem as exc:
        say_error(str(exc))
        raise Exit(EXIT_BAD_INPUT) from None
    accounts = _accounts(database_url)
    try:
        accounts.create(shown, password, is_admin=True)
    except AccountProblem as exc:
        say_error(str(exc))
        raise Exit(EXIT_BAD_INPUT) from None
    finally:
        accounts.engine.dispose()
    output.say(msg.ADMIN_MADE.format(name=shown))


@hosted_app.command("invite", help=msg.INVITE_HELP, short_help=msg.INVITE_SHORT)
def invite(
    site: str = Option("", "--site", metavar="ADDRESS", help=msg.SITE_HELP),
    database_url: str | None = _database_url_option(),
) -> None:
    accounts = _accounts(database_url)
    try:
        token, expires = accounts.invite(None)
    finally:
        accounts.engine.dispose()
    link = f"{site.rstrip('/')}/join?token={token}"
    output.say(msg.INVITATION.format(expires=f"{expires:%Y-%m-%d %H:%M}", link=link))


@hosted_app.command("sign-out", help=msg.SIGN_OUT_HELP, short_help=msg.SIGN_OUT_SHORT)
def sign_out(
    account: str = Option("", "--account", metavar="NAME", help=msg.ACCOUNT_HELP),
    everyone: bool = Option(False, "--everyone", help=msg.EVERYONE_HELP),
    database_url: str | None = _database_url_option(),
) -> None:
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error

    if bool(account) == everyone:
        say_error(msg.SIGN_OUT_WHICH)
        raise Exit(EXIT_BAD_INPUT)
    accounts = _accounts(database_url)
    try:
        if everyone:
            count = accounts.end_every_session()
        else:
            count = accounts.sign_out_everywhere(_named(accounts, account).id)
    finally:
        accounts.engine.dispose()
    output.say(msg.SIGNED_OUT.format(count=count))


@hosted_app.command("disable", help=msg.DISABLE_HELP, short_help=msg.DISABLE_SHORT)
def disable(
    account: str = Option(..., "--account", metavar="NAME", help=msg.ACCOUNT_HELP),
    database_url: str | None = _database_url_option(),
) -> None:
    accounts = _accounts(database_url)
    try:
        found = _named(accounts, account)
        accounts.disable(found.id)
    finally:
        accounts.engine.dispose()
    output.say(msg.DISABLED.format(name=found.name))


@hosted_app.command("therapist", help=msg.THERAPIST_HELP, short_help=msg.THERAPIST_SHORT)
def therapist(
    account: str = Option(..., "--account", metavar="NAME", help=msg.THERAPIST_ACCOUNT_HELP),
    off: bool = Option(False, "--off", help=msg.THERAPIST_OFF_HELP),
    database_url: str | None = _database_url_option(),
) -> None:
    accounts = _accounts(database_url)
    try:
        found = _named(accounts, account)
        accounts.mark_therapist(found.id, not off)
    finally:
        accounts.engine.dispose()
    output.say((msg.THERAPIST_OFF if off else msg.THERAPIST_ON).format(name=found.name))


@hosted_app.command("grant-app-role", help=msg.GRANT_HELP, short_help=msg.GRANT_SHORT)
def grant_app_role(
    role: str = Argument(..., metavar="ROLE", help=msg.ROLE_HELP),
    database_url: str | None = _database_url_option(),
) -> None:
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.services import accounts as service

    accounts = _accounts(database_url)  # brings the schema up to date first, as the owner
    try:
        service.grant_app_role(accounts.engine, role)
    except service.RoleProblem as exc:
        say_error(str(exc))
        raise Exit(EXIT_BAD_INPUT) from None
    finally:
        accounts.engine.dispose()
    output.say(msg.GRANTED.format(role=role))
