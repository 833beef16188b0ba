"""Cross-tenant isolation in hosted mode: account B reaches none of account A's records.

A writes one record of every kind, through the same services the pages use (the steps of
:mod:`tests.integration.test_encryption_at_rest`, each free text a canary), as A. Then B,
signed in, asks every route the app serves, with every id A's rows have (and the next few,
by guessing), every tool and every kind a route takes: reading pages and edit pages, lists,
search, posting edit forms, deleting. Not one of A's canaries may come back, and A's rows must
be exactly as they were. The same again below the app, through raw SQL as the app's own
database role with B's account set: nothing of A's is seen, changed or deleted, and a row
claiming A as its owner is refused by PostgreSQL's row-level security.

Tables come from the models and routes from the app, so a new table or route is covered,
or fails here until it is.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tests.hosted import cluster as pg
from tests.hosted.web import (
    ADMIN_PASSWORD,
    APP_ROLE,
    MAYA_PASSWORD,
    Site,
    add_maya,
    import_file,
    sign_in,
    signed_in,
    site_fixture,  # noqa: F401  (the fixture ``site``)
)
from tests.integration.test_encryption_at_rest import Written, _raw, _steps
from trustbridge.config import Settings
from trustbridge.domain import growth as growth_fields
from trustbridge.domain import records, support
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field
from trustbridge.exchange.importers import IMPORTERS
from trustbridge.services import entries, person_reads
from trustbridge.services import growth as growth_service
from trustbridge.services.accounts import ACCOUNT_TABLE_RIGHTS, RoleProblem, grant_app_role
from trustbridge.services.catalog import tool_specs
from trustbridge.services.errors import NotFound
from trustbridge.services.search import search_store
from trustbridge.store import models as m
from trustbridge.store.db import Store
from trustbridge.store.search_index import KIND_CODES
from trustbridge.store.search_postgres import COLUMN, CONFIG
from trustbridge.web import routes_boundaries, routes_circle
from trustbridge.web.hosted_app import CannotServe, create_hosted_app
from trustbridge.web.hosted_store import account_store

CANARY = re.compile(r"CANARY-[a-z_]+-\d+-[a-z0-9_]+-[0-9a-f]{16}")
PERSONAL = sorted(m.Base.metadata.tables)
#: what an author may share with their partner space (migration 0009)
SHAREABLE = {"appreciations", "partner_checkins", "rituals", "shared_goals", "wins"}
#: what B's forms say: never a canary, so anything of it found in A's rows is a change by B
B_WORDS = "words B typed"
#: routes that would end B's own session midway (they are tested in test_web_security.py)
ENDS_THE_SESSION = {
    "/signout", "/lock", "/account/signout-everywhere", "/account/password",
    "/account/sessions/{session_id}/end", "/account/second-factor/start",
    "/account/second-factor/confirm", "/account/second-factor/remove",
}  # fmt: skip
#: guesses past the last id A has
GUESSES = 2


def _kinds() -> set[str]:
    """Every word a ``{kind}`` in an address stands for, on any page."""
    return {
        *routes_circle.THEIRS,
        *(k for k in routes_boundaries.EDITS if k),
        *growth_service.KINDS,
    }


def _values(ids: list[int]) -> dict[str, list[str]]:
    """The values to try for each parameter of an address."""
    numbers = [str(i) for i in ids]
    every_id = {
        name: numbers
        for name in ("entry_id", "belief_id", "promise_id", "person_id", "event_id", "check_id",
                     "rung_id", "ritual_id", "goal_id", "record_id", "log_id")
    }  # fmt: skip
    return every_id | {
        "url_slug": sorted(spec.url_slug for spec in tool_specs().values()),
        "kind": sorted(_kinds()),
        "slug": ["roots"],
        "key": [*IMPORTERS, "mood"],
        "job_id": ["x"],
        "name": ["x"],
        "share_id": numbers,
    }


def _routes(site: Site) -> list[tuple[str, str]]:
    """Every (method, path pattern) the hosted app serves, from the app itself."""
    found = []
    for route in site.apps[0].routes:
        inner = getattr(route, "original_router", None)
        for each in inner.routes if inner is not None else [route]:
            path, methods = getattr(each, "path", ""), getattr(each, "methods", None) or set()
            if path and not path.startswith("/static"):
                found += [(method, path) for method in sorted(methods) if method != "HEAD"]
    return sorted(set(found))


def _expand(pattern: str, values: dict[str, list[str]]) -> list[str]:
    names = re.findall(r"{(\w+)}", pattern)
    paths = [pattern]
    for name in names:
        assert name in values, f"a new parameter {name!r}: give it values in _values()"
        paths = [p.replace(f"{{{name}}}", v, 1) for p in paths for v in values[name]]
    return paths


def _every_field() -> list[Field]:
    """Every field any form of the app declares."""
    fields: list[Field] = []
    for spec in tool_specs().values():
        fields += [*spec.fields, *spec.form_fields, *spec.edit_fields]
    for module in (rel, growth_fields, support, records):
        for name in dir(module):
            value = getattr(module, name)
            if name.endswith("_FIELDS") and isinstance(value, tuple | list):
                fields += [f for f in value if isinstance(f, Field)]
    return fields


def _form(a_person: int, a_boundary: int) -> dict[str, Any]:
    """A form with a valid value for every field any page declares: B's words in the free
    text, and A's person and boundary where a form names one."""
    given = {"person": str(a_person), "boundary_id": str(a_boundary), "keep_outside": False}
    form: dict[str, Any] = {}
    for spec in _every_field():
        if spec.name not in form:
            form |= _raw([spec], lambda name: f"{B_WORDS} {name}", **given)
    for name, value in list(form.items()):
        if isinstance(value, bool):
            form[name] = "on" if value else ""
    return form | {"q": "CANARY", "confirm": "yes", "word": "DELETE", "next": "/"}


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every personal table, as the tables' owner sees them (all of them)."""
    with engine.connect() as conn:
        return {
            table: sorted(
                (tuple(row) for row in conn.execute(text(f"SELECT * FROM {table}"))), key=repr
            )
            for table in PERSONAL
        }


