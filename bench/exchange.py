"""Export and import as whole commands, at 18,000 and 100,000 entries, plain and encrypted.

Each store also holds 500 people with 50,000 evidence events (as ``encryption.py``). For each
size and kind of store, ``trustbridge export json``, ``export markdown`` and ``import json``
(the export, into a new empty store of the same kind) run as processes; the time, the
processor time (user and system: steadier than the time on a busy machine) and the peak
memory of each process (``/usr/bin/time -f "%M %U %S"``) are printed with ratios: to the
goal (2 s for an export, 60 MiB), 100k/18k (flat memory is about 1.0), encrypted/plain, and
the import beside jrnl loading the same entries (``bench/search.py`` installs jrnl from PyPI
into a temporary venv and writes the journal: see :func:`jrnl_load`). A floor for each
command (the same command on an empty store, or importing one entry) is measured in the
same run.

The entries are ``populate.py``'s, moved back in time so none is dated after today (an
import refuses those). Run with ``make bench``; not a test: the numbers depend on the machine.
Building the two plain stores takes minutes (each encrypted store is its plain twin
encrypted, as ``trustbridge encrypt`` does: the same rows, in seconds): ``--keep DIR``
builds them in DIR once and reuses them on later runs (``--no-jrnl`` leaves out the jrnl
comparison).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from encryption import PASSPHRASE
from populate import encrypted_copy, populate_before, populate_circle

from trustbridge.config import Settings

SIZES = (18_000, 100_000)
PEOPLE, EVIDENCE = 500, 50_000
GOAL_SECONDS, GOAL_MIB = 2.0, 60.0
#: runs of each export (the median time and the largest peak are shown); an import runs once
EXPORT_RUNS = 3
BIN = Path(sys.executable).with_name("trustbridge")
EXE = [str(BIN)] if BIN.exists() else [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]  # fmt: skip
KINDS = ("plain", "encrypted")
TIME = "/usr/bin/time"
#: the one entry of the import's floor: long enough for the crisis check to load its model
#: (and written yesterday: a restore checks only the entries of its last 30 days)
FLOOR_TEXT = "A long quiet walk with my sister after work, then tea at home"


@dataclass(frozen=True)
class Run:
    seconds: float
    mib: float
    #: processor time (user and system): on a busy machine far steadier than the wall time
    cpu: float = 0.0


def measure(args: list[str], env: dict[str, str]) -> Run:
    """One command as a process: its wall time and its own peak resident memory.

    The memory comes from ``/usr/bin/time``, which starts the command from a small process
    of its own: a process started straight from this one would count this one's memory as
    its own peak (Linux keeps the peak across ``exec``).
    """
    with tempfile.NamedTemporaryFile("r") as report, tempfile.TemporaryFile() as errors:
        command = [TIME, "-f", "%M %U %S", "-o", report.name, *args]
        start = time.perf_counter()
        done = subprocess.run(
            command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{args} failed: {errors.read().decode()[-2000:]}")
        kib, user, system = report.read().split()[-3:]
    return Run(seconds, int(kib) / 1024, float(user) + float(system))


def new_store(folder: Path, kind: str) -> tuple[Settings, dict[str, str]]:
    """An empty store of this kind, its backup taken (so no command takes one while timed),
    and the environment a command needs to open it (the key agent holds an encrypted one's
    key, as after ``trustbridge unlock``)."""
    from trustbridge import keyagent
    from trustbridge.config import load_settings
    from trustbridge.services import backups, security

    made = security.create(load_settings(folder), PASSPHRASE if kind == "encrypted" else None)
    backups.take_backup(made.settings)
    if made.settings.key is not None:
        keyagent.start(made.settings.data_dir, made.settings.key, 3 * 3600)
    env = {k: v for k, v in os.environ.items() if k != "TRUSTBRIDGE_PASSPHRASE"}
    return made.settings, {**env, "TRUSTBRIDGE_HOME": str(made.settings.data_dir)}


def kept_store(folder: Path, kind: str) -> tuple[Settings, dict[str, str]]:
    """A store built by an earlier run with ``--keep``, unlocked (its key in the key agent)."""
    from trustbridge import keyagent
    from trustbridge.config import load_settings
    from trustbridge.services import security

    settings = load_settings(folder)
    if kind == "encrypted":
        settings = security.unlock(settings, PASSPHRASE)
        assert settings.key is not None
        keyagent.start(settings.data_dir, settings.key, 3 * 3600)
    env = {k: v for k, v in os.environ.items() if k != "TRUSTBRIDGE_PASSPHRASE"}
    return settings, {**env, "TRUSTBRIDGE_HOME": str(settings.data_dir)}


def filled_store(
    folder: Path, kind: str, entries: int, plain: Path
) -> tuple[Settings, dict[str, str]]:
    """A filled store of this kind; an encrypted one is the plain store in ``plain`` (built
    first) encrypted, as ``trustbridge encrypt`` does: the same rows, made in seconds."""
    from trustbridge.services import backups
    from trustbridge.store.db import open_store

    built = folder.with_name(folder.name + ".built")
    if not built.exists() and kind == "encrypted":
        encrypted_copy(plain, folder, PASSPHRASE)
        built.touch()
    if built.exists():
        return kept_store(folder, kind)
    settings, env = new_store(folder, kind)
    store = open_store(settings)
    populate_before(store, entries, dt.datetime.now(dt.UTC).date())
    populate_circle(store, PEOPLE, EVIDENCE)
    store.close()
    backups.take_backup(settings)
    built.touch()
    return settings, env


def exports(env: dict[str, str], out: Path) -> dict[str, Run]:
    """Both exports, a few times each: the median time and the largest peak."""
    found = {}
    for what, name in (("json", "export.json"), ("markdown", "export.md")):
        args = [*EXE, "export", what, "--out", str(out / name), "--force"]
        runs = [measure(args, env) for _ in range(EXPORT_RUNS)]
        found[f"export {what}"] = Run(
            statistics.median(r.seconds for r in runs),
            max(r.mib for r in runs),
            statistics.median(r.cpu for r in runs),
        )
    return found


def import_into_new(folder: Path, kind: str, file: Path) -> Run:
    if folder.exists():  # left by an earlier run with --keep
        import shutil

        shutil.rmtree(folder)
    _, env = new_store(folder, kind)
    return measure([*EXE, "import", "json", str(file), "--yes"], env)


def jrnl_load(folder: Path, settings: Settings) -> list[tuple[str, int, float]]:
    """jrnl reading the store's entries as a jrnl journal: (what, how many, seconds).

    Twice: the journal ``bench/search.py`` writes (the journal entries only), and one with a
    jrnl entry for every record the import brings back that has a time and words (checked
    by jrnl as entries; both by ``jrnl -n 1``, which reads and parses the whole journal
    first, as every jrnl command does, then shows the newest entry).
    """
    from search import _jrnl

    from trustbridge.store.db import open_store

    folder.mkdir(parents=True)
    store = open_store(settings)
    try:
        jrnl = _jrnl(folder, store)
        if jrnl is None:
            return []
        journal = folder / "journal.txt"  # where the configuration _jrnl wrote points
        loads = [
            ("the journal entries", _count_entries(journal), journal.read_text()),
            ("every record of the export", *_every_record(store)),
        ]
    finally:
        store.close()
    env = {**os.environ, "XDG_CONFIG_HOME": str(folder / "config")}
    found = []
    for what, count, text in loads:
        journal.write_text(text)
        try:
            runs = [measure([*jrnl, "-n", "1"], env).seconds for _ in range(3)]
        except RuntimeError as problem:
            print(f"jrnl did not run: {problem}")
            return found
        found.append((what, count, statistics.median(runs)))
    return found


def _count_entries(journal: Path) -> int:
    with journal.open() as text:
        return sum(line.startswith("[") for line in text)


def _every_record(store: Any) -> tuple[int, str]:
    """A jrnl journal with one entry per record that has a time and words, oldest first."""
    from trustbridge.exchange.tables import mapped_tables
    from trustbridge.store.search_index import model_columns

    words = model_columns()
    entries = []
    with store.engine.connect() as connection:
        for table, _model in mapped_tables():
            texts = words.get(table.name, ((), ()))[0]
            if "created_at" not in table.columns or not texts:
                continue
            joined = " || ' ' || ".join(f"coalesce(\"{name}\", '')" for name in texts)
            query = f"SELECT created_at, {joined} FROM {table.name}"
            entries += connection.exec_driver_sql(query).fetchall()
    entries.sort(key=lambda entry: str(entry[0]))
    text = "".join(f"[{str(stamp)[:16]}] {words_of}\n\n" for stamp, words_of in entries)
    return len(entries), text


def floors(folder: Path) -> dict[str, Run]:
    """Each command where there is (almost) nothing to do: what starting it costs."""
    from trustbridge.store.db import open_store
    from trustbridge.store.models import JournalEntry

    settings, env = new_store(folder / "empty", "plain")
    found = exports(env, folder)
    store = open_store(settings)
    with store.session() as session:
        yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        session.add(JournalEntry(created_at=yesterday, body=FLOOR_TEXT))
    store.close()
    measure([*EXE, "export", "json", "--out", str(folder / "one.json"), "--force"], env)
    found["import json"] = import_into_new(folder / "one", "plain", folder / "one.json")
    return found


def _row(name: str, run: Run, floor: Run, goal: bool) -> str:
    to_goal = f"{run.seconds / GOAL_SECONDS:5.2f}x" if goal else "    - "
    return (
        f"{name:<34} {run.seconds:8.2f} {run.cpu:7.2f} {run.mib:8.1f}   {to_goal}"
        f" {run.mib / GOAL_MIB:5.2f}x   floor {floor.seconds:5.2f} s {floor.cpu:5.2f} cpu s"
        f" {floor.mib:6.1f} MiB"
    )


def main() -> None:
    import compileall
    import contextlib
    import shutil

    import trustbridge
    from trustbridge import keyagent

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the filled stores in "
                        "DIR and keep them there for the next run (which reuses them)")  # fmt: skip
    parser.add_argument("--no-jrnl", action="store_true", help="leave out the jrnl comparison")
    given = parser.parse_args()
    # the commands run as a person's second run would: bytecode cached (see run.py)
    compileall.compile_dir(Path(trustbridge.__file__).parent, quiet=1)
    started = time.perf_counter()
    results: dict[tuple[str, int, str], Run] = {}
    agents: list[Path] = []
    with contextlib.ExitStack() as stack:
        if given.keep is not None:
            root = given.keep.resolve()
            root.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(root / "floor", ignore_errors=True)
            shutil.rmtree(root / "jrnl", ignore_errors=True)
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tb-exchange-")))
        try:
            floor = floors(root / "floor")
            agents += [root / "floor" / "empty", root / "floor" / "one"]
            jrnl: list[tuple[str, int, float]] = []
            for entries in SIZES:
                for kind in KINDS:
                    folder = root / f"{kind}-{entries}"
                    built = time.perf_counter()
                    plain = root / f"plain-{entries}" / "data"
                    settings, env = filled_store(folder / "data", kind, entries, plain)
                    agents.append(settings.data_dir)
                    print(f"{kind} store, {entries:,} entries + {PEOPLE} people, {EVIDENCE:,} "
                          f"evidence events: built in {time.perf_counter() - built:.0f} s")  # fmt: skip
                    for name, run in exports(env, folder).items():
                        results[(name, entries, kind)] = run
                    agents.append(folder / "restored")
                    run = import_into_new(folder / "restored", kind, folder / "export.json")
                    results[("import json", entries, kind)] = run
                    if entries == SIZES[-1] and kind == "plain" and not given.no_jrnl:
                        shutil.rmtree(folder / "jrnl", ignore_errors=True)
                        jrnl = jrnl_load(folder / "jrnl", settings)
        finally:
            for data_dir in agents:
                keyagent.stop(data_dir)
    report(results, floor, jrnl)
    print(f"total runtime {time.perf_counter() - started:.0f} s")


def report(
    results: dict[tuple[str, int, str], Run],
    floor: dict[str, Run],
    jrnl: list[tuple[str, int, float]],
) -> None:
    print()
    print(f"{'command':<34} {'time s':>8} {'cpu s':>7} {'peak MiB':>8}   "
          f"{'to goal (time, memory)':>16}")  # fmt: skip
    print("-" * 100)
    for (name, entries, kind), run in results.items():
        label = f"{name} {entries // 1000}k {kind}"
        print(_row(label, run, floor[name], name.startswith("export")))
    print("-" * 100)
    small, large = SIZES
    for name in ("export json", "export markdown", "import json"):
        for kind in KINDS:
            a, b = results[(name, small, kind)], results[(name, large, kind)]
            print(f"{name + ' ' + kind + ', 100k/18k':<42} time {b.seconds / a.seconds:5.2f}x"
                  f"   cpu {b.cpu / a.cpu:5.2f}x   memory {b.mib / a.mib:5.2f}x")  # fmt: skip
        for entries in SIZES:
            p, e = results[(name, entries, "plain")], results[(name, entries, "encrypted")]
            print(f"{name + f' {entries // 1000}k, encrypted/plain':<42} "
                  f"time {e.seconds / p.seconds:5.2f}x   cpu {e.cpu / p.cpu:5.2f}x"
                  f"   memory {e.mib / p.mib:5.2f}x")  # fmt: skip
    imported = results[("import json", large, "plain")]
    if not jrnl:
        print(
            "jrnl could not be installed from PyPI, so the import has nothing to be compared with"
        )
    for what, count, seconds in jrnl:
        print(f"jrnl loading {what} ({count:,} jrnl entries): {seconds:.2f} s; "
              f"import json {large // 1000}k plain / jrnl: {imported.seconds / seconds:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
