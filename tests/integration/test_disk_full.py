"""A full disk, met by a save, an import, an export or a backup: plain words, nothing half-kept.

The store is made really full where that is cheap: SQLite's ``max_page_count`` set to the
pages the file already has makes the next write that needs a new page fail with SQLITE_FULL
("database or disk is full"), exactly as a full disk does. A file write that finds no space
(ENOSPC) is stood in for by the one call that meets it, and the sweep over every form raises
the driver's SQLITE_FULL as the unit of work is written (see ``every_write_full``).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.conftest import NOW
from tests.integration.support import HTMX, Invoke, store_of
from tests.integration.test_exchange_web import finish, token_of, upload
from tests.integration.test_web_forms import samples, url
from trustbridge.cli import context, dispatch
from trustbridge.cli import messages as msg
from trustbridge.config import Settings
from trustbridge.content import load_program
from trustbridge.services import entries
from trustbridge.store import backup, cipherdb
from trustbridge.store.db import DiskFull, Store, is_disk_full

#: the words a person sees, in the web page (HTML-escaped there) and on the command line
WORDS = "disk is full, so nothing was saved"
#: a long piece of writing: it needs new pages in the store, which a full disk cannot give
#: a long entry in one run-on sentence: what is kept on a full disk is what is tested here,
#: and 150 sentences would have the crisis check read each one on its own (seconds)
LONG = "I noticed I went quiet when they were late again and I want to understand why " * 150


def fill_up(dbapi_connection: Any, _record: Any = None) -> None:
    """Let this connection's store grow no further than it is now (SQLITE_FULL from here on)."""
    cursor = dbapi_connection.cursor()
    pages = cursor.execute("PRAGMA page_count").fetchone()[0]
    cursor.execute(f"PRAGMA max_page_count = {pages}")
    cursor.close()


@contextmanager
def full(target: Engine | type[Engine]) -> Iterator[None]:
    """While inside, every new connection of ``target`` (an engine, or every engine) is full."""
    event.listen(target, "connect", fill_up)
    if isinstance(target, Engine):
        target.dispose()  # connections already open were made before the disk filled up
    try:
        yield
    finally:
        event.remove(target, "connect", fill_up)
        if isinstance(target, Engine):
            target.dispose()


def no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def titles(store: Store) -> list[str]:
    """The journal's titles, newest first: what a person would see listed."""
    return [entry.title for entry in entries.recent(store, "journal")]


def jrnl_export(days: int = 3) -> str:
    """A jrnl export of a few long entries, too long to fit in a full store."""
    written = ",".join(
        f'{{"title": "Day {n}", "body": "{LONG}", "date": "2025-11-0{n}", "time": "07:45",'
        ' "tags": [], "starred": false}'
        for n in range(1, days + 1)
    )
    return f'{{"tags": {{}}, "entries": [{written}]}}'


# --- the web app -----------------------------------------------------------------------------


def test_a_form_save_keeps_the_typed_text_and_says_the_disk_is_full(client: TestClient) -> None:
    store = store_of(client)
    client.post("/tools/journal", data={"title": "Before", "body": "A quiet day"})
    with full(store.engine):
        page = client.post("/tools/journal", data={"title": "Late again", "body": LONG})
    # 422, like every form shown again with its problems: HTMX swaps it in (see app.js)
    assert page.status_code == 422
    assert WORDS in page.text and "Free up some space" in page.text
    assert "Everything you typed is still here" in page.text
    assert 'value="Late again"' in page.text and LONG.strip() in page.text
    assert "Something went wrong" not in page.text
    assert titles(store) == ["Before"]  # nothing half-saved, and the store still reads
    again = client.post("/tools/journal", data={"title": "Late again", "body": LONG})
    assert again.status_code == 200 and titles(store) == ["Late again", "Before"]


