"""Cross-tenant isolation through a partner space and a therapist's share (migration 0009).

The same sweep as :mod:`tests.hosted.test_isolation` (every route, every id of A's and a few
guessed), now with B as A's partner and Lee as a therapist A shared a report with: B reaches
only what A marked shared, and only on the space's page (never in her search or her export);
Lee reaches only the report. Kept in
a file of its own so the two long sweeps run side by side on the test workers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tests.hosted.test_isolation import (
    CANARY,
    PERSONAL,
    SHAREABLE,
    _as,
    _snapshot,
    sweep,
    unchanged,
    written,  # noqa: F401  (the fixture)
)
from tests.hosted.web import (
    ADMIN_PASSWORD,
    MAYA_PASSWORD,
    Site,
    sign_in,
    site_fixture,  # noqa: F401  (the fixture ``site``)
)
from tests.integration.test_encryption_at_rest import Written
from trustbridge.store import models as m
from trustbridge.web.hosted_store import account_store

THERAPIST = "Dr Lee"
#: A shares these; the other shareable tables stay unshared, so B is a partner on both kinds
SHARED_BY_A = ("rituals", "wins")


def _canaries_in(engine: Engine, sql: str) -> set[str]:
    with engine.connect() as conn:
        return {c for row in conn.execute(text(sql)) for c in CANARY.findall(repr(tuple(row)))}


@pytest.fixture
def spaced(site: Site, written: tuple[Written, int, int]) -> Iterator[dict[str, Any]]:  # noqa: F811
    """A and B in a partner space, A sharing a ritual and a win; a therapist, Lee, outside it,
    with whom A shared a report of her journal; A's other records unshared."""
    from trustbridge.services import spaces

    _, a_id, b_id = written
    lee = site.accounts.create(THERAPIST, ADMIN_PASSWORD + " lee")
    site.accounts.mark_therapist(lee)
    store = site.apps[0].state.vault._store
    spaces.invite(account_store(store, a_id), a_id, "maya", dt.datetime.now(dt.UTC))
    [(space_id, _)] = spaces.space_of(account_store(store, b_id), b_id).invitations
    spaces.accept(account_store(store, b_id), b_id, space_id, dt.datetime.now(dt.UTC))
    with site.owner_engine.begin() as conn:
        for table in SHARED_BY_A:
            conn.execute(text(f"UPDATE {table} SET shared = true WHERE owner_id = :a"), {"a": a_id})
    a = site.client()
    sign_in(a, "Admin", ADMIN_PASSWORD)
    today = dt.datetime.now(dt.UTC).astimezone().date()
    report = {"tools": "journal", "since": (today - dt.timedelta(days=300)).isoformat(),
              "until": today.isoformat(), "therapist": THERAPIST,
              "ends_on": (today + dt.timedelta(days=7)).isoformat()}  # fmt: skip
    shared = a.post("/report/share", data=report, follow_redirects=False)
    assert shared.status_code == 303, shared.text[:500]
    owner = site.owner_engine
    yield {
        "a_id": a_id, "b_id": b_id, "lee": lee,
        "partner_sees": set().union(
            *(_canaries_in(owner, f"SELECT * FROM {t} WHERE shared") for t in SHARED_BY_A)
        ),
        "in_report": _canaries_in(owner, "SELECT body FROM report_shares"),
    }  # fmt: skip


def test_through_a_space_or_a_share_only_what_was_shared_is_reached_by_any_route(
    site: Site, spaced: dict[str, Any]
) -> None:
    """The therapist (outside the space) and the partner (on A's unshared records and on what
    she shared) ask every route: the partner meets A's shared records on the space's page
    only, the therapist A's report on its page only; 0 other leaks, 0 changes. Then the same
    through raw SQL as the app's role."""
    owner = site.owner_engine
    with Session(owner) as session:
        a_person = session.scalars(select(m.Person.id)).one()
        a_boundary = session.scalars(select(m.Boundary.id)).one()
        top = max(
            session.scalar(text(f"SELECT max(id) FROM {table}")) or 0
            for table in [*PERSONAL, "report_shares", "partner_spaces"]
            if table not in m.Base.metadata.tables or "id" in m.Base.metadata.tables[table].c
        )
        [share_id] = session.scalars(text("SELECT id FROM report_shares")).all()
    partner_sees, in_report = spaced["partner_sees"], spaced["in_report"]
    assert len(partner_sees) >= 2 and in_report
    before = _snapshot(owner)

    lee = site.client()
    sign_in(lee, THERAPIST, ADMIN_PASSWORD + " lee")
    assert set(CANARY.findall(lee.get(f"/shared-with-me/{share_id}").text)) == in_report
    sweep(site, lee, a_person, a_boundary, top,
          lambda method, path, c: (method, path) == ("GET", f"/shared-with-me/{share_id}")
          and c in in_report)  # fmt: skip
    unchanged(owner, before, spaced["a_id"], spaced["lee"])

    b = site.client()
    sign_in(b, "Maya", MAYA_PASSWORD)
    assert set(CANARY.findall(b.get("/partner-space").text)) == partner_sees
    # the space's page, also when it comes back with a refusal (inviting while in a space)
    sweep(site, b, a_person, a_boundary, top,
          lambda method, path, c: path.startswith("/partner-space") and c in partner_sees,
          skip=frozenset({"/partner-space/leave"}))  # fmt: skip
    assert set(CANARY.findall(b.get("/partner-space").text)) == partner_sees  # still partners
    # search and export are of one's own records: not what A shares, nor her report
    for canary in sorted(partner_sees | in_report):
        for client in (b, lee):
            page = client.get("/search", params={"q": canary}).text
            made_up = canary[:-16] + "0" * 16  # only echoed, as any words are
            echoed = client.get("/search", params={"q": made_up}).text.count(made_up)
            assert "No matches for" in page and page.count(canary) == echoed, canary
    for client in (b, lee):
        for kind, form in (("json", None), ("markdown", {"stage": ""})):
            exported = client.post(f"/settings/exchange/export/{kind}", data=form)
            assert exported.status_code == 200 and not CANARY.findall(exported.text), kind
    unchanged(owner, before, spaced["a_id"], spaced["lee"], spaced["b_id"])
    # and below the app, on the same records (one set-up: writing them takes a while)
    _raw_sql_through_a_space_reads_only_what_was_shared(site, spaced)