@pytest.fixture
def written(site: Site) -> Iterator[tuple[Written, int, int]]:
    """A's records of every kind, written as A; returns the canaries and both accounts' ids."""
    a_id = site.accounts.find("Admin").id  # type: ignore[union-attr]
    b_id = add_maya(site)
    store = account_store(site.apps[0].state.vault._store, a_id)
    done = Written()
    ids: dict[str, int] = {}
    for kind, step in _steps():
        table, ids[kind] = step(store, done.maker(kind, 0), ids, 0)
        done.tables.add(table)
    yield done, a_id, b_id


def test_every_personal_table_has_an_owner_and_row_level_security(site: Site) -> None:
    """Every table of the models: ``owner_id``, RLS enabled and forced, the one policy."""
    with site.owner_engine.connect() as conn:
        for table in PERSONAL:
            assert "owner_id" in m.Base.metadata.tables[table].columns, table
            enabled, forced = conn.execute(
                text("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = :t"),
                {"t": table},
            ).one()
            assert enabled and forced, table
            policies = conn.execute(
                text(
                    "SELECT policyname, permissive, cmd, qual, with_check FROM pg_policies "
                    "WHERE tablename = :t ORDER BY policyname"
                ),
                {"t": table},
            ).all()
            rule = (
                "(owner_id = (NULLIF(current_setting('trustbridge.account_id'::text, true), "
                "''::text))::integer)"
            )
            own = ("own_rows", "PERMISSIVE", "ALL", rule, rule)
            if table in SHAREABLE:  # and the partner's reading of what was shared (0009)
                partner = (
                    "partner_reads", "PERMISSIVE", "SELECT",
                    "(shared AND (owner_id IN ( SELECT trustbridge_partners() AS "
                    "trustbridge_partners)))", None,
                )  # fmt: skip
                assert [tuple(p) for p in policies] == [own, partner], table
            else:
                assert [tuple(p) for p in policies] == [own], table


