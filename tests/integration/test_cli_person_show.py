"""``trustbridge person show NAME``: read on a plain connection, without SQLAlchemy, the same
page the web shows (``services.person_reads``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.integration.support import Invoke, ok
from tests.integration.test_cli import imported, run_process
from trustbridge.cli import dispatch
from trustbridge.config import Settings
from trustbridge.services import people
from trustbridge.services.base import NotFound
from trustbridge.store.db import Store

HEAVY = {"sqlalchemy", "alembic", "fastapi", "numpy"}
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


def test_the_process_and_the_store_say_the_same(
    cli: Invoke, anna: None, settings: Settings, store: Store
) -> None:
    """In a fresh process (plain connection) and in the test (the store opened the long way,
    as an outdated or encrypted store would be) the page is the same."""
    for args in (["1"], ["Anna Lee", "--full"], ["anna lee", "--json"]):
        done = run_process("person", "show", *args, home=settings.data_dir, importtime=True)
        assert done.returncode == 0, done.stderr[-2000:]
        assert not imported(done.stderr) & HEAVY, args
        assert done.stdout.decode() == ok(cli("person", "show", *args)), args
    full_page = ok(cli("person", "show", "Anna Lee", "--full"))
    assert "The evidence so far" in section(full_page, *ESTIMATES)


def test_unknown_person_or_missing_store_goes_the_normal_way(
    anna: None, settings: Settings, tmp_path: Path
) -> None:
    unknown = run_process("person", "show", "Zed", home=settings.data_dir)
    assert unknown.returncode == 1 and b"There is no one called 'Zed'" in unknown.stderr
    empty = run_process("person", "show", "Anna", home=tmp_path / "new")
    assert empty.returncode == 2 and b"trustbridge init" in empty.stderr
    assert b"Traceback" not in unknown.stderr + empty.stderr


def test_the_page_is_shown_without_typer() -> None:
    call = dispatch.parse(["person", "show", "--full", "Anna", "Lee"])
    assert call is not None and call.arguments == {"words": ["Anna", "Lee"], "full": True,
                                                   "as_json": False}  # fmt: skip


def test_the_page_reads_what_the_models_hold(anna: None, store: Store) -> None:
    """Every record on the page has the models' values: person, evidence, ladder steps."""
    from sqlalchemy import select

    from trustbridge.store import models as m

    page = people.person_page(store, "  anna LEE ", dt.datetime.now(dt.UTC))
    with store.sessions() as session:
        person = session.get(m.Person, 1)
        events = session.scalars(
            select(m.EvidenceEvent).order_by(
                m.EvidenceEvent.occurred_on.desc(), m.EvidenceEvent.id.desc()
            )
        ).all()
        rungs = session.scalars(select(m.LadderRung)).all()
        for plain, model in ((page.person, person), *zip(page.recent, events, strict=True),
                             *zip(page.rungs, rungs, strict=True)):  # fmt: skip
            for column in model.__table__.columns:
                assert getattr(plain, column.key) == getattr(model, column.key), column.key
    assert page.evidence_count == 4 and len(page.rungs) == 1
    with pytest.raises(NotFound, match="There is no one called 'Nobody'"):
        people.person_page(store, "Nobody", dt.datetime.now(dt.UTC))
