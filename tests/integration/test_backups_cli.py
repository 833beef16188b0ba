"""``trustbridge backup now|list|verify|restore`` as a person (or a script) uses them."""

from __future__ import annotations

import json

import pytest

from tests.integration.support import Invoke, ok
from trustbridge.cli.app import load_command
from trustbridge.config import Settings
from trustbridge.store import backup as files


def _backup_names(settings: Settings) -> list[str]:
    return [b.name for b in files.backup_files(files.folder_for(settings.data_dir))]


def _journal(cli: Invoke) -> str:
    return ok(cli("--no-input", "journal", "list", "--json"))


def test_every_backup_command_and_option_has_help() -> None:
    for name in ("backup", "delete-everything"):
        command = load_command(name)
        subcommands = getattr(command, "commands", {}).values() or [command]
        for sub in subcommands:
            assert sub.help, sub.name
            for param in sub.params:
                assert getattr(param, "help", None), f"{sub.name} {param.name}"


def test_backup_now_then_list_as_a_table_and_as_json(cli: Invoke, settings: Settings) -> None:
    ok(cli("--no-input", "journal", "add", "--body", "Today was heavy."))
    made = ok(cli("backup", "now"))
    (name,) = _backup_names(settings)
    assert f"Backup made: {name}" in made and "1 journal entry" in made

    table = ok(cli("backup", "list"))
    assert "1 journal entry" in table and str(files.folder_for(settings.data_dir)) in table
    # the table's short name (not wrapped in a narrow terminal) names the backup as well
    short = name.removeprefix("trustbridge-").removesuffix(".sqlite3")
    assert short in table and name not in table
    assert name in ok(cli("backup", "verify", short))

    (listed,) = json.loads(ok(cli("backup", "list", "--json")))
    assert listed["name"] == name
    assert listed["entries"] == 1 and listed["counts"]["journal_entries"] == 1
    assert listed["size_bytes"] == (files.folder_for(settings.data_dir) / name).stat().st_size


def test_with_no_backups_list_says_how_to_make_one(cli: Invoke) -> None:
    assert "trustbridge backup now" in ok(cli("backup", "list"))
    assert json.loads(ok(cli("backup", "list", "--json"))) == []


def test_verify_one_or_all_and_fail_on_a_damaged_one(cli: Invoke, settings: Settings) -> None:
    ok(cli("--no-input", "journal", "add", "--body", "Kept."))
    ok(cli("backup", "now"))
    (name,) = _backup_names(settings)
    assert f"{name}: whole and readable." in ok(cli("backup", "verify", name))

    broken = files.folder_for(settings.data_dir) / "trustbridge-20200101-000000.sqlite3"
    broken.write_bytes(b"\0" * 4096)
    result = cli("backup", "verify")
    assert result.exit_code == 1
    assert f"{name}: whole and readable." in result.stdout
    assert f"{broken.name}: has a problem" in result.stdout
    assert "do not restore" in result.stderr


def test_restore_needs_yes_without_a_terminal(cli: Invoke, settings: Settings) -> None:
    ok(cli("--no-input", "journal", "add", "--body", "Before."))
    ok(cli("backup", "now"))
    (name,) = _backup_names(settings)
    ok(cli("--no-input", "journal", "add", "--body", "After."))

    refused = cli("--no-input", "backup", "restore", name)
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert "After." in _journal(cli)

    done = ok(cli("backup", "restore", name, "--yes"))
    assert f"Restored backup {name}" in done and "kept as backup" in done
    assert "After." not in _journal(cli) and "Before." in _journal(cli)


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(("answer", "restored"), [("y\n", True), ("n\n", False)])
def test_restore_asks_at_a_terminal(
    cli: Invoke, settings: Settings, answer: str, restored: bool
) -> None:
    ok(cli("--no-input", "journal", "add", "--title", "B", "--body", "Before."))
    ok(cli("backup", "now"))
    (name,) = _backup_names(settings)
    ok(cli("--no-input", "journal", "add", "--title", "A", "--body", "After."))

    result = ok(cli("backup", "restore", name, input=answer))

    assert f"with backup {name}" in result and "kept as a backup first" in result
    assert ("After." not in _journal(cli)) is restored
    assert ("Nothing was changed." in result) is not restored


def test_restoring_an_unknown_backup_says_how_to_find_one(cli: Invoke) -> None:
    result = cli("backup", "restore", "trustbridge-19990101-000000.sqlite3", "--yes")
    assert result.exit_code == 1
    assert "trustbridge backup list" in result.stderr


def test_a_store_elsewhere_cannot_be_backed_up_here(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTBRIDGE_DATABASE_URL", "postgresql://localhost/trustbridge")
    result = cli("backup", "now")
    assert result.exit_code == 1 and "postgresql database" in result.stderr


def test_restore_without_a_name_shows_the_backups_to_choose_from(
    cli: Invoke, settings: Settings
) -> None:
    nothing = cli("backup", "restore")
    assert nothing.exit_code == 2 and "trustbridge backup now" in nothing.stdout
    assert "Missing argument" not in nothing.output
    ok(cli("--no-input", "journal", "add", "--body", "Kept."))
    ok(cli("backup", "now"))
    (name,) = _backup_names(settings)
    which = cli("backup", "restore")
    assert which.exit_code == 2 and "backup restore NAME" in which.stderr
    assert name.removeprefix("trustbridge-").removesuffix(".sqlite3") in which.stdout
