"""``trustbridge report``: a report for a therapist, with only the sections and days chosen.

The flow: check the format and the file, check the request with the service's rules (so the
messages match the web page's), read the store once, render, then write the file whole or not
at all (a private temporary file beside it, moved into place), and say where it went and what
is in it. Nothing of what the report holds is printed or logged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from trustbridge.cli import context, output, parsing
from trustbridge.cli import messages_report as msg
from trustbridge.cli.declare import Exit, Option
from trustbridge.cli.errors import EXIT_BAD_INPUT, EXIT_PROBLEM, say_error
from trustbridge.cli.messages import FILE_EXISTS
from trustbridge.domain.words import count_words

if TYPE_CHECKING:
    from trustbridge.services.report import Choice, Report

FORMATS = {".pdf": "pdf", ".md": "markdown", ".markdown": "markdown"}


def _stop(*lines: str, code: int = EXIT_BAD_INPUT) -> Exit:
    for line in lines:
        say_error(line)
    return Exit(code)


def _format(kind: str | None, out: Path | None) -> tuple[str, Path]:
    if out is None:
        raise _stop(msg.NEEDS_OUT, msg.NOT_MADE)
    chosen = (kind or FORMATS.get(out.suffix.lower(), "")).strip().lower()
    if not chosen:
        raise _stop(msg.NEEDS_FORMAT, msg.NOT_MADE)
    if chosen not in msg.KINDS:
        raise _stop(msg.BAD_FORMAT.format(given=kind), msg.NOT_MADE)
    return chosen, out.expanduser()


def _why_not(path: Path) -> str:
    """Why the report cannot be written to ``path``, or "" when it can."""
    if not path.parent.is_dir():
        return msg.NO_FOLDER
    if path.is_dir():
        return msg.IS_FOLDER
    return "" if os.access(path.parent, os.W_OK | os.X_OK) else msg.NOT_WRITABLE


def _check_place(path: Path, force: bool) -> None:
    """Say so before any work is done: a file in the way, or a folder that cannot take it."""
    if path.exists() and not force:
        raise _stop(FILE_EXISTS.format(path=path))
    reason = _why_not(path)
    if reason:
        raise _stop(msg.CANNOT_WRITE.format(path=path, reason=reason), code=EXIT_PROBLEM)


def _choice(include: list[str], since: str | None, until: str) -> Choice:
    from trustbridge.domain.fields import ValidationError
    from trustbridge.services.report import choose

    today = context.today()
    try:
        return choose(
            include, parsing.date_word(since, today), parsing.date_word(until, today), today
        )
    except ValidationError as problem:
        missing = [msg.FLAGS[name] for name in problem.missing if name in msg.FLAGS]
        hint = [msg.FLAG_HINT.format(flags=", ".join(missing))] if problem.missing else []
        raise _stop(*problem.errors.values(), *hint, msg.NOT_MADE) from None


def _render(chosen: str, made: Report) -> bytes:
    if chosen == "pdf":
        from trustbridge.exchange.report_pdf import report_pdf

        return report_pdf(made)
    from trustbridge.exchange.report_markdown import report_markdown

    return report_markdown(made).encode("utf-8")


def report(
    include: list[str] | None = Option(
        None, "--include", "-i", metavar="TOOL[,TOOL...]", help=msg.INCLUDE_HELP, show_default=False
    ),
    since: str | None = Option(
        None, "--from", metavar="DATE", help=msg.FROM_HELP, show_default=False
    ),
    until: str = Option("today", "--to", metavar="DATE", help=msg.TO_HELP),
    kind: str | None = Option(
        None, "--format", metavar="pdf|markdown", help=msg.FORMAT_HELP, show_default=False
    ),
    out: Path | None = Option(
        None, "--out", "-o", metavar="FILE", help=msg.OUT_HELP, show_default=False
    ),
    force: bool = Option(False, "--force", help=msg.FORCE_HELP),
) -> None:
    from trustbridge.exchange.files import write_private
    from trustbridge.services.report import build_report

    chosen, path = _format(kind, out)
    choice = _choice(include or [], since, until)
    _check_place(path, force)
    made = build_report(context.store(), choice, context.now())
    try:
        write_private(path, _render(chosen, made), overwrite=force)
    except OSError as problem:
        reason = problem.strerror or str(problem)
        raise _stop(msg.CANNOT_WRITE.format(path=path, reason=reason), code=EXIT_PROBLEM) from None
    entries = count_words(made.total, "entry", "entries")
    output.say(msg.MADE.format(path=path, kind=msg.KINDS[chosen], entries=entries))
    for section in made.sections:
        output.say(msg.SECTION_LINE.format(name=section.name, note=section.note))
    output.say(msg.PRIVATE)
