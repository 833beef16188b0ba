"""Key management: known-answer vectors, the keys file, wrong keys, recovery and upgrades."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import shutil
import stat
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.store import keys
from trustbridge.store.keys import (
    DEFAULT_PARAMS,
    KdfParams,
    KeysFileDamaged,
    KeysFileMissing,
    KeysProblem,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)

PASSPHRASE = "a long walk by the quiet river"
NEW_PASSPHRASE = "lanterns over the harbour at dusk"


@dataclasses.dataclass(frozen=True)
class Made:
    folder: Path
    data_key: bytes
    code: str


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """One real store made once (Argon2id at 64 MiB is slow); each test gets a copy."""
    folder = tmp_path_factory.mktemp("template") / "store"
    data_key, code = keys.create(folder, PASSPHRASE)
    return Made(folder, data_key, code)


@pytest.fixture
def made(_template: Made, tmp_path: Path) -> Made:
    folder = tmp_path / "store"
    shutil.copytree(_template.folder, folder)
    return Made(folder, _template.data_key, _template.code)


def load(folder: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(keys.keys_path(folder).read_text())
    return doc


def save(folder: Path, doc: dict[str, Any]) -> None:
    keys.keys_path(folder).write_text(json.dumps(doc))


def flip(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


# --- known answers -------------------------------------------------------------------------


def test_argon2id_matches_rfc_9106_section_5_3() -> None:
    kdf = Argon2id(
        salt=b"\x02" * 16,
        length=32,
        iterations=3,
        lanes=4,
        memory_cost=32,
        ad=b"\x04" * 12,
        secret=b"\x03" * 8,
    )
    tag = "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
    assert kdf.derive(b"\x01" * 32).hex() == tag


def test_derive_key_is_pinned_at_the_default_params_and_normalises_to_nfc() -> None:
    params = dataclasses.replace(DEFAULT_PARAMS, salt=bytes(range(16)))
    assert (params.memory_kib, params.iterations, params.lanes) == (65536, 3, 4)
    passphrase = "Caf\u00e9 au lait, s'il vous pla\u00eet"
    pinned = "ebce1f3242a823f8767009ccac3fe9fdabae03638499eebafba84b5bd1c98f80"
    assert keys.derive_key(passphrase, params).hex() == pinned
    decomposed = unicodedata.normalize("NFD", passphrase)
    assert decomposed != passphrase
    assert keys.derive_key(decomposed, params).hex() == pinned


def test_wrap_matches_rfc_3394_section_4_6() -> None:
    kek = bytes(range(32))
    key_data = bytes.fromhex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
    expected = bytes.fromhex(
        "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"
    )
    assert keys.wrap(kek, key_data) == expected
    assert keys.unwrap(kek, expected) == key_data
    for bad_kek, wrapped in [(bytes(32), expected), (kek, expected[:-1]), (kek, b"")]:
        with pytest.raises(KeysProblem):
            keys.unwrap(bad_kek, wrapped)


def test_recovery_code_decoding_and_recovery_kek_are_pinned() -> None:
    code_bytes = keys.normalize_recovery_code("0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ")
    assert code_bytes.hex() == "00443214c74254b635cf84653a56d7c675be77df"
    # digit i of Crockford's alphabet is digit i of RFC 4648's, so this cross-checks the decoder
    assert base64.b32encode(code_bytes) == b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    kek = keys.recovery_kek(code_bytes, b"\x02" * 16)
    assert kek.hex() == "fa16fb274bba38885c0d25191cd119820493b9ef60a3de10c26aec7df9099fe5"
    # and RFC 5869 by hand with the standard library: extract, then one block of expand
    prk = hmac.new(b"\x02" * 16, code_bytes, hashlib.sha256).digest()
    info = b"trustbridge recovery key v1"
    assert kek == hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def test_key_id_is_pinned() -> None:
    assert keys.key_id(bytes(32)) == "63ae6a81d94fd6f3"
    assert keys.key_id(bytes(range(32))) == "975f7b38dd2e021a"


# --- recovery codes and passphrases ----------------------------------------------------------


def test_new_recovery_codes_have_the_promised_shape() -> None:
    code = keys.new_recovery_code()
    groups = code.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert set(code.replace("-", "")) <= set(keys.CROCKFORD)
    assert code != keys.new_recovery_code()


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=20, max_size=20), st.data())
def test_recovery_codes_survive_sloppy_typing(raw: bytes, data: st.DataObject) -> None:
    code = keys._format_code(raw)
    assert keys.normalize_recovery_code(code) == raw
    swaps = {"0": "oO", "1": "iIlL"}
    sloppy = "".join(
        data.draw(st.sampled_from(swaps.get(c, c.lower() + c)))
        + data.draw(st.sampled_from(["", " "]))
        for c in code.replace("-", "")
    )
    assert keys.normalize_recovery_code(f"  {sloppy}\n") == raw


@pytest.mark.parametrize(
    ("text", "hint"),
    [("ABCD-EFGH", "32"), ("", "32"), ("U" * 32, "never U"), ("Ä" * 32, "0-9")],
)
def test_misshapen_recovery_codes_say_what_shape_is_expected(text: str, hint: str) -> None:
    with pytest.raises(WrongRecoveryKey, match=hint):
        keys.normalize_recovery_code(text)


@pytest.mark.parametrize("weak", ["", "short", " " * 12, "\t\n" * 5, "e\u0301" * 4])
def test_weak_passphrases_are_refused(weak: str) -> None:
    with pytest.raises(WeakPassphrase, match="at least 8 characters"):
        keys.check_passphrase(weak)


def test_passphrases_of_eight_characters_are_accepted() -> None:
    keys.check_passphrase("eightch!")
    keys.check_passphrase("caf\u00e9 ok!")


@pytest.mark.parametrize(
    "problem",
    [
        KeysProblem,
        WrongPassphrase,
        WrongRecoveryKey,
        KeysFileMissing,
        KeysFileDamaged,
        WeakPassphrase,
    ],
)
def test_every_problem_reads_as_a_plain_sentence(problem: type[KeysProblem]) -> None:
    text = str(problem())
    assert text[0].isupper() and text.endswith(".") and len(text) > 30
    assert not any(word in text for word in ("Error", "Traceback", "Exception", "None", "_"))


# --- the keys file ---------------------------------------------------------------------------


def test_create_then_unlock_gives_back_the_same_key(made: Made, tmp_path: Path) -> None:
    assert len(made.data_key) == 32
    assert keys.unlock(made.folder, PASSPHRASE) == made.data_key
    assert keys.exists(made.folder) and not keys.exists(tmp_path / "elsewhere")
    assert keys.read_key_id(made.folder) == keys.key_id(made.data_key)
    doc = load(made.folder)
    assert doc["format"] == 1 and doc["cipher"] == "sqlcipher4-raw-key"
    assert doc["kdf"] | {"salt": ""} == {
        "name": "argon2id",
        "version": 19,
        "memory_kib": 65536,
        "iterations": 3,
        "lanes": 4,
        "salt": "",
    }
    assert len(base64.b64decode(doc["kdf"]["salt"])) == 16
    assert doc["kdf"]["salt"] != doc["recovery"]["salt"]
    assert [p.name for p in made.folder.iterdir()] == [keys.KEYS_FILENAME]  # no temp left


def test_the_keys_file_is_private_and_its_folder_too(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "store"
    keys.create(folder, PASSPHRASE)
    assert stat.S_IMODE(keys.keys_path(folder).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with pytest.raises(KeysProblem, match="already has keys"):
        keys.create(folder, PASSPHRASE)


def test_create_refuses_weak_passphrases_and_weak_params(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphrase):
        keys.create(tmp_path, "short")
    with pytest.raises(ValueError):
        keys.create(tmp_path, PASSPHRASE, params=KdfParams(1024, 3, 4, b""))
    assert not keys.exists(tmp_path)


def test_a_wrong_passphrase_is_told_kindly(made: Made) -> None:
    before = keys.keys_path(made.folder).read_bytes()
    with pytest.raises(WrongPassphrase) as caught:
        keys.unlock(made.folder, PASSPHRASE.upper())
    assert str(caught.value).startswith("That passphrase doesn't open this journal.")
    assert keys.keys_path(made.folder).read_bytes() == before


def test_the_recovery_code_unlocks_however_it_is_typed(made: Made) -> None:
    assert keys.unlock_with_recovery(made.folder, made.code) == made.data_key
    sloppy = made.code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert keys.unlock_with_recovery(made.folder, sloppy) == made.data_key
    en_dashes = made.code.replace("-", "\u2013")  # as some word processors "correct" it
    assert keys.unlock_with_recovery(made.folder, en_dashes) == made.data_key
    other = keys.new_recovery_code()
    with pytest.raises(WrongRecoveryKey, match="doesn't open this journal"):
        keys.unlock_with_recovery(made.folder, other)


def test_changing_the_passphrase_keeps_the_data_key_and_the_recovery_code(made: Made) -> None:
    before = load(made.folder)
    keys.change_passphrase(made.folder, made.data_key, NEW_PASSPHRASE)
    after = load(made.folder)
    assert after["recovery"] == before["recovery"] and after["key_id"] == before["key_id"]
    assert after["kdf"]["salt"] != before["kdf"]["salt"]
    assert keys.unlock(made.folder, NEW_PASSPHRASE) == made.data_key
    with pytest.raises(WrongPassphrase):
        keys.unlock(made.folder, PASSPHRASE)
    assert keys.unlock_with_recovery(made.folder, made.code) == made.data_key


def test_changes_need_this_stores_key_and_a_good_passphrase(made: Made) -> None:
    before = keys.keys_path(made.folder).read_bytes()
    with pytest.raises(KeysProblem, match="doesn't belong to this journal"):
        keys.change_passphrase(made.folder, bytes(32), NEW_PASSPHRASE)
    with pytest.raises(KeysProblem, match="doesn't belong to this journal"):
        keys.new_recovery_code_for(made.folder, bytes(32))
    with pytest.raises(WeakPassphrase):
        keys.change_passphrase(made.folder, made.data_key, "tiny")
    assert keys.keys_path(made.folder).read_bytes() == before


def test_a_new_recovery_code_replaces_the_old_one(made: Made) -> None:
    before = load(made.folder)
    code = keys.new_recovery_code_for(made.folder, made.data_key)
    assert code != made.code
    assert keys.unlock_with_recovery(made.folder, code) == made.data_key
    with pytest.raises(WrongRecoveryKey):
        keys.unlock_with_recovery(made.folder, made.code)
    after = load(made.folder)
    assert after["passphrase_wrap"] == before["passphrase_wrap"]
    assert after["kdf"] == before["kdf"]


def test_unlock_raises_params_below_the_defaults(
    made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    stronger = dataclasses.replace(DEFAULT_PARAMS, iterations=4)
    monkeypatch.setattr(keys, "DEFAULT_PARAMS", stronger)
    before = load(made.folder)
    assert keys.unlock(made.folder, PASSPHRASE) == made.data_key
    after = load(made.folder)
    assert after["kdf"]["iterations"] == 4 and after["kdf"]["memory_kib"] == 65536
    assert after["kdf"]["salt"] != before["kdf"]["salt"]
    assert after["recovery"] == before["recovery"]
    assert keys.unlock(made.folder, PASSPHRASE) == made.data_key
    assert load(made.folder) == after  # already strong enough: left alone


def test_a_missing_keys_file_is_named(tmp_path: Path) -> None:
    for read in (keys.read_key_id, lambda f: keys.unlock(f, PASSPHRASE)):
        with pytest.raises(KeysFileMissing, match=r"trustbridge\.keys"):
            read(tmp_path)


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for part in parents:
            doc = doc[part]
        if value is KeyError:
            del doc[last]
        else:
            doc[last] = value

    return edit


@pytest.mark.parametrize(
    "edit",
    [
        _set("kdf.memory_kib", 32768),
        _set("kdf.iterations", 2),
        _set("kdf.iterations", 1),
        _set("kdf.lanes", 0),
        _set("kdf.memory_kib", 2**40),
        _set("kdf.iterations", True),
        _set("kdf.iterations", "3"),
        _set("format", 2),
        _set("cipher", "aes-cbc"),
        _set("kdf.name", "scrypt"),
        _set("kdf.version", 16),
        _set("kdf.salt", "bm90IGEgc2FsdA=="),
        _set("kdf.salt", "***"),
        _set("key_id", "not hex at all!!"),
        _set("recovery", KeyError),
        _set("passphrase_wrap", KeyError),
        _set("kdf", [1, 2, 3]),
    ],
)
def test_tampered_or_incomplete_files_are_refused_before_any_work(
    made: Made, edit: Callable[[dict[str, Any]], None]
) -> None:
    doc = load(made.folder)
    edit(doc)
    save(made.folder, doc)
    for read in (
        keys.read_key_id,
        lambda f: keys.unlock(f, PASSPHRASE),
        lambda f: keys.unlock_with_recovery(f, made.code),
    ):
        with pytest.raises(KeysFileDamaged, match="looks damaged"):
            read(made.folder)


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '{"format": 1}', "[" * 100_000])
def test_garbled_json_is_damage(made: Made, text: str) -> None:
    keys.keys_path(made.folder).write_text(text)
    with pytest.raises(KeysFileDamaged):
        keys.unlock(made.folder, PASSPHRASE)


def test_a_flipped_bit_never_yields_a_wrong_key(made: Made) -> None:
    doc = load(made.folder)
    save(made.folder, {**doc, "passphrase_wrap": flip(doc["passphrase_wrap"])})
    with pytest.raises(WrongPassphrase):
        keys.unlock(made.folder, PASSPHRASE)
    save(
        made.folder, {**doc, "recovery": {**doc["recovery"], "wrap": flip(doc["recovery"]["wrap"])}}
    )
    with pytest.raises(WrongRecoveryKey):
        keys.unlock_with_recovery(made.folder, made.code)
    # a wrap that opens but holds some other key is caught by the key id
    other = keys.wrap(
        keys.recovery_kek(keys.normalize_recovery_code(made.code), bytes(16)), bytes(32)
    )
    save(
        made.folder,
        {
            **doc,
            "recovery": {
                "salt": base64.b64encode(bytes(16)).decode(),
                "wrap": base64.b64encode(other).decode(),
            },
        },
    )
    with pytest.raises(KeysFileDamaged):
        keys.unlock_with_recovery(made.folder, made.code)
    save(made.folder, {**doc, "key_id": keys.key_id(bytes(32))})
    with pytest.raises(KeysFileDamaged):
        keys.unlock(made.folder, PASSPHRASE)


def test_fast_paths_do_not_import_cryptography(made: Made) -> None:
    script = (
        "import sys; from pathlib import Path; from trustbridge.store import keys; "
        f"f = Path({str(made.folder)!r}); "
        "assert keys.exists(f) and keys.keys_path(f).name == 'trustbridge.keys'; "
        "print(keys.read_key_id(f)); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'cryptography'], 'imported'"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == keys.key_id(made.data_key)
