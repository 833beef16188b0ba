"""``trustbridge hosted migrate`` against the throwaway PostgreSQL server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from alembic import command
from sqlalchemy import inspect
from typer.testing import CliRunner, Result

from tests.hosted import cluster as pg
from trustbridge.cli.app import app
from trustbridge.config import DATABASE_URL_ENV, Settings
from trustbridge.store.db import alembic_config, current_revision, make_engine
from trustbridge.store.schema import HEAD_REVISION

UP_TO_DATE = f"Your database is up to date (revision {HEAD_REVISION}).\n"
SECRET = "correct-horse-battery"


def migrate(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(app, ["hosted", "migrate", *args], env=env)
    assert "Traceback" not in result.output
    return result


def _tables(url: str, tmp_path: Path) -> set[str]:
    engine = make_engine(Settings(tmp_path, url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _plain(url: str) -> str:
    """The URL as libpq itself reads it, for setting a database up by hand."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def test_an_empty_database_is_set_up_and_then_left_alone(database_url: str) -> None:
    first = migrate("--database-url", database_url)
    assert first.exit_code == 0, first.output
    assert first.stdout == f"Set up an empty database (revision {HEAD_REVISION}).\n" + UP_TO_DATE

    again = migrate("--database-url", database_url)
    assert again.exit_code == 0, again.output
    assert again.stdout == UP_TO_DATE


def test_the_address_can_come_from_the_environment_without_a_driver(database_url: str) -> None:
    result = migrate(env={DATABASE_URL_ENV: _plain(database_url)})
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(UP_TO_DATE)


def test_an_older_database_is_brought_up_to_date(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(Settings(tmp_path, database_url))
    command.upgrade(alembic_config(engine), "0004")
    engine.dispose()
    result = migrate("--database-url", database_url)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"Brought the database from revision 0004 to revision {HEAD_REVISION}.\n" + (UP_TO_DATE)
    )


def test_the_real_command_runs_as_people_run_it(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, DATABASE_URL_ENV: database_url, "TRUSTBRIDGE_HOME": str(tmp_path)}
    script = Path(sys.executable).with_name("trustbridge")
    done = subprocess.run(
        [str(script), "hosted", "migrate"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(UP_TO_DATE)
    assert "journal_entries" in _tables(database_url, tmp_path)
    assert not tmp_path.joinpath("trustbridge.sqlite3").exists()  # local mode was never touched


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url at all", "Hosted mode needs a PostgreSQL database."),
        ("sqlite:///tmp/x.sqlite3", "this one starts with sqlite://"),
        ("mysql://me:pw@localhost/db", "this one starts with mysql://"),
        ("postgresql+psycopg://me:pw@localhost:notaport/db", "could not be read"),
    ],
)
def test_a_bad_address_is_explained(url: str, words: str) -> None:
    result = migrate("--database-url", url)
    assert result.exit_code == 2
    assert words in result.stderr
    assert "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE" in result.stderr
    assert "pw" not in result.stderr.replace("PASSWORD", "")


def test_no_address_at_all_says_how_to_give_one() -> None:
    result = migrate(env={DATABASE_URL_ENV: ""})
    assert result.exit_code == 2
    assert "--database-url" in result.stderr and DATABASE_URL_ENV in result.stderr


def test_an_unreachable_server_is_explained_without_the_password() -> None:
    port = pg.free_port()  # nothing listens there
    url = f"postgresql+psycopg://carer:{SECRET}@127.0.0.1:{port}/trustbridge?password={SECRET}"
    result = migrate("--database-url", url)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        f"Trustbridge could not connect to the database at "
        f"postgresql+psycopg://carer:***@127.0.0.1:{port}/trustbridge." in result.stderr
    )
    assert "Check that the server is running" in result.stderr
    assert "refused" in result.stderr.lower()
    assert SECRET not in result.output


def test_a_missing_database_is_explained(postgres: pg.Cluster) -> None:
    result = migrate("--database-url", postgres.url_for("no_such_database"))
    assert result.exit_code == 1
    assert "could not connect" in result.stderr
    assert 'database "no_such_database" does not exist' in result.stderr


def test_a_user_without_rights_changes_nothing(
    postgres: pg.Cluster, database_url: str, tmp_path: Path
) -> None:
    with psycopg.connect(_plain(database_url), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS reader")
        conn.execute(f"CREATE ROLE reader LOGIN PASSWORD '{SECRET}'")
    reader = database_url.replace("//postgres@", f"//reader:{SECRET}@")
    result = migrate("--database-url", reader)
    assert result.exit_code == 1
    assert "refused a change, so nothing was changed" in result.stderr
    assert "permission denied" in result.stderr
    assert SECRET not in result.output
    assert _tables(database_url, tmp_path) == set()
    with psycopg.connect(_plain(database_url), autocommit=True) as conn:
        conn.execute("DROP OWNED BY reader")
        conn.execute("DROP ROLE reader")


def test_a_database_from_a_newer_version_is_left_alone(database_url: str, tmp_path: Path) -> None:
    assert migrate("--database-url", database_url).exit_code == 0
    with psycopg.connect(_plain(database_url), autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    result = migrate("--database-url", database_url)
    assert result.exit_code == 1
    assert "set up by a newer version of Trustbridge (revision 0099)" in result.stderr
    engine = make_engine(Settings(tmp_path, database_url))
    assert current_revision(engine) == "0099"
    engine.dispose()


def test_the_group_and_the_command_have_help() -> None:
    group = CliRunner().invoke(app, ["hosted", "--help"])
    assert group.exit_code == 0
    assert "not built yet" in group.stdout and "migrate" in group.stdout
    one = CliRunner().invoke(app, ["hosted", "migrate", "--help"])
    assert one.exit_code == 0
    assert "--database-url" in one.stdout and DATABASE_URL_ENV in one.stdout
    top = CliRunner().invoke(app, ["--help"])
    assert "hosted" in top.stdout
