"""Backups through the services layer: taken whole and private, made daily, pruned, checked,
and restored without ever losing the store that was there."""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import NOW
from trustbridge.config import Settings, load_settings
from trustbridge.services import backups, entries
from trustbridge.services.base import NotFound
from trustbridge.store import backup as files
from trustbridge.store import cipherdb
from trustbridge.store.db import Store, open_store

DAY = dt.timedelta(days=1)


def _write(store: Store, body: str) -> int:
    saved = entries.add(store, "journal", {"body": body}, NOW)
    return int(saved.record.id)


def _bodies(store: Store) -> set[str]:
    return {e.body for e in entries.recent(store, "journal", limit=500)}


def _folder(settings: Settings) -> Path:
    return files.folder_for(settings.data_dir)


def _names(settings: Settings) -> list[str]:
    return [b.name for b in files.backup_files(_folder(settings))]


def _rows(path: Path) -> list[str]:
    with closing(cipherdb.connect(path, None)) as conn:
        return [row[0] for row in conn.execute("SELECT body FROM journal_entries ORDER BY id")]


# --- taking and listing -------------------------------------------------------------------------


def test_a_backup_is_a_private_single_file_holding_every_saved_entry(
    store: Store, settings: Settings
) -> None:
    _write(store, "first")
    _write(store, "second, still only in the WAL")
    made = backups.take_backup(settings, NOW)

    path = _folder(settings) / made.name
    assert made.name == "trustbridge-20260314-093000.sqlite3"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(_folder(settings).stat().st_mode) == 0o700
    assert _rows(path) == ["first", "second, still only in the WAL"]
    assert made.counts["journal_entries"] == 2 and made.entries == 2
    with closing(
        cipherdb.connect(path, None)
    ) as conn:  # rollback journal: nothing beside it needed
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in _folder(settings).iterdir()) == [made.name]


def test_backups_in_the_same_second_do_not_overwrite_each_other(
    store: Store, settings: Settings
) -> None:
    _write(store, "one")
    first = backups.take_backup(settings, NOW)
    _write(store, "two")
    second = backups.take_backup(settings, NOW)

    assert second.name == "trustbridge-20260314-093000-2.sqlite3"
    listed = backups.list_backups(settings)
    assert [b.name for b in listed] == [second.name, first.name]  # newest first
    assert [b.entries for b in listed] == [2, 1]
    assert backups.describe(listed[0].counts) == ["2 journal entries"]


def test_backing_up_before_anything_exists_says_so(settings: Settings) -> None:
    with pytest.raises(backups.NothingToBackUp):
        backups.take_backup(settings, NOW)
    assert backups.list_backups(settings) == []


def test_only_the_newest_are_kept(store: Store, settings: Settings) -> None:
    _write(store, "kept safe")
    keep_three = settings.replace(backups_keep=3)
    for days_ago in range(5, 0, -1):
        backups.take_backup(keep_three, NOW - days_ago * DAY)
    assert _names(settings) == [
        "trustbridge-20260313-093000.sqlite3",
        "trustbridge-20260312-093000.sqlite3",
        "trustbridge-20260311-093000.sqlite3",
    ]


