"""The command line's ``add`` by plain SQL (``services.quick_add``): the rows the ORM's add
(``services.entries.add``) leaves, with no SQLAlchemy loaded, and the same words on a full disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW
from tests.integration.test_cli import imported, run_process
from trustbridge.config import Settings, load_settings
from trustbridge.domain.fields import Field, ValidationError, date_window
from trustbridge.exchange import layout
from trustbridge.services import entries, quick_add, security
from trustbridge.services.catalog import tool_specs
from trustbridge.store import cipherdb, plain_sql
from trustbridge.store.backup import backup_files, folder_for
from trustbridge.store.db import DiskFull, Store, open_store

#: the tools whose add the quick path covers: every one
COVERED = list(tool_specs())
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
WORDS = st.text(CHARACTERS, max_size=12) | st.sampled_from(["rain walk", "tea", "  ", "Ünïcode"])


def _value(field: Field, today: dt.date) -> st.SearchStrategy[Any]:
    """A value as a form gives it: usually one the field takes, sometimes one it refuses."""
    if field.kind == "int":
        base: st.SearchStrategy[Any] = st.integers(int(field.lo or 0) - 1, int(field.hi or 99) + 1)
    elif field.kind == "float":
        base = st.floats(field.lo or 0, field.hi or 99, allow_nan=False)
    elif field.kind == "date":
        earliest, latest = date_window(field, today)
        near = st.dates(max(earliest, today - dt.timedelta(days=3)), latest)
        base = near | st.dates(earliest, latest)  # near days: a one-a-day tool folds saves
    elif field.kind in ("choice", "choices"):
        key = st.sampled_from([key for key, _ in field.choices])
        base = key if field.kind == "choice" else st.lists(key, unique=True, max_size=3)
    elif field.kind == "bool":
        base = st.booleans()
    else:
        base = WORDS
    return st.none() | base


Save = tuple[str, dict[str, object], dt.datetime]


@st.composite
def saves(draw: st.DrawFn) -> Save:
    slug = draw(st.sampled_from(COVERED))
    now = NOW + dt.timedelta(seconds=draw(st.integers(0, 10**6)))
    today = now.astimezone().date()
    raw = {f.name: draw(_value(f, today)) for f in tool_specs()[slug].form_fields}
    return slug, {k: v for k, v in raw.items() if v is not None}, now


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh store's folder, copied for each example (making one takes longer)."""
    folder = tmp_path_factory.mktemp("fresh")
    open_store(load_settings(folder)).close()
    return folder


def _contents(conn: Any, slug: str) -> list[tuple[Any, ...]]:
    """The tool's rows (and those of its child table), and the search index."""
    tool = tool_specs()[slug]
    tables = [tool.table] + ([tool.child[0]] if tool.child else [])
    rows = [
        row
        for table in tables
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall()
    ]
    index = conn.execute("SELECT rowid, text FROM search_index ORDER BY rowid").fetchall()
    return [tuple(row) for row in (*rows, *index)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(saves(), min_size=1, max_size=4))
def test_a_quick_add_leaves_the_rows_the_orm_add_leaves(fresh: Path, saved: list[Save]) -> None:
    """Saves one after another (a one-a-day tool folds a save into the day's entry) leave the
    same rows, every column, and the same search index, in a store of each kind."""
    folder = Path(tempfile.mkdtemp(dir=fresh.parent))  # a name never used before
    shutil.copytree(fresh, folder / "orm")
    shutil.copytree(fresh, folder / "quick")
    quick = load_settings(folder / "quick")
    path = quick.sqlite_path
    by_orm = open_store(load_settings(folder / "orm"))
    try:
        assert path is not None and by_orm.settings.sqlite_path is not None
        for slug, raw, now in saved:
            _same_save(by_orm, quick, slug, raw, now)
            with contextlib.closing(cipherdb.connect(path, None)) as conn:  # the same driver
                found = _contents(conn, slug)
            with by_orm.engine.connect() as orm:  # read on the ORM's own connection
                assert found == _contents(orm.connection.driver_connection, slug)
    finally:
        by_orm.close()
        shutil.rmtree(folder)


