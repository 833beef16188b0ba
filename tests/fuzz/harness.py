"""Fuzzing every importer the way the command line calls it, and keeping count.

Each input goes through ``Importer.preview`` and then ``Importer.apply`` into one shared store.
An ``ExchangeError`` is a handled refusal; anything else is unhandled (a traceback a person
would see), kept with a reproducer. After every input the store must hold exactly what it held
before plus what the preview promised (nothing, when the import was refused): anything else
is a partial import. A successful import is cleared away again, so every input meets an
empty store.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from sqlalchemy import event, func, select
from sqlalchemy.orm import sessionmaker

from tests.fuzz.mutators import Seed, mutants
from trustbridge.config import load_settings
from trustbridge.exchange import json_format
from trustbridge.exchange.common import ExchangeError
from trustbridge.exchange.importers import IMPORTERS
from trustbridge.exchange.tables import mapped_tables
from trustbridge.store.db import Store, open_store

NOW = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)
DATA = Path(__file__).parents[1] / "data"
#: the sample files each importer starts from (the JSON importer's is made by :func:`seeds`)
SAMPLES = {
    "jrnl": ("jrnl.json",),
    "daylio": ("daylio.csv", "daylio_old.csv"),
    "freecbt": ("freecbt.csv", "freecbt.json"),
}
#: how many distinct unhandled kinds keep a reproducer, per importer
KEEP = 5
#: inputs drawn in one Hypothesis run
BATCH = 1000


@dataclass
class Tally:
    """What one importer did with its inputs."""

    importer: str
    tried: int = 0
    imported: int = 0
    refused: int = 0
    unhandled: int = 0
    partial: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    reproducers: list[Path] = field(default_factory=list)
    peak_kib: int = 0

    def line(self) -> str:
        kinds = "; ".join(f"{n}x {kind}" for kind, n in self.kinds.most_common(3))
        return (
            f"{self.importer:8} tried {self.tried:>8,}  imported {self.imported:>7,}  "
            f"refused {self.refused:>8,}  unhandled {self.unhandled:>4}  partial {self.partial:>3}"
            f"  peak memory {self.peak_kib / 1024:,.0f} MiB" + (f"\n    {kinds}" if kinds else "")
        )


def full_export(folder: Path) -> bytes:
    """A full JSON export of a store with every tool used (the hardening tests' fill)."""
    from tests.integration.test_exchange_hardening import _fill

    store = open_store(load_settings(folder))
    try:
        _fill(store)
        return json_format.dumps(json_format.export_document(store, NOW)).encode()
    finally:
        store.close()


def seeds(key: str, folder: Path) -> tuple[Seed, ...]:
    """The real files an importer's inputs are made from."""
    if key == "json":
        return (Seed("export.json", full_export(folder), "json"),)
    return tuple(
        Seed(name, (DATA / name).read_bytes(), name.rsplit(".", 1)[1]) for name in SAMPLES[key]
    )


class Runner:
    """Calls one importer per input on a shared store, and tallies what happened.

    Every input runs inside one outer transaction that is rolled back afterwards: the
    import's own commit only releases a savepoint, so nothing is written to disk and the store
    is empty again for the next input. The import cannot tell: it still opens its session,
    adds its records and commits or rolls back exactly as it does for the command line.
    """

    def __init__(self, store: Store, reproducers: Path | None = None) -> None:
        self.reproducers = reproducers
        engine = store.engine
        # pysqlite's own transaction handling would make SAVEPOINT commit: say BEGIN ourselves
        event.listen(engine, "connect", _driver_leaves_transactions_to_us)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        engine.dispose()
        self.connection = engine.connect()
        self.outer = self.connection.begin()
        self.store = Store(
            store.settings,
            engine,
            sessionmaker(
                self.connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
            ),
        )
        tables = [t for t, _ in mapped_tables()]
        counts = [select(func.count()).select_from(t).scalar_subquery() for t in tables]
        self._count = select(sum(counts[1:], counts[0]))

    def rows(self) -> int:
        return int(self.connection.scalar(self._count) or 0)

    def reset(self) -> None:
        self.outer.rollback()
        self.outer = self.connection.begin()

    def close(self) -> None:
        self.outer.rollback()
        self.connection.close()

    def run(self, tally: Tally, data: bytes) -> None:
        """One input, as ``trustbridge import KEY FILE`` would meet it."""
        importer = IMPORTERS[tally.importer]
        tally.tried += 1
        before = self.rows()
        try:
            promised = importer.preview(data, NOW).total
            importer.apply(self.store, data, NOW)
        except ExchangeError:
            tally.refused += 1
            promised = 0
        except Exception as exc:
            tally.unhandled += 1
            self._keep(tally, exc, data)
            promised = 0
        else:
            tally.imported += 1
        if self.rows() != before + promised:
            tally.partial += 1
            self._keep(tally, None, data)
        self.reset()

    def _keep(self, tally: Tally, exc: Exception | None, data: bytes) -> None:
        kind = "partial import" if exc is None else kind_of(exc)
        tally.kinds[kind] += 1
        if self.reproducers is None or tally.kinds[kind] > 1 or len(tally.kinds) > KEEP:
            return
        self.reproducers.mkdir(parents=True, exist_ok=True)
        stem = self.reproducers / f"{tally.importer}-{len(tally.kinds)}"
        stem.with_suffix(".bin").write_bytes(data)
        detail = "" if exc is None else "".join(traceback.format_exception(exc))
        stem.with_suffix(".txt").write_text(
            json.dumps({"importer": tally.importer, "kind": kind}) + "\n" + detail
        )
        tally.reproducers.append(stem.with_suffix(".bin"))


def _driver_leaves_transactions_to_us(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")  # nothing here is ever committed for real
    cursor.close()


@contextmanager
def remembered_closeness() -> Iterator[None]:
    """While inside, the crisis check's semantic half remembers each clause it has scored.

    It scores each clause on its own, so the answers are the same; mutants repeat their
    seed's clauses thousands of times, and scoring them again would be most of the run.
    """
    from trustbridge.domain import crisis_semantic

    real = crisis_semantic.closeness
    known: dict[str, Any] = {}

    def closeness(clauses: Sequence[str]) -> list[Any]:
        new = [c for c in dict.fromkeys(clauses) if c not in known]
        scored = real(new)
        if new and not scored:
            return []
        known.update(zip(new, scored, strict=True))
        return [known[c] for c in clauses]

    crisis_semantic.closeness = closeness
    try:
        yield
    finally:
        crisis_semantic.closeness = real


def kind_of(exc: BaseException) -> str:
    """An exception's type, the first words of its message and where in Trustbridge it arose."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "trustbridge" in f.filename]
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].name}" if frames else ""
    message = str(exc).split("\n", 1)[0][:80]
    return f"{type(exc).__name__}: {message}{where}"


def fuzz(
    runner: Runner,
    key: str,
    inputs: int,
    folder: Path,
    *,
    seed: int = 13,
    progress: Callable[[Tally], None] | None = None,
) -> Tally:
    """Run ``inputs`` mutants of ``key``'s seeds through the importer (repeatable by ``seed``).

    They are drawn in batches of :data:`BATCH`, each a Hypothesis run of its own seed: one
    run of a quarter of a million examples would keep every one in its memory.
    """
    tally = Tally(key)
    start = seeds(key, folder)
    with remembered_closeness():
        for batch, first in enumerate(range(0, inputs, BATCH)):
            _batch(runner, tally, start, min(BATCH, inputs - first), seed * 1_000_003 + batch)
            if progress is not None:
                progress(tally)
    tally.peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return tally


def _batch(runner: Runner, tally: Tally, start: tuple[Seed, ...], inputs: int, seed: int) -> None:
    @hypothesis_seed(seed)
    @settings(
        max_examples=inputs,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(mutants(start))
    def one(data: bytes) -> None:
        runner.run(tally, data)

    one()


def fresh_store(folder: Path | None = None) -> Store:
    """A store of its own, for a fuzz run."""
    return open_store(load_settings(folder or Path(tempfile.mkdtemp(prefix="trustbridge-fuzz-"))))
