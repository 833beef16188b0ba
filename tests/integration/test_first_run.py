"""The command line's first run at a terminal: set-up first, the passphrase typed only twice.

A person who runs ``trustbridge checkin`` (or ``trustbridge init``) on a fresh store chooses a
passphrase before anything else is asked, and the next command does not ask for it again:
the key agent already holds the key. One test drives the real program through a real
pseudo-terminal (``pty.fork``), as a person's shell would; the rest use Typer's runner.
"""

from __future__ import annotations

import os
import pty
import re
import select
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from trustbridge import keyagent
from trustbridge.cli import messages as msg
from trustbridge.cli.app import app
from trustbridge.config import Settings
from trustbridge.services import entries, security
from trustbridge.store.db import open_store

PASSPHRASE = "a long enough passphrase"
CHECKIN_ANSWERS = ["3", "calm", "4", "1", "a short walk"]
RUN = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]
#: every question the first check-in can ask, and the answer a person would type
PROMPTS = {
    msg.PASSPHRASE_CHOOSE: PASSPHRASE,
    msg.PASSPHRASE_AGAIN: PASSPHRASE,
    msg.PASSPHRASE_ASK: PASSPHRASE,
    "Mood": "3",
    "Main emotion": "calm",
    "Energy": "4",
    "Today I felt": "1",
    "A note": "a short walk",
}


@pytest.fixture
def fresh(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A store not made yet, no passphrase from the environment, and no agent left behind."""
    monkeypatch.delenv("TRUSTBRIDGE_PASSPHRASE", raising=False)
    monkeypatch.delenv("TRUSTBRIDGE_KEY_CACHE_MINUTES", raising=False)
    yield settings
    keyagent.stop(settings.data_dir)


def run(settings: Settings, *args: str, input: str | None = None, **env: str) -> Result:
    result = CliRunner().invoke(
        app, ["--home", str(settings.data_dir), *args], input=input, env=env or None
    )
    assert "Traceback" not in result.output
    return result


def checkins(settings: Settings) -> list[str | None]:
    store = open_store(security.unlock(settings, PASSPHRASE))
    try:
        return [c.note for c in entries.recent(store, "checkin")]
    finally:
        store.close()


def test_checkin_sets_up_the_passphrase_before_asking_for_the_check_in(
    fresh: Settings, terminal: None
) -> None:
    answers = "\n".join([PASSPHRASE, PASSPHRASE, *CHECKIN_ANSWERS]) + "\n"
    result = run(fresh, "checkin", input=answers)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index(msg.PASSPHRASE_CHOOSE) < out.index(msg.PASSPHRASE_AGAIN) < out.index("Mood")
    assert out.index("not therapy") < out.index("Mood")  # the welcome, then the questions
    assert checkins(fresh) == ["a short walk"]


def test_after_set_up_in_a_command_the_next_one_does_not_ask_again(
    fresh: Settings, terminal: None
) -> None:
    answers = "\n".join([PASSPHRASE, PASSPHRASE, *CHECKIN_ANSWERS]) + "\n"
    assert run(fresh, "checkin", input=answers).exit_code == 0
    again = run(fresh, "checkin", "--note", "later", input="\n".join(CHECKIN_ANSWERS[:4]) + "\n")
    assert again.exit_code == 0, again.output
    assert msg.PASSPHRASE_ASK not in again.output
    assert checkins(fresh) == ["later", "a short walk"]


def test_init_at_a_terminal_leaves_the_key_with_the_agent(fresh: Settings, terminal: None) -> None:
    made = run(fresh, "init", input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert made.exit_code == 0, made.output
    assert "Unlocked for 15 minutes" in made.output
    assert keyagent.fetch(fresh.data_dir) == security.unlock(fresh, PASSPHRASE).key
    # no passphrase given and none asked (--no-input): the agent's key opens the store
    saved = run(fresh, "--no-input", "checkin", "--mood", "4", "--note", "after init")
    assert saved.exit_code == 0, saved.output
    assert checkins(fresh) == ["after init"]


def test_init_by_a_script_starts_no_agent(fresh: Settings) -> None:
    made = run(fresh, "init", TRUSTBRIDGE_PASSPHRASE=PASSPHRASE)
    assert made.exit_code == 0, made.output
    assert keyagent.fetch(fresh.data_dir) is None
    assert "Unlocked for" not in made.output


def test_the_welcome_at_the_command_line_speaks_of_the_command_not_a_click(
    fresh: Settings,
) -> None:
    made = run(fresh, "init", "--no-encryption")
    assert made.exit_code == 0, made.output
    assert "not therapy" in made.output
    assert "click" not in made.output.lower()
    assert "trustbridge help-now" in made.output


def _at_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, list[str]]:
    """Run the real program on a pseudo-terminal; answer each known question as it comes.

    Returns the exit code, everything shown, and the questions in the order they were asked.
    """
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the program, with the terminal as its own
        os.execve(sys.executable, [*RUN, *args], env)
    shown, asked, answered_to = b"", [], 0
    deadline = time.monotonic() + 120  # a bound for a hung run, not a speed check
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the program ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        waiting = shown[answered_to:].decode(errors="replace")
        for prompt, answer in PROMPTS.items():
            if re.search(re.escape(prompt) + r"[^\n]*[:?] $", waiting):
                asked.append(prompt)
                answered_to = len(shown)
                os.write(fd, answer.encode() + b"\r")
                break
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace"), asked


def test_at_a_real_terminal_the_passphrase_is_typed_twice_in_all(fresh: Settings) -> None:
    temp = Path(os.environ.get("TMPDIR", "/tmp"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(fresh.data_dir.parent), "TMPDIR": str(temp)}
    env["TRUSTBRIDGE_HOME"] = str(fresh.data_dir)
    env.update({name: os.environ[name] for name in ("PYTHONPATH",) if name in os.environ})
    code, shown, asked = _at_a_terminal(["checkin"], env)
    assert code == 0, shown
    questions = ["Mood", "Main emotion", "Energy", "Today I felt"]
    assert asked == [msg.PASSPHRASE_CHOOSE, msg.PASSPHRASE_AGAIN, *questions, "A note"]
    code, shown, asked = _at_a_terminal(["checkin", "--note", "again"], env)
    assert code == 0, shown
    assert asked == questions  # and no passphrase: the agent has the key
    assert checkins(fresh) == ["again", "a short walk"]
