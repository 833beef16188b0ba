"""Every command the CLI declares, run as a whole process at 100,000 entries, plain and encrypted.

``bench/cli_start.py`` times a few chosen command lines closely; this sweep runs all of them
(issue 11: every command within 150 ms). The commands are read from their declarations
(``cli/commands.py`` and each group's ``declare.App``), so a new command is swept as soon as
it is declared. Each gets a command line that does its normal work on the seeded stores of
``cli_start.py``: a command whose parameters all have defaults runs with none (a list, the
stages map), one that only needs an entry's number gets the number its group's ``add`` just
printed (``--yes`` where it asks), and the rest get the values in :data:`LINES`. A command
that is neither stops the sweep before it starts; one that fails is shown as ``FAILED``, with
its last words, and the sweep exits with 1: a sweep that skips is no sweep.

Writes run on a copy of each store (made in a temporary folder, removed at the end), in the
order of :func:`ordered` (a group's add first, its deletes last, ``lock`` at the very end).
A read is timed ``--runs`` times after a warm-up (the median is shown); a write once.
Each figure is the command's CPU time (user + system of the process, which a busy machine
hardly changes) beside its wall time, as a ratio to a floor measured in the same run (a bare
``python -c pass``); a command is flagged ``OVER`` when its CPU time passes the 150 ms goal.
The encrypted store is unlocked as after ``trustbridge unlock`` (the key agent holds the key).

:data:`OUT_OF_SCOPE` lists the commands not held to 150 ms, each with why; they are printed,
not run. Hosted commands need a PostgreSQL server and are out of scope as well.

    python bench/cli_every.py                    # build the stores in a temporary folder
    python bench/cli_every.py --keep DIR         # build them in DIR once, reuse them after
    python bench/cli_every.py --only journal     # the commands whose name starts so

``make bench`` runs it once per command, at 100,000 entries only, on the stores
``cli_start.py`` keeps: about three minutes of CPU, nearly all of it the writes (each still
loads SQLAlchemy); ten minutes of wall time on a busy two-core machine. One run puts a
figure near 150 ms within the noise: ``--runs 3 --only GROUP`` to look closer. Not a test:
the numbers depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli_start import BIN, CLI, GOAL_MS, SIZES, _env, build, build_encrypted, unlocked

ENTRIES = SIZES[-1]
#: commands not held to 150 ms, and why (not run here)
OUT_OF_SCOPE = {
    "serve": "runs the web server until stopped",
    "open": "starts the web server and a browser",
    "pause": "a breathing countdown (ten seconds at the least)",
    "report": "writes a whole report (a file of every chosen entry)",
    "export json": "writes every entry to a file",
    "export markdown": "writes every entry to a file",
    "import json": "reads a whole file of entries",
    "import jrnl": "reads a whole file of entries",
    "import daylio": "reads a whole file of entries",
    "import freecbt": "reads a whole file of entries",
    "backup now": "copies the whole store",
    "backup verify": "reads a whole backup through",
    "backup restore": "copies a whole backup back",
    "delete-everything": "removes the store, after asking",
    "init": "stretches a new passphrase (Argon2, by design slow)",
    "unlock": "stretches the passphrase (Argon2, by design slow)",
    "encrypt": "rewrites the whole store encrypted, and stretches a passphrase",
    "passphrase": "stretches the old and the new passphrase (Argon2)",
    "recovery-key": "stretches the passphrase (Argon2) to make a key",
    "hosted": "the hosted mode's administration: needs its PostgreSQL server",
}
SELFCHECK = ("self_doubt", "emotions_hard_to_steady", "harsh_inner_critic", "fear_of_openness")
SELFCHECK += ("avoid_emotional_moments", "doubt_my_gut", "need_reassurance", "numbness")
SELFCHECK += ("hard_to_get_close", "anxious_and_tense")
#: the command lines of the commands that need more than an entry's number ({id}: the
#: number the group's add printed; {name add}: the one that command printed)
LINES: dict[str, list[str]] = {
    "checkin": ["--mood", "3", "--emotion", "calm", "--energy", "4", "--connection", "alone"],
    # a check-in says no number: the seeded store's first one is shown, edited and deleted
    "checkin show": ["1"],
    "checkin edit": ["1", "--mood", "4"],
    "checkin delete": ["1", "--yes"],
    "journal add": ["--title", "Evening", "--body", "a quiet walk after work"],
    "journal edit": ["{id}", "--title", "Later"],
    "hurt add": ["--what-happened", "left out of plans", "--who", "Person 7", "--kind", "neglect"],
    "hurt edit": ["{id}", "--impact", "felt small"],
    "beliefs-check": ["--mark", "1"],
    "pattern add": ["--situation", "a call", "--pattern", "{pattern}", "--feeling", "tense"],
    "pattern edit": ["{id}", "--need", "rest"],
    "thought add": ["--situation", "meeting", "--thought", "I am slow", "--emotion", "anxious:70"],
    "thought edit": ["{id}", "--balanced-thought", "one slow day is fine"],
    "belief add": ["--statement", "I am too much", "--believability", "70"],
    "belief rate": ["{id}", "--believability", "50"],
    "belief edit": ["{id}", "--statement", "I am sometimes too much"],
    "selfcheck": [word for key in SELFCHECK for word in ("--answer", f"{key}=2")],
    # a self-check says no number: the seeded store has none, so the sweep's is the first
    "selfcheck edit": ["1", "--numbness", "1"],
    "selfcheck delete": ["1", "--yes"],
    "promise add": ["--text", "call back", "--due", "2030-01-01", "--by", "me"],
    "promise edit": ["{id}", "--text", "call back soon"],
    "empathy": ["--situation", "a hard day", "--acknowledge", "it was hard"],
    "empathy edit": ["{id}", "--reflect", "I did my best"],
    "affirm add": ["--text", "I can rest"],
    "affirm edit": ["{id}", "--text", "I can rest now"],
    "habit add": ["--sleep", "7", "--movement", "30", "--food", "4"],
    # habits are one a day: a second add today updates, and says no number
    "habit edit": ["1", "--sleep-hours", "8"],
    "habit delete": ["1", "--yes"],
    # a pause says no number: the seeded store has none, so the one SET_UP saved is the first
    "pause show": ["1"],
    "pause edit": ["1", "--seconds", "90"],
    "pause delete": ["1", "--yes"],
    "person add": ["--name", "Sweep", "--kind", "friend"],
    "person show": ["Person 7"],
    "person archive": ["Sweep"],
    "person delete": ["Sweep", "--yes"],
    "person edit": ["{id}", "--notes", "met at work"],
    "evidence add": [
        "--person",
        "Person 7",
        "--dimension",
        "keeps_promises",
        "--direction",
        "positive",
        "--weight",
        "small",
    ],
    "evidence list": ["--person", "Person 7"],
    "evidence edit": ["{id}", "--weight", "major"],
    "ladder add": ["--person", "Person 7", "--action", "share a worry", "--risk", "3"],
    "ladder done": ["{id}", "--fear", "5", "--response", "supportive", "--feeling", "6"],
    "ladder edit": ["{id}", "--learned", "it went well"],
    "bridge": ["Person 7", "--what-broke", "a missed call"],
    "gut add": ["--person", "Person 7", "--sense", "they will show up", "--confidence", "60"],
    "gut resolve": ["{id}", "--came-true", "yes"],
    "gut edit": ["{id}", "--what-happened", "they came"],
    "boundary add": ["--statement", "no calls after ten", "--kind", "time"],
    "boundary event": [
        "--boundary",
        "{boundary add}",
        "--person",
        "Person 7",
        "--outcome",
        "respected",
    ],
    "boundary edit": ["{id}", "--statement", "no calls after nine"],
    # an event says its boundary's number, not its own: the sweep's is the store's first
    "boundary event-edit": ["1", "--outcome", "crossed"],
    "boundary event-delete": ["1", "--yes"],
    "istatement": [
        "--feel",
        "hurt",
        "--when",
        "plans change",
        "--because",
        "I planned",
        "--need",
        "a message",
    ],
    "istatement edit": ["{id}", "--need", "a call"],
    "balance add": ["--alone", "60", "--connected", "90"],
    "balance edit": ["{id}", "--alone-minutes", "30"],
    "partner-checkin add": ["--person", "Person 7", "--went-well", "dinner"],
    "partner-checkin edit": ["{id}", "--need", "time"],
    "partner-checkin every": ["14"],
    "ritual add": ["--name", "walk", "--person", "Person 7", "--cadence", "weekly"],
    "ritual edit": ["{id}", "--note", "Sundays"],
    "appreciation add": ["--what", "the soup", "--person", "Person 7", "--said"],
    "appreciation edit": ["{id}", "--what", "the warm soup"],
    "goal add": ["--goal", "talk weekly", "--why", "closeness", "--person", "Person 7"],
    "goal edit": ["{id}", "--why", "to feel close"],
    "goal review": ["{id}", "--still-ours", "--progress", "two talks"],
    "win add": ["--what", "said no kindly", "--kind", "kept_boundary"],
    "win edit": ["{id}", "--what", "said no, kindly"],
    "support add": ["--name", "Sam", "--kind", "person", "--helps-with", "listening"],
    "support edit": ["{id}", "--how-to-reach", "by phone"],
    "safety-plan edit": ["--on-my-own", "walk", "--reasons-for-living", "my cat"],
    "search": ["walk"],
    "reminders export": ["--out", "{folder}/reminders.ics", "--force"],
    "reminders time": ["09:00"],
}
#: the commands that change the store (run once, on the copy); every other command reads
WRITES = re.compile(
    r"^(checkin|empathy|istatement|selfcheck|beliefs-check|bridge|lock|reminders (time|feed))$"
    r"| (add|edit|delete|done|broken|renegotiated|rate|resolve|event|event-\w+|every|aside"
    r"|review|archive|export)$"
)
#: run once, untimed, before a group's first command: the pause countdown is the only way
#: a pause is saved, and it takes its ten seconds by design (out of scope, not timed)
SET_UP = {"pause": ["pause", "--minutes", "0.17"]}

#: the number a command says it saved: "(number 12)", else the first "Ritual 3", "step 3"
SAVED = re.compile(r"number (\d+)|^\W*(?:\w+ ){0,3}?[A-Za-z-]+ (\d+)\b")
#: the values a command line's placeholders stand for that are not entries' numbers
VALUES = {"pattern": "withdraw"}


def declared() -> Iterator[tuple[str, object]]:
    """Every command by name (``group command``; a group that does a job itself by its own
    name) with its function, in the order ``--help`` lists them; out of scope ones too."""
    from trustbridge.cli import declare
    from trustbridge.cli.commands import COMMANDS
    from trustbridge.cli.commands import declared as command

    for name in COMMANDS:
        target = command(name)
        if not isinstance(target, declare.App):
            yield name, target
            continue
        settings = {**target.settings, **target.callback_settings}
        runs_alone = settings.get("invoke_without_command") and not target.bare_help
        if target.callback_function and runs_alone:
            yield name, target.callback_function
        for sub, found in target.commands.items():
            yield f"{name} {sub}", found


def line(name: str, function: object) -> list[str]:
    """The command line after the command's words, with placeholders: :data:`LINES`, or
    derived from the function's parameters (none needed, or only an entry's number)."""
    from trustbridge.cli import declare

    if name in LINES:
        return LINES[name]
    made = function.made() if isinstance(function, declare.Command) else function
    declared = declare.parameters(made, {"typer": object})
    needed = [p for p, _, d in declared if isinstance(d, declare.Param) and d.default is ...]
    asks = ["--yes"] if any(p == "yes" for p, _, _ in declared) else []
    if not needed:
        return asks
    if needed == ["entry_id"]:
        return ["{id}", *asks]
    raise SystemExit(f"{name}: no command line for it (add one to LINES, or to OUT_OF_SCOPE)")


def ordered(names: list[str]) -> list[str]:
    """Each group's commands with the one that adds first and those that delete last (so
    each finds its entry), and ``lock`` (which ends the key agent) after everything."""

    def rank(name: str) -> tuple[int, int]:
        words = name.split()
        last = words[-1]
        if name == "lock":
            return (3, 0)
        if len(words) == 1 or last in ("add", "event"):
            return (0, 0)
        if last in ("delete", "archive"):
            return (2, int(last == "delete"))  # a boundary's events before the boundary
        return (2, 0) if last.endswith("delete") else (1, 0)

    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.split()[0], []).append(name)
    inside = [sorted(found, key=rank) for found in groups.values()]
    flat = [name for found in inside for name in found]
    return sorted(flat, key=lambda name: name == "lock")


def out_of_scope(name: str) -> str | None:
    """Why ``name`` is not held to 150 ms, or ``None``: a group's reason covers its
    subcommands only for the hosted administration (``pause list`` is no countdown)."""
    return OUT_OF_SCOPE.get(name) or (
        OUT_OF_SCOPE["hosted"] if name.startswith("hosted ") else None
    )


class Failed(Exception):
    """A command line that did not run as it should: its exit code and last words."""


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """One whole run: its wall and CPU ms, and what it printed (for the number it saved)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, stdin=subprocess.DEVNULL)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise Failed(f"{' '.join(args[-8:])}: exit {done.returncode} {said}")
    return wall, cpu, done.stdout.decode(errors="replace")


