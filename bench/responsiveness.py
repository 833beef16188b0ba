"""Does crisis help answer while the server is busy? /help-now under wrong unlocks and a big import.

A real ``trustbridge serve`` on a free port. While 16 wrong passphrases are sent at once (an
encrypted store), and then while a 60 MB jrnl file is uploaded for a preview (a store kept
unencrypted), another client asks for /help-now again and again. Printed: its latency
(median, 95th percentile, worst) beside the same figure on an idle server, measured in the
same run, as a ratio, and against the 50 ms goal.

    python bench/responsiveness.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.served import Served, serving

GOAL_MS = 50.0
PASSPHRASE = "a long enough passphrase"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _help_now_ms(url: str, until: threading.Event, out: list[float]) -> None:
    while not until.is_set():
        started = time.perf_counter()
        OPENER.open(url + "/help-now", timeout=30).read()
        out.append((time.perf_counter() - started) * 1000)
        time.sleep(0.005)


def _during(served: Served, load: Callable[[], None]) -> list[float]:
    """/help-now latencies (ms) while ``load`` runs."""
    done, latencies = threading.Event(), []
    probe = threading.Thread(target=_help_now_ms, args=(served.url, done, latencies))
    probe.start()
    try:
        load()
    finally:
        done.set()
        probe.join()
    return latencies


def _idle(served: Served) -> list[float]:
    return _during(served, lambda: time.sleep(2.0))


def _wrong_unlocks(served: Served) -> Callable[[], None]:
    def post() -> None:
        body = urllib.parse.urlencode({"passphrase": "not the right one", "next": "/"}).encode()
        request = urllib.request.Request(
            served.url + "/unlock", body, {"Origin": served.url}, method="POST"
        )
        try:
            OPENER.open(request, timeout=60).read()
        except urllib.error.HTTPError as refused:
            refused.read()

    def load() -> None:
        for _ in range(3):  # a few rounds: each round is 16 tries sent at once
            threads = [threading.Thread(target=post) for _ in range(16)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

    return load


def _big_jrnl(megabytes: int) -> bytes:
    entry = {"date": "2024-05-01", "time": "09:30", "title": "A day", "body": "word " * 200}
    count = megabytes * 1024 * 1024 // len(json.dumps(entry))
    return json.dumps({"tags": {}, "entries": [entry] * count}).encode()


def _preview(served: Served, data: bytes) -> Callable[[], None]:
    browser = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor()
    )
    browser.open(served.first_link(), timeout=10).read()
    boundary = "bench-boundary-42"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="j.json"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Origin": served.url, "Content-Type": f"multipart/form-data; boundary={boundary}"}

    def load() -> None:
        request = urllib.request.Request(
            served.url + "/settings/exchange/import/jrnl", body, headers, method="POST"
        )
        with browser.open(request, timeout=300) as answer:
            assert b"Import all" in answer.read(), "the preview did not come back"

    return load


def _row(label: str, busy: list[float], idle: list[float]) -> None:
    p95 = statistics.quantiles(busy, n=20)[-1] if len(busy) >= 20 else max(busy)
    base = statistics.median(idle)
    print(
        f"{label:<36} n={len(busy):4d}  median {statistics.median(busy):6.1f} ms  "
        f"p95 {p95:6.1f} ms  worst {max(busy):7.1f} ms  "
        f"worst/idle median {max(busy) / base:5.1f}x  worst/goal {max(busy) / GOAL_MS:4.2f}"
    )


def main() -> None:
    from trustbridge.config import load_settings
    from trustbridge.services import security
    from trustbridge.store.db import open_store

    print(f"/help-now latency while the server is busy; goal: worst <= {GOAL_MS:.0f} ms")
    with tempfile.TemporaryDirectory(prefix="tb-resp-") as tmp:
        encrypted = Path(tmp) / "encrypted" / "data"
        security.create(load_settings(encrypted), PASSPHRASE)
        env = {k: v for k, v in os.environ.items() if k != "TRUSTBRIDGE_PASSPHRASE"}
        with serving(encrypted, env=env) as served:
            idle = _idle(served)
            _row("idle server", idle, idle)
            _row("16 wrong unlocks at once, x3", _during(served, _wrong_unlocks(served)), idle)
        plain = Path(tmp) / "plain" / "data"
        open_store(load_settings(plain)).close()
        data = _big_jrnl(60)
        with serving(plain, env=env) as served:
            idle = _idle(served)
            label = f"preview of a {len(data) / 1e6:.0f} MB jrnl import"
            _row(label, _during(served, _preview(served, data)), idle)


if __name__ == "__main__":
    main()