def _raw_sql_through_a_space_reads_only_what_was_shared(site: Site, spaced: dict[str, Any]) -> None:
    """Below the app: the partner's statements see A's shared rows and change none of them;
    the therapist's see nothing of A's but the report, and cannot join, end or look into the
    space; no one can share in A's name or with an account that is not a therapist's."""
    a_id, b_id, lee = spaced["a_id"], spaced["b_id"], spaced["lee"]
    before = _snapshot(site.owner_engine)
    with site.owner_engine.connect() as conn:
        shared = {t: conn.scalar(text(f"SELECT count(*) FROM {t} WHERE shared")) for t in PERSONAL
                  if "shared" in m.Base.metadata.tables[t].columns}  # fmt: skip
        space_id = conn.scalar(text("SELECT space_id FROM space_members WHERE account_id = :a"),
                               {"a": a_id})  # fmt: skip
    assert set(shared) == SHAREABLE | {"support_contacts", "safety_plans"}
    app = site.engine
    a = {"a": a_id}  # (B and the therapist have rows of their own, from their forms)
    for table in PERSONAL:
        with app.connect() as conn, conn.begin():
            _as(conn, b_id)
            expected = shared.get(table, 0) if table in SHAREABLE else 0
            seen = conn.scalar(text(f"SELECT count(*) FROM {table} WHERE owner_id = :a"), a)
            assert seen == expected, table
            if table in SHAREABLE:
                unshared = conn.execute(
                    text(f"UPDATE {table} SET shared = false WHERE owner_id = :a"), a
                )
                assert unshared.rowcount == 0, table
            gone = conn.execute(text(f"DELETE FROM {table} WHERE owner_id = :a"), a)
            assert gone.rowcount == 0, table
        with app.connect() as conn, conn.begin():
            _as(conn, lee)
            seen = conn.scalar(text(f"SELECT count(*) FROM {table} WHERE owner_id = :a"), a)
            assert seen == 0, table
    with app.connect() as conn, conn.begin():
        _as(conn, lee)
        assert conn.scalar(text("SELECT count(*) FROM report_shares")) == 1
        where = {"partner_spaces": "id = :s", "space_members": "space_id = :s",
                 "space_invitations": "space_id = :s"}  # fmt: skip
        for table, condition in where.items():
            found = conn.scalar(text(f"SELECT count(*) FROM {table} WHERE {condition}"),
                                {"s": space_id})  # fmt: skip
            assert found == 0, table
            gone = conn.execute(text(f"DELETE FROM {table} WHERE {condition}"), {"s": space_id})
            assert gone.rowcount == 0, table
        assert conn.execute(text("DELETE FROM report_shares")).rowcount == 0
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(
                text("INSERT INTO space_members (account_id, space_id, joined_at) "
                     "VALUES (:me, :s, now())"), {"me": lee, "s": space_id},
            )  # fmt: skip
    with app.connect() as conn, conn.begin():  # the partner: A's report is not hers to read
        _as(conn, b_id)
        assert conn.scalar(text("SELECT count(*) FROM report_shares")) == 0
        assert conn.scalar(text("SELECT count(*) FROM space_members")) == 2
        with pytest.raises(DBAPIError, match="row-level security"):  # nor can she make one
            conn.execute(
                text("INSERT INTO report_shares (owner_id, therapist_id, created_at, expires_at, "
                     "since, until, sections, body) VALUES (:a, :t, now(), now(), now(), now(), "
                     "'', '')"), {"a": a_id, "t": lee},
            )  # fmt: skip
    with app.connect() as conn, conn.begin():  # nor can anyone share with a non-therapist
        _as(conn, b_id)
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(
                text("INSERT INTO report_shares (owner_id, therapist_id, created_at, expires_at, "
                     "since, until, sections, body) VALUES (:b, :a, now(), now(), now(), now(), "
                     "'', '')"), {"b": b_id, "a": a_id},
            )  # fmt: skip
    with site.owner_engine.begin() as conn:  # an ended share is the therapist's no more
        conn.execute(text("UPDATE report_shares SET expires_at = "
                          "(now() AT TIME ZONE 'UTC') - interval '1 minute'"))  # fmt: skip
    with app.connect() as conn, conn.begin():
        _as(conn, lee)
        assert conn.scalar(text("SELECT count(*) FROM report_shares")) == 0
    with site.owner_engine.begin() as conn:
        conn.execute(text("UPDATE report_shares SET expires_at = expires_at + interval '1 day'"))
        conn.execute(text("UPDATE accounts SET is_therapist = false WHERE id = :t"), {"t": lee})
    with app.connect() as conn, conn.begin():  # unmarked, the account sees no share
        _as(conn, lee)
        assert conn.scalar(text("SELECT count(*) FROM report_shares")) == 0
    before.pop("report_shares", None)
    after = _snapshot(site.owner_engine)
    assert after == before
