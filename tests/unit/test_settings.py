"""Settings: read-only, compared and shown without the data key, changed only by ``replace``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trustbridge.config import DEFAULT_BACKUPS_KEEP, DEFAULT_HALF_LIFE_DAYS, Settings

KEY = b"\x8f" * 32


def _settings() -> Settings:
    return Settings(Path("/data"), "sqlite:////data/trustbridge.sqlite3")


def test_the_defaults_and_the_fields_given() -> None:
    made = _settings()
    assert (made.half_life_days, made.backups_keep, made.key) == (
        DEFAULT_HALF_LIFE_DAYS, DEFAULT_BACKUPS_KEEP, None,
    )  # fmt: skip
    assert made.sqlite_path == Path("/data/trustbridge.sqlite3")
    assert Settings(Path("/d"), "postgresql+psycopg://h/db", 30.0, 3).sqlite_path is None


def test_the_key_is_never_shown_and_not_compared() -> None:
    plain, unlocked = _settings(), _settings().unlocked(KEY)
    assert unlocked.key == KEY and plain.key is None
    assert KEY.hex() not in repr(unlocked) and "key" not in repr(unlocked)
    assert repr(unlocked) == repr(plain) and "/data" in repr(plain)
    assert unlocked == plain and hash(unlocked) == hash(plain)
    assert plain != plain.replace(backups_keep=3)
    assert plain != "not settings"


def test_settings_are_read_only() -> None:
    made = _settings()
    with pytest.raises(AttributeError):
        made.key = KEY  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del made.data_dir
    with pytest.raises(AttributeError):
        made.extra = 1  # type: ignore[attr-defined]
    assert made.key is None


def test_replace_changes_only_what_it_names() -> None:
    made = _settings().unlocked(KEY)
    changed = made.replace(database_url="postgresql+psycopg://h/db", half_life_days=30.0)
    assert (changed.database_url, changed.half_life_days) == ("postgresql+psycopg://h/db", 30.0)
    assert (changed.data_dir, changed.backups_keep, changed.key) == (Path("/data"), 7, KEY)
    assert made.database_url.startswith("sqlite:")  # the original is unchanged
    with pytest.raises(TypeError, match="no field 'colour'"):
        made.replace(colour="blue")


def test_reading_the_settings_loads_no_dataclasses() -> None:
    # importing dataclasses brings inspect, ast and dis: a quarter of a quick command's start
    code = "import sys, trustbridge.config as c; c.load_settings(); print('dataclasses' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
