"""``trustbridge export`` and ``trustbridge import``: private files, a preview before anything is
stored, a question at the terminal (or --yes), and clear errors that keep the text private."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.integration.support import Invoke, ok
from trustbridge.config import Settings, load_settings
from trustbridge.services import entries
from trustbridge.store.db import open_store

DATA = Path(__file__).parents[1] / "data"


def counts(settings: Settings) -> dict[str, int]:
    store = open_store(settings)
    try:
        return entries.counts(store)
    finally:
        store.close()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_export_json_writes_a_private_file_here(cli: Invoke, here: Path) -> None:
    ok(cli("journal", "add", "--title", "Sunday", "--body", "A quiet day"))
    out = ok(cli("export", "json"))
    [written] = list(here.glob("trustbridge-export-*.json"))
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "Exported 1 record to" in out and "A quiet day" not in out
    document = json.loads(written.read_text())
    assert document["format"] == "trustbridge-export"
    assert document["tables"]["journal_entries"][0]["body"] == "A quiet day"
    assert not list(here.glob(".*.part"))


def test_export_never_overwrites_without_force(cli: Invoke, here: Path) -> None:
    target = here / "mine.json"
    target.write_text("keep me")
    result = cli("export", "json", "--out", str(target))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert target.read_text() == "keep me"
    ok(cli("export", "json", "--out", str(target), "--force"))
    assert json.loads(target.read_text())["version"] == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_takes_the_file_by_name_as_import_does(cli: Invoke, here: Path) -> None:
    ok(cli("journal", "add", "--title", "Sunday", "--body", "A quiet day"))
    ok(cli("export", "json", "named.json"))
    assert json.loads((here / "named.json").read_text())["format"] == "trustbridge-export"
    ok(cli("export", "markdown", "named.md"))
    assert "A quiet day" in (here / "named.md").read_text()
    assert stat.S_IMODE((here / "named.md").stat().st_mode) == 0o600
    both = cli("export", "json", "a.json", "--out", "b.json")
    assert both.exit_code == 2 and "two different" in both.stderr
    assert not (here / "a.json").exists() and not (here / "b.json").exists()


def test_export_markdown_prints_or_writes(cli: Invoke, here: Path) -> None:
    ok(cli("checkin", "--mood", "4", "--emotion", "calm"))
    printed = ok(cli("export", "markdown"))
    assert printed.startswith("# My Trustbridge\n") and "- **Main emotion:** calm" in printed
    stage = ok(cli("export", "markdown", "--stage", "2"))
    assert "calm" not in stage and "_Nothing saved here yet._" in stage
    ok(cli("export", "markdown", "--stage", "3", "--out", "stage3.md"))
    assert "calm" in (here / "stage3.md").read_text()
    assert stat.S_IMODE((here / "stage3.md").stat().st_mode) == 0o600
    assert cli("export", "markdown", "--stage", "10").exit_code == 2


def test_import_shows_a_preview_and_needs_yes_when_not_at_a_terminal(
    cli: Invoke, settings: Settings
) -> None:
    result = cli("import", "daylio", str(DATA / "daylio_old.csv"))
    assert result.exit_code == 2
    assert "Check-in: 5" in result.stdout and 'Mood "so-so" was matched to 3' in result.stdout
    assert "--yes" in result.stderr
    assert counts(settings)["checkin"] == 0
    out = ok(cli("import", "daylio", str(DATA / "daylio_old.csv"), "--yes"))
    assert "Imported 5 records from Daylio" in out
    # stored at once: the summary says what was created, not what would be
    assert "Trustbridge created:" in out and "would create" not in out
    assert counts(settings)["checkin"] == 5


def test_dry_run_imports_nothing(cli: Invoke, settings: Settings) -> None:
    out = ok(cli("import", "freecbt", str(DATA / "freecbt.csv"), "--dry-run"))
    assert "Thought record: 3" in out and "wishful-thinking" in out and "dry run" in out
    assert counts(settings)["thought_record"] == 0


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_the_person_is_asked(cli: Invoke, settings: Settings) -> None:
    declined = ok(cli("import", "jrnl", str(DATA / "jrnl.json"), input="n\n"))
    assert "Import all of this?" in declined and "Nothing was imported." in declined
    assert counts(settings)["journal"] == 0
    accepted = ok(cli("import", "jrnl", str(DATA / "jrnl.json"), input="y\n"))
    assert "Imported 3 records from jrnl" in accepted
    assert counts(settings)["journal"] == 3


def test_a_broken_file_names_the_line_and_keeps_the_text_out_of_messages(
    cli: Invoke, settings: Settings, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csv"
    good = (DATA / "daylio.csv").read_text()
    broken.write_text(good + "2025-10-29,x,Wednesday,20:00,9,,,my secret words\n")
    result = cli("import", "daylio", str(broken), "--yes")
    assert result.exit_code == 2
    assert "Line 7, mood: Your mood must be a whole number between 1 and 5." in result.stderr
    assert "Nothing was imported" in result.stderr
    assert "my secret words" not in result.output
    assert counts(settings)["checkin"] == 0


def test_renamed_daylio_moods_from_the_command_line(
    cli: Invoke, settings: Settings, tmp_path: Path
) -> None:
    custom = tmp_path / "custom.csv"
    custom.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2025-03-02,March 2,Sunday,20:00,sleepy,,,\n2025-03-01,March 1,Saturday,20:00,cosy,,,\n"
    )
    ok(cli("import", "daylio", str(custom), "--yes", "--mood", "sleepy=2", "--mood", "cosy=4"))
    assert counts(settings)["checkin"] == 2
    bad = cli("import", "daylio", str(custom), "--yes", "--mood", "sleepy")
    assert bad.exit_code == 2 and "NAME=1-5" in bad.stderr


def test_a_missing_file(cli: Invoke, tmp_path: Path) -> None:
    result = cli("import", "jrnl", str(tmp_path / "nope.json"), "--yes")
    assert result.exit_code == 1 and "Could not read" in result.stderr


def test_full_export_goes_back_into_an_empty_store_only(
    cli: Invoke, here: Path, tmp_path: Path
) -> None:
    ok(cli("import", "jrnl", str(DATA / "jrnl.json"), "--yes"))
    ok(cli("person", "add", "--name", "Sam", "--kind", "friend"))
    ok(cli("export", "json", "--out", "all.json"))
    again = cli("import", "json", "all.json", "--yes")
    assert again.exit_code == 2 and "already has entries" in again.stderr
    # the way out is another, empty store, not mending the file
    assert "init" in again.stderr and "fix the file" not in again.stderr

    other = load_settings(tmp_path / "other")
    from typer.testing import CliRunner

    from trustbridge.cli.app import app

    runner = CliRunner()
    assert (
        runner.invoke(app, ["--home", str(other.data_dir), "init", "--no-encryption"]).exit_code
        == 0
    )
    restored = runner.invoke(
        app, ["--home", str(other.data_dir), "import", "json", "all.json", "--yes"]
    )
    assert restored.exit_code == 0, restored.output
    assert "Journal entries: 3" in restored.stdout and "People: 1" in restored.stdout
    ok(runner.invoke(app, ["--home", str(other.data_dir), "export", "json", "--out", "again.json"]))
    first, second = (json.loads((here / n).read_text()) for n in ("all.json", "again.json"))
    assert first["tables"] == second["tables"]
