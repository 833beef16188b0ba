"""What a command loads before it starts: only its own module, nothing heavy for help.

No timings here (they depend on the machine; see ``bench/cli_start.py``): these tests check
what is imported and that the quick ways give exactly what the usual ways give.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer._adapters import try_build_adapter
from typer._coercion import resolve_type_descriptor
from typer.core import TyperGroup
from typer.models import ArgumentInfo, OptionInfo
from typer.testing import CliRunner

from tests.integration.support import Invoke, ok
from tests.integration.test_cli import imported, run_process
from trustbridge.cli import messages as msg
from trustbridge.cli import values
from trustbridge.cli.app import COMMANDS, app, declared, load_command
from trustbridge.cli.declare import App
from trustbridge.cli.typer_build import DeferredCommand, to_typer
from trustbridge.config import Settings
from trustbridge.services import safety_plan
from trustbridge.store import quick
from trustbridge.store.db import Store

HEAVY = ("sqlalchemy", "alembic", "pydantic", "yaml", "rich", "numpy", "fastapi")
#: runs every command's help in one interpreter in which the heavy libraries cannot be imported
EVERY_HELP = f"""
import contextlib, io, sys
for name in {HEAVY!r}:
    sys.modules[name] = None  # importing it now raises ImportError
from trustbridge.cli.app import COMMANDS
from trustbridge.cli.main import run
failed = []
for args in [["--help"], *([name, "--help"] for name in COMMANDS)]:
    sys.argv = ["trustbridge", *args]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            run()
        except SystemExit as stop:
            code = stop.code
    if code != 0 or "Usage:" not in out.getvalue():
        failed.append((args, code, out.getvalue()[-500:]))
