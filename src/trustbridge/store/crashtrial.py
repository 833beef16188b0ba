"""Crash trials: save entries in a child process, SIGKILL it at a random moment, and check that
every save it confirmed is still there, whole, in a store that passes ``integrity_check``.

Run a long series with ``python -m trustbridge.store.crashtrial --trials 10000`` (or
``python bench/crash_trials.py``); the integration tests run a short one.

How one trial goes. A child opens the store with :func:`~trustbridge.store.db.open_store` and
saves journal entries through :func:`trustbridge.services.entries.add`, each with a body no
other save has. It prints ``begin SEQ`` before each save and ``saved SEQ ID`` (flushed) right
after the save returns; every few saves it deletes one of its earlier entries the same way
(``deleting ID`` / ``deleted ID``), which also runs the WAL checkpoint a deletion triggers.
After a random delay the child gets SIGKILL: between saves, in the middle of a commit or
a checkpoint, or while the store is still opening. The checker then opens the store afresh
(which replays the WAL) and requires: ``PRAGMA integrity_check`` is ok; every confirmed save
is present with exactly its text; every confirmed deletion stayed deleted; and the only new
row not confirmed is the save in flight at the kill, if it committed, whole. Earlier trials'
entries are checked again every so often through the services layer, and at the end.

Why a forking helper. Starting Python with SQLAlchemy takes most of a second, which would
make hundreds of trials slow. A helper process ("zygote") imports and warms everything once,
then forks one child per trial, sleeps the trial's random delay, kills the child and reaps
it, and only then reports the end of the trial. Because the child's lines and the end line
share one pipe in that order, the checker has read everything the child printed before it
starts checking, and because the helper reaps the child itself, no other process can ever
be killed by mistake through a reused process id.

A SIGKILL tests what happens when the process dies; it does not cut the power. Data the
kernel has accepted survives a killed process, so these trials show that a confirmed save
is committed and that the store recovers, not that ``synchronous=FULL`` reached the disk.

This module lives in ``store`` (not ``tools/``) so it ships with the package: the helper
is started as ``python -m trustbridge.store.crashtrial`` and must import it from anywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from trustbridge.config import DB_FILENAME, Settings
from trustbridge.store import cipherdb

MAX_SAVES = 2_000  # a child stops by itself after this many, if the kill has not come
DELETE_EVERY = 3  # every third save is followed by deleting an earlier entry
SLUG = "journal"


def body_for(token: str, trial: int, seq: int) -> str:
    """The unique text of one save; its length varies so rows split pages at many points."""
    rng = random.Random(f"{token}/{trial}/{seq}")
    filler = " ".join(f"w{rng.randrange(10**6)}" for _ in range(rng.randrange(1, 300)))
    return f"crash trial {token} entry {trial}.{seq}: {filler}"


#: trials run on an encrypted store (SQLCipher, as people's stores are) with this made-up key
TRIAL_KEY = hashlib.sha256(b"trustbridge crash trials: not a secret").digest()


def _settings(data_dir: Path) -> Settings:
    # built by hand: a TRUSTBRIDGE_DATABASE_URL in the environment must never redirect trials
    url = f"sqlite:///{data_dir / DB_FILENAME}"
    return Settings(data_dir=data_dir, database_url=url, key=TRIAL_KEY)


# --- the child and the helper that forks it -------------------------------------------------------


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _child(data_dir: Path, trial: int, token: str) -> None:
    """Save (and sometimes delete) entries until killed, confirming each one on stdout."""
    from trustbridge.services import entries
    from trustbridge.store.db import open_store

    store = open_store(_settings(data_dir))
    _say("open")
    now = dt.datetime.now(dt.UTC)
    mine: list[int] = []
    for seq in range(MAX_SAVES):
        _say(f"begin {seq}")
        saved = entries.add(store, SLUG, {"body": body_for(token, trial, seq)}, now)
        _say(f"saved {seq} {saved.record.id}")
        mine.append(saved.record.id)
        if seq % DELETE_EVERY == DELETE_EVERY - 1 and len(mine) > 2:
            victim = mine.pop(-3)  # never the newest, so row ids only ever grow
            _say(f"deleting {victim}")
            entries.delete(store, SLUG, victim)
            _say(f"deleted {victim}")


def _warm_up() -> None:
    """Import and exercise everything a child uses, once, so each fork starts warm."""
    from trustbridge.services import entries
    from trustbridge.store.db import open_store

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(_settings(Path(folder)))
        # long enough for the crisis check to load its model here, not in every child
        body = "a quiet warm up before the trials begin"
        saved = entries.add(store, SLUG, {"body": body}, dt.datetime.now(dt.UTC))
        entries.delete(store, SLUG, saved.record.id)
        store.close()  # no database connection may be open across a fork


def _zygote() -> None:
    """Read ``trial N TOKEN DELAY_SECONDS DATA_DIR`` lines; fork, wait, kill, reap, report."""
    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # its thread pool does not survive a fork
    _warm_up()
    _say("ready")
    for command in sys.stdin:
        _, trial, token, delay, data_dir = command.rstrip("\n").split(" ", 4)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _child(Path(data_dir), int(trial), token)
            except BaseException:
                import traceback

                traceback.print_exc()
                sys.stderr.flush()
                code = 1
            finally:
                os._exit(code)
        time.sleep(float(delay))
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        how = "killed" if os.WIFSIGNALED(status) else f"exited {os.waitstatus_to_exitcode(status)}"
        _say(f"end {trial} {how}")


@contextlib.contextmanager
def zygote() -> Iterator[subprocess.Popen[str]]:
    """Start the forking helper and wait until it is warm."""
    import trustbridge

    env = dict(os.environ)
    source_root = str(Path(trustbridge.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source_root, env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "trustbridge.store.crashtrial", "--zygote"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("the crash-trial helper did not start")
        yield process
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- what the child said, and checking it against the store ---------------------------------------


@dataclass
class Heard:
    """One trial as the child reported it."""

    opened: bool = False
    saved: dict[int, int] = field(default_factory=dict)  # id -> seq
    in_flight: int | None = None  # seq of a save begun but not confirmed
    deleted: set[int] = field(default_factory=set)
    deleting: int | None = None  # id of a deletion begun but not confirmed
    ending: str = ""


def _listen(stream: IO[str], trial: int) -> Heard:
    heard = Heard()
    for raw in stream:
        word, *rest = raw.split()
        if word == "end":
            heard.ending = " ".join(rest[1:])
            return heard
        if word == "open":
            heard.opened = True
        elif word == "begin":
            heard.in_flight = int(rest[0])
        elif word == "saved":
            heard.saved[int(rest[1])] = int(rest[0])
            heard.in_flight = None
        elif word == "deleting":
            heard.deleting = int(rest[0])
        elif word == "deleted":
            heard.deleted.add(int(rest[0]))
            heard.deleting = None
    raise RuntimeError(f"the crash-trial helper stopped during trial {trial}")


@dataclass
class Report:
    """Totals over all trials; ``lost``, ``resurrected``, ``unexpected``, ``damaged`` and
    ``child_errors`` must all be zero."""

    trials: int = 0
    killed: int = 0
    killed_opening: int = 0
    killed_mid_save: int = 0
    killed_mid_delete: int = 0
    confirmed: int = 0
    in_flight_committed: int = 0
    deleted: int = 0
    lost: int = 0
    resurrected: int = 0
    unexpected: int = 0
    damaged: int = 0
    bad_backups: int = 0
    child_errors: int = 0
    swept: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        failures = (self.lost, self.resurrected, self.unexpected, self.damaged)
        return not any((*failures, self.bad_backups, self.child_errors))

    def lines(self) -> list[str]:
        return [
            f"trials run: {self.trials} ({self.killed} killed: {self.killed_opening} while "
            f"opening, {self.killed_mid_save} mid-save, {self.killed_mid_delete} mid-delete)",
            f"saves confirmed: {self.confirmed}; unconfirmed saves found committed: "
            f"{self.in_flight_committed}; deletions confirmed: {self.deleted}",
            f"records checked again at the end: {self.swept}",
            f"records lost: {self.lost}; deleted records back: {self.resurrected}; "
            f"unexpected rows: {self.unexpected}; integrity failures: {self.damaged}; "
            f"bad backups: {self.bad_backups}; child errors: {self.child_errors}",
        ]

    def fail(self, text: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(text)


@dataclass
class Ledger:
    """What must be in one store: every surviving entry's id and text, across trials."""

    data_dir: Path
    token: str
    expected: dict[int, str] = field(default_factory=dict)
    max_id: int = 0
    checked_backups: set[str] = field(default_factory=set)