Found = dict[str, tuple[float, float] | str]


def sweep(home: Path, exe: list[str], names: list[str], runs: int, folder: Path) -> Found:
    """Each command's median wall and CPU ms in ``home`` (run in :func:`ordered` order), or
    why it failed."""
    functions = dict(declared())
    saved: dict[str, str] = {}
    found: Found = {}
    set_up: set[str] = set()
    env = _env(home)
    for name in ordered(names):
        group = name.split()[0]
        adds = saved.get(f"{group} add") or saved.get(group, "")
        values = {**VALUES, **saved, "id": adds, "folder": str(folder)}
        args = [*name.split(), *(word.format_map(values) for word in line(name, functions[name]))]
        write = WRITES.search(name) is not None
        try:
            if group in SET_UP and group not in set_up:
                set_up.add(group)
                timed([*exe, *SET_UP[group]], env)
            if not write:
                timed([*exe, *args], env)
            times = [timed([*exe, *args], env) for _ in range(1 if write else runs)]
        except Failed as failed:
            found[name] = str(failed)
            continue
        number = SAVED.search(times[-1][2])
        if number:
            saved[name] = number.group(1) or number.group(2)
        found[name] = (
            statistics.median(t[0] for t in times),
            statistics.median(t[1] for t in times),
        )
    return found


