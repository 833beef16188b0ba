"""What one run of the command line shares: settings, a store opened at most once, the moment.

Nothing heavy is imported here at module level: the store (and SQLAlchemy with it) is opened
only by commands that need it, and closed when the command ends.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trustbridge.config import Settings
    from trustbridge.store.db import Store


@dataclass
class _Run:
    home: Path | None = None
    ask: bool = True
    settings: Settings | None = None
    store: Store | None = None
    now: dt.datetime | None = None


_run = _Run()


def start(home: Path | None, *, ask: bool = True) -> None:
    """Begin a run: forget anything a previous run (in the same process) left behind."""
    global _run
    finish()
    _run = _Run(home=home, ask=ask)


def finish() -> None:
    """Close the store if this run opened it."""
    store, _run.store = _run.store, None
    if store is not None:
        store.close()


def settings() -> Settings:
    if _run.settings is None:
        from trustbridge.config import load_settings

        _run.settings = load_settings(_run.home)
    return _run.settings


def store() -> Store:
    """The open store, created or brought up to date the first time it is asked for."""
    if _run.store is None:
        from trustbridge.store.db import open_store

        path = settings().sqlite_path
        first_run = path is not None and not path.exists()
        _run.store = open_store(settings())
        if first_run:
            from trustbridge.cli.output import welcome

            welcome()
    return _run.store


def now() -> dt.datetime:
    """One aware moment for the whole command, so everything it saves agrees on the time."""
    if _run.now is None:
        _run.now = dt.datetime.now(dt.UTC)
    return _run.now


def today() -> dt.date:
    """The person's calendar day, in this machine's time zone."""
    return now().astimezone().date()


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def interactive() -> bool:
    """Whether questions can be asked: a person at a terminal, and ``--no-input`` not given."""
    return _run.ask and stdin_is_terminal()
