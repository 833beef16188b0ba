"""``delete ID`` on every tool group that has ``edit ID``, as each entry's web page offers."""

from __future__ import annotations

from tests.integration.support import Invoke, ok
from trustbridge.services import entries
from trustbridge.store.db import Store


def test_a_journal_entry_is_deleted_only_with_yes_when_no_one_is_asked(
    cli: Invoke, store: Store
) -> None:
    ok(cli("--no-input", "journal", "add", "--body", "Keep this one"))
    ok(cli("--no-input", "journal", "add", "--body", "Not this one"))
    refused = cli("--no-input", "journal", "delete", "2")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert len(entries.recent(store, "journal")) == 2
    said = ok(cli("--no-input", "journal", "delete", "2", "--yes"))
    assert "Deleted journal entry 2" in said
    assert [e.body for e in entries.recent(store, "journal")] == ["Keep this one"]


def test_a_check_in_can_be_deleted_and_a_missing_number_is_said_plainly(
    cli: Invoke, store: Store
) -> None:
    ok(cli("checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"))
    ok(cli("--no-input", "checkin", "delete", "1", "--yes"))
    assert entries.recent(store, "checkin") == []
    missing = cli("--no-input", "checkin", "delete", "1", "--yes")
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    assert "number 1" in missing.stderr


def test_every_group_that_edits_a_tool_entry_can_delete_it() -> None:
    from typer._click import Context

    from trustbridge.cli.app import load_command

    for group in ("checkin", "journal", "hurt", "pattern", "thought", "belief", "selfcheck",
                  "empathy", "affirm", "habit", "pause", "ritual", "win"):  # fmt: skip
        command = load_command(group)
        assert "delete" in command.list_commands(Context(command)), group
