"""Every listed CLI command as a whole process, at 18,000 and at 100,000 entries, plain and encrypted.

For each command and store, the median of ``--runs`` runs (after one warm-up), shown beside
a floor measured in the same run (a bare ``python -c pass``), as a ratio to the 150 ms goal,
and as the ratio of the 100,000-entry figure to the 18,000-entry one (1.0: the command does
not slow down as the entries grow). The encrypted stores are unlocked as after
``trustbridge unlock``: the key agent holds the key. The check-in is also started through
Typer, to show what running without it (``cli/dispatch.py``) saves.

``--imports`` adds, for each command at 100,000 plain entries, what it imports
(``python -X importtime``, self time by top-level package). The stores are built once in a
temporary folder (a few minutes; each encrypted one is its plain twin encrypted, as
``trustbridge encrypt`` does, so both hold the same rows) and removed at the end; ``--keep
DIR`` builds them in DIR and reuses them on the next run.

Run with ``make bench``, or ``python bench/cli_start.py --runs 3`` while developing. Not a
test: the numbers depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from populate import encrypted_copy, populate, populate_circle
from timing import median_ms

SIZES = (18_000, 100_000)
PEOPLE, EVIDENCE = 50, 5_000
PASSPHRASE = "bench passphrase 123"
GOAL_MS = 150
BIN = Path(sys.executable).with_name("trustbridge")
CLI = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]
CHECKIN = ["checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"]
CHECKIN += ["--connection", "connected", "--note", "short walk after work"]
#: what is measured: the commands of issue 11, and a few that must stay quick too
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "journal --help": ["journal", "--help"],
    "journal list --limit 5": ["journal", "list", "--limit", "5"],
    "thought list --json": ["thought", "list", "--json"],
    "program": ["program"],
    "person show NAME": ["person", "show", "Person 7"],
    "person show --full NAME": ["person", "show", "--full", "Person 7"],
    "checkin (flags, no note)": [*CHECKIN[:7], "--connection", "connected"],
    "checkin (flags, with a note)": CHECKIN,
    "search WORD": ["search", "walk"],
    "help-now": ["help-now"],
}
#: a command started through Typer instead (what the quick dispatcher saves)
THROUGH_TYPER = [sys.executable, "-c", "from trustbridge.cli.app import app; app()"]
TYPER_COMMANDS = {
    "checkin (no note), via Typer": COMMANDS["checkin (flags, no note)"],
}


def build(folder: Path, entries: int) -> Path:
    """A plain store of ``entries`` seeded entries and a small circle (made once when kept)."""
    from trustbridge.config import load_settings
    from trustbridge.services import backups, security
    from trustbridge.store.db import open_store

    if (folder / "trustbridge.sqlite3").exists():
        return folder
    made = security.create(load_settings(folder), None)
    store = open_store(made.settings)
    populate(store, entries)
    populate_circle(store, PEOPLE, EVIDENCE)
    store.close()
    backups.take_backup(made.settings)  # so no timed run takes the day's automatic backup
    return folder


def build_encrypted(plain: Path, folder: Path) -> Path:
    """The plain store's rows, encrypted in ``folder`` (made once when kept)."""
    if (folder / "trustbridge.sqlite3").exists():
        return folder
    return encrypted_copy(plain, folder, PASSPHRASE).data_dir


@contextmanager
def unlocked(folder: Path) -> Iterator[None]:
    """The key agent holds this store's key while the block runs, as after ``trustbridge unlock``."""
    from trustbridge import keyagent
    from trustbridge.config import load_settings
    from trustbridge.services import security

    keyed = security.unlock(load_settings(folder), PASSPHRASE)
    assert keyed.key is not None
    keyagent.start(folder, keyed.key, 3600)
    try:
        yield
    finally:
        keyagent.stop(folder)


