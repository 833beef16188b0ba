"""The safety plan as the command line shows it: by ``safety-plan show``, and first in Help
now. Its own module so Help now does not load the support commands (and Typer's build of
them) to show it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustbridge.cli import context, output
from trustbridge.cli import messages_support as msg

if TYPE_CHECKING:
    from trustbridge.config import Settings


def show_parts(parts: dict[str, str]) -> None:
    """Each filled-in part under its heading, long text indented (Help now shows it so too)."""
    from trustbridge.domain.support import labelled

    for label, text in labelled(parts):
        output.say(f"{label}:")
        for line in text.splitlines() or [""]:
            output.say(f"    {line}")


def safety_plan_first() -> None:
    """The person's own plan before anything else, when it can be read without asking.

    Open without a question (a store kept unencrypted, or the key agent holds the key): from
    the store. Locked: only the copy the person chose to keep outside the encryption;
    otherwise one quiet line. Help now never waits for a passphrase and never fails for this.
    """
    settings = context.settings()
    db_path = settings.sqlite_path
    parts: dict[str, str] = {}
    locked = False
    try:
        if db_path is None or db_path.is_file():
            from trustbridge.store.cipherdb import CannotDecrypt

            usable, key = context.quick_key()
            try:
                parts = _plan_parts(settings, key) if usable else {}
            except CannotDecrypt:  # the key agent's key is not this store's: as if locked
                usable = False
            if not usable:
                from trustbridge.services import safety_plan

                locked = True
                parts = safety_plan.read_outside(settings.data_dir)
    except Exception:  # crisis help goes on whatever is wrong with the store
        parts = {}
    if parts:
        output.say(msg.HELP_NOW_PLAN)
        show_parts(parts)
        output.say()
    elif locked:
        output.say(msg.HELP_NOW_PLAN_LOCKED)
        output.say()


def _plan_parts(settings: Settings, key: bytes | None) -> dict[str, str]:
    """The plan from the store: read without SQLAlchemy when it is current, so Help now
    starts at once, else the usual way (which may first bring the store up to date)."""
    from trustbridge.store import quick

    found = None if settings.sqlite_path is None else quick.safety_plan(settings.sqlite_path, key)
    if found is not None:
        return found
    from trustbridge.services import safety_plan
    from trustbridge.store.db import open_store

    store = open_store(settings.unlocked(key))
    try:
        return safety_plan.parts_of(safety_plan.get_plan(store))
    finally:
        store.close()