def test_the_app_role_cannot_bypass_row_level_security(site: Site) -> None:
    """Not a superuser, no BYPASSRLS, owns nothing; on the account tables, only what it needs."""
    with site.owner_engine.connect() as conn:
        superuser, bypass = conn.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}
        ).one()
        assert not superuser and not bypass
        owners = set(conn.scalars(text("SELECT DISTINCT tableowner FROM pg_tables "
                                       "WHERE schemaname = 'public'")))  # fmt: skip
        assert APP_ROLE not in owners
        for table in [*PERSONAL, *ACCOUNT_TABLE_RIGHTS]:
            allowed = (
                {"SELECT", "INSERT", "UPDATE", "DELETE"}
                if table in PERSONAL
                else {r.strip() for r in ACCOUNT_TABLE_RIGHTS[table].split(",")}
            )
            for right in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
                          "TRIGGER"):  # fmt: skip
                held = conn.scalar(
                    text("SELECT has_table_privilege(:r, :t, :p)"),
                    {"r": APP_ROLE, "t": table, "p": right},
                )
                assert held == (right in allowed), (table, right)
    with site.engine.connect() as conn:  # the app's own connection
        assert conn.scalar(text("SELECT current_user")) == APP_ROLE
        with pytest.raises(DBAPIError, match="must be owner"):
            conn.execute(text("ALTER TABLE journal_entries DISABLE ROW LEVEL SECURITY"))


def test_a_writes_every_kind_and_every_row_is_hers(
    site: Site, written: tuple[Written, int, int]
) -> None:
    """The matrix below covers every table: each holds A's rows, stamped with her id."""
    _, a_id, _ = written
    rows = _snapshot(site.owner_engine)
    with site.owner_engine.connect() as conn:
        for table in PERSONAL:
            owners = set(conn.scalars(text(f"SELECT DISTINCT owner_id FROM {table}")))
            assert owners == {a_id}, f"{table}: write one in _steps(), as A ({owners})"
    assert all(rows.values())


def test_b_reaches_none_of_as_records_through_any_route(
    site: Site, written: tuple[Written, int, int]
) -> None:
    """Read, list, search, edit and delete, by id and by guessing: 0 leaks, 0 changes."""
    canaries, a_id, b_id = written
    owner = site.owner_engine
    with Session(owner) as session:
        a_person = session.scalars(select(m.Person.id)).one()
        a_boundary = session.scalars(select(m.Boundary.id)).one()
        top = max(
            session.scalar(text(f"SELECT max(id) FROM {table}")) or 0
            for table in PERSONAL
            if "id" in m.Base.metadata.tables[table].columns
        )
    # A sees her own through the pages read with plain SQL (store/rows.py): not a blank app
    a = site.client()
    sign_in(a, "Admin", ADMIN_PASSWORD)
    assert CANARY.findall(a.get("/tools/journal").text)
    assert CANARY.findall(a.get(f"/circle/{a_person}").text)
    before = _snapshot(owner)

    b = site.client()
    sign_in(b, "Maya", MAYA_PASSWORD)
    sweep(site, b, a_person, a_boundary, top)
    for canary in sorted(canaries.live)[:5]:  # A's exact words: only echoed, as any words are
        made_up = canary[:-16] + "0" * 16
        echoed = b.get("/search", params={"q": made_up}).text.count(made_up)
        assert b.get("/search", params={"q": canary}).text.count(canary) == echoed
    unchanged(owner, before, a_id, b_id)


#: which canaries a sweep may meet where: ``(method, path, canary) -> bool``
Allowed = Any


def sweep(
    site: Site, b: Any, a_person: int, a_boundary: int, top: int, allowed: Allowed = None,
    skip: frozenset[str] = frozenset(),
) -> int:  # fmt: skip
    """B asks every route the app serves with every id up to ``top`` and a few more, every kind
    and tool, posting a form of valid values (B's words, A's person and boundary): no canary
    of A's comes back but what ``allowed`` allows; how many requests were made. Routes in
    ``skip`` are left out (leaving the partner space would end what is being tested)."""
    values = _values(list(range(1, top + 1 + GUESSES)))
    form = _form(a_person, a_boundary)
    asked = 0
    for method, pattern in _routes(site):
        if pattern in ENDS_THE_SESSION or pattern in skip:
            continue
        for path in _expand(pattern, values):
            if method == "GET":
                answer = b.get(path, params={"q": "CANARY"} if path == "/search" else None)
            else:
                answer = b.request(method, path, data=form)
            asked += 1
            where = f"{method} {path}"
            seen = [
                c for c in CANARY.findall(answer.text + str(answer.headers))
                if allowed is None or not allowed(method, path, c)
            ]  # fmt: skip
            assert not seen, f"{where} showed A's {seen[:3]}"
            assert answer.status_code < 500, (where, answer.status_code, answer.text[:300])
            assert not answer.headers.get("location", "").startswith("/signin"), where
    assert asked > 500 and signed_in(b)
    return asked


