"""The options of every run work after the command too: ``trustbridge init --passphrase-file F``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from trustbridge.cli.main import GLOBAL_FLAGS, GLOBAL_WITH_VALUE, globals_first

RUN = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]


def test_options_after_the_command_move_before_it() -> None:
    assert globals_first(["init", "--passphrase-file", "p.txt"]) == [
        "--passphrase-file", "p.txt", "init",
    ]  # fmt: skip
    assert globals_first(["journal", "list", "--home=/x", "--no-input", "--limit", "5"]) == [
        "--home=/x", "--no-input", "journal", "list", "--limit", "5",
    ]  # fmt: skip


def test_what_follows_a_double_dash_and_a_missing_value_stay() -> None:
    assert globals_first(["journal", "add", "--", "--home", "x"]) == [
        "journal", "add", "--", "--home", "x",
    ]  # fmt: skip
    assert globals_first(["init", "--home"]) == ["init", "--home"]


TOKENS = ["init", "journal", "list", "--limit", "5", "x", "--", "--home=h"]
WORDS = st.lists(st.sampled_from([*TOKENS, *GLOBAL_WITH_VALUE, *GLOBAL_FLAGS]), max_size=12)


@given(WORDS)
def test_nothing_is_lost_and_moving_twice_changes_nothing(argv: list[str]) -> None:
    moved = globals_first(argv)
    assert sorted(moved) == sorted(argv)
    assert globals_first(moved) == moved


def test_init_takes_the_passphrase_file_after_the_command(tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text("a long enough passphrase 42\n")
    home = tmp_path / "home"
    done = subprocess.run(
        [*RUN, "init", "--passphrase-file", str(secret), "--home", str(home)],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "ready and encrypted" in done.stdout
    assert (home / "trustbridge.sqlite3").exists()
