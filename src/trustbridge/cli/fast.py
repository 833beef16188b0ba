"""The fast path of the daily check-in: a complete check-in saved in well under 150 ms.

:func:`save_checkin` validates a check-in and writes it without SQLAlchemy when the store
exists at this code's schema (``store.quick``), and otherwise falls back to the services
layer; the Typer ``checkin`` command uses it too. What this module adds is starting it
without Typer: :func:`try_fast` recognises a complete check-in from the raw arguments and
saves it before Typer is even imported. The check-in is the one command people run every
day, often from a reminder or a shortcut, and the one write kept off the ORM; every read
command takes the normal path, which reads on a plain connection too (``context.reading``).
Anything it does not recognise (``--help``, a missing mood at a terminal, an unknown flag)
goes to Typer as usual.

Nothing here imports Typer, SQLAlchemy or Rich, and helpers needed only on the slower paths
(the services fallback, error messages) are imported when used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trustbridge.cli import context, output
from trustbridge.cli import messages as msg

if TYPE_CHECKING:
    from trustbridge.domain.crisis import CrisisSignal

COMMAND = "checkin"
FIELDS = ("mood", "emotion", "energy", "connection", "note")


def save_checkin(raw: Mapping[str, object]) -> None:
    """Validate and save a check-in, confirm it, and offer support if the words suggest crisis."""
    texts = _save_quick(raw)
    if texts is None:
        from trustbridge.cli.forms import save

        signal: CrisisSignal | None = save("checkin", raw).crisis
        output.say(msg.CHECKIN_SAVED)
    else:
        # Said before the check: loading its model takes longer than saving, and the person
        # should know at once that the entry is safe. The check still runs before returning.
        output.say(msg.CHECKIN_SAVED)
        if texts:
            from trustbridge.domain.crisis import check_text

            signal = check_text(*texts)
        else:  # nothing written, nothing to check: the check need not even be loaded
            signal = None
    if signal is not None:
        output.crisis_notice(signal)


def _save_quick(raw: Mapping[str, object]) -> list[str] | None:
    """Write without SQLAlchemy and return the texts written; ``None`` when it cannot be used.

    The fast path is not used when the store is missing, outdated or not SQLite, or when it
    is encrypted and the key agent does not hold its key (the slower path then asks).
    """
    from trustbridge.domain.fields import ValidationError, clean
    from trustbridge.domain.records import CHECKIN_FIELDS
    from trustbridge.store.quick import save_checkin as write

    try:
        values = clean(CHECKIN_FIELDS, raw, context.today())
        path = context.settings().sqlite_path
        usable, key = context.quick_key()
        if path is None or not usable:
            return None
        row_id = write(path, key, values, context.now())
    except ValidationError:  # a value refused, or a full disk (DiskFull): support offered first
        from trustbridge.cli.forms import warn_if_crisis

        warn_if_crisis(raw)
        raise
    if row_id is None:
        return None
    return [str(values[name]) for name in ("emotion", "note") if values.get(name)]


def split_globals(argv: Sequence[str]) -> tuple[str | None, bool, list[str]] | None:
    """``(home, ask, rest)`` from ``[--home P] [--no-input] rest...``; None for other options."""
    home: str | None = None
    ask = True
    args = list(argv)
    while args and args[0].startswith("-"):
        arg = args.pop(0)
        if arg == "--home" and args:
            home = args.pop(0)
        elif arg.startswith("--home="):
            home = arg.partition("=")[2]
        elif arg == "--no-input":
            ask = False
        else:
            return None
    return home, ask, args


def parse(argv: Sequence[str]) -> tuple[str | None, bool, dict[str, str]] | None:
    """``(home, ask, values)`` for ``[--home P] [--no-input] checkin [--field V]...``, else None."""
    split = split_globals(argv)
    if split is None or split[2][:1] != [COMMAND]:
        return None
    home, ask, args = split
    args.pop(0)
    values: dict[str, str] = {}
    while args:
        flag, has_value, value = args.pop(0).partition("=")
        name = flag[2:] if flag.startswith("--") else ""
        if name not in FIELDS or name in values or not (has_value or args):
            return None
        values[name] = value if has_value else args.pop(0)
    return home, ask, values


Fast = tuple[str | None, bool, Callable[[], int | None]]


def _checkin_args(argv: Sequence[str]) -> Fast | None:
    parsed = parse(argv)
    if parsed is None:
        return None
    home, ask, values = parsed

    def checkin() -> int | None:
        if context.interactive() and len(values) < len(FIELDS):
            return None
        save_checkin(values)
        return 0

    return home, ask, checkin


#: the commands that can be handled before Typer loads, each recognised from the raw arguments
FAST_COMMANDS = (_checkin_args,)


def try_fast(argv: Sequence[str]) -> int | None:
    """Handle a fast command; its exit code, or None to let Typer run."""
    for recognise in FAST_COMMANDS:
        found = recognise(argv)
        if found is not None:
            return _run(*found)
    return None


def try_checkin(argv: Sequence[str]) -> int | None:
    """Handle a check-in that needs no questions; the exit code, or None to let Typer run."""
    found = _checkin_args(argv)
    return None if found is None else _run(*found)


def _run(home: str | None, ask: bool, action: Callable[[], int | None]) -> int | None:
    """Run one fast command the way the Typer app runs any: one run, errors as messages."""
    from trustbridge.cli.dispatch import guarded

    context.start(Path(home) if home else None, ask=ask)
    return guarded(action)
