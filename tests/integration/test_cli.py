"""The command line as a whole: start-up cost, the check-in fast path, errors, crisis support."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.integration.support import Invoke
from trustbridge.cli import context, dispatch
from trustbridge.cli.app import COMMANDS, app, load_command
from trustbridge.config import Settings
from trustbridge.services import entries, entry_rows
from trustbridge.store.db import Store

HEAVY = ("sqlalchemy", "rich", "yaml", "fastapi", "pydantic", "alembic")
RUN = "from trustbridge.cli.main import run; run()"
CHECKIN = ["checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"]
CHECKIN += ["--connection", "connected", "--note", "Tea and a slow walk"]


def run_process(
    *args: str | bytes, home: Path, importtime: bool = False
) -> subprocess.CompletedProcess[bytes]:
    """Run the real entry point in a fresh interpreter, as the console script does."""
    flags = ["-X", "importtime"] if importtime else []
    env = {**os.environ, "TRUSTBRIDGE_HOME": str(home)}
    env.pop("TRUSTBRIDGE_DEBUG", None)
    return subprocess.run(
        [sys.executable, *flags, "-c", RUN, *args], capture_output=True, env=env, timeout=60
    )


def imported(stderr: bytes) -> set[str]:
    """Top-level package names from ``-X importtime`` output."""
    names = set()
    for line in stderr.decode(errors="replace").splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def counts(store: Store) -> dict[str, int]:
    return entries.counts(store)


# --- start-up -------------------------------------------------------------------------------


def test_help_loads_no_heavy_libraries(tmp_path: Path) -> None:
    done = run_process("--help", home=tmp_path, importtime=True)
    assert done.returncode == 0
    assert b"help-now" in done.stdout and b"checkin" in done.stdout
    assert not imported(done.stderr) & {*HEAVY, "numpy", "tokenizers"}


def test_a_check_in_with_nothing_written_loads_no_model(store: Store, settings: Settings) -> None:
    done = run_process("checkin", "--mood", "4", home=settings.data_dir, importtime=True)
    assert done.returncode == 0 and b"Check-in saved" in done.stdout
    assert not imported(done.stderr) & {*HEAVY, "numpy", "tokenizers", "typer"}


def test_fast_checkin_loads_nothing_heavy_and_is_readable(store: Store, settings: Settings) -> None:
    done = run_process(*CHECKIN, home=settings.data_dir, importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert b"Check-in saved" in done.stdout
    # the crisis check's model (numpy, tokenizers, its prototype phrasings in YAML) loads
    # after the check-in is saved and said to be, never before
    assert not imported(done.stderr) & ({*HEAVY, "typer", "click"} - {"yaml"})
    [row] = entries.recent(store, "checkin")
    assert (row.mood, row.emotion, row.energy, row.connection) == (3, "calm", 4, "connected")
    assert row.note == "Tea and a slow walk"
    assert row.day == row.created_at.astimezone().date()


def test_fast_checkin_in_process(
    store: Store, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    code = dispatch.run_line(["--home", str(settings.data_dir), "--no-input", *CHECKIN[:3]])
    assert code == 0
    assert "Check-in saved" in capsys.readouterr().out
    assert [r.mood for r in entries.recent(store, "checkin")] == [3]


def test_the_quick_way_hands_over_a_check_in_it_is_not_sure_of() -> None:
    assert dispatch.parse(["checkin", "--help"]) is None
    assert dispatch.parse(["checkin", "--mood"]) is None
    assert dispatch.parse(["checkin", "--mood", "2", "--mood", "3"]) is None
    assert dispatch.parse(["checkin", "--mood=2", "--note", "--help"]) is None
    call = dispatch.parse(["--home=/x", "checkin", "--mood=2", "--note", "a walk"])
    assert call is not None and call.home == Path("/x") and call.ask
    assert {k: v for k, v in call.arguments.items() if v is not None and k != "ctx"} == {
        "mood": "2",
        "note": "a walk",
    }


def test_checkin_without_a_store_creates_it(cli: Invoke, settings: Settings) -> None:
    result = cli(*CHECKIN)
    assert result.exit_code == 0, result.output
    assert "Check-in saved" in result.stdout
    assert settings.sqlite_path is not None and settings.sqlite_path.exists()


def test_without_a_store_a_script_is_told_how_to_make_one(tmp_path: Path) -> None:
    home = tmp_path / "none-yet"
    done = run_process("checkin", "--mood", "4", home=home)
    assert done.returncode == 2
    assert b"trustbridge init" in done.stderr and b"Traceback" not in done.stderr
    assert not (home / "trustbridge.sqlite3").exists()


def test_checkin_through_typer_uses_the_quick_writer(cli: Invoke, store: Store) -> None:
    result = cli(*CHECKIN)
    assert result.exit_code == 0, result.output
    assert [r.note for r in entries.recent(store, "checkin")] == ["Tea and a slow walk"]


def test_checkin_asks_at_a_terminal(
    cli: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    result = cli("checkin", "--mood", "2", input="tired\n\n3\n\n")
    assert result.exit_code == 0, result.output
    assert "In between" in result.stdout  # the choices are listed
    [row] = entries.recent(store, "checkin")
    assert (row.mood, row.emotion, row.energy, row.connection, row.note) == (
        2,
        "tired",
        None,
        "alone",
        None,
    )


# --- bad input: a clear message naming the field, exit 2, nothing stored -------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["checkin", "--mood", ""], "Please fill in your mood."),
        (["checkin", "--mood", "9"], "Your mood must be a whole number between 1 and 5."),
        (
            ["checkin", "--mood", "3", "--note", "x" * 5_000_000],
            "Please shorten the note to 20,000 characters",
        ),
        (
            ["checkin", "--mood", "3", "--emotion", "sad \udcff\udcfe"],
            "Please type the main emotion again",
        ),
        (
            ["checkin", "--mood", "3", "--connection", "far"],
            "How connected you felt must be one of: Connected,",
        ),
        (["journal", "add", "--body", ""], "Please fill in what is on your mind."),
        (["journal", "add", "--body", "y" * 5_000_000], "Please shorten what is on your mind"),
        (["journal", "add", "--body", "bad \udcff bytes"], "could not be read as text"),
        (
            ["thought", "add", "--situation", "s", "--thought", "t", "--emotion", "fear:140"],
            "How strong emotion 1 was must be a whole number between 0 and 100.",
        ),
        (
            ["hurt", "add", "--what-happened", "x", "--kind", "neglect", "--when", "1850-06-01"],
            "When it happened must be on or after Monday 1 January 1900.",
        ),
        (
            ["hurt", "add", "--what-happened", "x", "--kind", "neglect", "--when", "soon"],
            "When it happened must be a date, like 20",
        ),
        (["hurt", "add", "--what-happened", "x"], "Please choose what kind of hurt it was."),
    ],
)
def test_bad_input_is_refused_whole(
    cli: Invoke, store: Store, args: list[str], message: str
) -> None:
    before = counts(store)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Nothing was saved" in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert counts(store) == before


def test_missing_required_field_names_the_flag(cli: Invoke, store: Store) -> None:
    result = cli("thought", "add", "--situation", "Late reply")
    assert result.exit_code == 2
    assert "Please fill in the automatic thought." in result.stderr
    assert "--thought" in result.stderr and "--emotion" in result.stderr
    assert counts(store)["thought_record"] == 0


def test_invalid_utf8_argument_in_a_real_process(store: Store, settings: Settings) -> None:
    for args in (
        [*CHECKIN[:3], b"--note", b"caf\xe9 \xff"],
        [b"journal", b"add", b"--body", b"\xff\xfe"],
    ):
        done = run_process(*args, home=settings.data_dir)
        assert done.returncode == 2, done.stderr
        assert b"could not be read as text" in done.stderr and b"Traceback" not in done.stderr
    assert counts(store)["checkin"] == 0 and counts(store)["journal"] == 0


def test_not_found_is_a_message_with_exit_1(cli: Invoke) -> None:
    result = cli("journal", "show", "42")
    assert result.exit_code == 1
    assert "No journal entry with number 42" in result.stderr
    assert "Traceback" not in result.output


def test_unexpected_errors_are_reported_without_a_traceback(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(entry_rows, "recent", broken)
    result = cli("journal", "list")
    assert result.exit_code == 1
    assert "something went wrong" in result.stderr and "disk on fire" in result.stderr
    assert "Traceback" not in result.output


def test_typos_get_a_suggestion(cli: Invoke) -> None:
    result = cli("chekin")
    assert result.exit_code == 2
    assert "Did you mean 'checkin'?" in result.output


# --- crisis support -------------------------------------------------------------------------


def test_crisis_wording_is_saved_then_support_offered(cli: Invoke, store: Store) -> None:
    result = cli("journal", "add", "--body", "I want to end my life")
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("Saved your journal entry") < out.index("Your entry is safely saved")
    assert "You do not have to carry it alone" in out
    assert "Find A Helpline" in out and "trustbridge help-now" in out
    assert counts(store)["journal"] == 1


def test_crisis_wording_on_the_fast_checkin(store: Store, settings: Settings) -> None:
    done = run_process(
        "checkin", "--mood", "1", "--note", "I want to end my life", home=settings.data_dir
    )
    assert done.returncode == 0
    assert b"Check-in saved" in done.stdout and b"trustbridge help-now" in done.stdout
    assert counts(store)["checkin"] == 1


def test_crisis_support_is_offered_even_when_the_entry_is_refused(
    cli: Invoke, store: Store
) -> None:
    result = cli("journal", "add", "--body", "I want to die. " + "z" * 30_000)
    assert result.exit_code == 2
    assert "trustbridge help-now" in result.stderr and "Please shorten" in result.stderr
    assert counts(store)["journal"] == 0


def test_the_subject_told_at_a_distance_gets_one_quiet_line(cli: Invoke) -> None:
    result = cli("journal", "add", "--body", "Two years ago I overdosed. Today I ran 5k.")
    assert result.exit_code == 0
    assert "support is here: trustbridge help-now" in result.stdout
    assert "You do not have to carry it alone" not in result.stdout


def test_the_fast_checkin_says_saved_before_the_check_loads_its_model(
    store: Store, settings: Settings
) -> None:
    note = "Everyone would be better off if I was not here anymore"
    done = run_process("checkin", "--mood", "1", "--note", note, home=settings.data_dir)
    assert done.returncode == 0
    out = done.stdout
    assert out.index(b"Check-in saved") < out.index(b"trustbridge help-now")


def test_calm_words_bring_no_crisis_notice(cli: Invoke) -> None:
    result = cli("journal", "add", "--body", "A calm day by the sea")
    assert result.exit_code == 0
    assert "help-now" not in result.stdout


def test_help_now_never_touches_the_store(settings: Settings) -> None:
    result = CliRunner().invoke(
        app, ["--home", str(settings.data_dir), "help-now", "--country", "gb"]
    )
    assert result.exit_code == 0, result.output
    assert "What you can do right now" in result.stdout
    assert "five things you can see" in result.stdout
    assert result.stdout.index("Samaritans") < result.stdout.index("988")
    assert "999" in result.stdout
    assert not settings.data_dir.exists()


# --- help, version, program, serve ----------------------------------------------------------


def test_every_command_and_option_has_help(cli: Invoke) -> None:
    top = cli("--help")
    assert top.exit_code == 0
    for name in COMMANDS:
        assert name in top.stdout
        command = load_command(name)
        subcommands = getattr(command, "commands", {name: command})
        for sub in subcommands.values():
            assert (sub.help or "").strip(), sub.name
            for param in sub.params:
                if param.param_type_name == "option":
                    assert (getattr(param, "help", "") or "").strip(), (name, sub.name, param.name)
        assert cli(name, "--help").exit_code == 0


def test_bare_commands_show_help_kindly(cli: Invoke) -> None:
    for args in ((), ("journal",), ("promise",)):
        result = cli(*args)
        assert result.exit_code == 0 and "Usage:" in result.stdout, args


def test_stopping_at_a_question_saves_nothing(
    cli: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    ended = cli("journal", "add", input="A title\n")  # input ends before the body is given
    assert ended.exit_code == 1 and "Stopped" in ended.stderr

    def ctrl_c(*_: object, **__: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(typer, "prompt", ctrl_c)
    interrupted = cli("hurt", "add")
    assert interrupted.exit_code == 130 and "Stopped" in interrupted.stderr
    assert "Aborted" not in ended.output + interrupted.output
    assert counts(store)["journal"] == 0 and counts(store)["hurt_inventory"] == 0


def test_version(cli: Invoke) -> None:
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("Trustbridge ")


def test_serve_help_only(cli: Invoke) -> None:
    result = cli("serve", "--help")
    assert result.exit_code == 0
    assert "--no-browser" in result.stdout and "127.0.0.1" in result.stdout


def test_program_map_and_suggestion(cli: Invoke) -> None:
    first = cli("program")
    assert first.exit_code == 0, first.output
    assert "Roots" in first.stdout and "A gentle suggestion: stage 1" in first.stdout
    assert cli("hurt", "add", "--what-happened", "Left out", "--kind", "rejection").exit_code == 0
    after = cli("program")
    assert "A gentle suggestion: stage 2" in after.stdout
    assert (
        "Hurt inventory (1)" in after.stdout.replace("\n", " ").replace("│", " ")
        or "(1)" in after.stdout
    )


def test_home_option_overrides_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTBRIDGE_HOME", str(tmp_path / "env"))
    result = CliRunner().invoke(app, ["--home", str(tmp_path / "flag"), "init", "--no-encryption"])
    assert result.exit_code == 0
    assert (tmp_path / "flag").exists() and not (tmp_path / "env").exists()


def test_json_listing_has_ids_times_and_fields(cli: Invoke) -> None:
    for body in ("one", "two", "three"):
        assert cli("journal", "add", "--body", body).exit_code == 0
    data = json.loads(cli("journal", "list", "--json", "--limit", "2").stdout)
    assert [d["body"] for d in data] == ["three", "two"]
    assert {"id", "created_at", "title", "body"} <= set(data[0])
    assert dt.datetime.fromisoformat(data[0]["created_at"]).tzinfo is not None


def test_first_run_says_plainly_it_is_not_therapy(tmp_path: Path) -> None:
    home = str(tmp_path / "new-home")
    first = CliRunner().invoke(app, ["--home", home, "init", "--no-encryption"])
    assert first.exit_code == 0, first.output
    assert "not therapy" in first.output
    again = CliRunner().invoke(app, ["--home", home, "--no-input", "checkin", "--mood", "4"])
    assert "not therapy" not in again.output