def unchanged(
    owner: Engine, before: dict[str, list[tuple[Any, ...]]], a_id: int, *writers: int
) -> None:
    """A's rows are as they were, none was lost, and whatever the others' forms made is the
    ``writers``' own and points at nothing of anyone else's."""
    after = _snapshot(owner)
    for table in PERSONAL:
        mine_before = [r for r in before[table] if a_id in r]
        theirs = [r for r in after[table] if r not in before[table]]
        assert [r for r in after[table] if r in mine_before] == mine_before, f"{table} changed"
        assert len(after[table]) - len(theirs) == len(before[table]), f"{table} lost rows"
        with owner.connect() as conn:
            strays = conn.scalar(
                text(
                    f"SELECT count(*) FROM {table} WHERE owner_id IS DISTINCT FROM :a "
                    "AND NOT (owner_id = ANY(:w))"
                ),
                {"a": a_id, "w": list(writers)},
            )
        assert strays == 0, table
    for writer in writers:
        _b_rows_point_only_at_bs(owner, writer)


def _b_rows_point_only_at_bs(engine: Engine, b_id: int) -> None:
    """No row of B's refers to a row that is not B's (a person, a boundary, a belief...)."""
    with engine.connect() as conn:
        for name in PERSONAL:
            table = m.Base.metadata.tables[name]
            for column in table.columns:
                for key in column.foreign_keys:
                    parent = key.column.table.name
                    crossed = conn.scalar(
                        text(
                            f"SELECT count(*) FROM {name} c JOIN {parent} p "
                            f"ON p.id = c.{column.name} WHERE c.owner_id = :b "
                            "AND p.owner_id IS DISTINCT FROM :b"
                        ),
                        {"b": b_id},
                    )
                    assert crossed == 0, f"{name}.{column.name} points at another's {parent}"


def _as(conn: Any, account: int | None) -> None:
    if account is not None:
        conn.execute(
            text("SELECT set_config('trustbridge.account_id', :id, true)"), {"id": str(account)}
        )


def test_b_reaches_none_of_as_rows_through_raw_sql_as_the_app_role(
    site: Site, written: tuple[Written, int, int]
) -> None:
    """SELECT, UPDATE and DELETE of A's rows touch 0 rows; a row claiming A is refused."""
    _, a_id, b_id = written
    before = _snapshot(site.owner_engine)
    with site.owner_engine.connect() as conn:
        a_rows = {
            table: dict(conn.execute(text(f"SELECT * FROM {table} LIMIT 1")).mappings().one())
            for table in PERSONAL
        }
    app = site.engine
    for account in (b_id, None):  # as B, and with no account set at all
        for table in PERSONAL:
            with app.connect() as conn, conn.begin():
                _as(conn, account)
                assert conn.scalar(text(f"SELECT count(*) FROM {table}")) == 0, table
                seen = conn.scalar(
                    text(f"SELECT count(*) FROM {table} WHERE owner_id = :a"), {"a": a_id}
                )
                assert seen == 0, table
                changed = conn.execute(
                    text(f"UPDATE {table} SET owner_id = :b WHERE owner_id = :a"),
                    {"a": a_id, "b": b_id},
                )
                assert changed.rowcount == 0, table
                assert conn.execute(text(f"DELETE FROM {table}")).rowcount == 0, table
            claimed = {k: v for k, v in a_rows[table].items() if k not in ("id", COLUMN)}
            if "key" in claimed:
                claimed["key"] = f"{claimed['key']}_b"
            columns = ", ".join(f'"{k}"' for k in claimed)
            marks = ", ".join(f":{k}" for k in claimed)
            with app.connect() as conn, conn.begin():
                _as(conn, account)
                with pytest.raises(DBAPIError, match="row-level security"):
                    conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), claimed)
    assert _snapshot(site.owner_engine) == before


