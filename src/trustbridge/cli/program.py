"""The program map, crisis support and the browser app."""

from __future__ import annotations

import os
from pathlib import Path

from trustbridge.cli import context, output, parsing
from trustbridge.cli import messages as msg
from trustbridge.cli import messages_hosted as msg_hosted
from trustbridge.cli.declare import Exit, Option
from trustbridge.cli.errors import EXIT_BAD_INPUT, EXIT_PROBLEM, say_error
from trustbridge.config import DATABASE_URL_ENV

BROWSER_DELAY = 1.0


def program() -> None:
    """See the stages of the program, what you have done in each, and a suggestion."""
    from trustbridge.content import load_program
    from trustbridge.services.program import read_map

    with context.reading() as connection:
        found = read_map(connection)
    rows = [
        (
            s.stage.number,
            s.stage.title,
            s.done,
            ", ".join(
                f"{t.tool.name} ({t.count})" if t.available and t.count is not None else t.tool.name
                for t in s.tools
            ),
        )
        for s in found.stages
    ]
    output.table(msg.PROGRAM_COLUMNS, rows)
    stage = found.suggestion.stage
    output.say(msg.PROGRAM_SUGGESTION.format(number=stage.number, title=stage.title))
    output.say(f"  {stage.summary}")
    output.say(f"  {found.reason}")
    output.say(msg.PROGRAM_OPEN)
    output.say()
    output.say(load_program().disclaimer)
    output.say(msg.CRISIS_MORE)


def help_now(
    country: str | None = Option(None, "--country", metavar="CODE", help=msg.HELP_NOW_COUNTRY_HELP),
) -> None:
    """Crisis support: what to do right now, grounding, and helplines. Never needs your entries."""
    from trustbridge.content import load_crisis

    crisis = load_crisis()
    where = (country or parsing.country_from_env(os.environ) or "").upper() or None
    say = output.say
    say(msg.HELP_NOW_TITLE)
    say(msg.HELP_NOW_INTRO)
    say()
    from trustbridge.cli.plan import safety_plan_first

    safety_plan_first()  # the person's own plan comes before anything else
    say(msg.HELP_NOW_DO)
    for number, step in enumerate(crisis.do_now, start=1):
        say(f"  {number}. {step}")
    say()
    say(msg.HELP_NOW_GROUNDING)
    for step in crisis.grounding:
        say(f"  - {step}")
    say()
    lines = sorted(crisis.helplines, key=lambda h: (h.country != where, h.country == "INT"))
    rows = [(h.country_name, h.name, output.how_to_reach(h), h.hours) for h in lines]
    output.table(msg.HELPLINE_COLUMNS, rows, title=msg.HELP_NOW_LINES)
    emergency = output.emergency_numbers(crisis.emergency_numbers, where)
    say(msg.HELP_NOW_EMERGENCY.format(numbers=emergency))
    checked = max(h.last_verified for h in crisis.helplines)
    say(msg.HELP_NOW_VERIFIED.format(date=output.day(checked)))


def serve(
    host: str = Option("127.0.0.1", "--host", metavar="ADDRESS", help=msg.HOST_HELP),
    port: int = Option(8000, "--port", metavar="PORT", min=1, max=65535, help=msg.PORT_HELP),
    no_browser: bool = Option(False, "--no-browser", help=msg.NO_BROWSER_HELP),
    idle_lock: int | None = Option(
        None, "--idle-lock", metavar="MINUTES", min=0, max=1440, help=msg.IDLE_LOCK_HELP
    ),
    database_url: str | None = Option(
        None,
        "--database-url",
        envvar=DATABASE_URL_ENV,
        metavar="URL",
        show_default=False,
        show_envvar=False,
        help=msg_hosted.SERVE_DATABASE_URL_HELP,
    ),
    plain_http: bool = Option(False, "--plain-http", help=msg_hosted.PLAIN_HTTP_HELP),
    allowed_host: list[str] = Option(
        [], "--allowed-host", metavar="NAME", help=msg_hosted.ALLOWED_HOST_HELP
    ),
) -> None:
    """Open Trustbridge in your browser; it runs only on this computer."""
    import threading

    if database_url and not database_url.startswith("sqlite:"):
        _serve_hosted(database_url, host, port, plain_http=plain_http, hosts=allowed_host)
        return

    try:
        import uvicorn

        from trustbridge.web.app import Listen, calm_garbage_collection, create_app
    except ImportError:
        say_error(msg.WEB_MISSING)
        raise Exit(EXIT_PROBLEM) from None
    if not _port_free(host, port):
        say_error(msg.PORT_IN_USE.format(port=port, other=port + 1))
        raise Exit(EXIT_PROBLEM)
    settings = context.settings()
    listen = Listen("127.0.0.1" if host == "localhost" else host, port, control=True)
    app = create_app(settings, idle_minutes=idle_lock, listen=listen)
    gate = app.state.gate
    if listen.beyond_this_computer:
        say_error(msg.SERVE_NOT_LOCAL.format(host=host))
    output.say(msg.SERVE_START.format(link=gate.link_url(gate.new_link())))
    if not no_browser:
        page = gate.browser_file(settings.data_dir)
        threading.Timer(BROWSER_DELAY, _open_in_browser, args=(page,)).start()
    calm_garbage_collection()
    uvicorn.run(app, host=host, port=port, log_level="warning")
    output.say(msg.SERVE_STOPPED)


