"""What encryption at rest costs once unlocked: the same operations on a plain and a keyed store.

The requirement: after unlock, operations are at most 1.3x slower than with encryption off.
Two stores are made in one run with identical, seeded content (``populate.py``): one kept
unencrypted, and a copy of it encrypted with SQLCipher as ``trustbridge encrypt`` does. Each
operation is then timed on both, warmed up first and interleaved (plain, encrypted,
encrypted, plain, ...) so that machine noise and order effects fall on both sides alike; the
table shows medians and their ratio. The one-off unlock (Argon2id) is shown apart: it is
paid once, not per operation.

Run with ``python bench/encryption.py`` (``--quick`` for a smaller store and fewer runs).
Not a test: the numbers depend on the machine, and the exit code is always 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from populate import encrypted_copy, let_in, populate, populate_circle

TARGET = 1.30
PASSPHRASE = "bench passphrase 123"
CLI = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]
CHECKIN = ["checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"]
CHECKIN += ["--connection", "connected", "--note", "short walk after work"]
ORIGIN = {"Origin": "http://testserver"}


@dataclass(frozen=True)
class Sizes:
    entries: int
    people: int
    evidence: int
    writes: int  # journal entries added through the services layer, per store
    pages: int  # GETs of each page, per store
    cli: int  # check-in processes, per store
    exports: int  # full JSON exports, per store
    backups: int  # backups taken, per store


FULL = Sizes(18_000, 500, 50_000, writes=500, pages=30, cli=20, exports=7, backups=7)
QUICK = Sizes(3_000, 100, 5_000, writes=100, pages=20, cli=10, exports=3, backups=5)


@dataclass
class Side:
    """One of the two stores: its settings (keyed when encrypted) and what is open on it."""

    name: str
    settings: Any  # trustbridge.config.Settings (imported late: start-up is not measured)
    store: Any = None  # trustbridge.store.db.Store
    client: Any = None  # fastapi.testclient.TestClient
    env: dict[str, str] | None = None


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def interleaved(
    plain: Callable[[], object],
    encrypted: Callable[[], object],
    runs: int,
    warmup: int = 1,
    collect: bool = False,
) -> tuple[list[float], list[float]]:
    """Times in ms of ``runs`` calls each, alternating which side goes first (ABBA).

    ``collect``: run the garbage collector before each call, so that a collection caused by
    one side's garbage is not paid inside the other side's timing (for the big operations).
    """
    for _ in range(warmup):
        plain()
        encrypted()
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(runs):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for side in order:
            if collect:
                gc.collect()
            times[side].append(_ms(plain if side == 0 else encrypted))
    return times


@dataclass
class Row:
    name: str
    plain: float
    encrypted: float

    @property
    def ratio(self) -> float:
        return self.encrypted / self.plain


def _print_table(rows: list[Row]) -> None:
    print()
    print(f"{'operation':<38} {'plain ms':>10} {'encrypted ms':>13} {'ratio':>7}  verdict")
    print("-" * 80)
    for row in rows:
        verdict = "PASS" if row.ratio <= TARGET else "FAIL"
        print(f"{row.name:<38} {row.plain:10.2f} {row.encrypted:13.2f} {row.ratio:7.2f}  {verdict}")
    print("-" * 80)


def make_side(folder: Path, sizes: Sizes) -> Side:
    """A new plain store in ``folder``, filled with the benchmark's seeded content."""
    from trustbridge.config import load_settings
    from trustbridge.services import backups, security
    from trustbridge.store.db import open_store

    made = security.create(load_settings(folder), None)
    store = open_store(made.settings)
    populate(store, sizes.entries)
    populate_circle(store, sizes.people, sizes.evidence)
    store.close()
    # a backup now, so no later open takes the day's automatic one inside a timing
    backups.take_backup(made.settings)
    return Side("plain", made.settings)


def bench_unlock(enc: Side) -> list[tuple[str, float]]:
    """The one-off cost, not part of the ratio: Argon2id plus checking the key."""
    from trustbridge.services import security

    base = enc.settings.unlocked(None)
    kdf = statistics.median(_ms(lambda: security.unlock(base, PASSPHRASE)) for _ in range(3))
    return [("unlock: Argon2id + unwrap (median of 3)", kdf)]


def bench_writes(plain: Side, enc: Side, sizes: Sizes) -> Row:
    from trustbridge.services import entries

    now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    raw = {"title": "an evening", "body": "a long walk, then tea and a call with my sister " * 4}

    def add(side: Side) -> Callable[[], object]:
        return lambda: entries.add(side.store, "journal", raw, now)

    p, e = interleaved(add(plain), add(enc), sizes.writes, warmup=5)
    print(f"  writes: total {sum(p):.0f} ms plain, {sum(e):.0f} ms encrypted")
    return Row(f"add journal entry (x{sizes.writes}, own txn)", _median(p), _median(e))


def bench_pages(plain: Side, enc: Side, sizes: Sizes, person_id: int) -> list[Row]:
    rows = []
    pages = [("GET / (home page)", "/"), ("GET /circle/ID (person page)", f"/circle/{person_id}")]
    for name, url in pages:

        def get(side: Side, url: str = url) -> Callable[[], object]:
            def action() -> object:
                response = side.client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{side.name} {url}: {response.status_code}")
                return response

            return action

        p, e = interleaved(get(plain), get(enc), sizes.pages, warmup=3)
        rows.append(Row(name, _median(p), _median(e)))
    return rows


