"""``trustbridge insights``: a few plain lines per area, or everything as JSON."""

from __future__ import annotations

from trustbridge.cli import context, output
from trustbridge.cli import messages_insights as msg
from trustbridge.cli.declare import Exit, Option
from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error


def insights(
    period: str = Option("month", "--period", metavar="week|month|year", help=msg.PERIOD_HELP),
    as_json: bool = Option(False, "--json", help=msg.JSON_HELP),
) -> None:
    """Insights over time, in plain words (``--json`` for the numbers and tables)."""
    from trustbridge.domain.insights import PERIODS
    from trustbridge.services.insights import insights as build

    chosen = period.strip().lower()
    if chosen not in PERIODS:
        say_error(msg.BAD_PERIOD.format(given=period))
        raise Exit(EXIT_BAD_INPUT)
    found = build(context.store(), context.now(), chosen)
    if as_json:
        output.print_data(found.as_data())
        return
    p = found.period
    output.say(msg.TITLE.format(words=p.words, first=output.day(p.first), last=output.day(p.last)))
    if found.empty:
        output.say(msg.EMPTY.format(words=p.words))
        return
    for area in found.areas:
        if area.empty:
            continue
        output.say()
        output.say(area.title)
        for line in area.words:
            output.say(f"  {line}")
    quiet = [a.title.lower() for a in found.areas if a.empty]
    if quiet:
        output.say()
        output.say(msg.QUIET.format(titles="; ".join(quiet)))
    output.say()
    output.say(msg.MORE)