def _serve_hosted(
    database_url: str, host: str, port: int, *, plain_http: bool, hosts: list[str]
) -> None:
    """Serve hosted mode: PostgreSQL, accounts, no one-time links and no browser."""

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    from trustbridge.config import BadDatabaseURL, hosted_database_url

    try:
        import uvicorn

        from trustbridge.services.hosted import _reason, address
        from trustbridge.web.app import Listen, calm_garbage_collection
        from trustbridge.web.hosted_app import CannotServe, create_hosted_app
        from trustbridge.web.hosted_gate import HostedConfig
    except ImportError:
        say_error(msg.WEB_MISSING)
        raise Exit(EXIT_PROBLEM) from None
    try:
        url = hosted_database_url(database_url)
    except BadDatabaseURL as exc:
        say_error(str(exc))
        raise Exit(EXIT_BAD_INPUT) from None
    if not _port_free(host, port):
        say_error(msg.PORT_IN_USE.format(port=port, other=port + 1))
        raise Exit(EXIT_PROBLEM)
    listen = Listen("127.0.0.1" if host == "localhost" else host, port)
    names = {"localhost", "127.0.0.1", "::1", listen.host, *(h.strip().lower() for h in hosts)}
    config = HostedConfig(secure=not plain_http, allowed_hosts=frozenset(names))
    shown = address(make_url(url))
    try:
        app = create_hosted_app(
            context.settings().replace(database_url=url), config, base_url=listen.base_url
        )
    except OperationalError as exc:
        say_error(msg_hosted.CANNOT_CONNECT.format(address=shown))
        say_error(msg_hosted.CANNOT_CONNECT_HINT.format(reason=_reason(exc, make_url(url))))
        raise Exit(EXIT_PROBLEM) from None
    except CannotServe as exc:
        say_error(str(exc))
        raise Exit(EXIT_PROBLEM) from None
    output.say(msg_hosted.HOSTED_SERVE_START.format(address=shown, url=listen.base_url))
    say_error(msg_hosted.HOSTED_PLAIN_HTTP if plain_http else msg_hosted.HOSTED_NEEDS_TLS)
    calm_garbage_collection()
    uvicorn.run(app, host=host, port=port, log_level="warning")
    output.say(msg.SERVE_STOPPED)


def _open_in_browser(page: Path) -> bool:
    """Point the browser at a private page that forwards to a one-time link; whether one started.

    The link itself is never given to the browser's command line, which every user of the
    computer can read in the process list.
    """
    import webbrowser

    try:
        return webbrowser.open(page.as_uri())
    except webbrowser.Error:
        return False


def open_browser(
    print_only: bool = Option(False, "--print", help=msg.OPEN_PRINT_HELP),
) -> None:
    """Open the running Trustbridge in a browser, with a new one-time link."""
    from trustbridge.web.control import ask_servers

    replies = ask_servers(context.settings().data_dir, b"LINK" if print_only else b"OPEN")
    if not replies:
        say_error(msg.OPEN_NOT_RUNNING)
        raise Exit(EXIT_PROBLEM)
    if print_only:
        output.say(msg.OPEN_LINK.format(link=replies[0]))
        return
    page = Path(replies[0])
    if not _open_in_browser(page):  # no browser found here (a server, a bare terminal)
        say_error(msg.OPEN_NO_BROWSER.format(page=page.as_uri()))
        raise Exit(EXIT_PROBLEM)
    output.say(msg.OPEN_OPENING)


def _port_free(host: str, port: int) -> bool:
    """Whether the server could listen there (another program may already use the port)."""
    import socket

    try:
        with socket.create_server((host, port)):
            return True
    except OSError:
        return False