def test_b_finds_none_of_as_words_and_her_export_holds_none_of_as(
    site: Site, written: tuple[Written, int, int]
) -> None:
    """Search and export, as B: 0 hits for every word only A wrote, an export with nothing of
    A's; A finds each of her own (so the searches could have found them)."""
    canaries, a_id, b_id = written
    vault = site.apps[0].state.vault._store
    as_a, as_b = account_store(vault, a_id), account_store(vault, b_id)
    b = site.client()
    sign_in(b, "Maya", MAYA_PASSWORD)
    for canary in sorted(canaries.live):
        assert search_store(as_a, canary).total >= 1, canary
        assert search_store(as_b, canary).total == 0, canary
        assert search_store(as_b, canary[:-12]).total == 0, canary  # the start of it
    for words in ("canary", "c", '"CANARY"', sorted(canaries.live)[0].split("-")[1]):
        page = b.get("/search", params={"q": words}).text
        assert "No matches for" in page and not CANARY.findall(page), words
    exported = b.post("/settings/exchange/export/json")
    assert exported.status_code == 200 and not CANARY.findall(exported.text)
    assert not any(json.loads(exported.content)["tables"].values())
    markdown = b.post("/settings/exchange/export/markdown", data={"stage": ""})
    assert markdown.status_code == 200 and not CANARY.findall(markdown.text)


def test_b_imports_only_into_its_own_account(site: Site, written: tuple[Written, int, int]) -> None:
    """A's own export, owners and numbers and all, uploaded by B: every row becomes B's, with
    new numbers, pointing at B's rows only; A's rows are exactly as they were."""
    canaries, a_id, b_id = written
    a, b = site.client(), site.client()
    sign_in(a, "Admin", ADMIN_PASSWORD)
    sign_in(b, "Maya", MAYA_PASSWORD)
    document = json.loads(a.post("/settings/exchange/export/json").content)
    assert set(CANARY.findall(json.dumps(document))) >= canaries.live - canaries.names
    before = _snapshot(site.owner_engine)
    preview = b.post("/settings/exchange/import/json",
                     files={"file": ("a.json", json.dumps(document).encode())})  # fmt: skip
    assert preview.status_code == 200 and "Before you import" in preview.text
    assert not CANARY.findall(preview.text)  # what the file holds, counted, never its words
    assert _snapshot(site.owner_engine) == before  # nothing stored before the confirmation
    answer = import_file(b, "json", json.dumps(document).encode(), "a.json")
    assert answer.status_code == 200 and "Imported" in answer.text, answer.text[:500]
    unchanged(site.owner_engine, before, a_id, b_id)
    with site.owner_engine.connect() as conn:
        for table in PERSONAL:
            if "id" not in m.Base.metadata.tables[table].columns:
                continue
            a_ids = set(
                conn.scalars(text(f"SELECT id FROM {table} WHERE owner_id = :a"), {"a": a_id})
            )
            b_ids = set(
                conn.scalars(text(f"SELECT id FROM {table} WHERE owner_id = :b"), {"b": b_id})
            )
            assert len(b_ids) == len(a_ids) and not a_ids & b_ids, table
    # a second import would go into an account with entries: refused, nothing changes
    again = _snapshot(site.owner_engine)
    refused = import_file(b, "json", json.dumps(document).encode(), "a.json")
    assert refused.status_code == 422 and "already has entries" in refused.text
    assert _snapshot(site.owner_engine) == again


#: another app's files (tests/data), what each becomes, and how many
OTHER_APPS = (("jrnl", "jrnl.json", "journal_entries", 3), ("daylio", "daylio.csv", "checkins", 5),
              ("freecbt", "freecbt.json", "thought_records", 2))  # fmt: skip
DATA = Path(__file__).parents[1] / "data"


def test_b_imports_other_apps_files_only_into_its_own_account(
    site: Site, written: tuple[Written, int, int]
) -> None:
    """jrnl, Daylio and FreeCBT files, imported by B while A has a record of every kind: each
    entry is B's, and A's rows are exactly as they were."""
    _, a_id, b_id = written
    b = site.client()
    sign_in(b, "Maya", MAYA_PASSWORD)
    before = _snapshot(site.owner_engine)
    for key, name, table, count in OTHER_APPS:
        done = import_file(b, key, (DATA / name).read_bytes(), name)
        assert done.status_code == 200 and f"Imported {count} entries" in done.text, key
        with site.owner_engine.connect() as conn:
            owners = conn.execute(text(f"SELECT owner_id, count(*) FROM {table} "
                                       "WHERE owner_id IS DISTINCT FROM :a GROUP BY owner_id"),
                                  {"a": a_id}).all()  # fmt: skip
        assert [tuple(row) for row in owners] == [(b_id, count)], key
    unchanged(site.owner_engine, before, a_id, b_id)