def check_trial(ledger: Ledger, trial: int, heard: Heard, report: Report) -> None:
    """Reopen the store without SQLAlchemy (replaying the WAL) and hold it to what was heard."""
    conn = cipherdb.connect(ledger.data_dir / DB_FILENAME, TRIAL_KEY)
    try:
        integrity = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.damaged += 1
            report.fail(f"trial {trial}: integrity_check said {integrity[:3]}")
        rows = conn.execute(
            "SELECT id, body FROM journal_entries WHERE id IN (SELECT value FROM json_each(?))"
            " OR id > ?",
            (_json_ids([*heard.saved, *heard.deleted]), ledger.max_id),
        ).fetchall()
    finally:
        conn.close()
    found = {int(i): body for i, body in rows}
    for entry_id, seq in heard.saved.items():
        text = body_for(ledger.token, trial, seq)
        if entry_id in heard.deleted:
            continue
        if entry_id == heard.deleting and entry_id not in found:
            continue  # killed while deleting it, after the deletion committed
        if found.get(entry_id) != text:
            report.lost += 1
            report.fail(f"trial {trial}: confirmed entry {entry_id} is missing or changed")
        ledger.expected[entry_id] = text
    for entry_id in heard.deleted:
        ledger.expected.pop(entry_id, None)
        if entry_id in found:
            report.resurrected += 1
            report.fail(f"trial {trial}: deleted entry {entry_id} came back")
    _unconfirmed(ledger, trial, heard, found, report)
    if found:
        ledger.max_id = max(ledger.max_id, *found)
    _tally(heard, report)