def floor_ms(runs: int = 20) -> tuple[float, float]:
    """``python -c pass``: median wall and CPU ms."""
    times = [timed([sys.executable, "-c", "pass"], dict(os.environ)) for _ in range(runs)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def show(plain: Found, locked: Found, floor: float) -> bool:
    """The table; whether every command ran."""
    print(
        f"\n{'command':<28} {'plain cpu':>9} {'wall':>6} {'x floor':>7}"
        f" {'encr. cpu':>9} {'wall':>6} {'x floor':>7}"
    )
    over, failed = [], []
    for name in plain:
        cells, cpus = [], []
        for kind, found in (("plain", plain[name]), ("encrypted", locked[name])):
            if isinstance(found, str):
                failed.append(f"{kind}: {found}")
                cells.append(f"{'FAILED':>24}")
                continue
            wall, cpu = found
            cpus.append(cpu)
            cells.append(f"{cpu:9.0f} {wall:6.0f} {cpu / floor:7.1f}")
        flag = "  OVER" if max(cpus, default=0) > GOAL_MS else ""
        print(f"{name:<28} {' '.join(cells)}{flag}")
        over += [name] if flag else []
    print(f"\n{len(over)} of {len(plain)} over {GOAL_MS} ms of CPU: {', '.join(over) or 'none'}")
    for reason in failed:
        print(f"FAILED {reason}")
    return not failed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=1, help="timed runs of each read (median)")
    parser.add_argument("--keep", type=Path, help="the stores' folder (cli_start.py --keep)")
    parser.add_argument("--only", default="", help="only the commands whose name starts so")
    options = parser.parse_args()

    import compileall

    import trustbridge

    compileall.compile_dir(Path(trustbridge.__file__).parent, quiet=1)  # as cli_start.py
    every = dict(declared())
    print(f"{len(every)} commands declared; out of scope (not run):")
    for name in every:
        if (why := out_of_scope(name)) is not None:
            print(f"  {name:<26} {why}")
    names = [n for n in every if out_of_scope(n) is None and n.startswith(options.only)]
    for name in names:
        line(name, every[name])  # each has a command line, before minutes are spent
    exe = [str(BIN)] if BIN.exists() else CLI
    with tempfile.TemporaryDirectory(prefix="tb-every-") as tmp:
        root = options.keep or Path(tmp)
        plain = build(root / f"plain-{ENTRIES}", ENTRIES)
        encrypted = build_encrypted(plain, root / f"encrypted-{ENTRIES}")
        copies = {kind: Path(tmp) / kind for kind in ("plain", "encrypted")}
        shutil.copytree(plain, copies["plain"])
        shutil.copytree(encrypted, copies["encrypted"])
        floor_wall, floor = floor_ms()
        print(f"\nfloor: python -c pass {floor:.0f} ms CPU ({floor_wall:.0f} wall);")
        print(f"goal {GOAL_MS} ms at {ENTRIES:,} entries; copies of the stores in {tmp}")
        found = sweep(copies["plain"], exe, names, options.runs, Path(tmp))
        with unlocked(copies["encrypted"]):
            locked = sweep(copies["encrypted"], exe, names, options.runs, Path(tmp))
        if not show(found, locked, floor):
            raise SystemExit(1)


if __name__ == "__main__":
    main()