def bench_cli(plain: Side, enc: Side, sizes: Sizes) -> Row:
    def run(side: Side) -> Callable[[], object]:
        args = [*CLI, *CHECKIN]
        return lambda: subprocess.run(args, env=side.env, check=True, capture_output=True)

    p, e = interleaved(run(plain), run(enc), sizes.cli, warmup=2)
    return Row("CLI checkin (fast path, subprocess)", _median(p), _median(e))


def bench_export(plain: Side, enc: Side, sizes: Sizes) -> list[Row]:
    """A full JSON export; the same runs also give the part spent reading the rows."""
    from trustbridge.exchange.json_format import dumps, export_document

    now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    reading: dict[str, list[float]] = {plain.name: [], enc.name: []}

    def export(side: Side) -> Callable[[], object]:
        def action() -> object:
            start = time.perf_counter()
            document = export_document(side.store, now)
            reading[side.name].append((time.perf_counter() - start) * 1000)
            return dumps(document)

        return action

    p, e = interleaved(export(plain), export(enc), sizes.exports, collect=True)
    read_p, read_e = reading[plain.name][1:], reading[enc.name][1:]  # without the warm-up
    return [
        Row("JSON export (export_document + dumps)", _median(p), _median(e)),
        Row("  of which export_document (rows)", _median(read_p), _median(read_e)),
    ]


def bench_backup(plain: Side, enc: Side, sizes: Sizes) -> Row:
    from trustbridge.services import backups

    def take(side: Side) -> Callable[[], object]:
        return lambda: backups.take_backup(side.settings)

    p, e = interleaved(take(plain), take(enc), sizes.backups, collect=True)
    return Row("backup (take_backup)", _median(p), _median(e))


def _median(times: list[float]) -> float:
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller store and fewer runs")
    sizes = QUICK if parser.parse_args().quick else FULL
    started = time.perf_counter()

    import compileall

    import trustbridge

    # the CLI runs as a person's second run would: bytecode cached (see run.py)
    compileall.compile_dir(Path(trustbridge.__file__).parent, quiet=1)

    from fastapi.testclient import TestClient

    from trustbridge import keyagent
    from trustbridge.services.people import find_person
    from trustbridge.store.db import open_store
    from trustbridge.web.app import create_app

    with tempfile.TemporaryDirectory(prefix="tb-enc-") as tmp:
        plain = make_side(Path(tmp) / "plain", sizes)
        encrypted = encrypted_copy(plain.settings.data_dir, Path(tmp) / "encrypted", PASSPHRASE)
        enc = Side("encrypted", encrypted)
        setup = time.perf_counter() - started
        print(
            f"{sizes.entries:,} entries, {sizes.people} people, {sizes.evidence:,} evidence "
            f"events in each store; built in {setup:.1f} s"
        )
        one_off = bench_unlock(enc)
        rows: list[Row] = []
        for side in (plain, enc):
            side.store = open_store(side.settings)
            env = {k: v for k, v in os.environ.items() if k != "TRUSTBRIDGE_PASSPHRASE"}
            side.env = {**env, "TRUSTBRIDGE_HOME": str(side.settings.data_dir)}
        person = find_person(plain.store, f"Person {sizes.people // 2}").id
        try:
            rows.append(bench_writes(plain, enc, sizes))
            # the web app starts locked on the encrypted store: unlock it as a person would
            with (
                let_in(TestClient(create_app(plain.settings.unlocked(None)))) as plain.client,
                TestClient(create_app(enc.settings.unlocked(None))) as enc.client,
            ):
                # a browser without a session is asked for the passphrase, which lets it in
                assert enc.client.get("/", follow_redirects=False).status_code == 401
                form = {"passphrase": PASSPHRASE, "next": "/"}
                start = time.perf_counter()
                answer = enc.client.post(
                    "/unlock", data=form, headers=ORIGIN, follow_redirects=False
                )
                one_off.append(("web: POST /unlock", (time.perf_counter() - start) * 1000))
                assert answer.status_code == 303, answer.status_code
                assert enc.client.app.state.vault.is_open
                rows += bench_pages(plain, enc, sizes, person)
            # the CLI fast path reads the key from the agent, as after `trustbridge unlock`
            keyagent.start(enc.settings.data_dir, enc.settings.key, 600)
            try:
                rows.append(bench_cli(plain, enc, sizes))
            finally:
                keyagent.stop(enc.settings.data_dir)
            rows += bench_export(plain, enc, sizes)
            rows.append(bench_backup(plain, enc, sizes))
        finally:
            for side in (plain, enc):
                side.store.close()

    print()
    for name, ms in one_off:
        print(f"one-off {name:<44} {ms:8.1f} ms (not in the ratio)")
    _print_table(rows)
    worst = max(rows, key=lambda row: row.ratio)
    verdict = "PASS" if worst.ratio <= TARGET else "FAIL"
    print(f"max ratio {worst.ratio:.2f} (target {TARGET:.2f}): {verdict}, worst: {worst.name}")
    print(f"total runtime {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
