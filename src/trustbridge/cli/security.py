"""Commands for encryption at rest: init, unlock, lock, encrypt, passphrase, recovery-key."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from trustbridge.cli import context, output, unlock
from trustbridge.cli import messages as msg
from trustbridge.cli.declare import Option
from trustbridge.cli.unlock import CliProblem

if TYPE_CHECKING:
    from trustbridge.config import Settings


def init(
    no_encryption: bool = Option(False, "--no-encryption", help=msg.INIT_NO_ENCRYPTION_HELP),
) -> None:
    from trustbridge.services import security
    from trustbridge.services.security import State

    settings = context.settings()
    if security.state(settings) is not State.NEW:
        raise CliProblem(msg.STORE_EXISTS.format(folder=settings.data_dir))
    passphrase: str | None = None
    typed = False  # typed at the terminal: then the key agent keeps the key for a while
    if no_encryption:
        output.say(msg.NO_ENCRYPTION_WARNING, err=True)
    else:
        passphrase = unlock.given_passphrase(context.passphrase_file())
        if passphrase is None:
            if not context.interactive():
                raise CliProblem(msg.INIT_NEEDS_PASSPHRASE)
            output.say(msg.SETUP_INTRO, err=True)
            passphrase, typed = unlock.choose_passphrase(allow_none=True), True
    unlock.set_up(settings, passphrase, typed=typed)
    output.welcome()


def unlock_command(
    minutes: int | None = Option(
        None, "--minutes", min=1, max=1440, metavar="N", help=msg.UNLOCK_MINUTES_HELP
    ),
    recovery: bool = Option(False, "--recovery-key", help=msg.UNLOCK_RECOVERY_HELP),
) -> None:
    from trustbridge.services import security
    from trustbridge.services.security import State

    settings = context.settings()
    if security.state(settings) is not State.ENCRYPTED:
        return output.say(msg.NOT_ENCRYPTED)
    keyed = _recover(settings) if recovery else context.unlocked()
    assert keyed.key is not None
    from trustbridge.keyagent import DEFAULT_MINUTES

    # asked to unlock, so keep it even when TRUSTBRIDGE_KEY_CACHE_MINUTES=0 turns caching off
    unlock.remember(
        settings.data_dir, keyed.key, minutes or unlock.cache_minutes() or DEFAULT_MINUTES
    )


def lock() -> None:
    """Stop the key agent, and lock every running web server of this store too."""
    from trustbridge import keyagent
    from trustbridge.web.control import ask_servers

    data_dir = context.settings().data_dir
    stopped = keyagent.stop(data_dir)
    servers = "LOCKED" in ask_servers(data_dir, b"LOCK")
    if stopped or not servers:
        output.say(msg.LOCKED_NOW if stopped else msg.WAS_NOT_UNLOCKED)
    if servers:
        output.say(msg.LOCKED_SERVER)


def encrypt() -> None:
    from trustbridge.services import security
    from trustbridge.services.security import State

    settings = context.settings()
    if security.state(settings) is not State.PLAIN:
        raise security.SecurityProblem(security.not_plain(settings))
    passphrase = unlock.given_passphrase(context.passphrase_file())
    if passphrase is None:
        if not context.interactive():
            raise CliProblem(msg.ENCRYPT_NEEDS_PASSPHRASE)
        passphrase = unlock.choose_passphrase(allow_none=False)
    assert passphrase is not None
    output.say(msg.ENCRYPTING, err=True)
    made = security.encrypt(settings, passphrase)
    output.say(msg.ENCRYPTED_DONE.format(n=max(0, len(made.converted) - 1)))
    unlock.show_made(made)


def passphrase(
    recovery: bool = Option(False, "--recovery-key", help=msg.UNLOCK_RECOVERY_HELP),
    new_file: Path | None = Option(
        None, "--new-passphrase-file", metavar="PATH", help=msg.NEW_PASSPHRASE_FILE_HELP
    ),
) -> None:
    from trustbridge.services import security

    keyed = _keyed(recovery)
    if new_file is not None:
        new = unlock.given_passphrase(new_file)
    elif context.interactive():
        new = unlock.choose_passphrase(allow_none=False)
    else:
        raise CliProblem(msg.NEW_PASSPHRASE_NEEDED)
    assert new is not None
    security.change_passphrase(keyed, new)
    output.say(msg.PASSPHRASE_CHANGED)


def recovery_key(
    recovery: bool = Option(False, "--recovery-key", help=msg.UNLOCK_RECOVERY_HELP),
) -> None:
    from trustbridge.services import security

    code = security.new_recovery_key(_keyed(recovery))
    output.say(msg.RECOVERY_SHOW.format(code=code))
    output.say(msg.RECOVERY_REPLACED)


def _keyed(recovery: bool) -> Settings:
    from trustbridge.services import security
    from trustbridge.services.security import State

    settings = context.settings()
    if security.state(settings) is not State.ENCRYPTED:
        raise CliProblem(msg.NOT_ENCRYPTED)
    return _recover(settings) if recovery else context.unlocked()


def _recover(settings: Settings) -> Settings:
    from trustbridge.services import security

    if not context.interactive():
        raise CliProblem(msg.RECOVERY_NEEDS_TERMINAL)
    return context.use(security.unlock_with_recovery(settings, unlock.ask_hidden(msg.RECOVERY_ASK)))