def _process(args: list[str], env: dict[str, str]) -> Callable[[], object]:
    return lambda: subprocess.run(args, env=env, check=True, capture_output=True)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TRUSTBRIDGE_PASSPHRASE"}
    return {**env, "TRUSTBRIDGE_HOME": str(home)}


def measure(homes: dict[int, Path], exe: list[str], runs: int) -> dict[str, dict[int, float]]:
    """Each command's median at each size, in ms."""
    started = [(name, [*exe, *args]) for name, args in COMMANDS.items()]
    started += [(name, [*THROUGH_TYPER, *args]) for name, args in TYPER_COMMANDS.items()]
    return {
        name: {size: median_ms(_process(command, _env(home)), runs) for size, home in homes.items()}
        for name, command in started
    }


def show(kind: str, found: dict[str, dict[int, float]], floor: float) -> None:
    small, large = SIZES
    print(
        f"\n{kind:<30} {f'{small // 1000}k ms':>9} {f'{large // 1000}k ms':>9} "
        f"{'x floor':>8} {'x goal':>7} {f'{large // 1000}k/{small // 1000}k':>9}"
    )
    for name, ms in found.items():
        verdict = "ok" if ms[large] <= GOAL_MS else "OVER"
        print(
            f"{name:<30} {ms[small]:9.1f} {ms[large]:9.1f} {ms[large] / floor:8.1f} "
            f"{ms[large] / GOAL_MS:7.2f} {ms[large] / ms[small]:9.2f}  {verdict}"
        )


def imports(home: Path) -> None:
    """What each command imports: self time by top-level package, from ``-X importtime``."""
    print(f"\nwhat each command imports at {SIZES[-1]:,} plain entries (self ms by package)")
    for name, args in COMMANDS.items():
        code = (
            "import sys; from trustbridge.cli.main import run; sys.argv[0] = 'trustbridge'; run()"
        )
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code, *args],
            env=_env(home),
            capture_output=True,
        )
        per: collections.Counter[str] = collections.Counter()
        for line in done.stderr.decode(errors="replace").splitlines():
            if line.startswith("import time:") and "|" in line and "self [us]" not in line:
                own, _, package = line.split(":", 1)[1].split("|")
                per[package.strip().split(".")[0]] += int(own)
        top = ", ".join(f"{package} {us / 1000:.0f}" for package, us in per.most_common(8))
        print(f"{name:<30} {sum(per.values()) / 1000:6.0f} ms: {top}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (median)")
    parser.add_argument("--imports", action="store_true", help="also show what each imports")
    parser.add_argument("--keep", type=Path, help="build the stores here, and reuse them")
    options = parser.parse_args()

    import compileall

    import trustbridge

    # What a person's second run sees: bytecode cached, even where the environment sets
    # PYTHONDONTWRITEBYTECODE (this sandbox does).
    compileall.compile_dir(Path(trustbridge.__file__).parent, quiet=1)
    exe = [str(BIN)] if BIN.exists() else CLI
    with tempfile.TemporaryDirectory(prefix="tb-cli-") as tmp:
        root = options.keep or Path(tmp)
        plain = {n: build(root / f"plain-{n}", n) for n in SIZES}
        encrypted = {n: build_encrypted(plain[n], root / f"encrypted-{n}") for n in SIZES}
        print(f"stores in {root}: {PEOPLE} people, {EVIDENCE:,} evidence events in each too")
        floor = median_ms(_process([sys.executable, "-c", "pass"], os.environ.copy()), 20)
        print(f"floor: python -c pass {floor:.1f} ms; goal {GOAL_MS} ms at {SIZES[-1]:,} entries")
        show("plain", measure(plain, exe, options.runs), floor)
        with unlocked(encrypted[SIZES[0]]), unlocked(encrypted[SIZES[-1]]):
            show("encrypted (key agent)", measure(encrypted, exe, options.runs), floor)
        if options.imports:
            imports(plain[SIZES[-1]])


if __name__ == "__main__":
    main()
