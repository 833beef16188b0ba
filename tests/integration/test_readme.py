"""The README's command-line section runs as written, on a fresh store, from a bare shell.

Each command of the block under "The command line" is run by bash in the project folder, in
a fresh store, with no environment but a minimal PATH (as ``env -i`` gives), so the README
cannot drift from the program. A script has no terminal, so the passphrase that ``init``
would ask for comes from ``TRUSTBRIDGE_PASSPHRASE``, as the README says scripts give it.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SECTION = "## The command line"
PASSPHRASE = "a long enough passphrase"
#: commands that keep running (they serve the web app): checked to exist, through --help
KEEP_RUNNING = {"serve", "open"}


def readme_commands() -> list[str]:
    """The lines of the first ``sh`` block after the section's heading, comments dropped."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    block = re.search(r"^```sh\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert block is not None, "the command-line section has no sh block"
    lines = [shlex.join(shlex.split(line, comments=True)) for line in block[1].splitlines()]
    return [line for line in lines if line]


def test_the_block_starts_a_fresh_store_and_names_no_fixed_date() -> None:
    commands = readme_commands()
    programs = [shlex.split(c) for c in commands if not c.startswith("source ")]
    assert programs[0][1] == "init", "a newcomer's first command makes the store"
    bare = [c for c in commands if c.startswith("trustbridge ")]
    if bare:  # bare `trustbridge` works only once the virtual env is active
        assert commands.index("source .venv/bin/activate") < commands.index(bare[0])
    assert all(p[0] in ("trustbridge", ".venv/bin/trustbridge") for p in programs)
    dated = [c for c in commands if re.search(r"\b\d{4}-\d{2}-\d{2}\b", c)]
    assert not dated, f"a fixed date goes stale; use today, tomorrow or +N: {dated}"


def test_every_command_runs_as_written(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "TMPDIR": str(tmp_path),
        "TRUSTBRIDGE_HOME": str(tmp_path / "store"),
        "TRUSTBRIDGE_PASSPHRASE": PASSPHRASE,
    }
    (tmp_path / "home").mkdir()
    if not (ROOT / ".venv" / "bin" / "trustbridge").exists():
        pytest.fail("no .venv in the project folder: `make test` makes it")
    prelude: list[str] = []
    for command in readme_commands():
        if command.startswith(("source ", "cd ", "export ")):
            prelude.append(command)
            continue
        words = shlex.split(command)
        if len(words) > 1 and words[1] in KEEP_RUNNING:
            command = shlex.join([*words[:2], "--help"])
        done = subprocess.run(
            ["bash", "-c", " && ".join([*prelude, command])],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        said = done.stdout + done.stderr
        assert done.returncode == 0, f"{command}\n{said}"
        assert "Traceback" not in said, command
