"""``trustbridge hosted create-admin``, ``invite``, ``sign-out`` and ``disable`` on the real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.hosted.web import ADMIN_PASSWORD, MAYA_PASSWORD
from trustbridge.cli.app import app
from trustbridge.config import Settings
from trustbridge.services.accounts import Accounts
from trustbridge.store.db import make_engine, upgrade_if_behind


def run(*args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(app, ["hosted", *args], input=input)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def accounts(database_url: str, tmp_path: Path) -> Iterator[Accounts]:
    engine = make_engine(Settings(tmp_path, database_url))
    upgrade_if_behind(engine)
    yield Accounts(engine)
    engine.dispose()


def test_create_admin_asks_twice_and_makes_an_administrator(
    database_url: str, accounts: Accounts
) -> None:
    made = run("create-admin", "--name", "Admin", "--database-url", database_url,
               input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "Made the account Admin" in made.stdout
    found = accounts.find("admin")
    assert found is not None and found.is_admin
    assert accounts.sign_in("Admin", ADMIN_PASSWORD, "127.0.0.1").complete


def test_create_admin_refuses_two_different_passwords(
    database_url: str, accounts: Accounts
) -> None:
    result = run("create-admin", "--name", "Admin", "--database-url", database_url,
                 input=f"{ADMIN_PASSWORD}\n{MAYA_PASSWORD}\n")  # fmt: skip
    assert result.exit_code == 2
    assert "not the same" in result.stderr
    assert accounts.find("Admin") is None


def test_create_admin_reads_the_password_from_stdin_for_scripts(
    database_url: str, accounts: Accounts
) -> None:
    result = run("create-admin", "--name", "Ops", "--password-stdin", "--database-url",
                 database_url, input=f"{ADMIN_PASSWORD}\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert accounts.find("ops") is not None


@pytest.mark.parametrize(
    ("password", "said"),
    [("eleven char", "at least 12 characters"), ("qwertyuiop123", "easy to guess")],
)
def test_create_admin_refuses_weak_passwords(
    database_url: str, accounts: Accounts, password: str, said: str
) -> None:
    result = run("create-admin", "--name", "Admin", "--password-stdin", "--database-url",
                 database_url, input=f"{password}\n")  # fmt: skip
    assert result.exit_code == 2
    assert said in result.stderr
    assert accounts.count() == 0


def test_the_same_name_twice_is_refused(database_url: str) -> None:
    args = ("create-admin", "--name", "Admin", "--password-stdin", "--database-url", database_url)
    assert run(*args, input=f"{ADMIN_PASSWORD}\n").exit_code == 0
    again = run(*args[:2], "ADMIN", *args[3:], input=f"{MAYA_PASSWORD}\n")
    assert again.exit_code == 2 and "That name is taken" in again.stderr


def test_invite_prints_a_single_use_link(database_url: str, accounts: Accounts) -> None:
    result = run("invite", "--site", "https://tb.example/", "--database-url", database_url)
    assert result.exit_code == 0, result.output
    link = result.stdout.split("https://tb.example/join?token=", 1)[1].split()[0]
    assert accounts.invitation_open(link)
    accounts.accept(link, "Maya", MAYA_PASSWORD)
    assert not accounts.invitation_open(link)


def test_sign_out_and_disable_end_sessions(database_url: str, accounts: Accounts) -> None:
    """ASVS 7.4.5 and 7.4.2 for the operator, from the command line."""
    run("create-admin", "--name", "Admin", "--password-stdin", "--database-url", database_url,
        input=f"{ADMIN_PASSWORD}\n")  # fmt: skip
    token = accounts.sign_in("Admin", ADMIN_PASSWORD, "127.0.0.1").token
    assert run("sign-out", "--database-url", database_url).exit_code == 2
    done = run("sign-out", "--account", "admin", "--database-url", database_url)
    assert done.exit_code == 0 and "Ended 1 session(s)." in done.stdout
    assert accounts.session_for(token) is None

    token = accounts.sign_in("Admin", ADMIN_PASSWORD, "127.0.0.1").token
    assert run("sign-out", "--everyone", "--database-url", database_url).exit_code == 0
    assert accounts.session_for(token) is None

    token = accounts.sign_in("Admin", ADMIN_PASSWORD, "127.0.0.1").token
    assert run("disable", "--account", "Admin", "--database-url", database_url).exit_code == 0
    assert accounts.session_for(token) is None
    assert run("disable", "--account", "Nobody", "--database-url", database_url).exit_code == 2


@pytest.mark.parametrize("command", ["create-admin", "invite", "sign-out", "disable", "migrate"])
def test_every_hosted_command_has_help(command: str) -> None:
    result = CliRunner().invoke(app, ["hosted", command, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.split("Options")[0].split()) > 12  # a sentence or more, not a name


def test_the_operator_marks_and_unmarks_a_therapist(database_url: str, accounts: Accounts) -> None:
    accounts.create("Dr Lee", ADMIN_PASSWORD)
    done = run("therapist", "--account", "dr lee", "--database-url", database_url)
    assert done.exit_code == 0 and "Dr Lee is marked as a therapist" in done.stdout
    assert accounts.find("Dr Lee").is_therapist  # type: ignore[union-attr]
    done = run("therapist", "--account", "Dr Lee", "--off", "--database-url", database_url)
    assert done.exit_code == 0 and "no longer marked" in done.stdout
    assert not accounts.find("Dr Lee").is_therapist  # type: ignore[union-attr]
    assert run("therapist", "--account", "Nobody", "--database-url", database_url).exit_code == 2
    assert "--off" in run("therapist", "--help").stdout
