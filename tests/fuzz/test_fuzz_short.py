"""A short fuzz of every importer inside ``make test``: mutants of real exports are refused
with the importer's own error or imported whole, never a traceback, never half a file.

The long run (a quarter of a million inputs per importer) is ``make fuzz``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fuzz.harness import Runner, fresh_store, fuzz

#: inputs per importer: a few thousand each, about 35 s in all here (JSON, a whole export, is slowest)
INPUTS = {"jrnl": 3000, "daylio": 3000, "freecbt": 3000, "json": 2000}


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    store = fresh_store(tmp_path_factory.mktemp("fuzz-store"))
    shared = Runner(store, tmp_path_factory.mktemp("fuzz-reproducers"))
    yield shared
    shared.close()
    store.close()


@pytest.mark.parametrize("key", list(INPUTS))
def test_every_input_is_refused_plainly_or_imported_whole(
    runner: Runner, key: str, tmp_path: Path
) -> None:
    tally = fuzz(runner, key, INPUTS[key], tmp_path)
    assert tally.tried == INPUTS[key]
    assert tally.unhandled == 0 and tally.partial == 0, (tally.line(), tally.reproducers)
    assert tally.imported and tally.refused  # the mutants reach both sides
