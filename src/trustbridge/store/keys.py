"""Key management for the encrypted store.

SQLCipher encrypts the whole database with a random 32-byte *data key*. The key never changes
and is never stored in the clear: the keys file (``trustbridge.keys``, JSON) holds it wrapped
twice with AES key wrap (AES-KW, RFC 3394 / NIST SP 800-38F):

* under a key derived from the passphrase with Argon2id (RFC 9106; 64 MiB, t=3, p=4 by default);
* under a key derived from a random 160-bit recovery code with HKDF-SHA256 (the code is already
  high-entropy, so it needs no stretching).

Changing the passphrase or the recovery code only re-wraps the data key; the data itself is never
rewritten. AES-KW suits this job: it is deterministic (no nonce to get wrong), integrity-checked
(a wrong key is detected, never silently accepted), a long-standing standard, and it has
published test vectors. A short key id (an HMAC of the data key) lets callers check a key
cheaply. ``cryptography`` is imported only inside the functions that need it, and hashing,
base64 and JSON only where used: the command line imports this module on every command just
to see whether the store has a keys file (:func:`exists`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from trustbridge.store.durable import fsync_dir
from trustbridge.store.keyfile import KEYS_FILENAME as KEYS_FILENAME
from trustbridge.store.keyfile import exists as exists
from trustbridge.store.keyfile import keys_path as keys_path

FORMAT_VERSION = 1
CIPHER = "sqlcipher4-raw-key"
MIN_MEMORY_KIB = 65536
MIN_ITERATIONS = 3
#: upper bounds too: a file asking for absurd work is an attack on the device, not a choice
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 64
MIN_PASSPHRASE_CHARS = 8
KEY_BYTES = 32
SALT_BYTES = 16
RECOVERY_BYTES = 20
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Crockford reads O as 0 and I, L as 1; hyphens (and look-alike dashes) are only for grouping
_CLEAN = str.maketrans("OIL", "011", "-\u2010\u2011\u2012\u2013\u2014")
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class KdfParams:
    """Argon2id settings for one store; ``salt`` is 16 random bytes chosen per store."""

    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes


#: RFC 9106's second recommended option. The salt is left empty: each store draws its own.
#: Read at call time, so it can be raised later (and patched in tests).
DEFAULT_PARAMS = KdfParams(memory_kib=65536, iterations=3, lanes=4, salt=b"")


class KeysProblem(Exception):
    """Base of every key problem; ``str(exc)`` is a sentence fit to show the person."""

    default_message: ClassVar[str] = (
        "Something went wrong with this journal's keys, so it can't be opened right now."
    )

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class WrongPassphrase(KeysProblem):
    default_message = (
        "That passphrase doesn't open this journal. Please check it and try again "
        "(capital letters and spaces count)."
    )


class WrongRecoveryKey(KeysProblem):
    default_message = (
        "That recovery key doesn't open this journal. Please check each group of letters "
        "and numbers and try again."
    )


class KeysFileMissing(KeysProblem):
    default_message = (
        "This journal's key file (trustbridge.keys) can't be found, so the journal can't be "
        "opened. If you have a backup of that file, put it back in the journal's folder."
    )


class KeysFileDamaged(KeysProblem):
    default_message = (
        "This journal's key file (trustbridge.keys) looks damaged, so the journal can't be "
        "opened safely. If you have a backup of that file, put it back in the journal's folder."
    )


class WeakPassphrase(KeysProblem):
    default_message = (
        f"Please choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters. "
        "A few ordinary words strung together work well."
    )


class _BadUnwrap(KeysProblem):
    default_message = "That key doesn't open this journal."


_ALREADY = "This journal already has keys, so no new ones were made and nothing was changed."
_NOT_THIS_KEY = "That key doesn't belong to this journal, so nothing was changed."
_UNREADABLE = "This journal's key file couldn't be read. Please check the folder's permissions."


def _nfc(text: str) -> str:
    import unicodedata  # 8 ms to import: only when a passphrase is handled, never on fast paths

    return unicodedata.normalize("NFC", text)


def check_passphrase(passphrase: str) -> None:
    text = _nfc(passphrase)
    if len(text) < MIN_PASSPHRASE_CHARS or not text.strip():
        raise WeakPassphrase()


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(
        salt=params.salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(_nfc(passphrase).encode("utf-8"))


def wrap(kek: bytes, data_key: bytes) -> bytes:
    from cryptography.hazmat.primitives.keywrap import aes_key_wrap

    return aes_key_wrap(kek, data_key)


def unwrap(kek: bytes, wrapped: bytes) -> bytes:
    """Raise a private ``_BadUnwrap``; callers translate it into the right problem."""
    from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

    try:
        return aes_key_unwrap(kek, wrapped)
    except (InvalidUnwrap, ValueError):
        raise _BadUnwrap() from None


def _format_code(raw: bytes) -> str:
    number, size = int.from_bytes(raw, "big"), len(raw) * 8 // 5
    chars = "".join(CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(size)))
    return "-".join(chars[i : i + 4] for i in range(0, size, 4))


def new_recovery_code() -> str:
    return _format_code(os.urandom(RECOVERY_BYTES))


def normalize_recovery_code(text: str) -> bytes:
    cleaned = "".join(text.split()).upper().translate(_CLEAN)
    if not cleaned.isascii() or any(c not in CROCKFORD for c in cleaned):
        raise WrongRecoveryKey(
            "A recovery key only uses the numbers 0-9 and the letters A-Z (never U). "
            "Please check it and try again."
        )
    if len(cleaned) != 32:
        raise WrongRecoveryKey(
            f"A recovery key has 32 letters and numbers, written as 8 groups of 4 like "
            f"XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX, but this one has {len(cleaned)}. "
            "Please check it and try again."
        )
    number = 0
    for char in cleaned:
        number = number * 32 + CROCKFORD.index(char)
    return number.to_bytes(RECOVERY_BYTES, "big")


def recovery_kek(code_bytes: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"trustbridge recovery key v1"
    )
    return hkdf.derive(code_bytes)


def key_id(data_key: bytes) -> str:
    import hashlib
    import hmac

    return hmac.new(data_key, b"trustbridge key id", hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class _Keys:
    key_id: str
    params: KdfParams
    passphrase_wrap: bytes
    recovery_salt: bytes
    recovery_wrap: bytes

    def to_json(self) -> dict[str, Any]:
        p = self.params
        return {
            "format": FORMAT_VERSION,
            "cipher": CIPHER,
            "key_id": self.key_id,
            "kdf": {
                "name": "argon2id",
                "version": 19,
                "memory_kib": p.memory_kib,
                "iterations": p.iterations,
                "lanes": p.lanes,
                "salt": _b64(p.salt),
            },
            "passphrase_wrap": _b64(self.passphrase_wrap),
            "recovery": {"salt": _b64(self.recovery_salt), "wrap": _b64(self.recovery_wrap)},
        }

    def matches(self, data_key: bytes) -> bool:
        import hmac

        return len(data_key) == KEY_BYTES and hmac.compare_digest(key_id(data_key), self.key_id)


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def _bytes(value: object, size: int) -> bytes:
    if not isinstance(value, str):
        raise KeysFileDamaged()
    import base64
    import binascii

    try:
        raw = base64.b64decode(value, validate=True)
    except binascii.Error:
        raise KeysFileDamaged() from None
    if len(raw) != size:
        raise KeysFileDamaged()
    return raw


def _int(value: object, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise KeysFileDamaged()
    return value


def _load(folder: Path) -> _Keys:
    import json

    try:
        text = keys_path(folder).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeysFileMissing() from None
    except OSError as exc:
        raise KeysProblem(_UNREADABLE) from exc
    try:
        doc = json.loads(text)
        kdf, recovery, kid = doc["kdf"], doc["recovery"], doc["key_id"]
        _int(doc["format"], FORMAT_VERSION, FORMAT_VERSION)
        _int(kdf["version"], 19, 19)
        hex_id = isinstance(kid, str) and len(kid) == 16 and set(kid) <= _HEX
        if doc["cipher"] != CIPHER or kdf["name"] != "argon2id" or not hex_id:
            raise KeysFileDamaged()
        params = KdfParams(
            memory_kib=_int(kdf["memory_kib"], MIN_MEMORY_KIB, MAX_MEMORY_KIB),
            iterations=_int(kdf["iterations"], MIN_ITERATIONS, MAX_ITERATIONS),
            lanes=_int(kdf["lanes"], 1, MAX_LANES),
            salt=_bytes(kdf["salt"], SALT_BYTES),
        )
        wrapped = KEY_BYTES + 8
        return _Keys(
            kid,
            params,
            _bytes(doc["passphrase_wrap"], wrapped),
            _bytes(recovery["salt"], SALT_BYTES),
            _bytes(recovery["wrap"], wrapped),
        )
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise KeysFileDamaged() from exc


def _write(folder: Path, keys: _Keys, *, new: bool = False) -> None:
    """Write atomically: private temp file, fsync, rename (never over an existing file if new)."""
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target, tmp = keys_path(folder), folder / f".{KEYS_FILENAME}.{os.urandom(8).hex()}.tmp"
    import json

    data = (json.dumps(keys.to_json(), indent=2) + "\n").encode("utf-8")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not new:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the target exists, unlike a rename
            except FileExistsError:
                raise KeysProblem(_ALREADY) from None
            except OSError:  # no hard links on this file system: check, then rename
                if target.exists():
                    raise KeysProblem(_ALREADY) from None
                os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(folder)


def _stronger(params: KdfParams) -> KdfParams:
    """The stored cost raised to at least ``DEFAULT_PARAMS``, with a fresh salt."""
    return KdfParams(
        memory_kib=max(params.memory_kib, DEFAULT_PARAMS.memory_kib),
        iterations=max(params.iterations, DEFAULT_PARAMS.iterations),
        lanes=max(params.lanes, DEFAULT_PARAMS.lanes),
        salt=os.urandom(SALT_BYTES),
    )


def _rewrap(folder: Path, keys: _Keys, data_key: bytes, passphrase: str) -> None:
    params = _stronger(keys.params)
    new_wrap = wrap(derive_key(passphrase, params), data_key)
    _write(folder, dataclasses.replace(keys, params=params, passphrase_wrap=new_wrap))


def create(folder: Path, passphrase: str, *, params: KdfParams | None = None) -> tuple[bytes, str]:
    """Make a new data key and keys file; return ``(data_key, recovery_code)``.

    ``params`` sets the cost only: the salt is always freshly drawn.
    """
    check_passphrase(passphrase)
    if exists(folder):
        raise KeysProblem(_ALREADY)
    cost = params if params is not None else DEFAULT_PARAMS
    if not (
        MIN_MEMORY_KIB <= cost.memory_kib <= MAX_MEMORY_KIB
        and MIN_ITERATIONS <= cost.iterations <= MAX_ITERATIONS
        and 1 <= cost.lanes <= MAX_LANES
    ):
        raise ValueError(f"Argon2id parameters out of the allowed range: {cost}")
    kdf = dataclasses.replace(cost, salt=os.urandom(SALT_BYTES))
    data_key, code, recovery_salt = (
        os.urandom(KEY_BYTES),
        new_recovery_code(),
        os.urandom(SALT_BYTES),
    )
    recovery_wrap = wrap(recovery_kek(normalize_recovery_code(code), recovery_salt), data_key)
    passphrase_wrap = wrap(derive_key(passphrase, kdf), data_key)
    keys = _Keys(key_id(data_key), kdf, passphrase_wrap, recovery_salt, recovery_wrap)
    _write(folder, keys, new=True)
    return data_key, code


def unlock(folder: Path, passphrase: str) -> bytes:
    """Return the data key, raising the stored cost to ``DEFAULT_PARAMS`` if it is lower."""
    keys = _load(folder)
    try:
        data_key = unwrap(derive_key(passphrase, keys.params), keys.passphrase_wrap)
    except _BadUnwrap:
        raise WrongPassphrase() from None
    if not keys.matches(data_key):
        raise KeysFileDamaged()
    p = keys.params
    if p.memory_kib < DEFAULT_PARAMS.memory_kib or p.iterations < DEFAULT_PARAMS.iterations:
        with contextlib.suppress(OSError):  # a read-only folder must not lock the person out
            _rewrap(folder, keys, data_key, passphrase)
    return data_key


def unlock_with_recovery(folder: Path, code: str) -> bytes:
    keys = _load(folder)
    kek = recovery_kek(normalize_recovery_code(code), keys.recovery_salt)
    try:
        data_key = unwrap(kek, keys.recovery_wrap)
    except _BadUnwrap:
        raise WrongRecoveryKey() from None
    if not keys.matches(data_key):
        raise KeysFileDamaged()
    return data_key


def _load_for(folder: Path, data_key: bytes) -> _Keys:
    keys = _load(folder)
    if not keys.matches(data_key):
        raise KeysProblem(_NOT_THIS_KEY)
    return keys


def change_passphrase(folder: Path, data_key: bytes, new_passphrase: str) -> None:
    """Re-wrap the same data key under a new passphrase and salt; the recovery wrap is kept."""
    check_passphrase(new_passphrase)
    _rewrap(folder, _load_for(folder, data_key), data_key, new_passphrase)


def new_recovery_code_for(folder: Path, data_key: bytes) -> str:
    """Replace the recovery wrap; the old recovery code stops working. Returns the new code."""
    keys = _load_for(folder, data_key)
    code, salt = new_recovery_code(), os.urandom(SALT_BYTES)
    recovery_wrap = wrap(recovery_kek(normalize_recovery_code(code), salt), data_key)
    _write(folder, dataclasses.replace(keys, recovery_salt=salt, recovery_wrap=recovery_wrap))
    return code


def read_key_id(folder: Path) -> str:
    """The stored key id, read and checked with ``json`` alone (no ``cryptography`` import)."""
    return _load(folder).key_id
