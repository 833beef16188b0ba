"""The check-in fast path: a complete ``trustbridge checkin --mood 3 ...`` in well under 150 ms.

Two parts:

- :func:`save_checkin` validates a check-in, writes it with plain ``sqlite3`` when the store
  exists at this code's schema (``store.quick``), and otherwise falls back to the services
  layer. Both the fast path and the Typer ``checkin`` command use it.
- :func:`try_checkin` recognises, from the raw arguments, a check-in that needs no questions
  and handles it before Typer is even imported. Typer converts every option value through
  Pydantic, and importing both takes longer than the whole budget; anything it does not
  recognise (``--help``, a missing mood at a terminal, an unknown flag) goes to Typer as usual.

Nothing here imports Typer, SQLAlchemy or Rich, and helpers needed only on the slower paths
(the services fallback, error messages) are imported when used.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
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
    elif texts:
        from trustbridge.domain.crisis import check_text

        signal = check_text(*texts)
    else:  # nothing written, nothing to check: the crisis patterns need not even be loaded
        signal = None
    output.say(msg.CHECKIN_SAVED)
    if signal is not None:
        output.crisis_notice(signal)


def _save_quick(raw: Mapping[str, object]) -> list[str] | None:
    """Write with plain sqlite3 and return the texts written; ``None`` when it cannot be used.

    The fast path is not used when the store is missing, outdated or not SQLite.
    """
    from trustbridge.domain.fields import ValidationError, clean
    from trustbridge.domain.records import CHECKIN_FIELDS
    from trustbridge.store.quick import save_checkin as write

    try:
        values = clean(CHECKIN_FIELDS, raw, context.today())
    except ValidationError:
        from trustbridge.cli.forms import warn_if_crisis

        warn_if_crisis(raw)
        raise
    path = context.settings().sqlite_path
    if path is None or write(path, values, context.now()) is None:
        return None
    return [str(values[name]) for name in ("emotion", "note") if values.get(name)]


def parse(argv: Sequence[str]) -> tuple[str | None, bool, dict[str, str]] | None:
    """``(home, ask, values)`` for ``[--home P] [--no-input] checkin [--field V]...``, else None."""
    home: str | None = None
    ask = True
    args = list(argv)
    while args and args[0] != COMMAND:
        arg = args.pop(0)
        if arg == "--home" and args:
            home = args.pop(0)
        elif arg.startswith("--home="):
            home = arg.partition("=")[2]
        elif arg == "--no-input":
            ask = False
        else:
            return None
    if not args:
        return None
    args.pop(0)
    values: dict[str, str] = {}
    while args:
        flag, has_value, value = args.pop(0).partition("=")
        name = flag[2:] if flag.startswith("--") else ""
        if name not in FIELDS or name in values or not (has_value or args):
            return None
        values[name] = value if has_value else args.pop(0)
    return home, ask, values


def try_checkin(argv: Sequence[str]) -> int | None:
    """Handle a check-in that needs no questions; the exit code, or None to let Typer run."""
    parsed = parse(argv)
    if parsed is None:
        return None
    home, ask, values = parsed
    context.start(Path(home) if home else None, ask=ask)
    if context.interactive() and len(values) < len(FIELDS):
        return None
    try:
        save_checkin(values)
    except KeyboardInterrupt:
        from trustbridge.cli.errors import EXIT_INTERRUPTED

        return EXIT_INTERRUPTED
    except Exception as exc:
        from trustbridge.cli.errors import DEBUG_ENV, report

        if os.environ.get(DEBUG_ENV):
            raise
        return report(exc)
    finally:
        context.finish()
    return 0