def _same_save(
    by_orm: Store, quick: Settings, slug: str, raw: dict[str, object], now: dt.datetime
) -> None:
    try:
        expected = entries.add(by_orm, slug, raw, now)
    except ValidationError as refused:
        with pytest.raises(ValidationError) as also:
            quick_add.add(quick, slug, raw, now)
        assert also.value.errors == refused.errors
        return
    found = quick_add.add(quick, slug, raw, now)
    assert found is not None
    assert (found.record.id, found.updated, found.crisis) == (
        expected.record.id,
        expected.updated,
        expected.crisis,
    )


def test_every_default_the_models_fill_is_in_the_layout() -> None:
    """A default the ORM works out on insert (a function) would be missed by plain SQL."""
    from trustbridge.exchange.tables import mapped_tables

    for table, _ in mapped_tables():
        for column in table.columns:
            kept = next(c for c in layout.TABLES[table.name].columns if c.name == column.key)
            if column.default is not None:
                assert column.default.is_scalar, (table.name, column.key)
                assert kept.default == column.default.arg
            assert column.server_default is None, (table.name, column.key)


def test_an_encrypted_store_is_written_encrypted_and_read_by_the_orm(tmp_path: Path) -> None:
    made = security.create(load_settings(tmp_path / "locked"), "correct horse battery staple")
    open_store(made.settings).close()
    assert made.settings.key is not None
    raw = {"statement": "Zorbacanary is unlovable", "believability": 70}
    saved = quick_add.add(made.settings, "belief_tracker", raw, NOW)
    assert saved is not None
    no_key = made.settings.unlocked(None)
    assert quick_add.add(no_key, "belief_tracker", raw, NOW) is None  # the long way asks
    store = open_store(made.settings)
    try:
        belief = entries.get(store, "belief_tracker", saved.record.id)
        assert belief.statement == raw["statement"]
        assert [r.believability for r in belief.ratings] == [70]
    finally:
        store.close()
    for kept in (tmp_path / "locked").rglob("*"):
        assert not kept.is_file() or b"orbacanary" not in kept.read_bytes()


def test_a_quick_add_takes_the_automatic_backup_when_it_is_due(
    store: Store, settings: Settings
) -> None:
    """As opening the store the long way does, for every command: a day's first add backs up."""
    entries.add(store, "affirmations", {"text": "I am enough"}, NOW)
    assert backup_files(folder_for(settings.data_dir)) == []
    quick_add.add(settings, "affirmations", {"text": "I can rest"}, NOW)
    assert len(backup_files(folder_for(settings.data_dir))) == 1
    quick_add.add(settings, "affirmations", {"text": "I can ask"}, NOW + dt.timedelta(hours=1))
    assert len(backup_files(folder_for(settings.data_dir))) == 1  # not due again for a day


def test_a_store_not_there_takes_the_orm_path(tmp_path: Path) -> None:
    missing = load_settings(tmp_path / "none")
    assert quick_add.add(missing, "affirmations", {"text": "I am enough"}, NOW) is None


def test_a_full_disk_gives_the_same_words(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> int:
        raise cipherdb.Error("database or disk is full")

    monkeypatch.setattr(plain_sql, "insert_row", full)
    with pytest.raises(DiskFull) as quick:
        quick_add.add(settings, "affirmations", {"text": "I am enough"}, NOW)
    assert str(quick.value) == str(DiskFull())
    assert entries.counts(store)["affirmations"] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["journal", "add", "--title", "Rain", "--body", "A walk in the rain"],
        ["affirm", "add", "--text", "I am enough"],
        ["habit", "add", "--sleep", "7"],
        ["belief", "add", "--statement", "I am too much", "--believability", "70"],
        ["thought", "add", "--situation", "late", "--thought", "they left",
         "--emotion", "sad:60"],
    ],
)  # fmt: skip
def test_an_add_loads_neither_sqlalchemy_nor_typer(
    store: Store, settings: Settings, args: list[str]
) -> None:
    done = run_process("--no-input", *args, home=settings.data_dir, importtime=True)
    assert done.returncode == 0, done.stderr[-800:]
    assert b"Saved your" in done.stdout or b"habits" in done.stdout
    assert not imported(done.stderr) & {"sqlalchemy", "typer", "alembic"}
