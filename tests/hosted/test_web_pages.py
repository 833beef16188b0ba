"""The app's own pages in hosted mode: each account's stage 8 and support records are its own,
every transaction runs as the account, crisis help works as in local mode, and what makes no
sense on a shared server says so."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tests.hosted.web import (
    ADMIN_PASSWORD,
    APP_ROLE,
    MAYA_PASSWORD,
    Site,
    add_maya,
    app_role_url,
    sign_in,
    signed_in,
    site_fixture,  # noqa: F401  (the fixture ``site``)
)
from trustbridge.config import Settings
from trustbridge.store import models as m
from trustbridge.web.app import create_app
from trustbridge.web.hosted_gate import PLAIN_COOKIE
from trustbridge.web.hosted_store import account_store

TODAY = "2026-12-06"
CRISIS_WORDS = "I want to end my life tonight, I cannot go on"


@pytest.fixture
def two(site: Site) -> Iterator[tuple[Any, Any, int, int]]:
    """Admin and Maya, each signed in in a browser of their own."""
    admin_id = site.accounts.find("Admin").id  # type: ignore[union-attr]
    maya_id = add_maya(site)
    admin, maya = site.client(), site.client()
    sign_in(admin, "Admin", ADMIN_PASSWORD)
    sign_in(maya, "Maya", MAYA_PASSWORD)
    yield admin, maya, admin_id, maya_id


def _fill(client: Any) -> None:
    posts = {
        "/rituals": {"name": "Sunday walk by the canal", "cadence": "weekly"},
        "/appreciation": {"what": "You listened without fixing", "noted_on": TODAY},
        "/support": {"name": "Walking group on Thursdays", "kind": "group"},
        "/safety-plan": {"warning_signs": "Not sleeping, skipping meals"},
        "/wins": {"what": "Said no kindly at work", "happened_on": TODAY},
        "/goals": {"goal": "Cook together on Fridays", "status": "active"},
        "/partner-checkins": {"held_on": TODAY, "went_well": "We laughed about the cat"},
    }
    for path, form in posts.items():
        response = client.post(path, data=form)
        assert response.status_code == 200, (path, response.text[:500])


def test_each_account_sees_only_its_own_owned_records(site: Site, two: Any) -> None:
    """Stage 8 and support records carry the writer's owner_id and are read back only by them."""
    admin, maya, admin_id, _ = two
    _fill(admin)
    for path, words in [("/rituals", "Sunday walk by the canal"),
                        ("/appreciation", "You listened without fixing"),
                        ("/support", "Walking group on Thursdays"),
                        ("/safety-plan", "Not sleeping, skipping meals"),
                        ("/wins", "Said no kindly at work"),
                        ("/goals", "Cook together on Fridays"),
                        ("/partner-checkins", "We laughed about the cat")]:  # fmt: skip
        assert words in admin.get(path).text, path
        assert words not in maya.get(path).text, path
    with Session(site.owner_engine) as session:
        for model in (m.Ritual, m.Appreciation, m.SupportContact, m.SafetyPlan, m.Win,
                      m.SharedGoal, m.PartnerCheckIn):  # fmt: skip
            owners = set(session.scalars(select(model.owner_id)).all())
            assert owners == {admin_id}, model.__tablename__
        plan = session.scalars(select(m.SafetyPlan)).one()
        assert plan.keep_outside is False


def test_nobody_reaches_anothers_owned_record_by_its_number(site: Site, two: Any) -> None:
    """Keeping, editing or deleting someone else's record by id finds nothing, and changes nothing."""
    admin, maya, _, _ = two
    _fill(admin)
    with Session(site.owner_engine) as session:
        ritual = session.scalars(select(m.Ritual.id)).one()
        thanks = session.scalars(select(m.Appreciation.id)).one()
        contact = session.scalars(select(m.SupportContact.id)).one()
        goal = session.scalars(select(m.SharedGoal.id)).one()
    assert maya.post(f"/rituals/{ritual}/kept", data={"kept_on": TODAY}).status_code == 404
    review = {"reviewed_on": TODAY, "progress": "Going well"}
    assert maya.post(f"/goals/{goal}/reviews", data=review).status_code == 404
    assert maya.get(f"/growth/appreciation/{thanks}/edit").status_code == 404
    assert maya.post(f"/growth/appreciation/{thanks}/delete").status_code == 404
    assert maya.get(f"/support/{contact}/edit").status_code == 404
    assert maya.post(f"/support/{contact}/delete").status_code == 404
    maya.post("/safety-plan/delete")
    with Session(site.owner_engine) as session:
        assert session.scalar(select(m.Appreciation.id)) == thanks
        assert session.scalar(select(m.SupportContact.id)) == contact
        assert session.scalars(select(m.SafetyPlan)).one() is not None
        assert session.scalars(select(m.RitualKept)).all() == []
        assert session.scalars(select(m.GoalReview)).all() == []
    assert "You listened without fixing" in admin.get("/appreciation").text