def test_b_reads_none_of_as_search_words_through_raw_sql_as_the_app_role(
    site: Site, written: tuple[Written, int, int]
) -> None:
    """The words index is in A's own rows: as the app's role with B's account set (or none),
    a search of every searchable table for A's words reaches 0 rows; with A's, hers."""
    _, a_id, b_id = written
    query = f"to_tsquery('{CONFIG}', 'canary:*')"
    for account, expected in ((a_id, True), (b_id, False), (None, False)):
        with site.engine.connect() as conn, conn.begin():
            _as(conn, account)
            for table in KIND_CODES:
                found = conn.scalar(text(f"SELECT count(*) FROM {table} WHERE {COLUMN} @@ {query}"))
                assert (found > 0) == expected, (table, account)
                words = conn.scalar(text(f"SELECT count({COLUMN}) FROM {table}"))
                assert (words > 0) == expected, (table, account)


def test_b_cannot_hand_its_own_row_to_a(site: Site, written: tuple[Written, int, int]) -> None:
    """WITH CHECK: B may not move a row of its own to A's account (nor write one for A)."""
    _, a_id, b_id = written
    b = site.client()
    sign_in(b, "Maya", MAYA_PASSWORD)
    assert b.post("/tools/journal", data={"body": "B's own page"}).status_code == 200
    with site.engine.connect() as conn, conn.begin():
        _as(conn, b_id)
        assert conn.scalar(text("SELECT count(*) FROM journal_entries")) == 1
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(text("UPDATE journal_entries SET owner_id = :a"), {"a": a_id})


def test_the_apps_own_checks_hold_without_row_level_security(
    site: Site, written: tuple[Written, int, int]
) -> None:
    """The second wall: as B on a connection RLS does not hold (the owner's, a superuser), the
    app's own narrowing still finds nothing of A's, by list or by number."""
    _, _, b_id = written
    owner_store = Store(site.apps[0].state.vault._store.settings, site.owner_engine, None)  # type: ignore[arg-type]
    as_b = account_store(owner_store, b_id)
    with Session(site.owner_engine) as session:
        a_person = session.scalars(select(m.Person.id)).one()
        firsts = {
            slug: session.scalar(select(spec.model.id).order_by(spec.model.id))
            for slug, spec in tool_specs().items()
        }
    for slug, first in firsts.items():
        assert entries.recent(as_b, slug) == [], slug
        assert first is not None, slug
        with pytest.raises(NotFound):
            entries.get(as_b, slug, first)
    assert entries.counts(as_b) == dict.fromkeys(entries.counts(as_b), 0)
    with as_b.sessions() as session, pytest.raises(NotFound):
        person_reads.read_person_page(entries.Through(session), a_person, dt.date(2026, 12, 6), 90)


