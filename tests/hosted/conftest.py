"""Hosted mode's tests run on a real PostgreSQL: one throwaway cluster per test process.

Each pytest-xdist worker starts its own cluster (about two seconds) rather than sharing one
behind a file lock: a shared server would need the last worker out to stop it, and a worker
that crashed would leave it running or stop it under the other's feet. Two small clusters
cost little and are each stopped by the process that started them: by the fixture's
finalizer, and by ``atexit`` if the session ends some other way.

Where PostgreSQL cannot be run here, the tests are skipped with the reason; under ``CI=true``
they fail instead, so a broken set-up is never mistaken for passing tests.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from tests.hosted import cluster as pg

_numbers = itertools.count(1)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"hosted tests cannot run under CI=true: {reason}", pytrace=False)
    pytest.skip(f"hosted tests need PostgreSQL: {reason}")


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg.Cluster]:
    """The worker's PostgreSQL server, started on first use and stopped at the session's end."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg package is not installed (pip install -e '.[test]')")
    try:
        server = pg.start()
    except pg.Unavailable as exc:
        _unavailable(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def database_url(postgres: pg.Cluster) -> Iterator[str]:
    """A fresh, empty database for one test, dropped afterwards."""
    name = f"test_{os.getpid()}_{next(_numbers)}"
    url = pg.create_database(postgres, name)
    yield url
    pg.drop_database(postgres, name)
