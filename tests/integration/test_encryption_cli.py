"""Encryption at rest from the command line: init, unlock, lock, passphrase, encrypt, recovery.

The key agent is off here (``TRUSTBRIDGE_KEY_CACHE_MINUTES=0``) except in the one test that
runs real processes to show a check-in after ``trustbridge unlock`` needs no passphrase.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from trustbridge import keyagent
from trustbridge.cli import context
from trustbridge.cli.app import app
from trustbridge.config import Settings, load_settings
from trustbridge.services import entries, security
from trustbridge.store import keys
from trustbridge.store.db import open_store

PASSPHRASE = "a long enough passphrase"
CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}\b")


@pytest.fixture(autouse=True)
def _no_agent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTBRIDGE_KEY_CACHE_MINUTES", "0")
    monkeypatch.delenv("TRUSTBRIDGE_PASSPHRASE", raising=False)


def run(settings: Settings, *args: str, input: str | None = None, **env: str) -> Result:
    result = CliRunner().invoke(
        app, ["--home", str(settings.data_dir), *args], input=input, env=env or None
    )
    assert "Traceback" not in result.output
    return result


def journal_bodies(settings: Settings) -> list[str]:
    store = open_store(security.unlock(settings, PASSPHRASE))
    try:
        return [e.body for e in entries.recent(store, "journal")]
    finally:
        store.close()


def test_init_from_the_environment_makes_an_encrypted_private_store(settings: Settings) -> None:
    made = run(settings, "init", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert made.exit_code == 0, made.output
    assert CODE.search(made.stdout) and "shown only this once" in made.stdout
    assert "not therapy" in made.output
    for name in ("trustbridge.keys", "trustbridge.sqlite3"):
        mode = stat.S_IMODE((settings.data_dir / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))
    assert security.state(settings) is security.State.ENCRYPTED
    again = run(settings, "init", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert again.exit_code == 2 and "already a Trustbridge store" in again.stderr


def test_init_without_a_passphrase_explains_the_three_ways(settings: Settings) -> None:
    result = run(settings, "init")
    assert result.exit_code == 2 and "--no-encryption" in result.stderr
    assert not settings.data_dir.exists() or not any(settings.data_dir.iterdir())


def test_init_with_no_encryption_warns_plainly(settings: Settings) -> None:
    result = run(settings, "init", "--no-encryption")
    assert result.exit_code == 0
    assert "unencrypted" in result.stderr and "trustbridge encrypt" in result.stderr
    assert security.state(settings) is security.State.PLAIN


def test_a_locked_store_says_how_to_unlock_and_a_wrong_passphrase_is_named(
    settings: Settings, tmp_path: Path
) -> None:
    security.create(settings, PASSPHRASE)
    locked = run(settings, "journal", "add", "--body", "not yet")
    assert locked.exit_code == 2 and "Your store is locked" in locked.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    refused = run(settings, "--passphrase-file", str(wrong), "journal", "add", "--body", "x")
    assert refused.exit_code == 2 and "doesn't open" in refused.stderr
    missing = run(settings, "--passphrase-file", str(tmp_path / "nope"), "journal", "list")
    assert missing.exit_code == 2 and "could not read the passphrase file" in missing.stderr
    right = tmp_path / "right.txt"
    right.write_text(PASSPHRASE + "\n")
    saved = run(settings, "--passphrase-file", str(right), "journal", "add", "--body", "kept")
    assert saved.exit_code == 0, saved.output
    by_env = run(settings, "journal", "add", "--body", "also", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert by_env.exit_code == 0, by_env.output
    assert sorted(journal_bodies(settings)) == ["also", "kept"]


def test_first_run_at_a_terminal_asks_for_a_passphrase_twice(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    answers = "short\nshort\n" + f"{PASSPHRASE}\nsomething else\n" + f"{PASSPHRASE}\n{PASSPHRASE}\n"
    result = run(settings, "journal", "add", "--title", "t", "--body", "first words", input=answers)
    assert result.exit_code == 0, result.output
    assert "at least 8" in result.output and "not the same" in result.output
    assert CODE.search(result.stdout)
    assert journal_bodies(settings) == ["first words"]


def test_first_run_at_a_terminal_can_choose_no_encryption_after_a_warning(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    result = run(settings, "journal", "add", "--title", "t", "--body", "plain", input="\nn\n\ny\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("stored unencrypted") == 2
    assert security.state(settings) is security.State.PLAIN


def test_a_terminal_is_asked_again_after_a_wrong_passphrase(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    security.create(settings, PASSPHRASE)
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    answers = f"nope nope\n{PASSPHRASE}\n"
    result = run(settings, "journal", "add", "--title", "t", "--body", "in", input=answers)
    assert result.exit_code == 0, result.output
    assert "doesn't open" in result.output
    three = run(settings, "journal", "list", input="a\nb\nc\n")
    assert three.exit_code == 2 and "Traceback" not in three.output


def test_changing_the_passphrase_keeps_every_entry(settings: Settings, tmp_path: Path) -> None:
    security.create(settings, PASSPHRASE)
    run(settings, "journal", "add", "--body", "before", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    new = tmp_path / "new.txt"
    new.write_text("a brand new passphrase\n")
    changed = run(
        settings, "passphrase", "--new-passphrase-file", str(new),
        TRUSTBRIDGE_PASSPHRASE=PASSPHRASE,
    )  # fmt: skip
    assert changed.exit_code == 0 and "passphrase is changed" in changed.stdout
    old = run(settings, "journal", "list", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert old.exit_code == 2
    listed = run(settings, "journal", "list", TRUSTBRIDGE_PASSPHRASE="a brand new passphrase")
    assert listed.exit_code == 0 and "before" in listed.stdout


def test_the_recovery_key_opens_the_store_and_a_new_one_replaces_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = security.create(settings, PASSPHRASE)
    assert made.recovery_code is not None
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    answers = f"{made.recovery_code.lower()}\nforgotten no more\nforgotten no more\n"
    reset = run(settings, "passphrase", "--recovery-key", input=answers)
    assert reset.exit_code == 0, reset.output
    replaced = run(settings, "recovery-key", TRUSTBRIDGE_PASSPHRASE="forgotten no more")
    assert replaced.exit_code == 0 and "no longer works" in replaced.stdout
    new_code = CODE.search(replaced.stdout)
    assert new_code and new_code.group() != made.recovery_code
    with pytest.raises(keys.WrongRecoveryKey):
        security.unlock_with_recovery(settings, made.recovery_code)
    assert security.unlock_with_recovery(settings, new_code.group()).key is not None


def test_encrypt_turns_encryption_on_for_a_plain_store(settings: Settings) -> None:
    security.create(settings, None)
    run(settings, "journal", "add", "--body", "CANARY-encrypt-cli")
    run(settings, "backup", "now")
    done = run(settings, "encrypt", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert done.exit_code == 0, done.output
    assert "1 backup file" in done.stdout and CODE.search(done.stdout)
    for path in settings.data_dir.rglob("*"):
        if path.is_file():
            assert b"CANARY-encrypt-cli" not in path.read_bytes(), path
    assert journal_bodies(settings) == ["CANARY-encrypt-cli"]
    verified = run(settings, "backup", "verify", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert verified.exit_code == 0, verified.output
    twice = run(settings, "encrypt", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert twice.exit_code == 2 and "already encrypted" in twice.stderr


def test_delete_everything_removes_the_keys_too(settings: Settings) -> None:
    security.create(settings, PASSPHRASE)
    result = run(settings, "delete-everything", "--yes", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert result.exit_code == 0, result.output
    assert not settings.data_dir.exists()


def test_unlock_then_the_fast_check_in_needs_no_passphrase(tmp_path: Path) -> None:
    """Real processes: `unlock` leaves the key with the agent; `lock` takes it away."""
    settings = load_settings(tmp_path / "store")
    security.create(settings, PASSPHRASE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTBRIDGE_")}
    env["TRUSTBRIDGE_HOME"] = str(settings.data_dir)
    command = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]
    checkin = [*command, "checkin", "--mood", "4", "--emotion", "calm", "--energy", "3",
               "--connection", "connected", "--note", "after unlock"]  # fmt: skip

    def call(args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, env={**env, **extra}, capture_output=True, text=True, timeout=60, check=False
        )

    try:
        assert call(checkin).returncode == 2
        unlocked = call([*command, "unlock", "--minutes", "5"], TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
        assert unlocked.returncode == 0 and "Unlocked for 5 minutes" in unlocked.stderr
        saved = call(checkin)
        assert saved.returncode == 0, saved.stderr
        assert call([*command, "lock"]).stdout.startswith("Locked")
        assert call(checkin).returncode == 2
    finally:
        keyagent.stop(settings.data_dir)
    store = open_store(security.unlock(settings, PASSPHRASE))
    try:
        assert [c.note for c in entries.recent(store, "checkin")] == ["after unlock"]
    finally:
        store.close()


@pytest.mark.parametrize("held", ["another store's", "a short"])
def test_a_key_the_agent_holds_for_another_store_opens_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, held: str
) -> None:
    """The quick paths use the agent's key without comparing it with the keys file first:
    the store's own authentication refuses it, and the normal path then says it is locked."""
    security.create(settings, PASSPHRASE)
    wrong = os.urandom(32 if held == "another store's" else 16)
    monkeypatch.setattr(keyagent, "fetch", lambda data_dir: wrong)
    saved = run(settings, "checkin", "--mood", "3", "--note", "not with that key")
    assert saved.exit_code == 2 and "store is locked" in saved.stderr
    shown = run(settings, "program")
    assert shown.exit_code == 2 and "store is locked" in shown.stderr
    helped = run(settings, "help-now")  # never fails: the plan's place says it is locked
    assert helped.exit_code == 0 and "once Trustbridge is unlocked" in helped.stdout
    store = open_store(security.unlock(settings, PASSPHRASE))
    try:
        assert entries.recent(store, "checkin") == []
    finally:
        store.close()
    monkeypatch.setattr(
        keyagent, "fetch", lambda data_dir: security.unlock(settings, PASSPHRASE).key
    )
    assert run(settings, "checkin", "--mood", "3", "--note", "with its own key").exit_code == 0
    assert run(settings, "program").exit_code == 0


def test_encrypt_waits_until_nothing_else_has_the_store_open(settings: Settings) -> None:
    from contextlib import closing

    from trustbridge.store import cipherdb

    security.create(settings, None)
    assert settings.sqlite_path is not None
    with closing(cipherdb.connect(settings.sqlite_path, None)) as other:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("SELECT count(*) FROM journal_entries").fetchone()
        refused = run(settings, "encrypt", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert refused.exit_code == 1 and "open somewhere else" in refused.stderr
    assert security.state(settings) is security.State.PLAIN  # no keys were made
    done = run(settings, "encrypt", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert done.exit_code == 0, done.output
