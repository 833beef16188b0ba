"""The program map, crisis support and the browser app."""

from __future__ import annotations

import os

import typer

from trustbridge.cli import context, output, parsing
from trustbridge.cli import messages as msg
from trustbridge.cli.errors import EXIT_PROBLEM, say_error

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
BROWSER_DELAY = 1.0


def program() -> None:
    """See the stages of the program, what you have done in each, and a suggestion."""
    from trustbridge.content import load_program
    from trustbridge.services.program import program_map

    found = program_map(context.store())
    rows = [
        (
            s.stage.number,
            s.stage.title,
            s.done,
            ", ".join(
                f"{t.tool.name} ({t.count})" if t.available else t.tool.name for t in s.tools
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
    country: str | None = typer.Option(
        None, "--country", metavar="CODE", help=msg.HELP_NOW_COUNTRY_HELP
    ),
) -> None:
    """Crisis support: what to do right now, grounding, and helplines. Never needs your entries."""
    from trustbridge.content import load_crisis

    crisis = load_crisis()
    where = (country or parsing.country_from_env(os.environ) or "").upper() or None
    say = output.say
    say(msg.HELP_NOW_TITLE)
    say(msg.HELP_NOW_INTRO)
    say()
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
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help=msg.HOST_HELP),
    port: int = typer.Option(8000, "--port", metavar="PORT", min=1, max=65535, help=msg.PORT_HELP),
    no_browser: bool = typer.Option(False, "--no-browser", help=msg.NO_BROWSER_HELP),
    idle_lock: int | None = typer.Option(
        None, "--idle-lock", metavar="MINUTES", min=0, max=1440, help=msg.IDLE_LOCK_HELP
    ),
) -> None:
    """Open Trustbridge in your browser; it runs only on this computer."""
    import threading
    import webbrowser

    try:
        import uvicorn

        from trustbridge.web.app import create_app
    except ImportError:
        say_error(msg.WEB_MISSING)
        raise typer.Exit(EXIT_PROBLEM) from None
    if not _port_free(host, port):
        say_error(msg.PORT_IN_USE.format(port=port, other=port + 1))
        raise typer.Exit(EXIT_PROBLEM)
    app = create_app(context.settings(), idle_minutes=idle_lock)
    url = f"http://{'localhost' if host in LOCAL_HOSTS else host}:{port}/"
    if host not in LOCAL_HOSTS:
        say_error(msg.SERVE_NOT_LOCAL.format(host=host))
    output.say(msg.SERVE_START.format(url=url))
    if not no_browser:
        threading.Timer(BROWSER_DELAY, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
    output.say(msg.SERVE_STOPPED)


def _port_free(host: str, port: int) -> bool:
    """Whether the server could listen there (another program may already use the port)."""
    import socket

    try:
        with socket.create_server((host, port)):
            return True
    except OSError:
        return False