print(failed)
"""


def test_no_command_s_help_needs_a_heavy_library(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", EVERY_HELP],
        capture_output=True,
        env={"TRUSTBRIDGE_HOME": str(tmp_path), "PATH": ""},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.decode().strip() == "[]"


def test_the_command_list_says_what_each_command_says_of_itself(cli: Invoke) -> None:
    """``--help`` lists commands from ``messages.SHORT`` without loading them: the table must
    be what each command, once loaded, gives as its own short help."""
    top = ok(cli("--help"))
    assert set(msg.SHORT) == set(COMMANDS)
    for name in COMMANDS:
        assert load_command(name).get_short_help_str(limit=1000) == msg.SHORT[name], name
        assert name in top


def test_a_tool_s_edit_is_built_only_when_it_is_used(cli: Invoke) -> None:
    journal = load_command("journal")
    edit = journal.commands["edit"]
    assert isinstance(edit, DeferredCommand) and edit._made is None
    assert "Change journal entry number ID." in ok(cli("journal", "--help"))
    help_text = ok(cli("journal", "edit", "--help"))
    assert "--title TEXT" in help_text and "--date DATE" in help_text
    ok(cli("journal", "add", "--title", "Rain", "--body", "A walk in the rain"))
    ok(cli("journal", "edit", "1", "--title", "Sun"))
    assert "Sun" in ok(cli("journal", "show", "1"))
    built = load_command("journal").commands["edit"]
    assert [p.name for p in built.params][:2] == ["entry_id", "title"]


def test_a_group_builds_only_the_command_that_runs() -> None:
    person = load_command("person")
    assert list(person.commands) == ["add", "list", "show", "archive", "delete", "edit"]
    assert not person.commands._built
    with contextlib.redirect_stdout(io.StringIO()) as out:
        person.main(["show", "--help"], prog_name="person", standalone_mode=False)
    assert "--full" in out.getvalue()
    assert list(person.commands._built) == ["show"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_group_built_on_demand_is_the_group_typer_builds(name: str) -> None:
    """Every group's commands, built one by one when asked for, are the ones Typer builds all
    at once: the same names in the same order, each with the same options, help and function."""
    target = declared(name)
    if not isinstance(target, App):  # a single command: nothing to build on demand
        return
    eager = typer.main.get_command(to_typer(target))
    lazy = load_command(name)
    assert type(lazy) is type(eager) and lazy.name == name
    assert [p.opts for p in lazy.params] == [p.opts for p in eager.params]
    if not isinstance(eager, TyperGroup):
        return
    assert list(lazy.commands) == list(eager.commands)
    for command in eager.commands:
        mine, theirs = lazy.commands[command], eager.commands[command]
        assert type(mine).__qualname__ == type(theirs).__qualname__
        assert mine.get_short_help_str(1000) == theirs.get_short_help_str(1000)
        assert [(p.opts, p.secondary_opts, p.required, p.default) for p in mine.params] == [
            (p.opts, p.secondary_opts, p.required, p.default) for p in theirs.params
        ]
        assert _function(mine) == _function(theirs)


def _function(command: Any) -> str:
    """The name of the function a command runs (a deferred command builds a new one each time)."""
    function = getattr(command.callback, "__wrapped__", command.callback)
    return f"{function.__module__}.{function.__qualname__}"


def test_a_check_in_with_one_word_loads_no_model(store: Store, settings: Settings) -> None:
    checkin = ["checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"]
    done = run_process(*checkin, home=settings.data_dir, importtime=True)
    assert done.returncode == 0 and b"Check-in saved" in done.stdout, done.stderr[-2000:]
    assert not imported(done.stderr) & {"numpy", "tokenizers", "sqlalchemy", "typer"}


def test_a_journal_list_loads_no_pydantic(store: Store, settings: Settings) -> None:
    done = run_process("journal", "list", "--limit", "5", home=settings.data_dir, importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not imported(done.stderr) & {"pydantic", "pydantic_core", "numpy"}


#: commands that read a store that exists without SQLAlchemy (``bench/cli_every.py`` found
#: each spending most of a second of CPU on importing it and mapping the models)
READ_WITHOUT_SQLALCHEMY = [
    ["promise", "list"],
    ["selfcheck", "list"],
    ["selfcheck", "--history"],
    ["boundary", "list"],
    ["boundary", "events"],
    ["istatement", "list"],
    ["belief", "list"],
    ["backup", "list"],
    ["support", "list"],
    ["safety-plan", "show"],
    ["gut", "calibration"],
    ["balance", "report"],
    ["beliefs-check"],
    ["affirm", "today"],
]


@pytest.mark.parametrize("args", READ_WITHOUT_SQLALCHEMY, ids=" ".join)
def test_lists_load_no_sqlalchemy(store: Store, settings: Settings, args: list[str]) -> None:
    done = run_process(*args, home=settings.data_dir, importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not imported(done.stderr) & {"sqlalchemy", "alembic"}


def test_a_self_check_is_saved_and_scored_without_sqlalchemy(
    store: Store, settings: Settings
) -> None:
    """The save is the quick add; the score it shows is read back as ``--history`` reads it."""
    from trustbridge.services.catalog import spec

    keys = [f.name for f in spec("safety_selfcheck").fields]
    answers = [word for key in keys for word in ("--answer", f"{key}=2")]
    done = run_process("selfcheck", *answers, home=settings.data_dir, importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert b"Your emotional-safety score: " in done.stdout, done.stdout
    assert not imported(done.stderr) & {"sqlalchemy", "alembic"}


def _modules(stderr: bytes) -> set[str]:
    """Every module named in ``-X importtime`` output."""
    lines = stderr.decode(errors="replace").splitlines()
    return {line.rsplit("|", 1)[1].strip() for line in lines if line.startswith("import time:")}


def test_a_check_in_with_a_note_needs_no_tokenizer_and_then_no_numpy(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first check of a note, with nothing kept yet, runs with NumPy (and the tokenizer,
    for the prototypes' words) and keeps what the quick path reads; from then on a calm note
    is checked without either."""
    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    checkin = ["checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"]
    # read by the semantic half (four words or more) and by the learned layer (six or more)
    note = ["--note", "a short walk after work with my sister"]
    first = run_process(*checkin, *note, home=settings.data_dir, importtime=True)
    assert first.returncode == 0 and b"Check-in saved" in first.stdout, first.stderr[-2000:]
    assert "numpy" in imported(first.stderr)  # the note was checked, and the copies kept
    assert not imported(first.stderr) & {"sqlalchemy", "typer"}
    assert "numpy.ma" not in _modules(first.stderr)  # masked arrays: never needed for a check
    again = run_process(*checkin, *note, home=settings.data_dir, importtime=True)
    assert again.returncode == 0 and b"Check-in saved" in again.stdout, again.stderr[-2000:]
    assert "trustbridge.domain.crisis_semantic" in _modules(again.stderr)  # checked, quickly
    assert not imported(again.stderr) & {"numpy", "tokenizers", "sqlalchemy", "typer"}


def test_a_check_in_with_one_word_reads_no_program_content(
    store: Store, settings: Settings
) -> None:
    checkin = ["checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"]
    done = run_process(*checkin, home=settings.data_dir, importtime=True)
    assert done.returncode == 0 and b"Check-in saved" in done.stdout, done.stderr[-2000:]
    assert "trustbridge.content" not in _modules(done.stderr)  # its cache folder is enough


def test_listing_journal_entries_reads_no_program_content(store: Store, settings: Settings) -> None:
    done = run_process("journal", "list", "--limit", "5", home=settings.data_dir, importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "trustbridge.content" not in _modules(done.stderr)


BLAS_THREADS = """
import os, sys
from trustbridge.cli.main import run
sys.argv = ["trustbridge", "--version"]
try:
    run()
except SystemExit:
    pass
print(os.environ.get("OPENBLAS_NUM_THREADS"), os.environ.get("OMP_NUM_THREADS"))
"""


def test_the_command_asks_numpy_for_one_blas_thread_unless_told(tmp_path: Path) -> None:
    blas = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    env = {k: v for k, v in os.environ.items() if k not in blas}
    env["TRUSTBRIDGE_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", BLAS_THREADS], capture_output=True, env=env)
    assert done.stdout.split()[-2:] == [b"1", b"1"], done.stderr[-2000:]
    told = {**env, "OPENBLAS_NUM_THREADS": "2"}
    done = subprocess.run([sys.executable, "-c", BLAS_THREADS], capture_output=True, env=told)
    assert done.stdout.split()[-2:] == [b"2", b"1"], done.stderr[-2000:]


