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
