"""Backups a person can take, list, check and restore, and deleting everything for good.

The files are handled by :mod:`trustbridge.store.backup`; this module adds what a person
sees (what each backup holds, in their words) and the rules around it: backups exist only
for the built-in SQLite store, a restore never skips verification, and deleting everything
closes the store first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trustbridge.config import Settings
from trustbridge.services.base import NotFound, utcnow
from trustbridge.store import backup as files
from trustbridge.store import keys
from trustbridge.store.backup import BackupError, BadBackup, StoreInUse

if TYPE_CHECKING:  # SQLAlchemy is loaded only by what opens the store (not a list of backups)
    from trustbridge.store.db import Store

__all__ = ["BackupError", "BadBackup", "NoBackups", "NothingToBackUp", "StoreInUse"]

#: table -> (one, many): what a person calls the rows, in the order they are listed
KINDS: dict[str, tuple[str, str]] = {
    "checkins": ("check-in", "check-ins"),
    "journal_entries": ("journal entry", "journal entries"),
    "hurts": ("hurt", "hurts"),
    "learned_belief_marks": ("learned-belief mark", "learned-belief marks"),
    "pattern_entries": ("pattern entry", "pattern entries"),
    "thought_records": ("thought record", "thought records"),
    "beliefs": ("belief", "beliefs"),
    "belief_ratings": ("belief rating", "belief ratings"),
    "safety_checks": ("self-check", "self-checks"),
    "self_promises": ("promise", "promises"),
    "self_empathy": ("self-empathy exercise", "self-empathy exercises"),
    "affirmations": ("affirmation", "affirmations"),
    "habit_logs": ("habits log", "habits logs"),
    "mindful_pauses": ("mindful pause", "mindful pauses"),
    "people": ("person", "people"),
    "evidence_events": ("moment of evidence", "moments of evidence"),
    "ladder_rungs": ("ladder step", "ladder steps"),
    "bridge_plans": ("bridge plan", "bridge plans"),
    "gut_checks": ("gut check", "gut checks"),
    "boundaries": ("boundary", "boundaries"),
    "i_statements": ("I-statement", "I-statements"),
    "boundary_events": ("boundary moment", "boundary moments"),
    "balance_logs": ("balance log", "balance logs"),
}


class NoBackups(BackupError):
    """The store is not the built-in SQLite file, so there is nothing Trustbridge can back up."""


class NothingToBackUp(BackupError):
    """No store has been made yet."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup as a person sees it: when, how big, and how much it holds."""

    name: str
    taken_at: dt.datetime
    size: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def entries(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Restored:
    """Which backup is now the store, and the backup the store was kept as (if it existed)."""

    name: str
    kept_as: str | None


@dataclass(frozen=True, slots=True)
class DeletionPlan:
    """Everything "delete everything" removes, named before it happens."""

    folder: Path
    counts: dict[str, int]
    backups: int
    files: list[Path]

    @property
    def entries(self) -> int:
        return sum(self.counts.values())


def describe(counts: dict[str, int]) -> list[str]:
    """Counts in words, in the order of :data:`KINDS`: ``["3 journal entries", "1 person"]``."""
    order = list(KINDS)
    ranked = sorted(counts, key=lambda t: order.index(t) if t in order else len(order))
    return [_words(table, counts[table]) for table in ranked if counts[table]]


def size_words(size: int) -> str:
    """A file size the way people read it: ``812 bytes``, ``14.2 KB``, ``3.1 MB``."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def _words(table: str, n: int) -> str:
    one, many = KINDS.get(table, (table, table))
    return f"{n} {one if n == 1 else many}"


def _paths(settings: Settings) -> tuple[Path, Path]:
    db_path = settings.sqlite_path
    if db_path is None:
        # the database's own name ("postgresql"), not the driver SQLAlchemy talks to it with
        raise NoBackups(settings.database_url.split(":", 1)[0].split("+", 1)[0])
    return db_path, files.folder_for(settings.data_dir)


#: what each backup holds, by its file, size and time of change: a backup does not change
#: once made, and counting the rows of every backup again was most of the backups page's time
#: at 100,000 entries. Only numbers of rows per table are kept, never anything written.
_COUNTED: dict[tuple[str, int, int], dict[str, int]] = {}
_COUNTED_AT_MOST = 64


def _counts(backup: files.BackupFile, key: bytes | None) -> dict[str, int]:
    seen = backup.path.stat()
    known = (str(backup.path), seen.st_size, seen.st_mtime_ns)
    counts = _COUNTED.get(known)
    if counts is None:
        counts = files.count_rows(backup.path, key)
        if len(_COUNTED) >= _COUNTED_AT_MOST:
            _COUNTED.clear()
        _COUNTED[known] = counts
    return dict(counts)


def _info(backup: files.BackupFile, key: bytes | None) -> BackupInfo:
    try:
        counts = _counts(backup, key)
    except Exception:  # a damaged backup is still listed; verifying it says what is wrong
        counts = {}
    return BackupInfo(backup.name, backup.taken_at, backup.size, counts)


def take_backup(settings: Settings, now: dt.datetime | None = None) -> BackupInfo:
    """Back up the store now and remove backups beyond ``settings.backups_keep``."""
    db_path, folder = _paths(settings)
    if not db_path.is_file():
        raise NothingToBackUp(str(db_path))
    made = files.take(db_path, folder, now or utcnow(), settings.key)
    files.prune(folder, settings.backups_keep)
    files.keep_keys_with_backups(settings.data_dir)
    return _info(made, settings.key)


def list_backups(settings: Settings) -> list[BackupInfo]:
    """Every backup, newest first, with what each holds."""
    _, folder = _paths(settings)
    return [_info(backup, settings.key) for backup in files.backup_files(folder)]


def _find(settings: Settings, name: str) -> files.BackupFile:
    _, folder = _paths(settings)
    found = files.find(folder, name.strip())
    if found is None:
        raise NotFound(f"There is no backup called {name!r}.")
    return found


def backups_folder(settings: Settings) -> Path:
    return _paths(settings)[1]


def backup_info(settings: Settings, name: str) -> BackupInfo:
    """One backup by name; ``NotFound`` when there is none."""
    return _info(_find(settings, name), settings.key)


def verify_backup(settings: Settings, name: str) -> Check:
    """Integrity (every page read and authenticated) and a schema revision this code knows."""
    found = _find(settings, name)
    return Check(found.name, files.verify(found.path, settings.key).problems)


def verify_all(settings: Settings) -> list[Check]:
    return [verify_backup(settings, b.name) for b in list_backups(settings)]


def restore_backup(
    settings: Settings, name: str, now: dt.datetime | None = None, store: Store | None = None
) -> Restored:
    """Make a backup the store again, keeping the current store as a backup first.

    An open ``store`` (the web app's) is closed for the swap and brought up to this code's
    schema afterwards, so it keeps working on the restored data.
    """
    db_path, folder = _paths(settings)
    found = _find(settings, name)
    if store is not None:
        store.close()
    kept = files.restore(db_path, found.path, folder, now or utcnow(), settings.key)
    if store is not None:
        from trustbridge.store.db import upgrade_if_behind

        upgrade_if_behind(store.engine)
    return Restored(found.name, None if kept is None else kept.name)


def store_counts(settings: Settings) -> dict[str, int]:
    """How many rows of each kind the store holds now (nothing when there is no store)."""
    db_path, _ = _paths(settings)
    return files.count_rows(db_path, settings.key, live=True) if db_path.is_file() else {}


def deletion_plan(settings: Settings) -> DeletionPlan:
    """What :func:`delete_everything` would remove, to show before asking."""
    db_path, folder = _paths(settings)
    backups = files.backup_files(folder)
    every = [*files.store_files(db_path), *files.backup_folder_files(folder)]
    every += [path for path in [keys.keys_path(settings.data_dir)] if path.is_file()]
    return DeletionPlan(settings.data_dir, store_counts(settings), len(backups), every)


def delete_everything(settings: Settings, store: Store | None = None) -> list[Path]:
    """Close the store, then erase it, its WAL and shared-memory files, and every backup.

    Returns the files removed. The data folder itself goes too when nothing else is in it.
    """
    from trustbridge.services.safety_plan import erase_outside

    db_path, _ = _paths(settings)
    if store is not None:
        store.close()
    # the plain copy of the safety plan first: the most exposed file, and its folder then empties
    outside = erase_outside(settings.data_dir)
    return [*outside, *files.remove_everything(db_path, settings.data_dir, settings.key)]
