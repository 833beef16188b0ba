"""``bench/hosted.py`` runs end to end: two real servers, a mixed load from several accounts,
and every write a server confirmed found in the database afterwards.

No figure is checked (speed lives in ``bench/``, and depends on the machine): only that the
bench runs, nothing failed, and nothing confirmed was lost.
"""

from __future__ import annotations

import importlib.util
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

from tests.hosted import cluster as pg

BENCH = Path(__file__).resolve().parents[2] / "bench" / "hosted.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_hosted", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def test_the_hosted_bench_runs_and_every_confirmed_write_is_kept(
    postgres: pg.Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _bench()
    options = bench.parser().parse_args(
        ["--seconds", "1", "--warm-up", "0.5", "--floor", "0.5", "--accounts", "2",
         "--entries", "12", "--people", "2", "--evidence", "4", "--connections", "4",
         "--database", "bench_test"]
    )  # fmt: skip
    # in a thread of its own: its event loop must not meet one a browser test left running in
    # this worker's main thread (Playwright's, kept for the whole session)
    try:
        with ThreadPoolExecutor(1) as thread:
            kept, errors = thread.submit(bench.bench, postgres, options).result()
    finally:
        pg.drop_database(postgres, "bench_test")
    shown = capsys.readouterr().out
    assert kept and errors == 0, shown
    confirmed = int(shown.split(" of ", 1)[0].rsplit("\n", 1)[-1])
    assert confirmed > 0, shown  # the load did write, and each write was found
    assert f"{confirmed} of {confirmed} confirmed writes present" in shown
