"""The one place errors become messages: kind words on stderr and an exit code, never a traceback.

Imports nothing heavy (and not Typer), so the check-in fast path can use it too.
"""

from __future__ import annotations

import errno
import os
import sys

from trustbridge.cli import messages as msg
from trustbridge.cli.output import say
from trustbridge.cli.parsing import flag_for

EXIT_PROBLEM = 1
EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
DEBUG_ENV = "TRUSTBRIDGE_DEBUG"


def say_error(text: str) -> None:
    say(text, err=True)


def ending(exc: BaseException) -> int | None:
    """The exit code of a command that ended with ``exc``, what to say said; ``None`` for one
    to raise on: a closed output pipe, Typer's own (it has its words and codes), or any error
    when ``TRUSTBRIDGE_DEBUG`` asks for the traceback."""
    from trustbridge.cli.declare import Exit

    if isinstance(exc, Exit):
        return exc.code
    typer = sys.modules.get("typer.exceptions")  # none can be raised before Typer loads
    if isinstance(exc, KeyboardInterrupt | EOFError) or (typer and isinstance(exc, typer.Abort)):
        # Ctrl-C, or the input ended; at a question Typer reports both as Abort
        say_error("")
        say_error(msg.STOPPED)
        return EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_PROBLEM
    if not isinstance(exc, Exception) or is_broken_pipe(exc) or os.environ.get(DEBUG_ENV):
        return None
    click = sys.modules.get("typer._click.exceptions")
    if (typer and isinstance(exc, typer.Exit)) or (click and isinstance(exc, click.ClickException)):
        return None
    return report(exc)


def report(exc: Exception) -> int:
    """Print what went wrong in plain words and return the exit code."""
    from trustbridge.domain.fields import ValidationError

    if _disk_full(exc):  # before the rest: it is a ValidationError, or an OSError with a name
        say_error(msg.DISK_FULL)
        return EXIT_PROBLEM
    if isinstance(exc, ValidationError):
        for text in exc.errors.values():
            say_error(text)
        missing = exc.missing
        if missing:
            flags = ", ".join(dict.fromkeys(flag_for(name) for name in missing))
            say_error(msg.MISSING_HINT.format(flags=flags))
        say_error(msg.NOTHING_SAVED)
        return EXIT_BAD_INPUT
    known = _security_message(exc)
    if known is not None:
        say_error(known[0])
        return known[1]
    # NotFound only comes from there; a command that never loaded it raised none
    errors = sys.modules.get("trustbridge.services.errors")
    if errors is not None and isinstance(exc, errors.NotFound):
        say_error(str(exc))
        who = isinstance(exc, errors.NoSuchPerson)
        say_error(msg.PERSON_NOT_FOUND_HINT if who else msg.NOT_FOUND_HINT)
        return EXIT_NOT_FOUND
    if isinstance(exc, OSError) and exc.filename is not None:
        say_error(msg.FOLDER_PROBLEM.format(path=exc.filename, reason=exc.strerror or exc))
        return EXIT_PROBLEM
    say_error(msg.UNEXPECTED.format(kind=type(exc).__name__, detail=exc))
    say_error(msg.UNEXPECTED_HINT)
    return EXIT_PROBLEM


def _disk_full(exc: Exception) -> bool:
    """A save, an export, a backup or an import that found the disk (or the quota) full.

    The store's rule decides (:func:`trustbridge.store.db.is_disk_full`); it is loaded only
    for errors that can mean a full disk, so a mistyped check-in stays quick.
    """
    if not (
        isinstance(exc, OSError)
        or hasattr(exc, "sqlite_errorcode")
        or "trustbridge.store.db" in sys.modules
    ):
        return False
    from trustbridge.store.db import is_disk_full

    return is_disk_full(exc)


def _security_message(exc: Exception) -> tuple[str, int] | None:
    """Locked, wrong passphrase, a store that will not decrypt: the words and the exit code.

    Each class is looked up only if its module was loaded, so nothing is imported here.
    """
    unlock = sys.modules.get("trustbridge.cli.unlock")
    if unlock is not None and isinstance(exc, unlock.CliProblem):
        return str(exc), exc.code
    for module, name in (("trustbridge.store.keys", "KeysProblem"),
                         ("trustbridge.services.security", "SecurityProblem")):  # fmt: skip
        found = sys.modules.get(module)
        if found is not None and isinstance(exc, getattr(found, name)):
            return str(exc), EXIT_BAD_INPUT
    backup = sys.modules.get("trustbridge.store.backup")
    if backup is not None and isinstance(exc, backup.StoreInUse):
        return msg.STORE_IN_USE, EXIT_PROBLEM
    cipherdb = sys.modules.get("trustbridge.store.cipherdb")
    if cipherdb is not None and isinstance(exc, cipherdb.StoreLocked):
        return msg.STORE_LOCKED, EXIT_BAD_INPUT
    if cipherdb is not None and isinstance(exc, cipherdb.CannotDecrypt):
        from trustbridge.cli import context

        return msg.CANNOT_DECRYPT.format(folder=context.settings().data_dir), EXIT_PROBLEM
    return None


def is_broken_pipe(exc: BaseException) -> bool:
    """Output went to a reader that stopped listening (``trustbridge ... | head``)."""
    return isinstance(exc, OSError) and exc.errno == errno.EPIPE


def quiet_stdout() -> None:
    """After a closed pipe, send what is left of stdout nowhere, so exiting stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