def test_every_transaction_of_a_request_runs_as_the_account(
    site: Site, two: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``set_config('trustbridge.account_id', id, true)`` starts every transaction a page runs.

    Watched at the driver, as PostgreSQL is sent them: the ``BEGIN`` and the account go
    straight through psycopg, without SQLAlchemy's execution around them."""
    _, maya, _, maya_id = two
    seen: list[str] = []
    execute = psycopg.Cursor.execute

    def watch(cursor: Any, query: Any, *rest: Any, **named: Any) -> Any:
        seen.append(str(query))
        return execute(cursor, query, *rest, **named)

    monkeypatch.setattr(psycopg.Cursor, "execute", watch)
    maya.post("/appreciation", data={"what": "Tea in bed", "noted_on": TODAY})
    maya.get("/appreciation")
    monkeypatch.undo()
    data = [s for s in seen if "appreciations" in s]
    assert data, "the pages read and wrote appreciations"
    # each unit of work sends its BEGIN and the account in one round trip (hosted_store.py)
    begin = f"BEGIN; SELECT set_config('trustbridge.account_id', '{maya_id}', true)"
    marks = [s for s in seen if "set_config('trustbridge.account_id'" in s]
    assert marks and all(s == begin for s in marks)
    assert len(marks) >= 2  # at least one per unit of work: the save and the page
    # and none of the account's statements runs before its BEGIN
    first = min(seen.index(s) for s in data)
    assert seen.index(begin) < first


def test_the_account_setting_is_local_to_the_transaction(site: Site, two: Any) -> None:
    _, _, admin_id, _ = two
    store = account_store(site.apps[0].state.vault._store, admin_id)
    with store.session() as session:
        inside = session.scalar(text("SELECT current_setting('trustbridge.account_id', true)"))
    with site.engine.connect() as conn:
        after = conn.scalar(text("SELECT current_setting('trustbridge.account_id', true)"))
    assert inside == str(admin_id)
    assert after in (None, "")


def test_help_now_is_open_to_everyone_and_shows_only_ones_own_plan(site: Site, two: Any) -> None:
    """Crisis help never waits for signing in; a signed-in person sees their own plan first."""
    admin, maya, _, _ = two
    admin.post("/safety-plan", data={"warning_signs": "Not sleeping, skipping meals"})
    stranger = site.client().get("/help-now")
    assert stranger.status_code == 200 and "Samaritans" in stranger.text
    assert "Not sleeping" not in stranger.text
    assert "Not sleeping" in admin.get("/help-now").text
    assert "Not sleeping" not in maya.get("/help-now").text


def test_signed_out_pages_offer_help_now_but_no_menu_or_search(site: Site, two: Any) -> None:
    """Signed out there is nothing to go to or search yet: the sign-in page and Help now show
    Help now, not links that would only lead back to signing in."""
    admin, _, _, _ = two
    for path in ("/signin", "/help-now"):
        page = site.client().get(path).text
        assert 'class="help-now"' in page, path
        assert 'class="site-nav"' not in page and 'class="site-search"' not in page, path
    today = admin.get("/").text
    assert 'class="site-nav"' in today and 'class="site-search"' in today


def test_the_crisis_check_answers_as_in_local_mode(site: Site, two: Any) -> None:
    admin, _, _, _ = two
    saved = admin.post("/tools/journal", data={"body": CRISIS_WORDS})
    assert saved.status_code == 200
    assert "You do not have to carry this alone" in saved.text
    assert 'href="/help-now"' in saved.text


@pytest.mark.parametrize(
    "path",
    ["/unlock", "/setup", "/open", "/settings/security", "/settings/backups", "/settings/delete",
     "/settings/exchange/jobs/x"],
)  # fmt: skip
def test_what_makes_no_sense_on_a_shared_server_says_so(site: Site, two: Any, path: str) -> None:
    admin, _, _, _ = two
    response = admin.get(path)
    assert response.status_code == 404
    assert "not part of Trustbridge on a shared server" in response.text


def test_settings_say_plainly_what_is_kept_apart_and_what_is_not(site: Site, two: Any) -> None:
    admin, _, _, _ = two
    page = admin.get("/settings").text
    assert "Everything you write here is kept to your account</strong>, with two exceptions" in page
    assert "can be seen by everyone else" not in page
    assert "Sharing with a partner is not built yet" not in page
    assert "/partner-space" in page and "/shares" in page
    assert "not end-to-end encrypted" in page
    assert "/settings/backups" not in page and "/settings/security" not in page


def test_no_page_says_what_is_written_stays_on_this_computer(site: Site, two: Any) -> None:
    """On a shared server nothing stays on the person's computer: the welcome and the tools
    say where it is kept instead."""
    admin, _, _, _ = two
    today = admin.get("/").text
    assert "on this shared server" in today  # the welcome, until it is dismissed
    for path in ("/", "/tools/journal", "/stages", "/settings"):
        assert "on this computer" not in admin.get(path).text, path


def test_lock_signs_out_in_hosted_mode(site: Site, two: Any) -> None:
    admin, _, _, _ = two
    assert admin.post("/lock", follow_redirects=False).headers["location"] == "/signin"
    assert not signed_in(admin)


def test_a_postgresql_database_selects_hosted_mode(database_url: str, tmp_path: Path) -> None:
    """``create_app`` (what ``trustbridge serve`` builds) picks hosted mode from the URL."""
    hosted = create_app(Settings(tmp_path, app_role_url(database_url, tmp_path)))
    local = create_app(Settings(tmp_path, f"sqlite:///{tmp_path / 'local.sqlite3'}"))
    try:
        assert hasattr(hosted.state, "accounts") and not hasattr(local.state, "accounts")
    finally:
        hosted.state.vault.close()
        local.state.vault.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_trustbridge_serve_with_a_database_url_serves_hosted_mode(
    database_url: str, tmp_path: Path
) -> None:
    """The real command, as an operator runs it: the schema, an admin, a server, a sign-in."""
    script = Path(sys.executable).with_name("trustbridge")
    env = {**os.environ, "TRUSTBRIDGE_HOME": str(tmp_path)}
    env.pop("TRUSTBRIDGE_DATABASE_URL", None)
    made = subprocess.run(
        [str(script), "hosted", "create-admin", "--name", "Admin", "--password-stdin",
         "--database-url", database_url],
        input=f"{ADMIN_PASSWORD}\n", env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    as_owner = subprocess.run(
        [str(script), "serve", "--database-url", database_url, "--port", str(_free_port())],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert as_owner.returncode == 1
    assert "superuser, which row-level security does not hold" in as_owner.stderr
    app_url = app_role_url(database_url, tmp_path)  # makes the role; the command grants again
    granted = subprocess.run(
        [str(script), "hosted", "grant-app-role", APP_ROLE, "--database-url", database_url],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert granted.returncode == 0, granted.stderr
    assert f"The role {APP_ROLE} may now use the tables" in granted.stdout
    port = _free_port()
    server = subprocess.Popen(
        [str(script), "serve", "--database-url", app_url, "--port", str(port),
         "--plain-http"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as client:
            for _ in range(600):  # until it answers (start-up loads the crisis check's model)
                try:
                    first = client.get("/", follow_redirects=False)
                    break
                except httpx.TransportError:
                    assert server.poll() is None, server.communicate()
                    time.sleep(0.1)
            assert first.status_code == 303 and first.headers["location"] == "/signin"
            signed = client.post("/signin", data={"name": "Admin", "password": ADMIN_PASSWORD},
                                 follow_redirects=False)  # fmt: skip
            assert signed.status_code == 303 and PLAIN_COOKIE in signed.cookies
            assert "Signed in as" in client.get("/account").text
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert "serving hosted mode" in out
    assert "--plain-http sends passwords and sessions unencrypted" in err