def _json_ids(ids: Sequence[int]) -> str:
    return "[" + ",".join(str(i) for i in ids) + "]"


def _unconfirmed(
    ledger: Ledger, trial: int, heard: Heard, found: dict[int, str | None], report: Report
) -> None:
    """New rows nobody confirmed: only the save in flight may be one, and only whole."""
    if heard.deleting is not None and heard.deleting not in found:
        ledger.expected.pop(heard.deleting, None)  # that deletion committed before the kill
    in_flight = None if heard.in_flight is None else body_for(ledger.token, trial, heard.in_flight)
    for entry_id, text in found.items():
        if entry_id in heard.saved or entry_id in heard.deleted or entry_id <= ledger.max_id:
            continue
        if in_flight is not None and text == in_flight:
            report.in_flight_committed += 1
            ledger.expected[entry_id] = text
            in_flight = None
        else:
            report.unexpected += 1
            report.fail(f"trial {trial}: entry {entry_id} was never saved as it reads")


def _tally(heard: Heard, report: Report) -> None:
    report.trials += 1
    report.confirmed += len(heard.saved)
    report.deleted += len(heard.deleted)
    if heard.ending != "killed":
        if heard.ending != "exited 0":
            report.child_errors += 1
            report.fail(f"a child ended with '{heard.ending}'")
        return
    report.killed += 1
    if not heard.opened:
        report.killed_opening += 1
    elif heard.deleting is not None:
        report.killed_mid_delete += 1
    elif heard.in_flight is not None:
        report.killed_mid_save += 1