def test_grant_app_role_refuses_roles_that_row_level_security_would_not_hold(site: Site) -> None:
    owner = site.owner_engine
    with owner.begin() as conn:
        conn.execute(text("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                          "'tb_bypass') THEN CREATE ROLE tb_bypass LOGIN BYPASSRLS; END IF; END $$"))  # fmt: skip
    for role, why in [("postgres", "is a superuser"), ("tb_bypass", "BYPASSRLS"),
                      ("nobody_here", "There is no role nobody_here"),
                      ("x; DROP TABLE people", "lower-case letters")]:  # fmt: skip
        with pytest.raises(RoleProblem, match=why):
            grant_app_role(owner, role)


def test_serving_as_the_owner_or_before_the_migration_is_refused(
    site: Site, postgres: pg.Cluster, tmp_path: Path
) -> None:
    """``trustbridge serve`` refuses a superuser, and a schema its role cannot bring up."""
    with pytest.raises(CannotServe, match="superuser"):
        create_hosted_app(Settings(tmp_path, site.owner_url))
    name = f"empty_{os.getpid()}"
    url = pg.create_database(postgres, name)
    try:
        empty = make_url(url).set(username=APP_ROLE).render_as_string(hide_password=False)
        with pytest.raises(CannotServe, match="trustbridge hosted migrate"):
            create_hosted_app(Settings(tmp_path, empty))
    finally:
        pg.drop_database(postgres, name)


def test_statements_built_once_are_narrowed_to_each_account(site: Site) -> None:
    """Today's look-ups run statements built once, and hosted mode narrows each once for
    every account (the account comes with each run's parameters): asked in turns as A and as
    B on a connection that row-level security does not hold (the owner's), each finds only
    its own, every time. The promises tool's summary (plain rows and counts) is narrowed too."""
    from trustbridge.services import selfwork

    a_id = site.accounts.find("Admin").id  # type: ignore[union-attr]
    b_id = add_maya(site)
    now = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
    as_a_held = account_store(site.apps[0].state.vault._store, a_id)
    entries.add(as_a_held, "checkin", {"mood": "3", "note": "a quiet morning"}, now)
    entries.add(as_a_held, "self_promises", {"text": "Rest", "due_on": "2026-12-08"}, now)
    entries.add(as_a_held, "affirmations", {"text": "I can take my time"}, now)
    owner_store = Store(site.apps[0].state.vault._store.settings, site.owner_engine, None)  # type: ignore[arg-type]
    as_a, as_b = account_store(owner_store, a_id), account_store(owner_store, b_id)
    for _ in range(3):
        assert selfwork.checkin_today(as_a, now) is not None
        assert selfwork.checkin_today(as_b, now) is None
        assert [p.text for p in selfwork.promises_due(as_a, now)] == ["Rest"]
        assert selfwork.promises_due(as_b, now) == []
        mine, theirs = selfwork.promises(as_a, now), selfwork.promises(as_b, now)
        assert [p.text for p in mine.open] == ["Rest"] and mine.overdue == 0
        assert (theirs.open, theirs.settled, theirs.kept, theirs.broken) == ([], [], 0, 0)
        assert selfwork.affirmation_of_the_day(as_a, now).text == "I can take my time"
        assert not selfwork.affirmation_of_the_day(as_b, now).own


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    active=st.lists(st.booleans(), max_size=7),
    theirs=st.integers(min_value=0, max_value=4),
    days=st.integers(min_value=0, max_value=3000),
)
def test_the_affirmation_of_the_day_counts_only_ones_own(
    site: Site, active: list[bool], theirs: int, days: int
) -> None:
    """The one statement (its ``%`` and its count included) picks what counting A's active
    affirmations, then reading the one at ``daily_index`` of that count, picks, whatever B
    has: asked as A on a connection that row-level security does not hold (the owner's)."""
    from trustbridge.domain.scoring import daily_index
    from trustbridge.services import selfwork
    from trustbridge.services.base import local_day

    a_id = site.accounts.find("Admin").id  # type: ignore[union-attr]
    maya = site.accounts.find("Maya")
    b_id = maya.id if maya is not None else add_maya(site)
    now = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
    add = text(
        "INSERT INTO affirmations (text, active, owner_id, created_at) VALUES (:t, :on, :o, :at)"
    )
    with site.owner_engine.begin() as conn:
        conn.execute(text("DELETE FROM affirmations"))
        for n, on in enumerate(active):
            conn.execute(add, {"t": f"mine {n}", "on": on, "o": a_id, "at": now})
        for n in range(theirs):
            conn.execute(add, {"t": f"theirs {n}", "on": True, "o": b_id, "at": now})
    owner_store = Store(site.apps[0].state.vault._store.settings, site.owner_engine, None)  # type: ignore[arg-type]
    moment = now + dt.timedelta(days=days)
    shown = [f"mine {n}" for n, on in enumerate(active) if on]
    index = daily_index(len(shown), local_day(moment))
    found = selfwork.affirmation_of_the_day(account_store(owner_store, a_id), moment)
    if index is None:
        assert not found.own
    else:
        assert found == selfwork.DailyAffirmation(shown[index], own=True)


def test_a_percent_sign_in_a_plain_statement_is_sql_on_postgresql(site: Site) -> None:
    """A plain statement given parameters (``?``) may hold ``%`` (a modulo, a literal): on
    PostgreSQL it means what it means in SQL, not one of psycopg's placeholders."""
    a_id = site.accounts.find("Admin").id  # type: ignore[union-attr]
    with account_store(site.apps[0].state.vault._store, a_id).sessions() as session:
        cursor = entries.Through(session).cursor()
        cursor.execute("SELECT ? % 7, '100%', ?", (23, "a%s"))
        assert [tuple(row) for row in cursor.fetchall()] == [(2, "100%", "a%s")]