def test_a_thought_record_keeps_every_box_as_typed(client: TestClient) -> None:
    typed = {
        "situation": LONG,
        "automatic_thought": "They are tired of me",
        "emotion_1": "anxious",
        "intensity_1": "80",
        "distortions": ["mind_reading"],
    }
    with full(store_of(client).engine):
        page = client.post("/tools/thought-record", data=typed)
    assert page.status_code == 422 and WORDS in page.text
    assert "They are tired of me" in page.text and 'value="anxious"' in page.text
    assert 'value="80"' in page.text and 'value="mind_reading" checked' in page.text
    assert entries.recent(store_of(client), "thought_record") == []


def test_an_htmx_check_in_comes_back_as_typed_with_the_words(client: TestClient) -> None:
    store = store_of(client)
    with full(store.engine):
        part = client.post("/checkin", data={"mood": "2", "note": LONG}, headers=HTMX)
    assert part.status_code == 422
    assert part.text.lstrip().startswith('<section id="checkin"') and "<html" not in part.text
    assert WORDS in part.text and LONG.strip() in part.text
    assert 'value="2" checked' in part.text
    assert entries.recent(store, "checkin") == []


def test_a_stage_form_keeps_what_was_typed(client: TestClient) -> None:
    with full(store_of(client).engine):
        page = client.post("/circle", data={"name": "Sam", "kind": "friend", "notes": LONG})
    assert page.status_code == 422 and WORDS in page.text
    assert 'value="Sam"' in page.text and LONG.strip() in page.text


def test_a_backup_on_a_full_disk_gets_a_plain_page_not_the_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post("/tools/journal", data={"title": "Before", "body": "A quiet day"})
    monkeypatch.setattr(backup, "_copy_into", no_space)
    page = client.post("/settings/backups", follow_redirects=False)
    assert page.status_code == 507
    assert "The disk is full" in page.text and WORDS in page.text
    assert "What you saved before is safe" in page.text
    assert "Something went wrong" not in page.text and "Errno" not in page.text
    assert page.headers["x-content-type-options"] == "nosniff"  # still a page of this app
    folder = store_of(client).settings.data_dir / backup.FOLDER
    left = list(folder.iterdir()) if folder.is_dir() else []
    assert not [p.name for p in left if "trustbridge-" in p.name]  # no backup, no part of one
    assert titles(store_of(client)) == ["Before"]


