"""Every page the app serves, in-process p95, at 100,000 entries: is each one <= 25 ms?

Issue 11 asks for every page <= 25 ms p95 in-process. ``run.py`` times the six pages a person
opens most; this bench asks for **every** GET route the local app has, found from the app
itself (as ``tests/integration/test_access.py`` does), so a page added later is timed without
anyone remembering to list it.

The store: ``populate.py``'s 100,000 entries, 500 people with 50,000 evidence events, and a
few records of every other kind (``test_encryption_at_rest``'s writer, the one the access
tests use), so every page with a number in its address has a record to show. A route's
parameters are filled from the same table as the access tests (record 1 of each kind).

For each page: the 95th percentile of ``--runs`` requests after one warm-up, beside a static
file's p95 measured in the same run (the floor), and as a ratio to the 25 ms goal; pages that
answer with an error or a redirect are listed with their status, not timed as pages. The pages
are printed slowest first.

    python bench/pages.py --keep /tmp/tb-pages      # builds the store once (a few minutes)

Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from populate import let_in, populate, populate_circle
from timing import p95_ms

ENTRIES = 100_000
PEOPLE, EVIDENCE = 500, 50_000
GOAL_MS = 25.0
#: pages that make a file or start work rather than show a page
SKIP = re.compile(r"^/(open|settings/exchange/export|report/.*\.(pdf|md)$|calendar\.ics)")


def build(folder: Path) -> Path:
    """A store of 100,000 entries, a circle of 500, and a few records of every kind (kept)."""
    from tests.integration.test_encryption_at_rest import _write_everything

    from trustbridge.config import load_settings

    if (folder / "trustbridge.sqlite3").exists():
        return folder
    settings = load_settings(folder)
    _, store = _write_everything(settings, total=200)  # record 1 of every kind
    populate(store, ENTRIES)
    populate_circle(store, PEOPLE, EVIDENCE)
    store.close()
    return folder


def pages() -> list[str]:
    """Every GET path of the local app, its parameters filled as the access tests fill them."""
    from tests.integration.test_access import PARAMS

    from trustbridge.config import load_settings
    from trustbridge.web.app import create_app

    web = create_app(load_settings(Path(tempfile.mkdtemp())))
    found = []
    for included in web.routes[1:]:  # the first is the static files
        for route in included.original_router.routes:  # type: ignore[attr-defined]
            if "GET" in route.methods:
                path = re.sub(r"{(\w+)}", lambda m: PARAMS[m.group(1)], route.path)
                if not SKIP.match(path):
                    found.append(path)
    return sorted(set(found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="timed requests per page")
    parser.add_argument("--keep", type=Path, help="build the store here, and reuse it")
    parser.add_argument("--only", help="time only paths containing this text")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from trustbridge.config import load_settings
    from trustbridge.web.app import calm_garbage_collection, create_app

    folder = args.keep or Path(tempfile.mkdtemp(prefix="tb-pages-"))
    try:
        build(folder)
        app = create_app(load_settings(folder))
        calm_garbage_collection()  # as `trustbridge serve` does before it starts
        paths = [p for p in pages() if args.only is None or args.only in p]
        print(f"{ENTRIES:,} entries, {PEOPLE} people, {EVIDENCE:,} events in {folder}")
        timed, other = [], []
        with let_in(TestClient(app)) as client:
            floor = p95_ms(lambda: client.get("/static/app.css"), 200)
            for path in paths:
                status = client.get(path, follow_redirects=False).status_code
                if status != 200:
                    other.append((path, status))
                    continue
                timed.append((p95_ms(partial(client.get, path), args.runs), path))
        print(f"{'floor: GET /static/app.css, p95':<44} {floor:8.1f} ms")
        for took, path in sorted(timed, reverse=True):
            verdict = "ok" if took <= GOAL_MS else "OVER"
            print(
                f"GET {path:<40} {took:8.1f} ms {took / floor:7.1f}x floor "
                f"{took / GOAL_MS:5.2f}x goal {verdict}"
            )
        over = sum(took > GOAL_MS for took, _ in timed)
        print(f"{len(timed) - over} of {len(timed)} pages at goal (p95 <= {GOAL_MS:.0f} ms)")
        for path, status in other:
            print(f"not timed: GET {path} answered {status}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