def test_a_backup_is_counted_once_until_its_file_changes(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing backups again reads each one's counts from memory; a changed file is read anew."""
    _write(store, "one")
    made = backups.take_backup(settings, NOW)
    first = backups.list_backups(settings)
    counted: list[Path] = []
    real = files.count_rows

    def counting(path: Path, key: bytes | None = None, **kw: bool) -> dict[str, int]:
        counted.append(path)
        return real(path, key, **kw)

    monkeypatch.setattr(files, "count_rows", counting)
    assert backups.list_backups(settings) == first and counted == []
    path = _folder(settings) / made.name
    with closing(cipherdb.connect(path, None)) as conn, conn:
        conn.execute("INSERT INTO journal_entries (body, created_at) VALUES ('two', '2026-03-14')")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    (again,) = backups.list_backups(settings)
    assert counted == [path] and again.counts["journal_entries"] == 2


def test_sizes_read_like_words() -> None:
    assert [backups.size_words(n) for n in (812, 14_540, 3_250_000)] == [
        "812 bytes",
        "14.2 KB",
        "3.1 MB",
    ]


# --- the automatic daily backup -----------------------------------------------------------------


def test_a_new_store_is_not_backed_up_but_the_next_opening_is(settings: Settings) -> None:
    store = open_store(settings)
    _write(store, "written on the first day")
    store.close()
    assert _names(settings) == []

    open_store(settings).close()
    (made,) = files.backup_files(_folder(settings))
    assert _rows(made.path) == ["written on the first day"]

    open_store(settings).close()  # the newest is minutes old: no second one
    assert len(_names(settings)) == 1


def test_a_day_old_backup_brings_a_new_one_and_old_ones_are_pruned(settings: Settings) -> None:
    store = open_store(settings)
    _write(store, "entry")
    store.close()
    keep_two = settings.replace(backups_keep=2)
    old = [backups.take_backup(keep_two, NOW - days * DAY).name for days in (3, 2)]

    open_store(keep_two).close()

    names = _names(settings)
    assert len(names) == 2
    assert names[1] == old[1] and old[0] not in names  # newest made now, oldest pruned


def test_the_store_is_backed_up_before_a_migration_changes_it(settings: Settings) -> None:
    from alembic import command

    from trustbridge.store.db import alembic_config, make_engine

    engine = make_engine(settings)
    command.upgrade(alembic_config(engine), "0001")
    engine.dispose()
    open_store(settings).close()
    open_store(settings).close()

    (made,) = files.backup_files(_folder(settings))
    assert files.verify(made.path).revision == "0001"  # taken before the upgrade ran


def test_a_failing_automatic_backup_never_stops_the_store_opening(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    first = open_store(settings)
    _write(first, "worth a backup")
    first.close()
    settings.data_dir.joinpath("backups").write_text("a file where the folder should be")

    with caplog.at_level(logging.WARNING):
        store = open_store(settings)
    _write(store, "still writable")
    store.close()
    assert "automatic backup was not made" in caplog.text


def test_how_many_to_keep_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings(tmp_path).backups_keep == 7
    monkeypatch.setenv("TRUSTBRIDGE_BACKUPS_KEEP", "30")
    assert load_settings(tmp_path).backups_keep == 30
    for wrong in ("0", "-1", "seven", "1001"):
        monkeypatch.setenv("TRUSTBRIDGE_BACKUPS_KEEP", wrong)
        with pytest.raises(ValueError, match="TRUSTBRIDGE_BACKUPS_KEEP"):
            load_settings(tmp_path)


# --- verifying ----------------------------------------------------------------------------------


def test_a_good_backup_verifies(store: Store, settings: Settings) -> None:
    _write(store, "fine")
    made = backups.take_backup(settings, NOW)
    assert backups.verify_backup(settings, made.name).ok
    assert [c.ok for c in backups.verify_all(settings)] == [True]


def test_a_damaged_backup_fails_verification(store: Store, settings: Settings) -> None:
    for n in range(200):
        _write(store, f"entry {n} " + "words " * 50)
    made = backups.take_backup(settings, NOW)
    path = _folder(settings) / made.name
    with path.open("r+b") as handle:  # scribble over a page in the middle of the file
        handle.seek(path.stat().st_size // 2 // 4096 * 4096)
        handle.write(b"\x07" * 4096)

    check = backups.verify_backup(settings, made.name)
    assert not check.ok
    assert any("malformed" in p or "integrity" in p for p in check.problems), check.problems


def test_files_that_are_not_backups_of_this_store_fail_verification(
    store: Store, settings: Settings
) -> None:
    folder = _folder(settings)
    folder.mkdir()
    (folder / "trustbridge-20260101-000000.sqlite3").write_bytes(b"not a database at all" * 100)
    newer = folder / "trustbridge-20260102-000000.sqlite3"
    with closing(cipherdb.connect(newer, None, must_exist=False)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")

    problems = {c.name: c.problems for c in backups.verify_all(settings)}
    assert problems[newer.name] == ("it was made by a newer Trustbridge (schema revision 9999)",)
    assert problems["trustbridge-20260101-000000.sqlite3"]


def test_only_real_backup_names_are_looked_up(store: Store, settings: Settings) -> None:
    backups.take_backup(settings, NOW)
    for name in ("../trustbridge.sqlite3", "trustbridge.sqlite3", "nope"):
        with pytest.raises(NotFound):
            backups.verify_backup(settings, name)


# --- restoring ----------------------------------------------------------------------------------


def test_restoring_brings_a_backup_back_and_keeps_the_store_it_replaces(
    store: Store, settings: Settings
) -> None:
    kept_id = _write(store, "written before the backup")
    chosen = backups.take_backup(settings, NOW - DAY)
    entries.delete(store, "journal", kept_id)
    _write(store, "written after the backup")

    done = backups.restore_backup(settings, chosen.name, NOW, store=store)

    assert _bodies(store) == {"written before the backup"}  # the open store works on
    assert done.kept_as is not None and done.kept_as != chosen.name
    assert _rows(_folder(settings) / done.kept_as) == ["written after the backup"]
    assert stat.S_IMODE(Path(str(settings.sqlite_path)).stat().st_mode) == 0o600
    _write(store, "and life goes on")
    store.close()
    reopened = open_store(settings)
    assert _bodies(reopened) == {"written before the backup", "and life goes on"}
    reopened.close()


def test_no_old_wal_is_left_to_be_replayed_onto_the_restored_store(
    store: Store, settings: Settings
) -> None:
    _write(store, "old")
    chosen = backups.take_backup(settings, NOW)
    _write(store, "newer, in the WAL")
    store.close()
    db = Path(str(settings.sqlite_path))

    backups.restore_backup(settings, chosen.name, NOW)

    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    assert _rows(db) == ["old"]


def test_a_damaged_backup_is_never_restored(store: Store, settings: Settings) -> None:
    _write(store, "precious")
    folder = _folder(settings)
    folder.mkdir()
    (folder / "trustbridge-20260101-000000.sqlite3").write_bytes(b"\0" * 8192)

    with pytest.raises(backups.BadBackup):
        backups.restore_backup(settings, "trustbridge-20260101-000000.sqlite3", NOW, store=store)
    assert _bodies(store) == {"precious"}


def test_restoring_waits_for_other_programs_to_close_the_store(
    store: Store, settings: Settings
) -> None:
    _write(store, "mine")
    chosen = backups.take_backup(settings, NOW - DAY)
    _write(store, "also mine")
    other = cipherdb.connect(settings.sqlite_path, None)  # a second program, reading
    other.execute("SELECT count(*) FROM journal_entries").fetchone()
    try:
        with pytest.raises(backups.StoreInUse):
            backups.restore_backup(settings, chosen.name, NOW, store=store)
    finally:
        other.close()
    assert _bodies(store) == {"mine", "also mine"}


def test_a_backup_from_an_older_schema_is_brought_up_to_date(settings: Settings) -> None:
    from alembic import command

    from trustbridge.store.db import alembic_config, make_engine

    engine = make_engine(settings)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO journal_entries (created_at, body) VALUES ('2026-01-01 10:00:00', 'old')"
        )
    engine.dispose()
    old = files.take(Path(str(settings.sqlite_path)), _folder(settings), NOW - DAY)
    store = open_store(settings)
    _write(store, "new")

    backups.restore_backup(settings, old.name, NOW, store=store)

    assert _bodies(store) == {"old"}
    store.close()
    assert files.verify(Path(str(settings.sqlite_path))).ok


def test_a_killed_backup_leaves_no_backup_behind_and_is_cleaned_up_later(
    store: Store, settings: Settings
) -> None:
    folder = _folder(settings)
    folder.mkdir()
    leftover = folder / ".trustbridge-20260101-000000.sqlite3.partial-4242"
    leftover.write_bytes(b"half a backup")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(leftover, (two_hours_ago, two_hours_ago))

    assert backups.list_backups(settings) == []
    backups.take_backup(settings, NOW)
    assert not leftover.exists()