def test_other_file_errors_still_reach_the_error_page(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a full disk is called one: a broken disk must not be reported as a full one."""

    def broken(*_args: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(backup, "_copy_into", broken)
    client.post("/tools/journal", data={"title": "Before", "body": "A quiet day"})
    with pytest.raises(OSError, match="Input/output"):  # the test client raises what gets a 500
        client.post("/settings/backups")


def test_an_import_in_the_browser_says_the_disk_is_full(client: TestClient) -> None:
    page = upload(client, "jrnl", "jrnl.json", jrnl_export().encode())
    assert page.status_code == 200, page.text
    with full(store_of(client).engine):
        done = finish(client, token_of(page))
    assert "Nothing was imported" in done.text and WORDS in done.text
    assert entries.recent(store_of(client), "journal") == []


# Every form and action at once. Most saves are small rows that fit in pages the store already
# has, so ``max_page_count`` cannot make each of them fail; here the driver's own SQLITE_FULL is
# raised where SQLite would raise it, as the unit of work is written (everything above it real).


def driver_full(*_args: object) -> None:
    error = cipherdb.OperationalError("database or disk is full")
    error.sqlite_errorcode = 13  # type: ignore[attr-defined]
    raise OperationalError("INSERT", None, error)


@contextmanager
def every_write_full() -> Iterator[None]:
    event.listen(Session, "before_flush", driver_full)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", driver_full)


def something_of_everything(client: TestClient) -> None:
    """One of each thing the forms and actions below refer to by number (all number 1)."""
    for path, data in (
        ("/circle", {"name": "Sam", "kind": "friend"}),
        ("/tools/belief-tracker", {"statement": "I must manage alone", "believability": "70"}),
        ("/ladder", {"person": "1", "action": "Share a worry", "risk": "20"}),
        ("/gut", {"person": "1", "sense": "He will come", "confidence": "90"}),
        ("/boundaries", {"statement": "No shouting", "kind": "emotional"}),
        ("/circle/1/promises", {"made_by": "them", "text": "Bring the tent", "due_on": "2026-03-20"}),
        ("/tools/self-promises", {"text": "Rest", "due_on": "2026-03-20"}),
        ("/circle/1/evidence", {"dimension": "validates_feelings", "direction": "positive",
                                "weight": "small", "occurred_on": "2026-03-14"}),
        ("/tools/journal", {"title": "Before", "body": "A quiet day"}),
    ):  # fmt: skip
        assert client.post(path, data=data, follow_redirects=False).status_code == 303, path


EVIDENCE = {"dimension": "validates_feelings", "direction": "positive", "weight": "small",
            "occurred_on": "2026-03-14"}  # fmt: skip
FORMS = [
    *((url(slug), data) for slug, data in samples().items()),
    ("/checkin", {"mood": "3"}),
    ("/circle", {"name": "Rae", "kind": "friend"}),
    ("/circle/evidence", {"person": "1", **EVIDENCE}),
    ("/circle/1/evidence", EVIDENCE),
    ("/circle/1/promises", {"made_by": "me", "text": "Walk", "due_on": "2026-03-20"}),
    ("/circle/1/gut", {"sense": "She will text back", "confidence": "70"}),
    ("/circle/1/bridge", {"what_broke": "Trust about money"}),
    ("/circle/1/gut/1/resolve", {"came_true": "yes"}),
    ("/ladder", {"person": "1", "action": "Ask for help", "risk": "10"}),
    ("/ladder/1/reflect", {"response": "supportive", "done_on": "2026-03-14"}),
    ("/gut", {"person": "1", "sense": "It will be fine", "confidence": "70"}),
    ("/gut/1/resolve", {"came_true": "yes"}),
    ("/boundaries", {"statement": "Quiet Sundays", "kind": "time"}),
    ("/boundaries/events", {"boundary_id": "1", "person": "1", "outcome": "respected",
                            "occurred_on": "2026-03-14"}),
    ("/boundaries/i-statements", {"feel": "sad", "when": "you leave", "need": "a call"}),
    ("/balance", {"day": "2026-03-14", "alone_minutes": "30", "connected_minutes": "200"}),
    ("/tools/belief-tracker/1/rate", {"believability": "55", "note": "Lighter"}),
]  # fmt: skip
ACTIONS = [
    ("/tools/self-promises/1/settle", {"outcome": "kept"}),
    ("/circle/1/promises/1/settle", {"outcome": "kept"}),
    ("/circle/1/archive", {}),
    ("/circle/1/evidence/1/delete", {}),
    ("/tools/journal/1/delete", {}),
    ("/circle/1/delete", {}),
]


def test_every_form_shows_the_words_above_what_was_typed(client: TestClient) -> None:
    something_of_everything(client)
    learned = load_program().checklists["learned_beliefs"][0].key
    with every_write_full():
        for path, data in [*FORMS, ("/tools/learned-beliefs", {"beliefs": [learned]})]:
            page = client.post(path, data=data, follow_redirects=False)
            assert page.status_code == 422, path
            assert WORDS in page.text and "Everything you typed is still here" in page.text, path


def test_every_action_outside_a_form_gets_the_plain_page(client: TestClient) -> None:
    something_of_everything(client)
    with every_write_full():
        for path, data in ACTIONS:
            page = client.post(path, data=data, follow_redirects=False)
            assert page.status_code == 507 and WORDS in page.text, path
    assert titles(store_of(client)) == ["Before"]


# --- the command line ------------------------------------------------------------------------


def plain(result: Any) -> str:
    """What the person read: the words, with no error code, class name or traceback."""
    assert result.exit_code == 1, result.output
    assert WORDS in result.stderr and "run the command again" in result.stderr
    for leak in ("Errno", "OperationalError", "Sorry, something went wrong", "Traceback"):
        assert leak not in result.output
    return str(result.stderr)


def test_journal_add_on_a_full_disk(
    cli: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # through the services: the quick path (below) is not taken for an encrypted store the
    # key agent does not hold
    monkeypatch.setattr(context, "quick_key", lambda: (False, None))
    cli("journal", "add", "--title", "Before", "--body", "A quiet day")
    with full(Engine):
        result = cli("journal", "add", "--title", "Late again", "--body", LONG)
    plain(result)
    assert msg.NOTHING_SAVED not in result.stderr  # it is not a mistyped value to fix
    assert titles(store) == ["Before"]


def test_a_check_in_on_a_full_disk_through_the_services(
    cli: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the path taken when the quick one cannot be: an encrypted store the agent does not hold
    monkeypatch.setattr(context, "quick_key", lambda: (False, None))
    with full(Engine):
        result = cli("checkin", "--mood", "3", "--note", LONG)
    plain(result)
    assert entries.recent(store, "checkin") == []


def full_quick_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every plain SQLite connection (the quick paths') finds the disk full from now on."""
    made: Callable[..., Any] = cipherdb.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        conn = made(*args, **kwargs)
        fill_up(conn)
        return conn

    monkeypatch.setattr(cipherdb, "connect", connect)


def test_the_fast_check_in_on_a_full_disk(
    store: Store,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    full_quick_path(monkeypatch)
    home = ["--home", str(settings.data_dir), "--no-input"]
    code = dispatch.run_line([*home, "checkin", "--mood", "3", "--note", LONG])
    said = capsys.readouterr()
    assert code == 1
    assert WORDS in said.err and "Errno" not in said.err + said.out
    assert "Sorry" not in said.err and "Check-in saved" not in said.out
    assert entries.recent(store, "checkin") == []


def test_the_quick_journal_add_on_a_full_disk(
    cli: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An add written by plain SQL (``services.quick_add``) says the same words."""
    entries.add(store, "journal", {"title": "Before", "body": "A quiet day"}, NOW)
    full_quick_path(monkeypatch)
    result = cli("journal", "add", "--title", "Late again", "--body", LONG)
    plain(result)
    assert msg.NOTHING_SAVED not in result.stderr
    assert titles(store) == ["Before"]


def test_the_fast_check_in_still_offers_support_when_the_disk_is_full(
    store: Store,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    full_quick_path(monkeypatch)
    note = "I want to end my life. " + LONG
    code = dispatch.run_line(["--home", str(settings.data_dir), "checkin", "--mood", "1",
                             "--note", note])  # fmt: skip
    said = capsys.readouterr()
    assert code == 1 and WORDS in said.err and "trustbridge help-now" in said.err


def test_export_to_a_file_on_a_full_disk(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("journal", "add", "--title", "Before", "--body", "A quiet day")
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    monkeypatch.setattr(os, "fsync", no_space)  # where a full disk is often first noticed
    result = cli("export", "json", "--out", str(target))
    plain(result)
    assert list(target.parent.iterdir()) == []  # no export, and no half-written part of one


def test_backup_now_on_a_full_disk(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("journal", "add", "--title", "Before", "--body", "A quiet day")
    monkeypatch.setattr(backup, "_copy_into", no_space)
    plain(cli("backup", "now"))


def test_import_on_a_full_disk_imports_nothing(cli: Invoke, store: Store, tmp_path: Path) -> None:
    source = tmp_path / "jrnl.json"
    source.write_text(jrnl_export())
    with full(Engine):
        result = cli("import", "jrnl", str(source), "--yes")
    plain(result)
    assert entries.recent(store, "journal") == []


# --- what counts as a full disk --------------------------------------------------------------


def test_only_a_full_disk_or_quota_counts_as_full() -> None:
    class PostgresError(Exception):
        sqlstate = "53100"

    assert is_disk_full(DiskFull())
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert is_disk_full(OperationalError("INSERT", None, PostgresError()))
    assert not is_disk_full(OSError(errno.EIO, "Input/output error"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(OperationalError("INSERT", None, Exception("database is locked")))
    assert not is_disk_full(ValueError("database or disk is full"))
    assert str(DiskFull()).startswith("This computer's disk is full")
