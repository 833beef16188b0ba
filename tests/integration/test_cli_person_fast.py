"""``trustbridge person show NAME`` before Typer loads: plain sqlite3 reads, the same page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.integration.support import Invoke, ok
from tests.integration.test_cli import imported, run_process
from trustbridge.cli import fast
from trustbridge.config import Settings
from trustbridge.services import people
from trustbridge.store import cipherdb, quick
from trustbridge.store.db import Store

HEAVY = {"sqlalchemy", "typer", "click", "rich", "pydantic", "alembic", "yaml", "fastapi"}
ESTIMATES = ("What the evidence says so far", "Recent moments")


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


@pytest.fixture
def anna(cli: Invoke) -> None:
    ok(cli("person", "add", "--name", "Anna Lee", "--kind", "friend", "--notes", "Since school"))
    ok(cli("person", "add", "--name", "Sam", "--kind", "family"))
    add = ["evidence", "add", "--person", "anna lee"]
    ok(cli(*add, "--dimension", "keeps_promises", "--direction", "positive", "--weight", "major",
           "--note", "Helped me move"))  # fmt: skip
    ok(cli(*add, "--dimension", "keeps_promises", "--direction", "negative"))
    ok(cli(*add, "--dimension", "validates_feelings", "--direction", "positive"))
    ok(cli("ladder", "add", "--person", "Anna Lee", "--action", "Share a worry", "--risk", "20"))
    ok(cli("ladder", "done", "1", "--response", "supportive"))


def test_person_show_loads_nothing_heavy(anna: None, settings: Settings) -> None:
    done = run_process("person", "show", "ANNA LEE", home=settings.data_dir, importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout.decode()
    assert "Anna Lee (number 1): Friend" in out and "Moments noted: 4" in out
    assert "Responds well to openness: built trust (significant)" in out
    assert not imported(done.stderr) & HEAVY


def test_the_process_and_the_full_page_agree(cli: Invoke, anna: None, settings: Settings) -> None:
    done = run_process("person", "show", "1", home=settings.data_dir)
    assert done.returncode == 0, done.stderr
    quick_page = done.stdout.decode()
    full_page = ok(cli("person", "show", "Anna Lee", "--full"))
    assert section(quick_page, *ESTIMATES) == section(full_page, *ESTIMATES)
    assert "The evidence so far" in section(quick_page, *ESTIMATES)
    assert section(quick_page, "Recent moments", "This is") == section(
        full_page, "Recent moments", "This is"
    )


def test_unknown_person_or_missing_store_goes_the_normal_way(
    anna: None, settings: Settings, tmp_path: Path
) -> None:
    unknown = run_process("person", "show", "Zed", home=settings.data_dir)
    assert unknown.returncode == 1 and b"There is no one called 'Zed'" in unknown.stderr
    empty = run_process("person", "show", "Anna", home=tmp_path / "new")
    assert empty.returncode == 2 and b"trustbridge init" in empty.stderr
    assert b"Traceback" not in unknown.stderr + empty.stderr


def test_fast_path_recognises_only_the_plain_form() -> None:
    def recognised(*argv: str) -> bool:
        return fast._person_show_args(list(argv)) is not None

    assert recognised("person", "show", "Anna Lee")
    assert recognised("--home", "/x", "--no-input", "person", "show", "3")
    for argv in (
        ("person", "show", "Anna", "--full"),
        ("person", "show", "Anna", "--json"),
        ("person", "show", "--help"),
        ("person", "show"),
        ("person", "list"),
        ("--verbose", "person", "show", "Anna"),
        ("person", "show", " "),
    ):
        assert not recognised(*argv), argv
    assert fast.parse(["person", "show", "Anna"]) is None  # and it is not a check-in


def test_quick_reader_matches_the_services(anna: None, store: Store, settings: Settings) -> None:
    path = settings.sqlite_path
    assert path is not None
    found = quick.person_evidence(path, None, "  anna LEE ")
    assert found is not None
    person, events = found
    assert (person["id"], person["name"], person["kind"], person["notes"]) == (
        1,
        "Anna Lee",
        "friend",
        "Since school",
    )
    created = person["created_at"]
    assert isinstance(created, dt.datetime) and created.tzinfo is not None
    page = people.person_page(store, "Anna Lee", dt.datetime.now(dt.UTC))
    assert events == [
        (e.id, e.dimension, e.positive, e.weight, e.occurred_on, e.note) for e in page.recent
    ]
    assert quick.person_evidence(path, None, "2") is not None
    assert quick.person_evidence(path, None, "Nobody") is None
    assert quick.person_evidence(path, None, "99") is None
    assert quick.person_evidence(path.with_name("missing.sqlite3"), None, "Anna Lee") is None


def test_quick_reader_refuses_an_outdated_store(anna: None, settings: Settings) -> None:
    path = settings.sqlite_path
    assert path is not None
    with cipherdb.connect(path, None) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert quick.person_evidence(path, None, "Anna Lee") is None
