"""Fuzzing every importer with random bytes, random text and nearly valid files: the only error
ever raised is the importer's own, and an import either stores exactly its preview or nothing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW
from tests.fuzz.mutators import paths
from trustbridge.config import load_settings
from trustbridge.exchange import daylio, freecbt, jrnl, json_format
from trustbridge.exchange.common import ExchangeError, Importer
from trustbridge.exchange.tables import mapped_tables
from trustbridge.store.db import Store, open_store

DATA = Path(__file__).parents[1] / "data"
IMPORTERS = {"jrnl": jrnl.IMPORTER, "daylio": daylio.IMPORTER, "freecbt": freecbt.IMPORTER}
SAMPLES = {
    "jrnl": DATA / "jrnl.json",
    "daylio": DATA / "daylio.csv",
    "freecbt": DATA / "freecbt.csv",
    "freecbt-json": DATA / "freecbt.json",
}
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ANY_TEXT = st.text(max_size=60)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = open_store(load_settings(tmp_path_factory.mktemp("fuzz")))
    yield opened
    opened.close()


def _rows(store: Store) -> int:
    from sqlalchemy import func, select

    with store.sessions() as session:
        return sum(
            session.scalar(select(func.count()).select_from(t)) or 0 for t, _ in mapped_tables()
        )


def _import_whole_or_nothing(importer: Importer, store: Store, data: bytes) -> None:
    """The property every input must keep."""
    before = _rows(store)
    try:
        preview = importer.apply(store, data, NOW)
    except ExchangeError:
        assert _rows(store) == before
        return
    assert _rows(store) == before + preview.total


@pytest.mark.parametrize("key", list(IMPORTERS))
@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(shared: Store, key: str, data: bytes) -> None:
    _import_whole_or_nothing(IMPORTERS[key], shared, data)


@pytest.mark.parametrize("key", list(IMPORTERS))
@FUZZ
@given(text=st.text(max_size=300))
def test_random_text(shared: Store, key: str, text: str) -> None:
    _import_whole_or_nothing(IMPORTERS[key], shared, text.encode("utf-8", "surrogatepass"))


def _csv_variant(sample: Path, draw: st.DrawFn) -> bytes:
    rows = list(csv.reader(io.StringIO(sample.read_text(), newline="")))
    row = draw(st.integers(0, len(rows) - 1))
    how = draw(st.sampled_from(["cell", "drop", "extra", "duplicate"]))
    if how == "cell":
        cell = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][cell] = draw(
            ANY_TEXT | st.sampled_from(["", "7", "-1", "2099-01-01", "25:00", "rad"])
        )
    elif how == "drop":
        rows[row] = rows[row][: draw(st.integers(0, len(rows[row]) - 1))]
    elif how == "extra":
        rows[row].append(draw(ANY_TEXT))
    else:
        rows.append(list(rows[row]))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _json_variant(sample: Path, draw: st.DrawFn) -> bytes:
    document = json.loads(sample.read_text())
    path = draw(st.sampled_from(list(paths(document))[1:]))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if draw(st.booleans()):
        parent[path[-1]] = draw(JSON_VALUE)
    else:
        del parent[path[-1]]
    return json.dumps(document).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("sample", list(SAMPLES))
@FUZZ
@given(draw=st.data())
def test_nearly_valid_files(shared: Store, sample: str, draw: st.DataObject) -> None:
    path = SAMPLES[sample]
    data = (_json_variant if path.suffix == ".json" else _csv_variant)(path, draw.draw)
    _import_whole_or_nothing(IMPORTERS[sample.split("-")[0]], shared, data)


@pytest.fixture(scope="module")
def full_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = open_store(load_settings(tmp_path_factory.mktemp("source")))
    jrnl.apply(source, DATA / "jrnl.json", NOW)
    freecbt.apply(source, DATA / "freecbt.json", NOW)
    path = tmp_path_factory.mktemp("export") / "export.json"
    path.write_text(json_format.dumps(json_format.export_document(source, NOW)))
    source.close()
    return path


def _clear(store: Store) -> None:
    from sqlalchemy import delete

    with store.session() as session:
        for table, _model in reversed(mapped_tables()):
            session.execute(delete(table))


@FUZZ
@given(draw=st.data())
def test_nearly_valid_full_exports(shared: Store, full_export: Path, draw: st.DataObject) -> None:
    """A full export with one value changed or removed: restored whole, or refused."""
    _clear(shared)
    variant = _json_variant(full_export, draw.draw)
    try:
        preview = json_format.apply(shared, variant, NOW)
    except ExchangeError:
        assert _rows(shared) == 0
        return
    assert _rows(shared) == preview.total
