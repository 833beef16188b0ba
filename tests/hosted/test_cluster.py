"""The throwaway server itself: it goes away whole, and a missing one is never silent under CI."""

from __future__ import annotations

import psycopg
import pytest

from tests.hosted import cluster as pg
from tests.hosted.conftest import _unavailable


def test_a_cluster_is_stopped_and_its_folder_removed() -> None:
    server = pg.start()
    plain = server.url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(plain) as conn:
            assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
            assert conn.execute("SHOW fsync").fetchone() == ("off",)
    finally:
        server.stop()
    assert not server.folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(plain, connect_timeout=5)
    server.stop()  # a second stop (atexit's) is harmless


def test_no_server_skips_with_the_reason_but_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL is not installed"):
        _unavailable("PostgreSQL is not installed")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run under CI=true"):
        _unavailable("PostgreSQL is not installed")


def test_a_missing_server_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg, "SERVER_GLOB", "/nowhere/postgresql/*/bin/postgres")
    with pytest.raises(pg.Unavailable, match="make test installs Debian's postgresql"):
        pg.server_bin()


def test_a_terminated_process_stops_its_cluster() -> None:
    """A test run killed with SIGTERM (a cancelled CI job) leaves no server running."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    try:
        pg.server_bin()
    except pg.Unavailable as exc:
        _unavailable(str(exc))
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; from tests.hosted import cluster; "
         "print(cluster.start().folder, flush=True); time.sleep(120)"],
        cwd=root, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    folder = Path(child.stdout.readline().strip())
    assert (folder / "data" / "postmaster.pid").exists()
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=60) == 128 + signal.SIGTERM
    assert not folder.exists()  # stopped (immediately) and its folder removed
