"""``trustbridge report`` on the command line: files written whole, only what was chosen, clear
messages for a wrong section, wrong dates or a place the file cannot go."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.integration.support import Invoke, ok
from tests.integration.test_report import pdf_text
from trustbridge.cli.app import app
from trustbridge.config import Settings
from trustbridge.services import entries
from trustbridge.store.db import open_store

INSIDE, OUTSIDE, UNCHOSEN = "INSIDE-canary-4f1c", "OUTSIDE-canary-9a2e", "UNCHOSEN-canary-77d0"


@pytest.fixture
def written(cli: Invoke, settings: Settings) -> Invoke:
    """A journal entry today and one 40 days ago, and a thought record today."""
    now = dt.datetime.now(dt.UTC)
    store = open_store(settings)
    try:
        entries.add(store, "journal", {"title": "Café ☕ “today”", "body": INSIDE}, now)
        entries.add(store, "journal", {"body": OUTSIDE}, now - dt.timedelta(days=40))
        entries.add(store, "thought_record", {"situation": UNCHOSEN, "automatic_thought": "x",
                                              "emotion_1": "sad", "intensity_1": "60"}, now)  # fmt: skip
    finally:
        store.close()
    return cli


@pytest.mark.parametrize("kind", ["markdown", "pdf"])
def test_writes_only_the_chosen_section_and_days(
    written: Invoke, tmp_path: Path, kind: str
) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / f"report.{'md' if kind == 'markdown' else 'pdf'}"
    said = ok(written("report", "--include", "journal", "--from", "-7", "--to", "today",
                      "--format", kind, "--out", str(out)))  # fmt: skip
    assert f"Your report is saved: {out}" in said and "1 entry" in said
    assert "  Journal: 1 entry" in said and "Thought record" not in said
    assert INSIDE not in said  # what the report holds is never printed
    data = out.read_bytes()
    text = pdf_text(data) if kind == "pdf" else data.decode("utf-8")
    assert INSIDE in text and "Café ☕ “today”" in text
    assert OUTSIDE not in text and UNCHOSEN not in text
    assert "Shared by choice: this report holds only the sections the person chose." in text
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_the_format_comes_from_the_file_ending(written: Invoke, tmp_path: Path) -> None:
    ok(written("report", "-i", "journal", "--from", "yesterday", "-o", str(tmp_path / "r.pdf")))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    ok(written("report", "-i", "journal", "--from", "yesterday", "-o", str(tmp_path / "r.md")))
    assert (tmp_path / "r.md").read_text().startswith("# Trustbridge report")


def test_an_unknown_section_lists_the_ones_there_are(cli: Invoke, tmp_path: Path) -> None:
    done = cli("report", "--include", "journal,diary", "--from", "-7", "-o", str(tmp_path / "r.md"))
    assert done.exit_code == 2
    assert "There is no section called “diary”" in done.stderr
    assert "thought-record" in done.stderr and "safety-plan" in done.stderr
    assert "No report was made" in done.stderr and not (tmp_path / "r.md").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "today", "--to", "-3"], "The last day must be on or after the first day."),
        (["--from", "someday"], "The first day must be a date, like"),
        (["--from", "+3"], "The first day cannot be in the future."),
        ([], "Please fill in the first day.\nTo fill it in, add --from."),
    ],
)
def test_wrong_dates_are_named(cli: Invoke, tmp_path: Path, args: list[str], words: str) -> None:
    done = cli("report", "-i", "journal", *args, "-o", str(tmp_path / "r.md"))
    assert done.exit_code == 2 and words in done.stderr
    assert not (tmp_path / "r.md").exists()


def test_a_missing_out_or_format_is_asked_for(cli: Invoke, tmp_path: Path) -> None:
    no_out = cli("report", "-i", "journal", "--from", "-7")
    assert no_out.exit_code == 2 and "--out report.pdf" in no_out.stderr
    odd = cli("report", "-i", "journal", "--from", "-7", "-o", str(tmp_path / "r.txt"))
    assert odd.exit_code == 2 and "--format pdf or --format markdown" in odd.stderr
    wrong = cli("report", "-i", "journal", "--from", "-7", "--format", "docx", "-o", "r.docx")
    assert wrong.exit_code == 2 and "must be pdf or markdown" in wrong.stderr


def test_a_place_the_file_cannot_go(cli: Invoke, tmp_path: Path) -> None:
    missing = cli("report", "-i", "journal", "--from", "-7", "-o", str(tmp_path / "no" / "r.md"))
    assert missing.exit_code == 1 and "there is no such folder" in missing.stderr
    folder = tmp_path / "a-folder.md"
    folder.mkdir()
    taken = cli("report", "-i", "journal", "--from", "-7", "-o", str(folder), "--force")
    assert taken.exit_code == 1 and "it is a folder" in taken.stderr
    (tmp_path / "old.md").write_text("keep me")
    exists = cli("report", "-i", "journal", "--from", "-7", "-o", str(tmp_path / "old.md"))
    assert exists.exit_code == 2 and "already exists" in exists.stderr
    assert (tmp_path / "old.md").read_text() == "keep me"
    ok(cli("report", "-i", "journal", "--from", "-7", "-o", str(tmp_path / "old.md"), "--force"))
    assert (tmp_path / "old.md").read_text().startswith("# Trustbridge report")


def test_a_failed_write_leaves_no_file_behind(
    written: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, real_replace = tmp_path / "out", os.replace
    folder.mkdir()

    def full(source: str, target: str) -> None:
        if Path(target).parent == folder:  # the report's last step; backups go on as usual
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", full)
    done = written("report", "-i", "journal", "--from", "-7", "-o", str(folder / "r.pdf"))
    assert done.exit_code == 1 and "No space left on device" in done.stderr
    assert "No file was made" in done.stderr and list(folder.iterdir()) == []


def test_the_command_is_listed_with_its_help(cli: Invoke) -> None:
    listed = ok(cli("--help"))
    assert "report" in listed and "Make a report for your therapist" in listed
    helped = ok(cli("report", "--help"))
    for flag in ("--include", "--from", "--to", "--format", "--out"):
        assert flag in helped
    assert "safety-plan" in helped


def test_an_encrypted_store_makes_a_report_and_nothing_else_in_plain_text(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTBRIDGE_KEY_CACHE_MINUTES", "0")
    runner, home = CliRunner(), ["--home", str(settings.data_dir)]
    secret = {"TRUSTBRIDGE_PASSPHRASE": "a long enough passphrase"}
    assert runner.invoke(app, [*home, "init"], env=secret).exit_code == 0
    ok(runner.invoke(app, [*home, "journal", "add", "--body", INSIDE], env=secret))
    out = tmp_path / "out"
    out.mkdir()
    asked = [*home, "--no-input", "report", "-i", "journal", "--from", "today"]
    locked = runner.invoke(app, [*asked, "-o", str(out / "r.md")])
    assert locked.exit_code != 0 and list(out.iterdir()) == []
    ok(runner.invoke(app, [*asked, "-o", str(out / "r.md")], env=secret))
    assert INSIDE in (out / "r.md").read_text(encoding="utf-8")
    stored = [p for p in settings.data_dir.rglob("*") if p.is_file()]
    assert stored and not [p for p in stored if INSIDE.encode() in p.read_bytes()]