def check_backups(ledger: Ledger, report: Report) -> None:
    """Any backup a killed child left under a real backup name must be whole."""
    from trustbridge.store import backup

    for found in backup.backup_files(backup.folder_for(ledger.data_dir)):
        if found.name in ledger.checked_backups:
            continue
        ledger.checked_backups.add(found.name)
        problems = backup.verify(found.path, TRIAL_KEY).problems
        if problems:
            report.bad_backups += 1
            report.fail(f"backup {found.name}: {problems[0]}")


def sweep(ledger: Ledger, report: Report, *, count: bool = True) -> None:
    """Reopen the store through the services layer and find every surviving entry, exactly.

    ``count``: add the entries checked to ``report.swept`` (a store's last sweep does).
    """
    from trustbridge.services import entries
    from trustbridge.store.db import open_store

    store = open_store(_settings(ledger.data_dir))
    try:
        seen: dict[int, str] = {}
        while batch := entries.recent(store, SLUG, limit=entries.MAX_PAGE, offset=len(seen)):
            seen.update((record.id, record.body) for record in batch)
    finally:
        store.close()
    for entry_id, text in ledger.expected.items():
        if seen.get(entry_id) != text:
            report.lost += 1
            report.fail(f"entry {entry_id} was missing or changed when the store was reopened")
    if count:
        report.swept += len(ledger.expected)


# --- running a series -----------------------------------------------------------------------------


def run_trials(
    trials: int,
    folder: Path,
    *,
    seed: int | None = None,
    max_delay: float = 0.05,
    per_store: int = 1_000,
    sweep_every: int = 100,
    progress: IO[str] | None = None,
) -> Report:
    """Run ``trials`` crash trials on stores in ``folder`` (a fresh store every ``per_store``)."""
    from trustbridge.store.db import open_store

    rng = random.Random(seed)
    report = Report()
    ledger: Ledger | None = None
    with zygote() as helper:
        stdin, stdout = helper.stdin, helper.stdout
        assert stdin is not None and stdout is not None
        for trial in range(trials):
            if ledger is None or trial % per_store == 0:
                if ledger is not None:
                    sweep(ledger, report)
                ledger = Ledger(folder / f"store-{trial // per_store}", secrets.token_hex(4))
                open_store(_settings(ledger.data_dir)).close()
            delay = rng.uniform(0.0, max_delay)
            stdin.write(f"trial {trial} {ledger.token} {delay:.6f} {ledger.data_dir}\n")
            stdin.flush()
            check_trial(ledger, trial, _listen(stdout, trial), report)
            check_backups(ledger, report)
            if (trial + 1) % sweep_every == 0 and trial + 1 < trials:
                sweep(ledger, report, count=False)
                if progress is not None:
                    progress.write(f"{trial + 1} trials, {report.lost} records lost\n")
                    progress.flush()
    if ledger is not None:
        sweep(ledger, report)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m trustbridge.store.crashtrial",
        description="Kill a process saving entries at random moments; count records lost.",
    )
    parser.add_argument("--trials", type=int, default=1_000, help="how many trials to run")
    parser.add_argument("--seed", type=int, default=None, help="seed for the random delays")
    parser.add_argument(
        "--max-delay-ms", type=float, default=50.0, help="longest wait before the kill"
    )
    parser.add_argument(
        "--per-store", type=int, default=1_000, help="trials sharing one store before a fresh one"
    )
    parser.add_argument("--folder", type=Path, default=None, help="keep the stores here")
    parser.add_argument("--zygote", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.zygote:
        _zygote()
        return 0
    started = time.perf_counter()
    with _folder(args.folder) as folder:
        report = run_trials(
            args.trials, folder, seed=args.seed, max_delay=args.max_delay_ms / 1000,
            per_store=args.per_store, progress=sys.stderr,
        )  # fmt: skip
    for line in report.lines():
        print(line)
    for problem in report.problems:
        print(f"  problem: {problem}")
    print(f"took {time.perf_counter() - started:.1f} s")
    return 0 if report.ok else 1


@contextlib.contextmanager
def _folder(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="trustbridge-crash-") as folder:
        yield Path(folder)


if __name__ == "__main__":
    sys.exit(main())
