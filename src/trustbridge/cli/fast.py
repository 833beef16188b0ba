"""The fast path of the daily check-in: a complete check-in saved in well under 150 ms.

:func:`save_checkin` validates a check-in and writes it without SQLAlchemy when the store
exists at this code's schema (``services.quick_add.write``, as every tool's add on the
command line), and otherwise falls back to the services layer; the ``checkin`` command saves through it, started without Typer by the quick
dispatcher (``cli.dispatch``) like every plain command line. The check-in is the one command
people run every day, often from a reminder or a shortcut, and the one write kept off the
ORM; the read commands read on a plain connection too (``context.reading``).

Nothing here imports Typer, SQLAlchemy or Rich, and helpers needed only on the slower paths
(the services fallback, error messages) are imported when used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from trustbridge.cli import context, output
from trustbridge.cli import messages as msg

if TYPE_CHECKING:
    from trustbridge.domain.crisis import CrisisSignal


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
    from trustbridge.services.catalog import spec
    from trustbridge.services.quick_add import write

    tool = spec("checkin")
    try:
        values = clean(tool.fields, raw, context.today())  # no day: this is today's check-in
        settings = context.quick_settings()
        if settings is None:
            return None
        written = write(settings, tool, values, context.now())
    except ValidationError:  # a value refused, or a full disk (DiskFull): support offered first
        from trustbridge.cli.forms import warn_if_crisis

        warn_if_crisis(raw)
        raise
    if written is None:
        return None
    return [str(values[name]) for name in ("emotion", "note") if values.get(name)]
