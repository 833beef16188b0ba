"""Getting the key of an encrypted store on the command line, and choosing on first run.

Where the passphrase comes from, in order: ``--passphrase-file PATH``, then
``TRUSTBRIDGE_PASSPHRASE`` (both for scripts, as restic does with RESTIC_PASSWORD); then the
key agent, if an earlier command left the key with it (:mod:`trustbridge.keyagent`); then a
question at the terminal, after which the key is left with the agent for
``TRUSTBRIDGE_KEY_CACHE_MINUTES`` (15 unless set; 0 keeps it for this command only).
Nothing here imports Typer or SQLAlchemy at module level: the fast paths use
:func:`cached_key`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from trustbridge.cli import messages as msg
from trustbridge.cli.output import say

if TYPE_CHECKING:
    from trustbridge.config import Settings
    from trustbridge.services.security import Made

PASSPHRASE_ENV = "TRUSTBRIDGE_PASSPHRASE"
CACHE_ENV = "TRUSTBRIDGE_KEY_CACHE_MINUTES"
TRIES = 3


class CliProblem(Exception):
    """A plain message for the person, and the exit code to stop with."""

    def __init__(self, text: str, code: int = 2) -> None:
        super().__init__(text)
        self.code = code


def cache_minutes() -> int:
    raw = os.environ.get(CACHE_ENV, "").strip()
    if not raw:
        from trustbridge.keyagent import DEFAULT_MINUTES

        return DEFAULT_MINUTES
    if not (raw.isascii() and raw.isdigit()) or int(raw) > 1440:
        raise CliProblem(msg.CACHE_MINUTES_BAD)
    return int(raw)


def given_passphrase(passphrase_file: Path | None) -> str | None:
    """The passphrase a script gave (file first, then the environment), or ``None``."""
    if passphrase_file is not None:
        try:
            text = passphrase_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise CliProblem(
                msg.PASSPHRASE_FILE_UNREADABLE.format(path=passphrase_file, reason=reason)
            ) from None
        first = text.splitlines()[0] if text.splitlines() else ""
        if not first:
            raise CliProblem(msg.PASSPHRASE_FILE_EMPTY.format(path=passphrase_file))
        return first
    return os.environ.get(PASSPHRASE_ENV) or None


def cached_key(data_dir: Path) -> bytes | None:
    """The key the agent keeps for this store, if it has one and it fits the keys file."""
    from trustbridge import keyagent
    from trustbridge.store import keys

    key = keyagent.fetch(data_dir)
    if key is None:
        return None
    try:
        return key if keys.key_id(key) == keys.read_key_id(data_dir) else None
    except keys.KeysProblem:
        return None


def remember(data_dir: Path, key: bytes, minutes: int | None = None) -> None:
    """Leave the key with the agent for a while, and say so (on stderr: stdout stays data)."""
    from trustbridge import keyagent

    minutes = cache_minutes() if minutes is None else minutes
    if minutes <= 0:
        return
    try:
        keyagent.start(data_dir, key, minutes * 60)
    except (keyagent.AgentUnsafe, RuntimeError, OSError) as exc:
        say(msg.UNLOCK_NOT_KEPT.format(reason=exc), err=True)
        return
    say(msg.UNLOCKED_FOR.format(minutes=minutes), err=True)


def ask_hidden(question: str) -> str:
    import typer

    return str(typer.prompt(question, hide_input=True, default="", show_default=False))


def unlocked_settings(settings: Settings, passphrase_file: Path | None, ask: bool) -> Settings:
    """``settings`` carrying the key when the store is encrypted; asks only when it must."""
    from trustbridge.services import security
    from trustbridge.store import keys

    if security.state(settings) is not security.State.ENCRYPTED:
        return settings
    given = given_passphrase(passphrase_file)
    if given is not None:
        return security.unlock(settings, given)
    key = cached_key(settings.data_dir)
    if key is not None:
        return security.with_key(settings, key)
    if not ask:
        raise CliProblem(msg.STORE_LOCKED)
    for attempt in range(TRIES):
        try:
            keyed = security.unlock(settings, ask_hidden(msg.PASSPHRASE_ASK))
        except keys.WrongPassphrase as exc:
            if attempt == TRIES - 1:
                raise
            say(str(exc), err=True)
            continue
        assert keyed.key is not None
        remember(settings.data_dir, keyed.key)
        return keyed
    raise AssertionError("unreachable")


def choose_passphrase(*, allow_none: bool) -> str | None:
    """Ask for a new passphrase twice; with ``allow_none``, Enter alone means no encryption."""
    from trustbridge.store import keys

    while True:
        first = ask_hidden(msg.PASSPHRASE_CHOOSE if allow_none else msg.PASSPHRASE_NEW)
        if not first and allow_none:
            import typer

            say(msg.NO_ENCRYPTION_WARNING, err=True)
            if typer.confirm(msg.NO_ENCRYPTION_CONFIRM, default=False):
                return None
            continue
        try:
            keys.check_passphrase(first)
        except keys.WeakPassphrase as exc:
            say(str(exc), err=True)
            continue
        if ask_hidden(msg.PASSPHRASE_AGAIN) == first:
            return first
        say(msg.PASSPHRASE_MISMATCH, err=True)


def show_made(made: Made) -> None:
    """Say where the store is, and show the recovery key (once) if there is one."""
    folder = made.settings.data_dir
    if made.recovery_code is None:
        say(msg.STORE_MADE_PLAIN.format(folder=folder))
        return
    say(msg.STORE_MADE_ENCRYPTED.format(folder=folder))
    say(msg.RECOVERY_SHOW.format(code=made.recovery_code))
    say(msg.RECOVERY_WARNING)


def set_up(settings: Settings, passphrase: str | None, *, typed: bool) -> Settings:
    """Make the store, say so, and (when the passphrase was typed) leave its key with the agent.

    A person who has just typed a new passphrase twice is not asked for it again by the next
    command; a script gives its passphrase each time, so no agent is started for it.
    """
    from trustbridge.services import security

    made = security.create(settings, passphrase)
    show_made(made)
    if typed and made.settings.key is not None:
        remember(made.settings.data_dir, made.settings.key)
    return made.settings


def first_run(settings: Settings, passphrase_file: Path | None, ask: bool) -> Settings:
    """Make the store on first use: only at a terminal, after the person chose how."""
    if not ask:
        raise CliProblem(msg.NO_STORE.format(folder=settings.data_dir))
    say(msg.SETUP_INTRO, err=True)
    given = given_passphrase(passphrase_file)
    if given is not None:
        return set_up(settings, given, typed=False)
    return set_up(settings, choose_passphrase(allow_none=True), typed=True)
