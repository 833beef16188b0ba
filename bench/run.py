"""Start-up and page-speed benchmarks against 18,000 stored entries, printed as ratios.

Each figure is shown beside a floor measured in the same run (a bare ``python -c pass`` for
whole-process timings, a static file for in-process pages) and as a ratio to its target.
Run with ``make bench``. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from populate import let_in, populate_circle, populated_store
from timing import median_ms, p95_ms, row

ENTRIES = 18_000
PEOPLE, EVIDENCE = 500, 50_000
CLI = [sys.executable, "-c", "from trustbridge.cli.main import run; run()"]
BIN = Path(sys.executable).with_name("trustbridge")


def _process(args: list[str], env: dict[str, str]) -> Callable[[], object]:
    return lambda: subprocess.run(args, env=env, check=True, capture_output=True)


def main() -> None:
    import compileall

    import trustbridge

    # Measure what a person's second run sees: bytecode cached, even where the environment
    # sets PYTHONDONTWRITEBYTECODE (this sandbox does).
    compileall.compile_dir(Path(trustbridge.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "data"
        populated_store(home, ENTRIES).close()
        env = {**os.environ, "TRUSTBRIDGE_HOME": str(home)}
        print(f"{ENTRIES:,} entries in {home}")
        floor = median_ms(_process([sys.executable, "-c", "pass"], env), 20)
        print(f"{'floor: python -c pass':<34} {floor:8.1f} ms")
        exe = [str(BIN)] if BIN.exists() else CLI
        row("trustbridge --help", median_ms(_process([*exe, "--help"], env), 20), floor, 150)
        checkin = [*exe, "checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"]
        checkin += ["--connection", "connected", "--note", "short walk after work"]
        row("trustbridge checkin (flags)", median_ms(_process(checkin, env), 20), floor, 150)

        pages_bench(home, ENTRIES)
        big = Path(tmp) / "big"
        populated_store(big, BIG).close()
        print(f"{BIG:,} entries in {big}")
        pages_bench(big, BIG)
        circle_bench(Path(tmp) / "circle", floor, exe)


#: the pages a person opens most, each timed as a p95 in-process against the 25 ms target
PAGES = ("/", "/stages", "/tools/journal", "/insights", "/search?q=walk", "/circle")
BIG = 100_000
_p95_at: dict[tuple[str, int], float] = {}


def pages_bench(home: Path, entries: int) -> None:
    """Each page's p95 at ``entries``, beside a static file; at the larger size, the ratio too."""
    from fastapi.testclient import TestClient

    from trustbridge.config import load_settings
    from trustbridge.web.app import calm_garbage_collection, create_app

    app = create_app(load_settings(home))
    calm_garbage_collection()  # as `trustbridge serve` does before it starts
    with let_in(TestClient(app)) as client:
        static = p95_ms(lambda: client.get("/static/app.css"), 200)
        print(f"{'floor: GET /static/app.css, p95':<40} {static:8.1f} ms")
        for path in PAGES:
            took = _p95_at[path, entries] = p95_ms(partial(client.get, path), 100)
            row(f"GET {path}, p95", took, static, 25)
            if (path, ENTRIES) in _p95_at and entries != ENTRIES:
                print(f"{'':<40} {took / _p95_at[path, ENTRIES]:8.2f}x its time at {ENTRIES:,}")


def circle_bench(home: Path, floor: float, exe: list[str]) -> None:
    """The trust circle at 500 people and 50,000 evidence events."""
    store = populated_store(home, 0)
    populate_circle(store, PEOPLE, EVIDENCE)
    store.close()
    env = {**os.environ, "TRUSTBRIDGE_HOME": str(home)}
    print(f"{PEOPLE} people, {EVIDENCE:,} evidence events in {home}")
    show = [*exe, "person", "show", "Person 250"]
    row("trustbridge person show NAME", median_ms(_process(show, env), 20), floor, 150)

    from fastapi.testclient import TestClient

    from trustbridge.config import load_settings
    from trustbridge.services.people import find_person
    from trustbridge.web.app import calm_garbage_collection, create_app

    app = create_app(load_settings(home))
    calm_garbage_collection()  # as `trustbridge serve` does before it starts
    person_id = find_person(app.state.vault.store(), "Person 250").id
    with let_in(TestClient(app)) as client:
        static = median_ms(lambda: client.get("/static/app.css"), 100)
        page = median_ms(lambda: client.get(f"/circle/{person_id}"), 100)
        row("GET /circle/ID (person page)", page, static, 25)
        # the whole circle reads the running totals (store/trust_totals.py), not every event
        row("GET /circle, p95", p95_ms(lambda: client.get("/circle"), 100), static, 25)


if __name__ == "__main__":
    main()
