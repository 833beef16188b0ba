"""The long fuzz run (``make fuzz``): every importer, a quarter of a million inputs each.

Prints per importer the inputs tried, what was imported or refused, unhandled exceptions
(the first few distinct kinds, each with a reproducer saved in a temporary folder), partial
imports and the peak memory of the process. Exits 1 when anything was unhandled or partial.

    python -m tests.fuzz.run [--inputs 250000] [--seed 13] [--only json]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.fuzz.harness import BATCH, Runner, Tally, fresh_store, fuzz
from trustbridge.exchange.importers import IMPORTERS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--inputs", type=int, default=250_000, help="inputs per importer")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--only", choices=sorted(IMPORTERS), action="append")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="trustbridge-fuzz-"))
    print(f"reproducers and the store go to {folder}", flush=True)
    store = fresh_store(folder / "store")
    runner = Runner(store, folder / "reproducers")
    bad = 0
    try:
        for key in args.only or list(IMPORTERS):
            began = time.perf_counter()
            tally = fuzz(runner, key, args.inputs, folder / f"seed-{key}", seed=args.seed,
                         progress=_progress(args.inputs, began))  # fmt: skip
            took = time.perf_counter() - began
            print(f"{tally.line()}\n    {took:,.0f} s, {took / tally.tried * 1000:.1f} ms an input")
            for path in tally.reproducers:
                print(f"    reproducer: {path}")
            bad += tally.unhandled + tally.partial
    finally:
        runner.close()
        store.close()
    return 1 if bad else 0


def _progress(inputs: int, began: float) -> Callable[[Tally], None]:
    """A line on stderr every tenth of the way, so an hours-long run is never silent."""

    def tell(tally: Tally) -> None:
        if tally.tried * 10 // inputs > (tally.tried - BATCH) * 10 // inputs:
            took = time.perf_counter() - began
            print(f"  {tally.importer}: {tally.tried:,} of {inputs:,} in {took:,.0f} s, "
                  f"{tally.unhandled} unhandled, {tally.partial} partial", file=sys.stderr,
                  flush=True)  # fmt: skip

    return tell


if __name__ == "__main__":
    sys.exit(main())