# --- option values without Pydantic -------------------------------------------------------


def _adapter_says(descriptor: object, value: object) -> object:
    """What Typer's own adapter makes of ``value`` (``values.UNSURE`` when it refuses it)."""
    adapter = try_build_adapter(descriptor.annotation, descriptor.parameter_info)  # type: ignore[attr-defined]
    assert adapter is not None
    try:
        return adapter.validate_python(value)
    except ValueError:
        return values.UNSURE


TEXT = resolve_type_descriptor(str, OptionInfo())
TEXTS = resolve_type_descriptor(list[str], OptionInfo())
LIMIT = resolve_type_descriptor(int, OptionInfo(min=1, max=500))
ID = resolve_type_descriptor(int, ArgumentInfo(min=1))
NUMBERISH = st.text(alphabet="0123456789 +-_.٣e", max_size=6) | st.integers(-5, 600)


@given(st.text())
def test_text_is_passed_on_as_typer_would(text: str) -> None:
    assert values.as_is(TEXT, text) == _adapter_says(TEXT, text)
    assert values.as_is(TEXT, text) is text


@given(st.lists(st.text(), max_size=3))
def test_repeated_text_is_passed_on_as_typer_would(texts: list[str]) -> None:
    assert values.as_is(TEXTS, tuple(texts)) == _adapter_says(TEXTS, tuple(texts)) == texts


@given(NUMBERISH)
def test_whole_numbers_are_read_as_typer_would(value: str | int) -> None:
    for descriptor in (LIMIT, ID):
        quick_value = values.as_is(descriptor, value)
        if quick_value is not values.UNSURE:  # everything else goes to Typer's own check
            assert quick_value == _adapter_says(descriptor, value)
            assert type(quick_value) is int


#: paths as options and arguments take them, with each of the checks Typer can make
PATHS = [
    resolve_type_descriptor(Path, info)
    for info in (
        OptionInfo(),
        ArgumentInfo(),
        OptionInfo(exists=True),
        ArgumentInfo(dir_okay=False),
        OptionInfo(file_okay=False, writable=True),
        OptionInfo(resolve_path=True),
        OptionInfo(allow_dash=True),
    )
]
#: a folder, a file, and names that are neither (or Typer reads another way)
NAMED = st.sampled_from([str(Path(__file__).parent), __file__, "-", "", ".", "no/such/file"])


@given(NAMED | st.text())
def test_paths_are_read_as_typer_would(value: str) -> None:
    for descriptor in PATHS:
        quick_value = values.as_is(descriptor, value)
        if quick_value is not values.UNSURE:  # everything else goes to Typer's own check
            typer_value = _adapter_says(descriptor, value)
            assert quick_value == typer_value
            assert type(quick_value) is type(typer_value)


def test_an_export_to_a_file_loads_no_pydantic(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    assert values.as_is(PATHS[2], str(tmp_path / "copy.md")) is values.UNSURE  # must exist
    assert values.as_is(PATHS[3], str(tmp_path)) is values.UNSURE  # a folder, not a file
    out = tmp_path / "copy.md"
    args = ("export", "markdown", "--out", str(out), "--force")
    done = run_process(*args, home=settings.data_dir, importtime=True)
    assert done.returncode == 0 and out.exists(), done.stderr[-2000:]
    assert not imported(done.stderr) & {"pydantic", "pydantic_core", "sqlalchemy"}


def test_refused_numbers_get_typer_s_own_words(cli: Invoke) -> None:
    for given_value in ("0", "501", "x", "٣"):
        result = CliRunner().invoke(app, ["journal", "list", "--limit", given_value])
        assert result.exit_code == 2
        assert "Invalid value for '--limit': Input should be" in result.output


# --- Help now reads the safety plan without SQLAlchemy ------------------------------------


def test_help_now_shows_the_plan_without_loading_sqlalchemy(
    store: Store, settings: Settings
) -> None:
    now = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)
    plan = {"warning_signs": "I stop answering calls", "reasons_for_living": "My sister"}
    safety_plan.save_plan(store, plan, now)
    assert settings.sqlite_path is not None
    assert quick.safety_plan(settings.sqlite_path, None) == plan
    assert safety_plan.parts_of(safety_plan.get_plan(store)) == plan
    done = run_process("help-now", home=settings.data_dir, importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout.decode()
    assert "I stop answering calls" in out and "My sister" in out
    assert out.index("My sister") < out.index("Helplines")
    assert not imported(done.stderr) & {"sqlalchemy", "alembic", "pydantic"}


def test_the_quick_plan_read_steps_aside_when_it_cannot_be_used(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    assert quick.safety_plan(tmp_path / "missing.sqlite3", None) is None
    assert settings.sqlite_path is not None
    assert quick.safety_plan(settings.sqlite_path, None) == {}  # a store, and no plan yet
