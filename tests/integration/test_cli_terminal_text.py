"""What someone wrote (or an imported file held) never reaches the terminal as control codes:
escape sequences, C1 controls and bidi overrides are shown as visible marks, JSON escapes them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from tests.integration.support import Invoke, ok
from tests.integration.test_cli import run_process
from trustbridge.config import Settings
from trustbridge.services import people
from trustbridge.store.db import open_store

#: anything a terminal could act on: C0 but tab and newline, DEL, C1, bidi embeddings/overrides
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TITLE = "\x1b]0;owned\x07Sunday \x1b[31mred\x1b[0m"
BODY = (
    "Plain start\n"
    "colour \x1b[1;31mloud\x1b[0m and a \x1b]8;;http://x.invalid\x1b\\link\x1b]8;;\x1b\\\n"
    "eight-bit \x9b2J csi, \x9d0;t\x9c osc, lone \x1b and del \x7f\n"
    "over\rwrite \u202eesrever\u202c \u2066isolated\u2069\ttabbed"
)
NOW = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)


def _jrnl(tmp_path: Path) -> Path:
    entry = {"title": TITLE, "body": BODY, "date": "2026-03-01", "time": "09:00"}
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"tags": {}, "entries": [entry]}), encoding="utf-8")
    return path


def _clean(text: str) -> None:
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.findall(text))


def test_show_and_list_print_no_control_codes_from_an_imported_entry(
    cli: Invoke, tmp_path: Path
) -> None:
    ok(cli("import", "jrnl", str(_jrnl(tmp_path)), "--yes"))
    shown = ok(cli("journal", "show", "1"))
    _clean(shown)
    for words in ("Sunday", "red", "loud", "link", "csi", "osc", "esrever", "isolated"):
        assert words in shown
    assert "\t" in shown  # a tab is still a tab
    assert "␛[31m" in shown  # the sequence is visible, not acted on
    listed = ok(cli("journal", "list"))
    _clean(listed)
    assert "Sunday" in listed


def test_json_output_escapes_control_codes_and_keeps_the_text_exactly(
    cli: Invoke, tmp_path: Path
) -> None:
    ok(cli("import", "jrnl", str(_jrnl(tmp_path)), "--yes"))
    out = ok(cli("journal", "list", "--json"))
    _clean(out)
    [entry] = json.loads(out)
    assert entry["title"] == TITLE and entry["body"] == BODY  # escaped, not lost


def test_text_saved_on_the_command_line_is_shown_safely(cli: Invoke) -> None:
    ok(cli("journal", "add", "--title", "\x1b[2Jcleared", "--body", "a\x1b]52;c;Zm9v\x07b"))
    shown = ok(cli("journal", "show", "1"))
    _clean(shown)
    assert "cleared" in shown and "␛]52;c;Zm9v␇" in shown


def test_person_show_fast_path_and_errors_print_no_control_codes(
    cli: Invoke, settings: Settings
) -> None:
    store = open_store(settings)
    try:
        people.add_person(
            store, {"name": "Ann\x1b[8m", "kind": "friend", "notes": "x\x9b31my\u202ez"}, NOW
        )
    finally:
        store.close()
    done = run_process("person", "show", "1", home=settings.data_dir)
    assert done.returncode == 0, done.stderr[-2000:]
    page = done.stdout.decode()
    _clean(page)
    assert "Ann␛[8m" in page
    missing = run_process("person", "show", "Zed\x1b[5m", home=settings.data_dir)
    assert missing.returncode == 1
    _clean(missing.stderr.decode())
    assert "Zed" in missing.stderr.decode()
