"""Encryption at rest as a person meets it: choosing it, unlocking, changing the passphrase.

The rules both interfaces share. A store is in one of three states (:func:`state`): not
made yet, kept unencrypted by choice, or encrypted. The keys themselves are handled by
:mod:`trustbridge.store.keys`, the files by :mod:`trustbridge.store.encryption`; this module
returns :class:`~trustbridge.config.Settings` that carry the unlocked key, which is all the
rest of the app needs to read and write.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from trustbridge.config import Settings
from trustbridge.store import backup, encryption, keys


class State(enum.Enum):
    NEW = "new"
    PLAIN = "plain"
    ENCRYPTED = "encrypted"


class SecurityProblem(Exception):
    """Something a person asked for does not fit the store's state; the message says why."""


@dataclass(frozen=True, slots=True)
class Made:
    """Settings that can open the store now, and the recovery key to show once (if any)."""

    settings: Settings
    recovery_code: str | None
    converted: tuple[Path, ...] = ()


def state(settings: Settings) -> State:
    """Whether the store is new, kept unencrypted, or encrypted."""
    if keys.exists(settings.data_dir):
        return State.ENCRYPTED
    path = settings.sqlite_path
    if path is None or path.exists():
        return State.PLAIN  # a server database (hosted mode) is protected by its server
    return State.NEW


def create(settings: Settings, passphrase: str | None) -> Made:
    """Make a new store: encrypted with ``passphrase``, or unencrypted when it is ``None``."""
    if state(settings) is not State.NEW:
        raise SecurityProblem(f"There is already a Trustbridge store in {settings.data_dir}.")
    from trustbridge.store.db import open_store  # SQLAlchemy: only to make a store

    if passphrase is None:
        open_store(settings).close()
        return Made(settings, None)
    keys.check_passphrase(passphrase)
    key, code = keys.create(settings.data_dir, passphrase)
    keyed = settings.unlocked(key)
    open_store(keyed).close()
    return Made(keyed, code)


def unlock(settings: Settings, passphrase: str) -> Settings:
    """Settings that open the encrypted store; ``keys.WrongPassphrase`` when it does not fit."""
    return _finish(settings.unlocked(keys.unlock(settings.data_dir, passphrase)))


def unlock_with_recovery(settings: Settings, code: str) -> Settings:
    """The same, with the recovery key written down when the store was made."""
    return _finish(settings.unlocked(keys.unlock_with_recovery(settings.data_dir, code)))


def with_key(settings: Settings, key: bytes) -> Settings:
    """Settings for a key kept by the key agent, once it is checked against the keys file."""
    if keys.key_id(key) != keys.read_key_id(settings.data_dir):
        raise keys.WrongPassphrase("The remembered key does not fit this store.")
    return _finish(settings.unlocked(key))


def _finish(keyed: Settings) -> Settings:
    """Finish turning encryption on, if a crash stopped it part-way (nothing is lost)."""
    path, key = keyed.sqlite_path, keyed.key
    if path is not None and key is not None and encryption.encrypt_all(path, keyed.data_dir, key):
        backup.keep_keys_with_backups(keyed.data_dir)
    return keyed


def encrypt(settings: Settings, passphrase: str) -> Made:
    """Turn encryption on for a store kept unencrypted: the store and every backup.

    The store must not be open anywhere else (the web app closes its own first).
    """
    path = settings.sqlite_path
    if path is None or state(settings) is not State.PLAIN:
        raise SecurityProblem(not_plain(settings))
    keys.check_passphrase(passphrase)
    backup.refuse_if_in_use(path)  # before any key exists: a refusal leaves nothing half done
    key, code = keys.create(settings.data_dir, passphrase)
    converted = encryption.encrypt_all(path, settings.data_dir, key)
    backup.keep_keys_with_backups(settings.data_dir)
    return Made(settings.unlocked(key), code, tuple(converted))


def not_plain(settings: Settings) -> str:
    """Why this store cannot be encrypted now."""
    if state(settings) is State.NEW:
        return "There is no store yet. Set one up with `trustbridge init`."
    if state(settings) is State.ENCRYPTED:
        return "This store is already encrypted."
    return "Only the built-in SQLite store can be encrypted by Trustbridge."


def change_passphrase(keyed: Settings, new_passphrase: str) -> None:
    """Wrap the same data key with a new passphrase; no entry is rewritten."""
    keys.change_passphrase(keyed.data_dir, _key(keyed), new_passphrase)
    backup.keep_keys_with_backups(keyed.data_dir)


def new_recovery_key(keyed: Settings) -> str:
    """Replace the recovery key; the old one stops working. Returns the new one, to show once."""
    code = keys.new_recovery_code_for(keyed.data_dir, _key(keyed))
    backup.keep_keys_with_backups(keyed.data_dir)
    return code


def _key(keyed: Settings) -> bytes:
    if keyed.key is None:
        raise SecurityProblem("This store is not encrypted, so it has no passphrase to change.")
    return keyed.key
