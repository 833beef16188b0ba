"""Entries read as plain rows (the command line's way, without SQLAlchemy) are the entries the
models give back: every column, converted the same, children included, in the same order."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select, text

from tests.integration.support import NOW, Invoke, ok
from tests.integration.test_cli import imported, run_process
from tests.integration.test_editing import SAMPLES
from trustbridge.config import Settings
from trustbridge.services import entries, entry_rows, people, program, relating, selfwork
from trustbridge.services.base import NotFound
from trustbridge.services.catalog import tool_specs
from trustbridge.store import rows, shapes
from trustbridge.store.db import Store, open_store


def test_the_table_of_shapes_agrees_with_the_models() -> None:
    def listed(tables: dict[str, dict[str, str | None]]) -> list[object]:
        return [(name, list(columns.items())) for name, columns in tables.items()]

    assert listed(shapes.from_models()) == listed(shapes.TABLES), (
        "the models changed: print the new table with `python -m trustbridge.store.shapes`"
    )


def _fill(store: Store) -> None:
    for n in range(3):  # three of each, on different days, so order is tested too
        for slug, (first, _) in SAMPLES.items():
            values = dict(first)
            if slug == "habits":
                values["day"] = f"2026-03-1{n}"
            entries.add(store, slug, values, NOW - dt.timedelta(days=n, minutes=n))
    selfwork.rate_belief(store, 1, {"believability": "40", "note": "less so"}, NOW)
    people.add_person(store, {"name": "Sam", "kind": "friend"}, NOW)
    promise = {"person": "Sam", "text": "Call Sam back", "made_by": "me", "due_on": "2026-03-20"}
    relating.add_promise(store, promise, NOW)


def _orm(store: Store, slug: str) -> list[object]:
    tool = tool_specs()[slug]
    with store.sessions() as session:
        query = (
            select(tool.model)
            .where(*tool.belongs())
            .order_by(tool.model.created_at.desc(), tool.model.id.desc())
        )
        found = list(session.scalars(query))
        for record in found:
            for child in getattr(record, "ratings", []):
                child.believability  # noqa: B018  (loaded while the session is open)
        return found


def _same(plain: object, model: object) -> None:
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        assert getattr(plain, column.key) == getattr(model, column.key), column.key
        assert type(getattr(plain, column.key)) is type(getattr(model, column.key)), column.key


@pytest.mark.parametrize("slug", sorted(tool_specs()))
def test_every_tool_reads_the_same_as_through_the_models(store: Store, slug: str) -> None:
    _fill(store)
    models = _orm(store, slug)
    with store.sessions() as session:
        plain = entry_rows.recent(session.connection().connection, slug, limit=50)
    assert [p.id for p in plain] == [m.id for m in models] and models
    for p, m in zip(plain, models, strict=True):
        _same(p, m)
        for pc, mc in zip(getattr(p, "ratings", []), getattr(m, "ratings", []), strict=True):
            _same(pc, mc)
    assert entries.get(store, slug, models[-1].id).__dict__ == plain[-1].__dict__


def test_a_page_and_one_entry_and_what_is_not_there(store: Store) -> None:
    _fill(store)
    newest = [e.id for e in entries.recent(store, "journal", limit=2)]
    assert [e.id for e in entries.recent(store, "journal", limit=2, offset=1)] == [
        newest[1],
        entries.recent(store, "journal")[2].id,
    ]
    [belief] = [b for b in entries.recent(store, "belief_tracker") if b.id == 1]
    assert [r.believability for r in belief.ratings] == [70, 40]
    promise_with_sam = 4  # the promises table holds it, but it is not a promise to myself
    with pytest.raises(NotFound, match="No promise with number 4"):
        entries.get(store, "self_promises", promise_with_sam)
    assert promise_with_sam not in [p.id for p in entries.recent(store, "self_promises")]
    with pytest.raises(NotFound, match="No journal entry with number 99"):
        entries.get(store, "journal", 99)


def test_lists_and_shows_load_no_sqlalchemy_and_say_the_same(
    cli: Invoke, settings: Settings
) -> None:
    store = open_store(settings)
    _fill(store)
    store.close()
    for args in (
        ["journal", "list"],
        ["thought", "list", "--json"],
        ["journal", "show", "2"],
        ["habit", "list", "--json"],
        ["hurt", "list"],
        ["program"],
    ):
        done = run_process(*args, home=settings.data_dir, importtime=True)
        assert done.returncode == 0, done.stderr[-2000:]
        assert not imported(done.stderr) & {"sqlalchemy", "alembic"}, args
        assert done.stdout.decode() == ok(cli(*args)), args
    shown = json.loads(ok(cli("belief", "list", "--json")))
    [first] = [belief for belief in shown if belief["id"] == 1]
    assert [r["believability"] for r in first["ratings"]] == [70, 40]


def test_every_count_in_one_statement_matches_the_lists(store: Store) -> None:
    _fill(store)
    found = entries.counts(store)
    for slug in tool_specs():
        assert found[slug] == len(entries.recent(store, slug, limit=500)), slug
    shown = program.program_map(store)
    tools = {t.tool.slug: t.count for s in shown.stages for t in s.tools}
    assert tools["trust_circle"] == 1 and tools["promises_both_ways"] == 1
    assert tools["self_promises"] == 3 and tools["learned_beliefs"] == 0


class _AsAccount:
    """A plain cursor that reads as one hosted account, as :class:`entries.Through` does."""

    def __init__(self, connection: Any, owner: int) -> None:
        self._cursor, self.owner = connection.cursor(), owner

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> None:
        self._cursor.execute(sql, params)

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()


def test_plain_reads_of_owned_rows_are_narrowed_to_the_account(store: Store) -> None:
    """What the ORM does for a hosted session, the plain reads do for a cursor with an owner."""
    with store.session() as session:
        for owner, name in ((1, "Walk"), (2, "Tea"), (2, "Call")):
            session.execute(
                text(
                    "INSERT INTO rituals (created_at, name, cadence, weekdays, owner_id, shared)"
                    " VALUES ('2026-03-14 09:30:00.000000', :n, 'daily', '', :o, 0)"
                ),
                {"n": name, "o": owner},
            )
    with store.sessions() as session:
        raw = session.connection().connection
        wanted = {
            "rituals": ("rituals", "count(*)", ""),
            "named": ("rituals", "count(*)", "name = 'Tea'"),
        }
        assert rows.counts(raw.cursor(), wanted) == {"rituals": 3, "named": 1}
        assert rows.counts(_AsAccount(raw, 2), wanted) == {"rituals": 2, "named": 1}
        assert rows.counts(_AsAccount(raw, 1), wanted) == {"rituals": 1, "named": 0}
        assert [r.name for r in rows.select(_AsAccount(raw, 2), "rituals", order="id")] == [
            "Tea",
            "Call",
        ]


def test_lists_of_stages_5_to_7_read_without_sqlalchemy(cli: Invoke, settings: Settings) -> None:
    ok(cli("person", "add", "--name", "Anna", "--kind", "friend"))
    ok(cli("person", "add", "--name", "Sam", "--kind", "family"))
    ok(cli("evidence", "add", "--person", "Anna", "--dimension", "keeps_promises",
           "--direction", "positive", "--note", "Came on time"))  # fmt: skip
    ok(cli("evidence", "add", "--person", "Sam", "--dimension", "validates_feelings",
           "--direction", "negative"))  # fmt: skip
    ok(cli("ladder", "add", "--person", "Anna", "--action", "Share a worry", "--risk", "20"))
    ok(cli("gut", "add", "--person", "Sam", "--sense", "He will call", "--confidence", "70"))
    ok(cli("balance", "add", "--alone", "60", "--connected", "120"))
    for args in (
        ["ladder", "list"],
        ["gut", "list", "--json"],
        ["evidence", "list"],
        ["evidence", "list", "--person", "anna", "--json"],
        ["balance", "list"],
    ):
        done = run_process(*args, home=settings.data_dir, importtime=True)
        assert done.returncode == 0, done.stderr[-2000:]
        assert not imported(done.stderr) & {"sqlalchemy", "alembic"}, args
        assert done.stdout.decode() == ok(cli(*args)), args
    [only] = json.loads(ok(cli("evidence", "list", "--person", "anna", "--json")))
    assert only["person"] == "Anna" and only["note"] == "Came on time"
    nobody = run_process("evidence", "list", "--person", "Zed", home=settings.data_dir)
    assert nobody.returncode == 1 and b"There is no one called 'Zed'" in nobody.stderr
    assert b"went wrong" not in nobody.stderr  # a plain answer, not the crash message
