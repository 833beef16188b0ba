"""A really full disk (issue 13): a small file system filled to the last byte, then a save, a
backup, an export and an import, each met through the command line as a person would.

Each gives the plain words, nothing confirmed before is lost, the store still reads and its
backups pass ``backup verify``, and no half-written backup or export is left under its real
name. ``test_disk_full.py`` stands the full disk in with one failing call; this one makes a
4 MB tmpfs (root only: skipped with the reason where it cannot be mounted) and fills it.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.integration.test_disk_full import LONG, WORDS, jrnl_export
from trustbridge.cli.app import app
from trustbridge.config import load_settings
from trustbridge.services import entries
from trustbridge.store.db import open_store

SIZE = "4m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs of its own, unmounted afterwards whatever happened."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield where
    finally:
        done = subprocess.run(["umount", str(where)], capture_output=True, check=False)
        if done.returncode != 0:  # something still holds a file open: detach it anyway
            subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def fill(disk: Path) -> Path:
    """Write one file until the disk refuses another byte; it is freed by deleting it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        for size in (1 << 16, 1 << 12, 1 << 8, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


def plain(result: Result) -> None:
    """The words a person reads, and nothing of a crash."""
    assert result.exit_code == 1, result.output
    assert WORDS in result.stderr, result.output
    for leak in ("Errno", "OperationalError", "Traceback", "Sorry, something went wrong"):
        assert leak not in result.output


def test_a_really_full_disk_loses_nothing_and_leaves_nothing_half_written(
    small_disk: Path, tmp_path: Path
) -> None:
    home = small_disk / "home"
    settings = load_settings(home)
    open_store(settings).close()
    runner = CliRunner()

    def cli(*args: str) -> Result:
        return runner.invoke(app, ["--home", str(home), *args])

    assert cli("journal", "add", "--title", "Before", "--body", "A quiet day").exit_code == 0
    assert cli("backup", "now").exit_code == 0
    backups_before = sorted(p.name for p in (home / "backups").iterdir())
    filler = fill(small_disk)

    # a save: long entries until one finds no room (the write-ahead log may have some left)
    saved = ["Before"]
    for n in range(40):
        result = cli("journal", "add", "--title", f"Late {n}", "--body", LONG[:19_000])
        if result.exit_code != 0:
            plain(result)
            break
        saved.append(f"Late {n}")
    else:
        pytest.fail("forty long entries fitted on a full 4 MB disk")

    plain(cli("backup", "now"))
    assert sorted(p.name for p in (home / "backups").iterdir()) == backups_before

    target = small_disk / "export.json"
    plain(cli("export", "json", "--out", str(target)))
    assert not target.exists()
    assert not [p.name for p in small_disk.iterdir() if p.name.startswith(".export.json")]

    source = tmp_path / "jrnl.json"
    source.write_text(jrnl_export())
    plain(cli("import", "jrnl", str(source), "--yes"))

    # with room again (SQLite cannot even open a store in WAL mode without any), nothing
    # confirmed is lost and nothing unconfirmed was half kept
    filler.unlink()
    store = open_store(settings)
    try:
        assert sorted(e.title for e in entries.recent(store, "journal", limit=100)) == sorted(saved)
    finally:
        store.close()
    assert cli("backup", "now").exit_code == 0
    verified = cli("backup", "verify")
    assert verified.exit_code == 0, verified.output
    assert verified.output.count("trustbridge-") == len(backups_before) + 1
